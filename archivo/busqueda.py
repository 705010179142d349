"""Buscar en el archivo: un expediente por sus identificadores, sus nombres o sus documentos.

Una consulta se parte en claves exactas (NIT en cualquier formato, número patronal, EXP-, CE-,
CS-, DRP-, acuerdos, actas) y palabras (cada una reducida a su raíz con sus tildes y plegada
después, sin tildes ni mayúsculas: `lexico`). Un expediente resulta cuando tiene todas las claves
(en su cabecera o en sus documentos), todas las palabras aparecen juntas en su cabecera o en uno
de sus documentos, y esa fila cae en los filtros (fechas `desde`/`hasta` del documento o de la
apertura; tipo del expediente o del documento).

Orden: primero lo hallado por clave exacta; luego donde coincide la cabecera (razón social,
nombre comercial, número); luego por cuántos documentos coinciden y cuán recientes son. Cada
motor examina a lo sumo las `TOPE_FILAS` filas más recientes que coinciden, las mismas en ambos:
SQLite y PostgreSQL dan el mismo resultado para los mismos datos.

La web pide una página (`buscar_pagina_en_archivo`: 50 con el total de lo encontrado, en ese orden
o por fecha de apertura) y sabe si algún tope cortó lo examinado; la consola, los primeros.
La consulta se interpreta en `busqueda_consulta` y los elegidos se presentan en
`busqueda_resultados`; aquí se corre contra el índice y se decide qué resulta y en qué orden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlmodel import Session

from archivo.busqueda_consulta import Consulta, interpretar
from archivo.busqueda_resultados import ResultadoBusqueda, presentar
from archivo.indice import es_postgres
from expedientes import ErrorDominio, Pagina, Usuario, pagina_de, solo_lo_de, ve_el_contenido

LIMITE_BUSQUEDA = 500
# Cómo se puede ordenar una página de resultados: por relevancia (ver arriba) o por la fecha de
# apertura del expediente (`abierto` del más antiguo, `-abierto` del más reciente).
ORDENES_BUSQUEDA = ("relevancia", "abierto")
ORDEN_BUSQUEDA = "relevancia"
TOPE_FILAS = 1000
TOPE_CLAVES = 5000
TOPE_EXPEDIENTES_CLAVE = 1000
MAX_DOCUMENTOS = 5


def _filas(
    conexion: Connection, tabla: str, rowid: str, consulta: Consulta, en: Sequence[int] | None
) -> list[tuple[int, int]]:
    """Las filas (id, expediente) de una tabla del índice que coinciden, las más recientes."""
    condiciones: list[str] = []
    valores: dict[str, Any] = {"tope": TOPE_FILAS}
    desde_fts, orden = "", f"t.{rowid}"
    if consulta.palabras or consulta.filtros:
        if es_postgres(conexion):
            condiciones.append("t.vector @@ CAST(:q AS tsquery)")
            valores["q"] = consulta.tsquery()
        else:
            # Sin restricción, FTS5 entrega las filas en orden de rowid descendente y se detiene
            # en el tope; con una lista corta de expedientes, conviene recorrer esos y preguntar
            # a FTS5 fila por fila (CROSS JOIN fija ese orden en SQLite).
            union = "CROSS JOIN" if en is not None else "JOIN"
            desde_fts = f"{union} {tabla}_fts f ON f.rowid = t.{rowid} "
            orden = f"t.{rowid}" if en is not None else "f.rowid"
            condiciones.append(f"f.{tabla}_fts MATCH :q")
            valores["q"] = consulta.fts5()
    if consulta.desde:
        condiciones.append("t.fecha >= :desde")
        valores["desde"] = consulta.desde
    if consulta.hasta:
        condiciones.append("t.fecha <= :hasta")
        valores["hasta"] = consulta.hasta
    if en is not None:
        condiciones.append("t.expediente_id IN :en")
        valores["en"] = list(en)
    sql = (
        f"SELECT t.{rowid}, t.expediente_id FROM {tabla} t {desde_fts}"  # noqa: S608 (nombres fijos)
        f"WHERE {' AND '.join(condiciones) or '1 = 1'} ORDER BY {orden} DESC LIMIT :tope"
    )
    sentencia = text(sql)
    if en is not None:
        sentencia = sentencia.bindparams(bindparam("en", expanding=True))
    return [(a, b) for a, b in conexion.execute(sentencia, valores).all()]


@dataclass
class _Coincidencia:
    """Dónde coincide un expediente: su cabecera, sus documentos y las claves de su cabecera."""

    cabecera: bool = False
    documentos: list[int] = field(default_factory=list)
    claves_de_cabecera: set[str] = field(default_factory=set)


def _por_claves(conexion: Connection, consulta: Consulta) -> tuple[dict[int, _Coincidencia], bool]:
    """Los expedientes que tienen todas las claves, con las filas que las llevan, y si se
    examinó todo (ningún tope cortó las filas ni los expedientes)."""
    sentencia = text(
        "SELECT clave, expediente_id, documento_id FROM busqueda_clave "
        "WHERE clave IN :claves ORDER BY expediente_id DESC, COALESCE(documento_id, 0) DESC "
        "LIMIT :tope"
    ).bindparams(bindparam("claves", expanding=True))
    tiene: dict[int, set[str]] = {}
    coincidencias: dict[int, _Coincidencia] = {}
    filas = conexion.execute(
        sentencia, {"claves": sorted(consulta.claves), "tope": TOPE_CLAVES}
    ).all()
    for clave, expediente_id, documento_id in filas:
        tiene.setdefault(expediente_id, set()).add(clave)
        c = coincidencias.setdefault(expediente_id, _Coincidencia())
        if documento_id is None:
            c.cabecera = True
            c.claves_de_cabecera.add(clave)
        elif documento_id not in c.documentos:
            c.documentos.append(documento_id)
    completos = sorted((e for e, cs in tiene.items() if cs == consulta.claves), reverse=True)
    todo = len(filas) < TOPE_CLAVES and len(completos) <= TOPE_EXPEDIENTES_CLAVE
    return {e: coincidencias[e] for e in completos[:TOPE_EXPEDIENTES_CLAVE]}, todo


def _por_texto(
    conexion: Connection, consulta: Consulta, en: Sequence[int] | None
) -> tuple[dict[int, _Coincidencia], bool]:
    """Los expedientes cuya cabecera o alguno de cuyos documentos coincide con palabras y filtros,
    y si se examinó todo (ninguna tabla llegó a `TOPE_FILAS`)."""
    coincidencias: dict[int, _Coincidencia] = {}
    todo = True
    if not consulta.solo_documentos:
        cabeceras = _filas(conexion, "busqueda_expediente", "expediente_id", consulta, en)
        todo = len(cabeceras) < TOPE_FILAS
        for expediente_id, _ in cabeceras:
            coincidencias.setdefault(expediente_id, _Coincidencia()).cabecera = True
    documentos = _filas(conexion, "busqueda_documento", "documento_id", consulta, en)
    for documento_id, expediente_id in documentos:
        coincidencias.setdefault(expediente_id, _Coincidencia()).documentos.append(documento_id)
    return coincidencias, todo and len(documentos) < TOPE_FILAS


def _orden(item: tuple[int, _Coincidencia]) -> tuple[int, int, int, int]:
    """La clave de orden: cabecera primero, luego más documentos, más recientes, más nuevo."""
    expediente_id, c = item
    return (
        0 if c.cabecera else 1,
        -len(c.documentos),
        -max(c.documentos, default=0),
        -expediente_id,
    )


def buscar_en_archivo(
    *,
    session: Session,
    texto: str,
    desde: date | None = None,
    hasta: date | None = None,
    tipo: str | None = None,
    limite: int = 50,
    usuario: Usuario,
) -> list[ResultadoBusqueda]:
    """Los expedientes que coinciden, los mejores primero (ver el docstring del módulo), como los
    ve esta persona: de un expediente cuyos documentos no ve (`ve_el_contenido`) solo cuenta lo
    hallado en su cabecera, sin documentos ni fragmentos."""
    if limite < 1:
        raise ErrorDominio("No se pudo buscar.", ["El límite de resultados debe ser al menos 1."])
    consulta = interpretar(texto, desde, hasta, tipo)
    coincidencias, _ = _coincidencias(session.connection(), consulta, usuario)
    elegidos = sorted(coincidencias.items(), key=_orden)[: min(limite, LIMITE_BUSQUEDA)]
    return presentar(
        session.connection(), consulta, [(e, c.documentos[:MAX_DOCUMENTOS]) for e, c in elegidos]
    )


@dataclass(frozen=True)
class PaginaDeBusqueda:
    """Una página de los expedientes encontrados, con el total, y si la búsqueda examinó todas
    las filas que coinciden (`completa`) o se detuvo en un tope (el total es entonces un mínimo)."""

    pagina: Pagina
    resultados: list[ResultadoBusqueda]
    completa: bool


def buscar_pagina_en_archivo(
    *,
    session: Session,
    texto: str,
    desde: date | None = None,
    hasta: date | None = None,
    tipo: str | None = None,
    usuario: Usuario,
    pedida: str | int | None = 1,
    orden: str = ORDEN_BUSQUEDA,
) -> PaginaDeBusqueda:
    """La página `pedida` (un número, o «ultima») de lo que `buscar_en_archivo` encuentra, con su
    total, en el orden de relevancia o por la fecha de apertura (`abierto`, `-abierto`)."""
    consulta = interpretar(texto, desde, hasta, tipo)
    conexion = session.connection()
    coincidencias, completa = _coincidencias(conexion, consulta, usuario)
    if orden.lstrip("-") == "abierto":
        ordenados = _por_apertura(conexion, coincidencias, descendente=orden.startswith("-"))
    else:
        ordenados = sorted(coincidencias.items(), key=_orden)
    pagina = pagina_de(total=len(ordenados), pedida=pedida)
    elegidos = ordenados[pagina.desplazamiento : pagina.desplazamiento + pagina.tamano]
    return PaginaDeBusqueda(
        pagina,
        presentar(conexion, consulta, [(e, c.documentos[:MAX_DOCUMENTOS]) for e, c in elegidos]),
        completa,
    )


def _coincidencias(
    conexion: Connection, consulta: Consulta, usuario: Usuario
) -> tuple[dict[int, _Coincidencia], bool]:
    """Los expedientes que coinciden y esta persona ve, y si se examinó todo lo que coincide."""
    if consulta.vacia:
        return {}, True
    if consulta.claves:
        coincidencias, completa = _por_claves(conexion, consulta)
        if coincidencias and (
            consulta.palabras or consulta.filtros or consulta.desde or consulta.hasta
        ):
            coincidencias, en_texto = _por_texto(conexion, consulta, list(coincidencias))
            completa = completa and en_texto
    else:
        coincidencias, completa = _por_texto(conexion, consulta, None)
    return _lo_que_ve(conexion, consulta, coincidencias, usuario), completa


def _por_apertura(
    conexion: Connection, coincidencias: dict[int, _Coincidencia], *, descendente: bool
) -> list[tuple[int, _Coincidencia]]:
    """Las coincidencias por la fecha de apertura de su expediente (y su id, como desempate)."""
    if not coincidencias:
        return []
    apertura: dict[int, Any] = dict(
        conexion.execute(
            text("SELECT id, abierto_el FROM expediente WHERE id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": list(coincidencias)},
        ).all()
    )
    return sorted(
        ((e, c) for e, c in coincidencias.items() if e in apertura),
        key=lambda item: (str(apertura[item[0]]), item[0]),
        reverse=descendente,
    )


def _lo_que_ve(
    conexion: Connection,
    consulta: Consulta,
    coincidencias: dict[int, _Coincidencia],
    usuario: Usuario,
) -> dict[int, _Coincidencia]:
    """Las coincidencias que esta persona puede ver. Solo un gestor ve menos que todo (y lo que
    ve depende de cada expediente: su gestor y si está sellado)."""
    if solo_lo_de(usuario) is None or not coincidencias:
        return coincidencias if ve_el_contenido(usuario, _TODO_VISIBLE) else {}
    filas = conexion.execute(
        text("SELECT id, gestor_id, sellado_en FROM expediente WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        ),
        {"ids": list(coincidencias)},
    )
    vistas = {}
    for expediente_id, gestor_id, sellado_en in filas:
        c = coincidencias[expediente_id]
        if ve_el_contenido(usuario, _Visto(gestor_id, sellado_en)):
            vistas[expediente_id] = c
        elif c.cabecera and c.claves_de_cabecera >= consulta.claves:
            vistas[expediente_id] = _Coincidencia(True, [], c.claves_de_cabecera)
    return vistas


@dataclass(frozen=True)
class _Visto:
    """Lo que la política mira de un expediente (ver `expedientes.ExpedienteVisto`)."""

    gestor_id: int | None
    sellado_en: Any


# Para quien no se limita a sus expedientes, lo que ve no depende del expediente.
_TODO_VISIBLE = _Visto(None, None)
