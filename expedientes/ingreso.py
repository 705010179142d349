"""El inicio de sesión: las cuentas locales con su contraseña y, si está configurado, las del
directorio institucional, que se dan de alta y toman su rol de sus grupos en cada ingreso.

- Un usuario local con contraseña entra siempre en local (`autenticar`), también con el
  directorio caído: así queda un administrador de emergencia.
- Cualquier otro nombre se comprueba en el directorio; Recupera nunca prueba una contraseña local
  para él. El primer ingreso crea el usuario con el rol de sus grupos, su nombre y su correo; los
  siguientes le cambian el rol si cambió de grupo (queda en la bitácora).
- Quien ya no está en ningún grupo de Recupera queda desactivado y sin sesiones; volver a un grupo
  no lo reactiva: eso lo decide el administrador.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from expedientes.auditoria import con_motivo
from expedientes.directorio import (
    HASH_DE_DIRECTORIO,
    ConfigDirectorio,
    CuentaDirectorio,
    DirectorioNoDisponible,
    consultar_directorio,
    es_de_directorio,
    rol_de_grupos,
)
from expedientes.modelos import Usuario
from expedientes.politica import NOMBRES_ROL, Rol
from expedientes.texto import es_correo, problemas_de_texto
from expedientes.tipos import ahora
from expedientes.usuarios import _NOMBRE_USUARIO, autenticar

SIN_GRUPO = (
    "Su cuenta del directorio institucional no pertenece a ningún grupo de Recupera. Si debe "
    "usar Recupera, pida a Informática que la agregue al grupo de su puesto."
)
DESACTIVADO = (
    "Su usuario de Recupera está desactivado. Pida al administrador de Recupera que lo reactive."
)


@dataclass(frozen=True)
class Ingreso:
    """El resultado de un intento de entrar: el usuario, o por qué no.

    `mensaje` es None cuando basta el genérico («usuario o contraseña incorrectos»): solo se
    explica el rechazo a quien ya probó su contraseña, o que el directorio no contesta.
    """

    usuario: Usuario | None
    mensaje: str | None = None
    directorio_caido: bool = False


def iniciar_sesion(
    *,
    session: Session,
    nombre_usuario: str,
    contrasena: str,
    intentos: int,
    bloqueo: timedelta,
    directorio: ConfigDirectorio | None,
    origen: str | None = None,
) -> Ingreso:
    """Comprueba a la persona en local o en el directorio (ver el módulo).

    Con el directorio, la transacción de la lectura inicial se confirma antes de consultarlo: en
    SQLite una transacción de escritura abierta detendría a todos los escritores mientras el
    directorio contesta (o no). Llámelo con la sesión sin cambios pendientes.
    """
    nombre = nombre_usuario.strip().lower()
    local = None
    if _NOMBRE_USUARIO.match(nombre):
        local = session.exec(select(Usuario).where(Usuario.nombre_usuario == nombre)).first()
    if directorio is None or (local is not None and not es_de_directorio(local)):
        usuario = autenticar(
            session=session,
            nombre_usuario=nombre,
            contrasena=contrasena,
            intentos=intentos,
            bloqueo=bloqueo,
            origen=origen,
        )
        return Ingreso(usuario)
    if not _NOMBRE_USUARIO.match(nombre):
        return Ingreso(None)
    session.commit()
    try:
        cuenta = consultar_directorio(directorio, nombre_usuario=nombre, contrasena=contrasena)
    except DirectorioNoDisponible as exc:
        return Ingreso(None, exc.mensaje, directorio_caido=True)
    if cuenta is None:
        return Ingreso(None)
    return _con_la_cuenta(session, nombre, cuenta, rol_de_grupos(directorio, cuenta.grupos))


def _con_la_cuenta(
    session: Session, nombre: str, cuenta: CuentaDirectorio, rol: str | None
) -> Ingreso:
    """Da de alta, actualiza o desactiva al usuario según lo que dice el directorio."""
    usuario = session.exec(
        select(Usuario).where(Usuario.nombre_usuario == nombre).with_for_update()
    ).first()
    if usuario is not None and not es_de_directorio(usuario):
        return Ingreso(None)  # alguien creó una cuenta local con ese nombre mientras tanto
    if rol is None:
        if usuario is not None and usuario.activo:
            with con_motivo(session, "Ya no pertenece a ningún grupo de Recupera del directorio."):
                usuario.activo = False
                usuario.token_sesion = secrets.token_hex(16)  # cierra sus sesiones abiertas
        return Ingreso(None, SIN_GRUPO)
    if usuario is not None and not usuario.activo:
        return Ingreso(None, DESACTIVADO)
    nombre_completo, correo = cuenta.nombre_completo or nombre, _correo(cuenta.correo)
    problemas = problemas_de_texto(nombre_completo, "El nombre del directorio", 200)
    if problemas:
        return Ingreso(None, " ".join(["Su cuenta del directorio no se puede usar:", *problemas]))
    if usuario is None:
        usuario = _alta(session, nombre, rol, nombre_completo, correo)
    else:
        _actualizar(session, usuario, rol, nombre_completo, correo)
    usuario.ultimo_acceso = ahora()
    return Ingreso(usuario)


def _correo(correo: str | None) -> str | None:
    """El correo del directorio si Recupera puede guardarlo y usarlo; si no, ninguno."""
    if correo and es_correo(correo) and not problemas_de_texto(correo, "El correo", 200):
        return correo
    return None


def _alta(
    session: Session, nombre: str, rol: str, nombre_completo: str, correo: str | None
) -> Usuario:
    """El usuario nuevo del directorio, sin contraseña local.

    Dos primeros ingresos a la vez (un doble clic) insertan el mismo nombre: el segundo, en su
    punto de guardado, encuentra la fila del primero.
    """
    usuario = Usuario(
        nombre_usuario=nombre,
        nombre_completo=nombre_completo,
        rol=rol,
        correo=correo,
        password_hash=HASH_DE_DIRECTORIO,
        token_sesion=secrets.token_hex(16),
    )
    motivo = f"Primer ingreso con la cuenta del directorio: {NOMBRES_ROL[Rol(rol)]} por sus grupos."
    try:
        with session.begin_nested(), con_motivo(session, motivo):
            session.add(usuario)
    except IntegrityError:
        return session.exec(select(Usuario).where(Usuario.nombre_usuario == nombre)).one()
    return usuario


def _actualizar(
    session: Session, usuario: Usuario, rol: str, nombre_completo: str, correo: str | None
) -> None:
    """Rol, nombre y correo como los dice el directorio; cambiar de rol cierra sus sesiones."""
    if (usuario.rol, usuario.nombre_completo, usuario.correo) == (rol, nombre_completo, correo):
        return
    with con_motivo(session, f"Según el directorio: {NOMBRES_ROL[Rol(rol)]} por sus grupos."):
        if usuario.rol != rol:
            usuario.token_sesion = secrets.token_hex(16)
        usuario.rol = rol
        usuario.nombre_completo = nombre_completo
        usuario.correo = correo
