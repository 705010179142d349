"""El seguimiento en la web: convenios y pagos (`convenios`, `pagos`), la transacción ante el
Consejo y la Unidad Jurídica desde la ficha del expediente (`transacciones`, `juridica`, con lo que
la ficha muestra en `ficha`), las alertas (`alertas`), el panel del jefe con sus gráficos y
exportaciones (`panel`, `panel_datos`) y el Plan Anual (`plan`)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("seguimiento", __name__)

# Las vistas se registran en `bp` al importarse (como en microblog): van después de crearlo.
from recupera.web.seguimiento import (  # noqa: E402
    alertas,
    convenios,
    juridica,
    pagos,
    panel,
    plan,
    transacciones,
)

BLUEPRINTS = (bp,)
__all__ = [
    "BLUEPRINTS",
    "alertas",
    "bp",
    "convenios",
    "juridica",
    "pagos",
    "panel",
    "plan",
    "transacciones",
]
