"""Un solo sondeo por fuente a la vez: candado consultivo en PostgreSQL, archivo con flock en
SQLite (la base incrustada vive en una sola máquina, igual que su carpeta de datos)."""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from expedientes import ErrorDominio

# Espacio de claves propio, para no chocar con candados consultivos de otras aplicaciones.
_CLASE = 0x52454355  # "RECU"


class FuenteOcupada(ErrorDominio):
    """Otro proceso está sondeando esta fuente en este momento."""


@contextmanager
def candado_de_fuente(engine: Engine, fuente: str, carpeta_candados: Path) -> Iterator[None]:
    """Toma el candado de la fuente sin esperar; si otro lo tiene, lanza FuenteOcupada."""
    if engine.dialect.name == "postgresql":
        with _candado_postgres(engine, fuente):
            yield
    else:
        with _candado_archivo(carpeta_candados, fuente):
            yield


@contextmanager
def _candado_postgres(engine: Engine, fuente: str) -> Iterator[None]:
    # El candado es de la conexión: se mantiene abierta (fuera del pool) mientras dure el sondeo.
    with engine.connect() as conexion:
        # Los candados consultivos son de toda la base: el esquema entra en la clave para que dos
        # instalaciones en esquemas distintos de un mismo servidor no se estorben.
        clave = conexion.execute(
            text("SELECT hashtext(current_schema() || ':' || :fuente)"), {"fuente": fuente}
        ).scalar_one()
        tomado = conexion.execute(
            text("SELECT pg_try_advisory_lock(:clase, :clave)"), {"clase": _CLASE, "clave": clave}
        ).scalar_one()
        conexion.commit()
        if not tomado:
            raise FuenteOcupada(f"Otro proceso está sondeando «{fuente}»; se omite esta vez.")
        try:
            yield
        finally:
            conexion.execute(
                text("SELECT pg_advisory_unlock(:clase, :clave)"), {"clase": _CLASE, "clave": clave}
            )
            conexion.commit()


@contextmanager
def _candado_archivo(carpeta: Path, fuente: str) -> Iterator[None]:
    carpeta.mkdir(parents=True, exist_ok=True)
    nombre = hashlib.sha256(fuente.encode()).hexdigest()[:16] + ".lock"
    fd = os.open(carpeta / nombre, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FuenteOcupada(
                f"Otro proceso está sondeando «{fuente}»; se omite esta vez."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
