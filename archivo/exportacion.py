"""Exportar un expediente desde la base, si quien lo pide ve sus documentos: su carátula, sus
documentos en orden y su manifiesto (el sellado, verificado contra su huella; o uno provisional
si aún no se selló), hechos PDF foliado (`exportacion_pdf`) o zip verificable
(`exportacion_zip`)."""

from __future__ import annotations

from sqlmodel import Session

from archivo.almacen import Almacen, BlobCorrupto, BlobInexistente
from archivo.documentos import documentos_de, exigir_ver_contenido
from archivo.exportacion_datos import Caratula, DatosSello, DocumentoExportable
from archivo.exportacion_pdf import ErrorExportacion, exportar_pdf
from archivo.exportacion_zip import exportar_zip
from archivo.modelos import Sello
from archivo.requisitos import Requisitos
from archivo.sellado import bytes_de_manifiesto, manifiesto_de, sellos_de
from expedientes import NOMBRES_TIPO_EXPEDIENTE, Expediente, Patrono, TipoExpediente, Usuario


def _datos(
    session: Session, almacen: Almacen, expediente: Expediente, requisitos: Requisitos
) -> tuple[Caratula, list[DocumentoExportable], bytes]:
    """La carátula, los documentos en orden y el manifiesto que se exportan del expediente."""
    datos_sello, manifiesto = _sello_y_manifiesto(session, almacen, expediente)
    documentos = [
        DocumentoExportable(
            orden=d.orden,
            tipo_nombre=requisitos.titulo(d.tipo),
            titulo=d.titulo,
            referencia=d.referencia,
            fecha=d.fecha,
            folios=d.folios,
            sha256=d.sha256,
            sha256_pdf=d.sha256_pdf,
            nombre_original=d.nombre_archivo or f"documento-{d.orden}",
        )
        for d in documentos_de(session=session, expediente_id=expediente.id or 0)
    ]
    return _caratula(session, expediente, datos_sello), documentos, manifiesto


def _sello_y_manifiesto(
    session: Session, almacen: Almacen, expediente: Expediente
) -> tuple[DatosSello | None, bytes]:
    """El último sello y su manifiesto guardado; sin sello, ninguno y un manifiesto provisional."""
    sellos = sellos_de(session=session, expediente_id=expediente.id or 0)
    ultimo: Sello | None = sellos[-1] if sellos else None
    if ultimo is None:
        return None, bytes_de_manifiesto(manifiesto_de(session, expediente, None, ""))
    quien = session.get(Usuario, ultimo.sellado_por_id) if ultimo.sellado_por_id else None
    nombre = quien.nombre_completo if quien else ""
    datos_sello = DatosSello(ultimo.version, ultimo.manifiesto_sha256, ultimo.sellado_en, nombre)
    try:
        manifiesto = almacen.leer(ultimo.manifiesto_sha256)  # verificado contra su huella
    except (BlobCorrupto, BlobInexistente) as exc:
        raise ErrorExportacion(
            f"El manifiesto sellado de {expediente.numero} no se puede entregar.", [exc.mensaje]
        ) from None
    return datos_sello, manifiesto


def _caratula(session: Session, expediente: Expediente, sello: DatosSello | None) -> Caratula:
    """Los datos de la carátula: el expediente, su patrono y, si lo hay, su sello."""
    patrono = session.get(Patrono, expediente.patrono_id)
    assert patrono is not None
    return Caratula(
        numero_expediente=expediente.numero,
        tipo_nombre=NOMBRES_TIPO_EXPEDIENTE[TipoExpediente(expediente.tipo)],
        asunto=expediente.asunto,
        razon_social=patrono.razon_social,
        numero_patronal=patrono.numero_patronal,
        nit=patrono.nit,
        sucursal=expediente.sucursal,
        abierto_el=expediente.abierto_el,
        cerrado_el=expediente.cerrado_el,
        sello=sello,
    )


def pdf_del_expediente(
    *,
    session: Session,
    almacen: Almacen,
    expediente: Expediente,
    requisitos: Requisitos,
    usuario: Usuario,
) -> bytes:
    """Un PDF: carátula, índice y cada documento en orden, con cada página foliada (si esta
    persona ve los documentos del expediente)."""
    exigir_ver_contenido(usuario, expediente)
    caratula, documentos, _ = _datos(session, almacen, expediente, requisitos)
    return exportar_pdf(caratula, documentos, almacen.leer)


def zip_del_expediente(
    *,
    session: Session,
    almacen: Almacen,
    expediente: Expediente,
    requisitos: Requisitos,
    usuario: Usuario,
) -> bytes:
    """Los originales y sus PDF, `manifest.json` y `SHA256SUMS` (se verifica con sha256sum -c),
    si esta persona ve los documentos del expediente."""
    exigir_ver_contenido(usuario, expediente)
    caratula, documentos, manifiesto = _datos(session, almacen, expediente, requisitos)
    return exportar_zip(caratula, documentos, manifiesto, almacen.leer)
