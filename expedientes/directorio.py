"""El directorio institucional (LDAP / Active Directory): comprobar una cuenta con su propia
contraseña y leer su nombre, su correo y sus grupos, con ldap3.

Se entra con la cuenta de la persona (plantilla `RECUPERA_LDAP_BIND`), nunca con una cuenta de
servicio: la contraseña la comprueba el directorio y Recupera no la guarda. Tras entrar, con la
misma conexión, se lee la entrada propia (`RECUPERA_LDAP_FILTRO` bajo `RECUPERA_LDAP_BASE`) y los
grupos: los de su `memberOf` (Active Directory, OpenLDAP con el overlay memberof) y los que la
nombran en `member` o `uniqueMember`.
"""

from __future__ import annotations

import contextlib
import logging
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ldap3 import NONE, SIMPLE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn, parse_dn

from expedientes.config import Settings
from expedientes.errores import ErrorDominio
from expedientes.modelos import Usuario

log = logging.getLogger(__name__)

# La «contraseña» local de un usuario del directorio: no es un hash de argon2, así que ninguna
# contraseña la verifica (como «!» en /etc/shadow). Entra solo por el directorio.
HASH_DE_DIRECTORIO = "!directorio"
# Los rechazos del bind que son de la persona y no del directorio (RFC 4511): la clave o el usuario
# (invalidCredentials; Active Directory también da este por una cuenta deshabilitada o vencida),
# un nombre que no forma un DN válido (invalidDNSyntax) o que no existe (noSuchObject).
_RECHAZOS = frozenset({49, 34, 32})
_ATRIBUTOS = ["displayName", "cn", "mail", "memberOf"]
NO_DISPONIBLE = (
    "No se pudo consultar el directorio institucional para comprobar su contraseña. Intente de "
    "nuevo en unos minutos; si sigue sin poder entrar, avise a Informática."
)


class DirectorioNoDisponible(ErrorDominio):
    """El directorio no contestó, no probó su identidad (TLS) o rechazó la consulta."""


@dataclass(frozen=True)
class ConfigDirectorio:
    """Cómo llegar al directorio y qué grupo da qué rol (de `RECUPERA_LDAP_*`)."""

    host: str
    puerto: int
    seguridad: str  # ldaps | starttls | none
    ca_file: Path | None
    bind: str  # plantilla con {usuario}: un UPN o un DN
    base: str
    filtro: str
    grupos: tuple[tuple[str, str], ...]  # (DN del grupo, rol), el primero que aplica decide
    segundos: int


def config_directorio(settings: Settings) -> ConfigDirectorio | None:
    """La configuración del directorio, o None si el acceso por directorio está apagado."""
    if not settings.ldap_host or not settings.ldap_bind or not settings.ldap_base:
        return None
    return ConfigDirectorio(
        host=settings.ldap_host,
        puerto=settings.ldap_port or (636 if settings.ldap_security == "ldaps" else 389),
        seguridad=settings.ldap_security,
        ca_file=settings.ldap_ca_file,
        bind=settings.ldap_bind,
        base=settings.ldap_base,
        filtro=settings.ldap_filtro,
        grupos=tuple(settings.grupos_ldap),
        segundos=settings.ldap_segundos,
    )


@dataclass(frozen=True)
class CuentaDirectorio:
    """Lo que el directorio dice de una cuenta que entró con su contraseña."""

    dn: str
    nombre_completo: str | None
    correo: str | None
    grupos: tuple[str, ...]  # DNs, como los da el directorio


def es_de_directorio(usuario: Usuario) -> bool:
    """¿Entra este usuario por el directorio (no tiene contraseña local)?"""
    return usuario.password_hash == HASH_DE_DIRECTORIO


def _dn_normal(dn: str) -> str:
    """Un DN comparable: sin espacios de más, atributos y valores en minúsculas."""
    try:
        partes = parse_dn(dn, escape=False, strip=True)
    except LDAPException:
        return dn.strip().lower()
    return ",".join(f"{atributo.lower()}={valor.lower()}" for atributo, valor, _ in partes)


def rol_de_grupos(config: ConfigDirectorio, grupos: tuple[str, ...]) -> str | None:
    """El rol de la primera entrada de `RECUPERA_LDAP_GRUPOS` a cuyo grupo pertenece; None si a
    ninguna."""
    suyos = {_dn_normal(g) for g in grupos}
    return next((rol for dn, rol in config.grupos if _dn_normal(dn) in suyos), None)


class _TlsVerificado(Tls):
    """TLS con la verificación de Python: cadena y nombre del servidor en el handshake.

    ldap3 2.9 apaga `check_hostname` y compara el nombre después con `ssl.match_hostname`, que
    Python 3.12 ya no trae (y su reemplazo no admite direcciones IP).
    """

    def wrap_socket(self, connection: Any, do_handshake: bool = False) -> None:
        """Envuelve el socket de la conexión (LDAPS al abrir, o tras StartTLS)."""
        contexto = ssl.create_default_context(cafile=self.ca_certs_file)
        connection.socket = contexto.wrap_socket(
            connection.socket, server_hostname=connection.server.host
        )


def _conexion(config: ConfigDirectorio, nombre: str, contrasena: str) -> Connection:
    """Una conexión sin abrir que entrará como la persona (plantilla de RECUPERA_LDAP_BIND)."""
    cifrado = config.seguridad != "none"
    ca = str(config.ca_file) if config.ca_file else None
    servidor = Server(
        config.host,
        port=config.puerto,
        use_ssl=config.seguridad == "ldaps",
        tls=_TlsVerificado(validate=ssl.CERT_REQUIRED, ca_certs_file=ca) if cifrado else None,
        get_info=NONE,
        connect_timeout=config.segundos,
    )
    # Un DN lleva el nombre escapado como valor de RDN; un UPN no lo necesita.
    valor = escape_rdn(nombre) if "=" in config.bind else nombre
    return Connection(
        servidor,
        user=config.bind.replace("{usuario}", valor),
        password=contrasena,
        authentication=SIMPLE,
        read_only=True,
        auto_referrals=False,
        receive_timeout=config.segundos,
        raise_exceptions=False,
    )


def consultar_directorio(
    config: ConfigDirectorio, *, nombre_usuario: str, contrasena: str
) -> CuentaDirectorio | None:
    """La cuenta si el directorio acepta su contraseña; None si la rechaza (o no existe).

    DirectorioNoDisponible si no contesta, si su certificado no es válido o si rechaza la consulta
    por otro motivo: el mensaje es para la persona; el detalle, para Informática.
    """
    if not contrasena:
        # Un bind simple sin contraseña es anónimo y el servidor lo acepta (RFC 4513 §5.1.2).
        return None
    conexion = _conexion(config, nombre_usuario, contrasena)
    try:
        conexion.open()
        if config.seguridad == "starttls":
            conexion.start_tls()
        if not conexion.bind():
            if conexion.result.get("result") in _RECHAZOS:
                return None
            raise _no_disponible(config, f"el bind fue rechazado: {conexion.result}")
        return _leer_cuenta(config, conexion, nombre_usuario)
    except LDAPException as exc:
        raise _no_disponible(config, f"{type(exc).__name__}: {exc}") from None
    finally:
        _cerrar(conexion)


def _cerrar(conexion: Connection) -> None:
    """Se despide (unbind) y cierra el socket, también el de una conexión rota o que no llegó a
    abrirse (ldap3 lo deja abierto si el servidor rechazó la conexión)."""
    with contextlib.suppress(LDAPException):
        conexion.unbind()
    if conexion.socket is not None:
        conexion.socket.close()


def _no_disponible(config: ConfigDirectorio, detalle: str) -> DirectorioNoDisponible:
    """El error para la persona, con el detalle para quien administra; queda en el log."""
    donde = f"{config.host}:{config.puerto} ({config.seguridad})"
    log.warning("directorio %s no disponible: %s", donde, detalle)
    return DirectorioNoDisponible(NO_DISPONIBLE, [f"Directorio {donde}: {detalle}"])


def _leer_cuenta(config: ConfigDirectorio, conexion: Connection, nombre: str) -> CuentaDirectorio:
    """La entrada propia (por RECUPERA_LDAP_FILTRO) y los grupos que la nombran."""
    filtro = config.filtro.replace("{usuario}", escape_filter_chars(nombre))
    entradas = _buscar(config, conexion, filtro, _ATRIBUTOS)
    if len(entradas) != 1:
        raise _no_disponible(
            config,
            f"tras entrar, RECUPERA_LDAP_FILTRO {filtro} encontró {len(entradas)} entradas bajo "
            f"{config.base} (debe encontrar exactamente la de la persona)",
        )
    dn, atributos = entradas[0]
    miembro = escape_filter_chars(dn)
    grupos = _buscar(config, conexion, f"(|(member={miembro})(uniqueMember={miembro}))", [])
    return CuentaDirectorio(
        dn=dn,
        nombre_completo=_primero(atributos, "displayName") or _primero(atributos, "cn"),
        correo=_primero(atributos, "mail"),
        # memberOf y la búsqueda suelen dar los mismos grupos: una vez cada uno.
        grupos=tuple(dict.fromkeys([*atributos.get("memberOf", []), *(g for g, _ in grupos)])),
    )


def _buscar(
    config: ConfigDirectorio, conexion: Connection, filtro: str, atributos: list[str]
) -> list[tuple[str, dict[str, list[str]]]]:
    """Las entradas (DN, atributos) bajo la base que cumplen el filtro."""
    if not conexion.search(
        config.base, filtro, search_scope=SUBTREE, attributes=atributos or ["1.1"]
    ):
        if conexion.result.get("result") in (0, 32):  # éxito sin entradas, o base inexistente
            return []
        raise _no_disponible(config, f"la búsqueda {filtro} falló: {conexion.result}")
    return [
        (r["dn"], {k: _lista(v) for k, v in r.get("attributes", {}).items()})
        for r in conexion.response
        if r.get("type") == "searchResEntry"
    ]


def _lista(valor: Any) -> list[str]:
    """Un atributo como lista de textos (ldap3 da un texto suelto para los de un solo valor)."""
    return [str(v) for v in valor] if isinstance(valor, list) else [str(valor)]


def _primero(atributos: dict[str, list[str]], nombre: str) -> str | None:
    """El primer valor no vacío de un atributo, o None."""
    return next((v.strip() for v in atributos.get(nombre, []) if v.strip()), None)
