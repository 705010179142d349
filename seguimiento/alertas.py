"""Las alertas del seguimiento para quien debe atenderlas: cuotas vencidas, traslados que
proponer y el siguiente paso de un convenio cumplido."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from expedientes import AccesoDenegado, ErrorDominio, Expediente, Permiso, Rol, Usuario, puede
from seguimiento.modelos import Alerta


def alertas_pendientes(
    *, session: Session, usuario: Usuario, limite: int = 200
) -> list[tuple[Alerta, Expediente]]:
    """Las alertas sin atender que le tocan: las de sus expedientes (un gestor) o todas."""
    consulta = (
        select(Alerta, Expediente)
        .join(Expediente, col(Expediente.id) == Alerta.expediente_id)
        .where(col(Alerta.atendida_el).is_(None))
        .order_by(col(Alerta.creada_el), col(Alerta.id))
        .limit(limite)
    )
    if usuario.rol == Rol.GESTOR:
        consulta = consulta.where(Expediente.gestor_id == usuario.id)
    return [(a, e) for a, e in session.exec(consulta).all()]


def atender_alerta(*, session: Session, alerta: Alerta, usuario: Usuario, hoy: date) -> Alerta:
    """La da por atendida (quién y cuándo); una alerta atendida no vuelve a abrirse."""
    expediente = session.get(Expediente, alerta.expediente_id)
    assert expediente is not None
    if not puede(usuario, Permiso.ATENDER_ALERTA, expediente):
        raise AccesoDenegado(
            f"{usuario.nombre_completo} no atiende las alertas de {expediente.numero}."
        )
    if alerta.atendida_el is not None:
        raise ErrorDominio(f"Esa alerta ya se atendió el {alerta.atendida_el:%d/%m/%Y}.")
    alerta.atendida_el = hoy
    alerta.atendida_por_id = usuario.id
    session.add(alerta)
    session.flush()
    return alerta
