"""Acciones sobre varias cartas a la vez (la bandeja, con una casilla por carta): todas o ninguna.

Primero se revisa cada carta; si alguna no admite la acción, no se hace en ninguna y se dice cuáles
y por qué. Si todas la admiten, se hace en cada una por su servicio de siempre: cada carta queda en
la bitácora por separado, con el mismo motivo.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from correspondencia.estados import ASIGNABLES
from correspondencia.modelos import Correspondencia
from correspondencia.tramite import asignar_carta
from expedientes import (
    ROLES_CON_CARTAS,
    AccesoDenegado,
    ErrorDominio,
    Permiso,
    Usuario,
    puede,
)

MAX_LOTE = 200


def asignar_cartas(
    *,
    session: Session,
    usuario: Usuario,
    numeros: Sequence[str],
    destinatario: Usuario,
    motivo: str = "",
) -> list[Correspondencia]:
    """Asigna todas esas cartas a una persona, o ninguna (con la lista de las que no se pueden)."""
    if not puede(usuario, Permiso.ASIGNAR_CORRESPONDENCIA):
        raise AccesoDenegado(f"{usuario.nombre_completo} no asigna cartas.")
    pedidos = list(dict.fromkeys(n.strip().upper() for n in numeros if n.strip()))
    if not pedidos:
        raise ErrorDominio("No se asignó nada.", ["Elija al menos una carta de la lista."])
    if len(pedidos) > MAX_LOTE:
        raise ErrorDominio("No se asignó nada.", [f"Elija a lo sumo {MAX_LOTE} cartas a la vez."])
    cartas = {
        c.numero: c
        for c in session.exec(
            select(Correspondencia).where(col(Correspondencia.numero).in_(pedidos))
        ).all()
    }
    problemas = [f"{n}: no existe." for n in pedidos if n not in cartas]
    problemas += [
        f"{n}: está {cartas[n].estado}, no se reasigna."
        for n in pedidos
        if n in cartas and cartas[n].estado not in ASIGNABLES
    ]
    if not destinatario.activo or destinatario.rol not in ROLES_CON_CARTAS:
        problemas.insert(0, f"A {destinatario.nombre_completo} no se le pueden asignar cartas.")
    if problemas:
        raise ErrorDominio(f"No se asignó ninguna de las {len(pedidos)} cartas.", problemas)
    return [
        asignar_carta(session=session, carta=cartas[n], destinatario=destinatario, motivo=motivo)
        for n in pedidos
    ]
