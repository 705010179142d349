"""Sesiones de prueba abiertas como las abre la aplicación: con la bitácora y el índice del
archivo (las extensiones de `recupera.composicion`), sobre el engine de cada prueba."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from weakref import WeakKeyDictionary

from sqlalchemy import Engine
from sqlmodel import Session

from expedientes import Actor, BaseDeDatos
from recupera.composicion import EXTENSIONES_DE_SESION

_BASES: WeakKeyDictionary[Engine, BaseDeDatos] = WeakKeyDictionary()


def base_de(engine: Engine) -> BaseDeDatos:
    """La base de datos de este engine (una por engine)."""
    if engine not in _BASES:
        _BASES[engine] = BaseDeDatos(engine, EXTENSIONES_DE_SESION)
    return _BASES[engine]


@contextmanager
def sesion(engine: Engine, actor: Actor, *, solo_lectura: bool = False) -> Iterator[Session]:
    """Una transacción con actor que se confirma al salir (como `BaseDeDatos.sesion`)."""
    with base_de(engine).sesion(actor, solo_lectura=solo_lectura) as s:
        yield s


def nueva_sesion(engine: Engine) -> Session:
    """Una sesión suelta, sin actor: para leer lo que otra transacción confirmó."""
    return base_de(engine).nueva_sesion()
