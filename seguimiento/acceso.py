"""Quién llega a qué convenio o alerta: cada uno con su expediente, si la política deja a esta
persona hacer eso sobre ese expediente; y las alertas abiertas de un expediente."""

from __future__ import annotations

from sqlmodel import Session, col, select

from expedientes import AccesoDenegado, Expediente, NoEncontrado, Permiso, Usuario, puede
from seguimiento.modelos import Alerta, Convenio


def _expediente(
    session: Session, expediente_id: int, usuario: Usuario | None, permiso: Permiso
) -> Expediente:
    expediente = session.get(Expediente, expediente_id)
    assert expediente is not None  # clave foránea
    if not puede(usuario, permiso, expediente):
        raise AccesoDenegado(f"No tiene permiso sobre el expediente {expediente.numero}.")
    return expediente


def convenio_para(
    *, session: Session, convenio_id: int, usuario: Usuario | None, permiso: Permiso
) -> tuple[Convenio, Expediente]:
    """El convenio y su expediente (NoEncontrado; AccesoDenegado si no le toca)."""
    convenio = session.get(Convenio, convenio_id)
    if convenio is None:
        raise NoEncontrado(f"No existe el convenio {convenio_id}.")
    return convenio, _expediente(session, convenio.expediente_id, usuario, permiso)


def alerta_para(
    *, session: Session, alerta_id: int, usuario: Usuario | None, permiso: Permiso
) -> tuple[Alerta, Expediente]:
    """La alerta y su expediente (NoEncontrado; AccesoDenegado si no le toca)."""
    alerta = session.get(Alerta, alerta_id)
    if alerta is None:
        raise NoEncontrado(f"No existe la alerta {alerta_id}.")
    return alerta, _expediente(session, alerta.expediente_id, usuario, permiso)


def alertas_abiertas(*, session: Session, expediente_id: int) -> list[Alerta]:
    """Las alertas del expediente que nadie ha atendido, de la más antigua a la más reciente."""
    return list(
        session.exec(
            select(Alerta)
            .where(Alerta.expediente_id == expediente_id, col(Alerta.atendida_el).is_(None))
            .order_by(col(Alerta.creada_el), col(Alerta.id))
        ).all()
    )
