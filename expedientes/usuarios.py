"""Usuarios: alta, autenticación con argon2, bloqueo por intentos fallidos (por cuenta y origen,
`intentos`), cambio de contraseña con la política de `contrasenas`."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select

from expedientes.contrasenas import problemas_de_contrasena
from expedientes.directorio import es_de_directorio
from expedientes.errores import ErrorDominio, NoEncontrado
from expedientes.intentos import bloqueado, olvidar_fallos, origen_de, registrar_fallo
from expedientes.modelos import Usuario
from expedientes.politica import Rol
from expedientes.texto import es_correo, problemas_de_texto
from expedientes.tipos import ahora

_hasher = PasswordHasher()
# Verificar contra un hash ficticio cuando el usuario no existe iguala el tiempo de respuesta:
# así el tiempo no revela qué nombres de usuario existen.
_HASH_FICTICIO = _hasher.hash(secrets.token_hex(16))
_NOMBRE_USUARIO = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def _problemas_de_datos(
    nombre_completo: str, correo: str | None, sucursal: str | None
) -> list[str]:
    problemas = []
    if not nombre_completo.strip():
        problemas.append("Falta el nombre completo.")
    problemas += problemas_de_texto(nombre_completo, "El nombre completo", 200)
    problemas += problemas_de_texto(correo or "", "El correo", 200)
    problemas += problemas_de_texto(sucursal or "", "La sucursal", 100)
    if correo and correo.strip() and not es_correo(correo.strip()):
        problemas.append(f"El correo «{correo.strip()}» no es una dirección válida.")
    return problemas


def validar_contrasena(
    contrasena: str,
    *,
    nombre_usuario: str = "",
    nombre_completo: str = "",
    correo: str | None = None,
) -> list[str]:
    """Los problemas de una contraseña nueva para esta persona (lista vacía si sirve): la
    política de `expedientes.contrasenas`."""
    return problemas_de_contrasena(
        contrasena, nombre_usuario=nombre_usuario, nombre_completo=nombre_completo, correo=correo
    )


def crear_usuario(
    *,
    session: Session,
    nombre_usuario: str,
    nombre_completo: str,
    rol: str,
    contrasena: str,
    correo: str | None = None,
    sucursal: str | None = None,
) -> Usuario:
    """Da de alta un usuario; ErrorDominio con la lista de problemas si algo no vale."""
    nombre_usuario = nombre_usuario.strip().lower()
    problemas = []
    if not _NOMBRE_USUARIO.match(nombre_usuario):
        problemas.append(
            "El nombre de usuario debe tener de 2 a 64 caracteres: letras minúsculas sin tildes, "
            "dígitos, punto, guion o guion bajo."
        )
    if rol not in set(Rol):
        problemas.append(f"El rol «{rol}» no existe; use uno de: {', '.join(Rol)}.")
    problemas += _problemas_de_datos(nombre_completo, correo, sucursal)
    problemas += validar_contrasena(
        contrasena, nombre_usuario=nombre_usuario, nombre_completo=nombre_completo, correo=correo
    )
    if session.exec(select(Usuario).where(Usuario.nombre_usuario == nombre_usuario)).first():
        problemas.append(f"Ya existe el usuario «{nombre_usuario}».")
    if problemas:
        raise ErrorDominio("No se pudo crear el usuario.", problemas)
    usuario = Usuario(
        nombre_usuario=nombre_usuario,
        nombre_completo=nombre_completo.strip(),
        rol=rol,
        correo=(correo or "").strip() or None,
        sucursal=(sucursal or "").strip() or None,
        password_hash=_hasher.hash(contrasena),
        token_sesion=secrets.token_hex(16),
    )
    session.add(usuario)
    session.flush()
    return usuario


def autenticar(
    *,
    session: Session,
    nombre_usuario: str,
    contrasena: str,
    intentos: int,
    bloqueo: timedelta,
    origen: str | None = None,
) -> Usuario | None:
    """El usuario si la contraseña es correcta, está activo y no bloqueado; None si no.

    Tras `intentos` fallos seguidos desde un origen (`origen`: la dirección de quien prueba), la
    cuenta queda bloqueada durante `bloqueo` para ese origen: nadie puede dejar fuera al jefe desde
    su propia máquina. La respuesta es la misma en todos los casos de rechazo para no revelar cuál.
    """
    nombre = nombre_usuario.strip().lower()
    usuario = None
    if _NOMBRE_USUARIO.match(nombre):  # un nombre imposible ni se consulta (p. ej. con NUL)
        # FOR UPDATE: intentos simultáneos contra la misma cuenta se cuentan uno por uno.
        usuario = session.exec(
            select(Usuario).where(Usuario.nombre_usuario == nombre).with_for_update()
        ).first()
    if usuario is None:
        _verificar(_HASH_FICTICIO, contrasena)
        return None
    correcta = _verificar(usuario.password_hash, contrasena)
    momento, desde = ahora(), origen_de(origen)
    if bloqueado(session=session, usuario=usuario, origen=desde, momento=momento):
        return None
    if not correcta or not usuario.activo:
        registrar_fallo(session=session, usuario=usuario, origen=desde, momento=momento,
                        intentos=intentos, bloqueo=bloqueo)  # fmt: skip
        return None
    olvidar_fallos(session=session, usuario=usuario, origen=desde)
    usuario.ultimo_acceso = momento
    if _hasher.check_needs_rehash(usuario.password_hash):
        usuario.password_hash = _hasher.hash(contrasena)
    return usuario


def _verificar(hash_guardado: str, contrasena: str) -> bool:
    try:
        return _hasher.verify(hash_guardado, contrasena)
    except (VerificationError, InvalidHashError):
        return False


def cambiar_contrasena(*, session: Session, usuario: Usuario, nueva: str) -> None:
    """Cambia la contraseña y cierra las demás sesiones abiertas del usuario."""
    if es_de_directorio(usuario):
        raise ErrorDominio(
            f"«{usuario.nombre_usuario}» entra con su cuenta del directorio institucional: su "
            "contraseña se cambia en el directorio, no en Recupera."
        )
    problemas = validar_contrasena(
        nueva,
        nombre_usuario=usuario.nombre_usuario,
        nombre_completo=usuario.nombre_completo,
        correo=usuario.correo,
    )
    if problemas:
        raise ErrorDominio("No se pudo cambiar la contraseña.", problemas)
    # Antes de tocar al usuario: el DELETE vacía lo pendiente y la bitácora partiría el cambio.
    olvidar_fallos(session=session, usuario=usuario)
    usuario.password_hash = _hasher.hash(nueva)
    cerrar_sesiones(session=session, usuario=usuario)


def cerrar_sesiones(*, session: Session, usuario: Usuario) -> None:
    """Invalida todas las sesiones abiertas del usuario (al salir, o por seguridad)."""
    usuario.token_sesion = secrets.token_hex(16)
    session.add(usuario)


def verificar_contrasena(usuario: Usuario, contrasena: str) -> bool:
    """¿Es esta la contraseña actual del usuario?"""
    return _verificar(usuario.password_hash, contrasena)


def actualizar_usuario(
    *,
    session: Session,
    usuario: Usuario,
    rol: str,
    activo: bool,
    nombre_completo: str,
    sucursal: str | None,
    suplente: bool | None = None,
) -> Usuario:
    """Cambia rol, estado, nombre, sucursal o si es suplente del jefe (revisa y aprueba
    documentos); desactivar o cambiar de rol cierra sus sesiones."""
    problemas = _problemas_de_datos(nombre_completo, None, sucursal)
    if rol not in set(Rol):
        problemas.append(f"El rol «{rol}» no existe.")
    if problemas:
        raise ErrorDominio("No se pudo actualizar el usuario.", problemas)
    if usuario.rol == Rol.ADMIN and (rol != Rol.ADMIN or not activo):
        otros = session.exec(  # FOR UPDATE: dos degradaciones simultáneas no dejan cero admins
            select(Usuario)
            .with_for_update()
            .where(
                Usuario.rol == Rol.ADMIN,
                Usuario.activo == True,  # noqa: E712
                Usuario.id != usuario.id,
            )
        ).first()
        if otros is None:
            raise ErrorDominio("No se puede quitar el último administrador activo.")
    if (usuario.rol, usuario.activo) != (rol, activo):
        usuario.token_sesion = secrets.token_hex(16)
    usuario.rol = rol
    usuario.activo = activo
    usuario.nombre_completo = nombre_completo.strip()
    usuario.sucursal = (sucursal or "").strip() or None
    if suplente is not None:
        usuario.suplente = suplente
    session.add(usuario)
    return usuario


def obtener_usuario(*, session: Session, nombre_usuario: str) -> Usuario:
    """El usuario por su nombre; NoEncontrado si no existe."""
    usuario = session.exec(
        select(Usuario).where(Usuario.nombre_usuario == nombre_usuario.strip().lower())
    ).first()
    if usuario is None:
        raise NoEncontrado(f"No existe el usuario «{nombre_usuario}».")
    return usuario


def listar_usuarios(*, session: Session, rol: str | None = None) -> list[Usuario]:
    """Todos los usuarios (o los de un rol), por nombre."""
    consulta = select(Usuario).order_by(col(Usuario.nombre_completo))
    if rol:
        consulta = consulta.where(Usuario.rol == rol)
    return list(session.exec(consulta).all())
