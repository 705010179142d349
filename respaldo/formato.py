"""El formato de una copia de respaldo, igual para los dos motores (como el exportador de
Paperless-ngx): cada tabla en un archivo JSON por líneas comprimido, los valores escritos según el
tipo de su columna (fechas en ISO 8601, montos como texto decimal exacto), y un manifiesto con la
suma sha256 de cada archivo y la lista de blobs.

Disposición de una carpeta de copias:

    <carpeta>/blobs/ab/<sha256>           los blobs, compartidos por todas las copias
    <carpeta>/AAAAMMDD-HHMMSS/manifiesto.json
    <carpeta>/AAAAMMDD-HHMMSS/manifiesto.sha256
    <carpeta>/AAAAMMDD-HHMMSS/datos/<tabla>.jsonl.gz

Los blobs se direccionan por su contenido: una copia nueva copia solo los que aún no están.
"""

from __future__ import annotations

import base64
import fcntl
import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Integer, LargeBinary, Numeric
from sqlalchemy.types import TypeDecorator

FORMATO = 1
MANIFIESTO = "manifiesto.json"
SUMA_DEL_MANIFIESTO = "manifiesto.sha256"
DATOS = "datos"
BLOBS = "blobs"
BLOQUEO = ".bloqueo"
# Las tablas que se derivan de otras y se reconstruyen al restaurar (el índice de búsqueda: su
# columna es `tsvector` en PostgreSQL y texto en SQLite) y la versión del esquema, que se migra.
DERIVADAS = frozenset(
    {"busqueda_expediente", "busqueda_documento", "busqueda_clave", "alembic_version"}
)


def _tipo(columna: Column[Any]) -> Any:
    """El tipo de la columna tal como se guarda (sin el decorador que lo envuelve)."""
    tipo = columna.type
    return tipo.impl if isinstance(tipo, TypeDecorator) else tipo


def a_texto(columna: Column[Any], valor: Any) -> Any:
    """El valor de la columna como lo escribe el JSON de la copia."""
    if valor is None:
        return None
    if isinstance(valor, datetime | date):
        return valor.isoformat()
    if isinstance(valor, Decimal):
        return str(valor)
    if isinstance(valor, bytes | memoryview):
        return base64.b64encode(bytes(valor)).decode("ascii")
    return valor


def de_texto(columna: Column[Any], valor: Any) -> Any:
    """El valor leído de la copia, vuelto al tipo de la columna."""
    if valor is None:
        return None
    tipo = _tipo(columna)
    if isinstance(tipo, DateTime):
        return datetime.fromisoformat(valor)
    if isinstance(tipo, Date):
        return date.fromisoformat(valor)
    if isinstance(tipo, Numeric) and not isinstance(tipo, Integer):
        return Decimal(valor)
    if isinstance(tipo, LargeBinary):
        return base64.b64decode(valor)
    if isinstance(tipo, Boolean):
        return bool(valor)
    if isinstance(tipo, JSON):
        return valor
    return valor


def suma(ruta: Path) -> str:
    """El sha256 de un archivo, leído por bloques."""
    h = hashlib.sha256()
    with ruta.open("rb") as f:
        for bloque in iter(lambda: f.read(1 << 20), b""):
            h.update(bloque)
    return h.hexdigest()


def escribir_filas(ruta: Path, filas: Iterable[dict[str, Any]]) -> int:
    """Escribe las filas (una por línea) comprimidas; devuelve cuántas."""
    cuantas = 0
    with gzip.open(ruta, "wt", encoding="utf-8", compresslevel=6) as f:
        for fila in filas:
            f.write(json.dumps(fila, ensure_ascii=False, separators=(",", ":")) + "\n")
            cuantas += 1
    return cuantas


def leer_filas(ruta: Path) -> Iterator[dict[str, Any]]:
    """Las filas de un archivo de datos de la copia."""
    with gzip.open(ruta, "rt", encoding="utf-8") as f:
        for linea in f:
            yield json.loads(linea)


def escribir_manifiesto(carpeta: Path, manifiesto: dict[str, Any]) -> None:
    """El manifiesto y, al lado, su propia suma (para notar un manifiesto alterado)."""
    texto = json.dumps(manifiesto, ensure_ascii=False, indent=1, sort_keys=True)
    (carpeta / MANIFIESTO).write_text(texto, "utf-8")
    (carpeta / SUMA_DEL_MANIFIESTO).write_text(
        hashlib.sha256(texto.encode("utf-8")).hexdigest() + "\n", "ascii"
    )


def ruta_de_blob(raiz: Path, sha256: str) -> Path:
    """Dónde está un blob en la carpeta de copias (la misma disposición que el almacén)."""
    return raiz / BLOBS / sha256[:2] / sha256


@contextmanager
def carpeta_bloqueada(destino: Path) -> Iterator[None]:
    """La carpeta de copias para uno solo: hacer una copia y podar se esperan (una copia a mano o
    la de `db upgrade` no pierde los blobs que la poda programada borraría mientras tanto). Un
    `flock` sobre `<carpeta>/.bloqueo`: lo suelta el sistema aunque el proceso muera."""
    destino.mkdir(parents=True, exist_ok=True)
    with (destino / BLOQUEO).open("a") as archivo:
        fcntl.flock(archivo, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(archivo, fcntl.LOCK_UN)
