"""Los informes de entrega (rebotes, RFC 3464) de nuestras cartas: el informe se registra como
carta automática y la carta saliente que devuelve queda `rebotada`, con el número del informe,
para que su gestor corrija la dirección o la envíe por otro canal."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from correspondencia.modelos import Correspondencia, Saliente
from correspondencia.salida import CICLO_SALIDA, EstadoSalida
from expedientes import con_motivo


def registrar_rebotes(
    *, session: Session, informe: Correspondencia, ids_devueltos: Sequence[str]
) -> list[Saliente]:
    """Deja `rebotada` cada carta saliente enviada cuyo Message-ID devuelve el informe."""
    if not ids_devueltos:
        return []
    salientes = session.exec(
        select(Saliente).where(col(Saliente.message_id).in_(list(ids_devueltos)))
    ).all()
    rebotadas = []
    for saliente in salientes:
        if not CICLO_SALIDA.permite(saliente.estado, EstadoSalida.REBOTADA):
            continue  # ya rebotada, o entregada por otro canal: el informe queda registrado igual
        motivo = f"El servidor de correo la devolvió: informe de entrega {informe.numero}"
        with con_motivo(session, motivo):
            saliente.estado = EstadoSalida.REBOTADA
            saliente.motivo = motivo
            session.add(saliente)
        rebotadas.append(saliente)
    return rebotadas
