"""Lecturas del archivo para sus páginas: un préstamo con su expediente, los últimos sellos de la
cadena y las últimas verificaciones."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from archivo.modelos import Prestamo, Sello, Verificacion
from expedientes import Expediente, NoEncontrado, Patrono

RECIENTES = 10


def prestamo_con_expediente(*, session: Session, prestamo_id: int) -> tuple[Prestamo, Expediente]:
    """El préstamo y su expediente (NoEncontrado si no existe)."""
    prestamo = session.get(Prestamo, prestamo_id)
    if prestamo is None:
        raise NoEncontrado(f"No existe el préstamo {prestamo_id}.")
    expediente = session.get(Expediente, prestamo.expediente_id)
    assert expediente is not None  # clave foránea
    return prestamo, expediente


@dataclass(frozen=True)
class Sellado:
    """Un sello de la cadena con su expediente y su patrono."""

    sello: Sello
    expediente: Expediente
    patrono: Patrono


def sellados_recientes(*, session: Session, limite: int = RECIENTES) -> list[Sellado]:
    """Los últimos sellos de la cadena (archivos y correcciones), el más reciente primero."""
    filas = session.exec(
        select(Sello, Expediente, Patrono)
        .join(Expediente, col(Expediente.id) == Sello.expediente_id)
        .join(Patrono, col(Patrono.id) == Expediente.patrono_id)
        .order_by(col(Sello.secuencia).desc())
        .limit(limite)
    ).all()
    return [Sellado(s, e, p) for s, e, p in filas]


def verificaciones_recientes(*, session: Session, limite: int = 20) -> list[Verificacion]:
    """Las últimas verificaciones del archivo, la más reciente primero."""
    return list(
        session.exec(select(Verificacion).order_by(col(Verificacion.id).desc()).limit(limite)).all()
    )
