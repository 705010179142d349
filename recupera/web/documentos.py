"""Documentos generados: la lista con filtros, la cola de revisión del jefe, la ficha de cada uno
con su historia y sus acciones, y sus archivos (.docx, PDF y páginas de la vista previa)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from werkzeug.wrappers import Response

from expedientes.modelos import Patrono
from expedientes.politica import Permiso, documentos_visibles, puede_sobre_documento
from expedientes.tipos import ahora
from plantillas import versiones
from plantillas.borradores import EDITABLES
from plantillas.consultas import (
    FiltrosDocumentos,
    cola_de_revision,
    contar_documentos,
    historia,
    listar_documentos,
)
from plantillas.modelos import NOMBRES_ESTADO, EstadoDocumento, PlantillaVersion
from plantillas.revision import NOMBRES_ACCION, acciones_posibles
from recupera.web import entregas
from recupera.web.acceso import db, id_numerico, requiere, usuario_actual
from recupera.web.documentos_datos import (
    TIPOS_ENTRADA,
    nombres_de_usuarios,
    obtener,
    pagina_png,
    valores_legibles,
    vista_vigente,
)

bp = Blueprint("documentos", __name__)
bp.register_error_handler(entregas.ArchivoIlegible, entregas.pagina_de_archivo_ilegible)
LIMITE = 300
TIPO_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("/documentos/")
@requiere(Permiso.VER_DOCUMENTOS)
def lista():
    """Los documentos que la persona puede ver, con filtros por estado y plantilla."""
    usuario = usuario_actual()
    assert usuario is not None
    estado = request.args.get("estado", "")
    estado = estado if estado in set(EstadoDocumento) else ""
    plantilla = request.args.get("plantilla", "")
    catalogo = versiones.catalogo()
    plantilla = plantilla if plantilla in catalogo else ""
    gestor_id, solo_finales = documentos_visibles(usuario)
    autor = request.args.get("autor", "")
    filtros = FiltrosDocumentos(
        estado=estado or None,
        plantilla=plantilla or None,
        gestor_id=gestor_id,
        solo_finales=solo_finales,
        autor_id=id_numerico(autor),
        sin_autor=autor == "ninguno",
        abiertos=request.args.get("abiertos") == "1",
    )
    filas = listar_documentos(session=db(), filtros=filtros, limite=LIMITE + 1)
    visibles = [
        f for f in filas if puede_sobre_documento(usuario, Permiso.VER_DOCUMENTOS, f[0], f[1])
    ]
    return render_template(
        "documentos/lista.html",
        filas=visibles[:LIMITE],
        hay_mas=len(filas) > LIMITE,
        total=contar_documentos(session=db(), filtros=filtros),
        autor=nombres_de_usuarios().get(filtros.autor_id or 0, "") if autor else "",
        abiertos=filtros.abiertos,
        args=request.args,
        estado=estado,
        plantilla=plantilla,
        estados=NOMBRES_ESTADO,
        plantillas={n: p.contrato.titulo for n, p in sorted(catalogo.items())},
        nombres=nombres_de_usuarios(),
        solo_lo_suyo=gestor_id is not None,
        solo_finales=solo_finales,
    )


@bp.get("/documentos/revision")
@requiere(Permiso.REVISAR_DOCUMENTO)
def revision():
    """Los documentos en revisión, el que más espera primero, y cuánto lleva esperando."""
    usuario = usuario_actual()
    filas = cola_de_revision(session=db(), limite=LIMITE + 1)
    return render_template(
        "documentos/revision.html",
        filas=filas[:LIMITE],
        hay_mas=len(filas) > LIMITE,
        ahora=ahora(),
        nombres=nombres_de_usuarios(),
        revisable={
            d.id: puede_sobre_documento(usuario, Permiso.REVISAR_DOCUMENTO, d, e)
            for d, e, _ in filas
        },
    )


@bp.get("/documentos/<id:documento_id>")
@requiere(Permiso.VER_DOCUMENTOS)
def ficha(documento_id: int):
    """El documento: datos, entradas, vista previa, historia y las acciones permitidas."""
    documento, expediente = obtener(documento_id, Permiso.VER_DOCUMENTOS)
    usuario = usuario_actual()
    version = db().get(PlantillaVersion, documento.plantilla_version_id)
    assert version is not None
    contrato = versiones.contrato_de(version)
    pasos = historia(session=db(), documento=documento)
    observacion = next((e for e, _ in reversed(pasos) if e.accion == "observar"), None)
    return render_template(
        "documentos/ficha.html",
        documento=documento,
        expediente=expediente,
        patrono=db().get(Patrono, expediente.patrono_id),
        version=version,
        contrato=contrato,
        valores=valores_legibles(contrato, documento),
        tipos_entrada=TIPOS_ENTRADA,
        historia=pasos,
        nombres_accion=NOMBRES_ACCION,
        nombres=nombres_de_usuarios(),
        observacion=observacion if documento.estado == EstadoDocumento.OBSERVADO else None,
        acciones=acciones_posibles(usuario, documento, expediente),
        editable=documento.estado in EDITABLES
        and puede_sobre_documento(usuario, Permiso.REDACTAR_DOCUMENTO, documento, expediente),
        paginas=range(1, (documento.folios or 0) + 1) if vista_vigente(documento) else range(0),
    )


@bp.get("/documentos/<id:documento_id>/docx")
@requiere(Permiso.VER_DOCUMENTOS)
def docx(documento_id: int) -> Response:
    """El `.docx` actual del documento (siempre como descarga)."""
    documento, _ = obtener(documento_id, Permiso.VER_DOCUMENTOS)
    datos = entregas.leer(documento.docx_sha256, f"del documento {documento.numero}")
    return entregas.entregar(datos, nombre=f"{documento.numero}.docx", tipo_mime=TIPO_DOCX)


@bp.get("/documentos/<id:documento_id>/pdf")
@requiere(Permiso.VER_DOCUMENTOS)
def pdf(documento_id: int) -> Response:
    """El PDF/A del `.docx` actual (con ?ver=1, en el navegador)."""
    documento, _ = obtener(documento_id, Permiso.VER_DOCUMENTOS)
    if not vista_vigente(documento):
        abort(404)
    datos = entregas.leer(documento.pdf_sha256 or "", f"PDF del documento {documento.numero}")
    return entregas.entregar(
        datos,
        nombre=f"{documento.numero}.pdf",
        tipo_mime="application/pdf",
        ver=request.args.get("ver") == "1",
    )


@bp.get("/documentos/<id:documento_id>/paginas/<int:pagina>.png")
@requiere(Permiso.VER_DOCUMENTOS)
def pagina(documento_id: int, pagina: int) -> Response:
    """Una página del PDF como imagen, para la vista previa dentro de la ficha."""
    documento, _ = obtener(documento_id, Permiso.VER_DOCUMENTOS)
    if not vista_vigente(documento) or not 1 <= pagina <= (documento.folios or 0):
        abort(404)
    return entregas.entregar(
        pagina_png(documento, pagina),
        nombre=f"{documento.numero}-pagina-{pagina}.png",
        tipo_mime="image/png",
        ver=True,
    )
