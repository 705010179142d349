"""Los buzones IMAP: los que el administrador da de alta en la web (contraseña cifrada, nunca
mostrada) y el que se configura con RECUPERA_IMAP_*."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from correspondencia.imap import LOCALES, SEGURIDADES, ConexionImap, FuenteImap, puerto_por_omision
from correspondencia.modelos import Buzon
from expedientes import ErrorDominio, NoEncontrado, Settings, problemas_de_texto

NOMBRE_DEL_ENTORNO = "Buzón configurado (RECUPERA_IMAP_HOST)"
_HOST = re.compile(r"^[A-Za-z0-9.\-:\[\]]{1,255}$")
_SEGURIDAD_DEL_ENTORNO = {"true": "tls", "starttls": "starttls", "false": "ninguna"}


@dataclass(frozen=True)
class DatosBuzon:
    """Lo que el administrador escribe de un buzón."""

    nombre: str
    host: str
    puerto: int
    usuario: str
    contrasena: str  # vacía al editar: se conserva la guardada
    seguridad: str = "tls"
    carpeta: str = "INBOX"
    carpeta_procesados: str = ""
    activo: bool = True


def _cifrador(secret_key: str) -> Fernet:
    # Una clave propia para buzones, derivada de la del servicio: nunca se guarda aparte.
    clave = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"recupera-buzones").derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(clave))


def cifrar(contrasena: str, secret_key: str) -> str:
    """La contraseña cifrada para guardarla."""
    return _cifrador(secret_key).encrypt(contrasena.encode()).decode()


def descifrar(buzon: Buzon, secret_key: str) -> str:
    """La contraseña guardada del buzón; ErrorDominio si la clave del servicio cambió."""
    try:
        return _cifrador(secret_key).decrypt(buzon.contrasena_cifrada.encode()).decode()
    except InvalidToken:
        raise ErrorDominio(
            f"La contraseña del buzón «{buzon.nombre}» no se puede descifrar (¿cambió "
            "RECUPERA_SECRET_KEY?): vuelva a escribirla en Buzones."
        ) from None


def validar(datos: DatosBuzon, *, nuevo: bool) -> list[str]:
    """Los problemas de los datos de un buzón, en español."""
    problemas = problemas_de_texto(datos.nombre, "El nombre", 100)
    problemas += problemas_de_texto(datos.usuario, "El usuario", 255)
    problemas += problemas_de_texto(datos.carpeta, "La carpeta", 255)
    problemas += problemas_de_texto(datos.carpeta_procesados, "La carpeta de procesados", 255)
    if not datos.nombre.strip():
        problemas.append("El nombre es obligatorio.")
    if not _HOST.match(datos.host.strip()):
        problemas.append("El servidor debe ser un nombre de host o una dirección IP.")
    if not 1 <= datos.puerto <= 65535:
        problemas.append("El puerto debe estar entre 1 y 65535.")
    if not datos.usuario.strip():
        problemas.append("El usuario es obligatorio.")
    if nuevo and not datos.contrasena:
        problemas.append("La contraseña es obligatoria.")
    if datos.seguridad not in SEGURIDADES:
        problemas.append("La seguridad debe ser TLS, STARTTLS o ninguna.")
    elif datos.seguridad == "ninguna" and datos.host.strip() not in LOCALES:
        problemas.append("Sin cifrado solo se admite un servidor en la propia máquina.")
    if not datos.carpeta.strip():
        problemas.append("La carpeta es obligatoria.")
    return problemas


def guardar_buzon(
    *, session: Session, datos: DatosBuzon, secret_key: str, buzon_id: int | None = None
) -> Buzon:
    """Crea o actualiza un buzón; la contraseña vacía al editar conserva la guardada."""
    buzon = obtener_buzon(session=session, buzon_id=buzon_id) if buzon_id else None
    if buzon is not None and buzon.desde_entorno:
        raise ErrorDominio("El buzón del entorno se cambia con las variables RECUPERA_IMAP_*.")
    problemas = validar(datos, nuevo=buzon_id is None)
    otro = session.exec(select(Buzon).where(Buzon.nombre == datos.nombre.strip())).first()
    if otro is not None and otro.id != buzon_id:
        problemas.append(f"Ya existe un buzón llamado «{datos.nombre.strip()}».")
    if buzon is not None:
        problemas += _cambios_no_admitidos(buzon, datos)
    if datos.activo:
        problemas += _misma_cuenta_activa(session, datos, buzon_id)
    if problemas:
        raise ErrorDominio("El buzón no se puede guardar.", problemas)
    buzon = buzon or Buzon(nombre="", host="", puerto=0, usuario="", seguridad="tls")
    buzon.nombre, buzon.host, buzon.puerto = datos.nombre.strip(), datos.host.strip(), datos.puerto
    buzon.usuario, buzon.seguridad = datos.usuario.strip(), datos.seguridad
    buzon.carpeta = datos.carpeta.strip()
    buzon.carpeta_procesados = datos.carpeta_procesados.strip() or None
    buzon.activo = datos.activo
    if datos.contrasena:
        buzon.contrasena_cifrada = cifrar(datos.contrasena, secret_key)
    session.add(buzon)
    session.flush()
    return buzon


def _identidad(host: str, usuario: str, carpeta: str) -> tuple[str, str, str]:
    """Qué cuenta y carpeta es: lo que ya se registró de ella depende de esto."""
    return host.strip().lower(), usuario.strip(), carpeta.strip()


def _cambios_no_admitidos(buzon: Buzon, datos: DatosBuzon) -> list[str]:
    """Otra cuenta no es el mismo buzón; otro puerto o seguridad exige la contraseña de nuevo."""
    problemas = []
    if _identidad(buzon.host, buzon.usuario, buzon.carpeta) != _identidad(
        datos.host, datos.usuario, datos.carpeta
    ):
        problemas.append(
            "El servidor, el usuario y la carpeta de un buzón no cambian (lo ya registrado "
            "depende de ellos): desactive este buzón y cree uno nuevo."
        )
    if (buzon.puerto, buzon.seguridad) != (datos.puerto, datos.seguridad) and not datos.contrasena:
        problemas.append("Para cambiar el puerto o la seguridad vuelva a escribir la contraseña.")
    return problemas


def _misma_cuenta_activa(session: Session, datos: DatosBuzon, buzon_id: int | None) -> list[str]:
    """Dos buzones activos de la misma cuenta y carpeta registrarían cada carta dos veces."""
    buscada = _identidad(datos.host, datos.usuario, datos.carpeta)
    for b in session.exec(select(Buzon).where(col(Buzon.activo))):
        if b.id != buzon_id and _identidad(b.host, b.usuario, b.carpeta) == buscada:
            return [f"El buzón «{b.nombre}» ya sondea esa cuenta y carpeta."]
    return []


def obtener_buzon(*, session: Session, buzon_id: int) -> Buzon:
    """El buzón, o NoEncontrado."""
    buzon = session.get(Buzon, buzon_id)
    if buzon is None:
        raise NoEncontrado("El buzón no existe.")
    return buzon


def listar_buzones(*, session: Session) -> list[Buzon]:
    """Todos los buzones por nombre."""
    return list(session.exec(select(Buzon).order_by(col(Buzon.nombre))).all())


def fuentes_imap(
    *, session: Session, settings: Settings
) -> tuple[list[FuenteImap], list[tuple[FuenteImap, str]]]:
    """Los buzones activos listos para sondear (con su contraseña descifrada) y, aparte, los que
    no se pueden sondear con el motivo (p. ej. una contraseña que ya no se descifra)."""
    fuentes: list[FuenteImap] = []
    fallidas: list[tuple[FuenteImap, str]] = []
    entorno = _buzon_del_entorno(session, settings)
    if entorno is not None and settings.imap_password is not None:
        fuentes.append(_fuente(entorno, settings.imap_password.get_secret_value(), settings))
    for b in session.exec(select(Buzon).where(col(Buzon.activo), ~col(Buzon.desde_entorno))):
        try:
            fuentes.append(_fuente(b, descifrar(b, settings.secret_key), settings))
        except ErrorDominio as exc:
            fallidas.append((_fuente(b, "", settings), exc.mensaje))
    return fuentes, fallidas


def _fuente(b: Buzon, contrasena: str, settings: Settings) -> FuenteImap:
    conexion = ConexionImap(
        b.host, b.puerto, b.usuario, contrasena, b.seguridad, settings.imap_ca_file
    )
    return FuenteImap(b.id or 0, b.nombre, conexion, b.carpeta, b.carpeta_procesados)


def seguridad_y_puerto_del_entorno(settings: Settings) -> tuple[str, int]:
    """La seguridad (tls, starttls, ninguna) y el puerto del buzón de RECUPERA_IMAP_*."""
    seguridad = _SEGURIDAD_DEL_ENTORNO[settings.imap_ssl]
    return seguridad, settings.imap_port or puerto_por_omision(seguridad)


def conexion_del_entorno(settings: Settings) -> ConexionImap | None:
    """Cómo llegar al buzón del departamento (RECUPERA_IMAP_*), o None si no está configurado."""
    if not settings.imap_host or not settings.imap_user or settings.imap_password is None:
        return None
    seguridad, puerto = seguridad_y_puerto_del_entorno(settings)
    return ConexionImap(
        settings.imap_host,
        puerto,
        settings.imap_user,
        settings.imap_password.get_secret_value(),
        seguridad,
        settings.imap_ca_file,
    )


def _buzon_del_entorno(session: Session, settings: Settings) -> Buzon | None:
    """El buzón de RECUPERA_IMAP_* como fila (su estado y sus cartas lo necesitan); sin secreto."""
    identidad = _identidad(settings.imap_host or "", settings.imap_user or "", settings.imap_folder)
    buzon = None
    for fila in session.exec(select(Buzon).where(col(Buzon.desde_entorno))):
        if settings.imap_host and _identidad(fila.host, fila.usuario, fila.carpeta) == identidad:
            buzon = fila
        elif fila.activo:
            # Otra cuenta ya no es la configurada: su fila queda (con sus cartas) pero no se sondea.
            fila.activo = False
            session.add(fila)
    if not settings.imap_host:
        return None
    seguridad, puerto = seguridad_y_puerto_del_entorno(settings)
    valores: dict[str, Any] = {
        "host": settings.imap_host,
        "puerto": puerto,
        "usuario": settings.imap_user or "",
        "seguridad": seguridad,
        "carpeta": settings.imap_folder,
        "carpeta_procesados": settings.imap_processed_folder,
        "activo": True,
    }
    if buzon is None:
        buzon = _crear_buzon_del_entorno(session, valores)
    for campo, valor in valores.items():
        if getattr(buzon, campo) != valor:
            setattr(buzon, campo, valor)
    session.add(buzon)
    session.flush()
    return buzon


def _crear_buzon_del_entorno(session: Session, valores: dict[str, Any]) -> Buzon:
    """La fila del buzón del entorno; si otro sondeo la creó en el mismo instante, esa."""
    nombre = f"{NOMBRE_DEL_ENTORNO}: {valores['usuario']}@{valores['host']}"
    if valores["carpeta"] != "INBOX":
        nombre += f"/{valores['carpeta']}"
    buzon = Buzon(nombre=nombre[:100], desde_entorno=True, **valores)
    try:
        with session.begin_nested():
            session.add(buzon)
    except IntegrityError:
        # El índice único sobre el nombre dejó pasar a uno solo: se usa la fila que ganó.
        return session.exec(select(Buzon).where(Buzon.nombre == nombre[:100])).one()
    return buzon
