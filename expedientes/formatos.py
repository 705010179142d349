"""Cómo se escriben en español las fechas, el dinero, los períodos, los identificadores, los
porcentajes, los tamaños y las esperas: el único módulo de formatos.

Los documentos (filtros de `plantillas`) y las páginas (filtros de la web) usan estas mismas
funciones; las páginas muestran «—» donde no hay valor (`o_guion`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from expedientes.identificadores import formatear_dui, formatear_nit, formatear_periodo
from expedientes.tipos import ZONA_LOCAL, a_dinero, ahora

LOCALE = "es_SV"
GUION = "—"
DECIMA = Decimal("0.1")
T = TypeVar("T")


def _fecha(valor: date | datetime) -> date:
    """El día (en El Salvador, si es un instante con zona: 00:05 UTC del 8 aún es el 7)."""
    if isinstance(valor, datetime):
        return (valor.astimezone(ZONA_LOCAL) if valor.tzinfo else valor).date()
    if not isinstance(valor, date):
        raise TypeError(f"se esperaba una fecha, no {type(valor).__name__}")
    return valor


def fecha_larga(valor: date | datetime) -> str:
    """«21 de noviembre de 2026»."""
    return str(format_date(_fecha(valor), "long", locale=LOCALE))


def fecha_corta(valor: date | datetime) -> str:
    """«21/11/2026»."""
    return f"{_fecha(valor):%d/%m/%Y}"


def fecha_hora(valor: datetime) -> str:
    """«21/11/2026 14:05», en la hora de El Salvador."""
    return str(format_datetime(valor.astimezone(ZONA_LOCAL), "dd/MM/yyyy HH:mm", locale=LOCALE))


def fecha_hora_larga(valor: datetime) -> str:
    """«21 de noviembre de 2026 a las 10:30 (hora de El Salvador)»; sin zona se entiende UTC."""
    local = (valor if valor.tzinfo else valor.replace(tzinfo=UTC)).astimezone(ZONA_LOCAL)
    return f"{fecha_larga(local.date())} a las {local:%H:%M} (hora de El Salvador)"


def fecha_u_hora(valor: date | datetime) -> str:
    """Una fecha-hora con su hora local; una fecha sola, sin hora."""
    return fecha_hora(valor) if isinstance(valor, datetime) else fecha_corta(valor)


def moneda(valor: Decimal | int | str) -> str:
    """«$1,234.56» (el formato de El Salvador: coma de miles, punto decimal)."""
    monto = a_dinero(valor)
    signo = "-" if monto < 0 else ""
    return f"{signo}${abs(monto):,.2f}"


def periodo(valor: date) -> str:
    """El mes cotizado en palabras: «enero de 2026»."""
    return str(format_date(_fecha(valor), "MMMM 'de' y", locale=LOCALE))


def periodo_corto(valor: date) -> str:
    """El mes cotizado como se escribe en los estados de cuenta: «01/2026»."""
    return formatear_periodo(_fecha(valor))


def nit(digitos: str) -> str:
    """Un NIT guardado como dígitos, con sus guiones (`####-######-###-#` o DUI)."""
    return formatear_nit(digitos) if digitos else ""


def dui(digitos: str | None) -> str:
    """Un DUI guardado como dígitos: `########-#`."""
    return formatear_dui(digitos) if digitos else ""


def porcentaje(numerador: Decimal | int, denominador: Decimal | int) -> Decimal | None:
    """numerador / denominador × 100 con un decimal (mitad hacia arriba); None si no hay base."""
    if not denominador:
        return None
    return (Decimal(numerador) * 100 / Decimal(denominador)).quantize(DECIMA, ROUND_HALF_UP)


def tamano(n: int) -> str:
    """«812 bytes», «12.3 KB», «4.1 MB» (el separador decimal de es_SV es el punto)."""
    if n < 1024:
        return f"{n} bytes"
    for unidad, divisor in (("KB", 1024), ("MB", 1024**2)):
        if n < divisor * 1024:
            return f"{format_decimal(n / divisor, '#,##0.0', locale=LOCALE)} {unidad}"
    return f"{format_decimal(n / 1024**3, '#,##0.0', locale=LOCALE)} GB"


def espera(desde: datetime, hasta: datetime | None = None) -> str:
    """Cuánto lleva esperando: «12 min», «5 h», «3 días»."""
    minutos = max(0, int(((hasta or ahora()) - desde).total_seconds() // 60))
    if minutos < 60:
        return f"{minutos} min"
    if minutos < 24 * 60:
        return f"{minutos // 60} h"
    dias = minutos // (24 * 60)
    return "1 día" if dias == 1 else f"{dias} días"


def o_guion(formato: Callable[..., str]) -> Callable[..., str]:
    """El mismo formato, con «—» cuando no hay valor (None o vacío)."""

    def con_guion(valor: Any, *args: Any) -> str:
        return GUION if valor is None or valor == "" else formato(valor, *args)

    con_guion.__doc__ = formato.__doc__
    return con_guion
