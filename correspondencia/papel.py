"""Cartas en papel: la secretaria sube el escaneo (PDF o imagen) con remitente, asunto, la
referencia del remitente y la fecha; el OCR (ocrmypdf con tesseract en español) vuelve su texto
buscable y vinculable. El texto del OCR ayuda, pero el registro es el escaneo original.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from archivo.almacen import Almacen
from archivo.ocr import ResultadoOcr, tipo_de_escaneo
from correspondencia.mime import VACIO
from correspondencia.modelos import Correspondencia
from correspondencia.registro import (
    AdjuntoPreparado,
    DatosManuales,
    Origen,
    Preparado,
    registrar,
)
from correspondencia.reglas import ReglasDePlazo
from expedientes.errores import ErrorDominio
from expedientes.texto import problemas_de_texto


def registrar_papel(
    *,
    session: Session,
    almacen: Almacen,
    escaneo: bytes,
    nombre_archivo: str,
    datos: DatosManuales,
    recibido_en: datetime,
    reglas: ReglasDePlazo,
    ocr: ResultadoOcr,
    tipo: str = "general",
    registrado_por_id: int | None = None,
) -> Correspondencia:
    """Registra la carta en papel con su escaneo (y el PDF del OCR) en esta transacción."""
    _validar(datos)
    tipo_mime, extension = tipo_de_escaneo(escaneo)
    sha = almacen.guardar(escaneo)
    repetida = session.exec(
        select(Correspondencia.numero).where(
            Correspondencia.origen == "papel", Correspondencia.sha256 == sha
        )
    ).first()
    if repetida:
        raise ErrorDominio(f"Este escaneo ya está registrado como {repetida}.")
    nombre = (nombre_archivo or f"escaneo{extension}")[:255]
    adjuntos = [AdjuntoPreparado(nombre, tipo_mime, sha, len(escaneo), clase="escaneo")]
    if ocr.pdf is not None:
        sha_ocr = almacen.guardar(ocr.pdf)
        adjuntos.append(
            AdjuntoPreparado(
                f"{Path(nombre).stem}-ocr.pdf",
                "application/pdf",
                sha_ocr,
                len(ocr.pdf),
                ocr.texto,
                "ocr",
            )
        )
    preparado = Preparado(
        VACIO,
        sha,
        len(escaneo),
        tuple(adjuntos),
        ocr.advertencias,
        texto_ocr=ocr.texto,
    )
    return registrar(
        session=session,
        preparado=preparado,
        origen=Origen("papel", nombre_archivo=nombre),
        recibido_en=recibido_en,
        reglas=reglas,
        tipo=tipo,
        manual=datos,
        registrado_por_id=registrado_por_id,
    )


def _validar(datos: DatosManuales) -> None:
    problemas = problemas_de_texto(datos.remitente, "El remitente", 500)
    problemas += problemas_de_texto(datos.asunto, "El asunto", 1000)
    problemas += problemas_de_texto(datos.referencia_remitente, "La referencia", 200)
    if not datos.remitente.strip():
        problemas.append("El remitente es obligatorio.")
    if not datos.asunto.strip():
        problemas.append("El asunto es obligatorio.")
    if problemas:
        raise ErrorDominio("La carta no se puede registrar.", problemas)
