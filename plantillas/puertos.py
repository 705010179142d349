"""Lo que las plantillas necesitan de la correspondencia, sin conocerla: un puerto.

Un oficio responde a una carta registrada y un anteproyecto cita la solicitud del patrono; al
quedar final, una carta saliente recibe su número `CS-AAAA-NNNNNN`. La aplicación da la
correspondencia real en `Parametros.correspondencia` (`recupera.composicion`): sin ella no se
pueden armar los parámetros de los documentos.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from sqlmodel import Session


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


class PuertoCorrespondencia(Protocol):
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
