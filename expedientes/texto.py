"""Texto: normalización para buscar sin tildes ni mayúsculas, y validación antes de guardar."""

from __future__ import annotations

import re
import unicodedata

# Solo 0-9: `str.isdigit` también acepta dígitos arábigos, superíndices y otros que no son un NIT.
_DIGITOS = frozenset("0123456789")
_CORREO = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normalizar_busqueda(texto: str) -> str:
    """Minúsculas sin tildes ni diéresis, espacios colapsados; la ñ se conserva como n."""
    descompuesto = unicodedata.normalize("NFKD", texto.casefold())
    sin_marcas = "".join(c for c in descompuesto if not unicodedata.combining(c))
    return " ".join(sin_marcas.split())


def solo_digitos(texto: str) -> str:
    """Los dígitos del texto, en orden (para NIT y número patronal en cualquier formato)."""
    return "".join(c for c in texto if c in _DIGITOS)


def es_correo(texto: str) -> bool:
    """¿Tiene forma de dirección de correo (`nombre@dominio.tld`, sin espacios)?"""
    return _CORREO.fullmatch(texto) is not None


def problemas_de_texto(
    valor: str, nombre: str, maximo: int, *, multilinea: bool = False
) -> list[str]:
    """Lo que impide guardar un texto: caracteres de control (NUL incluido) o exceso de largo.

    PostgreSQL rechaza NUL y los textos más largos que su columna; SQLite los guarda callado. Se
    revisa antes, igual en ambos motores, y se dice en español qué corregir.
    """
    problemas = []
    permitidos = {"\n", "\r", "\t"} if multilinea else set()
    if any(unicodedata.category(c) in ("Cc", "Cs") and c not in permitidos for c in valor):
        problemas.append(f"{nombre} contiene caracteres de control no permitidos")
    if len(valor) > maximo:
        problemas.append(f"{nombre} excede {maximo} caracteres (tiene {len(valor)})")
    return problemas
