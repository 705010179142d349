"""Los pagos que cada persona ve, con sus totales: la lista por sucursal y rango de fechas (lo
recuperado del Plan Anual).

Un gestor ve los pagos de los patronos de sus expedientes; los demás roles que siguen los casos,
todos (`expedientes.politica.solo_lo_de`). Los totales son los de todos los pagos que cumplen los
filtros, no solo los de la página.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, type_coerce
from sqlmodel import Session, col, select

from expedientes import (
    CERO,
    FILTRO_SIN_SUCURSAL,
    Dinero,
    Expediente,
    Patrono,
    Permiso,
    Usuario,
    exigir,
    solo_lo_de,
)
from seguimiento.modelos import Pago

LIMITE_PAGOS = 500


@dataclass(frozen=True)
class FiltrosPagos:
    """Por la sucursal del pago (la del Plan Anual; `ninguna` para los sin sucursal) y su fecha."""

    sucursal: str = ""
    desde: date | None = None
    hasta: date | None = None


@dataclass(frozen=True)
class TotalesPagos:
    """Cuántos pagos cumplen los filtros, cuánto suman y cuánto de eso quedó sin aplicar."""

    cantidad: int
    monto: Decimal
    sin_aplicar: Decimal


@dataclass(frozen=True)
class PagosVisibles:
    """Los pagos que esta persona ve (los más recientes primero), sus totales y si son solo los
    de sus expedientes."""

    filas: list[tuple[Pago, Patrono]]
    totales: TotalesPagos
    solo_lo_suyo: bool


def _condiciones(filtros: FiltrosPagos, gestor_id: int | None) -> list[Any]:
    condiciones: list[Any] = []
    if filtros.sucursal:
        sucursal = "" if filtros.sucursal == FILTRO_SIN_SUCURSAL else filtros.sucursal
        condiciones.append(col(Pago.sucursal) == sucursal)
    if filtros.desde is not None:
        condiciones.append(col(Pago.fecha) >= filtros.desde)
    if filtros.hasta is not None:
        condiciones.append(col(Pago.fecha) <= filtros.hasta)
    if gestor_id is not None:
        suyos = select(Expediente.patrono_id).where(Expediente.gestor_id == gestor_id)
        condiciones.append(col(Pago.patrono_id).in_(suyos))
    return condiciones


def _totales(session: Session, condiciones: list[Any]) -> TotalesPagos:
    cantidad, monto, sin_aplicar = session.exec(
        select(
            func.count(),
            type_coerce(func.coalesce(func.sum(Pago.monto), 0), Dinero),
            type_coerce(func.coalesce(func.sum(Pago.sin_aplicar), 0), Dinero),
        ).where(*condiciones)
    ).one()
    return TotalesPagos(int(cantidad), monto or CERO, sin_aplicar or CERO)


def pagos_visibles(
    *, session: Session, usuario: Usuario, filtros: FiltrosPagos, limite: int = LIMITE_PAGOS
) -> PagosVisibles:
    """Los pagos que esta persona puede ver con esos filtros y sus totales (AccesoDenegado si no
    sigue los casos)."""
    exigir(usuario, Permiso.VER_SEGUIMIENTO)
    gestor_id = solo_lo_de(usuario)
    condiciones = _condiciones(filtros, gestor_id)
    filas = session.exec(
        select(Pago, Patrono)
        .join(Patrono, col(Patrono.id) == Pago.patrono_id)
        .where(*condiciones)
        .order_by(col(Pago.fecha).desc(), col(Pago.referencia))
        .limit(limite)
    ).all()
    return PagosVisibles(list(filas), _totales(session, condiciones), gestor_id is not None)


def sucursales_de_pagos(*, session: Session) -> list[str]:
    """Las sucursales que aparecen en los pagos importados, en orden."""
    return sorted({s for s in session.exec(select(Pago.sucursal).distinct()).all() if s})
