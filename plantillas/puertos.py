"""Lo que las plantillas necesitan de la correspondencia, sin conocerla: un puerto.

Un oficio responde a una carta registrada y un anteproyecto cita la solicitud del patrono; una
carta saliente recibe su número `CS-AAAA-NNNNNN` con el borrador (va impreso en él) y un envío
propuesto que quien redacta cambia antes de la aprobación, sale por ese canal al quedar final y queda anulada, con el número usado, si el documento se anula. La aplicación da la
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
class SalidaDelDocumento:
    """Lo que un documento dice de su carta saliente, calculado al generarlo."""

    numero: str
    documento: str
    asunto: str
    destinatario: str
    fecha: date
    expediente_id: int
    responde_a: str | None
    autor_id: int | None
    vence_el: date | None = None


class PuertoCorrespondencia(Protocol):
    """Las operaciones de la correspondencia que usan las plantillas."""

    def cartas_del_expediente(self, *, session: Session, expediente_id: int) -> list[CartaCitada]:
        """Las cartas entrantes vinculadas al expediente, las más recientes primero."""
        ...

    def reservar_salida(self, *, session: Session, anio: int) -> str:
        """Reserva el siguiente número `CS-` del año en la transacción de quien llama."""
        ...

    def anotar_salida(self, *, session: Session, salida: SalidaDelDocumento) -> str:
        """Registra (o pone al día) la carta saliente en redacción; devuelve su Message-ID."""
        ...

    def elegir_envio(
        self,
        *,
        session: Session,
        numero: str,
        canal: str,
        correo: str,
        plazo_respuesta_dias: int | None,
    ) -> None:
        """Por dónde (y, por correo, a quién) saldrá la carta en redacción y, si se espera su
        respuesta sin plazo impreso, en cuántos días hábiles; ErrorDominio con lo que lo impide."""
        ...

    def emitir_salida(
        self, *, session: Session, numero: str, emitida_el: date, pdf_sha256: str | None
    ) -> None:
        """La carta (ese PDF/A) queda por enviar por el canal elegido en la redacción; la carta a
        la que responde, respondida."""
        ...

    def anular_salida(self, *, session: Session, numero: str, motivo: str) -> None:
        """El número queda usado, anulado con el motivo."""
        ...
