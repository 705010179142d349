"""La conversación con un servidor IMAP: conectar con TLS, listar, traer sin marcar, marcar y mover."""

from __future__ import annotations

import contextlib
import socket
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from expedientes import ErrorDominio

LOCALES = ("127.0.0.1", "localhost", "::1")
SEGURIDADES = ("tls", "starttls", "ninguna")

# Lo que significa que la conexión se cayó o el servidor no responde: se reintenta más tarde.
ERRORES_DE_CONEXION: tuple[type[BaseException], ...] = (
    IMAPClientError,
    OSError,
    socket.timeout,
    ssl.SSLError,
)


class CredencialesRechazadas(ErrorDominio):
    """El servidor rechazó el usuario o la contraseña: reintentar no sirve."""


@dataclass(frozen=True)
class ConexionImap:
    """Cómo llegar a un buzón."""

    host: str
    puerto: int
    usuario: str
    contrasena: str = field(repr=False)
    seguridad: str = "tls"  # tls | starttls | ninguna
    ca_file: Path | None = None
    timeout: float = 60.0


@dataclass(frozen=True)
class Resumen:
    """Tamaño y fecha de llegada de un mensaje, antes de traerlo."""

    uid: int
    tamano: int
    llegada: datetime


def puerto_por_omision(seguridad: str) -> int:
    """993 para IMAPS, 143 para STARTTLS y texto plano."""
    return 993 if seguridad == "tls" else 143


def conectar(c: ConexionImap) -> IMAPClient:
    """Abre la sesión IMAP; sin cifrado solo hacia la propia máquina."""
    if c.seguridad not in SEGURIDADES:
        raise ErrorDominio(f"Seguridad «{c.seguridad}» desconocida: use {', '.join(SEGURIDADES)}.")
    if c.seguridad == "ninguna" and c.host not in LOCALES:
        raise ErrorDominio(
            f"No se envía la contraseña sin cifrar a {c.host}: use TLS o STARTTLS "
            "(sin cifrado solo se admite hacia la propia máquina)."
        )
    contexto = ssl.create_default_context(cafile=str(c.ca_file) if c.ca_file else None)
    cliente = IMAPClient(
        c.host, port=c.puerto, ssl=c.seguridad == "tls", ssl_context=contexto, timeout=c.timeout
    )
    # Fechas con su zona, tal como las da el servidor.
    cliente.normalise_times = False
    try:
        if c.seguridad == "starttls":
            cliente.starttls(contexto)
        cliente.login(c.usuario, c.contrasena)
    except LoginError:
        cerrar(cliente)
        raise CredencialesRechazadas(
            f"El servidor {c.host} rechazó el usuario «{c.usuario}» o su contraseña."
        ) from None
    except BaseException:
        cerrar(cliente)
        raise
    return cliente


def abrir_carpeta(cliente: IMAPClient, carpeta: str) -> int:
    """Selecciona la carpeta y devuelve su UIDVALIDITY."""
    info = cliente.select_folder(carpeta)
    return int(info[b"UIDVALIDITY"])


def uids_despues_de(cliente: IMAPClient, ultimo: int) -> list[int]:
    """Los UID mayores que `ultimo`, en orden (`N:*` devuelve el último aunque sea menor)."""
    return sorted(u for u in cliente.search(["UID", f"{ultimo + 1}:*"]) if u > ultimo)


def resumenes(cliente: IMAPClient, uids: Sequence[int]) -> dict[int, Resumen]:
    """Tamaño y fecha de llegada de cada UID, sin traer el contenido."""
    if not uids:
        return {}
    datos = cliente.fetch(list(uids), ["RFC822.SIZE", "INTERNALDATE"])
    return {
        uid: Resumen(uid, int(d[b"RFC822.SIZE"]), _fecha(d.get(b"INTERNALDATE")))
        for uid, d in datos.items()
    }


def traer(cliente: IMAPClient, uids: Sequence[int]) -> dict[int, bytes]:
    """El mensaje completo, sin marcarlo como leído (BODY.PEEK[])."""
    if not uids:
        return {}
    datos = cliente.fetch(list(uids), ["BODY.PEEK[]"])
    return {uid: bytes(d[b"BODY[]"]) for uid, d in datos.items() if b"BODY[]" in d}


def traer_cabeceras(cliente: IMAPClient, uid: int) -> bytes:
    """Solo las cabeceras, para mensajes demasiado grandes."""
    datos = cliente.fetch([uid], ["BODY.PEEK[HEADER]"])
    return bytes(datos.get(uid, {}).get(b"BODY[HEADER]", b""))


def despachar(cliente: IMAPClient, uids: Iterable[int], carpeta_procesados: str | None) -> None:
    """Marca como leídos y, si se configuró, mueve a la carpeta de procesados."""
    lista = sorted(set(uids))
    if not lista:
        return
    cliente.add_flags(lista, [b"\\Seen"], silent=True)
    if not carpeta_procesados:
        return
    if not cliente.folder_exists(carpeta_procesados):
        cliente.create_folder(carpeta_procesados)
    if cliente.has_capability("MOVE"):
        cliente.move(lista, carpeta_procesados)
        return
    cliente.copy(lista, carpeta_procesados)
    cliente.delete_messages(lista, silent=True)
    # Sin UIDPLUS solo hay EXPUNGE de toda la carpeta, que borraría también mensajes que otro
    # cliente marcó \Deleted y aún no se registraron: se dejan marcados y no se purga nada.
    if cliente.has_capability("UIDPLUS"):
        cliente.uid_expunge(lista)


def _fecha(valor: object) -> datetime:
    if isinstance(valor, datetime):
        return valor if valor.tzinfo else valor.replace(tzinfo=UTC)
    return datetime.now(UTC)


def cerrar(cliente: IMAPClient) -> None:
    """Cierra la sesión sin importar si la conexión ya se cayó."""
    try:
        cliente.logout()
    except ERRORES_DE_CONEXION:
        with contextlib.suppress(*ERRORES_DE_CONEXION):
            cliente.shutdown()


@dataclass(frozen=True)
class FuenteImap:
    """Un buzón con la carpeta que se sondea."""

    buzon_id: int
    nombre: str
    conexion: ConexionImap
    carpeta: str = "INBOX"
    carpeta_procesados: str | None = None

    @property
    def clave(self) -> str:
        """El nombre de la fuente en `EstadoCarpeta` y en los candados."""
        return f"buzon:{self.buzon_id}"
