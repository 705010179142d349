"""Cómo sale una carta: su canal (correo electrónico, mensajero o courier, ventanilla) y, por
correo, la dirección del destinatario.

El envío se propone al generar el borrador (por correo a la dirección del remitente de la carta
que se responde o del patrono, si es válida; si no, por mensajero) y quien redacta lo cambia antes
de la aprobación: el jefe aprueba la carta sabiendo por dónde y a quién sale.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session

from correspondencia.modelos import Correspondencia, Saliente
from expedientes import Patrono, es_correo


class Canal(StrEnum):
    """Por dónde sale una carta."""

    CORREO = "correo"
    MENSAJERO = "mensajero"
    VENTANILLA = "ventanilla"


NOMBRES_CANAL = {
    Canal.CORREO: "Correo electrónico",
    Canal.MENSAJERO: "Mensajero o courier",
    Canal.VENTANILLA: "Ventanilla",
}


@dataclass(frozen=True)
class Envio:
    """Cómo sale una carta: su canal y, por correo, la dirección del destinatario."""

    canal: str
    correo: str = ""


def problemas_de_envio(envio: Envio) -> list[str]:
    """Lo que impide enviar por ese canal (todo junto)."""
    if envio.canal not in {c.value for c in Canal}:
        opciones = ", ".join(n.lower() for n in NOMBRES_CANAL.values())
        return [f"Elija cómo se envía la carta: {opciones}."]
    if envio.canal == Canal.CORREO:
        correo = envio.correo.strip()
        if not correo:
            return ["Para enviarla por correo electrónico, indique la dirección del destinatario."]
        if not es_correo(correo) or len(correo) > 320:
            return [f"«{correo}» no es una dirección de correo electrónico válida."]
    return []


def correo_propuesto(*, session: Session, saliente: Saliente) -> str:
    """La dirección a la que se propone enviar: la elegida o, si no, la del remitente de la carta
    que se responde o el correo del patrono."""
    if saliente.correo:
        return saliente.correo
    if saliente.responde_a_id is not None:
        carta = session.get(Correspondencia, saliente.responde_a_id)
        if carta is not None and carta.correo_remitente:
            return carta.correo_remitente
    if saliente.patrono_id is not None:
        patrono = session.get(Patrono, saliente.patrono_id)
        if patrono is not None and patrono.correo:
            return patrono.correo
    return ""


def envio_propuesto(*, session: Session, saliente: Saliente) -> Envio:
    """Por correo a la dirección propuesta si es válida; si no, por mensajero."""
    correo = correo_propuesto(session=session, saliente=saliente).strip()
    if correo and not problemas_de_envio(Envio(Canal.CORREO, correo)):
        return Envio(Canal.CORREO, correo)
    return Envio(Canal.MENSAJERO)
