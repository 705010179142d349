"""Las cifras de las páginas de inicio: carga por gestor y mora registrada, sumadas en SQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session

from expedientes import casos, tableros
from expedientes.modelos import DeudaPeriodo
from tests.expedientes.datos import NANDU, NIT_NANDU, HacerPatrono, HacerUsuario

HOY = date(2026, 11, 21)


def test_la_carga_cuenta_activos_y_atrasados_por_persona_y_omite_al_jefe_sin_casos(
    session: Session, hacer_patrono: HacerPatrono, hacer_usuario: HacerUsuario
) -> None:
    """Activos por gestor; atrasado = sin gestión (o sin apertura) en más de 30 días."""
    ana = hacer_usuario("ana", "gestor", nombre="Ana Núñez")
    beto = hacer_usuario("beto", "gestor", nombre="Beto Peña")
    hacer_usuario("jefa", "jefe", nombre="Jefa Sin Casos")
    hacer_usuario("inactivo", "gestor", activo=False)
    patrono = hacer_patrono()
    viejo = casos.abrir_expediente(
        session=session,
        numero_patronal=patrono.numero_patronal,
        tipo="cobro",
        hoy=HOY - timedelta(days=90),
        gestor=ana,
    )
    reciente = casos.abrir_expediente(
        session=session,
        numero_patronal=patrono.numero_patronal,
        tipo="cobro",
        hoy=HOY - timedelta(days=90),
        gestor=ana,
    )
    casos.registrar_gestion(
        session=session,
        expediente=reciente,
        tipo="llamada",
        fecha=HOY - timedelta(days=5),
        nota="Llamada a «Pérez & Cía»",
        autor=ana,
        hoy=HOY,
    )
    cerrado = casos.abrir_expediente(
        session=session,
        numero_patronal=patrono.numero_patronal,
        tipo="cobro",
        hoy=HOY - timedelta(days=10),
        gestor=beto,
    )
    casos.cambiar_etapa(
        session=session, expediente=cerrado, nueva="anulado", hoy=HOY, motivo="Duplicado"
    )
    carga = tableros.carga_por_gestor(session=session, hoy=HOY)
    assert [(c.usuario.nombre_usuario, c.activos, c.sin_gestion_reciente) for c in carga] == [
        ("ana", 2, 1),
        ("beto", 0, 0),
    ]
    assert viejo.gestor_id == ana.id


def test_la_mora_registrada_suma_exacta_solo_lo_no_pagado(
    session: Session, hacer_patrono: HacerPatrono
) -> None:
    """Cuotas y multas pendientes suman al centavo en ambos motores; lo pagado no cuenta."""
    uno = hacer_patrono()
    otro = hacer_patrono(numero_patronal="420987654", razon_social=NANDU, nit=NIT_NANDU)
    filas = [
        (uno.id, date(2025, 1, 1), "1234.56", "12.35", False),
        (uno.id, date(2025, 2, 1), "0.01", "0.00", False),
        (otro.id, date(2025, 1, 1), "999999.99", "0.99", False),
        (otro.id, date(2025, 2, 1), "500.00", "50.00", True),
    ]
    for patrono_id, periodo, cuota, multa, pagado in filas:
        session.add(
            DeudaPeriodo(
                patrono_id=patrono_id,
                periodo=periodo,
                cuota=Decimal(cuota),
                multa=Decimal(multa),
                fecha_limite_pago=periodo + timedelta(days=40),
                pagado=pagado,
            )
        )
    session.flush()
    assert tableros.mora_registrada(session=session) == (Decimal("1001234.56"), Decimal("13.34"), 2)


def test_sin_deuda_la_mora_registrada_es_cero(session: Session) -> None:
    """Una cartera vacía da ceros exactos, no None."""
    assert tableros.mora_registrada(session=session) == (Decimal("0.00"), Decimal("0.00"), 0)
