"""Leer PDF ajenos sin caerse: su texto, y los errores con que pypdf dice «no se puede leer».

pypdf falla con archivos dañados de formas no documentadas (KeyError, TypeError…); todas estas
cuentan como «PDF ilegible». `DependencyError` (falta `cryptography`) no es un `PyPdfError`.
Nada aquí lanza por un archivo malo: devuelve lo que pudo leer y, en español, lo que no.
"""

from __future__ import annotations

import io
import logging
import struct
import threading
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

ERRORES_DE_PDF: tuple[type[BaseException], ...] = (
    PyPdfError,
    DependencyError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    RecursionError,
    OverflowError,
    NotImplementedError,
    struct.error,
    zlib.error,
)


def texto_de_pdf(datos: bytes, *, max_paginas: int = 200) -> tuple[str, tuple[str, ...]]:
    """El texto de las páginas de un PDF (hasta `max_paginas`) y los problemas encontrados."""
    avisos: list[str] = []
    # `catch_warnings` cambia filtros globales: con lecturas simultáneas en varios hilos un aviso
    # puede caer en la lista de otro PDF; nunca se pierde ni escapa como excepción.
    with warnings.catch_warnings(record=True) as registrados, _callar_pypdf() as callados:
        warnings.simplefilter("always")
        texto = _leer_pdf(datos, max_paginas, avisos)
    avisos.extend(f"Aviso al leer el PDF: {w.message}" for w in registrados)
    if callados and texto is not None:
        # El detalle de pypdf puede volcar diccionarios enteros: basta el comienzo de su frase.
        detalle = callados[0].splitlines()[0][:120] if callados[0] else ""
        avisos.append(f"El PDF tiene defectos de estructura (pypdf: {detalle}); puede faltar texto")
    return sin_nul(texto or ""), tuple(dict.fromkeys(avisos))


def _leer_pdf(datos: bytes, max_paginas: int, avisos: list[str]) -> str | None:
    """Abre el PDF y extrae el texto página por página; None si no se pudo abrir."""
    try:
        lector = PdfReader(io.BytesIO(datos))
        if lector.is_encrypted and not lector.decrypt(""):
            avisos.append("El PDF está protegido con contraseña: no se pudo leer su texto")
            return None
        paginas = lector.pages
        total = len(paginas)
    except FileNotDecryptedError:
        avisos.append("El PDF está protegido con contraseña: no se pudo leer su texto")
        return None
    except LimitReachedError:
        avisos.append("El PDF excede los límites de descompresión: no se leyó su texto")
        return None
    except DependencyError as exc:
        avisos.append(f"Falta una dependencia para leer el PDF: {exc}")
        return None
    except ERRORES_DE_PDF as exc:
        avisos.append(f"El PDF está dañado y no se pudo leer: {type(exc).__name__}")
        return None
    if total > max_paginas:
        avisos.append(f"El PDF tiene {total} páginas; solo se leyeron las primeras {max_paginas}")
    textos = []
    for numero in range(min(total, max_paginas)):
        try:
            textos.append(paginas[numero].extract_text())
        except ERRORES_DE_PDF as exc:
            avisos.append(
                f"No se pudo leer el texto de la página {numero + 1}: {type(exc).__name__}"
            )
    return "\n".join(t for t in textos if t)


class _RetenedorPypdf(logging.Handler):
    """Retiene los avisos de pypdf del hilo que está leyendo un PDF; los demás siguen su curso."""

    def __init__(self) -> None:
        """Sin hilos registrados."""
        super().__init__()
        self.por_hilo: dict[int, list[str]] = {}
        self.propagaba = True

    def emit(self, record: logging.LogRecord) -> None:
        """Guarda el aviso para su hilo, o lo pasa al registro raíz si es de otro hilo."""
        retenidos = self.por_hilo.get(record.thread or 0)
        if retenidos is None:
            logging.getLogger().handle(record)
        else:
            retenidos.append(record.getMessage())


_RETENEDOR = _RetenedorPypdf()
_CANDADO = threading.Lock()


@contextmanager
def _callar_pypdf() -> Iterator[list[str]]:
    """Mientras se lee un PDF, sus avisos de log no llegan a los logs: se entregan aquí."""
    # Los avisos salen de `pypdf._reader`, `pypdf._page`…: un filtro en «pypdf» no los ve (solo
    # filtra lo que se registra en ese mismo logger); un handler sin propagación, sí.
    registrador = logging.getLogger("pypdf")
    hilo = threading.get_ident()
    retenidos: list[str] = []
    with _CANDADO:
        if not _RETENEDOR.por_hilo:
            registrador.addHandler(_RETENEDOR)
            _RETENEDOR.propagaba = registrador.propagate
            registrador.propagate = False
        _RETENEDOR.por_hilo[hilo] = retenidos
    try:
        yield retenidos
    finally:
        with _CANDADO:
            del _RETENEDOR.por_hilo[hilo]
            if not _RETENEDOR.por_hilo:
                registrador.removeHandler(_RETENEDOR)
                registrador.propagate = _RETENEDOR.propagaba


def sin_nul(texto: str) -> str:
    """Quita NUL, que PostgreSQL no admite en columnas de texto."""
    return texto.replace("\x00", "")


def paginas_de_pdf(datos: bytes) -> int | None:
    """Cuántas páginas tiene un PDF legible; None si no es un PDF o no se puede abrir."""
    if not datos.startswith(b"%PDF-"):
        return None
    try:
        lector = PdfReader(io.BytesIO(datos))
        if lector.is_encrypted and not lector.decrypt(""):
            return None
        return len(lector.pages)
    except ERRORES_DE_PDF:
        return None
