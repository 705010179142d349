"""La demostración cuenta una historia coherente: cada fecha de cada fila de cada tabla está
después de lo que la origina, en un día hábil y no después de hoy, y las fechas escritas en los
documentos dicen lo mismo (reglas en `demo_cronologia_*`).

Se revisan tres demostraciones: la de `recupera demo` (el día de hoy, con todo), una cargada en
proceso con todo en un día difícil (un sábado después de un feriado, con el año recién cambiado) y
la que se carga sin los servicios de la instalación, en ambos motores. Y cada regla prueba que
puede fallar: hay una historia rota que la hace fallar.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from expedientes import ZONA_LOCAL, Actor, ahora, crear_engine, hoy
from recupera.composicion import componer, registrar_plantillas
from recupera.demo import EstadoDemo, cargar_demo
from recupera.demo_reloj import momento
from tests.bd import sesion
from tests.recupera.conftest import liberar, nuevas_settings
from tests.recupera.demo_cronologia import Foto, Regla, tomar_foto
from tests.recupera.demo_cronologia_casos import (
    REGLAS_DE_CASOS,
    cerrados_sin_pendientes,
    expedientes_en_orden,
    gestiones_en_su_expediente,
    mora_importada_vencida,
)
from tests.recupera.demo_cronologia_reglas import REGLAS_GENERALES
from tests.recupera.demo_cronologia_roturas import ROTURAS
from tests.recupera.demo_cronologia_seguimiento import REGLAS_DE_SEGUIMIENTO
from tests.recupera.demo_cronologia_textos import REGLAS_DE_TEXTOS
from tests.recupera.servidor import copiar_demo

REGLAS = REGLAS_GENERALES + REGLAS_DE_CASOS + REGLAS_DE_TEXTOS + REGLAS_DE_SEGUIMIENTO
# Las que pone a prueba la demostración sin servicios (sin cartas, documentos ni convenios).
SIN_SERVICIOS = [
    *REGLAS_GENERALES,
    expedientes_en_orden,
    cerrados_sin_pendientes,
    mora_importada_vencida,
    gestiones_en_su_expediente,
]
# Sábado; el viernes 1 fue feriado: el último día trabajado es el jueves 31 de diciembre de 2026.
DIA_DIFICIL = date(2027, 1, 2)
ACTOR = Actor("prueba:cronologia")


def _nombre(regla: Regla) -> str:
    return regla.__name__


def _revisar(foto: Foto, regla: Regla) -> None:
    """La regla revisó algo y no encontró nada fuera de orden."""
    revision = regla(foto)
    assert revision.problemas == []
    assert revision.vistos > 0, f"{regla.__name__} no revisó nada"


def _foto(engine: Engine, dia: date) -> Foto:
    """La foto de una demostración cargada en proceso el `dia`: nada después del final del día."""
    return tomar_foto(engine, dia, momento(dia, 23, 59))


@pytest.fixture(scope="module")
def de_recupera_demo(plantilla_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Foto:
    """La demostración de `recupera demo` (la de `make run`), hecha hoy."""
    carpeta = tmp_path_factory.mktemp("cronologia")
    copiar_demo(plantilla_demo, carpeta)
    engine = crear_engine(f"sqlite:///{carpeta / 'recupera.db'}")
    try:
        return tomar_foto(engine, hoy(), ahora())
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def de_un_dia_dificil(plantilla_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Foto]:  # fmt: skip
    """La demostración completa (con los servicios de la instalación) cargada en proceso el
    `DIA_DIFICIL`."""
    carpeta = tmp_path_factory.mktemp("cronologia-dia-dificil")
    shutil.copy(plantilla_sqlite, carpeta / "recupera.db")
    url = f"sqlite:///{carpeta / 'recupera.db'}"
    servicios = componer(nuevas_settings(url, carpeta))
    registrar_plantillas(servicios)
    engine = crear_engine(url)
    try:
        with sesion(engine, ACTOR) as s:
            assert (
                cargar_demo(session=s, hoy=DIA_DIFICIL, servicios=servicios) is EstadoDemo.CARGADA
            )
        yield _foto(engine, DIA_DIFICIL)
    finally:
        engine.dispose()
        liberar(url)


@pytest.fixture(scope="module")
def sin_servicios(url_modulo: str) -> Foto:
    """La demostración sin servicios, en cada motor, cargada el `DIA_DIFICIL`."""
    engine = crear_engine(url_modulo)
    try:
        with sesion(engine, ACTOR) as s:
            assert cargar_demo(session=s, hoy=DIA_DIFICIL) is EstadoDemo.CARGADA
        return _foto(engine, DIA_DIFICIL)
    finally:
        engine.dispose()


@pytest.mark.lento
@pytest.mark.parametrize("regla", REGLAS, ids=_nombre)
def test_la_demo_de_hoy_cuenta_una_historia_en_orden(de_recupera_demo: Foto, regla: Regla) -> None:
    """La que carga `recupera demo` hoy cumple cada regla."""
    _revisar(de_recupera_demo, regla)


@pytest.mark.libreoffice
@pytest.mark.parametrize("regla", REGLAS, ids=_nombre)
def test_la_demo_de_un_dia_dificil_cuenta_una_historia_en_orden(de_un_dia_dificil: Foto, regla: Regla) -> None:  # fmt: skip
    """Cargada un sábado tras un feriado, con el año recién cambiado, cumple cada regla: nada
    pasa del jueves 31 de diciembre, el último día trabajado."""
    _revisar(de_un_dia_dificil, regla)


@pytest.mark.parametrize("regla", SIN_SERVICIOS, ids=_nombre)
def test_la_demo_sin_servicios_cuenta_una_historia_en_orden(sin_servicios: Foto, regla: Regla) -> None:  # fmt: skip
    """Sin cartas ni documentos, los expedientes, la mora y la bitácora también están en orden."""
    _revisar(sin_servicios, regla)


def test_lo_ultimo_de_un_dia_dificil_pasa_el_ultimo_dia_trabajado(sin_servicios: Foto) -> None:
    """Un sábado después de un feriado, lo último pasó el jueves anterior; y después de cargarla,
    el reloj vuelve a ser el de siempre."""
    ultimo = max(f["cuando"] for f in sin_servicios.filas["auditoria"])
    assert ultimo.astimezone(ZONA_LOCAL).date() == date(2026, 12, 31)
    assert abs(ahora() - datetime.now(UTC)) < timedelta(minutes=1)


def test_cada_regla_tiene_su_historia_rota() -> None:
    """Ninguna regla queda sin probar que puede fallar."""
    assert set(ROTURAS) == set(REGLAS)


@pytest.mark.lento
@pytest.mark.parametrize("regla", REGLAS, ids=_nombre)
def test_cada_regla_ve_su_historia_rota(de_recupera_demo: Foto, regla: Regla) -> None:
    """Lo mínimo fuera de orden en la demostración de hoy, y la regla lo encuentra."""
    rota = copy.deepcopy(de_recupera_demo)
    ROTURAS[regla](rota)
    assert regla(rota).problemas
