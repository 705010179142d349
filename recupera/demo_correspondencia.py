"""La correspondencia de la demostración: cartas de patronos, de otras dependencias y de la Unidad
Jurídica recibidas en los últimos dos meses, registradas por el mismo servicio que usa el sondeo
(análisis MIME, blobs, número CE, vinculación y plazo) y llevadas por sus estados con los
servicios de trámite: unas por clasificar, otras asignadas, en trámite, vencidas, respondidas o
archivadas. Así la bandeja de la secretaria y el panel del jefe tienen algo que mostrar.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlmodel import Session, col, select

from archivo import Almacen
from correspondencia import (
    Entrante,
    EstadoCarta,
    OrigenCarta,
    ReglasDePlazo,
    asignar_carta,
    cambiar_estado_carta,
    preparar_correo,
    registrar_varios,
)
from expedientes import ETAPAS_FINALES, ZONA_LOCAL, Expediente, Patrono, Usuario
from recupera.demo_patronos import dominio_de

# (días atrás, tipo, asunto, a quién se asigna, estado al que llega, ¿cita el expediente?)
CARTAS = [
    (
        58,
        "solicitud_patrono",
        "Solicitud de convenio de pago",
        "gestor",
        EstadoCarta.RESPONDIDA,
        True,
    ),
    (52, "respuesta_patrono", "Respuesta al aviso de cobro", "gestor", EstadoCarta.ARCHIVADA, True),
    (
        45,
        "oficio_isss",
        "Oficio de la Sección de Cuenta Individual",
        "jefe",
        EstadoCarta.RESPONDIDA,
        False,
    ),
    (
        40,
        "solicitud_patrono",
        "Solicitud de estado de cuenta",
        "gestora2",
        EstadoCarta.EN_TRAMITE,
        True,
    ),
    (33, "unidad_juridica", "Informe de la Unidad Jurídica", "jefe", EstadoCarta.ASIGNADA, True),
    (26, "solicitud_patrono", "Solicitud de prórroga", "gestor", EstadoCarta.ASIGNADA, True),
    (
        21,
        "institucion_externa",
        "Consulta del Ministerio de Trabajo",
        "jefe",
        EstadoCarta.RESPONDIDA,
        False,
    ),
    (
        15,
        "respuesta_patrono",
        "Propuesta de pago de la mora",
        "gestora2",
        EstadoCarta.ASIGNADA,
        True,
    ),
    (
        9,
        "solicitud_patrono",
        "Solicitud de constancia de solvencia",
        "gestor",
        EstadoCarta.ASIGNADA,
        False,
    ),
    (6, "general", "Cambio de representante legal", "", EstadoCarta.REGISTRADA, False),
    (3, "oficio_isss", "Remisión de planillas", "secretaria", EstadoCarta.ASIGNADA, False),
    (1, "solicitud_patrono", "Solicitud de reunión", "", EstadoCarta.REGISTRADA, True),
]
CAMINOS = {
    EstadoCarta.REGISTRADA: [],
    EstadoCarta.ASIGNADA: [],
    EstadoCarta.EN_TRAMITE: [EstadoCarta.EN_TRAMITE],
    EstadoCarta.RESPONDIDA: [EstadoCarta.EN_TRAMITE, EstadoCarta.RESPONDIDA],
    EstadoCarta.ARCHIVADA: [EstadoCarta.ARCHIVADA],
}
MOTIVOS = {
    EstadoCarta.ARCHIVADA: "El patrono solo acusa recibo: no requiere respuesta.",
    EstadoCarta.RESPONDIDA: "Respondida con nota entregada en ventanilla; copia en el expediente.",
}


def _correo(remitente: str, direccion: str, asunto: str, cuerpo: str, enviado: datetime) -> bytes:
    """El mensaje RFC 5322 de una carta, como llegaría al buzón del departamento."""
    mensaje = EmailMessage()
    mensaje["From"] = f'"{remitente}" <{direccion}>'
    mensaje["To"] = "recuperacion.prejudicial@isss.gob.sv"
    mensaje["Subject"] = asunto
    mensaje["Date"] = format_datetime(enviado)
    mensaje["Message-ID"] = make_msgid(domain=direccion.split("@")[1])
    mensaje.set_content(cuerpo)
    return mensaje.as_bytes()


def _remitente(tipo: str, patrono: Patrono) -> tuple[str, str]:
    """Quién escribe: el representante del patrono o la dependencia, con su correo."""
    if tipo == "oficio_isss":
        return "Sección de Cuenta Individual", "cuenta.individual@isss.gob.sv"
    if tipo == "unidad_juridica":
        return "Unidad Jurídica", "juridica@isss.gob.sv"
    if tipo == "institucion_externa":
        return "Dirección General de Inspección de Trabajo", "inspeccion@mtps.gob.sv"
    return (
        patrono.representante_legal or patrono.razon_social,
        patrono.correo or f"{dominio_de(patrono.razon_social).split('.')[0]}@gmail.com",
    )


def _activos(session: Session) -> list[tuple[Expediente, Patrono]]:
    """Los expedientes activos con gestor, con su patrono, en orden de número."""
    return list(
        session.exec(
            select(Expediente, Patrono)
            .join(Patrono, col(Patrono.id) == Expediente.patrono_id)
            .where(col(Expediente.etapa).not_in(ETAPAS_FINALES))
            .where(col(Expediente.gestor_id).is_not(None))
            .order_by(col(Expediente.numero))
        ).all()
    )


def _entrante(
    i: int, expediente: Expediente, patrono: Patrono, hoy: date, almacen: Almacen
) -> Entrante:
    """La carta `i` de `CARTAS` como llegaría a la carpeta de entrada, con su recepción."""
    dias, tipo, asunto, _, _, cita = CARTAS[i]
    recibido = datetime.combine(hoy - timedelta(days=dias), time(9 + i % 7, 15), ZONA_LOCAL)
    nombre, direccion = _remitente(tipo, patrono)
    referencia = (
        f"expediente {expediente.numero}, número patronal {patrono.numero_patronal}"
        if cita
        else "sin referencia de expediente"
    )
    cuerpo = (
        f"Estimados señores del Departamento de Recuperación Prejudicial:\n\n"
        f"{asunto} de {patrono.razon_social} ({referencia}).\n\n"
        f"Atentamente,\n{nombre}\n"
    )
    crudo = _correo(nombre, direccion, f"{asunto} — {patrono.razon_social}", cuerpo,
                    recibido - timedelta(minutes=20))  # fmt: skip
    origen = OrigenCarta(
        tipo="carpeta", carpeta="demostracion", nombre_archivo=f"carta-{i + 1}.eml"
    )
    return Entrante(preparar_correo(crudo, almacen=almacen), origen, recibido)


def cargar_correspondencia(
    *,
    session: Session,
    almacen: Almacen,
    personas: dict[str, Usuario],
    hoy: date,
    reglas: ReglasDePlazo,
) -> None:
    """Registra las cartas de `CARTAS` (citando expedientes activos de los gestores) y las lleva
    a su estado."""
    activos = _activos(session)
    if not activos:
        return
    entrantes = [_entrante(i, *activos[i % len(activos)], hoy, almacen) for i in range(len(CARTAS))]
    cartas = []
    for entrante, (_, tipo, _, _, _, _) in zip(entrantes, CARTAS, strict=True):
        cartas += registrar_varios(session=session, entrantes=[entrante], reglas=reglas, tipo=tipo)
    for carta, (_, _, _, persona, estado, _) in zip(cartas, CARTAS, strict=True):
        if persona:
            asignar_carta(session=session, carta=carta, destinatario=personas[persona])
        for paso in CAMINOS[estado]:
            cambiar_estado_carta(
                session=session, carta=carta, nuevo=paso, motivo=MOTIVOS.get(paso, "")
            )
