"""Numeración correlativa sin huecos: por serie y año, con reversión y con procesos concurrentes."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import date
from multiprocessing.pool import Pool
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from expedientes import crear_engine, numeracion
from expedientes.auditoria import Actor
from expedientes.casos import abrir_expediente
from expedientes.modelos import Expediente, Secuencia
from tests.bd import nueva_sesion, sesion
from tests.expedientes.datos import HacerPatrono

PROCESOS = 6
POR_PROCESO = 10
NUMERO_PATRONAL = "310145678"


def test_la_primera_serie_del_anio_empieza_en_uno_y_sigue_sin_saltos(session: Session) -> None:
    """Los números de una serie y año empiezan en 1 y avanzan de uno en uno."""
    numeros = [
        numeracion.siguiente_numero(session=session, serie="EXP", anio=2026) for _ in range(4)
    ]
    assert numeros == [1, 2, 3, 4]


def test_cada_serie_y_cada_anio_llevan_su_propia_cuenta(session: Session) -> None:
    """Otro año u otra serie empiezan en 1 sin afectar a los demás contadores."""
    assert numeracion.siguiente_numero(session=session, serie="EXP", anio=2026) == 1
    assert numeracion.siguiente_numero(session=session, serie="EXP", anio=2026) == 2
    assert numeracion.siguiente_numero(session=session, serie="EXP", anio=2025) == 1
    assert numeracion.siguiente_numero(session=session, serie="CE", anio=2026) == 1
    assert numeracion.siguiente_numero(session=session, serie="EXP", anio=2026) == 3
    assert numeracion.siguiente_numero(session=session, serie="CE", anio=2026) == 2
    assert numeracion.siguiente_numero(session=session, serie="EXP", anio=2025) == 2


def test_el_numero_confirmado_persiste_entre_sesiones(session: Session, engine: Engine) -> None:
    """Tras confirmar, otra sesión continúa desde el último número, no desde 1."""
    numeracion.siguiente_numero(session=session, serie="CE", anio=2026)
    numeracion.siguiente_numero(session=session, serie="CE", anio=2026)
    session.commit()
    with nueva_sesion(engine) as otra:
        assert numeracion.siguiente_numero(session=otra, serie="CE", anio=2026) == 3
        otra.commit()


def test_una_transaccion_revertida_no_deja_hueco(session: Session) -> None:
    """Si la transacción que tomó un número se revierte, el mismo número vuelve a salir."""
    assert numeracion.siguiente_numero(session=session, serie="EXP", anio=2026) == 1
    session.commit()
    assert numeracion.siguiente_numero(session=session, serie="EXP", anio=2026) == 2
    session.rollback()
    assert numeracion.siguiente_numero(session=session, serie="EXP", anio=2026) == 2


def test_revertir_el_primer_numero_de_una_serie_nueva_no_deja_hueco(session: Session) -> None:
    """Revertir incluso la creación del contador deja la serie empezando otra vez en 1."""
    assert numeracion.siguiente_numero(session=session, serie="CE", anio=2027) == 1
    session.rollback()
    assert numeracion.siguiente_numero(session=session, serie="CE", anio=2027) == 1


def test_formatear_rellena_con_ceros_segun_la_serie() -> None:
    """`SERIE-AAAA-NNNN…` con el ancho de cada serie."""
    assert numeracion.formatear_numero("EXP", 2026, 1, 5) == "EXP-2026-00001"
    assert numeracion.formatear_numero("CE", 2026, 123, 6) == "CE-2026-000123"
    assert numeracion.formatear_numero("EXP", 2026, 123456, 5) == "EXP-2026-123456"


_EN_ESTE_PROCESO: dict[str, Any] = {}


def _recibir_barrera(barrera: Any) -> None:
    """Inicializador de cada proceso trabajador: guarda la barrera compartida."""
    _EN_ESTE_PROCESO["barrera"] = barrera


def abrir_en_paralelo(url: str, indice: int, cuantos: int) -> tuple[int, list[str], str]:
    """Trabajo de cada proceso: espera a los demás y abre `cuantos` expedientes, uno por transacción."""
    engine = crear_engine(url)
    numeros: list[str] = []
    try:
        _EN_ESTE_PROCESO["barrera"].wait(timeout=60)
        for _ in range(cuantos):
            with sesion(engine, Actor(f"prueba:proceso-{indice}")) as s:
                expediente = abrir_expediente(
                    session=s,
                    numero_patronal=NUMERO_PATRONAL,
                    tipo="cobro",
                    hoy=date(2026, 3, 2),
                    asunto=f"Mora de Pérez & Cía, proceso {indice}",
                )
                numeros.append(expediente.numero)
        return indice, numeros, ""
    except Exception as exc:  # se devuelve al proceso principal, que hace fallar la prueba
        return indice, numeros, repr(exc)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def trabajadores() -> Iterator[Pool]:
    """Procesos `spawn` con una barrera común; se reúsan en ambos motores (arrancar cuesta ~1 s)."""
    contexto = multiprocessing.get_context("spawn")
    barrera = contexto.Barrier(PROCESOS)
    pool = contexto.Pool(PROCESOS, initializer=_recibir_barrera, initargs=(barrera,))
    try:
        yield pool
    finally:
        pool.close()
        pool.join()


@pytest.mark.lento
def test_procesos_concurrentes_obtienen_numeros_unicos_y_sin_huecos(
    url_bd: str, session: Session, hacer_patrono: HacerPatrono, trabajadores: Pool
) -> None:
    """6 procesos que abren 10 expedientes a la vez obtienen EXP-2026-00001..00060, sin repetir."""
    hacer_patrono(numero_patronal=NUMERO_PATRONAL)
    session.commit()

    # Cada proceso toma una sola tarea: la barrera lo retiene hasta que los seis tienen la suya.
    tareas = [(url_bd, i, POR_PROCESO) for i in range(PROCESOS)]
    informes = trabajadores.starmap_async(abrir_en_paralelo, tareas, chunksize=1).get(timeout=180)

    assert sorted(i for i, _, _ in informes) == list(range(PROCESOS))
    errores = [f"proceso {i}: {error}" for i, _, error in informes if error]
    assert errores == []
    asignados = sorted(n for _, numeros, _ in informes for n in numeros)
    esperados = [f"EXP-2026-{n:05d}" for n in range(1, PROCESOS * POR_PROCESO + 1)]
    assert asignados == esperados

    session.expire_all()
    en_base = session.exec(select(Expediente.numero).order_by(col(Expediente.numero))).all()
    assert list(en_base) == esperados
    contador = session.exec(select(Secuencia).where(Secuencia.serie == "EXP")).one()
    assert (contador.anio, contador.ultimo) == (2026, PROCESOS * POR_PROCESO)
