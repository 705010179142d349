"""Conecta las capacidades entre sí sin que se conozcan: lo que un documento cita y cómo sale,
y lo que impide archivar un expediente.

Las plantillas no conocen el correo (`plantillas.puertos`): aquí la aplicación les da las cartas
vinculadas a un expediente y la numeración de salida `CS-AAAA-NNNNNN` de la correspondencia. El
archivo no conoce las plantillas ni el seguimiento: aquí se le dice que un borrador sin terminar
o un convenio en curso impiden sellar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from archivo.sellado import registrar_bloqueo
from correspondencia.bandeja import FiltrosBandeja, listar
from correspondencia.tramite import obtener_carta, registrar_saliente
from expedientes.config import Settings
from expedientes.modelos import Expediente
from expedientes.tipos import ZONA_LOCAL, hoy
from plantillas import puertos
from plantillas.consultas import documentos_del_expediente
from plantillas.modelos import NOMBRES_ESTADO, EstadoDocumento
from seguimiento.convenios import pendientes_para_sellar


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


def borradores_pendientes(session: Session, expediente_id: int) -> list[str]:
    """Los documentos del expediente que todavía no son finales ni están anulados."""
    return [
        f"{d.titulo} {d.numero} está «{NOMBRES_ESTADO[EstadoDocumento(d.estado)].lower()}»: "
        "déjelo final o anúlelo."
        for d in documentos_del_expediente(session=session, expediente_id=expediente_id)
        if d.estado not in (EstadoDocumento.FINAL, EstadoDocumento.ANULADO)
    ]


def conectar(settings: Settings) -> None:
    """Conecta la correspondencia a las plantillas, y los borradores al sellado del archivo."""
    puertos.conectar(CorrespondenciaDeRecupera(settings.dominio_correo))
    registrar_bloqueo("borradores", borradores_pendientes)
    registrar_bloqueo("convenios", pendientes_para_sellar)
