"""Incorporar al expediente un documento escaneado (un estado de cuenta, el acuerdo del Consejo
recibido en papel, la constancia de aplicación): el escaneo es el original; su PDF con capa de
texto (OCR), la versión que se folia y se exporta.

En un expediente sellado solo entra como corrección, con su motivo, y se sella de nuevo.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from archivo.almacen import Almacen
from archivo.documentos import (
    DocumentoExpediente,
    OrigenDocumento,
    documentos_de,
    esta_sellado,
    incorporar_documento,
)
from archivo.ocr import ResultadoOcr, tipo_de_escaneo
from archivo.pdf import paginas_de_pdf, texto_de_pdf
from archivo.requisitos import Requisitos
from archivo.sellado import corregir
from expedientes import AccesoDenegado, ErrorDominio, Expediente, Permiso, Usuario, puede


def exigir_tipo(requisitos: Requisitos, tipo: str) -> None:
    """El tipo de documento debe ser uno de la lista del archivo."""
    if tipo not in requisitos.tipos:
        raise ErrorDominio(
            f"El tipo de documento «{tipo}» no existe.",
            [f"Use uno de: {', '.join(sorted(requisitos.tipos))}."],
        )


def rendicion_pdf(escaneo: bytes, ocr: ResultadoOcr) -> tuple[bytes, int]:
    """El PDF que se folia (el del OCR, o el escaneo si ya es PDF) y sus páginas."""
    tipo_mime, _ = tipo_de_escaneo(escaneo)
    pdf = ocr.pdf or (escaneo if tipo_mime == "application/pdf" else None)
    if pdf is None:
        raise ErrorDominio(
            "La imagen no se pudo pasar a PDF para foliarla.", list(ocr.advertencias)
        )
    folios = paginas_de_pdf(pdf)
    if not folios:
        raise ErrorDominio("El escaneo no es un PDF legible: no se puede foliar.")
    return pdf, folios


def incorporar_escaneo(
    *,
    session: Session,
    almacen: Almacen,
    expediente: Expediente,
    escaneo: bytes,
    nombre_archivo: str,
    tipo: str,
    titulo: str,
    fecha: date,
    ocr: ResultadoOcr,
    usuario: Usuario,
    requisitos: Requisitos,
    correccion: str = "",
) -> DocumentoExpediente:
    """Guarda el escaneo y su PDF y los agrega al final del expediente."""
    sellado = sellado_si_puede_agregar(session, expediente, usuario)
    exigir_tipo(requisitos, tipo)
    datos = _datos_del_escaneo(
        almacen=almacen, escaneo=escaneo, ocr=ocr, nombre_archivo=nombre_archivo, tipo=tipo,
        titulo=titulo.strip() or requisitos.titulo(tipo), fecha=fecha,
    )  # fmt: skip
    if not sellado:
        return incorporar_documento(
            session=session,
            expediente=expediente,
            registrado_por_id=usuario.id,
            **datos,  # type: ignore[arg-type]
        )
    corregir(
        session=session, almacen=almacen, expediente=expediente, usuario=usuario,
        motivo=correccion, documento=datos,
    )  # fmt: skip
    return documentos_de(session=session, expediente_id=expediente.id or 0)[-1]


def sellado_si_puede_agregar(session: Session, expediente: Expediente, usuario: Usuario) -> bool:
    """¿Está sellado el expediente? AccesoDenegado si esta persona no puede agregarle documentos."""
    sellado = esta_sellado(session, expediente.id)
    permiso = Permiso.SELLAR_EXPEDIENTE if sellado else Permiso.INCORPORAR_DOCUMENTO
    if not puede(usuario, permiso, expediente):
        raise AccesoDenegado(f"{usuario.nombre_completo} no puede agregar documentos aquí.")
    return sellado


def _datos_del_escaneo(
    *,
    almacen: Almacen,
    escaneo: bytes,
    ocr: ResultadoOcr,
    nombre_archivo: str,
    tipo: str,
    titulo: str,
    fecha: date,
) -> dict[str, object]:
    """Los datos del documento escaneado, con el escaneo y su PDF ya guardados en el almacén."""
    pdf, folios = rendicion_pdf(escaneo, ocr)
    return {
        "tipo": tipo,
        "titulo": titulo,
        "fecha": fecha,
        "sha256": almacen.guardar(escaneo),
        "sha256_pdf": almacen.guardar(pdf),
        "folios": folios,
        "nombre_archivo": nombre_archivo,
        "tipo_mime": tipo_de_escaneo(escaneo)[0],
        "texto": ocr.texto or texto_de_pdf(pdf)[0],
        "origen": OrigenDocumento.ESCANEADO,
    }
