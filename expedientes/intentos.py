"""El bloqueo por intentos fallidos: por cuenta y por origen, no por cuenta sola.

Si la cuenta entera se bloqueara tras cinco fallos, cualquiera que conozca el nombre de usuario del
jefe podría dejarlo fuera a voluntad con cinco contraseñas al azar. Aquí los fallos se cuentan por
cuenta y por origen (la dirección IPv4 de quien prueba, o su red /64 si es IPv6: quien tiene una
dirección IPv6 tiene la /64 entera): tras `intentos` fallos seguidos desde un origen, esa cuenta
queda bloqueada `bloqueo` minutos *para ese origen*; desde las demás direcciones su dueño sigue
entrando. Un fallo más viejo que `bloqueo` ya no cuenta, y una entrada correcta desde el origen
borra sus fallos. Las filas viejas de la cuenta se borran en cada fallo: la tabla no crece sin
medida aunque prueben desde muchas direcciones.
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import datetime, timedelta

from sqlalchemy import UniqueConstraint, delete, or_
from sqlmodel import Field, Session, SQLModel, col, select

from expedientes.modelos import Usuario
from expedientes.tipos import FechaHoraUTC, ahora

log = logging.getLogger(__name__)
SIN_ORIGEN = "desconocido"


class IntentoDeAcceso(SQLModel, table=True):
    """Los inicios de sesión fallidos seguidos de una cuenta desde un origen."""

    __tablename__ = "intento_de_acceso"
    __table_args__ = (UniqueConstraint("usuario_id", "origen", name="uq_intento_de_acceso"),)

    id: int | None = Field(default=None, primary_key=True)
    usuario_id: int = Field(foreign_key="usuario.id", index=True)
    origen: str = Field(max_length=64)
    fallidos: int = 0
    ultimo_fallo: datetime = Field(default_factory=ahora, sa_type=FechaHoraUTC)
    bloqueado_hasta: datetime | None = Field(default=None, sa_type=FechaHoraUTC)


def origen_de(direccion: str | None) -> str:
    """El origen de una dirección: la IPv4 tal cual, la red /64 de una IPv6 (su forma IPv4 si es
    una IPv4 dentro de IPv6); `desconocido` si no es una dirección."""
    try:
        ip = ipaddress.ip_address((direccion or "").strip().strip("[]"))
    except ValueError:
        return SIN_ORIGEN
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False))
    return str(ip)


def _fila(session: Session, usuario: Usuario, origen: str) -> IntentoDeAcceso | None:
    return session.exec(
        select(IntentoDeAcceso).where(
            IntentoDeAcceso.usuario_id == usuario.id, IntentoDeAcceso.origen == origen
        )
    ).first()


def bloqueado(*, session: Session, usuario: Usuario, origen: str, momento: datetime) -> bool:
    """¿Está la cuenta bloqueada para este origen?"""
    fila = _fila(session, usuario, origen)
    return bool(fila and fila.bloqueado_hasta and fila.bloqueado_hasta > momento)


def registrar_fallo(
    *,
    session: Session,
    usuario: Usuario,
    origen: str,
    momento: datetime,
    intentos: int,
    bloqueo: timedelta,
) -> None:
    """Cuenta un fallo de este origen; al llegar a `intentos` seguidos, bloquea la cuenta para él."""
    _purgar(session, usuario, momento - bloqueo, momento)
    fila = _fila(session, usuario, origen)
    if fila is None:
        fila = IntentoDeAcceso(usuario_id=usuario.id or 0, origen=origen, ultimo_fallo=momento)
    elif fila.ultimo_fallo < momento - bloqueo:
        fila.fallidos = 0  # un fallo viejo ya no es «seguido»
    fila.fallidos += 1
    fila.ultimo_fallo = momento
    if fila.fallidos >= intentos:
        fila.fallidos = 0
        fila.bloqueado_hasta = momento + bloqueo
        log.warning(
            "Cuenta «%s» bloqueada para %s hasta %s tras %d intentos fallidos.",
            usuario.nombre_usuario, origen, fila.bloqueado_hasta.isoformat(), intentos,
        )  # fmt: skip
    session.add(fila)
    session.flush()


def _purgar(session: Session, usuario: Usuario, viejo: datetime, momento: datetime) -> None:
    """Borra las filas de la cuenta sin fallos recientes ni bloqueo vigente."""
    session.execute(
        delete(IntentoDeAcceso).where(
            col(IntentoDeAcceso.usuario_id) == usuario.id,
            col(IntentoDeAcceso.ultimo_fallo) < viejo,
            or_(
                col(IntentoDeAcceso.bloqueado_hasta).is_(None),
                col(IntentoDeAcceso.bloqueado_hasta) <= momento,
            ),
        )
    )


def olvidar_fallos(*, session: Session, usuario: Usuario, origen: str | None = None) -> None:
    """Borra los fallos y el bloqueo de la cuenta para un origen (o para todos)."""
    condicion = col(IntentoDeAcceso.usuario_id) == usuario.id
    if origen is not None:
        condicion = condicion & (col(IntentoDeAcceso.origen) == origen)
    session.execute(delete(IntentoDeAcceso).where(condicion))


def bloqueos_vigentes(
    *, session: Session, usuario: Usuario | None = None
) -> list[tuple[Usuario, IntentoDeAcceso]]:
    """Las cuentas bloqueadas ahora y para qué origen (de un usuario, o de todos)."""
    consulta = (
        select(Usuario, IntentoDeAcceso)
        .join(IntentoDeAcceso, col(IntentoDeAcceso.usuario_id) == Usuario.id)
        .where(col(IntentoDeAcceso.bloqueado_hasta) > ahora())
        .order_by(col(Usuario.nombre_completo), col(IntentoDeAcceso.origen))
    )
    if usuario is not None:
        consulta = consulta.where(Usuario.id == usuario.id)
    return [(u, i) for u, i in session.exec(consulta).all()]
