"""Los avisos de una persona en la web: la lista (los más nuevos primero), cuántos no ha leído,
marcarlos como leídos y cómo quiere recibirlos por correo. Un aviso retirado (la persona ya no
puede ver lo que cuenta: `avisos.vigencia`) no se muestra ni se cuenta."""

from __future__ import annotations

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from avisos.correo import NOMBRES_PREFERENCIA, EstadoCorreo, Preferencia
from avisos.modelos import Aviso
from expedientes import ErrorDominio, NoEncontrado, Usuario, ahora, con_motivo

# Lo que la persona ve en la web: todo menos lo retirado.
_A_LA_VISTA = col(Aviso.correo) != EstadoCorreo.RETIRADO


def avisos_de(
    *, session: Session, usuario: Usuario, solo_sin_leer: bool = False, limite: int = 50,
    antes_de: int | None = None,
) -> list[Aviso]:  # fmt: skip
    """Los avisos de la persona, los más nuevos primero (`antes_de`: los anteriores a ese id)."""
    consulta = select(Aviso).where(Aviso.usuario_id == usuario.id, _A_LA_VISTA)
    if solo_sin_leer:
        consulta = consulta.where(col(Aviso.leido_en).is_(None))
    if antes_de is not None:
        consulta = consulta.where(col(Aviso.id) < antes_de)
    return list(session.exec(consulta.order_by(col(Aviso.id).desc()).limit(limite)).all())


def sin_leer(*, session: Session, usuario_id: int) -> int:
    """Cuántos avisos de la persona no ha leído (el contador del encabezado)."""
    consulta = select(func.count()).where(
        col(Aviso.usuario_id) == usuario_id, col(Aviso.leido_en).is_(None), _A_LA_VISTA
    )
    return int(session.exec(consulta).one())


def aviso_de(*, session: Session, usuario: Usuario, aviso_id: int) -> Aviso:
    """Un aviso de la persona; de otra persona, como si no existiera."""
    aviso = session.get(Aviso, aviso_id)
    if aviso is None or aviso.usuario_id != usuario.id or aviso.correo == EstadoCorreo.RETIRADO:
        raise NoEncontrado("Ese aviso no existe.")
    return aviso


def marcar_leidos(*, session: Session, usuario: Usuario, ids: list[int] | None = None) -> int:
    """Marca como leídos esos avisos de la persona (o todos); devuelve cuántos cambió."""
    consulta = update(Aviso).where(
        col(Aviso.usuario_id) == usuario.id, col(Aviso.leido_en).is_(None)
    )
    if ids is not None:
        consulta = consulta.where(col(Aviso.id).in_(ids))
    resultado = session.execute(consulta.values(leido_en=ahora()))
    return int(resultado.rowcount)  # type: ignore[attr-defined]


def elegir_avisos_por_correo(*, session: Session, usuario: Usuario, preferencia: str) -> Usuario:
    """Cómo quiere la persona sus avisos por correo: en cuanto ocurren, un resumen diario o
    ninguno."""
    if preferencia not in {p.value for p in Preferencia}:
        opciones = ", ".join(n.lower() for n in NOMBRES_PREFERENCIA.values())
        raise ErrorDominio("No se pudo guardar la preferencia.", [f"Elija una: {opciones}."])
    if usuario.avisos_correo != preferencia:
        with con_motivo(session, "Preferencia de avisos por correo"):
            usuario.avisos_correo = preferencia
            session.add(usuario)
        session.flush()
    return usuario
