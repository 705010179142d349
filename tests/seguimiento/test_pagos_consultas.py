"""Qué pagos ve cada persona y sus totales: la regla vive en el servicio, no en la página."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session

from expedientes import (
    AccesoDenegado,
    Usuario,
    abrir_expediente,
    crear_usuario,
    registrar_patrono,
)
from seguimiento import (
    COLUMNAS_PAGOS,
    FiltrosPagos,
    importar_pagos,
    pagos_visibles,
    totales_de_pagos,
)
from tests.expedientes.datos import NIT_NANDU, NIT_PEREZ, csv_texto

HOY = date(2027, 3, 1)
PEREZ, NANDU = "310145678", "320099001"
CONTRASENA = "Cuscatlán-2026-segura"


def _persona(session: Session, nombre: str, rol: str) -> Usuario:
    return crear_usuario(session=session, nombre_usuario=nombre, nombre_completo=nombre.title(),
                         rol=rol, contrasena=CONTRASENA)  # fmt: skip


def _dos_carteras(session: Session) -> tuple[Usuario, Usuario]:
    """Pérez & Cía en San Salvador con Carlos; Ñandú en Santa Tecla con Ana; tres pagos."""
    carlos, ana = (
        _persona(session, "carlos.mejia", "gestor"),
        _persona(session, "ana.hernandez", "gestor"),
    )
    for numero, nit, razon, sucursal, gestor in (
        (PEREZ, NIT_PEREZ, "Pérez & Cía <S.A. de C.V.>", "San Salvador", carlos),
        (NANDU, NIT_NANDU, 'Distribuidora "Ñandú" {{ x }}', "Santa Tecla", ana),
    ):
        registrar_patrono(session=session, campos={"numero_patronal": numero, "nit": nit,
                                                   "razon_social": razon, "sucursal": sucursal})  # fmt: skip
        abrir_expediente(
            session=session, numero_patronal=numero, tipo="cobro", hoy=HOY, gestor=gestor
        )
    filas = [
        [PEREZ, "2027-02-10", "1234.56", "P-1"],
        [PEREZ, "2027-02-20", "100.00", "P-2"],
        [NANDU, "2027-02-15", "999.99", "N-1"],
    ]
    contenido = csv_texto([list(COLUMNAS_PAGOS), *filas], ",").encode("utf-8")
    importar_pagos(session=session, contenido=contenido, hoy=HOY)
    return carlos, ana


def test_un_gestor_ve_solo_los_pagos_de_sus_patronos_y_sus_totales(session: Session) -> None:
    """GIVEN pagos de dos patronos, cada uno de un gestor WHEN cada gestor pide la lista por el
    servicio THEN ve solo los de sus expedientes, con totales de esos; el jefe ve todos."""
    carlos, ana = _dos_carteras(session)
    jefe = _persona(session, "jose.aguilar", "jefe")
    de_carlos = pagos_visibles(session=session, usuario=carlos, filtros=FiltrosPagos())
    assert [p.referencia for p, _ in de_carlos.filas] == ["P-2", "P-1"]
    suyos = totales_de_pagos(session=session, usuario=carlos, filtros=FiltrosPagos())
    assert (suyos.cantidad, suyos.monto) == (2, Decimal("1334.56"))
    assert de_carlos.solo_lo_suyo
    de_ana = pagos_visibles(session=session, usuario=ana, filtros=FiltrosPagos())
    assert [p.referencia for p, _ in de_ana.filas] == ["N-1"]
    todos = pagos_visibles(session=session, usuario=jefe, filtros=FiltrosPagos())
    totales = totales_de_pagos(session=session, usuario=jefe, filtros=FiltrosPagos())
    assert (totales.cantidad, totales.monto, todos.solo_lo_suyo) == (3, Decimal("2334.55"), False)
    santa_tecla = pagos_visibles(
        session=session, usuario=jefe, filtros=FiltrosPagos(sucursal="Santa Tecla")
    )
    assert [p.referencia for p, _ in santa_tecla.filas] == ["N-1"]


def test_quien_no_sigue_los_casos_no_ve_pagos(session: Session) -> None:
    """El archivo y el administrador no siguen convenios ni pagos: el servicio los rechaza."""
    _dos_carteras(session)
    for nombre, rol in (("rosa.portillo", "archivo"), ("sistemas", "admin")):
        persona = _persona(session, nombre, rol)
        with pytest.raises(AccesoDenegado):
            pagos_visibles(session=session, usuario=persona, filtros=FiltrosPagos())
        with pytest.raises(AccesoDenegado):
            totales_de_pagos(session=session, usuario=persona, filtros=FiltrosPagos())
