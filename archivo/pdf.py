"""Leer PDF ajenos sin caerse: los errores con que pypdf dice «este PDF no se puede leer».

pypdf falla con archivos dañados de formas no documentadas (KeyError, TypeError…); todas estas
cuentan como «PDF ilegible». `DependencyError` (falta `cryptography`) no es un `PyPdfError`.
"""

from __future__ import annotations

import struct
import zlib

from pypdf.errors import DependencyError, PyPdfError

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
