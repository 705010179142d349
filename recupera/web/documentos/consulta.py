"""Documentos generados: la lista con filtros, la cola de revisión del jefe, la ficha de cada uno
con su historia y sus acciones, y sus archivos (.docx, PDF y páginas de la vista previa)."""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort, render_template, request
from werkzeug.wrappers import Response

from correspondencia import (
    NOMBRES_CANAL,
    NOMBRES_ESTADO_SALIDA,
    correo_propuesto,
    salida_por_numero,
)
from expedientes import (
    Permiso,
    Usuario,
    ahora,
    documentos_visibles,
    nombres_de_usuarios,
    orden_pedido,
    pagina_de,
    patrono_y_gestor,
    puede_sobre_documento,
)
from plantillas import (
    ESTADOS_EDITABLES,
    NOMBRES_ACCION_DOCUMENTO,
    NOMBRES_ESTADO_DOCUMENTO,
    ORDEN_DOCUMENTOS,
    ORDENES_DOCUMENTOS,
    EstadoDocumento,
    FiltrosDocumentos,
    acciones_sobre_documento,
    catalogo_del_proyecto,
    cola_de_revision,
    contar_documentos,
    contrato_de,
    historia_del_documento,
    listar_documentos,
    puede_elegir_envio,
    sin_otro_revisor,
    version_del_documento,
)
from recupera.web import entregas
from recupera.web.acceso import db, id_numerico, requiere, usuario_actual
from recupera.web.documentos import bp
from recupera.web.documentos.presentadores import (
    TIPOS_ENTRADA,
    pagina_png,
    valores_legibles,
    vista_vigente,
)
from recupera.web.recursos import documento_o_404

LIMITE = 300


@bp.get("/documentos/")
@requiere(Permiso.VER_DOCUMENTOS)
def lista():
    """Los documentos que la persona puede ver, con filtros por estado y plantilla, de 50 en 50
    en el orden pedido (los más recientes primero); filtros, orden y página van en la URL."""
    usuario = usuario_actual()
    assert usuario is not None
    catalogo = catalogo_del_proyecto()
    filtros = _filtros_de_documentos(request.args, usuario, catalogo)
    orden = orden_pedido(request.args.get("orden"), tuple(ORDENES_DOCUMENTOS), ORDEN_DOCUMENTOS)
    pagina = pagina_de(
        total=contar_documentos(session=db(), filtros=filtros), pedida=request.args.get("pagina")
    )
    filas = listar_documentos(session=db(), filtros=filtros, limite=pagina.tamano, orden=orden,
                              desde=pagina.desplazamiento)  # fmt: skip
    visibles = [
        f for f in filas if puede_sobre_documento(usuario, Permiso.VER_DOCUMENTOS, f[0], f[1])
    ]
    nombres = nombres_de_usuarios(session=db())
    return render_template(
        "documentos/lista.html",
        filas=visibles,
        pagina=pagina,
        total=pagina.total,
        orden=orden,
        autor=nombres.get(filtros.autor_id or 0, "") if request.args.get("autor") else "",
        abiertos=filtros.abiertos,
        args=request.args,
        estado=filtros.estado or "",
        plantilla=filtros.plantilla or "",
        estados=NOMBRES_ESTADO_DOCUMENTO,
        plantillas={n: p.contrato.titulo for n, p in sorted(catalogo.items())},
        nombres=nombres,
        solo_lo_suyo=filtros.gestor_id is not None,
        solo_finales=filtros.solo_finales,
    )


def _filtros_de_documentos(
    args: Mapping[str, str], usuario: Usuario, catalogo: Mapping[str, object]
) -> FiltrosDocumentos:
    """Los filtros de la lista leídos de la URL (un estado o una plantilla ajenos se ignoran),
    limitados a lo que la persona ve."""
    estado, plantilla = args.get("estado", ""), args.get("plantilla", "")
    autor = args.get("autor", "")
    gestor_id, solo_finales = documentos_visibles(usuario)
    return FiltrosDocumentos(
        estado=estado if estado in set(EstadoDocumento) else None,
        plantilla=plantilla if plantilla in catalogo else None,
        gestor_id=gestor_id,
        solo_finales=solo_finales,
        autor_id=id_numerico(autor),
        sin_autor=autor == "ninguno",
        abiertos=args.get("abiertos") == "1",
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
        nombres=nombres_de_usuarios(session=db()),
        revisable={
            d.id: puede_sobre_documento(usuario, Permiso.REVISAR_DOCUMENTO, d, e)
            or sin_otro_revisor(db(), d, e, usuario)
            for d, e, _ in filas
        },
    )


@bp.get("/documentos/<id:documento_id>")
@requiere(Permiso.VER_DOCUMENTOS)
def ficha(documento_id: int):
    """El documento: datos, entradas, vista previa, historia y las acciones permitidas."""
    documento, expediente = documento_o_404(documento_id, Permiso.VER_DOCUMENTOS)
    usuario = usuario_actual()
    version = version_del_documento(session=db(), documento=documento)
    contrato = contrato_de(version)
    pasos = historia_del_documento(session=db(), documento=documento)
    observacion = next((e for e, _ in reversed(pasos) if e.accion == "observar"), None)
    salida = (
        salida_por_numero(session=db(), numero=documento.saliente_numero)
        if documento.saliente_numero
        else None
    )
    return render_template(
        "documentos/ficha.html",
        salida=salida,
        correo_propuesto=correo_propuesto(session=db(), saliente=salida) if salida else "",
        canales=NOMBRES_CANAL,
        estados_salida=NOMBRES_ESTADO_SALIDA,
        documento=documento,
        expediente=expediente,
        patrono=patrono_y_gestor(session=db(), expediente=expediente)[0],
        version=version,
        contrato=contrato,
        valores=valores_legibles(contrato, documento),
        tipos_entrada=TIPOS_ENTRADA,
        historia=pasos,
        nombres_accion=NOMBRES_ACCION_DOCUMENTO,
        nombres=nombres_de_usuarios(session=db()),
        observacion=observacion if documento.estado == EstadoDocumento.OBSERVADO else None,
        acciones=acciones_sobre_documento(
            usuario,
            documento,
            expediente,
            sin_otro_revisor=sin_otro_revisor(db(), documento, expediente, usuario),
        ),
        elige_envio=puede_elegir_envio(usuario, documento, expediente),
        editable=documento.estado in ESTADOS_EDITABLES
        and puede_sobre_documento(usuario, Permiso.REDACTAR_DOCUMENTO, documento, expediente),
        paginas=range(1, (documento.folios or 0) + 1) if vista_vigente(documento) else range(0),
    )


@bp.get("/documentos/<id:documento_id>/docx")
@requiere(Permiso.VER_DOCUMENTOS)
def docx(documento_id: int) -> Response:
    """El `.docx` actual del documento (siempre como descarga)."""
    documento, _ = documento_o_404(documento_id, Permiso.VER_DOCUMENTOS)
    datos = entregas.leer(documento.docx_sha256, f"del documento {documento.numero}")
    return entregas.entregar(datos, nombre=f"{documento.numero}.docx", tipo_mime=entregas.TIPO_DOCX)


@bp.get("/documentos/<id:documento_id>/pdf")
@requiere(Permiso.VER_DOCUMENTOS)
def pdf(documento_id: int) -> Response:
    """El PDF/A del `.docx` actual (con ?ver=1, en el navegador)."""
    documento, _ = documento_o_404(documento_id, Permiso.VER_DOCUMENTOS)
    if not vista_vigente(documento):
        abort(404)
    datos = entregas.leer(documento.pdf_sha256 or "", f"PDF del documento {documento.numero}")
    return entregas.entregar(
        datos,
        nombre=f"{documento.numero}.pdf",
        tipo_mime="application/pdf",
        ver=request.args.get("ver") == "1",
    )


@bp.get("/documentos/<id:documento_id>/paginas/<id:pagina>.png")
@requiere(Permiso.VER_DOCUMENTOS)
def pagina(documento_id: int, pagina: int) -> Response:
    """Una página del PDF como imagen, para la vista previa dentro de la ficha."""
    documento, _ = documento_o_404(documento_id, Permiso.VER_DOCUMENTOS)
    if not vista_vigente(documento) or not 1 <= pagina <= (documento.folios or 0):
        abort(404)
    return entregas.entregar(
        pagina_png(documento, pagina),
        nombre=f"{documento.numero}-pagina-{pagina}.png",
        tipo_mime="image/png",
        ver=True,
    )
