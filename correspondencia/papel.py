"""Cartas en papel: la secretaria sube el escaneo (PDF o imagen) con remitente, asunto, la
referencia del remitente y la fecha; el OCR (ocrmypdf con tesseract en español) vuelve su texto
buscable y vinculable. El texto del OCR ayuda, pero el registro es el escaneo original.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, select

from archivo import Almacen, ResultadoOcr, tipo_de_escaneo
from correspondencia.mime import VACIO
from correspondencia.modelos import Correspondencia
from correspondencia.registro import (
    AdjuntoPreparado,
    DatosManuales,
    OrigenCarta,
    Preparado,
    registrar_carta,
)
from correspondencia.reglas import TIPOS_DE_CARTA, ReglasDePlazo
from expedientes import ZONA_LOCAL, ErrorDominio, problemas_de_texto


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
    problemas = problemas_de_papel(datos, tipo, recibido_en.astimezone(ZONA_LOCAL).date())
    if problemas:
        raise ErrorDominio("La carta no se puede registrar.", problemas)
    preparado, nombre = _preparar_escaneo(session, almacen, escaneo, nombre_archivo, ocr)
    return registrar_carta(
        session=session,
        preparado=preparado,
        origen=OrigenCarta("papel", nombre_archivo=nombre),
        recibido_en=recibido_en,
        reglas=reglas,
        tipo=tipo,
        manual=datos,
        registrado_por_id=registrado_por_id,
    )


def _preparar_escaneo(
    session: Session, almacen: Almacen, escaneo: bytes, nombre_archivo: str, ocr: ResultadoOcr
) -> tuple[Preparado, str]:
    """El escaneo y el PDF del OCR ya guardados, listos para registrar, y el nombre del escaneo."""
    tipo_mime, extension = tipo_de_escaneo(escaneo)
    sha = almacen.guardar(escaneo)
    exigir_escaneo_nuevo(session, sha)
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
    return preparado, nombre


def exigir_escaneo_nuevo(session: Session, sha: str) -> None:
    """ErrorDominio si este mismo escaneo ya se registró como carta en papel."""
    repetida = session.exec(
        select(Correspondencia.numero).where(
            Correspondencia.origen == "papel", Correspondencia.sha256 == sha
        )
    ).first()
    if repetida:
        raise ErrorDominio(f"Este escaneo ya está registrado como {repetida}.")


def problemas_de_papel(datos: DatosManuales, tipo: str, recibida_el: date) -> list[str]:
    """Lo que impide registrar una carta en papel recibida el día `recibida_el`: remitente y asunto
    obligatorios, textos guardables, un tipo que exista y una fecha de carta que no sea posterior
    a su recepción. La web lo pregunta antes del OCR (que tarda); el registro lo exige siempre."""
    problemas = problemas_de_texto(datos.remitente, "El remitente", 500)
    problemas += problemas_de_texto(datos.asunto, "El asunto", 1000)
    problemas += problemas_de_texto(datos.referencia_remitente, "La referencia", 200)
    if not datos.remitente.strip():
        problemas.append("El remitente es obligatorio.")
    if not datos.asunto.strip():
        problemas.append("El asunto es obligatorio.")
    if tipo not in TIPOS_DE_CARTA:
        problemas.append(f"El tipo de correspondencia «{tipo}» no existe.")
    fecha = datos.fecha_documento
    if fecha is not None and fecha.astimezone(ZONA_LOCAL).date() > recibida_el:
        problemas.append("La fecha de la carta no puede ser posterior a hoy.")
    return problemas
