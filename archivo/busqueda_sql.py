"""El SQL de la búsqueda del archivo: qué filas del índice coinciden, agrupadas por expediente.

Todo lo que coincide se cuenta (sin tope de filas examinadas): una sola consulta agrupa, por
expediente, si coincide su cabecera, cuántos de sus documentos coinciden y el más reciente de
ellos, y cuántas de las claves buscadas trae su cabecera. `busqueda` la ordena y la pagina en la
base; aquí solo se arma, con los mismos nombres en ambos motores: SQLite pregunta a FTS5
(`MATCH`), PostgreSQL al `tsvector` (`@@`) con su índice GIN.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Integer, Subquery, TextClause, bindparam, column, text

from archivo.busqueda_consulta import Consulta

# Los expedientes que tienen todas las claves buscadas (en su cabecera o en sus documentos).
_CON_TODAS_LAS_CLAVES = (
    "(SELECT expediente_id FROM busqueda_clave WHERE clave IN :claves "
    "GROUP BY expediente_id HAVING COUNT(DISTINCT clave) = :n_claves)"
)
# Por expediente con todas las claves: si alguna está en su cabecera, los documentos que llevan
# alguna, y cuántas de las buscadas están en su cabecera.
_POR_CLAVES = (
    "SELECT expediente_id AS e, MAX(CASE WHEN documento_id IS NULL THEN 1 ELSE 0 END) AS cab, "
    "COUNT(DISTINCT documento_id) AS n, COALESCE(MAX(documento_id), 0) AS m, "
    "COUNT(DISTINCT CASE WHEN documento_id IS NULL THEN clave END) AS claves_cab "
    "FROM busqueda_clave WHERE clave IN :claves "
    "GROUP BY expediente_id HAVING COUNT(DISTINCT clave) = :n_claves"
)
# Hasta cuántos documentos que coinciden en todo el archivo conviene, en SQLite, leerlos todos de
# FTS5 para hallar los de una página; con más, se pregunta a FTS5 por cada documento de la página
# (barato en una lista larga, que FTS5 recorre a saltos; caro en una corta, que lee entera).
DOCUMENTOS_PARA_LEER_TODOS = 20_000


def con_texto(consulta: Consulta) -> bool:
    """¿Pide la consulta algo del texto del índice (palabras, filtros o fechas)?"""
    return bool(consulta.palabras or consulta.filtros or consulta.desde or consulta.hasta)


def _con_fts(consulta: Consulta) -> bool:
    """¿Hay palabras o fichas de filtro que preguntar al índice de texto?"""
    return bool(consulta.palabras or consulta.filtros)


def _filas(
    tabla: str, consulta: Consulta, postgres: bool, en: str | None, *, desde_fts: bool
) -> str:
    """El FROM … WHERE de las filas de `tabla` (alias `t`) que coinciden con palabras, filtros y
    fechas; si se da `en` (un subSELECT entre paréntesis o un parámetro que se expande), solo de
    esos expedientes. En SQLite, `desde_fts` recorre lo que FTS5 encuentra y busca cada fila; si
    no, recorre las filas de esos expedientes y pregunta a FTS5 por cada una (CROSS JOIN fija ese
    orden)."""
    rowid = "expediente_id" if tabla == "busqueda_expediente" else "documento_id"
    condiciones: list[str] = []
    desde = f"{tabla} t"
    if _con_fts(consulta):
        if postgres:
            condiciones.append("t.vector @@ CAST(:q AS tsquery)")
        else:
            desde = (
                f"{tabla}_fts f JOIN {tabla} t ON t.{rowid} = f.rowid"
                if desde_fts
                else f"{tabla} t CROSS JOIN {tabla}_fts f ON f.rowid = t.{rowid}"
            )
            condiciones.append(f"f.{tabla}_fts MATCH :q")
    if consulta.desde:
        condiciones.append("t.fecha >= :desde")
    if consulta.hasta:
        condiciones.append("t.fecha <= :hasta")
    if en is not None:
        condiciones.append(f"t.expediente_id IN {en}")
    return f"FROM {desde} WHERE {' AND '.join(condiciones) or '1 = 1'}"


def _por_texto(consulta: Consulta, postgres: bool) -> str:
    """Por expediente: si coincide su cabecera, cuántos documentos coinciden y el más reciente
    (acotado a los que tienen todas las claves, si se buscan claves)."""
    en = _CON_TODAS_LAS_CLAVES if consulta.claves else None
    partes = []
    if not consulta.solo_documentos:
        if postgres or en or consulta.desde or consulta.hasta or not _con_fts(consulta):
            desde = _filas("busqueda_expediente", consulta, postgres, en, desde_fts=en is None)
            partes.append(
                f"SELECT t.expediente_id AS e, 1 AS c, CAST(NULL AS INTEGER) AS d {desde}"
            )
        else:  # el rowid de FTS5 ya es el id del expediente: no hace falta leer la fila
            partes.append(
                "SELECT f.rowid AS e, 1 AS c, CAST(NULL AS INTEGER) AS d FROM "
                "busqueda_expediente_fts f WHERE f.busqueda_expediente_fts MATCH :q"
            )
    desde = _filas("busqueda_documento", consulta, postgres, en, desde_fts=en is None)
    partes.append(f"SELECT t.expediente_id AS e, 0 AS c, t.documento_id AS d {desde}")
    return (
        "SELECT u.e AS e, MAX(u.c) AS cab, COUNT(u.d) AS n, COALESCE(MAX(u.d), 0) AS m, "  # noqa: S608
        f"0 AS claves_cab FROM ({' UNION ALL '.join(partes)}) u GROUP BY u.e"
    )


def _sentencia(sql: str, consulta: Consulta, postgres: bool, **extra: Any) -> TextClause:
    """La sentencia con los parámetros de esta búsqueda que usa (las listas, expandidas)."""
    valores = {
        "q": consulta.tsquery() if postgres else consulta.fts5(),
        "desde": consulta.desde,
        "hasta": consulta.hasta,
        "claves": sorted(consulta.claves),
        "n_claves": len(consulta.claves),
        **extra,
    }
    sentencia = text(sql)
    for lista in ("claves", "en"):
        if f":{lista}" in sql:
            sentencia = sentencia.bindparams(bindparam(lista, expanding=True))
    return sentencia.bindparams(**{k: v for k, v in valores.items() if f":{k}" in sql})


def coincidencias(conexion: Connection, consulta: Consulta) -> Subquery:
    """Una fila por expediente que coincide: `e` (su id), `cab` (1 si coincide su cabecera),
    `n` (cuántos documentos coinciden), `m` (el id del más reciente, 0 sin ninguno) y
    `claves_cab` (cuántas de las claves buscadas están en su cabecera)."""
    postgres = conexion.dialect.name == "postgresql"
    sql = _por_texto(consulta, postgres) if con_texto(consulta) else _POR_CLAVES
    return (
        _sentencia(sql, consulta, postgres)
        .columns(*(column(c, Integer) for c in ("e", "cab", "n", "m", "claves_cab")))
        .subquery("coincide")
    )


def documentos_que_coinciden(
    conexion: Connection, consulta: Consulta, expedientes: Sequence[int], *, en_total: int
) -> dict[int, list[int]]:
    """Los documentos que coinciden de estos expedientes (los de una página), del más reciente
    al más antiguo: los que coinciden con el texto o, si solo se buscan claves, los que llevan
    alguna. `en_total`: cuántos documentos coinciden en todo el archivo (decide el camino)."""
    if not expedientes:
        return {}
    postgres = conexion.dialect.name == "postgresql"
    if con_texto(consulta):
        leer_todos = en_total <= DOCUMENTOS_PARA_LEER_TODOS
        desde = _filas("busqueda_documento", consulta, postgres, ":en", desde_fts=leer_todos)
        sql = f"SELECT t.expediente_id, t.documento_id {desde}"
    else:
        sql = (
            "SELECT DISTINCT expediente_id, documento_id FROM busqueda_clave "
            "WHERE clave IN :claves AND expediente_id IN :en AND documento_id IS NOT NULL"
        )
    documentos: dict[int, list[int]] = {}
    sentencia = _sentencia(f"{sql} ORDER BY 2 DESC", consulta, postgres, en=list(expedientes))
    for expediente_id, documento_id in conexion.execute(sentencia):
        documentos.setdefault(expediente_id, []).append(documento_id)
    return documentos
