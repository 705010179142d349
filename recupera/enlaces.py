"""Conecta la correspondencia con las plantillas: lo que un documento cita y cómo sale.

Las plantillas no conocen el correo (`plantillas.puertos`); aquí la aplicación les da las cartas
vinculadas a un expediente y la numeración de salida `CS-AAAA-NNNNNN` de la correspondencia.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from correspondencia.bandeja import FiltrosBandeja, listar
from correspondencia.tramite import obtener_carta, registrar_saliente
from expedientes.config import Settings
from expedientes.modelos import Expediente
from expedientes.tipos import ZONA_LOCAL, hoy
from plantillas import puertos


@dataclass(frozen=True)
class CorrespondenciaDeRecupera:
    """La correspondencia real, vista desde las plantillas."""

    dominio_correo: str

    def cartas_del_expediente(
        self, *, session: Session, expediente_id: int
    ) -> list[puertos.CartaCitada]:
        """Las cartas entrantes vinculadas al expediente, las más recientes primero."""
        filas = listar(
            session=session,
            filtros=FiltrosBandeja(expediente_id=expediente_id),
            hoy=hoy(),
            limite=500,
        )
        return [
            puertos.CartaCitada(
                numero=r.carta.numero,
                recibida_el=r.carta.recibido_en.astimezone(ZONA_LOCAL).date(),
                remitente=r.carta.remitente,
                referencia_remitente=r.carta.referencia_remitente,
                asunto=r.carta.asunto,
            )
            for r in filas
        ]

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
    ) -> puertos.SalidaRegistrada:
        """Numera la salida; si responde a una carta registrada, la deja respondida."""
        carta = obtener_carta(session=session, numero=responde_a) if responde_a else None
        saliente = registrar_saliente(
            session=session,
            asunto=asunto,
            destinatario=destinatario,
            emitida_el=emitida_el,
            dominio_correo=self.dominio_correo,
            expediente=session.get(Expediente, expediente_id),
            responde_a=carta,
            autor_id=autor_id,
        )
        return puertos.SalidaRegistrada(saliente.numero, saliente.message_id or "")


def conectar(settings: Settings) -> None:
    """Conecta la correspondencia de esta instalación a las plantillas."""
    puertos.conectar(CorrespondenciaDeRecupera(settings.dominio_correo))
