"""Números CE sin huecos ni repetidos con varios procesos registrando a la vez (ambos motores)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import UTC, datetime
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from archivo import Almacen
from correspondencia.modelos import Correspondencia
from correspondencia.registro import OrigenCarta, preparar_correo, registrar_carta
from correspondencia.reglas import ReglasDePlazo
from expedientes import ZONA_LOCAL, Actor, ahora, crear_engine
from tests.bd import sesion
from tests.correspondencia.corpus import mensaje

PROCESOS = 6
POR_PROCESO = 10
_EN_ESTE_PROCESO: dict[str, Any] = {}


def _recibir_barrera(barrera: Any) -> None:
    _EN_ESTE_PROCESO["barrera"] = barrera


def registrar_en_paralelo(url: str, blobs: str, indice: int) -> tuple[list[str], str]:
    """Trabajo de cada proceso: espera a los demás y registra sus cartas, una por transacción."""
    engine = crear_engine(url)
    almacen = Almacen(Path(blobs))
    numeros: list[str] = []
    try:
        _EN_ESTE_PROCESO["barrera"].wait(timeout=60)
        for j in range(POR_PROCESO):
            crudo = mensaje(asunto=f"Proceso {indice} carta {j} «Ñ&<>»", cuerpo="x")
            prep = preparar_correo(crudo, almacen=almacen)
            with sesion(engine, Actor(f"prueba:proceso-{indice}")) as s:
                carta = registrar_carta(
                    session=s,
                    preparado=prep,
                    origen=OrigenCarta("carpeta", nombre_archivo=f"{indice}-{j}.eml"),
                    recibido_en=datetime.now(UTC),
                    reglas=ReglasDePlazo(),
                )
                numeros.append(carta.numero)
        return numeros, ""
    except Exception as exc:  # se devuelve al proceso principal, que hace fallar la prueba
        return numeros, repr(exc)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def trabajadores() -> Iterator[Pool]:
    """Procesos `spawn` con una barrera común, reusados en ambos motores."""
    contexto = multiprocessing.get_context("spawn")
    barrera = contexto.Barrier(PROCESOS)
    pool = contexto.Pool(PROCESOS, initializer=_recibir_barrera, initargs=(barrera,))
    try:
        yield pool
    finally:
        pool.close()
        pool.join()


@pytest.mark.lento
def test_registros_concurrentes_numeran_sin_huecos_ni_repetidos(
    url_bd: str, session: Session, tmp_path: Path, trabajadores: Pool
) -> None:
    """6 procesos × 10 cartas a la vez: CE-AAAA-000001…000060, cada número una vez."""
    tareas = [(url_bd, str(tmp_path / "blobs"), i) for i in range(PROCESOS)]
    informes = trabajadores.starmap_async(registrar_en_paralelo, tareas, chunksize=1).get(180)
    assert [e for _, e in informes if e] == []
    anio = ahora().astimezone(ZONA_LOCAL).year
    esperados = [f"CE-{anio}-{n:06d}" for n in range(1, PROCESOS * POR_PROCESO + 1)]
    assert sorted(n for numeros, _ in informes for n in numeros) == esperados
    en_base = session.exec(select(Correspondencia.numero).order_by(col(Correspondencia.numero)))
    assert list(en_base.all()) == esperados
