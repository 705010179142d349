"""El reloj y la agenda de la demostración: la historia corre en orden de tiempo, nada pasa del
día de la demostración ni de la hora real, y al terminar `ahora()` y `hoy()` vuelven a ser los de
siempre."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo

import pytest

from expedientes import ZONA_LOCAL, ahora, hoy
from recupera.demo_reloj import (
    Agenda,
    Historia,
    Reloj,
    habiles_antes,
    habiles_despues,
    momento,
    reloj_puesto,
    ultimo_dia_de_trabajo,
)

LUNES = date(2026, 12, 7)


class HoraReal(datetime):
    """Una hora «real» fija que avanza un milisegundo cada vez que se lee."""

    instante = momento(LUNES, 8, 5)

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> HoraReal:
        HoraReal.instante += timedelta(milliseconds=1)
        valor = HoraReal.instante.astimezone(tz)
        return cls.combine(valor.date(), valor.timetz())


@pytest.fixture
def real() -> Iterator[type[HoraReal]]:
    """Las 8:05 del lunes de la demostración."""
    HoraReal.instante = momento(LUNES, 8, 5)
    yield HoraReal


def test_lo_de_hoy_no_pasa_de_la_hora_real_y_sigue_en_orden(real: type[HoraReal]) -> None:
    """Lo que la historia pone hoy más tarde que la hora real ocurre a la hora real, en su orden;
    lo de ayer, a su hora."""
    reloj = Reloj(momento(LUNES - timedelta(days=3), 9), LUNES, real)
    reloj.ir_a(momento(LUNES - timedelta(days=3), 10))
    assert reloj.now(UTC) == momento(LUNES - timedelta(days=3), 10)
    vistos = []
    for hora in (9, 11, 16):
        reloj.ir_a(momento(LUNES, hora))
        vistos += [reloj.now(UTC), reloj.now(UTC)]
    assert vistos == sorted(vistos) and len(set(vistos)) == len(vistos)
    assert all(momento(LUNES, 8, 5) < v < momento(LUNES, 8, 6) for v in vistos)


def test_un_dia_pasado_no_pasa_de_su_final(real: type[HoraReal]) -> None:
    """Si la demostración es de un día que ya pasó, su tope es el final de ese día."""
    ayer = LUNES - timedelta(days=3)
    reloj = Reloj(momento(ayer, 9), ayer, real)
    reloj.ir_a(momento(ayer, 23, 59) + timedelta(hours=3))
    assert reloj.now(ZONA_LOCAL) == momento(ayer, 23, 59)


def test_el_reloj_nunca_vuelve_atras(real: type[HoraReal]) -> None:
    """Adelantarlo a un momento anterior no lo atrasa; cada lectura avanza."""
    reloj = Reloj(momento(LUNES - timedelta(days=3), 9), LUNES, real)
    primero = reloj.now(UTC)
    reloj.ir_a(momento(LUNES - timedelta(days=30), 9))
    assert reloj.now(UTC) > primero


def test_puesto_el_reloj_ahora_y_hoy_lo_leen_y_despues_vuelven(real: type[HoraReal]) -> None:
    """Mientras está puesto, los servicios ven la hora de la historia; al salir, la real."""
    jueves = date(2026, 3, 5)
    with reloj_puesto(Reloj(momento(jueves, 10), LUNES, real)):
        assert ahora() == momento(jueves, 10)
        assert hoy() == jueves
    assert abs(ahora() - datetime.now(UTC)) < timedelta(seconds=5)


def _historia(nombre: str, horas: list[int], diario: list[str]) -> Historia:
    for hora in horas:
        yield momento(LUNES, hora)
        diario.append(f"{nombre} {hora}")


def test_la_agenda_cuenta_las_historias_en_orden_de_tiempo(real: type[HoraReal]) -> None:
    """Los pasos de varias historias se intercalan por su momento; una historia que quiere
    volver atrás es un error."""
    diario: list[str] = []
    agenda = Agenda(Reloj(momento(LUNES, 7), LUNES, real))
    agenda.contar(_historia("a", [9, 12], diario))
    agenda.contar(_historia("b", [10, 11], diario))
    agenda.contar(_historia("nada", [], diario))
    agenda.correr()
    assert diario == ["a 9", "b 10", "b 11", "a 12"]
    with pytest.raises(ValueError, match="volver atrás"):
        agenda.contar(_historia("tarde", [8], diario))


@pytest.mark.parametrize(
    ("dia", "hora", "ultimo"),
    [
        (LUNES, 9, LUNES),  # un día hábil, con la oficina abierta
        (LUNES, 7, date(2026, 12, 4)),  # antes de abrir: el viernes
        (date(2026, 12, 5), 9, date(2026, 12, 4)),  # sábado: el viernes
        (date(2027, 1, 2), 9, date(2026, 12, 31)),  # sábado tras el feriado del 1 de enero
    ],
)
def test_el_ultimo_dia_trabajado(dia: date, hora: int, ultimo: date) -> None:
    """Hoy, si es hábil y ya abrió la oficina; si no, el día hábil anterior."""
    assert ultimo_dia_de_trabajo(dia, momento(dia, hora)) == ultimo


def test_dias_habiles_antes_y_despues_saltan_feriados_y_fines_de_semana() -> None:
    """Del miércoles 30 de diciembre, dos hábiles después es el lunes 4 de enero (el 1 es
    feriado), y de ahí dos antes vuelve al miércoles."""
    assert habiles_despues(date(2026, 12, 30), 2) == date(2027, 1, 4)
    assert habiles_antes(date(2027, 1, 4), 2) == date(2026, 12, 30)
