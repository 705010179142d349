"""Redactar documentos: el formulario de un documento nuevo y el de su edición."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from expedientes import (
    ErrorDominio,
    Expediente,
    Permiso,
    estado_de_deuda,
    hoy,
    patrono_y_gestor,
)
from plantillas import (
    ESTADOS_EDITABLES,
    Contrato,
    DocumentoGenerado,
    PlantillaVersion,
    contrato_de,
    crear_borrador,
    editar_borrador,
    valores_iniciales,
    version_del_documento,
)
from recupera.web.acceso import db, requiere, settings
from recupera.web.documentos import bp_redaccion as bp
from recupera.web.documentos import catalogo
from recupera.web.documentos.presentadores import (
    PREFIJO,
    TIPOS_ENTRADA,
    cartas_del_expediente,
    datos_del_formulario,
    parametros_web,
    valores_guardados,
)
from recupera.web.recursos import documento_o_404, expediente_o_404, quien

REDACTAR, REVISAR = Permiso.REDACTAR_DOCUMENTO, Permiso.REVISAR_DOCUMENTO


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
    patrono, gestor = patrono_y_gestor(session=db(), expediente=expediente)
    return render_template(
        "documentos/formulario.html",
        expediente=expediente,
        patrono=patrono,
        gestor=gestor,
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


def _guardar(
    hacer: Callable[[], tuple[DocumentoGenerado, str]], formulario: dict[str, Any]
) -> Response | tuple[str, int]:
    """Guarda con el servicio (`hacer` da el documento y el aviso) y va a su ficha; si el
    servicio lo rechaza, el formulario otra vez con lo escrito y cada problema (422)."""
    try:
        documento, aviso = hacer()
        db().commit()
    except ErrorDominio as exc:
        db().rollback()
        return _formulario(**formulario, error=exc), 422
    flash(aviso, "exito")
    return _a_la_ficha(documento)


def _plantilla_elegida(expediente: Expediente, nombre: str) -> tuple[PlantillaVersion, Contrato]:
    """La versión vigente de la plantilla `nombre`, si se puede redactar en el expediente."""
    pares = catalogo.para_expediente(expediente)
    elegida = next((par for par in pares if par[0].nombre == nombre), None)
    if elegida is None:
        abort(404)
    return elegida


@bp.route("/expedientes/<numero>/documentos/nuevo", methods=["GET", "POST"])
@requiere(REDACTAR)
def nuevo(numero: str):
    """El formulario de un documento nuevo con la plantilla elegida; al guardar, el borrador."""
    expediente = expediente_o_404(numero, REDACTAR)
    nombre = request.args.get("plantilla", "")
    if not nombre:
        flash("Elija la plantilla del documento que quiere redactar.", "aviso")
        return redirect(
            url_for("expedientes.ficha", numero=expediente.numero, _anchor="documentos")
        )
    version, contrato = _plantilla_elegida(expediente, nombre)
    formulario: dict[str, Any] = {
        "expediente": expediente,
        "version": version,
        "contrato": contrato,
    }
    if request.method == "GET":
        valores = valores_iniciales(session=db(), p=parametros_web(), contrato=contrato,
                                    expediente=expediente, hoy=hoy())  # fmt: skip
        if contrato.responde_a and request.args.get("carta"):
            # «Responder» desde una carta: el oficio nace citándola.
            valores[contrato.responde_a] = request.args["carta"][:30]
        return _formulario(**formulario, valores=valores)
    datos = datos_del_formulario(contrato, request.form)

    def crear() -> tuple[DocumentoGenerado, str]:
        documento = crear_borrador(session=db(), p=parametros_web(), expediente=expediente,
                                   plantilla=nombre, datos=datos, autor=quien(), hoy=hoy())  # fmt: skip
        return documento, f"{documento.numero} guardado como borrador."

    return _guardar(crear, {**formulario, "valores": datos})


@bp.route("/documentos/<id:documento_id>/editar", methods=["GET", "POST"])
@requiere(REDACTAR)
def editar(documento_id: int):
    """El formulario con las entradas guardadas; al guardar, el documento se vuelve a generar."""
    documento, expediente = documento_o_404(documento_id, REDACTAR)
    if documento.estado not in ESTADOS_EDITABLES:
        flash(f"{documento.numero} ya no se puede editar.", "aviso")
        return _a_la_ficha(documento)
    version = version_del_documento(session=db(), documento=documento)
    contrato = contrato_de(version)
    formulario: dict[str, Any] = {"expediente": expediente, "version": version, "contrato": contrato,
                  "documento": documento}  # fmt: skip
    if request.method == "GET":
        return _formulario(**formulario, valores=valores_guardados(documento))
    datos = datos_del_formulario(contrato, request.form)
    aprobado = documento.aprobado_sha256 is not None

    def regenerar() -> tuple[DocumentoGenerado, str]:
        editar_borrador(session=db(), p=parametros_web(), documento=documento,
                        expediente=expediente, datos=datos, usuario=quien(), hoy=hoy())  # fmt: skip
        aviso = " La aprobación anterior quedó sin efecto." if aprobado else ""
        return documento, f"{documento.numero} se volvió a generar con los datos nuevos.{aviso}"

    return _guardar(regenerar, {**formulario, "valores": datos})
