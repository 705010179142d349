"""Los documentos en la web: la lista y la ficha de cada documento con sus descargas (`consulta`),
redactar uno nuevo o editarlo (`redaccion`), generar en lote (`lote`), los pasos de su revisión (`revision`) y el catálogo
de plantillas con sus versiones (`plantillas`). Lo que preparan para las páginas está en
`presentadores` y `catalogo`."""

from __future__ import annotations

from flask import Blueprint

from recupera.web import entregas

bp = Blueprint("documentos", __name__)
bp_redaccion = Blueprint("redaccion", __name__)
bp_plantillas = Blueprint("plantillas", __name__, url_prefix="/plantillas")
for _bp in (bp, bp_plantillas):
    _bp.register_error_handler(entregas.ArchivoIlegible, entregas.pagina_de_archivo_ilegible)

# Las vistas se registran en sus blueprints al importarse: van después de crearlos.
from recupera.web.documentos import consulta, lote, plantillas, redaccion, revision  # noqa: E402

BLUEPRINTS = (bp, bp_redaccion, bp_plantillas)
__all__ = [
    "BLUEPRINTS",
    "bp",
    "bp_plantillas",
    "bp_redaccion",
    "consulta",
    "lote",
    "plantillas",
    "redaccion",
    "revision",
]
