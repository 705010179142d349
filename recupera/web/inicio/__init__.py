"""Lo que cada persona ve al llegar: entrar y salir, su cuenta (`sesion`), el tablero de su rol
con lo que le toca hoy (`tablero`) y sus avisos (`avisos`)."""

from __future__ import annotations

from recupera.web.inicio import avisos, sesion, tablero

BLUEPRINTS = (sesion.bp, tablero.bp, avisos.bp)
__all__ = ["BLUEPRINTS", "avisos", "sesion", "tablero"]
