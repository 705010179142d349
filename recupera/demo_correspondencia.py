"""La correspondencia de la demostración: cartas de patronos, de otras dependencias y de la Unidad
Jurídica recibidas en días hábiles de los últimos dos meses, registradas por el mismo servicio que
usa el sondeo (análisis MIME, blobs, número CE, vinculación y plazo) a los pocos minutos de llegar,
asignadas por la secretaria y llevadas por sus estados en los días siguientes: unas por
clasificar, otras asignadas, en trámite, vencidas, respondidas (en ventanilla o con un oficio de
respuesta por correo) o archivadas. Así la bandeja de la secretaria y el panel del jefe tienen algo
que mostrar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from archivo import Almacen
from correspondencia import (
    Correspondencia,
    Entrante,
    EstadoCarta,
    OrigenCarta,
    ReglasDePlazo,
    asignar_carta,
    cambiar_estado_carta,
    preparar_correo,
    registrar_varios,
)
from expedientes import Patrono
from plantillas import Parametros
from recupera.demo_expedientes import Caso, Departamento
from recupera.demo_patronos import dominio_de
from recupera.demo_reloj import Historia, dia_local, habil_hasta, habiles_despues, momento
from recupera.demo_salida import historia_de_la_respuesta


@dataclass(frozen=True)
class Carta:
    """Una carta de la demostración: hace cuántos días llegó, de qué tipo y asunto, a quién se
    asigna ("" nadie), a qué estado la lleva su trámite, si cita el expediente y, si se responde
    con un oficio por correo, en qué quedó ese oficio (por enviar, enviado o rebotado)."""

    dias: int
    tipo: str
    asunto: str
    persona: str
    estado: EstadoCarta
    cita: bool
    respuesta: str = ""


CARTAS = [
    Carta(
        58,
        "solicitud_patrono",
        "Solicitud de convenio de pago",
        "gestor",
        EstadoCarta.RESPONDIDA,
        True,
    ),
    Carta(
        52,
        "respuesta_patrono",
        "Respuesta al aviso de cobro",
        "gestor",
        EstadoCarta.ARCHIVADA,
        True,
    ),
    Carta(
        45,
        "oficio_isss",
        "Oficio de la Sección de Cuenta Individual",
        "jefe",
        EstadoCarta.RESPONDIDA,
        False,
    ),
    Carta(
        40,
        "solicitud_patrono",
        "Solicitud de estado de cuenta",
        "gestora2",
        EstadoCarta.EN_TRAMITE,
        True,
    ),
    Carta(
        33, "unidad_juridica", "Informe de la Unidad Jurídica", "jefe", EstadoCarta.ASIGNADA, True
    ),
    Carta(
        26,
        "solicitud_patrono",
        "Solicitud de prórroga",
        "gestor",
        EstadoCarta.ASIGNADA,
        True,
        "enviada",
    ),
    Carta(
        21,
        "institucion_externa",
        "Consulta del Ministerio de Trabajo",
        "jefe",
        EstadoCarta.RESPONDIDA,
        False,
    ),
    Carta(
        15,
        "respuesta_patrono",
        "Propuesta de pago de la mora",
        "gestora2",
        EstadoCarta.ASIGNADA,
        True,
        "rebotada",
    ),
    Carta(
        9,
        "solicitud_patrono",
        "Solicitud de constancia de solvencia",
        "gestor",
        EstadoCarta.ASIGNADA,
        False,
    ),
    Carta(6, "general", "Cambio de representante legal", "", EstadoCarta.REGISTRADA, False),
    Carta(3, "oficio_isss", "Remisión de planillas", "secretaria", EstadoCarta.ASIGNADA, False),
    Carta(
        1,
        "solicitud_patrono",
        "Solicitud de reunión",
        "gestor",
        EstadoCarta.ASIGNADA,
        True,
        "pendiente",
    ),
]
# Los pasos del trámite hasta cada estado: (estado, días hábiles después de llegar, hora).
CAMINOS = {
    EstadoCarta.REGISTRADA: [],
    EstadoCarta.ASIGNADA: [],
    EstadoCarta.EN_TRAMITE: [(EstadoCarta.EN_TRAMITE, 1, 9)],
    EstadoCarta.RESPONDIDA: [(EstadoCarta.EN_TRAMITE, 1, 9), (EstadoCarta.RESPONDIDA, 4, 11)],
    EstadoCarta.ARCHIVADA: [(EstadoCarta.ARCHIVADA, 1, 10)],
}
MOTIVOS = {
    EstadoCarta.ARCHIVADA: "El patrono solo acusa recibo: no requiere respuesta.",
    EstadoCarta.RESPONDIDA: "Respondida con nota entregada en ventanilla; copia en el expediente.",
}


@dataclass(frozen=True)
class Buzon:
    """Lo que hace falta para registrar y responder cartas: el almacén de blobs, las reglas de
    plazo y los parámetros de los documentos."""

    almacen: Almacen
    reglas: ReglasDePlazo
    p: Parametros


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


def _de_quien(dep: Departamento, i: int, carta: Carta, dia: date) -> Caso:
    """El expediente de la carta: uno activo ese día que sigue activo, de la persona a quien se
    asigna si es un gestor (quien la responde), o de cualquiera con gestor."""
    gestora = carta.persona if carta.persona in ("gestor", "gestora2") else None
    casos = dep.elegir(dia, lambda c: c.gestor is not None and c.sigue_abierto
                       and gestora in (None, c.gestor) and c.convenio is None)  # fmt: skip
    return casos[i % len(casos)]


def _entrante(dep: Departamento, buzon: Buzon, i: int, caso: Caso, recibido: datetime) -> Entrante:
    """La carta `i` de `CARTAS` como llegaría a la carpeta de entrada, con su recepción."""
    carta, expediente = CARTAS[i], caso.abierto
    patrono = dep.session.get(Patrono, expediente.patrono_id)
    assert patrono is not None
    nombre, direccion = _remitente(carta.tipo, patrono)
    referencia = (
        f"expediente {expediente.numero}, número patronal {patrono.numero_patronal}"
        if carta.cita
        else "sin referencia de expediente"
    )
    cuerpo = (
        f"Estimados señores del Departamento de Recuperación Prejudicial:\n\n"
        f"{carta.asunto} de {patrono.razon_social} ({referencia}).\n\n"
        f"Atentamente,\n{nombre}\n"
    )
    crudo = _correo(nombre, direccion, f"{carta.asunto} — {patrono.razon_social}", cuerpo,
                    recibido - timedelta(minutes=20))  # fmt: skip
    origen = OrigenCarta(
        tipo="carpeta", carpeta="demostracion", nombre_archivo=f"carta-{i + 1}.eml"
    )
    return Entrante(preparar_correo(crudo, almacen=buzon.almacen), origen, recibido)


def historia_de_la_carta(dep: Departamento, buzon: Buzon, i: int) -> Historia:
    """Llega en su día (de mañana), el sondeo la registra a los minutos, la secretaria la asigna
    antes de una hora y su trámite sigue los días hábiles siguientes."""
    carta = CARTAS[i]
    dia = min(dep.ultimo, habil_hasta(dep.hoy - timedelta(days=carta.dias)))
    recibido = momento(dia, 8 + i % 6, 15)
    yield recibido + timedelta(minutes=3)
    caso = _de_quien(dep, i, carta, dia)
    (registrada,) = registrar_varios(session=dep.session, entrantes=[_entrante(dep, buzon, i, caso, recibido)],
                                     reglas=buzon.reglas, tipo=carta.tipo)  # fmt: skip
    if carta.persona:
        yield recibido + timedelta(minutes=50)
        asignar_carta(
            session=dep.session, carta=registrada, destinatario=dep.personas[carta.persona]
        )
    yield from _tramite(dep, registrada, carta.estado, recibido)
    if carta.respuesta:
        yield from historia_de_la_respuesta(dep, buzon.p, caso, registrada, carta.respuesta)


def _tramite(dep: Departamento, registrada: Correspondencia, estado: EstadoCarta, recibido: datetime) -> Historia:  # fmt: skip
    """Los pasos de su trámite, cada uno en su día hábil (ninguno después del último trabajado)."""
    for paso, (nuevo, dias, hora) in enumerate(CAMINOS[estado]):
        dia = min(dep.ultimo, habiles_despues(dia_local(recibido), dias))
        yield max(momento(dia, hora + paso), recibido + timedelta(hours=1, minutes=paso * 20))
        cambiar_estado_carta(session=dep.session, carta=registrada, nuevo=nuevo,
                             motivo=MOTIVOS.get(nuevo, ""))  # fmt: skip
