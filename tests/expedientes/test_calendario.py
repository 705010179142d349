"""Plazos en días hábiles salvadoreños, contra fechas calculadas a mano.

Cómo se calcularon: con el calendario de cada mes a la vista, se cuenta desde el día siguiente a
la recepción, saltando sábados, domingos y los feriados que `holidays` (0.109) da para "SV" y,
en agosto, los de San Salvador (`subdiv="SS"`: 3 y 5 de agosto):
2026: 1 ene (jue), 2 y 3 abr (Jueves y Viernes Santo), 4 abr (Sábado Santo), 1 may (vie),
10 may (dom), 17 jun (mié), 6 ago (jue), 15 sep (mar), 2 nov (lun), 25 dic (vie);
2027: 1 ene (vie), 25-27 mar (Semana Santa), 10 may (lun), … Cada caso lista su cuenta.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import holidays
import pytest

from expedientes import ClaseDia, calendario, configurar_calendario, dias_inhabiles
from expedientes.calendario import dias_habiles_despues, dias_habiles_entre, es_habil


@pytest.mark.parametrize(
    ("recibida", "dias", "vence"),
    [
        # Lunes 30 mar 2026, 10 días, cruza Semana Santa: 31 mar (1), 1 abr (2), [2 y 3 abr
        # feriados, 4-5 fin de semana], 6 (3), 7 (4), 8 (5), 9 (6), 10 (7), 13 (8), 14 (9), 15 (10).
        (date(2026, 3, 30), 10, date(2026, 4, 15)),
        # Jueves 24 dic 2026, 10 días, cambia de año: [25 dic feriado, 26-27], 28 (1), 29 (2),
        # 30 (3), 31 (4), [1 ene 2027 feriado, 2-3], 4 (5), 5 (6), 6 (7), 7 (8), 8 (9), 11 (10).
        (date(2026, 12, 24), 10, date(2027, 1, 11)),
        # Viernes 13 nov 2026: el primer día hábil siguiente es el lunes 16.
        (date(2026, 11, 13), 1, date(2026, 11, 16)),
        # Viernes 13 nov 2026, 10 días: 16-20 (1-5), 23-27 (6-10).
        (date(2026, 11, 13), 10, date(2026, 11, 27)),
        # Sábado 14 nov 2026: igual que si llegara el viernes (se empieza a contar el domingo).
        (date(2026, 11, 14), 10, date(2026, 11, 27)),
        # Lunes 16 nov 2026, el ejemplo de 10 días por omisión: 17-20 (1-4), 23-27 (5-9), 30 (10).
        (date(2026, 11, 16), 10, date(2026, 11, 30)),
        # Recibida en feriado (lunes 2 nov 2026, Día de los Difuntos): 3-6 (1-4), 9-13 (5-9),
        # 16 (10).
        (date(2026, 11, 2), 10, date(2026, 11, 16)),
        (date(2026, 11, 2), 1, date(2026, 11, 3)),
        # Recibida el Jueves Santo 2026: Viernes Santo, sábado y domingo no cuentan.
        (date(2026, 4, 2), 1, date(2026, 4, 6)),
        # Jueves 30 abr 2026: el viernes 1 de mayo es feriado.
        (date(2026, 4, 30), 1, date(2026, 5, 4)),
        # Martes 16 jun 2026: el miércoles 17 (Día del Padre) es feriado.
        (date(2026, 6, 16), 1, date(2026, 6, 18)),
        # Miércoles 5 ago 2026: el jueves 6 es feriado; el 5 mismo solo lo es en San Salvador.
        (date(2026, 8, 5), 1, date(2026, 8, 7)),
        # Lunes 14 sep 2026: el martes 15 (Independencia) es feriado.
        (date(2026, 9, 14), 1, date(2026, 9, 16)),
        # Viernes 7 may 2027: el lunes 10 (Día de la Madre) es feriado.
        (date(2027, 5, 7), 1, date(2027, 5, 11)),
        # Lunes 22 mar 2027, 5 días: 23 (1), 24 (2), [25-26 mar Semana Santa 2027, 27-28], 29 (3),
        # 30 (4), 31 (5).
        (date(2027, 3, 22), 5, date(2027, 3, 31)),
    ],
)
def test_el_plazo_vence_en_la_fecha_contada_a_mano(recibida: date, dias: int, vence: date) -> None:
    """El vencimiento salta fines de semana y feriados nacionales, también al cambiar de año."""
    assert dias_habiles_despues(recibida, dias) == vence


@pytest.mark.parametrize("dias", [0, -1, -10])
def test_un_plazo_de_menos_de_un_dia_habil_se_rechaza(dias: int) -> None:
    """Un plazo debe ser de al menos un día hábil."""
    with pytest.raises(ValueError, match="al menos un día hábil"):
        dias_habiles_despues(date(2026, 11, 16), dias)


def test_los_feriados_de_2026_entre_semana_no_son_habiles() -> None:
    """Los feriados nacionales y de San Salvador que caen de lunes a viernes en 2026, según el
    paquete holidays."""
    feriados = [
        date(2026, 1, 1),
        date(2026, 4, 2),
        date(2026, 4, 3),
        date(2026, 5, 1),
        date(2026, 6, 17),
        date(2026, 8, 3),
        date(2026, 8, 5),
        date(2026, 8, 6),
        date(2026, 9, 15),
        date(2026, 11, 2),
        date(2026, 12, 25),
    ]
    assert [d for d in _dias_del_anio(2026) if d.weekday() < 5 and not es_habil(d)] == feriados


def test_fines_de_semana_no_son_habiles_y_un_dia_corriente_si() -> None:
    """Sábado y domingo nunca; un miércoles sin feriado, sí."""
    assert not es_habil(date(2026, 11, 14))
    assert not es_habil(date(2026, 11, 15))
    assert es_habil(date(2026, 11, 18))


def test_las_fiestas_agostinas_de_san_salvador_se_descuentan_por_omision() -> None:
    """El departamento está en San Salvador: el 3 y el 5 de agosto (feriados locales) tampoco se
    trabajan; con RECUPERA_FERIADOS_LOCALES vacío solo cuenta el 6, el nacional."""
    assert calendario.subdivision_vigente() == "SS"
    assert not es_habil(date(2026, 8, 3)) and not es_habil(date(2026, 8, 5))
    assert es_habil(date(2026, 8, 4))
    # Recibida el viernes 31 jul, 3 días: [3 ago local], 4 (1), [5 local, 6 nacional], 7 (2), 10 (3).
    assert dias_habiles_despues(date(2026, 7, 31), 3) == date(2026, 8, 10)
    configurar_calendario(subdivision="")
    assert es_habil(date(2026, 8, 3)) and es_habil(date(2026, 8, 5))
    assert not es_habil(date(2026, 8, 6))
    assert dias_habiles_despues(date(2026, 7, 31), 3) == date(2026, 8, 5)
    with pytest.raises(ValueError, match="desconocida"):
        configurar_calendario(subdivision="XX")


def test_los_cierres_se_leen_al_usarse_y_se_releen_cada_minuto(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Un cierre registrado por otro proceso se ve al minuto; si la base no responde, se siguen
    usando los últimos cierres leídos (no se vuelve hábil un día cerrado)."""
    reloj = [1000.0]
    monkeypatch.setattr(calendario.time, "monotonic", lambda: reloj[0])
    en_la_base = [(date(2026, 11, 18), "Duelo nacional & «asueto»")]
    lecturas: list[int] = []

    def cargar() -> list[tuple[date, str]]:
        lecturas.append(1)
        if en_la_base is None:
            raise OSError("la base no responde")
        return list(en_la_base)

    configurar_calendario(cargar_cierres=cargar)
    assert not es_habil(date(2026, 11, 18)) and es_habil(date(2026, 11, 19))
    assert dias_habiles_despues(date(2026, 11, 17), 1) == date(2026, 11, 19)
    en_la_base.append((date(2026, 11, 19), "Emergencia"))
    reloj[0] += 30
    assert es_habil(date(2026, 11, 19)), "dentro del minuto se usa lo leído"
    reloj[0] += 31
    assert not es_habil(date(2026, 11, 19))
    assert len(lecturas) == 2
    en_la_base = None  # type: ignore[assignment]
    reloj[0] += 61
    assert not es_habil(date(2026, 11, 19)), "sin base se conservan los últimos cierres"
    inhabiles = [(d.fecha, d.clase) for d in dias_inhabiles(2026) if d.fecha.month in (8, 11)]
    assert inhabiles == [
        (date(2026, 8, 3), ClaseDia.LOCAL), (date(2026, 8, 5), ClaseDia.LOCAL),
        (date(2026, 8, 6), ClaseDia.NACIONAL), (date(2026, 11, 2), ClaseDia.NACIONAL),
        (date(2026, 11, 18), ClaseDia.CIERRE), (date(2026, 11, 19), ClaseDia.CIERRE),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("desde", "hasta", "habiles"),
    [
        # El mismo intervalo del plazo de Semana Santa: 10 días hábiles.
        (date(2026, 3, 30), date(2026, 4, 15), 10),
        (date(2026, 4, 15), date(2026, 3, 30), -10),
        # Y el que cruza el año.
        (date(2026, 12, 24), date(2027, 1, 11), 10),
        (date(2026, 11, 16), date(2026, 11, 16), 0),
        # Del viernes al sábado no hay ningún día hábil; al lunes, uno.
        (date(2026, 11, 13), date(2026, 11, 14), 0),
        (date(2026, 11, 13), date(2026, 11, 16), 1),
        # «Vence en 1 día hábil»: hoy viernes 27 nov, vence el lunes 30.
        (date(2026, 11, 27), date(2026, 11, 30), 1),
        # «Vencida hace 2 días hábiles»: venció el lunes 30 nov, hoy es miércoles 2 dic.
        (date(2026, 12, 2), date(2026, 11, 30), -2),
        # Un día de feriado en medio no cuenta: del viernes 30 oct al martes 3 nov, solo el 3.
        (date(2026, 10, 30), date(2026, 11, 3), 1),
    ],
)
def test_dias_habiles_entre_cuenta_el_intervalo_semiabierto(
    desde: date, hasta: date, habiles: int
) -> None:
    """Cuenta los hábiles en (desde, hasta], con signo negativo si el orden se invierte."""
    assert dias_habiles_entre(desde, hasta) == habiles


@pytest.mark.parametrize("dias", [1, 2, 5, 10, 15, 30])
def test_contar_hasta_el_vencimiento_devuelve_el_plazo(dias: int) -> None:
    """dias_habiles_entre deshace dias_habiles_despues para cualquier día de recepción de 2026."""
    for recibida in _dias_del_anio(2026):
        vence = dias_habiles_despues(recibida, dias)
        assert dias_habiles_entre(recibida, vence) == dias
        assert es_habil(vence)


def test_los_feriados_se_calculan_una_vez_por_anio(monkeypatch: pytest.MonkeyPatch) -> None:
    """Contar plazos de todo un año consulta el paquete holidays una vez por año, no por día."""
    llamadas: list[Any] = []
    original: Callable[..., Any] = holidays.country_holidays

    def contar(*args: Any, **kwargs: Any) -> Any:
        llamadas.append(kwargs.get("years"))
        return original(*args, **kwargs)

    monkeypatch.setattr(calendario.holidays, "country_holidays", contar)
    calendario._feriados.cache_clear()
    try:
        for recibida in _dias_del_anio(2026):
            dias_habiles_despues(recibida, 10)
    finally:
        calendario._feriados.cache_clear()
    assert sorted(llamadas) == [2026, 2026, 2027, 2027]  # nacionales y de San Salvador


def _dias_del_anio(anio: int) -> list[date]:
    """Todos los días de un año."""
    inicio = date(anio, 1, 1)
    return [inicio + timedelta(days=n) for n in range((date(anio + 1, 1, 1) - inicio).days)]
