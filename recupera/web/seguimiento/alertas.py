"""Las alertas del seguimiento: las pendientes de cada persona (para su inicio) y darlas por
atendidas."""

from __future__ import annotations

from flask import redirect, request, url_for
from sqlmodel import Session
from werkzeug.wrappers import Response

from expedientes import Expediente, Permiso, Usuario, hoy, puede
from recupera.web.acceso import db, id_numerico, operacion, requiere
from recupera.web.recursos import alerta_o_404, quien
from recupera.web.seguimiento import bp
from seguimiento import Alerta, alertas_pendientes, atender_alerta, atender_alertas

# En el inicio caben estas; la ficha de cada expediente muestra todas las suyas.
EN_EL_INICIO = 50


def alertas_de(session: Session, quien: Usuario) -> list[tuple[Alerta, Expediente]]:
    """Las alertas que esta persona debe atender (ninguna si no atiende alertas)."""
    if not puede(quien, Permiso.ATENDER_ALERTA):
        return []
    return alertas_pendientes(session=session, usuario=quien, limite=EN_EL_INICIO)


@bp.post("/alertas/<id:alerta_id>/atendida")
@requiere(Permiso.ATENDER_ALERTA)
def atender(alerta_id: int) -> Response:
    """La da por atendida y vuelve a donde estaba (el inicio o la ficha del expediente)."""
    alerta, expediente = alerta_o_404(alerta_id, Permiso.ATENDER_ALERTA)
    numero = expediente.numero
    with operacion(f"Alerta de {numero} atendida."):
        atender_alerta(session=db(), alerta=alerta, usuario=quien(), hoy=hoy())
    if request.form.get("volver") == "ficha":
        return redirect(url_for("expedientes.ficha", numero=numero, _anchor="convenio"))
    return redirect(url_for("inicio.inicio", _anchor="alertas"))


@bp.post("/alertas/atendidas")
@requiere(Permiso.ATENDER_ALERTA)
def atender_varias() -> Response:
    """Da por atendidas todas las alertas elegidas en el inicio, o ninguna."""
    ids = [i for i in (id_numerico(v) for v in request.form.getlist("alerta")) if i is not None]
    with operacion(f"{len(ids)} alerta(s) atendida(s)."):
        atender_alertas(session=db(), usuario=quien(), ids=ids, hoy=hoy())
    return redirect(url_for("inicio.inicio", _anchor="alertas"))
