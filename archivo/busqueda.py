"""Buscar en el archivo: un expediente por sus identificadores, sus nombres o sus documentos.

Una consulta se parte en claves exactas (NIT en cualquier formato, número patronal, EXP-, CE-,
CS-, DRP-, acuerdos, actas) y palabras (cada una reducida a su raíz con sus tildes y plegada
después, sin tildes ni mayúsculas: `lexico`). Un expediente resulta cuando tiene todas las claves
(en su cabecera o en sus documentos), todas las palabras aparecen juntas en su cabecera o en uno
de sus documentos, y esa fila cae en los filtros (fechas `desde`/`hasta` del documento o de la
apertura; tipo del expediente o del documento).

Orden por relevancia: donde coincide la cabecera (razón social, nombre comercial, número, o una
clave buscada) primero; luego por cuántos documentos coinciden, cuán recientes son y el
expediente más nuevo. También por fecha de apertura, número de expediente o patrono (los órdenes
de la lista de expedientes). Se examina todo lo que coincide: el total es exacto y cada página
se alcanza; la base agrupa, cuenta, ordena y corta la página (`busqueda_sql`), y solo los 50 de
la página se leen y se presentan (`busqueda_resultados`). SQLite y PostgreSQL dan el mismo
resultado para los mismos datos.

La web pide una página (`buscar_pagina_en_archivo`); la consola, los primeros
(`buscar_en_archivo`). La consulta se interpreta en `busqueda_consulta`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, case, func, literal, or_, select
from sqlmodel import Session, col

from archivo.busqueda_consulta import Consulta, interpretar
from archivo.busqueda_resultados import ResultadoBusqueda, presentar
from archivo.busqueda_sql import coincidencias, documentos_que_coinciden
from expedientes import (
    ORDENES_EXPEDIENTES,
    TAMANO_PAGINA,
    ErrorDominio,
    Expediente,
    Pagina,
    Patrono,
    Usuario,
    pagina_de,
    solo_lo_de,
    ve_el_contenido,
)

LIMITE_BUSQUEDA = 500
# Cómo se puede ordenar una página de resultados (`clave` ascendente, `-clave` descendente): por
# relevancia (ver arriba), o como la lista de expedientes: por fecha de apertura, por número de
# expediente o por patrono (su razón social sin tildes ni mayúsculas), con el número de desempate.
ORDENES_BUSQUEDA = ("relevancia", "abierto", "numero", "patrono")
ORDEN_BUSQUEDA = "relevancia"
MAX_DOCUMENTOS = 5


@dataclass(frozen=True)
class PaginaDeBusqueda:
    """Una página de los expedientes encontrados, con el total exacto de lo encontrado."""

    pagina: Pagina
    resultados: list[ResultadoBusqueda]


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
    """La página `pedida` (un número, o «ultima») de los expedientes que coinciden y esta persona
    ve, con su total, en el `orden` pedido (uno de `ORDENES_BUSQUEDA`, con `-` al revés)."""
    consulta = interpretar(texto, desde, hasta, tipo)
    conexion = session.connection()
    lista = _lista(conexion, consulta, usuario, orden)
    if lista is None:
        return PaginaDeBusqueda(pagina_de(total=0, pedida=1), [])
    pagina, elegidos = _pagina(conexion, lista, pedida)
    return PaginaDeBusqueda(pagina, _presentar(conexion, consulta, elegidos))


def _pagina(
    conexion: Connection, lista: Select[Any], pedida: str | int | None
) -> tuple[Pagina, Sequence[Any]]:
    """La página pedida y sus filas. El total llega con las filas (la base recorre lo que
    coincide una sola vez); solo para «ultima», o una página que ya no existe, se cuenta antes."""
    if pedida != "ultima":
        numero = pagina_de(total=_SIN_FIN, pedida=pedida)
        filas = conexion.execute(lista.limit(numero.tamano).offset(numero.desplazamiento)).all()
        if filas:
            return pagina_de(total=filas[0].total, pedida=numero.numero), filas
    total = conexion.execute(select(func.count()).select_from(lista.subquery())).scalar_one()
    pagina = pagina_de(total=total, pedida=pedida)
    if not total:
        return pagina, []
    return pagina, conexion.execute(lista.limit(pagina.tamano).offset(pagina.desplazamiento)).all()


# Un total mayor que cualquier página que se pueda pedir (`pagina_de` lee hasta 7 cifras): para
# leer el número pedido antes de saber el total.
_SIN_FIN = 10**7 * TAMANO_PAGINA


def buscar_en_archivo(
    *,
    session: Session,
    texto: str,
    desde: date | None = None,
    hasta: date | None = None,
    tipo: str | None = None,
    limite: int = TAMANO_PAGINA,
    usuario: Usuario,
) -> list[ResultadoBusqueda]:
    """Los primeros `limite` (a lo sumo `LIMITE_BUSQUEDA`) expedientes que coinciden, los más
    relevantes primero, como los ve esta persona: de un expediente cuyos documentos no ve
    (`ve_el_contenido`) solo cuenta lo hallado en su cabecera, sin documentos ni fragmentos."""
    if limite < 1:
        raise ErrorDominio("No se pudo buscar.", ["El límite de resultados debe ser al menos 1."])
    consulta = interpretar(texto, desde, hasta, tipo)
    conexion = session.connection()
    lista = _lista(conexion, consulta, usuario, ORDEN_BUSQUEDA)
    if lista is None:
        return []
    elegidos = conexion.execute(lista.limit(min(limite, LIMITE_BUSQUEDA))).all()
    return _presentar(conexion, consulta, elegidos)


def _presentar(
    conexion: Connection, consulta: Consulta, elegidos: Sequence[Any]
) -> list[ResultadoBusqueda]:
    """Los expedientes elegidos (`e`, y `ve` si se ven sus documentos) con sus documentos que
    coinciden, los más recientes primero."""
    documentos = documentos_que_coinciden(
        conexion,
        consulta,
        [f.e for f in elegidos if f.ve],
        en_total=elegidos[0].documentos if elegidos else 0,
    )
    return presentar(
        conexion,
        consulta,
        [(f.e, documentos.get(f.e, [])[:MAX_DOCUMENTOS] if f.ve else []) for f in elegidos],
    )


def _lista(
    conexion: Connection, consulta: Consulta, usuario: Usuario, orden: str
) -> Select[Any] | None:
    """La consulta de los expedientes que coinciden y esta persona ve (`e`; `ve`: si ve sus
    documentos; `total` y `documentos`: cuántos expedientes y documentos coinciden en todo), en
    el orden pedido; None si no hay nada que buscar o no ve nada."""
    alcance = _alcance(usuario)
    if consulta.vacia or alcance is False:
        return None
    coincide = coincidencias(conexion, consulta)
    c = coincide.c
    clave = orden.lstrip("-") if orden.lstrip("-") in ORDENES_BUSQUEDA else ORDEN_BUSQUEDA
    if alcance is True:
        ve: ColumnElement[Any] = literal(1)
        documentos: ColumnElement[Any] = c.n
        reciente: ColumnElement[Any] = c.m
    else:
        ve = case((alcance, 1), else_=0)
        documentos, reciente = case((alcance, c.n), else_=0), case((alcance, c.m), else_=0)
    # Con cada fila, el total de expedientes y de documentos que coinciden (`OVER ()`: de todas).
    lista = select(
        c.e,
        ve.label("ve"),
        func.count().over().label("total"),
        func.sum(c.n).over().label("documentos"),
    ).select_from(coincide)
    if alcance is not True or clave != ORDEN_BUSQUEDA:
        lista = lista.join(Expediente, col(Expediente.id) == c.e)
    if alcance is not True:
        # De lo que no ve por dentro, solo lo hallado en su cabecera (con todas las claves).
        lista = lista.where(or_(alcance, and_(c.cab == 1, c.claves_cab == len(consulta.claves))))
    if clave == ORDEN_BUSQUEDA:
        return lista.order_by(c.cab.desc(), documentos.desc(), reciente.desc(), c.e.desc())
    if clave == "patrono":
        lista = lista.join(Patrono, col(Patrono.id) == col(Expediente.patrono_id))
    return _ordenada(lista, clave, descendente=orden.startswith("-"))


def _ordenada(lista: Select[Any], clave: str, *, descendente: bool) -> Select[Any]:
    """La lista en el orden de la lista de expedientes (`clave`), con el número de desempate."""
    expresion, numero = ORDENES_EXPEDIENTES[clave], col(Expediente.numero)
    if descendente:
        return lista.order_by(expresion.desc(), numero.desc())
    return lista.order_by(expresion.asc(), numero.asc())


def _alcance(usuario: Usuario) -> bool | ColumnElement[bool]:
    """Qué expedientes ve esta persona por dentro: todos (True), ninguno (False) o los que
    cumplen una condición sobre su gestor y su sellado. Solo un gestor ve menos que todo, y la
    condición es la de `ve_el_contenido` en cada caso posible (suyo o ajeno, sellado o no)."""
    yo = solo_lo_de(usuario)
    if yo is None:
        return ve_el_contenido(usuario, _Visto(None, None))
    gestor, sellado_en = col(Expediente.gestor_id), col(Expediente.sellado_en)
    suyo = {True: gestor == yo, False: or_(gestor.is_(None), gestor != yo)}
    sellado = {True: sellado_en.is_not(None), False: sellado_en.is_(None)}
    casos = [
        and_(suyo[es_suyo], sellado[esta_sellado])
        for es_suyo in (True, False)
        for esta_sellado in (True, False)
        if ve_el_contenido(
            usuario, _Visto(yo if es_suyo else None, _SELLADO if esta_sellado else None)
        )
    ]
    return or_(*casos) if casos else False


@dataclass(frozen=True)
class _Visto:
    """Lo que la política mira de un expediente (ver `expedientes.ExpedienteVisto`)."""

    gestor_id: int | None
    sellado_en: datetime | None


# Un instante cualquiera: la política solo mira si el expediente está sellado, no cuándo.
_SELLADO = datetime(2000, 1, 1, tzinfo=UTC)
