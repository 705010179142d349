"""El registro de salida: el número `CS-AAAA-NNNNNN` de cada carta que el departamento envía, y
su ciclo desde que se reserva con el borrador hasta que llega (o vuelve).

El número se reserva al generar el borrador y va impreso en él, así que los bytes que aprueba el
jefe ya lo llevan; si el documento se anula, el número queda usado con el motivo. Al quedar final
el documento, la carta se emite por un canal (correo electrónico, mensajero o ventanilla) y espera
su envío.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlmodel import Session, select

from correspondencia.envio import NOMBRES_CANAL, Canal, Envio, envio_propuesto, problemas_de_envio
from correspondencia.estados import PLAZO_CORRE, EstadoCarta
from correspondencia.modelos import Correspondencia, Saliente
from correspondencia.tramite import obtener_carta
from expedientes import (
    Ciclo,
    ErrorDominio,
    Expediente,
    NoEncontrado,
    ahora,
    con_motivo,
    dias_habiles_despues,
    exigir_no_archivado,
    formatear_numero,
    problemas_de_texto,
    siguiente_numero,
)

SERIE_SALIDA = "CS"
DIGITOS_SALIDA = 6
# El plazo de respuesta más largo que se puede esperar de una carta, en días hábiles.
PLAZO_MAXIMO = 90


class EstadoSalida(StrEnum):
    """Dónde está una carta saliente."""

    RESERVADA = "reservada"
    ANULADA = "anulada"
    PENDIENTE = "pendiente"
    ENVIANDO = "enviando"
    ERROR = "error"
    INCIERTO = "incierto"
    ENVIADA = "enviada"
    REBOTADA = "rebotada"
    ENTREGADA = "entregada"
    DEVUELTA = "devuelta"
    # Numeradas antes de que Recupera enviara: se enviaron fuera de él.
    EMITIDA = "emitida"


S = EstadoSalida
NOMBRES_ESTADO_SALIDA = {
    S.RESERVADA: "En redacción",
    S.ANULADA: "Anulada",
    S.PENDIENTE: "Por enviar",
    S.ENVIANDO: "Enviándose",
    S.ERROR: "Error de envío",
    S.INCIERTO: "Estado incierto",
    S.ENVIADA: "Enviada",
    S.REBOTADA: "Rebotada",
    S.ENTREGADA: "Entregada",
    S.DEVUELTA: "Devuelta",
    S.EMITIDA: "Emitida fuera de Recupera",
}
CICLO_SALIDA: Ciclo[EstadoSalida] = Ciclo(
    EstadoSalida,
    NOMBRES_ESTADO_SALIDA,
    {
        S.RESERVADA: frozenset({S.ANULADA, S.PENDIENTE}),
        S.PENDIENTE: frozenset({S.ENVIANDO, S.ENVIADA, S.ENTREGADA}),
        S.ENVIANDO: frozenset({S.ENVIADA, S.ERROR, S.INCIERTO}),
        S.ERROR: frozenset({S.ENVIANDO, S.PENDIENTE}),
        # Quien decide una carta en estado incierto lo explica: ¿salió o se reenvía?
        S.INCIERTO: frozenset({S.ENVIADA, S.PENDIENTE}),
        S.ENVIADA: frozenset({S.REBOTADA, S.ENTREGADA, S.DEVUELTA}),
        S.REBOTADA: frozenset({S.PENDIENTE}),
        S.DEVUELTA: frozenset({S.PENDIENTE}),
        S.ENTREGADA: frozenset(),
        S.ANULADA: frozenset(),
        S.EMITIDA: frozenset(),
    },
    requieren_motivo=frozenset(
        {
            (S.RESERVADA, S.ANULADA),
            (S.INCIERTO, S.ENVIADA),
            (S.INCIERTO, S.PENDIENTE),
            (S.ENVIADA, S.DEVUELTA),
            (S.REBOTADA, S.PENDIENTE),
            (S.DEVUELTA, S.PENDIENTE),
        }
    ),
)


@dataclass(frozen=True)
class DatosSalida:
    """Lo que el documento dice de su carta saliente, calculado al generarlo."""

    numero: str
    documento: str
    asunto: str
    destinatario: str
    fecha: date
    expediente_id: int | None
    responde_a: str | None
    autor_id: int | None
    vence_el: date | None = None


def reservar_numero(*, session: Session, anio: int) -> str:
    """El siguiente número `CS-AAAA-NNNNNN` del año, dentro de la transacción de quien llama."""
    n = siguiente_numero(session=session, serie=SERIE_SALIDA, anio=anio)
    return formatear_numero(SERIE_SALIDA, anio, n, DIGITOS_SALIDA)


def salida_por_numero(*, session: Session, numero: str) -> Saliente:
    """La carta saliente por su número, o NoEncontrado."""
    saliente = session.exec(select(Saliente).where(Saliente.numero == numero.strip())).first()
    if saliente is None:
        raise NoEncontrado(f"No existe la carta saliente {numero.strip()}.")
    return saliente


def anotar_salida(*, session: Session, datos: DatosSalida, dominio_correo: str) -> Saliente:
    """Crea la carta saliente reservada de un borrador, o la pone al día si se regeneró."""
    problemas = problemas_de_texto(datos.asunto, "El asunto", 1000)
    problemas += problemas_de_texto(datos.destinatario, "El destinatario", 500)
    if problemas:
        raise ErrorDominio("La carta saliente no se puede registrar.", problemas)
    carta = obtener_carta(session=session, numero=datos.responde_a) if datos.responde_a else None
    expediente = session.get(Expediente, datos.expediente_id) if datos.expediente_id else None
    if expediente is None and carta is not None and carta.expediente_id:
        expediente = session.get(Expediente, carta.expediente_id)
    saliente = session.exec(select(Saliente).where(Saliente.numero == datos.numero)).first()
    if saliente is None:
        if expediente is not None:
            exigir_no_archivado(expediente)
        saliente = Saliente(
            numero=datos.numero,
            message_id=f"{datos.numero}@{dominio_correo}",
            emitida_el=datos.fecha,
            estado=EstadoSalida.RESERVADA,
        )
    elif saliente.estado != EstadoSalida.RESERVADA:
        raise ErrorDominio(f"La carta saliente {datos.numero} ya no está en redacción.")
    saliente.documento, saliente.emitida_el = datos.documento or None, datos.fecha
    saliente.asunto, saliente.destinatario = datos.asunto, datos.destinatario
    saliente.expediente_id = expediente.id if expediente else None
    saliente.patrono_id = expediente.patrono_id if expediente else None
    saliente.responde_a_id = carta.id if carta else None
    saliente.autor_id = datos.autor_id
    saliente.vence_el = datos.vence_el
    if not saliente.canal:  # nueva: se propone cómo sale; quien redacta lo cambia
        envio = envio_propuesto(session=session, saliente=saliente)
        saliente.canal, saliente.correo = envio.canal, envio.correo
    session.add(saliente)
    session.flush()
    return saliente


def elegir_envio(
    *, session: Session, numero: str, envio: Envio, plazo_respuesta_dias: int | None = None
) -> Saliente:
    """Cambia por dónde y a quién saldrá una carta todavía en redacción y, si se espera su
    respuesta sin que el plazo vaya impreso, en cuántos días hábiles desde que se emita."""
    problemas = problemas_de_envio(envio)
    if plazo_respuesta_dias is not None and not 1 <= plazo_respuesta_dias <= PLAZO_MAXIMO:
        problemas.append(
            f"El plazo de respuesta debe ser de 1 a {PLAZO_MAXIMO} días hábiles (o ninguno)."
        )
    if problemas:
        raise ErrorDominio(f"No se puede elegir el envío de {numero}.", problemas)
    saliente = salida_por_numero(session=session, numero=numero)
    if saliente.estado != EstadoSalida.RESERVADA:
        raise ErrorDominio(f"La carta saliente {numero} ya no está en redacción.")
    correo = envio.correo.strip() if envio.canal == Canal.CORREO else ""
    nuevo = (envio.canal, correo, plazo_respuesta_dias)
    if (saliente.canal, saliente.correo, saliente.plazo_respuesta_dias) != nuevo:
        destino = f" a {correo}" if correo else ""
        espera = (
            f"; espera respuesta en {plazo_respuesta_dias} días hábiles"
            if plazo_respuesta_dias
            else ""
        )
        canal = NOMBRES_CANAL[Canal(envio.canal)].lower()
        with con_motivo(session, f"Saldrá por {canal}{destino}{espera}"):
            saliente.canal, saliente.correo, saliente.plazo_respuesta_dias = nuevo
            session.add(saliente)
        session.flush()
    return saliente


def emitir_salida(
    *,
    session: Session,
    numero: str,
    emitida_el: date,
    pdf_sha256: str | None = None,
    envio: Envio | None = None,
) -> Saliente:
    """El documento quedó final: la carta (el PDF/A `pdf_sha256`) espera su envío por el canal
    elegido en la redacción (o por `envio`, si se da), y la carta a la que responde queda
    respondida."""
    saliente = salida_por_numero(session=session, numero=numero)
    envio = envio or Envio(saliente.canal, saliente.correo)
    problemas = problemas_de_envio(envio)
    if problemas:
        raise ErrorDominio(f"No se puede emitir la carta {numero}.", problemas)
    CICLO_SALIDA.validar(saliente.estado, EstadoSalida.PENDIENTE)
    with con_motivo(session, f"Emitida por {NOMBRES_CANAL[Canal(envio.canal)].lower()}"):
        saliente.estado = EstadoSalida.PENDIENTE
        saliente.canal = envio.canal
        saliente.correo = envio.correo.strip() if envio.canal == Canal.CORREO else ""
        saliente.emitida_el = emitida_el
        if saliente.plazo_respuesta_dias:
            saliente.vence_el = dias_habiles_despues(emitida_el, saliente.plazo_respuesta_dias)
        saliente.pdf_sha256 = pdf_sha256
        saliente.proximo_intento_en = ahora() if envio.canal == Canal.CORREO else None
        session.add(saliente)
    if saliente.responde_a_id is not None:
        carta = session.get(Correspondencia, saliente.responde_a_id)
        if carta is not None:
            _marcar_respondida(session, carta, saliente.numero)
    session.flush()
    return saliente


def _marcar_respondida(session: Session, carta: Correspondencia, numero: str) -> None:
    """La carta a la que responde la saliente `numero` queda respondida, si su plazo corría."""
    # Una carta ya archivada o respondida conserva su estado; la respuesta queda igual enlazada.
    if carta.estado in PLAZO_CORRE:
        with con_motivo(session, f"Respondida con {numero}"):
            carta.estado = EstadoCarta.RESPONDIDA
            carta.respondida_en = ahora()
            session.add(carta)


def anular_salida(*, session: Session, numero: str, motivo: str) -> Saliente:
    """El documento se anuló: su número queda usado, anulado con el motivo."""
    saliente = salida_por_numero(session=session, numero=numero)
    CICLO_SALIDA.validar(saliente.estado, EstadoSalida.ANULADA, motivo)
    with con_motivo(session, motivo.strip()):
        saliente.estado = EstadoSalida.ANULADA
        saliente.motivo = motivo.strip()[:1000]
        session.add(saliente)
    session.flush()
    return saliente


def registrar_saliente(
    *,
    session: Session,
    asunto: str,
    destinatario: str,
    emitida_el: date,
    dominio_correo: str,
    envio: Envio,
    expediente: Expediente | None = None,
    responde_a: Correspondencia | None = None,
    autor_id: int | None = None,
    documento: str = "",
    pdf_sha256: str | None = None,
) -> Saliente:
    """Numera y emite de una vez una carta saliente (la de un documento redactado antes de que el
    número se reservara con el borrador, y las de los datos de prueba)."""
    numero = reservar_numero(session=session, anio=emitida_el.year)
    datos = DatosSalida(
        numero=numero,
        documento=documento,
        asunto=asunto,
        destinatario=destinatario,
        fecha=emitida_el,
        expediente_id=expediente.id if expediente else None,
        responde_a=responde_a.numero if responde_a else None,
        autor_id=autor_id,
    )
    anotar_salida(session=session, datos=datos, dominio_correo=dominio_correo)
    return emitir_salida(
        session=session, numero=numero, envio=envio, emitida_el=emitida_el, pdf_sha256=pdf_sha256
    )
