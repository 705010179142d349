"""Los filtros en español de las plantillas, contra lo que se escribe en un documento del ISSS."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from plantillas import formatos


@pytest.mark.parametrize(
    ("fecha", "larga", "corta"),
    [
        (date(2026, 11, 30), "30 de noviembre de 2026", "30/11/2026"),
        (date(2027, 1, 1), "1 de enero de 2027", "01/01/2027"),
        (datetime(2026, 9, 15, 23, 59), "15 de septiembre de 2026", "15/09/2026"),
        # Un instante con zona se fecha en El Salvador (UTC−6): las 00:05 UTC del 8 son aún el 7.
        (datetime(2026, 12, 8, 0, 5, tzinfo=UTC), "7 de diciembre de 2026", "07/12/2026"),
        (datetime(2026, 12, 8, 6, 0, tzinfo=UTC), "8 de diciembre de 2026", "08/12/2026"),
    ],
)
def test_fechas_larga_y_corta(fecha: date, larga: str, corta: str) -> None:
    """«30 de noviembre de 2026» en el texto; «30/11/2026» en las tablas."""
    assert formatos.fecha_larga(fecha) == larga
    assert formatos.fecha_corta(fecha) == corta


@pytest.mark.parametrize(
    ("monto", "texto"),
    [
        (Decimal("1234.56"), "$1,234.56"),
        (Decimal("0.5"), "$0.50"),
        (Decimal("1234567.005"), "$1,234,567.01"),
        (Decimal("-0.01"), "-$0.01"),
        (12, "$12.00"),
    ],
)
def test_moneda_con_coma_de_miles_y_punto_decimal(monto: Decimal, texto: str) -> None:
    """Dólares como se escriben en El Salvador, redondeo al centavo hacia arriba en la mitad."""
    assert formatos.moneda(monto) == texto


def test_periodos_en_palabras_y_en_cifras() -> None:
    """El mes cotizado: «enero de 2026» en prosa, «01/2026» en la tabla."""
    assert formatos.periodo(date(2026, 1, 1)) == "enero de 2026"
    assert formatos.periodo_corto(date(2026, 1, 1)) == "01/2026"


def test_cantidad_concuerda_con_el_sustantivo_que_sigue() -> None:
    """«veintiuna (21) cuotas», «veintiún (21) días», «un (1) día»."""
    assert formatos.cantidad(21) == "veintiuna (21)"
    assert formatos.cantidad(21, "m") == "veintiún (21)"
    assert formatos.cantidad(1, "m") == "un (1)"
    assert formatos.cantidad(7) == "siete (7)"


def test_nit_y_dui_con_guiones_y_vacios_sin_inventar() -> None:
    """Los identificadores guardados como dígitos salen con sus guiones; vacío sigue vacío."""
    assert formatos.nit("06140101901023") == "0614-010190-102-3"
    assert formatos.dui("000162975") == "00016297-5"
    assert formatos.dui(None) == "" and formatos.nit("") == ""


def test_montos_en_letras_y_en_palabras() -> None:
    """La forma legal y la prosa de un mismo monto."""
    assert formatos.en_letras(Decimal("1234.56")) == (
        "MIL DOSCIENTOS TREINTA Y CUATRO 56/100 DÓLARES DE LOS ESTADOS UNIDOS DE AMÉRICA"
    )
    assert formatos.en_palabras(Decimal("1000000")) == "un millón de dólares"


def test_una_fecha_que_no_es_fecha_se_rechaza() -> None:
    """Un texto donde se esperaba una fecha es un error de la plantilla, no un documento raro."""
    with pytest.raises(TypeError):
        formatos.fecha_larga("2026-11-30")  # type: ignore[arg-type]
