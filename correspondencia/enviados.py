"""La carpeta de enviados del buzón del departamento: la copia de cada correo que salió, y la
prueba de que salió cuando un envío se interrumpe."""

from __future__ import annotations

import logging

from imapclient.exceptions import IMAPClientError

from correspondencia import imap

log = logging.getLogger(__name__)
SEEN = rb"\Seen"


def guardar_en_enviados(conexion: imap.ConexionImap | None, carpeta: str, crudo: bytes) -> str:
    """Agrega la copia (marcada como leída) y dice cómo quedó; un fallo aquí no deshace el envío
    (el servidor ya lo aceptó): se anota y se registra en el log."""
    if conexion is None:
        return "Aceptada por el servidor de correo (sin buzón para la copia)"
    try:
        cliente = imap.conectar(conexion)
        try:
            if not cliente.folder_exists(carpeta):
                cliente.create_folder(carpeta)
            cliente.append(carpeta, crudo, flags=(SEEN,))
        finally:
            imap.cerrar(cliente)
    except (IMAPClientError, OSError) as exc:
        log.warning("no se guardó la copia en %s: %s", carpeta, exc)
        return f"Aceptada por el servidor de correo; la copia no se guardó en {carpeta}: {exc}"
    return f"Aceptada por el servidor de correo; copia en {carpeta}"


def buscar_en_enviados(conexion: imap.ConexionImap | None, carpeta: str, message_id: str) -> bool:
    """¿Está en la carpeta de enviados un mensaje con ese Message-ID? Sin buzón, o si no se puede
    consultar, la respuesta es no: quien llama no supone nada."""
    if conexion is None or not message_id:
        return False
    try:
        cliente = imap.conectar(conexion)
        try:
            if not cliente.folder_exists(carpeta):
                return False
            cliente.select_folder(carpeta, readonly=True)
            return bool(cliente.search(["HEADER", "Message-ID", message_id]))
        finally:
            imap.cerrar(cliente)
    except (IMAPClientError, OSError) as exc:
        log.warning("no se pudo consultar %s: %s", carpeta, exc)
        return False
