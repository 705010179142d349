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

from archivo.almacen import Almacen
from correspondencia import tramite
from correspondencia.estados import Estado
from correspondencia.registro import Entrante, Origen, preparar_correo, registrar_varios
from correspondencia.reglas import ReglasDePlazo
from expedientes.etapas import ETAPAS_FINALES
from expedientes.modelos import Expediente, Patrono, Usuario
from expedientes.tipos import ZONA_LOCAL

# (días atrás, tipo, asunto, a quién se asigna, estado al que llega, ¿cita el expediente?)
CARTAS = [
    (58, "solicitud_patrono", "Solicitud de convenio de pago", "gestor", Estado.RESPONDIDA, True),
    (52, "respuesta_patrono", "Respuesta al aviso de cobro", "gestor", Estado.ARCHIVADA, True),
    (
        45,
        "oficio_isss",
        "Oficio de la Sección de Cuenta Individual",
        "jefe",
        Estado.RESPONDIDA,
        False,
    ),
    (40, "solicitud_patrono", "Solicitud de estado de cuenta", "gestora2", Estado.EN_TRAMITE, True),
    (33, "unidad_juridica", "Informe de la Unidad Jurídica", "jefe", Estado.ASIGNADA, True),
    (26, "solicitud_patrono", "Solicitud de prórroga", "gestor", Estado.ASIGNADA, True),
    (
        21,
        "institucion_externa",
        "Consulta del Ministerio de Trabajo",
        "jefe",
        Estado.RESPONDIDA,
        False,
    ),
    (15, "respuesta_patrono", "Propuesta de pago de la mora", "gestora2", Estado.ASIGNADA, True),
    (
        9,
        "solicitud_patrono",
        "Solicitud de constancia de solvencia",
        "gestor",
        Estado.ASIGNADA,
        False,
    ),
    (6, "general", "Cambio de representante legal", "", Estado.REGISTRADA, False),
    (3, "oficio_isss", "Remisión de planillas", "secretaria", Estado.ASIGNADA, False),
    (1, "solicitud_patrono", "Solicitud de reunión", "", Estado.REGISTRADA, True),
]
CAMINOS = {
    Estado.REGISTRADA: [],
    Estado.ASIGNADA: [],
    Estado.EN_TRAMITE: [Estado.EN_TRAMITE],
    Estado.RESPONDIDA: [Estado.EN_TRAMITE, Estado.RESPONDIDA],
    Estado.ARCHIVADA: [Estado.ARCHIVADA],
}
MOTIVOS = {
    Estado.ARCHIVADA: "El patrono solo acusa recibo: no requiere respuesta.",
    Estado.RESPONDIDA: "Respondida con nota entregada en ventanilla; copia en el expediente.",
}


def _correo(remitente: str, direccion: str, asunto: str, cuerpo: str, enviado: datetime) -> bytes:
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
        f"contacto.{patrono.numero_patronal}@empresas.com.sv",
    )


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
    activos = session.exec(
        select(Expediente, Patrono)
        .join(Patrono, col(Patrono.id) == Expediente.patrono_id)
        .where(col(Expediente.etapa).not_in(ETAPAS_FINALES))
        .where(col(Expediente.gestor_id).is_not(None))
        .order_by(col(Expediente.numero))
    ).all()
    if not activos:
        return
    entrantes, destinos = [], []
    for i, (dias, tipo, asunto, persona, estado, cita) in enumerate(CARTAS):
        expediente, patrono = activos[i % len(activos)]
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
        origen = Origen(tipo="carpeta", carpeta="demostracion", nombre_archivo=f"carta-{i + 1}.eml")
        entrantes.append(Entrante(preparar_correo(crudo, almacen=almacen), origen, recibido))
        destinos.append((tipo, persona, estado))
    cartas = []
    for entrante, (tipo, _, _) in zip(entrantes, destinos, strict=True):
        cartas += registrar_varios(session=session, entrantes=[entrante], reglas=reglas, tipo=tipo)
    for carta, (_, persona, estado) in zip(cartas, destinos, strict=True):
        if persona:
            tramite.asignar(session=session, carta=carta, destinatario=personas[persona])
        for paso in CAMINOS[estado]:
            tramite.cambiar_estado(
                session=session, carta=carta, nuevo=paso, motivo=MOTIVOS.get(paso, "")
            )
