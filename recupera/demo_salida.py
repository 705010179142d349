"""Datos de demostración de lo que sale: oficios de respuesta a cartas recibidas, por correo, en
cada momento de su envío (por enviar, enviado y rebotado), avisos por mensajero (uno entregado
con su acuse firmado, otro por salir) y solicitudes que esperan respuesta (una vencida).

Los documentos se redactan, revisan y dejan final con los servicios reales (PDF/A incluido). Lo
que en la instalación haría el despachador (la conversación SMTP y el rebote que vuelve días
después) se anota como historia, con el mismo ciclo y sus motivos.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from archivo import Requisitos, pdf_de_texto
from correspondencia import (
    CICLO_SALIDA,
    Correspondencia,
    EstadoCarta,
    EstadoSalida,
    planilla_de_envio,
    registrar_entrega,
    salida_por_numero,
)
from expedientes import ZONA_LOCAL, Expediente, Usuario, con_motivo, es_habil
from plantillas import (
    DocumentoGenerado,
    Parametros,
    aprobar_documento,
    crear_borrador,
    elegir_envio_del_documento,
    enviar_a_revision,
    finalizar_documento,
)

RESPUESTAS = [
    "Le informamos que su solicitud fue recibida y se encuentra en análisis por el gestor "
    "asignado a su expediente.",
    "Para continuar con el trámite, le solicitamos presentar las planillas de los períodos "
    "reclamados y la constancia de pagos efectuados.",
    "Le confirmamos que su expediente continúa en gestión de cobro administrativo; puede "
    "solicitar un convenio de pago en este Departamento.",
]


def _cartas_por_responder(session: Session, gestores: list[Usuario]) -> list[Correspondencia]:
    """Cartas de personas, por tramitar y vinculadas a expedientes de los gestores (las que están
    en trámite siguen en trámite)."""
    return list(
        session.exec(
            select(Correspondencia)
            .join(Expediente, col(Expediente.id) == Correspondencia.expediente_id)
            .where(col(Expediente.gestor_id).in_([g.id for g in gestores]))
            .where(col(Correspondencia.estado).in_([EstadoCarta.REGISTRADA, EstadoCarta.ASIGNADA]))
            .where(~col(Correspondencia.automatico))
            .where(col(Correspondencia.correo_remitente) != "")
            .order_by(col(Correspondencia.numero))
        ).all()
    )


def _final(
    session: Session, p: Parametros, expediente: Expediente, plantilla: str, datos: dict[str, str],
    autor: Usuario, jefe: Usuario, dia: date, canal: str, correo: str,
) -> DocumentoGenerado:  # fmt: skip
    """Redactado por el gestor con el canal dado, aprobado por el jefe y final."""
    documento = crear_borrador(session=session, p=p, expediente=expediente, plantilla=plantilla,
                               datos=datos, autor=autor, hoy=dia)  # fmt: skip
    elegir_envio_del_documento(session=session, p=p, documento=documento, expediente=expediente,
                               usuario=autor, canal=canal, correo=correo)  # fmt: skip
    enviar_a_revision(session=session, p=p, documento=documento, expediente=expediente,
                      usuario=autor)  # fmt: skip
    aprobar_documento(session=session, documento=documento, expediente=expediente, usuario=jefe,
                      sha256=documento.docx_sha256)  # fmt: skip
    finalizar_documento(session=session, p=p, documento=documento, expediente=expediente,
                        usuario=autor, hoy=dia)  # fmt: skip
    return documento


def _historia(
    session: Session, numero: str, pasos: list[tuple[EstadoSalida, str]], cuando: datetime
) -> None:
    """Lleva la carta por esos estados, cada uno con su motivo (lo que hizo el despachador)."""
    saliente = salida_por_numero(session=session, numero=numero)
    for estado, motivo in pasos:
        with con_motivo(session, motivo):
            saliente.estado = CICLO_SALIDA.validar(saliente.estado, estado, motivo)
            if estado == EstadoSalida.ENVIANDO:
                saliente.intentos += 1
            if estado == EstadoSalida.ENVIADA:
                saliente.enviado_en, saliente.proximo_intento_en = cuando, None
            if estado == EstadoSalida.REBOTADA:
                saliente.motivo = motivo
            session.add(saliente)
    session.flush()


def _dia_habil_antes(dia: date, dias: int) -> date:
    dia -= timedelta(days=dias)
    while not es_habil(dia):
        dia -= timedelta(days=1)
    return dia


def cargar_salidas(
    *,
    session: Session,
    p: Parametros,
    requisitos: Requisitos,
    personas: dict[str, Usuario],
    hoy: date,
) -> None:
    """Tres oficios de respuesta por correo (por enviar, enviado, rebotado), dos avisos de cobro
    por mensajero (uno entregado con su acuse, otro por salir) y dos oficios de solicitud (uno
    vencido sin respuesta, otro en plazo)."""
    gestores = {u.id: u for u in (personas["gestor"], personas["gestora2"])}
    jefe = personas["jefe"]
    cartas = _cartas_por_responder(session, list(gestores.values()))[:3]
    for i, carta in enumerate(cartas):
        expediente = session.get(Expediente, carta.expediente_id)
        assert expediente is not None and expediente.gestor_id is not None
        dia = _dia_habil_antes(hoy, 2 * (len(cartas) - i))
        datos = {"carta": carta.numero, "destinatario": "", "asunto": "", "cuerpo": RESPUESTAS[i]}
        documento = _final(session, p, expediente, "oficio_respuesta", datos,
                           gestores[expediente.gestor_id], jefe, dia, "correo",
                           carta.correo_remitente)  # fmt: skip
        numero = documento.saliente_numero or ""
        salio = datetime.combine(dia, time(10, 5), ZONA_LOCAL)
        if i >= 1:
            _historia(session, numero, [
                (EstadoSalida.ENVIANDO, "Entregándose al servidor de correo"),
                (EstadoSalida.ENVIADA, "Aceptada por el servidor de correo; copia en Sent"),
            ], salio)  # fmt: skip
        if i == 2:
            _historia(session, numero, [
                (EstadoSalida.REBOTADA, "El servidor de correo la devolvió: el buzón del "
                                        "destinatario no existe"),
            ], salio)  # fmt: skip
    _avisos_por_mensajero(session, p, requisitos, personas, gestores, hoy)
    _solicitudes(session, p, gestores, jefe, hoy)


def _avisos_por_mensajero(
    session: Session,
    p: Parametros,
    requisitos: Requisitos,
    personas: dict[str, Usuario],
    gestores: dict[int | None, Usuario],
    hoy: date,
) -> None:
    """Dos avisos de cobro por mensajero: uno salió en la planilla de hace una semana y volvió
    con su acuse firmado; el otro espera la próxima planilla."""
    abiertos = select(DocumentoGenerado.expediente_id).where(
        col(DocumentoGenerado.plantilla) == "aviso_cobro"
    )
    expedientes = session.exec(
        select(Expediente)
        .where(col(Expediente.gestor_id).in_(list(gestores)))
        .where(col(Expediente.tipo) == "cobro")
        .where(col(Expediente.etapa).in_(["abierto", "en_gestion"]))
        .where(col(Expediente.id).not_in(abiertos))
        .order_by(col(Expediente.numero))
    ).all()[:2]
    for i, expediente in enumerate(expedientes):
        dia = _dia_habil_antes(hoy, 7 if i == 0 else 1)
        documento = _final(session, p, expediente, "aviso_cobro", {"plazo_dias": "10"},
                           gestores[expediente.gestor_id], personas["jefe"], dia, "mensajero",
                           "")  # fmt: skip
        if i == 0:
            planilla_de_envio(session=session, hoy=dia)
            entregada = _dia_habil_antes(hoy, 5)
            acuse = pdf_de_texto(
                titulo=f"Acuse de recibo — {documento.saliente_numero}",
                campos=[("Recibido por", "Recepción"), ("Fecha", entregada.isoformat())],
                parrafos=["Recibí el aviso de cobro del Departamento de Recuperación Prejudicial."],
            )
            registrar_entrega(
                session=session, almacen=p.almacen, requisitos=requisitos,
                saliente=salida_por_numero(session=session, numero=documento.saliente_numero or ""),
                expediente=expediente, usuario=personas["secretaria"], escaneo=acuse,
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


def _solicitudes(
    session: Session, p: Parametros, gestores: dict[int | None, Usuario], jefe: Usuario, hoy: date
) -> None:
    """Dos oficios de solicitud enviados por correo: uno vencido sin respuesta, otro en plazo."""
    expedientes = session.exec(
        select(Expediente)
        .where(col(Expediente.gestor_id).in_(list(gestores)))
        .where(col(Expediente.etapa).in_(["abierto", "en_gestion"]))
        .order_by(col(Expediente.numero).desc())
    ).all()[: len(SOLICITUDES)]
    for expediente, (atras, plazo, destinatario, asunto) in zip(
        expedientes, SOLICITUDES, strict=False
    ):
        dia = _dia_habil_antes(hoy, atras)
        datos = {"destinatario": destinatario, "asunto": asunto, "plazo_dias": str(plazo),
                 "cuerpo": f"Copia de: {asunto.lower()}."}  # fmt: skip
        documento = _final(session, p, expediente, "oficio_solicitud", datos,
                           gestores[expediente.gestor_id], jefe, dia, "correo",
                           "secretaria.departamento@isss.gob.sv")  # fmt: skip
        _historia(session, documento.saliente_numero or "", [
            (EstadoSalida.ENVIANDO, "Entregándose al servidor de correo"),
            (EstadoSalida.ENVIADA, "Aceptada por el servidor de correo; copia en Sent"),
        ], datetime.combine(dia, time(11, 0), ZONA_LOCAL))  # fmt: skip
