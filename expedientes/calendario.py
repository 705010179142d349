"""Calendario laboral del departamento: días hábiles sin sábados, domingos, feriados nacionales,
feriados locales ni cierres institucionales.

- Feriados nacionales: del paquete `holidays` (`country_holidays("SV")`): Jueves, Viernes y
  Sábado Santo, 1 de enero, 1 y 10 de mayo, 17 de junio, 6 de agosto, 15 de septiembre, 2 de
  noviembre y 25 de diciembre.
- Feriados locales: los de la subdivisión de `holidays` donde está el departamento
  (`RECUPERA_FERIADOS_LOCALES`, por omisión `SS`, San Salvador: el 3 y el 5 de agosto, fiestas
  agostinas); vacío, solo los nacionales.
- Cierres institucionales: los días que el administrador registra en Recupera (asuetos
  decretados, cierres por duelo, emergencias); los lee `expedientes.cierres` de la base.

Todos los plazos usan estas funciones: los de las cartas, las fechas de las cuotas de un convenio,
las solicitudes y los avisos. La configuración es del proceso: `configurar_calendario` la pone al
componer la aplicación, con la función que lee los cierres de la base; se releen cada minuto (así
un proceso ve los que registró otro) y al instante en el proceso que los cambia.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

_log = logging.getLogger(__name__)
_SABADO = 5
SUBDIVISION_POR_OMISION = "SS"
# Cada cuánto un proceso vuelve a leer los cierres que otro proceso pudo registrar.
_VIGENCIA_SEGUNDOS = 60.0


class ClaseDia(StrEnum):
    """Por qué un día de semana no es hábil."""

    NACIONAL = "nacional"
    LOCAL = "local"
    CIERRE = "cierre"


NOMBRES_CLASE_DIA = {
    ClaseDia.NACIONAL: "Feriado nacional",
    ClaseDia.LOCAL: "Feriado local",
    ClaseDia.CIERRE: "Cierre institucional",
}


@dataclass(frozen=True)
class DiaInhabil:
    """Un día de lunes a viernes en que no se trabaja, con su nombre y su clase."""

    fecha: date
    nombre: str
    clase: ClaseDia


@dataclass
class _Configuracion:
    subdivision: str = SUBDIVISION_POR_OMISION
    cierres: dict[date, str] = field(default_factory=dict)
    # Cómo leer los cierres de la base (lo pone la composición de la aplicación) y cuándo se leyó.
    cargar: Callable[[], Iterable[tuple[date, str]]] | None = None
    leido_en: float | None = None


_config = _Configuracion()


def subdivisiones_validas() -> tuple[str, ...]:
    """Las subdivisiones de El Salvador que conoce `holidays` (departamentos y municipios)."""
    return tuple(holidays.country_holidays("SV").subdivisions)


def configurar_calendario(
    *,
    subdivision: str = SUBDIVISION_POR_OMISION,
    cargar_cierres: Callable[[], Iterable[tuple[date, str]]] | None = None,
) -> None:
    """El calendario de este proceso: los feriados locales de una subdivisión de `holidays` (""
    para ninguno) y de dónde se leen los cierres institucionales (se releen cada minuto)."""
    if subdivision and subdivision not in subdivisiones_validas():
        raise ValueError(f"subdivisión de El Salvador desconocida: {subdivision!r}")
    _config.subdivision, _config.cargar = subdivision, cargar_cierres
    _config.cierres, _config.leido_en = {}, None


def poner_cierres(cierres: Iterable[tuple[date, str]]) -> None:
    """La lista de cierres recién leída o cambiada en este proceso."""
    _config.cierres, _config.leido_en = dict(cierres), time.monotonic()


def _cierres() -> dict[date, str]:
    """Los cierres vigentes; los relee si pasó un minuto (otro proceso pudo registrar uno)."""
    vencido = _config.leido_en is None or time.monotonic() - _config.leido_en > _VIGENCIA_SEGUNDOS
    if vencido and _config.cargar is not None:
        try:
            poner_cierres(_config.cargar())
        except Exception:  # la base no responde: se siguen usando los últimos leídos
            _log.exception("No se pudieron leer los cierres institucionales")
            _config.leido_en = time.monotonic()
    return _config.cierres


def subdivision_vigente() -> str:
    """La subdivisión cuyos feriados locales se descuentan ("" si ninguna)."""
    return _config.subdivision


@lru_cache(maxsize=64)
def _feriados(anio: int, subdivision: str) -> dict[date, tuple[str, ClaseDia]]:
    """Los feriados nacionales y locales de un año (se calculan una vez por año y proceso)."""
    nacionales = holidays.country_holidays("SV", years=anio, language="es")
    dias = {d: (nombre, ClaseDia.NACIONAL) for d, nombre in nacionales.items()}
    if subdivision:
        locales = holidays.country_holidays("SV", subdiv=subdivision, years=anio, language="es")
        for d, nombre in locales.items():
            dias.setdefault(d, (nombre, ClaseDia.LOCAL))
    return dias


def es_habil(dia: date) -> bool:
    """Si ese día se trabaja: de lunes a viernes, no feriado ni cierre."""
    return (
        dia.weekday() < _SABADO
        and dia not in _feriados(dia.year, _config.subdivision)
        and dia not in _cierres()
    )


def dias_inhabiles(anio: int) -> list[DiaInhabil]:
    """Los días de lunes a viernes del año en que no se trabaja, en orden, con su razón."""
    dias = {d: DiaInhabil(d, n, c) for d, (n, c) in _feriados(anio, _config.subdivision).items()}
    for d, motivo in _cierres().items():
        if d.year == anio:
            dias.setdefault(d, DiaInhabil(d, motivo, ClaseDia.CIERRE))
    return sorted((d for d in dias.values() if d.fecha.weekday() < _SABADO), key=lambda d: d.fecha)


def habil_desde(dia: date) -> date:
    """El mismo día si es hábil; si no, el siguiente día hábil (un pago no vence en feriado)."""
    while not es_habil(dia):
        dia += timedelta(days=1)
    return dia


def dias_habiles_despues(inicio: date, dias: int) -> date:
    """El `dias`-ésimo día hábil después de `inicio` (se cuenta desde el día siguiente)."""
    if dias < 1:
        raise ValueError(f"el plazo debe ser de al menos un día hábil, no {dias}")
    dia, contados = inicio, 0
    while contados < dias:
        dia += timedelta(days=1)
        if es_habil(dia):
            contados += 1
    return dia


def dias_habiles_entre(desde: date, hasta: date) -> int:
    """Los días hábiles en (desde, hasta]; negativo si `hasta` es anterior a `desde`.

    Sirve para «vence en N días hábiles» (positivo) y «vencida hace N días hábiles» (negativo).
    """
    if hasta < desde:
        return -dias_habiles_entre(hasta, desde)
    return sum(1 for n in range(1, (hasta - desde).days + 1) if es_habil(desde + timedelta(days=n)))
