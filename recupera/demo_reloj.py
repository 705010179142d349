"""El reloj y la agenda de la demostración: cada cosa del departamento pasa en su día y a su hora.

La demostración no carga los datos «de golpe» con la hora de la carga: cuenta el último año del
departamento, y cada paso (importar el estado de cuenta, abrir un expediente, registrar una carta,
aprobar un documento, firmar un convenio) ocurre en un día hábil, en horario de oficina. Cada
historia es un generador que cede el momento de su paso siguiente; la `Agenda` las corre todas
juntas en orden de tiempo, con el reloj puesto en ese momento. Así la bitácora, los números
correlativos (EXP, CE, DRP, CS) y cada `creado_en` quedan en el orden en que pasaron las cosas, y
nada queda con la hora en que se cargó la demostración.

Los servicios toman la hora de `expedientes.ahora()` y la fecha de `expedientes.hoy()`: mientras
corre la agenda, leen el `Reloj` (`expedientes.reloj_fijado`). Ningún momento pasa del final del
día de la demostración ni, si ese día es hoy, de la hora real.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from expedientes import ZONA_LOCAL, es_habil, habil_desde, reloj_fijado

Historia = Iterator[datetime]
# Lo que avanza el reloj en cada lectura: los renglones de un mismo paso quedan en su orden.
_TIC = timedelta(milliseconds=1)


def momento(dia: date, hora: int, minuto: int = 0) -> datetime:
    """Ese día a esa hora, en El Salvador."""
    return datetime.combine(dia, time(hora, minuto), ZONA_LOCAL)


def dia_local(instante: datetime) -> date:
    """El día de ese instante en El Salvador."""
    return instante.astimezone(ZONA_LOCAL).date()


def habil_hasta(dia: date) -> date:
    """El último día hábil que no pasa de `dia`."""
    while not es_habil(dia):
        dia -= timedelta(days=1)
    return dia


def habiles_antes(dia: date, cuantos: int) -> date:
    """El día hábil que queda `cuantos` días hábiles antes de `dia`."""
    for _ in range(cuantos):
        dia = habil_hasta(dia - timedelta(days=1))
    return dia


def habiles_despues(dia: date, cuantos: int) -> date:
    """El día hábil que queda `cuantos` días hábiles después de `dia`."""
    for _ in range(cuantos):
        dia = habil_desde(dia + timedelta(days=1))
    return dia


def ultimo_dia_de_trabajo(dia: date, real: datetime) -> date:
    """El último día en que el departamento trabajó hasta `dia`: el mismo si es hábil (y, si es
    hoy, si ya abrió la oficina), o el hábil anterior."""
    local = real.astimezone(ZONA_LOCAL)
    if es_habil(dia) and (dia != local.date() or local.time() >= time(8)):
        return dia
    return habiles_antes(dia, 1)


class Reloj:
    """La hora de la historia que corre: `now(zona)` es lo que `ahora()` y `hoy()` leen mientras
    la agenda corre (lo demás, del `datetime` de siempre)."""

    def __init__(self, desde: datetime, dia: date, real: type[datetime] = datetime) -> None:
        """Un reloj puesto en `desde` que no pasa del final de `dia` ni de la hora real."""
        self._real = real
        self._fin = momento(dia, 23, 59)
        self._instante = desde

    def ir_a(self, cuando: datetime) -> None:
        """Adelanta el reloj hasta `cuando` (nunca lo atrasa)."""
        self._instante = max(self._instante, cuando)

    def now(self, tz: tzinfo | None = None) -> datetime:
        """El instante de la historia, sin pasar del tope; cada lectura avanza un milisegundo."""
        valor = min(self._instante, self._tope())
        self._instante += _TIC
        return valor.astimezone(tz) if tz else valor.astimezone().replace(tzinfo=None)

    def _tope(self) -> datetime:
        """El final del día de la demostración o, si ese día ya llegó, la hora real si es antes."""
        real = self._real.now(ZONA_LOCAL)
        return self._fin if self._fin.date() > real.date() else min(self._fin, real)

    def __getattr__(self, nombre: str) -> Any:
        """Lo demás, del `datetime` de siempre."""
        return getattr(self._real, nombre)


@contextmanager
def reloj_puesto(reloj: Reloj) -> Iterator[Reloj]:
    """`ahora()` y `hoy()` leen este reloj hasta salir del bloque (para todo el proceso: solo
    mientras se carga la demostración, que no atiende a nadie más)."""
    with reloj_fijado(reloj.now):
        yield reloj


class Agenda:
    """Las historias de la demostración, corridas en orden de tiempo con el reloj en su momento."""

    def __init__(self, reloj: Reloj) -> None:
        """Sin historias todavía."""
        self._reloj = reloj
        self._cola: list[tuple[datetime, int, Historia]] = []
        self._orden = itertools.count()
        self._ahora: datetime | None = None

    def contar(self, historia: Historia) -> None:
        """Agrega una historia; su primer paso (lo primero que cede) es cuándo empieza (la que no
        cede nada no tenía nada que contar)."""
        inicio = next(historia, None)
        if inicio is not None:
            self._poner(inicio, historia)

    def _poner(self, cuando: datetime, historia: Historia) -> None:
        if self._ahora is not None and cuando < self._ahora:
            raise ValueError(f"una historia quiso volver atrás: a {cuando} desde {self._ahora}")
        heapq.heappush(self._cola, (cuando, next(self._orden), historia))

    def correr(self) -> None:
        """Da cada paso en su momento hasta que no queda ninguno."""
        while self._cola:
            cuando, _, historia = heapq.heappop(self._cola)
            self._ahora = cuando
            self._reloj.ir_a(cuando)
            siguiente = next(historia, None)
            if siguiente is not None:
                self._poner(siguiente, historia)
