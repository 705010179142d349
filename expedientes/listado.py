"""El listado de expedientes: con qué filtros, cuántos hay y cuántos en cada etapa."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from expedientes.etapas import ETAPAS_FINALES, Etapa
from expedientes.modelos import Expediente, Patrono
from expedientes.texto import normalizar_busqueda

# Cómo se lee y cómo se pide en un filtro lo que no tiene sucursal (igual que `gestor=ninguno`).
SIN_SUCURSAL = "(sin sucursal)"
FILTRO_SIN_SUCURSAL = "ninguna"


@dataclass(frozen=True)
class FiltrosExpedientes:
    """Filtros del listado de expedientes."""

    etapa: str | None = None
    tipo: str | None = None
    sucursal: str | None = None
    gestor_id: int | None = None
    sin_gestor: bool = False
    patrono_id: int | None = None
    texto: str = ""
    # Los de ninguna sucursal (vacía o sin dato) y los que no están cerrados ni anulados.
    sin_sucursal: bool = False
    activos: bool = False


# Cómo se puede ordenar la lista (`clave` ascendente, `-clave` descendente), con el número como
# desempate (es único: una página no repite ni salta expedientes).
ORDENES_EXPEDIENTES: dict[str, Any] = {
    "abierto": col(Expediente.abierto_el),
    "numero": col(Expediente.numero),
    "patrono": col(Patrono.busqueda),
    "etapa": col(Expediente.etapa),
}
ORDEN_EXPEDIENTES = "-abierto"


def listar_expedientes(
    *,
    session: Session,
    filtros: FiltrosExpedientes = FiltrosExpedientes(),
    limite: int = 500,
    orden: str = ORDEN_EXPEDIENTES,
    desplazamiento: int = 0,
) -> list[tuple[Expediente, Patrono]]:
    """Expedientes con su patrono, en ese orden (los más recientes primero), desde
    `desplazamiento`."""
    expresion = ORDENES_EXPEDIENTES.get(orden.lstrip("-"), ORDENES_EXPEDIENTES["abierto"])
    desc = orden.startswith("-")
    consulta = (
        _filtrar(select(Expediente, Patrono), filtros)
        .order_by(
            expresion.desc() if desc else expresion.asc(),
            col(Expediente.numero).desc() if desc else col(Expediente.numero).asc(),
        )
        .limit(limite)
        .offset(desplazamiento)
    )
    return [(e, p) for e, p in session.exec(consulta).all()]


def contar_expedientes(
    *, session: Session, filtros: FiltrosExpedientes = FiltrosExpedientes()
) -> int:
    """Cuántos expedientes cumplen los filtros (todos, no solo los que muestra la lista)."""
    return int(session.exec(_filtrar(select(func.count()), filtros)).one())


def _filtrar(consulta: Any, f: FiltrosExpedientes) -> Any:
    """La consulta (sobre expediente y su patrono) con las condiciones de los filtros."""
    texto = f.texto.strip()
    sin_sucursal = col(Expediente.sucursal).is_(None) | (col(Expediente.sucursal) == "")
    condiciones = [
        (f.etapa, col(Expediente.etapa) == f.etapa),
        (f.tipo, col(Expediente.tipo) == f.tipo),
        (f.sucursal, col(Expediente.sucursal) == f.sucursal),
        (f.sin_sucursal, sin_sucursal),
        (f.activos, col(Expediente.etapa).not_in(list(ETAPAS_FINALES))),
        (f.gestor_id is not None, col(Expediente.gestor_id) == f.gestor_id),
        (f.sin_gestor, col(Expediente.gestor_id).is_(None)),
        (f.patrono_id is not None, col(Expediente.patrono_id) == f.patrono_id),
        (
            texto,
            col(Expediente.numero).contains(texto.upper(), autoescape=True)
            | col(Patrono.numero_patronal).startswith(texto, autoescape=True)
            | col(Patrono.busqueda).contains(normalizar_busqueda(texto), autoescape=True),
        ),
    ]
    return (
        consulta.select_from(Expediente)
        .join(Patrono, col(Patrono.id) == Expediente.patrono_id)
        .where(*(condicion for pedido, condicion in condiciones if pedido))
    )


def conteo_por_etapa(*, session: Session, gestor_id: int | None = None) -> dict[str, int]:
    """Cuántos expedientes hay en cada etapa (de un gestor, si se indica)."""
    consulta = select(Expediente.etapa, func.count()).group_by(Expediente.etapa)
    if gestor_id is not None:
        consulta = consulta.where(Expediente.gestor_id == gestor_id)
    conteo = {e.value: 0 for e in Etapa}
    conteo.update({etapa: int(n) for etapa, n in session.exec(consulta).all()})
    return conteo
