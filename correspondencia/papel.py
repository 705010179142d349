"""Cartas en papel: la secretaria sube el escaneo (PDF o imagen) con remitente, asunto, la
referencia del remitente y la fecha; el OCR (ocrmypdf con tesseract en español) vuelve su texto
buscable y vinculable. El texto del OCR ayuda, pero el registro es el escaneo original.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from archivo.almacen import Almacen
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
from correspondencia.textos import texto_de_pdf
from expedientes.errores import ErrorDominio
from expedientes.texto import problemas_de_texto

# Las firmas de los formatos que se aceptan como escaneo.
_FIRMAS = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"II*\x00": ("image/tiff", ".tif"),
    b"MM\x00*": ("image/tiff", ".tif"),
}


@dataclass(frozen=True)
class ResultadoOcr:
    """El PDF con capa de texto (si se pudo) y el texto leído."""

    pdf: bytes | None
    texto: str
    advertencias: tuple[str, ...]


def sin_ocr() -> ResultadoOcr:
    """Registrar sin OCR (pedido expresamente): el texto se podrá agregar después."""
    return ResultadoOcr(None, "", ("Registrada sin OCR: su texto no se puede buscar ni vincular",))


def tipo_de_escaneo(datos: bytes) -> tuple[str, str]:
    """(tipo MIME, extensión) de un escaneo, por su contenido; ErrorDominio si no es PDF o imagen."""
    for firma, tipo in _FIRMAS.items():
        if datos.startswith(firma):
            return tipo
    raise ErrorDominio("El escaneo debe ser un PDF o una imagen PNG, JPEG o TIFF.")


def aplicar_ocr(datos: bytes, *, segundos: int = 180, dpi_imagen: int = 300) -> ResultadoOcr:
    """Pasa el escaneo por ocrmypdf (español); si falla, lo dice como advertencia."""
    tipo, extension = tipo_de_escaneo(datos)
    if shutil.which("ocrmypdf") is None:
        return ResultadoOcr(None, "", ("OCR no disponible: falta ocrmypdf (make run lo instala)",))
    with tempfile.TemporaryDirectory(prefix="recupera-ocr-") as tmp:
        entrada, salida = Path(tmp) / f"entrada{extension}", Path(tmp) / "salida.pdf"
        entrada.write_bytes(datos)
        orden = ["ocrmypdf", "-l", "spa", "--output-type", "pdfa", "--quiet"]
        if tipo == "application/pdf":
            orden.append("--skip-text")  # las páginas que ya traen texto no se rasterizan
        else:
            orden += ["--image-dpi", str(dpi_imagen)]
        try:
            proceso = subprocess.run(  # noqa: S603 (orden fija; rutas propias)
                [*orden, str(entrada), str(salida)],
                capture_output=True,
                timeout=segundos,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return ResultadoOcr(None, "", (f"El OCR no terminó en {segundos} s",))
        if proceso.returncode != 0 or not salida.exists():
            detalle = proceso.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            return ResultadoOcr(None, "", (f"El OCR falló: {detalle[0][:300]}",))
        pdf = salida.read_bytes()
    texto, problemas = texto_de_pdf(pdf)
    return ResultadoOcr(pdf, texto, tuple(problemas))


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
