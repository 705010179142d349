"""Los pagos que cada persona ve, con sus totales: la lista por sucursal y rango de fechas (lo
recuperado del Plan Anual).

Un gestor ve los pagos de los patronos de sus expedientes; los demás roles que siguen los casos,
todos (`expedientes.politica.solo_lo_de`). La lista va de a una página en el orden pedido; los
totales son los de todos los pagos que cumplen los filtros, no solo los de la página.
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
    TAMANO_PAGINA,
    Dinero,
    Expediente,
    Patrono,
    Permiso,
    Usuario,
    exigir,
    solo_lo_de,
)
from seguimiento.modelos import Pago

# Cómo se puede ordenar la lista (`clave` ascendente, `-clave` descendente); siempre con un
# desempate único (la referencia; por patrono, el id del pago), así una página no repite ni salta
# pagos. Por omisión, los más recientes primero.
ORDENES_PAGOS: dict[str, Any] = {
    "fecha": col(Pago.fecha),
    "referencia": col(Pago.referencia),
    "patrono": col(Patrono.busqueda),
    "sucursal": col(Pago.sucursal),
    "monto": col(Pago.monto),
}
ORDEN_PAGOS = "-fecha"


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
    """Una página de los pagos que esta persona ve, y si son solo los de sus expedientes."""

    filas: list[tuple[Pago, Patrono]]
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


def totales_de_pagos(*, session: Session, usuario: Usuario, filtros: FiltrosPagos) -> TotalesPagos:
    """Cuántos pagos ve esta persona con esos filtros, cuánto suman y cuánto quedó sin aplicar
    (todos, no solo los de una página); AccesoDenegado si no sigue los casos."""
    exigir(usuario, Permiso.VER_SEGUIMIENTO)
    cantidad, monto, sin_aplicar = session.exec(
        select(
            func.count(),
            type_coerce(func.coalesce(func.sum(Pago.monto), 0), Dinero),
            type_coerce(func.coalesce(func.sum(Pago.sin_aplicar), 0), Dinero),
        ).where(*_condiciones(filtros, solo_lo_de(usuario)))
    ).one()
    return TotalesPagos(int(cantidad), monto or CERO, sin_aplicar or CERO)


def _ordenar(consulta: Any, orden: str) -> Any:
    clave, desc = orden.lstrip("-"), orden.startswith("-")
    if clave == "patrono":
        # Los pagos de cada patrono por su id, en el mismo sentido: así la consulta recorre el
        # índice de la búsqueda de patronos y el de los pagos de cada uno, sin ordenarlos todos.
        columnas = [col(Patrono.busqueda), col(Patrono.id), col(Pago.id)]
        return consulta.order_by(*(c.desc() if desc else c.asc() for c in columnas))
    expresion = ORDENES_PAGOS.get(clave, ORDENES_PAGOS["fecha"])
    return consulta.order_by(expresion.desc() if desc else expresion.asc(), col(Pago.referencia))


def pagos_visibles(
    *,
    session: Session,
    usuario: Usuario,
    filtros: FiltrosPagos,
    orden: str = ORDEN_PAGOS,
    limite: int = TAMANO_PAGINA,
    desplazamiento: int = 0,
) -> PagosVisibles:
    """Los pagos que esta persona puede ver con esos filtros, en ese orden (los más recientes
    primero), desde `desplazamiento` (AccesoDenegado si no sigue los casos). Primero los ids de
    la página (sobre la tabla de pagos), luego sus filas con el patrono."""
    exigir(usuario, Permiso.VER_SEGUIMIENTO)
    gestor_id = solo_lo_de(usuario)
    ids = select(col(Pago.id))
    if orden.lstrip("-") == "patrono":
        ids = ids.join(Patrono, col(Patrono.id) == Pago.patrono_id)
    ids = _ordenar(ids.where(*_condiciones(filtros, gestor_id)), orden)
    pagina = list(session.exec(ids.limit(limite).offset(desplazamiento)).all())
    if not pagina:
        return PagosVisibles([], gestor_id is not None)
    filas = (
        select(Pago, Patrono)
        .join(Patrono, col(Patrono.id) == Pago.patrono_id)
        .where(col(Pago.id).in_(pagina))
    )
    return PagosVisibles(list(session.exec(_ordenar(filas, orden)).all()), gestor_id is not None)


def sucursales_de_pagos(*, session: Session) -> list[str]:
    """Las sucursales que aparecen en los pagos importados, en orden."""
    return sorted({s for s in session.exec(select(Pago.sucursal).distinct()).all() if s})
