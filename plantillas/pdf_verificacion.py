"""Verificación de la conversión a PDF: la entrada es un .docx; la salida, un PDF legible,
declarado PDF/A-2b y con el texto esperado.

También cuenta páginas y dibuja una página como PNG (pdftoppm, de poppler-utils) para la vista
previa. No es un validador PDF/A (veraPDF no está en nuestros repositorios): se comprueba lo que el
PDF declara en su XMP y lo que de verdad se puede leer de él.
"""

from __future__ import annotations

import io
import subprocess
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

from archivo import ERRORES_DE_PDF
from expedientes import ErrorDominio

_FIRMA_PDF = b"%PDF-"
_FIRMA_PNG = b"\x89PNG\r\n\x1a\n"
_SEGUNDOS_VISTA = 30
_DPI_MAXIMO = 300


class ErrorPdf(ErrorDominio):
    """Un PDF que no se pudo generar, leer o mostrar."""


def exigir_docx(docx: bytes) -> None:
    """ErrorPdf si los bytes no son un .docx (un zip con word/document.xml)."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as paquete:
            nombres = set(paquete.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        nombres = set()
    if "word/document.xml" not in nombres:
        raise ErrorPdf(
            "El archivo no es un documento de Word (.docx): no se puede convertir a PDF.",
            ["Use el .docx generado por la plantilla, no otro archivo renombrado."],
        )


def verificar_pdf(datos: bytes, *, textos: Iterable[str] = ()) -> list[str]:
    """Los problemas del PDF, en español; vacía si es un PDF/A-2b legible con los `textos` dados."""
    if not datos.startswith(_FIRMA_PDF):
        return ["El archivo no es un PDF: no empieza con «%PDF-»."]
    esperados = list(textos)
    try:
        with _leyendo():
            lector = PdfReader(io.BytesIO(datos))
            if lector.is_encrypted:
                return ["El PDF está cifrado: un PDF/A no puede estarlo."]
            return _problemas(lector, esperados)
    except ErrorPdf as exc:
        return [exc.mensaje]


def contar_paginas(datos: bytes) -> int:
    """Cuántas páginas tiene el PDF; ErrorPdf si no es un PDF legible."""
    if not datos.startswith(_FIRMA_PDF):
        raise ErrorPdf("El archivo no es un PDF: no empieza con «%PDF-».")
    with _leyendo():
        return len(PdfReader(io.BytesIO(datos)).pages)


def vista_previa_png(pdf: bytes, *, pagina: int = 1, dpi: int = 80) -> bytes:
    """Una página del PDF dibujada como PNG (pdftoppm); ErrorPdf si no se pudo."""
    if not 1 <= dpi <= _DPI_MAXIMO:
        raise ValueError(f"dpi debe estar entre 1 y {_DPI_MAXIMO}, no {dpi}")
    total = contar_paginas(pdf)
    if not 1 <= pagina <= total:
        raise ErrorPdf(f"El PDF no tiene la página {pagina}: tiene {total}.")
    orden = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(pagina), "-l", str(pagina)]
    try:
        proceso = subprocess.run(  # noqa: S603 (orden fija; el PDF entra por stdin)
            [*orden, "-singlefile", "-"],
            input=pdf,
            capture_output=True,
            timeout=_SEGUNDOS_VISTA,
            check=False,
        )
    except FileNotFoundError:
        raise ErrorPdf(
            "Falta pdftoppm para la vista previa.",
            ["Instale poppler-utils con `scripts/instalar-sistema.sh servicio`."],
        ) from None
    except subprocess.TimeoutExpired:
        raise ErrorPdf(
            f"La vista previa de la página {pagina} no terminó en {_SEGUNDOS_VISTA} s."
        ) from None
    if proceso.returncode != 0 or not proceso.stdout.startswith(_FIRMA_PNG):
        detalle = proceso.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise ErrorPdf(f"No se pudo dibujar la página {pagina} del PDF.", detalle)
    return proceso.stdout


@contextmanager
def _leyendo() -> Iterator[None]:
    """Traduce los errores de pypdf al leer un PDF en un ErrorPdf con su causa en español."""
    try:
        yield
    except FileNotDecryptedError:
        raise ErrorPdf("El PDF está cifrado: un PDF/A no puede estarlo.") from None
    except LimitReachedError:
        raise ErrorPdf("El PDF excede los límites de descompresión: no se leyó.") from None
    except DependencyError as exc:
        raise ErrorPdf(f"Falta una dependencia para leer el PDF: {exc}") from None
    except ERRORES_DE_PDF as exc:
        raise ErrorPdf(f"El PDF está dañado y no se pudo leer ({type(exc).__name__}).") from None


def _problemas(lector: PdfReader, esperados: list[str]) -> list[str]:
    """Páginas, declaración PDF/A-2b y texto de un PDF ya abierto."""
    problemas = []
    paginas = lector.pages
    if len(paginas) == 0:
        problemas.append("El PDF no tiene páginas.")
    problemas.extend(_problemas_pdfa(lector))
    texto = _normalizar(" ".join(pagina.extract_text() or "" for pagina in paginas))
    if len(paginas) and not texto:
        problemas.append(
            "El PDF no tiene texto extraíble (¿solo imágenes?): no se puede buscar ni verificar."
        )
    problemas.extend(
        f"No aparece el texto esperado «{esperado}»."
        for esperado in esperados
        if _normalizar(esperado) not in texto
    )
    return problemas


def _problemas_pdfa(lector: PdfReader) -> list[str]:
    """Si el XMP del catálogo declara PDF/A-2b (pdfaid:part 2, pdfaid:conformance B)."""
    try:
        xmp = lector.xmp_metadata
    except ERRORES_DE_PDF as exc:
        return [f"El PDF no declara ser PDF/A-2b: su XMP es ilegible ({type(exc).__name__})."]
    if xmp is None:
        return ["El PDF no declara ser PDF/A-2b: no tiene metadatos XMP en su catálogo."]
    parte = (xmp.pdfaid_part or "").strip()
    conformidad = (xmp.pdfaid_conformance or "").strip()
    if (parte, conformidad) == ("2", "B"):
        return []
    return [
        "El PDF no declara ser PDF/A-2b en su XMP "
        f"(pdfaid:part «{parte or '—'}», pdfaid:conformance «{conformidad or '—'}»)."
    ]


def _normalizar(texto: str) -> str:
    """Texto en NFC con cada secuencia de espacios y saltos reducida a un espacio."""
    return unicodedata.normalize("NFC", " ".join(texto.split()))
