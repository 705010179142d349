"""La lista de convenios: los que cada persona ve con los filtros del panel, de a una página, en el
orden pedido, con lo que falta por cobrar y lo vencido sin pagar, y los totales de todos.

Un gestor ve los convenios de sus expedientes; los demás roles que siguen los casos, todos
(`expedientes.politica.solo_lo_de`). Los totales se calculan en SQL sobre todos los convenios que
cumplen los filtros; cada renglón de la página, con sus cuotas (las mismas cifras en ambos).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, exists, func, type_coerce
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
from seguimiento.convenios_consultas import FilaConvenio, filas_de_convenios
from seguimiento.convenios_estados import EstadoConvenio
from seguimiento.modelos import Convenio, CuotaConvenio

# Los estados en que la lista muestra la próxima cuota (y en que ordena por ella).
CON_PROXIMA_CUOTA = (EstadoConvenio.VIGENTE, EstadoConvenio.INCUMPLIDO, EstadoConvenio.LEGALIZADO)
# Cómo se puede ordenar la lista (`clave` ascendente, `-clave` descendente), siempre con el id
# como desempate; por omisión, del más antiguo al más reciente (por cuándo se registró).
ORDENES_CONVENIOS = (
    "registro", "numero", "expediente", "patrono", "estado", "saldo", "vencido", "proxima",
)  # fmt: skip
ORDEN_CONVENIOS = "registro"
_SIN_FECHA = date(9999, 12, 31)


@dataclass(frozen=True)
class FiltrosConvenios:
    """Por estados (ninguno: todos), sucursal del expediente (`ninguna`: sin sucursal) y los que
    tienen cuotas vencidas sin pagar a `hoy`."""

    estados: tuple[str, ...] = ()
    sucursal: str = ""
    con_vencidas: bool = False


@dataclass(frozen=True)
class RenglonConvenio:
    """Un convenio de la lista: su fila, su sucursal, lo que falta por cobrar y lo vencido sin
    pagar a hoy."""

    fila: FilaConvenio
    sucursal: str
    saldo: Decimal
    vencido: Decimal
    mas_antigua: date | None


@dataclass(frozen=True)
class TotalesConvenios:
    """Cuántos convenios cumplen los filtros, su saldo por cobrar y lo vencido sin pagar."""

    cantidad: int
    saldo: Decimal
    vencido: Decimal
    solo_lo_suyo: bool


def estados_pedidos(valor: str) -> list[str]:
    """Los estados pedidos en un filtro (`vigente,incumplido`); uno que no existe se ignora."""
    return [e for e in dict.fromkeys(valor.split(",")) if e in set(EstadoConvenio)]


def _renglon(fila: FilaConvenio, sucursal: str, dia: date) -> RenglonConvenio:
    """Las cifras como las cuenta el panel: lo que falta de cada cuota (lo pagado de más a una no
    descuenta otra) más la prima sin pagar, y lo vencido, de las cuotas con vencimiento anterior
    a hoy que no están pagadas del todo."""
    falta = [c.monto - c.pagado for c in fila.cuotas if c.pagado < c.monto]
    saldo = fila.convenio.prima - fila.convenio.prima_pagada + sum(falta, CERO)
    atrasadas = [c for c in fila.cuotas if c.vence_el < dia and c.pagado < c.monto]
    vencido = sum((c.monto - c.pagado for c in atrasadas), CERO)
    mas_antigua = min((c.vence_el for c in atrasadas), default=None)
    return RenglonConvenio(fila, sucursal, saldo, vencido, mas_antigua)


def _cifras(hoy: date) -> Any:
    """Por convenio, en SQL: lo que falta de sus cuotas, lo vencido y la próxima por pagar."""
    monto, pagado = col(CuotaConvenio.monto), col(CuotaConvenio.pagado)
    vence = col(CuotaConvenio.vence_el)
    pendiente = case((monto > pagado, monto - pagado), else_=0)
    return (
        select(
            col(CuotaConvenio.convenio_id).label("convenio_id"),
            func.sum(pendiente).label("pendiente"),
            func.sum(case(((vence < hoy) & (monto > pagado), pendiente), else_=0)).label("vencido"),
            func.min(case((monto > pagado, vence), else_=None)).label("proxima"),
        )
        .group_by(col(CuotaConvenio.convenio_id))
        .subquery()
    )


def _expresiones(cifras: Any) -> dict[str, Any]:
    """El saldo, lo vencido y la próxima cuota de cada convenio, sobre sus `_cifras`."""
    proxima = case((col(Convenio.estado).in_(CON_PROXIMA_CUOTA), cifras.c.proxima), else_=None)
    return {
        "saldo": col(Convenio.prima) - col(Convenio.prima_pagada)
        + func.coalesce(cifras.c.pendiente, 0),
        "vencido": func.coalesce(cifras.c.vencido, 0),
        "proxima": func.coalesce(proxima, _SIN_FECHA),
    }  # fmt: skip


def _condiciones(filtros: FiltrosConvenios, gestor_id: int | None, hoy: date) -> list[Any]:
    """Las condiciones de los filtros sobre el convenio y su expediente."""
    condiciones: list[Any] = []
    if filtros.estados:
        condiciones.append(col(Convenio.estado).in_(filtros.estados))
    if gestor_id is not None:
        condiciones.append(col(Expediente.gestor_id) == gestor_id)
    if filtros.sucursal:
        pedida = "" if filtros.sucursal == FILTRO_SIN_SUCURSAL else filtros.sucursal
        condiciones.append(func.coalesce(col(Expediente.sucursal), "") == pedida)
    if filtros.con_vencidas:
        vencida = select(col(CuotaConvenio.id)).where(
            col(CuotaConvenio.convenio_id) == col(Convenio.id),
            col(CuotaConvenio.vence_el) < hoy,
            col(CuotaConvenio.pagado) < col(CuotaConvenio.monto),
        )
        condiciones.append(exists(vencida))
    return condiciones


def totales_de_convenios(
    *, session: Session, usuario: Usuario, filtros: FiltrosConvenios, hoy: date
) -> TotalesConvenios:
    """Cuántos convenios ve esta persona con esos filtros, su saldo y lo vencido (todos, no solo
    los de una página); AccesoDenegado si no sigue los casos."""
    exigir(usuario, Permiso.VER_SEGUIMIENTO)
    gestor_id = solo_lo_de(usuario)
    cifras = _cifras(hoy)
    expresiones = _expresiones(cifras)
    cantidad, saldo, vencido = session.exec(
        select(
            func.count(),
            type_coerce(func.coalesce(func.sum(expresiones["saldo"]), 0), Dinero),
            type_coerce(func.coalesce(func.sum(expresiones["vencido"]), 0), Dinero),
        )
        .select_from(Convenio)
        .join(Expediente, col(Expediente.id) == col(Convenio.expediente_id))
        .outerjoin(cifras, cifras.c.convenio_id == col(Convenio.id))
        .where(*_condiciones(filtros, gestor_id, hoy))
    ).one()
    return TotalesConvenios(int(cantidad), saldo or CERO, vencido or CERO, gestor_id is not None)


def convenios_visibles(
    *,
    session: Session,
    usuario: Usuario,
    filtros: FiltrosConvenios,
    hoy: date,
    orden: str = ORDEN_CONVENIOS,
    limite: int = TAMANO_PAGINA,
    desplazamiento: int = 0,
) -> list[RenglonConvenio]:
    """Los convenios que esta persona ve con esos filtros, en ese orden (del más antiguo al más
    reciente), desde `desplazamiento`: primero los ids de la página, luego sus filas y cuotas."""
    exigir(usuario, Permiso.VER_SEGUIMIENTO)
    ids = _ordenar(
        select(col(Convenio.id)).join(
            Expediente, col(Expediente.id) == col(Convenio.expediente_id)
        ),
        orden,
        hoy,
    ).where(*_condiciones(filtros, solo_lo_de(usuario), hoy))
    pagina = list(session.exec(ids.limit(limite).offset(desplazamiento)).all())
    if not pagina:
        return []
    filas = {
        f.convenio.id: (f, suc)
        for f, suc in filas_de_convenios(session, [col(Convenio.id).in_(pagina)])
    }
    return [_renglon(filas[i][0], filas[i][1] or "", hoy) for i in pagina if i in filas]


def _ordenar(consulta: Any, orden: str, hoy: date) -> Any:
    """La consulta de ids en el orden pedido (con las uniones que ese orden necesita)."""
    clave = orden.lstrip("-") if orden.lstrip("-") in ORDENES_CONVENIOS else ORDEN_CONVENIOS
    if clave == "patrono":
        consulta = consulta.join(Patrono, col(Patrono.id) == col(Expediente.patrono_id))
    columnas: dict[str, Any] = {
        "registro": col(Convenio.id),
        "numero": col(Convenio.documento_numero),
        "expediente": col(Expediente.numero),
        "patrono": col(Patrono.busqueda),
        "estado": col(Convenio.estado),
    }
    if clave not in columnas:
        cifras = _cifras(hoy)
        consulta = consulta.outerjoin(cifras, cifras.c.convenio_id == col(Convenio.id))
        columnas.update(_expresiones(cifras))
    expresion = columnas[clave]
    if orden.startswith("-"):
        return consulta.order_by(expresion.desc(), col(Convenio.id).desc())
    return consulta.order_by(expresion.asc(), col(Convenio.id).asc())
