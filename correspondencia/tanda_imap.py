"""Registrar una tanda de mensajes IMAP en una transacción: toda junta en un punto de guardado
(el camino de siempre) o, si algo de ella falla, de a uno, cada uno en el suyo. Un mensaje que no
se puede guardar como se analizó se registra con lo mínimo; nunca se pierde ni detiene a los demás.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import ColumnElement
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from correspondencia import imap
from correspondencia.imap import FuenteImap
from correspondencia.modelos import Correspondencia
from correspondencia.registro import (
    Entrante,
    OrigenCarta,
    Preparado,
    minimo,
    registrar_carta,
    registrar_varios,
)
from correspondencia.reglas import ReglasDePlazo
from expedientes import ErrorDominio

log = logging.getLogger(__name__)


@dataclass
class ResultadoSondeo:
    """Qué pasó en una pasada."""

    registradas: list[str] = field(default_factory=list)
    ya_registradas: int = 0
    fallidas: list[str] = field(default_factory=list)


@dataclass
class Leido:
    """Un mensaje traído del servidor, esperando su preparación."""

    uid: int
    resumen: imap.Resumen
    grande: bool = False
    preparado: Preparado | None = None
    faltante: bool = False  # listado pero no entregado por el servidor


def registrar_tanda(
    s: Session,
    fuente: FuenteImap,
    uidvalidity: int,
    leidos: Sequence[Leido],
    reglas: ReglasDePlazo,
    resultado: ResultadoSondeo,
) -> dict[int, str | Literal[False] | None]:
    """Registra lo nuevo de la tanda en la transacción de `s`.

    Devuelve, por UID: el número asignado, None si ya estaba registrado, o False si no se pudo
    registrar (ni lo mínimo) o el servidor no lo entregó.
    """
    ya = _ya_registrados(s, fuente, uidvalidity, leidos)
    numeros: dict[int, str | Literal[False] | None] = dict(
        _registrar_juntos(s, reglas, fuente, uidvalidity, leidos, ya, resultado)
    )
    for leido in leidos:
        if leido.uid not in numeros:
            numeros[leido.uid] = _registrar_uno(
                s, reglas, fuente, uidvalidity, leido, ya, resultado
            )
    return numeros


def _registrar_juntos(
    s: Session,
    reglas: ReglasDePlazo,
    fuente: FuenteImap,
    uidvalidity: int,
    leidos: Sequence[Leido],
    ya: set[str],
    resultado: ResultadoSondeo,
) -> dict[int, str | None]:
    """El camino de siempre: toda la tanda en un solo punto de guardado (mucho más rápido).

    Si algo de la tanda falla, no queda nada de ella y se sigue mensaje por mensaje; devuelve
    {uid: número, o None si ya estaba registrado} de lo resuelto aquí.
    """
    nuevos: list[Leido] = []
    resueltos: dict[int, str | None] = {}
    vistos = set(ya)
    for leido in leidos:
        prep = leido.preparado
        if prep is None:
            continue
        if f"uid:{leido.uid}" in vistos or f"sha:{prep.sha256}" in vistos:
            resueltos[leido.uid] = None
        else:
            nuevos.append(leido)
        vistos.add(f"sha:{prep.sha256}")
    entrantes = [
        Entrante(leido.preparado, _origen(fuente, uidvalidity, leido), leido.resumen.llegada)
        for leido in nuevos
        if leido.preparado is not None
    ]
    try:
        with s.begin_nested():
            cartas = registrar_varios(session=s, entrantes=entrantes, reglas=reglas)
    except _ERRORES_DE_REGISTRO as exc:
        log.warning("la tanda de %s se registra de a uno: %s", fuente.nombre, exc)
        return {}
    resultado.ya_registradas += sum(1 for n in resueltos.values() if n is None)
    resultado.registradas += [c.numero for c in cartas]
    return resueltos | {leido.uid: c.numero for leido, c in zip(nuevos, cartas, strict=True)}


def _origen(fuente: FuenteImap, uidvalidity: int, leido: Leido) -> OrigenCarta:
    return OrigenCarta(
        "imap", fuente.buzon_id, fuente.carpeta, uidvalidity, leido.uid, not leido.grande
    )


def _registrar_uno(
    s: Session,
    reglas: ReglasDePlazo,
    fuente: FuenteImap,
    uidvalidity: int,
    leido: Leido,
    ya: set[str],
    resultado: ResultadoSondeo,
) -> str | Literal[False] | None:
    """Registra un mensaje en su punto de guardado; si lo analizado no cabe, lo mínimo.

    Devuelve el número, None si ya estaba registrado, o False si no se pudo (ni lo mínimo).
    """
    prep = leido.preparado
    if prep is None:
        return False
    if f"uid:{leido.uid}" in ya or f"sha:{prep.sha256}" in ya:
        resultado.ya_registradas += 1
        return None
    origen = _origen(fuente, uidvalidity, leido)
    try:
        numero = _en_punto_de_guardado(s, reglas, prep, origen, leido)
    except _ERRORES_DE_REGISTRO as exc:
        log.warning(
            "registro completo fallido para UID %s de %s: %s", leido.uid, fuente.nombre, exc
        )
        try:
            numero = _en_punto_de_guardado(s, reglas, minimo(prep, exc), origen, leido)
        except _ERRORES_DE_REGISTRO as otra:
            log.exception("no se pudo registrar el UID %s de %s", leido.uid, fuente.nombre)
            resultado.fallidas.append(f"UID {leido.uid}: {otra}")
            return False
    ya.add(f"sha:{prep.sha256}")
    resultado.registradas.append(numero)
    return numero


_ERRORES_DE_REGISTRO = (SQLAlchemyError, ErrorDominio, ValueError)


def _en_punto_de_guardado(
    s: Session, reglas: ReglasDePlazo, prep: Preparado, origen: OrigenCarta, leido: Leido
) -> str:
    """Registra dentro de un SAVEPOINT: si falla, la tanda sigue como si no lo hubiera intentado."""
    with s.begin_nested():
        return registrar_carta(
            session=s,
            preparado=prep,
            origen=origen,
            recibido_en=leido.resumen.llegada,
            reglas=reglas,
        ).numero


def en_la_carpeta(fuente: FuenteImap, uidvalidity: int) -> list[ColumnElement[bool]]:
    """Las cartas registradas desde esta carpeta de este buzón con este UIDVALIDITY."""
    return [
        col(Correspondencia.buzon_id) == fuente.buzon_id,
        col(Correspondencia.carpeta) == fuente.carpeta,
        col(Correspondencia.uidvalidity) == uidvalidity,
    ]


def _ya_registrados(
    s: Session, fuente: FuenteImap, uidvalidity: int, leidos: Sequence[Leido]
) -> set[str]:
    """Lo de la tanda que ya está registrado: por su UID en esta carpeta, o por su contenido
    exacto ya recibido en este buzón (cubre un UIDVALIDITY nuevo y el mensaje devuelto a la
    bandeja desde otra carpeta)."""
    uids = [leido.uid for leido in leidos]
    shas = [leido.preparado.sha256 for leido in leidos if leido.preparado is not None]
    por_uid = s.exec(
        select(Correspondencia.uid).where(
            *en_la_carpeta(fuente, uidvalidity), col(Correspondencia.uid).in_(uids)
        )
    ).all()
    por_contenido = s.exec(
        select(Correspondencia.sha256).where(
            Correspondencia.buzon_id == fuente.buzon_id, col(Correspondencia.sha256).in_(shas)
        )
    ).all()
    return {f"uid:{u}" for u in por_uid} | {f"sha:{h}" for h in por_contenido}
