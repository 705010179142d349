"""Meses de mora, recargo del Art. 33 y estado de deuda de un patrono contra la base real."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from expedientes.deuda import estado_de_deuda, meses_de_mora, recargo
from expedientes.modelos import DeudaPeriodo
from tests.bd import nueva_sesion
from tests.expedientes.datos import NANDU, NIT_NANDU, HacerPatrono

UNO = Decimal("0.01")
DOS = Decimal("0.02")


@pytest.mark.parametrize(
    ("fecha_limite", "corte", "esperado"),
    [
        # No vencido: el mismo día o antes.
        (date(2025, 2, 10), date(2025, 2, 10), 0),
        (date(2025, 2, 10), date(2025, 1, 31), 0),
        # Fracción de mes: un día tarde ya es un mes.
        (date(2025, 2, 10), date(2025, 2, 11), 1),
        # Exactamente un mes: sigue siendo uno; un día más, dos.
        (date(2025, 2, 10), date(2025, 3, 10), 1),
        (date(2025, 2, 10), date(2025, 3, 11), 2),
        (date(2025, 2, 10), date(2025, 6, 15), 5),
        # Fin de mes: 31 de enero + 1 mes = 28 de febrero.
        (date(2025, 1, 31), date(2025, 2, 1), 1),
        (date(2025, 1, 31), date(2025, 2, 28), 1),
        (date(2025, 1, 31), date(2025, 3, 1), 2),
        (date(2025, 1, 31), date(2025, 3, 31), 2),
        (date(2025, 1, 31), date(2025, 4, 1), 3),
        (date(2025, 3, 31), date(2025, 4, 30), 1),
        (date(2025, 3, 31), date(2025, 5, 1), 2),
        # Cruce de año.
        (date(2024, 12, 15), date(2025, 1, 15), 1),
        (date(2024, 12, 15), date(2025, 1, 16), 2),
        (date(2024, 11, 30), date(2025, 2, 28), 3),
        (date(2024, 11, 30), date(2025, 3, 1), 4),
        (date(2023, 12, 10), date(2025, 12, 10), 24),
        (date(2023, 12, 10), date(2025, 12, 11), 25),
        # Año bisiesto: 31 de enero de 2024 + 1 mes = 29 de febrero.
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2024, 1, 31), date(2024, 3, 1), 2),
        (date(2024, 2, 29), date(2024, 3, 29), 1),
        (date(2024, 2, 29), date(2024, 3, 30), 2),
        (date(2024, 2, 29), date(2025, 2, 28), 12),
        (date(2024, 2, 29), date(2025, 3, 1), 13),
    ],
)
def test_meses_de_mora_cuenta_cada_mes_o_fraccion(
    fecha_limite: date, corte: date, esperado: int
) -> None:
    """Cada mes o fracción de mes de retraso cuenta uno; sin retraso, cero."""
    assert meses_de_mora(fecha_limite, corte) == esperado


@pytest.mark.parametrize(
    ("cuota", "tasa", "corte", "esperado"),
    [
        # 100.50 × 1 % × 1 = 1.005 → 1.01 (mitad hacia arriba; el redondeo bancario daría 1.00).
        ("100.50", UNO, date(2025, 2, 11), "1.01"),
        # 100.50 × 1 % × 3 = 3.015 → 3.02.
        ("100.50", UNO, date(2025, 4, 11), "3.02"),
        # 250.25 × 2 % × 1 = 5.005 → 5.01.
        ("250.25", DOS, date(2025, 2, 11), "5.01"),
        # 1000.00 × 2 % × 2 = 40.00.
        ("1000.00", DOS, date(2025, 3, 11), "40.00"),
        # 0.50 × 1 % × 1 = 0.005 → 0.01; 0.49 × 1 % × 1 = 0.0049 → 0.00.
        ("0.50", UNO, date(2025, 2, 11), "0.01"),
        ("0.49", UNO, date(2025, 2, 11), "0.00"),
        # 1234.56 × 1 % × 3 = 37.0368 → 37.04.
        ("1234.56", UNO, date(2025, 4, 15), "37.04"),
        # Sin vencer no hay recargo.
        ("1234.56", DOS, date(2025, 2, 10), "0.00"),
    ],
)
def test_recargo_usa_la_tasa_dada_y_redondea_mitad_hacia_arriba(
    cuota: str, tasa: Decimal, corte: date, esperado: str
) -> None:
    """Recargo = cuota × tasa × meses, a centavos con ROUND_HALF_UP, como Decimal exacto."""
    resultado = recargo(
        cuota=Decimal(cuota), fecha_limite=date(2025, 2, 10), corte=corte, tasa_mensual=tasa
    )
    assert isinstance(resultado, Decimal)
    assert str(resultado) == esperado


def test_recargo_al_dos_por_ciento_es_el_doble_que_al_uno() -> None:
    """La tasa es un parámetro: con 2 % el recargo de una cuota redonda es el doble que con 1 %."""
    datos = {
        "cuota": Decimal("850.00"),
        "fecha_limite": date(2025, 1, 10),
        "corte": date(2025, 5, 1),
    }
    assert recargo(**datos, tasa_mensual=UNO) == Decimal("34.00")
    assert recargo(**datos, tasa_mensual=DOS) == Decimal("68.00")


def _deuda(
    patrono_id: int, periodo: date, cuota: str, multa: str, limite: date, **kw: object
) -> DeudaPeriodo:
    return DeudaPeriodo(
        patrono_id=patrono_id,
        periodo=periodo,
        cuota=Decimal(cuota),
        multa=Decimal(multa),
        fecha_limite_pago=limite,
        **kw,
    )


def test_estado_de_deuda_excluye_lo_pagado_ordena_y_suma_exacto(
    session: Session, engine: Engine, hacer_patrono: HacerPatrono
) -> None:
    """Solo períodos no pagados del patrono, por período, con totales iguales a la suma de líneas."""
    patrono = hacer_patrono()
    otro = hacer_patrono(numero_patronal="420987654", razon_social=NANDU, nit=NIT_NANDU)
    pid = patrono.id
    assert pid is not None and otro.id is not None
    session.add_all(
        [
            _deuda(pid, date(2025, 3, 1), "1234.56", "10.00", date(2025, 4, 10)),
            _deuda(pid, date(2025, 1, 1), "100.50", "0.00", date(2025, 2, 10)),
            _deuda(
                pid,
                date(2025, 2, 1),
                "999.99",
                "50.00",
                date(2025, 3, 10),
                pagado=True,
                fecha_pago=date(2025, 3, 9),
            ),
            _deuda(pid, date(2024, 12, 1), "0.50", "5.25", date(2025, 1, 10)),
            _deuda(otro.id, date(2025, 1, 1), "777.77", "7.00", date(2025, 2, 10)),
        ]
    )
    session.commit()

    with nueva_sesion(engine) as lectura:
        estado = estado_de_deuda(
            session=lectura, patrono_id=pid, corte=date(2025, 6, 15), tasa_mensual=UNO
        )

    assert [linea.periodo_texto for linea in estado.lineas] == ["12/2024", "01/2025", "03/2025"]
    assert [linea.meses_mora for linea in estado.lineas] == [6, 5, 3]
    # 0.50×6 % = 0.03; 100.50×5 % = 5.025 → 5.03; 1234.56×3 % = 37.0368 → 37.04.
    assert [str(linea.recargo) for linea in estado.lineas] == ["0.03", "5.03", "37.04"]
    assert [str(linea.total) for linea in estado.lineas] == ["5.78", "105.53", "1281.60"]
    assert str(estado.cuotas) == "1335.56"
    assert str(estado.recargos) == "42.10"
    assert str(estado.multas) == "15.25"
    assert str(estado.total) == "1392.91"
    assert estado.total == sum((linea.total for linea in estado.lineas), Decimal("0.00"))
    assert estado.total == estado.cuotas + estado.recargos + estado.multas


def test_estado_de_deuda_sin_periodos_pendientes_da_ceros(
    session: Session, hacer_patrono: HacerPatrono
) -> None:
    """Un patrono al día tiene un estado sin líneas y totales 0.00."""
    patrono = hacer_patrono()
    estado = estado_de_deuda(
        session=session, patrono_id=patrono.id or 0, corte=date(2025, 6, 15), tasa_mensual=UNO
    )
    assert estado.lineas == []
    assert str(estado.total) == "0.00"


def test_lo_que_vence_el_dia_del_corte_o_despues_no_es_mora(
    session: Session, hacer_patrono: HacerPatrono
) -> None:
    """Al corte del 10 de junio: mayo (vence el 10 de junio) y junio (10 de julio) aún no están
    en mora; no se cobran ni cuentan en el total, y quedan aparte."""
    pid = hacer_patrono().id
    assert pid is not None
    session.add_all(
        [
            _deuda(pid, date(2025, 4, 1), "1000.00", "0.00", date(2025, 5, 12)),
            _deuda(pid, date(2025, 5, 1), "1000.00", "57.13", date(2025, 6, 10)),
            _deuda(pid, date(2025, 6, 1), "1000.00", "0.00", date(2025, 7, 10)),
        ]
    )
    session.flush()
    estado = estado_de_deuda(
        session=session, patrono_id=pid, corte=date(2025, 6, 10), tasa_mensual=UNO
    )
    assert [linea.periodo_texto for linea in estado.lineas] == ["04/2025"]
    assert [linea.periodo_texto for linea in estado.no_vencidas] == ["05/2025", "06/2025"]
    assert (str(estado.cuotas), str(estado.multas), str(estado.total)) == (
        "1000.00",
        "0.00",
        "1010.00",
    )


MONTOS = [
    # guardado, leído
    ("1234567.89", "1234567.89"),
    ("0.01", "0.01"),
    ("100.10", "100.10"),
    ("100.1", "100.10"),
    ("999999999999.99", "999999999999.99"),
    ("0", "0.00"),
    # Más de dos decimales se redondean a centavos, mitad hacia arriba (un float daría 2.67).
    ("2.675", "2.68"),
]


def test_dinero_se_guarda_y_se_lee_exacto_con_dos_decimales(
    session: Session, engine: Engine, hacer_patrono: HacerPatrono
) -> None:
    """Un monto vuelve de la base como Decimal exacto de dos decimales, en ambos motores."""
    patrono = hacer_patrono()
    for mes, (guardado, _) in enumerate(MONTOS, start=1):
        session.add(
            _deuda(patrono.id or 0, date(2025, mes, 1), guardado, guardado, date(2025, mes, 10))
        )
    session.commit()

    with nueva_sesion(engine) as lectura:
        filas = lectura.exec(select(DeudaPeriodo).order_by(col(DeudaPeriodo.periodo))).all()
    assert [str(f.cuota) for f in filas] == [leido for _, leido in MONTOS]
    assert [str(f.multa) for f in filas] == [leido for _, leido in MONTOS]
    assert all(isinstance(f.cuota, Decimal) and f.cuota.as_tuple().exponent == -2 for f in filas)
