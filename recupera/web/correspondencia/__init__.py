"""La correspondencia en la web: la bandeja y los plazos por persona (`bandeja`), la ficha de cada
carta con su trámite, adjuntos y original (`cartas`), el registro en papel (`papel`) y la
correspondencia enviada (`enviada`). Lo que leen de formularios y URL y lo que ofrecen elegir está
en `formularios`."""

from __future__ import annotations

from flask import Blueprint

from recupera.web import entregas

bp = Blueprint("correspondencia", __name__, url_prefix="/correspondencia")
bp.register_error_handler(entregas.ArchivoIlegible, entregas.pagina_de_archivo_ilegible)

# Las vistas se registran en `bp` al importarse (como en microblog): van después de crearlo.
from recupera.web.correspondencia import bandeja, cartas, enviada, papel  # noqa: E402

BLUEPRINTS = (bp,)
__all__ = ["BLUEPRINTS", "bandeja", "bp", "cartas", "enviada", "papel"]
