"""OCR de escaneos (ocrmypdf con tesseract en español): un PDF/A con capa de texto y su texto.

Lo usan las cartas en papel y los documentos escaneados de un expediente. El texto del OCR ayuda
a buscar y vincular, pero el registro es siempre el escaneo original.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from archivo.pdf import paginas_de_pdf, texto_de_pdf
from expedientes import Avanzar, ErrorDominio

# Las firmas de los formatos que se aceptan como escaneo.
_FIRMAS = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"II*\x00": ("image/tiff", ".tif"),
    b"MM\x00*": ("image/tiff", ".tif"),
}

# En su registro (`-v 1`), ocrmypdf antepone el número de página; «Grafting» es su último paso con
# cada página, y una página que ya trae texto se salta entera.
_PAGINA_HECHA = re.compile(r"^\s+(\d+) (?:Grafting|.*skipping all processing)")
_RUIDO = re.compile(r"^\s+\d+ |^(?:Running|Opened a file|os\.|Found |Postprocessing|Page \d)")

_CAUSAS = {
    "InputFileError": "el archivo no es un PDF legible",
    "EncryptedPdfError": "el PDF está cifrado; quite la contraseña y súbalo de nuevo",
    "DigitalSignatureError": "el PDF lleva firma digital y el OCR la rompería",
    "UnsupportedImageFormatError": "el formato de la imagen no se puede leer",
    "DpiError": "la imagen no dice su resolución",
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


def avance_del_ocr(avanzar: Avanzar) -> Callable[[int, int], None]:
    """El avance del OCR dicho a la persona que espera su tarea."""
    return lambda k, n: avanzar(k, n, f"Reconociendo el texto: página {k} de {n}")


def aplicar_ocr(
    datos: bytes,
    *,
    segundos: int = 180,
    dpi_imagen: int = 300,
    avanzar: Callable[[int, int], None] | None = None,
) -> ResultadoOcr:
    """Pasa el escaneo por ocrmypdf (español); si falla, lo dice como advertencia. Con `avanzar`,
    dice cada página que termina (cuántas van, de cuántas)."""
    tipo, extension = tipo_de_escaneo(datos)
    if shutil.which("ocrmypdf") is None:
        return ResultadoOcr(None, "", ("OCR no disponible: falta ocrmypdf (make run lo instala)",))
    total = (paginas_de_pdf(datos) or 1) if tipo == "application/pdf" else 1
    with tempfile.TemporaryDirectory(prefix="recupera-ocr-") as tmp:
        entrada, salida = Path(tmp) / f"entrada{extension}", Path(tmp) / "salida.pdf"
        entrada.write_bytes(datos)
        orden = ["ocrmypdf", "-l", "spa", "--output-type", "pdfa", "-v", "1"]
        if tipo == "application/pdf":
            orden.append("--skip-text")  # las páginas que ya traen texto no se rasterizan
        else:
            orden += ["--image-dpi", str(dpi_imagen)]
        codigo, errores = _correr([*orden, str(entrada), str(salida)], segundos, total, avanzar)
        if codigo is None:
            return ResultadoOcr(None, "", (f"El OCR no terminó en {segundos} s",))
        if codigo != 0 or not salida.exists():
            return ResultadoOcr(None, "", (f"El OCR falló: {_causa(errores)[:300]}",))
        pdf = salida.read_bytes()
    texto, problemas = texto_de_pdf(pdf)
    return ResultadoOcr(pdf, texto, tuple(problemas))


def _correr(
    orden: list[str], segundos: int, total: int, avanzar: Callable[[int, int], None] | None
) -> tuple[int | None, list[str]]:
    """Corre ocrmypdf leyendo su registro: cada página que termina avanza. Devuelve su código de
    salida (None si se pasó de tiempo, y se detiene) y las últimas líneas de su registro."""
    with subprocess.Popen(  # noqa: S603 (orden fija; rutas propias)
        orden, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace"
    ) as proceso:
        reloj = threading.Timer(segundos, proceso.kill)
        reloj.start()
        hechas: set[str] = set()
        ultimas: list[str] = []
        try:
            assert proceso.stderr is not None
            for linea in proceso.stderr:
                ultimas = [*ultimas[-40:], linea.rstrip()]
                pagina = _PAGINA_HECHA.match(linea)
                if pagina and pagina.group(1) not in hechas:
                    hechas.add(pagina.group(1))
                    if avanzar is not None:
                        avanzar(min(len(hechas), total), total)
            codigo = proceso.wait()
        finally:
            vencido = not reloj.is_alive()
            reloj.cancel()
    return (None if vencido and codigo != 0 else codigo), ultimas


def _causa(lineas: list[str]) -> str:
    """Lo que explica la falla: la excepción de ocrmypdf en español si es una conocida, o la
    última línea de su registro que no sea de avance."""
    utiles = [x.strip() for x in lineas if x.strip() and not _RUIDO.match(x)]
    ultima = (utiles or [""])[-1]
    nombre = ultima.removeprefix("ocrmypdf.exceptions.").split(":")[0]
    return _CAUSAS.get(nombre, ultima)
