"""Lo que cada persona ve al llegar: entrar y salir, su cuenta (`sesion`) y el tablero de su rol
con lo que le toca hoy (`tablero`)."""

from __future__ import annotations

from recupera.web.inicio import sesion, tablero

BLUEPRINTS = (sesion.bp, tablero.bp)
__all__ = ["BLUEPRINTS", "sesion", "tablero"]
