"""¿Puede esta persona ver todavía aquello de lo que la avisa un aviso? Se pregunta justo antes de
mandarlo por correo, porque entre el hecho y el correo pasa tiempo (el resumen diario sale hasta
un día después): la carta se reasignó, el expediente cambió de gestor, la persona cambió de rol.

No hay una segunda política: cada clase de objeto se pide con la misma función de acceso que usan
sus páginas (`carta_para`, `salida_para`, `documento_para`, `expediente_para`; la verificación,
con `puede`), y lo que esa función niega o ya no encuentra, el aviso no lo dice. Un objeto que
este módulo no conoce no se manda (falla cerrado).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from avisos.modelos import Aviso
from correspondencia import carta_para, salida_para
from expedientes import AccesoDenegado, NoEncontrado, Permiso, Usuario, expediente_para, puede
from plantillas import documento_para

# Con qué permiso se mira el expediente de un aviso, según lo que el aviso cuenta de él.
_PERMISO_SOBRE_EXPEDIENTE = {
    "convenio_incumplido": Permiso.VER_SEGUIMIENTO,
    "cuota_vencida": Permiso.VER_SEGUIMIENTO,
    "prestamo_vencido": Permiso.CONSULTAR_ARCHIVO,
}


def _carta(session: Session, usuario: Usuario, aviso: Aviso) -> None:
    carta_para(
        session=session, numero=aviso.referencia, usuario=usuario,
        permiso=Permiso.VER_CORRESPONDENCIA,
    )  # fmt: skip


def _salida(session: Session, usuario: Usuario, aviso: Aviso) -> None:
    salida_para(session=session, numero=aviso.referencia, usuario=usuario)


def _documento(session: Session, usuario: Usuario, aviso: Aviso) -> None:
    if not aviso.referencia.isdigit():
        raise NoEncontrado(f"No existe el documento {aviso.referencia}.")
    documento_para(
        session=session, documento_id=int(aviso.referencia), usuario=usuario,
        permiso=Permiso.VER_DOCUMENTOS,
    )  # fmt: skip


def _expediente(session: Session, usuario: Usuario, aviso: Aviso) -> None:
    permiso = _PERMISO_SOBRE_EXPEDIENTE.get(aviso.evento, Permiso.VER_EXPEDIENTES)
    expediente_para(session=session, numero=aviso.referencia, usuario=usuario, permiso=permiso)


def _archivo(session: Session, usuario: Usuario, aviso: Aviso) -> None:
    expediente_para(
        session=session, numero=aviso.referencia, usuario=usuario,
        permiso=Permiso.CONSULTAR_ARCHIVO,
    )  # fmt: skip


def _verificacion(_session: Session, usuario: Usuario, _aviso: Aviso) -> None:
    if not puede(usuario, Permiso.VER_VERIFICACION):
        raise AccesoDenegado("No ve las verificaciones del archivo.")


_COMPROBAR: dict[str, Callable[[Session, Usuario, Aviso], None]] = {
    "carta": _carta,
    "salida": _salida,
    "documento": _documento,
    "expediente": _expediente,
    "archivo": _archivo,
    "verificacion": _verificacion,
}
OBJETOS_COMPROBADOS = frozenset(_COMPROBAR)


def lo_sigue_viendo(session: Session, usuario: Usuario, aviso: Aviso) -> bool:
    """¿Le deja la política de hoy ver lo que el aviso cuenta? (una persona inactiva, nada)."""
    comprobar = _COMPROBAR.get(aviso.objeto)
    if comprobar is None or not usuario.activo:
        return False
    try:
        comprobar(session, usuario, aviso)
    except (NoEncontrado, AccesoDenegado):
        return False
    return True
