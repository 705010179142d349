"""Un servidor SMTP real para las pruebas: aiosmtpd en loopback, en un puerto libre, que entrega
cada mensaje al buzón de Dovecot de su destinatario (la parte local de la dirección es el usuario
de Dovecot) con IMAP APPEND. Así, lo que Recupera envía se lee después del buzón real.

Uso típico:

    with ServidorSmtp(dovecot) as smtp:
        smtp.rechazar["nadie@prueba.sv"] = "550 5.1.1 Buzón inexistente"
        ...  # enviar a smtp.host, smtp.puerto
        smtp.recibidos  # [(remitente, [destinatarios], bytes)]
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.dovecot import Dovecot, puerto_libre


class _Entrega:
    """El manejador de aiosmtpd: rechaza lo configurado y entrega el resto a Dovecot."""

    def __init__(self, servidor: ServidorSmtp) -> None:
        self.servidor = servidor

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        respuesta = self.servidor.rechazar.get(address.lower())
        if respuesta:
            return respuesta
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.servidor.respuesta_data:
            return self.servidor.respuesta_data
        crudo = bytes(envelope.original_content or envelope.content or b"")
        destinatarios = list(envelope.rcpt_tos)
        for direccion in destinatarios:
            self.servidor.dovecot.agregar(crudo, usuario=direccion.split("@")[0])
        self.servidor.recibidos.append((envelope.mail_from, destinatarios, crudo))
        return "250 Mensaje aceptado"


class ServidorSmtp:
    """aiosmtpd en 127.0.0.1 que entrega a Dovecot; `rechazar` y `respuesta_data` simulan lo que
    un servidor de verdad responde cuando no acepta."""

    def __init__(self, dovecot: Dovecot) -> None:
        self.dovecot = dovecot
        self.host = "127.0.0.1"
        self.puerto = puerto_libre()
        self.rechazar: dict[str, str] = {}
        self.respuesta_data = ""
        self.recibidos: list[tuple[str, list[str], bytes]] = []
        self._controlador = Controller(
            _Entrega(self), hostname=self.host, port=self.puerto, decode_data=False
        )

    def __enter__(self) -> ServidorSmtp:
        self._controlador.start()
        return self

    def __exit__(
        self,
        tipo: type[BaseException] | None,
        valor: BaseException | None,
        traza: TracebackType | None,
    ) -> None:
        self._controlador.stop()

    def settings(self) -> dict[str, Any]:
        """Las variables RECUPERA_SMTP_* que apuntan a este servidor (sin cifrado: loopback)."""
        return {"smtp_host": self.host, "smtp_port": self.puerto, "smtp_security": "none"}
