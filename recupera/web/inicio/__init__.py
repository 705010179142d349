"""Lo que cada persona ve al llegar: entrar y salir, su cuenta (`sesion`), el tablero de su rol
con lo que le toca hoy (`tablero`), sus avisos (`avisos`), sus filtros guardados (`filtros`), sus tareas largas (`tareas`) y la bitácora (`bitacora`)."""

from __future__ import annotations

from recupera.web.inicio import avisos, bitacora, filtros, sesion, tablero, tareas

BLUEPRINTS = (sesion.bp, tablero.bp, avisos.bp, filtros.bp, tareas.bp)
__all__ = ["BLUEPRINTS", "avisos", "bitacora", "filtros", "sesion", "tablero", "tareas"]
