"""El archivo en la web: buscar expedientes, verlos con sus folios, descargar y exportar
(`consulta`); cerrar y archivar, agregar documentos y correcciones, prestar y verificar
(`acciones`). Lo que ambas preparan para las plantillas está en `datos`."""

from __future__ import annotations

from flask import Blueprint

from recupera.web import entregas

bp = Blueprint("archivo", __name__, url_prefix="/archivo")
bp.register_error_handler(entregas.ArchivoIlegible, entregas.pagina_de_archivo_ilegible)

# Las vistas se registran en `bp` al importarse (como en microblog): van después de crearlo.
from recupera.web.archivo import acciones, consulta  # noqa: E402

BLUEPRINTS = (bp,)
__all__ = ["BLUEPRINTS", "acciones", "bp", "consulta"]
