"""Los pasos de la revisión de un documento (enviar, retirar, observar, aprobar, finalizar,
anular), cada uno un POST que pregunta al servicio lo que se puede hacer."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, request
from werkzeug.wrappers import Response

from expedientes import (
    Expediente,
    Permiso,
    hoy,
)
from plantillas import (
    DocumentoGenerado,
    Parametros,
    acciones_sobre_documento,
    anular_documento,
    aprobar_documento,
    elegir_envio_del_documento,
    enviar_a_revision,
    finalizar_documento,
    observar_documento,
    retirar_de_revision,
)
from recupera.web.acceso import db, operacion, requiere, usuario_actual
from recupera.web.documentos import bp_redaccion as bp
from recupera.web.documentos.presentadores import (
    parametros_con_pdf,
    parametros_web,
)
from recupera.web.documentos.redaccion import _a_la_ficha
from recupera.web.recursos import documento_o_404, quien

REDACTAR, REVISAR = Permiso.REDACTAR_DOCUMENTO, Permiso.REVISAR_DOCUMENTO


def _paso(
    documento_id: int,
    permiso: Permiso,
    exito: str,
    hacer: Callable[[DocumentoGenerado, Expediente], object],
) -> Response:
    """Un paso de la revisión: política sobre el documento, el servicio y vuelta a la ficha."""
    documento, expediente = documento_o_404(documento_id, permiso)
    with operacion(exito):
        hacer(documento, expediente)
    return _a_la_ficha(documento)


def _con_pdf(documento: DocumentoGenerado, expediente: Expediente, accion: str) -> Parametros:
    """Los parámetros, con el PDF convertido antes si el paso lo va a necesitar."""
    if accion in acciones_sobre_documento(usuario_actual(), documento, expediente):
        return parametros_con_pdf(documento, expediente)
    return parametros_web()


@bp.post("/documentos/<id:documento_id>/enviar")
@requiere(REDACTAR)
def enviar(documento_id: int) -> Response:
    """Lo pone en la cola de revisión del jefe, con su PDF para la vista previa."""
    return _paso(
        documento_id,
        REDACTAR,
        "Enviado a revisión: el jefe lo verá en su cola.",
        lambda d, e: enviar_a_revision(
            session=db(),
            p=_con_pdf(d, e, "enviar"),
            documento=d,
            expediente=e,
            usuario=quien(),
        ),
    )


@bp.post("/documentos/<id:documento_id>/retirar")
@requiere(REDACTAR)
def retirar(documento_id: int) -> Response:
    """Lo saca de la cola del jefe para seguir editándolo."""
    return _paso(
        documento_id,
        REDACTAR,
        "Retirado de revisión: puede seguir editándolo.",
        lambda d, e: retirar_de_revision(session=db(), documento=d, expediente=e, usuario=quien()),
    )


@bp.post("/documentos/<id:documento_id>/observar")
@requiere(REVISAR)
def observar(documento_id: int) -> Response:
    """Lo devuelve a su autor con las observaciones del jefe."""
    return _paso(
        documento_id,
        REVISAR,
        "Devuelto al autor con sus observaciones.",
        lambda d, e: observar_documento(
            session=db(),
            documento=d,
            expediente=e,
            usuario=quien(),
            sha256=request.form.get("sha256", ""),
            observaciones=request.form.get("observaciones", ""),
        ),
    )


@bp.post("/documentos/<id:documento_id>/aprobar")
@requiere(REVISAR)
def aprobar(documento_id: int) -> Response:
    """Aprueba exactamente la versión que el jefe tenía a la vista (su sha256). El servicio
    decide si quien lo redactó puede aprobarlo (un jefe sin otro revisor)."""
    return _paso(
        documento_id,
        Permiso.VER_DOCUMENTOS,
        "Aprobado: su autor ya puede dejarlo final.",
        lambda d, e: aprobar_documento(
            session=db(),
            documento=d,
            expediente=e,
            usuario=quien(),
            sha256=request.form.get("sha256", ""),
        ),
    )


@bp.post("/documentos/<id:documento_id>/envio")
@requiere(REDACTAR)
def envio(documento_id: int) -> Response:
    """Por dónde y a quién sale la carta: se elige antes de enviarla a revisión."""
    return _paso(
        documento_id,
        REDACTAR,
        "Envío guardado: el jefe lo verá al revisar la carta.",
        lambda d, e: elegir_envio_del_documento(
            session=db(),
            p=parametros_web(),
            documento=d,
            expediente=e,
            usuario=quien(),
            canal=request.form.get("canal", ""),
            correo=request.form.get("correo", ""),
            plazo_respuesta=request.form.get("plazo_respuesta", ""),
        ),
    )


@bp.post("/documentos/<id:documento_id>/finalizar")
@requiere(REDACTAR)
def finalizar(documento_id: int) -> Response:
    """Lo deja final: queda en el expediente y, si es una carta, sale por el envío aprobado."""
    documento, expediente = documento_o_404(documento_id, REDACTAR)
    with operacion("Documento final: quedó incorporado al expediente.") as hecho:
        finalizar_documento(
            session=db(),
            p=_con_pdf(documento, expediente, "finalizar"),
            documento=documento,
            expediente=expediente,
            usuario=quien(),
            hoy=hoy(),
        )
    if hecho[0] and documento.saliente_numero:
        flash(f"La carta {documento.saliente_numero} quedó por enviar.", "exito")
    return _a_la_ficha(documento)


@bp.post("/documentos/<id:documento_id>/anular")
@requiere(REDACTAR)
def anular(documento_id: int) -> Response:
    """Lo deja sin efecto, con el motivo; su número no se reutiliza."""
    return _paso(
        documento_id,
        REDACTAR,
        "Documento anulado.",
        lambda d, e: anular_documento(
            session=db(),
            p=parametros_web(),
            documento=d,
            expediente=e,
            usuario=quien(),
            motivo=request.form.get("motivo", ""),
        ),
    )
