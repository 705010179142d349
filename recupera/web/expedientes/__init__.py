"""Los expedientes en la web: la lista con sus filtros, la ficha con su deuda, su línea de tiempo
y su seguimiento, abrirlos, asignarlos, cambiar su etapa y registrar gestiones (`rutas`); los
patronos (`patronos`) y la importación de patronos y mora (`importacion`)."""

from __future__ import annotations

from recupera.web.expedientes import importacion, patronos, rutas

BLUEPRINTS = (rutas.bp, patronos.bp, importacion.bp)
__all__ = ["BLUEPRINTS", "importacion", "patronos", "rutas"]
