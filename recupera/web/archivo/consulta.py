"""Consultar el archivo: buscar, ver un expediente con sus folios y sellos, descargar cada
documento, exportar el expediente completo, y las listas de préstamos y de verificaciones."""

from __future__ import annotations

from flask import abort, render_template, request
from werkzeug.wrappers import Response

from archivo import (
    ORDEN_BUSQUEDA,
    ORDENES_BUSQUEDA,
    BlobCorrupto,
    BlobInexistente,
    PaginaDeBusqueda,
    buscar_pagina_en_archivo,
    esta_sellado,
    expedientes_fuera,
    faltantes_para_sellar,
    pdf_del_expediente,
    prestamo_activo,
    prestamos_de,
    ultima_verificacion,
    verificaciones_recientes,
    zip_del_expediente,
)
from correspondencia import cartas_citadas
from expedientes import (
    NOMBRES_TIPO_EXPEDIENTE,
    AccesoDenegado,
    ErrorDominio,
    Expediente,
    Permiso,
    hoy,
    orden_pedido,
    patronos_por_id,
    puede,
    ve_el_contenido,
)
from recupera.web import entregas
from recupera.web.acceso import db, requiere, requiere_alguno, servicios, usuario_actual
from recupera.web.archivo import bp, datos
from recupera.web.recursos import archivado_o_404, expediente_o_404, quien

CONSULTAR = Permiso.CONSULTAR_ARCHIVO


@bp.get("/")
@requiere(CONSULTAR)
def buscar():
    """Una caja de texto, fechas y tipo; los expedientes que coinciden con sus documentos, de 50
    en 50 con el total exacto, por relevancia, fecha de apertura, número o patrono; todo va en la
    URL."""
    lista = datos.requisitos()
    pedida = datos.busqueda_de(request.args, lista.tipos)
    orden = orden_pedido(request.args.get("orden"), ORDENES_BUSQUEDA, ORDEN_BUSQUEDA)
    encontrado: PaginaDeBusqueda | None = None
    error = None
    if pedida.problemas:
        error = ErrorDominio("No se pudo buscar.", pedida.problemas)
    elif pedida.pedida:
        try:
            encontrado = buscar_pagina_en_archivo(
                session=db(), texto=pedida.texto, desde=pedida.desde, hasta=pedida.hasta,
                tipo=pedida.tipo or None, usuario=quien(), pedida=request.args.get("pagina"),
                orden=orden,
            )  # fmt: skip
        except ErrorDominio as exc:
            error = exc
    cartas = (
        cartas_citadas(session=db(), texto=pedida.texto, usuario=quien())
        if pedida.pedida and not pedida.problemas
        else []
    )
    return render_template(
        "archivo/buscar.html",
        cartas=cartas,
        pedida=pedida,
        args=request.args,
        encontrado=encontrado,
        orden=orden,
        error=error,
        tipos_expediente=NOMBRES_TIPO_EXPEDIENTE,
        tipos_documento=lista.tipos,
        titulo_tipo=lista.titulo,
    )


@bp.get("/<numero>")
@requiere(CONSULTAR)
def expediente(numero: str):
    """El expediente como está archivado: documentos con folios, sellos, préstamos y acciones."""
    exp = expediente_o_404(numero)
    s, usuario = db(), usuario_actual()
    sellado = esta_sellado(s, exp.id)
    puede_sellar = puede(usuario, Permiso.SELLAR_EXPEDIENTE, exp)
    return render_template(
        "archivo/expediente.html",
        expediente=exp,
        sellado=sellado,
        **datos.vista_del_expediente(exp),
        ve_documentos=ve_el_contenido(usuario, exp),
        faltan=faltantes_para_sellar(
            session=s,
            expediente=exp,
            requisitos=datos.requisitos(),
            bloqueos=servicios().bloqueos_de_sellado,
        )
        if puede_sellar and not sellado
        else [],
        puede_sellar=puede_sellar,
        puede_incorporar=puede(usuario, Permiso.INCORPORAR_DOCUMENTO, exp),
        puede_prestar=puede(usuario, Permiso.PRESTAR_EXPEDIENTE, exp),
        puede_verificar=puede(usuario, Permiso.VER_VERIFICACION, exp),
        prestamo=prestamo_activo(session=s, expediente_id=exp.id or 0),
        historia=prestamos_de(session=s, expediente_id=exp.id or 0),
        verificacion=ultima_verificacion(session=s),
        se_puede_ver=entregas.se_puede_ver,
        hoy=hoy(),
    )


@bp.get("/<numero>/documentos/<id:orden>/original")
@requiere(CONSULTAR)
def original(numero: str, orden: int) -> Response:
    """El original tal como se incorporó (escaneo, correo .eml, .docx); en línea si es inofensivo."""
    exp = expediente_o_404(numero)
    documento = archivado_o_404(exp, orden)
    contenido = entregas.leer(
        documento.sha256, f"original del documento N.º {orden} de {exp.numero}"
    )
    nombre = entregas.nombre_seguro(documento.nombre_archivo, f"{exp.numero}-{orden:03d}")
    return entregas.entregar(
        contenido,
        nombre=nombre,
        tipo_mime=documento.tipo_mime,
        ver=request.args.get("ver") == "1",
    )


@bp.get("/<numero>/documentos/<id:orden>/pdf")
@requiere(CONSULTAR)
def pdf(numero: str, orden: int):
    """La versión PDF del documento (la que se folia); con ?ver=1 se abre en el navegador."""
    exp = expediente_o_404(numero)
    documento = archivado_o_404(exp, orden)
    if not documento.sha256_pdf:
        return _no_disponible(
            f"El documento N.º {orden} de {exp.numero} no tiene versión PDF.", [], 404
        )
    contenido = entregas.leer(
        documento.sha256_pdf, f"PDF del documento N.º {orden} de {exp.numero}"
    )
    return entregas.entregar(
        contenido,
        nombre=f"{exp.numero}-{orden:03d}.pdf",
        tipo_mime="application/pdf",
        ver=request.args.get("ver") == "1",
    )


@bp.get("/<numero>/exportar.pdf")
@requiere(CONSULTAR)
def exportar_pdf(numero: str):
    """Un PDF con carátula, índice y todos los documentos en orden, cada página foliada."""
    exp = expediente_o_404(numero)
    return _exportar(exp, pdf_del_expediente, "pdf", "application/pdf")


@bp.get("/<numero>/exportar.zip")
@requiere(CONSULTAR)
def exportar_zip(numero: str):
    """Originales y PDF, el manifiesto y SHA256SUMS (se comprueba con `sha256sum -c`)."""
    exp = expediente_o_404(numero)
    return _exportar(exp, zip_del_expediente, "zip", "application/zip")


def _exportar(exp: Expediente, hacer, extension: str, tipo_mime: str):
    """La copia exportada como descarga `EXP-….ext`; si un archivo falla, la página que lo dice."""
    try:
        contenido = hacer(
            session=db(),
            almacen=datos.almacen(),
            expediente=exp,
            requisitos=datos.requisitos(),
            usuario=quien(),
        )
    except AccesoDenegado:
        abort(403)
    except (BlobCorrupto, BlobInexistente) as exc:
        return _no_disponible(
            f"El manifiesto sellado de {exp.numero} no se puede leer: no se entrega la copia.",
            [exc.mensaje, *exc.problemas],
        )
    except ErrorDominio as exc:
        return _no_disponible(exc.mensaje, exc.problemas)
    return entregas.entregar(contenido, nombre=f"{exp.numero}.{extension}", tipo_mime=tipo_mime)


def _no_disponible(mensaje: str, problemas: list[str], codigo: int = 500) -> tuple[str, int]:
    """La página «Archivo no disponible» con cada problema (nada de los bytes)."""
    return render_template(
        "errores/error.html", titulo="Archivo no disponible", mensaje=mensaje, problemas=problemas
    ), codigo


@bp.get("/prestamos")
@requiere_alguno(CONSULTAR, Permiso.PRESTAR_EXPEDIENTE)
def prestamos_fuera():
    """Los expedientes que están fuera, los vencidos primero con sus días de atraso."""
    dia = hoy()
    filas = expedientes_fuera(session=db(), hoy=dia)
    return render_template(
        "archivo/prestamos.html",
        vencidos=[f for f in filas if f.dias > 0],
        a_tiempo=[f for f in filas if f.dias == 0],
        patronos=patronos_por_id(session=db(), ids={f.expediente.patrono_id for f in filas}),
        hoy=dia,
    )


@bp.get("/verificacion")
@requiere(Permiso.VER_VERIFICACION)
def verificaciones():
    """Las últimas verificaciones de integridad del archivo, con cada problema encontrado."""
    return render_template(
        "archivo/verificacion.html", filas=verificaciones_recientes(session=db())
    )
