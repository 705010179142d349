"""Las alertas del seguimiento: las pendientes de cada persona (para su inicio) y darlas por
atendidas."""

from __future__ import annotations

from flask import abort, redirect, request, url_for
from sqlmodel import Session
from werkzeug.wrappers import Response

from expedientes.modelos import Expediente, Usuario
from expedientes.politica import Permiso, puede
from expedientes.tipos import hoy
from recupera.web.acceso import db, exigir_sobre, operacion, requiere
from recupera.web.seguimiento import bp
from recupera.web.seguimiento.comun import usuario
from seguimiento import alertas
from seguimiento.modelos import Alerta

# En el inicio caben estas; la ficha de cada expediente muestra todas las suyas.
EN_EL_INICIO = 50


def alertas_de(session: Session, quien: Usuario) -> list[tuple[Alerta, Expediente]]:
    """Las alertas que esta persona debe atender (ninguna si no atiende alertas)."""
    if not puede(quien, Permiso.ATENDER_ALERTA):
        return []
    return alertas.pendientes(session=session, usuario=quien, limite=EN_EL_INICIO)


@bp.post("/alertas/<id:alerta_id>/atendida")
@requiere(Permiso.ATENDER_ALERTA)
def atender(alerta_id: int) -> Response:
    """La da por atendida y vuelve a donde estaba (el inicio o la ficha del expediente)."""
    alerta = db().get(Alerta, alerta_id)
    if alerta is None:
        abort(404)
    expediente = db().get(Expediente, alerta.expediente_id)
    assert expediente is not None
    exigir_sobre(Permiso.ATENDER_ALERTA, expediente)
    numero = expediente.numero
    with operacion(f"Alerta de {numero} atendida."):
        alertas.atender(session=db(), alerta=alerta, usuario=usuario(), hoy=hoy())
    if request.form.get("volver") == "ficha":
        return redirect(url_for("expedientes.ficha", numero=numero, _anchor="convenio"))
    return redirect(url_for("inicio.inicio", _anchor="alertas"))
