"""Calendario laboral de El Salvador: días hábiles sin sábados, domingos ni feriados nacionales.

Los feriados salen del paquete `holidays` (`country_holidays("SV")`): Jueves, Viernes y Sábado
Santo, 1 de enero, 1 y 10 de mayo, 17 de junio, 6 de agosto, 15 de septiembre, 2 de noviembre y
25 de diciembre. Son los nacionales: los días de las fiestas agostinas que solo rigen en San
Salvador (3 y 5 de agosto, `subdiv="SS"`) no se descuentan.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

_SABADO = 5


@lru_cache(maxsize=32)
def _feriados(anio: int) -> frozenset[date]:
    """Los feriados nacionales de un año (se calculan una vez por año y proceso)."""
    return frozenset(holidays.country_holidays("SV", years=anio))


def es_habil(dia: date) -> bool:
    """Si ese día se trabaja: de lunes a viernes y no feriado."""
    return dia.weekday() < _SABADO and dia not in _feriados(dia.year)


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
