"""Redactar y revisar documentos: el formulario de un documento nuevo o de su edición, y los pasos
de la revisión (enviar, retirar, observar, aprobar, finalizar, anular), cada uno un POST."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from expedientes import casos
from expedientes.deuda import estado_de_deuda
from expedientes.errores import ErrorDominio, NoEncontrado
from expedientes.modelos import Expediente, Patrono, Usuario
from expedientes.politica import Permiso
from expedientes.tipos import hoy
from plantillas import revision, versiones
from plantillas.borradores import EDITABLES, Parametros, crear_borrador, editar_borrador
from plantillas.contrato import Contrato
from plantillas.generacion import valores_sugeridos
from plantillas.modelos import DocumentoGenerado, PlantillaVersion
from recupera.web import catalogo
from recupera.web.acceso import db, exigir_sobre, operacion, requiere, settings, usuario_actual
from recupera.web.documentos_datos import (
    PREFIJO,
    TIPOS_ENTRADA,
    cartas_del_expediente,
    datos_del_formulario,
    obtener,
    parametros_con_pdf,
    parametros_web,
    valores_guardados,
)

bp = Blueprint("redaccion", __name__)
REDACTAR, REVISAR = Permiso.REDACTAR_DOCUMENTO, Permiso.REVISAR_DOCUMENTO


def _usuario() -> Usuario:
    usuario = usuario_actual()
    assert usuario is not None  # @requiere ya exigió sesión
    return usuario


def _expediente(numero: str) -> Expediente:
    try:
        return casos.obtener_expediente(session=db(), numero=numero)
    except NoEncontrado:
        abort(404)


def _a_la_ficha(documento: DocumentoGenerado) -> Response:
    return redirect(url_for("documentos.ficha", documento_id=documento.id))


def _formulario(
    *,
    expediente: Expediente,
    version: PlantillaVersion,
    contrato: Contrato,
    valores: dict[str, str],
    documento: DocumentoGenerado | None = None,
    error: ErrorDominio | None = None,
) -> str:
    return render_template(
        "documentos/formulario.html",
        expediente=expediente,
        patrono=db().get(Patrono, expediente.patrono_id),
        gestor=db().get(Usuario, expediente.gestor_id) if expediente.gestor_id else None,
        version=version,
        contrato=contrato,
        valores=valores,
        documento=documento,
        error=error,
        cartas=cartas_del_expediente(expediente)
        if any(e.tipo == "carta" for e in contrato.entradas)
        else [],
        deuda=estado_de_deuda(
            session=db(),
            patrono_id=expediente.patrono_id,
            corte=hoy(),
            tasa_mensual=settings().recargo_mensual,
        ),
        prefijo=PREFIJO,
        tipos_entrada=TIPOS_ENTRADA,
        hoy=hoy(),
    )


@bp.route("/expedientes/<numero>/documentos/nuevo", methods=["GET", "POST"])
@requiere(REDACTAR)
def nuevo(numero: str):
    """El formulario de un documento nuevo con la plantilla elegida; al guardar, el borrador."""
    expediente = _expediente(numero)
    exigir_sobre(REDACTAR, expediente)
    nombre = request.args.get("plantilla", "")
    if not nombre:
        flash("Elija la plantilla del documento que quiere redactar.", "aviso")
        return redirect(
            url_for("expedientes.ficha", numero=expediente.numero, _anchor="documentos")
        )
    pares = catalogo.para_expediente(expediente)
    elegida = next((par for par in pares if par[0].nombre == nombre), None)
    if elegida is None:
        abort(404)
    version, contrato = elegida
    if request.method == "GET":
        sugeridos = valores_sugeridos(
            session=db(),
            contrato=contrato,
            expediente=expediente,
            documento={
                "referencia": "",
                "fecha": hoy(),
                "lugar": settings().lugar_emision,
                "titulo": contrato.titulo,
            },
            tasa_recargo=settings().recargo_mensual,
            hoy=hoy(),
        )
        return _formulario(
            expediente=expediente, version=version, contrato=contrato, valores=sugeridos
        )
    datos = datos_del_formulario(contrato, request.form)
    try:
        documento = crear_borrador(
            session=db(),
            p=parametros_web(),
            expediente=expediente,
            plantilla=nombre,
            datos=datos,
            autor=_usuario(),
            hoy=hoy(),
        )
        db().commit()
    except ErrorDominio as exc:
        db().rollback()
        return _formulario(
            expediente=expediente, version=version, contrato=contrato, valores=datos, error=exc
        ), 422
    flash(f"{documento.numero} guardado como borrador.", "exito")
    return _a_la_ficha(documento)


@bp.route("/documentos/<id:documento_id>/editar", methods=["GET", "POST"])
@requiere(REDACTAR)
def editar(documento_id: int):
    """El formulario con las entradas guardadas; al guardar, el documento se vuelve a generar."""
    documento, expediente = obtener(documento_id, REDACTAR)
    if documento.estado not in EDITABLES:
        flash(f"{documento.numero} ya no se puede editar.", "aviso")
        return _a_la_ficha(documento)
    version = db().get(PlantillaVersion, documento.plantilla_version_id)
    assert version is not None
    contrato = versiones.contrato_de(version)
    if request.method == "GET":
        return _formulario(
            expediente=expediente,
            version=version,
            contrato=contrato,
            valores=valores_guardados(documento),
            documento=documento,
        )
    datos = datos_del_formulario(contrato, request.form)
    try:
        aprobado = documento.aprobado_sha256 is not None
        editar_borrador(
            session=db(),
            p=parametros_web(),
            documento=documento,
            expediente=expediente,
            datos=datos,
            usuario=_usuario(),
            hoy=hoy(),
        )
        db().commit()
    except ErrorDominio as exc:
        db().rollback()
        return _formulario(
            expediente=expediente,
            version=version,
            contrato=contrato,
            valores=datos,
            documento=documento,
            error=exc,
        ), 422
    aviso = " La aprobación anterior quedó sin efecto." if aprobado else ""
    flash(f"{documento.numero} se volvió a generar con los datos nuevos.{aviso}", "exito")
    return _a_la_ficha(documento)


def _paso(
    documento_id: int,
    permiso: Permiso,
    exito: str,
    hacer: Callable[[DocumentoGenerado, Expediente], object],
) -> Response:
    """Un paso de la revisión: política sobre el documento, el servicio y vuelta a la ficha."""
    documento, expediente = obtener(documento_id, permiso)
    with operacion(exito):
        hacer(documento, expediente)
    return _a_la_ficha(documento)


def _con_pdf(documento: DocumentoGenerado, expediente: Expediente, accion: str) -> Parametros:
    """Los parámetros, con el PDF convertido antes si el paso lo va a necesitar."""
    if accion in revision.acciones_posibles(usuario_actual(), documento, expediente):
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
        lambda d, e: revision.enviar_a_revision(
            session=db(),
            p=_con_pdf(d, e, "enviar"),
            documento=d,
            expediente=e,
            usuario=_usuario(),
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
        lambda d, e: revision.retirar(session=db(), documento=d, expediente=e, usuario=_usuario()),
    )


@bp.post("/documentos/<id:documento_id>/observar")
@requiere(REVISAR)
def observar(documento_id: int) -> Response:
    """Lo devuelve a su autor con las observaciones del jefe."""
    return _paso(
        documento_id,
        REVISAR,
        "Devuelto al autor con sus observaciones.",
        lambda d, e: revision.observar(
            session=db(),
            documento=d,
            expediente=e,
            usuario=_usuario(),
            sha256=request.form.get("sha256", ""),
            observaciones=request.form.get("observaciones", ""),
        ),
    )


@bp.post("/documentos/<id:documento_id>/aprobar")
@requiere(REVISAR)
def aprobar(documento_id: int) -> Response:
    """Aprueba exactamente la versión que el jefe tenía a la vista (su sha256)."""
    return _paso(
        documento_id,
        REVISAR,
        "Aprobado: su autor ya puede dejarlo final.",
        lambda d, e: revision.aprobar(
            session=db(),
            documento=d,
            expediente=e,
            usuario=_usuario(),
            sha256=request.form.get("sha256", ""),
        ),
    )


@bp.post("/documentos/<id:documento_id>/finalizar")
@requiere(REDACTAR)
def finalizar(documento_id: int) -> Response:
    """Lo deja final: queda en el expediente y, si es una carta, recibe su número de salida."""
    documento, expediente = obtener(documento_id, REDACTAR)
    with operacion("Documento final: quedó incorporado al expediente.") as hecho:
        revision.finalizar(
            session=db(),
            p=_con_pdf(documento, expediente, "finalizar"),
            documento=documento,
            expediente=expediente,
            usuario=_usuario(),
            hoy=hoy(),
        )
    if hecho[0] and documento.saliente_numero:
        flash(f"Carta saliente registrada con el número {documento.saliente_numero}.", "exito")
    return _a_la_ficha(documento)


@bp.post("/documentos/<id:documento_id>/anular")
@requiere(REDACTAR)
def anular(documento_id: int) -> Response:
    """Lo deja sin efecto, con el motivo; su número no se reutiliza."""
    return _paso(
        documento_id,
        REDACTAR,
        "Documento anulado.",
        lambda d, e: revision.anular(
            session=db(),
            documento=d,
            expediente=e,
            usuario=_usuario(),
            motivo=request.form.get("motivo", ""),
        ),
    )
