"""Datos de demostración de lo que sale: oficios de respuesta a cartas recibidas, por correo, en
cada momento de su envío (por enviar, enviado y rebotado), avisos por mensajero (uno entregado
con su acuse firmado, otro por salir) y solicitudes que esperan respuesta (una vencida).

Cada documento lo redacta el gestor, lo revisa y aprueba el jefe y queda final en su día, con los
servicios reales (PDF/A incluido); la carta sale después. Lo que en la instalación haría el
despachador (la conversación SMTP y el rebote que vuelve al rato) se anota como historia, con el
mismo ciclo y sus motivos, en su momento.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import col, select

from archivo import Requisitos, pdf_de_texto
from correspondencia import (
    CICLO_SALIDA,
    Correspondencia,
    EstadoSalida,
    planilla_de_envio,
    registrar_entrega,
    salida_por_numero,
)
from expedientes import Etapa, TipoExpediente, ahora, con_motivo
from plantillas import (
    DocumentoGenerado,
    Parametros,
    aprobar_documento,
    crear_borrador,
    elegir_envio_del_documento,
    enviar_a_revision,
    finalizar_documento,
)
from recupera.demo_expedientes import Caso, Departamento
from recupera.demo_reloj import Historia, dia_local, habiles_antes, habiles_despues, momento

RESPUESTAS = {
    "enviada": "Le informamos que su solicitud fue recibida y se encuentra en análisis por el gestor "
    "asignado a su expediente.",
    "rebotada": "Para continuar con el trámite, le solicitamos presentar las planillas de los "
    "períodos reclamados y la constancia de pagos efectuados.",
    "pendiente": "Le confirmamos que su expediente continúa en gestión de cobro administrativo; "
    "puede solicitar un convenio de pago en este Departamento.",
}
# Días hábiles que tarda cada respuesta después de la carta (la que está por enviar es de hoy).
DEMORA_DE_RESPUESTA = {"enviada": 3, "rebotada": 2}
ENVIADA = [
    (EstadoSalida.ENVIANDO, "Entregándose al servidor de correo"),
    (EstadoSalida.ENVIADA, "Aceptada por el servidor de correo; copia en Sent"),
]
REBOTE = (
    EstadoSalida.REBOTADA,
    "El servidor de correo la devolvió: el buzón del destinatario está lleno",
)
Redaccion = Generator[datetime, None, DocumentoGenerado]
# Días hábiles atrás del aviso por mensajero que ya se entregó (el otro es de ayer).
ENTREGADO = 5


def redactar_final(
    dep: Departamento, p: Parametros, caso: Caso, plantilla: str, datos: dict[str, Any],
    inicio: datetime, envio: tuple[str, str] | None = None,
) -> Redaccion:  # fmt: skip
    """El gestor lo redacta (y elige por dónde sale la carta) y lo envía a revisión; el jefe lo
    aprueba al rato y el gestor lo deja final el mismo día. Devuelve el documento."""
    yield inicio
    expediente, autor, dia = caso.abierto, dep.gestor_de(caso), dia_local(inicio)
    documento = crear_borrador(session=dep.session, p=p, expediente=expediente,
                               plantilla=plantilla, datos=datos, autor=autor, hoy=dia)  # fmt: skip
    if envio is not None:
        elegir_envio_del_documento(session=dep.session, p=p, documento=documento,
                                   expediente=expediente, usuario=autor, canal=envio[0],
                                   correo=envio[1])  # fmt: skip
    yield inicio + timedelta(minutes=25)
    enviar_a_revision(session=dep.session, p=p, documento=documento, expediente=expediente,
                      usuario=autor)  # fmt: skip
    yield inicio + timedelta(hours=1, minutes=10)
    aprobar_documento(session=dep.session, documento=documento, expediente=expediente,
                      usuario=dep.personas["jefe"], sha256=documento.docx_sha256)  # fmt: skip
    yield inicio + timedelta(hours=1, minutes=20)
    finalizar_documento(session=dep.session, p=p, documento=documento, expediente=expediente,
                        usuario=autor, hoy=dia)  # fmt: skip
    return documento


def _despachar(dep: Departamento, numero: str, pasos: list[tuple[EstadoSalida, str]]) -> None:
    """Lleva la carta por esos estados, cada uno con su motivo (lo que hizo el despachador)."""
    saliente = salida_por_numero(session=dep.session, numero=numero)
    for estado, motivo in pasos:
        with con_motivo(dep.session, motivo):
            saliente.estado = CICLO_SALIDA.validar(saliente.estado, estado, motivo)
            if estado == EstadoSalida.ENVIANDO:
                saliente.intentos += 1
            if estado == EstadoSalida.ENVIADA:
                saliente.enviado_en, saliente.proximo_intento_en = ahora(), None
            if estado == EstadoSalida.REBOTADA:
                saliente.motivo = motivo
            dep.session.add(saliente)
    dep.session.flush()


def historia_de_la_respuesta(
    dep: Departamento, p: Parametros, caso: Caso, carta: Correspondencia, salida: str
) -> Historia:
    """El oficio de respuesta por correo a la carta: unos días hábiles después (el que está por
    enviar, el último día trabajado); sale a los minutos de quedar final y, si rebota, el aviso
    del servidor vuelve al rato."""
    recibido = carta.recibido_en
    dias = DEMORA_DE_RESPUESTA.get(salida)
    dia = (
        dep.ultimo if dias is None else min(dep.ultimo, habiles_despues(dia_local(recibido), dias))
    )
    inicio = max(momento(dia, 10), recibido + timedelta(hours=1, minutes=30))
    datos = {"carta": carta.numero, "destinatario": "", "asunto": "", "cuerpo": RESPUESTAS[salida]}
    documento = yield from redactar_final(dep, p, caso, "oficio_respuesta", datos, inicio,
                                          ("correo", carta.correo_remitente))  # fmt: skip
    if salida == "pendiente":
        return
    yield inicio + timedelta(hours=1, minutes=22)
    _despachar(dep, documento.saliente_numero or "", ENVIADA)
    if salida == "rebotada":
        yield inicio + timedelta(hours=2)
        _despachar(dep, documento.saliente_numero or "", [REBOTE])


def sin_aviso_de_cobro(dep: Departamento, hasta: date | None) -> list[Caso]:
    """Los casos de los gestores (de cobro o de convenio, sin convenio firmado), abiertos o en
    gestión, que aún no tienen aviso de cobro y siguen abiertos después del día `hasta` (o nunca
    se cierran: así un aviso que queda pendiente no queda en un expediente cerrado). Primero los
    que se cierran: el patrono pagó después del aviso."""
    con_aviso = set(dep.session.exec(select(DocumentoGenerado.expediente_id)
                                     .where(col(DocumentoGenerado.plantilla) == "aviso_cobro")).all())  # fmt: skip
    casos = [
        c
        for c in dep.casos
        if c.gestor in ("gestor", "gestora2")
        and c.convenio is None
        and c.tipo in (TipoExpediente.COBRO, TipoExpediente.CONVENIO)
        and c.expediente is not None
        and c.expediente.etapa in (Etapa.ABIERTO, Etapa.EN_GESTION)
        and c.expediente.id not in con_aviso
        and (c.cierre is None or (hasta is not None and hasta < c.cierre))
    ]
    return sorted(casos, key=lambda c: c.sigue_abierto)


def historia_del_aviso_por_mensajero(
    dep: Departamento, p: Parametros, requisitos: Requisitos, atras: int
) -> Historia:
    """Un aviso de cobro por mensajero: final hace `atras` días hábiles. El de hace una semana
    salió en la planilla de esa tarde y el mensajero volvió con el acuse firmado; el otro espera
    la próxima planilla."""
    dia = habiles_antes(dep.ultimo, atras)
    entregada = habiles_despues(dia, 2)
    registro = min(dep.ultimo, habiles_despues(entregada, 1))
    yield momento(dia, 9, 30)
    casos = sin_aviso_de_cobro(dep, registro if atras >= ENTREGADO else None)
    if not casos:  # no queda a quién cobrar así: no hay aviso que contar
        return
    caso = casos[0]
    documento = yield from redactar_final(dep, p, caso, "aviso_cobro", {"plazo_dias": "10"},
                                          momento(dia, 9, 30), ("mensajero", ""))  # fmt: skip
    if atras < ENTREGADO:
        return
    yield momento(dia, 14, 30)
    planilla_de_envio(session=dep.session, hoy=dia)
    yield momento(registro, 9, 30)
    _registrar_acuse(dep, p, requisitos, caso, documento, entregada, registro)


def _registrar_acuse(dep: Departamento, p: Parametros, requisitos: Requisitos, caso: Caso,
                     documento: DocumentoGenerado, entregada: date, hoy: date) -> None:  # fmt: skip
    """La secretaria escanea el acuse que firmó quien recibió la carta y registra la entrega."""
    acuse = pdf_de_texto(
        titulo=f"Acuse de recibo — {documento.saliente_numero}",
        campos=[("Recibido por", "Recepción"), ("Fecha", f"{entregada:%d/%m/%Y}")],
        parrafos=["Recibí el aviso de cobro del Departamento de Recuperación Prejudicial."],
    )
    registrar_entrega(
        session=dep.session, almacen=p.almacen, requisitos=requisitos,
        saliente=salida_por_numero(session=dep.session, numero=documento.saliente_numero or ""),
        expediente=caso.abierto, usuario=dep.personas["secretaria"], escaneo=acuse,
        nombre_archivo="acuse-firmado.pdf", entregada_el=entregada, hoy=hoy,
    )  # fmt: skip


SOLICITUDES = [
    # (días hábiles atrás, plazo en días hábiles, a quién, qué)
    (
        15,
        5,
        "Jefe de la Sección de Afiliación e Inscripción",
        "Planillas de cotización presentadas por el patrono en 2025",
    ),
    (2, 10, "Jefe de la Unidad Jurídica", "Estado del proceso judicial anterior del patrono"),
]


def historia_de_la_solicitud(dep: Departamento, p: Parametros, indice: int) -> Historia:
    """Un oficio de solicitud por correo, final hace unos días hábiles y enviado a los minutos,
    sobre uno de los expedientes de cobro más recientes: uno ya vencido sin respuesta, otro en
    plazo."""
    atras, plazo, destinatario, asunto = SOLICITUDES[indice]
    dia = habiles_antes(dep.ultimo, atras)
    yield momento(dia, 10, 15)
    casos = dep.elegir(dia, lambda c: c.gestor in ("gestor", "gestora2") and c.convenio is None
                       and c.sigue_abierto and c.etapa_el(dia) in (Etapa.ABIERTO, Etapa.EN_GESTION))  # fmt: skip
    if len(casos) <= indice:  # no hay de quién pedirlo: no hay solicitud que contar
        return
    caso = casos[-1 - indice]
    datos = {"destinatario": destinatario, "asunto": asunto, "plazo_dias": str(plazo),
             "cuerpo": f"Copia de: {asunto.lower()}."}  # fmt: skip
    documento = yield from redactar_final(dep, p, caso, "oficio_solicitud", datos, momento(dia, 10, 15),
                                          ("correo", "secretaria.departamento@isss.gob.sv"))  # fmt: skip
    yield momento(dia, 11, 40)
    _despachar(dep, documento.saliente_numero or "", ENVIADA)
