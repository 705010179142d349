"""Tipos de columna propios: dinero exacto y fechas-hora en UTC; y el reloj del dominio
(`ahora`, `hoy`), que una historia cargada de una vez (la demostración) puede fijar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, DateTime, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

CENTAVO = Decimal("0.01")


def a_dinero(valor: Decimal | int | str) -> Decimal:
    """Convierte a Decimal con dos decimales, redondeando la mitad hacia arriba."""
    try:
        return Decimal(valor).quantize(CENTAVO, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        raise ValueError(f"{valor!r} no es un monto válido") from None


# El reloj que leen `ahora()` y `hoy()`: el del sistema, salvo mientras `reloj_fijado` rige.
Reloj = Callable[[tzinfo], datetime]
_RELOJ: list[Reloj] = [datetime.now]


@contextmanager
def reloj_fijado(reloj: Reloj) -> Iterator[None]:
    """`ahora()` y `hoy()` leen `reloj` (recibe la zona, devuelve el instante) hasta salir del
    bloque, en todo el proceso: para contar una historia ya ocurrida de una sola vez (la
    demostración), nunca mientras el servicio atiende a alguien."""
    _RELOJ.append(reloj)
    try:
        yield
    finally:
        _RELOJ.remove(reloj)


def ahora() -> datetime:
    """El instante actual en UTC, con zona."""
    return _RELOJ[-1](UTC)


class Dinero(TypeDecorator[Decimal]):
    """USD con dos decimales: NUMERIC(14,2) en PostgreSQL, centavos enteros en SQLite.

    SQLite no tiene decimal exacto (guardaría un float), así que allí se guardan centavos.
    """

    impl = Numeric(14, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Elige el tipo físico según el motor."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(14, 2, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Decimal → valor almacenado."""
        if value is None:
            return None
        monto = a_dinero(value)
        if dialect.name == "sqlite":
            return int(monto * 100)
        return monto

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """Valor almacenado → Decimal con dos decimales."""
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / 100).quantize(CENTAVO)
        return a_dinero(value)


class FechaHoraUTC(TypeDecorator[datetime]):
    """Fecha-hora siempre en UTC y con zona al leerla, en ambos motores."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        """Exige zona horaria y guarda en UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("se esperaba una fecha-hora con zona horaria")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Devuelve la fecha-hora en UTC con zona (SQLite la devuelve sin ella)."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


ZONA_LOCAL = ZoneInfo("America/El_Salvador")


def hoy() -> date:
    """La fecha de hoy en El Salvador."""
    return _RELOJ[-1](ZONA_LOCAL).date()
