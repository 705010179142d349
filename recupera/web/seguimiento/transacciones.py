"""La transacción ante el Consejo Directivo desde la ficha del expediente: un formulario por paso
(solicitud, anteproyecto, envío, Acuerdo o denegación, aplicación y descargo), cada uno un POST
que llama a su servicio."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask import abort, request
from werkzeug.wrappers import Response

from expedientes import Expediente, Permiso, hoy
from recupera.web.acceso import db, operacion, requiere
from recupera.web.archivo.datos import almacen, requisitos
from recupera.web.formularios import fecha_exigida
from recupera.web.recursos import expediente_o_404, quien
from recupera.web.seguimiento import bp
from recupera.web.seguimiento.presentacion import a_la_ficha
from seguimiento import (
    AcuerdoConsejo,
    EstadoTransaccion,
    confirmar_aplicacion,
    denegar_transaccion,
    enviar_al_consejo,
    registrar_acuerdo,
    registrar_anteproyecto,
    registrar_descargo,
    registrar_solicitud,
)

Formulario = Mapping[str, str]


def _solicitud(expediente: Expediente, form: Formulario) -> None:
    registrar_solicitud(
        session=db(), expediente=expediente, carta_numero=form.get("carta", ""),
        usuario=quien(), almacen=almacen(), requisitos=requisitos(), hoy=hoy(),
    )  # fmt: skip


def _anteproyecto(expediente: Expediente, form: Formulario) -> None:
    registrar_anteproyecto(
        session=db(), expediente=expediente, documento_numero=form.get("documento", ""),
        usuario=quien(), hoy=hoy(),
    )  # fmt: skip


def _envio(expediente: Expediente, form: Formulario) -> None:
    dia = fecha_exigida(form, "fecha", "la fecha del envío", "registrar el envío al Consejo")
    enviar_al_consejo(session=db(), expediente=expediente, fecha=dia, usuario=quien(), hoy=hoy())


def _acuerdo(expediente: Expediente, form: Formulario) -> None:
    dia = fecha_exigida(form, "fecha", "la fecha del Acuerdo", "registrar el Acuerdo")
    acuerdo = AcuerdoConsejo(
        numero=form.get("numero", ""),
        fecha=dia,
        sesion=form.get("sesion", ""),
        acta=form.get("acta", ""),
        otorga=form.get("otorga", ""),
        carta_numero=form.get("carta", ""),
    )
    registrar_acuerdo(
        session=db(), expediente=expediente, acuerdo=acuerdo, usuario=quien(),
        almacen=almacen(), requisitos=requisitos(), hoy=hoy(),
    )  # fmt: skip


def _denegacion(expediente: Expediente, form: Formulario) -> None:
    dia = fecha_exigida(form, "fecha", "la fecha de la denegación", "registrar la denegación")
    denegar_transaccion(
        session=db(), expediente=expediente, fecha=dia, motivo=form.get("motivo", ""),
        usuario=quien(), hoy=hoy(), acuerdo_numero=form.get("numero", ""),
    )  # fmt: skip


def _aplicacion(expediente: Expediente, form: Formulario) -> None:
    dia = fecha_exigida(form, "fecha", "la fecha de la aplicación", "confirmar la aplicación")
    confirmar_aplicacion(
        session=db(), expediente=expediente, fecha=dia, aplicado_por=form.get("aplicado_por", ""),
        referencia=form.get("referencia", ""), usuario=quien(), hoy=hoy(),
    )  # fmt: skip


def _descargo(expediente: Expediente, form: Formulario) -> None:
    dia = fecha_exigida(form, "fecha", "la fecha del descargo", "registrar el descargo")
    registrar_descargo(session=db(), expediente=expediente, fecha=dia, usuario=quien(), hoy=hoy())


# Cada paso: lo que hace y lo que se avisa si se guardó.
PASOS: dict[str, tuple[Callable[[Expediente, Formulario], None], str]] = {
    EstadoTransaccion.SOLICITADA: (_solicitud, "Solicitud de transacción registrada."),
    EstadoTransaccion.ANTEPROYECTO: (_anteproyecto, "Anteproyecto de Acuerdo registrado."),
    EstadoTransaccion.EN_CONSEJO: (_envio, "Envío al Consejo Directivo registrado."),
    EstadoTransaccion.ACORDADA: (_acuerdo, "Acuerdo del Consejo Directivo registrado."),
    EstadoTransaccion.DENEGADA: (
        _denegacion,
        "Denegación registrada: el expediente vuelve a gestión de cobro.",
    ),
    EstadoTransaccion.APLICADA: (_aplicacion, "Aplicación en la cuenta patronal confirmada."),
    EstadoTransaccion.DESCARGADA: (_descargo, "Descargo registrado: la transacción terminó."),
}


@bp.post("/expedientes/<numero>/transaccion/<paso>")
@requiere(Permiso.CAMBIAR_ETAPA)
def transaccion(numero: str, paso: str) -> Response:
    """Da el paso `paso` de la transacción del expediente (el servicio dice qué falta si no)."""
    if paso not in PASOS:
        abort(404)
    expediente = expediente_o_404(numero, Permiso.CAMBIAR_ETAPA)
    accion, exito = PASOS[paso]
    with operacion(exito):
        accion(expediente, request.form)
    return a_la_ficha(expediente, "transaccion")
