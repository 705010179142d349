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


def atender_alertas(
    *, session: Session, usuario: Usuario, ids: list[int], hoy: date
) -> list[Alerta]:
    """Da por atendidas todas esas alertas, o ninguna (con la lista de las que no se pueden);
    cada una queda en la bitácora por separado."""
    pedidas = list(dict.fromkeys(ids))
    if not pedidas:
        raise ErrorDominio("No se atendió nada.", ["Elija al menos una alerta."])
    alertas = {
        a.id: a for a in session.exec(select(Alerta).where(col(Alerta.id).in_(pedidas))).all()
    }
    problemas = []
    for i in pedidas:
        alerta = alertas.get(i)
        expediente = session.get(Expediente, alerta.expediente_id) if alerta else None
        if alerta is None or expediente is None:
            problemas.append(f"La alerta {i} no existe.")
        elif not puede(usuario, Permiso.ATENDER_ALERTA, expediente):
            problemas.append(f"{expediente.numero}: no le toca atender sus alertas.")
        elif alerta.atendida_el is not None:
            problemas.append(
                f"{expediente.numero}: esa alerta ya se atendió el {alerta.atendida_el:%d/%m/%Y}."
            )
    if problemas:
        raise ErrorDominio(f"No se atendió ninguna de las {len(pedidas)} alertas.", problemas)
    return [
        atender_alerta(session=session, alerta=alertas[i], usuario=usuario, hoy=hoy)
        for i in pedidas
    ]
