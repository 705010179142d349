"""La Unidad Jurídica desde la ficha del expediente: trasladarlo con su memorándum final y anotar
lo que Jurídica informa, cada informe con su carta."""

from __future__ import annotations

from flask import request
from werkzeug.wrappers import Response

from expedientes import Permiso, hoy
from recupera.web.acceso import db, operacion, requiere
from recupera.web.formularios import fecha_exigida
from recupera.web.recursos import expediente_o_404, quien
from recupera.web.seguimiento import bp
from recupera.web.seguimiento.presentacion import a_la_ficha
from seguimiento import registrar_informe_juridica, trasladar_a_juridica


@bp.post("/expedientes/<numero>/juridica/traslado")
@requiere(Permiso.CAMBIAR_ETAPA)
def trasladar(numero: str) -> Response:
    """Traslada el expediente a la Unidad Jurídica con su memorándum de traslado final."""
    expediente = expediente_o_404(numero, Permiso.CAMBIAR_ETAPA)
    with operacion(f"El expediente {expediente.numero} quedó trasladado a la Unidad Jurídica."):
        dia = fecha_exigida(request.form, "fecha", "la fecha del traslado", "trasladar")
        trasladar_a_juridica(
            session=db(), expediente=expediente, usuario=quien(), fecha=dia, hoy=hoy()
        )
    return a_la_ficha(expediente, "juridica")


@bp.post("/expedientes/<numero>/juridica/informes")
@requiere(Permiso.CAMBIAR_ETAPA)
def informar(numero: str) -> Response:
    """Anota lo que informa la Unidad Jurídica, con la carta vinculada que lo dice."""
    expediente = expediente_o_404(numero, Permiso.CAMBIAR_ETAPA)
    form = request.form
    with operacion("Informe de la Unidad Jurídica registrado."):
        dia = fecha_exigida(form, "fecha", "la fecha informada", "registrar el informe")
        registrar_informe_juridica(
            session=db(), expediente=expediente, fecha=dia, estado=form.get("estado", ""),
            detalle=form.get("detalle", ""), carta_numero=form.get("carta", ""),
            usuario=quien(), hoy=hoy(),
        )  # fmt: skip
    return a_la_ficha(expediente, "juridica")
