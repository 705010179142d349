"""La conversación con el servidor SMTP: entregar un mensaje y decir, en español, por qué no se
aceptó (y si reintentar sirve)."""

from __future__ import annotations

import smtplib
import ssl
from functools import lru_cache
from typing import Protocol


class ServidorSmtp(Protocol):
    """Lo que hace falta saber del servidor (la configuración del envío lo cumple)."""

    @property
    def host(self) -> str: ...
    @property
    def puerto(self) -> int: ...
    @property
    def seguridad(self) -> str: ...  # ssl | starttls | none
    @property
    def usuario(self) -> str | None: ...
    @property
    def contrasena(self) -> str: ...
    @property
    def remitente(self) -> str: ...
    @property
    def segundos(self) -> float: ...


class FalloDeEnvio(Exception):
    """El servidor no aceptó el mensaje; `definitivo` si reintentar no sirve (5xx)."""

    def __init__(self, mensaje: str, *, definitivo: bool) -> None:
        super().__init__(mensaje)
        self.mensaje, self.definitivo = mensaje, definitivo


def transmitir(config: ServidorSmtp, destinatario: str, crudo: bytes) -> None:
    """Entrega el mensaje al servidor SMTP; FalloDeEnvio si no lo acepta."""
    contexto = _contexto_tls() if config.seguridad != "none" else None
    try:
        if config.seguridad == "ssl":
            cliente: smtplib.SMTP = smtplib.SMTP_SSL(
                config.host, config.puerto, timeout=config.segundos, context=contexto
            )
        else:
            cliente = smtplib.SMTP(config.host, config.puerto, timeout=config.segundos)
        with cliente:
            if config.seguridad == "starttls":
                cliente.starttls(context=contexto)
            if config.usuario:
                cliente.login(config.usuario, config.contrasena)
            cliente.sendmail(config.remitente, [destinatario], crudo)
    except smtplib.SMTPRecipientsRefused as exc:
        codigo, texto = next(iter(exc.recipients.values()))
        raise FalloDeEnvio(
            f"El servidor rechazó a {destinatario}: {codigo} {_texto(texto)}",
            definitivo=codigo >= 500,
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise FalloDeEnvio(
            f"El servidor de correo respondió {exc.smtp_code} {_texto(exc.smtp_error)}",
            definitivo=exc.smtp_code >= 500 and exc.smtp_code != 535,
        ) from None
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise FalloDeEnvio(
            f"No se pudo entregar al servidor {config.host}:{config.puerto}: {exc}",
            definitivo=False,
        ) from None


@lru_cache(maxsize=1)
def _contexto_tls() -> ssl.SSLContext:
    """El contexto TLS que verifica certificados (cargar las CA del sistema cuesta ~20 ms)."""
    return ssl.create_default_context()


def _texto(valor: bytes | str) -> str:
    return valor.decode("utf-8", "replace") if isinstance(valor, bytes) else str(valor)
