"""Normalización de texto para buscar sin importar tildes ni mayúsculas."""

from __future__ import annotations

import unicodedata

# Solo 0-9: `str.isdigit` también acepta dígitos arábigos, superíndices y otros que no son un NIT.
_DIGITOS = frozenset("0123456789")


def normalizar_busqueda(texto: str) -> str:
    """Minúsculas sin tildes ni diéresis, espacios colapsados; la ñ se conserva como n."""
    descompuesto = unicodedata.normalize("NFKD", texto.casefold())
    sin_marcas = "".join(c for c in descompuesto if not unicodedata.combining(c))
    return " ".join(sin_marcas.split())


def solo_digitos(texto: str) -> str:
    """Los dígitos del texto, en orden (para NIT y número patronal en cualquier formato)."""
    return "".join(c for c in texto if c in _DIGITOS)
