"""Cálculos de las plantillas: plazo en días hábiles, amortización del convenio y exoneración.

Las fechas esperadas se contaron a mano con el calendario de El Salvador a la vista (feriados de
`holidays` para "SV": 1 ene, Semana Santa, 1 y 10 may, 17 jun, 6 ago, 15 sep, 2 nov, 25 dic; y
los de San Salvador, 3 y 5 ago).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from expedientes import configurar_calendario, habil_desde
from plantillas.calculos import convenio, exoneracion, plazo, tabla_de_amortizacion

D = Decimal


def _ctx(**extra: Any) -> dict[str, Any]:
    deuda = {
        "total": D("10000.00"),
        "multas": D("300.00"),
        "recargos": D("450.25"),
        "cuotas": D("9249.75"),
    }
    return {"documento": {"fecha": date(2026, 11, 30)}, "deuda": deuda, **extra}


def test_la_tabla_reparte_en_cuotas_iguales_y_la_diferencia_va_en_la_ultima() -> None:
    """1,000.00 en 3: 333.33 + 333.33 + 333.34; la suma es exactamente lo financiado."""
    tabla = tabla_de_amortizacion(D("1000.00"), 3, date(2027, 1, 15))
    assert [f["monto"] for f in tabla] == [D("333.33"), D("333.33"), D("333.34")]
    assert [f["saldo"] for f in tabla] == [D("666.67"), D("333.34"), D("0.00")]
    assert sum(f["monto"] for f in tabla) == D("1000.00")


@pytest.mark.parametrize(
    ("financiado", "cuotas"),
    [(D("0.01"), 1), (D("0.05"), 3), (D("99999.99"), 7), (D("12345.67"), 120), (D("100.00"), 12)],
)
def test_la_tabla_suma_exactamente_lo_financiado_y_termina_en_cero(
    financiado: Decimal, cuotas: int
) -> None:
    """Para montos que no se dividen exacto, ni un centavo se pierde ni sobra."""
    tabla = tabla_de_amortizacion(financiado, cuotas, date(2027, 2, 1))
    assert len(tabla) == cuotas
    assert sum((f["monto"] for f in tabla), D("0")) == financiado
    assert tabla[-1]["saldo"] == 0
    assert all(f["monto"] == tabla[0]["monto"] for f in tabla[:-1])
    assert tabla[-1]["monto"] >= tabla[0]["monto"]


def test_los_vencimientos_conservan_el_dia_y_saltan_fines_de_semana_feriados_y_fin_de_anio() -> (
    None
):
    """Día 25 desde nov 2026: 25/11 (mié), 25/12 feriado → 28/12 (lun), 25/01/2027 (lun),
    25/02 (jue), 25/03 es Jueves Santo 2027 → 25 y 26 feriados, 27-28 fin de semana → 29/03."""
    tabla = tabla_de_amortizacion(D("500.00"), 5, date(2026, 11, 25))
    assert [f["vence_el"] for f in tabla] == [
        date(2026, 11, 25),
        date(2026, 12, 28),
        date(2027, 1, 25),
        date(2027, 2, 25),
        date(2027, 3, 29),
    ]


def test_el_dia_31_se_ajusta_al_ultimo_del_mes_sin_arrastrarse() -> None:
    """31 ene 2028 → 29 feb 2028 (bisiesto, martes) → 31 mar 2028 (viernes), no 29 mar."""
    tabla = tabla_de_amortizacion(D("300.00"), 3, date(2028, 1, 31))
    assert [f["vence_el"] for f in tabla] == [
        date(2028, 1, 31),
        date(2028, 2, 29),
        date(2028, 3, 31),
    ]


def test_habil_desde_devuelve_el_mismo_dia_si_es_habil() -> None:
    """Un lunes común no se mueve; un sábado pasa al lunes; el 2 de noviembre (lun) al martes."""
    assert habil_desde(date(2026, 11, 30)) == date(2026, 11, 30)
    assert habil_desde(date(2026, 11, 28)) == date(2026, 11, 30)
    assert habil_desde(date(2026, 11, 2)) == date(2026, 11, 3)


def test_el_convenio_financia_la_deuda_menos_la_prima() -> None:
    """Deuda 10,000.00, prima 1,000.00, 6 cuotas: 1,500.00 cada una, financiado 9,000.00."""
    datos, problemas = convenio(
        _ctx(prima=D("1000.00"), cuotas=6, primera_fecha=date(2027, 1, 15), periodicidad="mensual")
    )
    assert problemas == [] and datos is not None
    assert datos["financiado"] == D("9000.00")
    assert datos["cuota"] == datos["ultima_cuota"] == D("1500.00")
    assert datos["prima"] + datos["financiado"] == datos["total"]


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"prima": D("10000.00")}, "debe ser menor que la deuda"),
        ({"cuotas": 0}, "entre 1 y 120"),
        ({"cuotas": 121}, "entre 1 y 120"),
        ({"primera_fecha": date(2026, 11, 30)}, "después de la fecha del convenio"),
        # Sábado 2 de enero de 2027: la tabla lo correría al lunes 4 y el texto diría otro día.
        (
            {"primera_fecha": date(2027, 1, 2)},
            "vencería el 2 de enero de 2027, que no es día hábil: elija un día hábil (el "
            "siguiente es el 4 de enero de 2027)",
        ),
        # 1 de enero (feriado nacional).
        ({"primera_fecha": date(2027, 1, 1)}, "que no es día hábil"),
        # Financiar $9,999.99 en 120 cuotas está bien; $0.50 en 120, no (menos de un centavo).
        ({"prima": D("9999.50"), "cuotas": 120}, "cada una sería menor que $0.01"),
    ],
)
def test_el_convenio_rechaza_prima_cuotas_y_fechas_imposibles(
    cambios: dict[str, Any], mensaje: str
) -> None:
    """Cada regla del convenio con su caso que falla, dicho en español."""
    base = {"prima": D("100.00"), "cuotas": 12, "primera_fecha": date(2027, 1, 4)}
    datos, problemas = convenio(_ctx(**{**base, **cambios}))
    assert datos is None
    assert any(mensaje in p for p in problemas), problemas


def test_el_plazo_cuenta_dias_habiles_desde_la_fecha_del_documento() -> None:
    """Lunes 30 nov 2026 + 8 días hábiles: 1, 2, 3, 4, 7, 8, 9 y 10 de diciembre."""
    datos, problemas = plazo(_ctx(plazo_dias=8))
    assert problemas == [] and datos == {"dias": 8, "vence_el": date(2026, 12, 10)}


def test_la_exoneracion_no_puede_exceder_multas_y_recargos() -> None:
    """Multas 300.00 + recargos 450.25 = 750.25: eso se puede exonerar; un centavo más, no."""
    datos, problemas = exoneracion(_ctx(monto_exonerar=D("750.25")))
    assert problemas == [] and datos is not None and datos["maximo"] == D("750.25")
    datos, problemas = exoneracion(_ctx(monto_exonerar=D("750.26")))
    assert datos is None and "excede las multas y recargos" in problemas[0]
    datos, problemas = exoneracion(_ctx(monto_exonerar=D("0.00")))
    assert datos is None and "mayor que cero" in problemas[0]


def test_el_convenio_dice_todos_sus_problemas_aunque_un_dato_este_mal() -> None:
    """Con la prima inválida (la entrada ya lo explicó), las cuotas y la fecha se revisan igual:
    quien redacta corrige todo de una vez."""
    datos, problemas = convenio(_ctx(prima=None, cuotas=0, primera_fecha=date(2027, 1, 2)))
    assert datos is None
    assert len(problemas) == 2
    assert "entre 1 y 120" in problemas[0] and "no es día hábil" in problemas[1]


def test_un_cierre_institucional_cuenta_en_la_primera_cuota_las_demas_y_los_plazos() -> None:
    """Con el lunes 4 de enero de 2027 cerrado (y las fiestas de San Salvador), la primera cuota
    no puede caer ahí, la cuota del jueves 5 de agosto (fiesta local; el 6, nacional) vence el
    lunes 9, y un plazo salta el cierre."""
    configurar_calendario(cargar_cierres=lambda: [(date(2027, 1, 4), "Cierre por inventario")])
    _datos, problemas = convenio(_ctx(prima=D("100.00"), cuotas=12, primera_fecha=date(2027, 1, 4)))
    assert any("4 de enero de 2027, que no es día hábil" in p for p in problemas), problemas
    tabla = tabla_de_amortizacion(D("1200.00"), 12, date(2027, 1, 5))
    assert [f["vence_el"] for f in tabla[6:9]] == [
        date(2027, 7, 5), date(2027, 8, 9), date(2027, 9, 6),
    ]  # fmt: skip
    datos, _ = plazo({"documento": {"fecha": date(2026, 12, 31)}, "plazo_dias": 1})
    assert datos == {"dias": 1, "vence_el": date(2027, 1, 5)}
