"""Hacer una copia en línea, mientras la web, el sondeo y el envío siguen trabajando.

La base se lee en una sola transacción de lectura (una instantánea: en PostgreSQL `REPEATABLE
READ`, en SQLite la que da WAL a toda transacción de lectura), tabla por tabla, sin bloquear a
nadie. Después se copian los blobs: todo blob al que la instantánea se refiere ya estaba en el
almacén antes (se escribe antes de confirmar la fila que lo nombra, y nunca se borra), así que la
copia queda completa aunque entretanto lleguen otros. La copia se arma en una carpeta `.parcial`
y se publica con un solo `rename` al final: una copia interrumpida nunca parece terminada.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, select, text

from archivo import REFERENCIAS_A_BLOBS, Almacen
from expedientes import SOLO_LECTURA
from respaldo.formato import (
    BLOBS,
    DATOS,
    FORMATO,
    a_texto,
    carpeta_bloqueada,
    escribir_filas,
    escribir_manifiesto,
    ruta_de_blob,
    suma,
)
from respaldo.tablas import tablas_de

_CARPETA_DE_BLOB = 2  # los blobs viven en <raíz>/ab/<sha256>


@dataclass
class InformeCopia:
    """Lo que quedó en una copia: su carpeta, las filas por tabla y los blobs que se copiaron."""

    carpeta: Path
    filas: dict[str, int] = field(default_factory=dict)
    blobs: int = 0
    blobs_nuevos: int = 0
    bytes_nuevos: int = 0
    segundos: float = 0.0
    faltantes: list[str] = field(default_factory=list)


@contextmanager
def _instantanea(engine: Engine) -> Iterator[Connection]:
    """Una transacción de solo lectura que ve la base entera en un mismo instante."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as c, c.begin():
            c.exec_driver_sql("SET TRANSACTION READ ONLY")
            yield c
    else:
        with engine.connect().execution_options(**{SOLO_LECTURA: True}) as c, c.begin():
            yield c


def crear_copia(*, engine: Engine, almacen: Almacen, destino: Path) -> InformeCopia:
    """Hace una copia completa (base y blobs) en `destino/AAAAMMDD-HHMMSS/`."""
    with carpeta_bloqueada(destino):
        return _crear(engine, almacen, destino)


def _crear(engine: Engine, almacen: Almacen, destino: Path) -> InformeCopia:
    inicio = time.perf_counter()
    nombre = _nombre_libre(destino)
    parcial = destino / f".{nombre}.parcial"
    shutil.rmtree(parcial, ignore_errors=True)
    (parcial / DATOS).mkdir(parents=True)
    informe = InformeCopia(destino / nombre)
    with _instantanea(engine) as c:
        revision = c.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        referidos: set[str] = set()
        tablas = {t.name: _volcar(c, t, parcial, informe, referidos) for t in tablas_de(c)}
    presentes = _copiar_blobs(almacen, destino, informe)
    # Un blob que la base nombra y el almacén ya no tiene no se puede copiar: la copia se hace
    # igual (todo lo demás queda a salvo) y lo dice; verificarla o restaurarla lo volverá a decir.
    informe.faltantes = sorted(referidos - presentes)
    escribir_manifiesto(parcial, {
        "formato": FORMATO, "creada_en": datetime.now(UTC).isoformat(), "revision": revision,
        "motor": engine.dialect.name, "tablas": tablas, "blobs": sorted(presentes),
        "referidos": len(referidos), "faltantes": informe.faltantes,
    })  # fmt: skip
    os.replace(parcial, informe.carpeta)
    informe.segundos = time.perf_counter() - inicio
    return informe


def _nombre_libre(destino: Path) -> str:
    """El nombre de la copia por su hora (UTC), sin pisar otra del mismo segundo."""
    base = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    nombre, n = base, 1
    while (destino / nombre).exists():
        n += 1
        nombre = f"{base}-{n}"
    return nombre


def _volcar(
    c: Connection, tabla: Table, carpeta: Path, informe: InformeCopia, referidos: set[str]
) -> dict[str, Any]:
    """Escribe las filas de la tabla (en orden de su clave) y junta los blobs que nombran."""
    columnas = list(tabla.columns)
    con_blob = REFERENCIAS_A_BLOBS.get(tabla.name, ())
    consulta = select(tabla).order_by(*tabla.primary_key.columns)

    def filas() -> Iterator[dict[str, Any]]:
        for fila in c.execution_options(yield_per=2000).execute(consulta):
            datos = fila._mapping
            referidos.update(datos[n] for n in con_blob if datos[n])
            yield {col.name: a_texto(col, datos[col.name]) for col in columnas}

    ruta = carpeta / DATOS / f"{tabla.name}.jsonl.gz"
    informe.filas[tabla.name] = escribir_filas(ruta, filas())
    return {"filas": informe.filas[tabla.name], "sha256": suma(ruta)}


def blobs_del_almacen(raiz: Path) -> Iterator[Path]:
    """Cada blob de un almacén (o de la carpeta de blobs de las copias)."""
    if not raiz.is_dir():
        return
    for carpeta in sorted(raiz.iterdir()):
        if len(carpeta.name) == _CARPETA_DE_BLOB and carpeta.is_dir():
            yield from (b for b in carpeta.iterdir() if b.is_file() and len(b.name) == 64)


def _copiar_blobs(almacen: Almacen, destino: Path, informe: InformeCopia) -> set[str]:
    """Copia al destino los blobs que aún no tiene (cada uno a un temporal que luego se renombra,
    y todo al disco con un solo `sync` al final, antes de publicar la copia); devuelve todos los
    que el almacén tenía. Uno que ya está pero con otro tamaño (una copia anterior interrumpida)
    se vuelve a copiar."""
    presentes: set[str] = set()
    for origen in blobs_del_almacen(almacen.raiz):
        presentes.add(origen.name)
        copia = ruta_de_blob(destino, origen.name)
        tamano = origen.stat().st_size
        if copia.exists() and copia.stat().st_size == tamano:
            continue
        copia.parent.mkdir(parents=True, exist_ok=True)
        temporal = copia.with_name(f".{origen.name}.tmp")
        shutil.copyfile(origen, temporal)
        temporal.chmod(0o444)
        os.replace(temporal, copia)
        informe.blobs_nuevos += 1
        informe.bytes_nuevos += tamano
    informe.blobs = len(presentes)
    (destino / BLOBS).mkdir(exist_ok=True)
    os.sync()
    return presentes
