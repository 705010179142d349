"""Lo que las plantillas necesitan de la correspondencia, sin conocerla: un puerto.

Un oficio responde a una carta registrada y un anteproyecto cita la solicitud del patrono; al
quedar final, una carta saliente recibe su número `CS-AAAA-NNNNNN`. La aplicación conecta aquí la
correspondencia real (`recupera.enlaces`); sin conexión no hay cartas que citar ni salidas que
numerar, y quien lo intente recibe un error claro.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlmodel import Session

from expedientes.errores import ErrorDominio


@dataclass(frozen=True)
class CartaCitada:
    """Lo que un documento cita de una carta entrante registrada."""

    numero: str
    recibida_el: date
    remitente: str
    referencia_remitente: str
    asunto: str


@dataclass(frozen=True)
class SalidaRegistrada:
    """El número de salida y el Message-ID que recibió un documento final."""

    numero: str
    message_id: str


class Correspondencia(Protocol):
    """Las dos operaciones de la correspondencia que usan las plantillas."""

    def cartas_del_expediente(self, *, session: Session, expediente_id: int) -> list[CartaCitada]:
        """Las cartas entrantes vinculadas al expediente, las más recientes primero."""
        ...

    def registrar_salida(
        self,
        *,
        session: Session,
        asunto: str,
        destinatario: str,
        emitida_el: date,
        expediente_id: int,
        responde_a: str | None,
        autor_id: int | None,
    ) -> SalidaRegistrada:
        """Numera la carta saliente y, si responde a una carta, la marca respondida."""
        ...


class _SinCorrespondencia:
    def cartas_del_expediente(self, *, session: Session, expediente_id: int) -> list[CartaCitada]:
        return []

    def registrar_salida(self, **_: object) -> SalidaRegistrada:
        raise ErrorDominio("La correspondencia no está conectada: no se puede numerar la salida.")


_conectada: Correspondencia = _SinCorrespondencia()


def conectar(correspondencia: Correspondencia) -> None:
    """La aplicación conecta la correspondencia real al arrancar."""
    global _conectada
    _conectada = correspondencia


def correspondencia() -> Correspondencia:
    """La correspondencia conectada."""
    return _conectada
