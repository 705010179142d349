"""Lecturas que las páginas y los comandos necesitan del dominio compartido: un expediente con
el permiso de quien lo pide, su patrono y su gestor, usuarios y patronos por id, las sucursales
conocidas y el usuario de una sesión iniciada."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from expedientes.casos import obtener_expediente
from expedientes.errores import NoEncontrado
from expedientes.modelos import Expediente, Patrono, Usuario
from expedientes.politica import AccesoDenegado, Permiso, puede


def expediente_para(
    *, session: Session, numero: str, usuario: Usuario | None, permiso: Permiso | None
) -> Expediente:
    """El expediente `numero` si esta persona tiene el permiso sobre él (NoEncontrado si no
    existe; AccesoDenegado si no le toca). Sin permiso, solo se busca: lo que se haga con él lo
    decide el servicio que lo reciba."""
    expediente = obtener_expediente(session=session, numero=numero)
    if permiso is not None and not puede(usuario, permiso, expediente):
        raise AccesoDenegado(f"No tiene permiso sobre el expediente {expediente.numero}.")
    return expediente


def patrono_y_gestor(*, session: Session, expediente: Expediente) -> tuple[Patrono, Usuario | None]:
    """El patrono del expediente y su gestor (si tiene)."""
    patrono = session.get(Patrono, expediente.patrono_id)
    assert patrono is not None  # clave foránea
    gestor = session.get(Usuario, expediente.gestor_id) if expediente.gestor_id else None
    return patrono, gestor


def usuario_por_id(*, session: Session, usuario_id: int) -> Usuario:
    """El usuario con ese id (NoEncontrado si no existe)."""
    usuario = session.get(Usuario, usuario_id)
    if usuario is None:
        raise NoEncontrado(f"No existe el usuario {usuario_id}.")
    return usuario


def usuario_de_sesion(*, session: Session, usuario_id: int, token: str) -> Usuario | None:
    """El usuario de una sesión iniciada, si sigue activo y su token de sesión es el vigente
    (cambiar la contraseña o cerrar las sesiones lo cambia)."""
    usuario = session.exec(select(Usuario).where(Usuario.id == usuario_id)).first()
    if usuario is None or usuario.token_sesion != token or not usuario.activo:
        return None
    return usuario


def nombres_de_usuarios(
    *, session: Session, ids: Iterable[int | None] | None = None
) -> dict[int, str]:
    """El nombre completo de cada usuario citado (o de todos, sin `ids`), por id."""
    consulta = select(Usuario.id, Usuario.nombre_completo)
    if ids is not None:
        validos = {i for i in ids if i is not None}
        if not validos:
            return {}
        consulta = consulta.where(col(Usuario.id).in_(validos))
    return {int(i): nombre for i, nombre in session.exec(consulta).all() if i is not None}


def expediente_por_id(*, session: Session, expediente_id: int) -> Expediente:
    """El expediente con ese id (NoEncontrado si no existe)."""
    expediente = session.get(Expediente, expediente_id)
    if expediente is None:
        raise NoEncontrado(f"No existe el expediente {expediente_id}.")
    return expediente


def patronos_por_id(*, session: Session, ids: Iterable[int]) -> dict[int, Patrono]:
    """Los patronos citados, por id."""
    validos = set(ids)
    if not validos:
        return {}
    filas = session.exec(select(Patrono).where(col(Patrono.id).in_(validos))).all()
    return {p.id: p for p in filas if p.id is not None}


def sucursales_de_patronos(*, session: Session) -> list[str]:
    """Las sucursales que tienen los patronos registrados, en orden."""
    return sorted({s for s in session.exec(select(Patrono.sucursal).distinct()).all() if s})
