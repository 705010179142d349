"""El catálogo de plantillas: cada una con sus versiones y su contrato legible, la descarga de
cada versión y, para el administrador, la publicación de una versión nueva."""

from __future__ import annotations

from itertools import groupby

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from expedientes import (
    NOMBRES_TIPO_EXPEDIENTE,
    ErrorDominio,
    NoEncontrado,
    Permiso,
    TipoExpediente,
    nombres_de_usuarios,
)
from plantillas import (
    CALCULOS,
    RAICES,
    REGLAS,
    catalogo_del_proyecto,
    contrato_de,
    subir_version,
    version_publicada,
)
from recupera.web import entregas
from recupera.web.acceso import db, requiere, servicios, usuario_actual
from recupera.web.documentos import bp_plantillas as bp
from recupera.web.documentos import catalogo
from recupera.web.documentos.presentadores import TIPOS_ENTRADA

ORIGENES = {"catalogo": "Catálogo del proyecto", "subida": "Subida por un administrador"}


def _pagina(error: ErrorDominio | None = None, con_error: str = "", notas: str = "") -> str:
    """El catálogo completo; con `error`, junto a la plantilla `con_error` que no se publicó."""
    todas = catalogo.todas()
    grupos = [(nombre, list(filas)) for nombre, filas in groupby(todas, key=lambda v: v.nombre)]
    contratos = {nombre: contrato_de(filas[0]) for nombre, filas in grupos}
    grupos.sort(key=lambda g: contratos[g[0]].titulo)
    return render_template(
        "plantillas/lista.html",
        grupos=grupos,
        contratos=contratos,
        nombres=nombres_de_usuarios(session=db()),
        origenes=ORIGENES,
        tipos_entrada=TIPOS_ENTRADA,
        tipos_expediente={t.value: NOMBRES_TIPO_EXPEDIENTE[t] for t in TipoExpediente},
        raices=RAICES,
        calculos=CALCULOS,
        reglas=REGLAS,
        error=error,
        con_error=con_error,
        notas=notas,
    )


@bp.get("/")
@requiere(Permiso.VER_PLANTILLAS)
def lista():
    """Cada plantilla: descripción, versiones y contrato."""
    return _pagina()


@bp.get("/<nombre>/<id:version>.docx")
@requiere(Permiso.VER_PLANTILLAS)
def descargar(nombre: str, version: int) -> Response:
    """El `.docx` de una versión publicada."""
    try:
        fila = version_publicada(session=db(), nombre=nombre, version=version)
    except NoEncontrado:
        abort(404)
    datos = entregas.leer(fila.docx_sha256, f"de la plantilla {nombre} versión {version}")
    return entregas.entregar(
        datos, nombre=f"{nombre}-v{version}.docx", tipo_mime=entregas.TIPO_DOCX
    )


def _leer(archivo: FileStorage | None) -> bytes:
    return archivo.read() if archivo is not None and archivo.filename else b""


@bp.post("/<nombre>/versiones")
@requiere(Permiso.ADMINISTRAR_PLANTILLAS)
def subir(nombre: str):
    """Publica una versión nueva tras revisarla contra su contrato; si no, dice qué corregir."""
    if nombre not in catalogo_del_proyecto():
        abort(404)
    usuario = usuario_actual()
    assert usuario is not None  # @requiere ya exigió sesión
    notas = request.form.get("notas", "")
    docx = _leer(request.files.get("docx"))
    contrato = _leer(request.files.get("contrato"))
    try:
        problemas = [] if docx else ["Elija el archivo .docx de la plantilla."]
        try:
            contrato_toml = contrato.decode("utf-8-sig") if contrato else None
        except UnicodeDecodeError:
            problemas.append("El contrato (.toml) debe estar en UTF-8.")
        if problemas:
            raise ErrorDominio(f"La nueva versión de «{nombre}» no se publicó.", problemas)
        nueva = subir_version(
            session=db(),
            almacen=servicios().almacen,
            nombre=nombre,
            docx=docx,
            contrato_toml=contrato_toml,
            usuario=usuario,
            notas=notas,
            limites=servicios().documentos.limites,
        )
        db().commit()
    except NoEncontrado:
        abort(404)
    except ErrorDominio as exc:
        db().rollback()
        return _pagina(exc, nombre, notas), 422
    flash(f"Publicada la versión {nueva.version} de «{nueva.titulo}».", "exito")
    return redirect(url_for("plantillas.lista", _anchor=f"plantilla-{nombre}"))
