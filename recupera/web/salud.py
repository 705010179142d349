"""`GET /salud`, para el monitoreo: sin sesión y sin secretos, el estado de la base, del almacén,
de LibreOffice, del último sondeo y de la última copia de respaldo (`recupera.salud`), en JSON;
200 si todo está bien y 503 si algo falla. El detalle de una falla va al registro, no a la
respuesta: la ve el administrador, no quien pregunte."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify

from expedientes import ahora
from recupera.salud import FALLA, comprobar, informe_publico, sano
from recupera.web.acceso import servicios

bp = Blueprint("salud", __name__)
BLUEPRINTS = (bp,)
log = logging.getLogger("recupera.salud")


@bp.get("/salud")
def estado():
    """El estado del servicio en JSON (sin @requiere: lo consulta el monitoreo, sin sesión)."""
    comprobaciones = comprobar(servicios(), ahora=ahora())
    for c in comprobaciones:
        if c.estado == FALLA:
            log.warning("salud: %s: %s", c.titulo, c.detalle)
    respuesta = jsonify(informe_publico(comprobaciones))
    respuesta.status_code = 200 if sano(comprobaciones) else 503
    respuesta.headers["Cache-Control"] = "no-store"
    return respuesta
