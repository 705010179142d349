"""Lo que cada persona ve al llegar: entrar y salir, su cuenta (`sesion`), el tablero de su rol
con lo que le toca hoy (`tablero`), sus avisos (`avisos`) y sus filtros guardados (`filtros`)."""

from __future__ import annotations

from recupera.web.inicio import avisos, filtros, sesion, tablero

BLUEPRINTS = (sesion.bp, tablero.bp, avisos.bp, filtros.bp)
__all__ = ["BLUEPRINTS", "avisos", "filtros", "sesion", "tablero"]
