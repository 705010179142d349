"""Lo que el departamento pide y espera: una carta saliente con plazo de respuesta (`vence_el`,
p. ej. un oficio de solicitud) queda respondida cuando llega una carta de una persona que la cita
(su número `CS-` o el `DRP-` de su documento, en el asunto, el cuerpo o los adjuntos) o que responde a su Message-ID. Las que
vencen sin respuesta esperan a su autor y al jefe."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from correspondencia.modelos import Correspondencia, Saliente
from correspondencia.salida import EstadoSalida
from correspondencia.salida_acciones import puede_decidir_salida
from correspondencia.tramite import obtener_carta
from correspondencia.vinculos import citadas, indicios_en
from expedientes import (
    AccesoDenegado,
    ErrorDominio,
    Expediente,
    NoEncontrado,
    Usuario,
    ahora,
    con_motivo,
)

# Una solicitud anulada o que nunca salió no espera respuesta.
_NO_ESPERAN = (EstadoSalida.RESERVADA, EstadoSalida.ANULADA)
# Las listas de solicitudes (filtro `espera` de la correspondencia enviada y cifras del panel).
ESPERAS = {
    "solicitudes": "Solicitudes enviadas",
    "respondidas": "Respondidas",
    "sin_respuesta": "Sin respuesta",
    "en_plazo": "Sin respuesta, en plazo",
    "vencidas": "Sin respuesta, vencidas",
}


def condicion_de_espera(espera: str, hoy: date | None = None) -> ColumnElement[bool]:
    """Las salientes de esa lista: las que salieron con plazo de respuesta y, según `espera`,
    respondidas, sin respuesta, o sin respuesta en plazo o vencidas a `hoy`."""
    salieron = col(Saliente.vence_el).is_not(None) & col(Saliente.estado).not_in(_NO_ESPERAN)
    sin_respuesta = col(Saliente.respondida_por_id).is_(None)
    if espera == "solicitudes":
        return salieron
    if espera == "respondidas":
        return salieron & ~sin_respuesta
    if espera == "sin_respuesta":
        return salieron & sin_respuesta
    assert hoy is not None, "en plazo y vencidas dependen del día"
    if espera == "en_plazo":
        return salieron & sin_respuesta & (col(Saliente.vence_el) >= hoy)
    if espera == "vencidas":
        return salieron & sin_respuesta & (col(Saliente.vence_el) < hoy)
    raise ValueError(f"lista de solicitudes desconocida: {espera!r}")


def responder_solicitudes(
    *, session: Session, carta: Correspondencia, hilo: Sequence[str], textos: Iterable[str]
) -> list[Saliente]:
    """Deja respondidas, con esta carta, las solicitudes abiertas que ella cita o responde."""
    citadas_ids = [s.id for s in citadas(session, indicios_en(textos))]
    condiciones = []
    if hilo:
        condiciones.append(col(Saliente.message_id).in_(list(hilo)))
    if citadas_ids:
        condiciones.append(col(Saliente.id).in_(citadas_ids))
    if not condiciones or carta.automatico:
        return []
    abiertas = session.exec(
        select(Saliente).where(condicion_de_espera("sin_respuesta"), or_(*condiciones))
    ).all()
    for solicitud in abiertas:
        with con_motivo(session, f"Respondida con {carta.numero}"):
            solicitud.respondida_por_id, solicitud.respondida_en = carta.id, ahora()
            session.add(solicitud)
    return list(abiertas)


def responder_a_mano(
    *,
    session: Session,
    solicitud: Saliente,
    expediente: Expediente | None,
    usuario: Usuario,
    numero_carta: str,
) -> Saliente:
    """La respuesta llegó sin citar la solicitud (otra vía, otro asunto): quien decide sobre la
    carta la da por respondida con esa carta registrada, del mismo expediente."""
    if not puede_decidir_salida(usuario, solicitud, expediente):
        raise AccesoDenegado(f"{usuario.nombre_completo} no decide sobre {solicitud.numero}.")
    problemas = []
    if solicitud.vence_el is None or solicitud.estado in _NO_ESPERAN:
        problemas.append(f"{solicitud.numero} no es una solicitud que espere respuesta.")
    elif solicitud.respondida_por_id is not None:
        problemas.append(f"{solicitud.numero} ya está respondida.")
    try:
        carta: Correspondencia | None = obtener_carta(session=session, numero=numero_carta)
    except NoEncontrado as exc:
        carta = None
        problemas.append(exc.mensaje)
    if carta is not None and carta.expediente_id != solicitud.expediente_id:
        problemas.append(
            f"La carta {carta.numero} no está vinculada al expediente de la solicitud."
        )
    if problemas:
        raise ErrorDominio(f"No se pudo dar por respondida {solicitud.numero}.", problemas)
    assert carta is not None
    with con_motivo(session, f"Respondida con {carta.numero} (vinculada a mano)"):
        solicitud.respondida_por_id, solicitud.respondida_en = carta.id, ahora()
        session.add(solicitud)
    session.flush()
    return solicitud


def solicitudes_sin_respuesta(
    *, session: Session, hoy: date, solo_de: int | None = None, vencidas: bool = True
) -> list[tuple[Saliente, str | None]]:
    """Las solicitudes que salieron y esperan respuesta (las vencidas, si `vencidas`), de las más
    atrasadas a las menos, con su expediente; de un gestor (`solo_de`: sus expedientes y lo que
    redactó) o todas."""
    consulta = (
        select(Saliente, Expediente.numero)
        .join(Expediente, col(Expediente.id) == col(Saliente.expediente_id), isouter=True)
        .where(condicion_de_espera("vencidas" if vencidas else "sin_respuesta", hoy))
        .order_by(col(Saliente.vence_el), col(Saliente.numero))
    )
    if solo_de is not None:
        consulta = consulta.where(
            or_(col(Expediente.gestor_id) == solo_de, col(Saliente.autor_id) == solo_de)
        )
    return [(s, numero) for s, numero in session.exec(consulta).all()]


def respuesta_de(session: Session, solicitud: Saliente) -> Correspondencia | None:
    """La carta que respondió la solicitud, si llegó."""
    if solicitud.respondida_por_id is None:
        return None
    return session.get(Correspondencia, solicitud.respondida_por_id)
