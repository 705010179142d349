"""Lo que comparten las vistas del seguimiento: la vuelta a la ficha del expediente, en la
sección que se tocó, y las sucursales que ofrecen los filtros."""

from __future__ import annotations

from flask import redirect, url_for
from werkzeug.wrappers import Response

from expedientes import (
    Expediente,
    sucursales_de_patronos,
)
from recupera.web.acceso import db


def a_la_ficha(expediente: Expediente, ancla: str) -> Response:
    """De vuelta a la ficha del expediente, en la sección que se tocó."""
    return redirect(url_for("expedientes.ficha", numero=expediente.numero, _anchor=ancla))


def sucursales() -> list[str]:
    """Las sucursales que existen en los datos (la de cada patrono), en orden."""
    return sucursales_de_patronos(session=db())
