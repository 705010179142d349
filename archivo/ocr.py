"""OCR de escaneos (ocrmypdf con tesseract en español): un PDF/A con capa de texto y su texto.

Lo usan las cartas en papel y los documentos escaneados de un expediente. El texto del OCR ayuda
a buscar y vincular, pero el registro es siempre el escaneo original.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from archivo.pdf import texto_de_pdf
from expedientes import ErrorDominio

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
