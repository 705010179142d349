"""La carga masiva de los datos sintéticos del archivo, para `benchmarks/archivo.py`.

Inserciones masivas en SQLite (los triggers llenan FTS5) y COPY en PostgreSQL; las filas del
índice las calcula el código de producción (`archivo.indice`), en paralelo y por lotes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from datos_archivo import Datos
from sqlalchemy import insert, text

from archivo import (
    TABLAS_FTS,
    DocumentoExpediente,
    FilasDelIndice,
    escribir_indice,
    filas_de_cabecera,
    filas_de_documento,
)
from expedientes import BaseDeDatos, Expediente, Patrono


def _lote_del_indice(trabajo: tuple[list[dict[str, Any]], dict[int, str]]) -> FilasDelIndice:
    """Filas del índice de un lote de documentos (en un proceso aparte)."""
    documentos, tipos = trabajo
    filas = FilasDelIndice()
    for d in documentos:
        fila = SimpleNamespace(**d, tipo_expediente=tipos[d["expediente_id"]])
        filas_de_documento(fila, filas)
    return filas


def _filas_del_indice(datos: Datos, lote: int = 20_000) -> Iterator[FilasDelIndice]:
    """Las filas del índice por lotes, calculadas por el código de producción en paralelo."""
    patronos = {p["id"]: p for p in datos.patronos}
    filas = FilasDelIndice()
    for e in datos.expedientes:
        p = patronos[e["patrono_id"]]
        fila = SimpleNamespace(**e, **{k: p[k] for k in ("razon_social", "nombre_comercial")})
        fila.numero_patronal, fila.nit = p["numero_patronal"], p["nit"]
        filas_de_cabecera(fila, filas)
    yield filas
    tipos = {e["id"]: e["tipo"] for e in datos.expedientes}
    trabajos = (
        (datos.documentos[i : i + lote], tipos) for i in range(0, len(datos.documentos), lote)
    )
    with multiprocessing.get_context("fork").Pool(2) as grupo:
        yield from grupo.imap(_lote_del_indice, trabajos)


def cargar_sqlite(bd: BaseDeDatos, datos: Datos) -> None:
    """Inserciones masivas (executemany) en una transacción; los triggers llenan FTS5."""
    with bd.engine.begin() as c:
        for modelo, filas in ((Patrono, datos.patronos), (Expediente, datos.expedientes)):
            c.execute(insert(modelo), filas)
        for i in range(0, len(datos.documentos), 50_000):
            c.execute(insert(DocumentoExpediente), datos.documentos[i : i + 50_000])
        for filas in _filas_del_indice(datos):
            escribir_indice(c, filas)
        for tabla in TABLAS_FTS:
            c.execute(text(f"INSERT INTO {tabla}({tabla}) VALUES ('optimize')"))
        c.execute(text("ANALYZE"))


def _copiar(cursor: Any, tabla: str, columnas: list[str], filas: list[dict[str, Any]]) -> None:
    """COPY de las `columnas` de cada fila a `tabla`."""
    with cursor.copy(f"COPY {tabla} ({', '.join(columnas)}) FROM STDIN") as copia:
        for fila in filas:
            copia.write_row([fila.get(c) for c in columnas])


def cargar_postgres(bd: BaseDeDatos, datos: Datos) -> None:
    """COPY de las tablas y del texto del índice; `tsvector` e índices GIN se construyen al final."""
    crudo = bd.engine.raw_connection()
    try:
        cur = crudo.driver_connection.cursor()  # type: ignore[union-attr]
        for tabla, filas in (
            ("patrono", datos.patronos),
            ("expediente", datos.expedientes),
            ("documento_expediente", datos.documentos),
        ):
            _copiar(cur, tabla, list(filas[0]), filas)
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{tabla}', 'id'), {len(filas)})")
        for tabla in ("busqueda_expediente", "busqueda_documento"):
            cur.execute(f"DROP INDEX ix_{tabla}_vector")
        cur.execute("CREATE TEMP TABLE palabras (tabla text, id int, exp int, fecha date, v text)")
        for filas in _filas_del_indice(datos):
            cabeceras = [{"tabla": "e", "id": f["expediente_id"], **f} for f in filas.cabeceras]
            docs = [{"tabla": "d", "id": f["documento_id"], **f} for f in filas.documentos]
            for f in cabeceras + docs:
                f["exp"], f["v"] = f["expediente_id"], f["vector"]
            _copiar(cur, "palabras", ["tabla", "id", "exp", "fecha", "v"], cabeceras + docs)
            _copiar(cur, "busqueda_clave", ["clave", "expediente_id", "documento_id"], filas.claves)
        # Las raíces tal cual, como `escribir_indice`: ninguna configuración las vuelve a reducir.
        vector = "array_to_tsvector(string_to_array(v, ' '))"
        cur.execute(
            f"INSERT INTO busqueda_expediente SELECT id, fecha, {vector} "
            "FROM palabras WHERE tabla = 'e'"
        )
        cur.execute(
            f"INSERT INTO busqueda_documento SELECT id, exp, fecha, {vector} "
            "FROM palabras WHERE tabla = 'd'"
        )
        cur.execute("SET maintenance_work_mem = '1GB'")
        for tabla in ("busqueda_expediente", "busqueda_documento"):
            cur.execute(f"CREATE INDEX ix_{tabla}_vector ON {tabla} USING gin (vector)")
        crudo.commit()
        cur.execute("ANALYZE")
        crudo.commit()
    finally:
        crudo.close()
