"""Los avisos por correo electrónico, como cada persona eligió en «Mi cuenta»: en cuanto ocurren
(un correo por barrido con lo nuevo), en un resumen diario (a la hora `RECUPERA_AVISOS_HORA`, solo
en días hábiles) o ninguno. Por el servidor SMTP de la salida (`RECUPERA_SMTP_*`).

Cada aviso se envía a lo sumo una vez: se marca «enviando» (confirmado) antes de hablar con el
servidor; si el proceso cae a mitad, el aviso queda en la web y no se repite por correo. Un
rechazo temporal lo devuelve a «pendiente» para el siguiente barrido.

Justo antes de enviarlos se mira otra vez, aviso por aviso, si la persona todavía puede ver lo que
cuentan (`avisos.vigencia`): lo que ya no ve queda «retirado», no sale por correo y deja de
mostrarse en la web.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import Session, col, select

from avisos.modelos import Aviso, LecturaBitacora
from avisos.vigencia import lo_sigue_viendo
from correspondencia import FalloDeEnvio, ServidorSmtp, transmitir
from expedientes import Actor, BaseDeDatos, Usuario, ahora, es_habil, fecha_larga

ACTOR = Actor("avisos")


class Preferencia(StrEnum):
    """Cómo quiere una persona los avisos por correo."""

    INMEDIATO = "inmediato"
    DIARIO = "diario"
    NINGUNO = "ninguno"


NOMBRES_PREFERENCIA = {
    Preferencia.INMEDIATO: "En cuanto ocurren",
    Preferencia.DIARIO: "Un resumen cada día hábil",
    Preferencia.NINGUNO: "No enviarme correos (solo en Recupera)",
}


class EstadoCorreo(StrEnum):
    """El envío por correo de un aviso."""

    PENDIENTE = "pendiente"
    ENVIANDO = "enviando"
    ENVIADO = "enviado"
    NO = "no"  # la persona no los quiere, no tiene dirección, o el correo está apagado
    ERROR = "error"  # el servidor rechazó la dirección
    # La persona ya no puede ver lo que avisa (se reasignó, cambió de rol): ni correo ni web.
    RETIRADO = "retirado"


Enlace = Callable[[Aviso], str]


def _descartar(session: Session, correo_encendido: bool) -> None:
    """Los pendientes que no saldrán por correo quedan «no» (siguen en la web)."""
    sin_correo = select(Usuario.id).where(
        (col(Usuario.avisos_correo) == Preferencia.NINGUNO)
        | col(Usuario.correo).is_(None)
        | (col(Usuario.correo) == "")
        | col(Usuario.activo).is_(False)
    )
    consulta = update(Aviso).where(col(Aviso.correo) == EstadoCorreo.PENDIENTE)
    if correo_encendido:
        consulta = consulta.where(col(Aviso.usuario_id).in_(sin_correo))
    session.execute(consulta.values(correo=EstadoCorreo.NO, correo_en=ahora()))


def _pendientes(session: Session, preferencia: Preferencia) -> dict[int, list[Aviso]]:
    filas = session.exec(
        select(Aviso)
        .join(Usuario, col(Usuario.id) == col(Aviso.usuario_id))
        .where(
            col(Aviso.correo) == EstadoCorreo.PENDIENTE,
            col(Usuario.avisos_correo) == preferencia,
            col(Usuario.activo).is_(True),
        )
        .order_by(col(Aviso.id))
    ).all()
    por_persona: dict[int, list[Aviso]] = {}
    for aviso in filas:
        por_persona.setdefault(aviso.usuario_id, []).append(aviso)
    return por_persona


def _tomar(session: Session, ids: list[int]) -> bool:
    """Marca «enviando» los avisos si nadie los tomó antes (otro proceso que también envía)."""
    resultado = session.execute(
        update(Aviso)
        .where(col(Aviso.id).in_(ids), col(Aviso.correo) == EstadoCorreo.PENDIENTE)
        .values(correo=EstadoCorreo.ENVIANDO)
    )
    return bool(resultado.rowcount == len(ids))  # type: ignore[attr-defined]


def _mensaje(
    config: ServidorSmtp, persona: Usuario, asunto: str, avisos: list[Aviso], enlace: Enlace
) -> bytes:
    mensaje = EmailMessage()
    mensaje["From"] = config.remitente
    mensaje["To"] = persona.correo or ""
    mensaje["Subject"] = asunto
    mensaje["Date"] = format_datetime(ahora())
    mensaje["Message-ID"] = make_msgid(domain=config.remitente.rpartition("@")[2] or None)
    renglones = [f"{persona.nombre_completo}:", ""]
    for aviso in avisos:
        renglones += [f"- {aviso.titulo}", f"  {enlace(aviso)}", ""]
    renglones.append(
        "Este correo lo envía Recupera; puede elegir cómo recibir sus avisos en «Mi cuenta»."
    )
    mensaje.set_content("\n".join(renglones))
    return mensaje.as_bytes(policy=SMTP)


def _vigentes(bd: BaseDeDatos, persona_id: int, avisos: list[Aviso]) -> list[Aviso]:
    """Los avisos que la persona, tal como está ahora, todavía puede ver; los demás quedan
    «retirado» (o «no», si la persona ya no está activa), si nadie los tomó antes."""
    with bd.sesion(ACTOR) as s:
        persona = s.get(Usuario, persona_id)
        activa = persona is not None and persona.activo
        vigentes = [
            a for a in avisos if persona is not None and activa and lo_sigue_viendo(s, persona, a)
        ]
        vistos = {a.id for a in vigentes}
        fuera = [a.id for a in avisos if a.id not in vistos]
        if fuera:
            s.execute(
                update(Aviso)
                .where(col(Aviso.id).in_(fuera), col(Aviso.correo) == EstadoCorreo.PENDIENTE)
                .values(correo=EstadoCorreo.RETIRADO if activa else EstadoCorreo.NO,
                        correo_en=ahora())
            )  # fmt: skip
    return vigentes


def _enviar_a(
    bd: BaseDeDatos, config: ServidorSmtp, persona: Usuario, asunto_fijo: str | None,
    avisos: list[Aviso], enlace: Enlace,
) -> tuple[bool, str]:  # fmt: skip
    """Envía en un correo los avisos de una persona que ella todavía puede ver; si salió, y el
    error en español ("" si no hubo)."""
    avisos = _vigentes(bd, persona.id or 0, avisos)
    ids = [a.id or 0 for a in avisos]
    if not avisos:
        return False, ""
    with bd.sesion(ACTOR) as s:
        if not _tomar(s, ids):
            return False, ""
    asunto = asunto_fijo or (
        f"Recupera: {avisos[0].titulo}" if len(avisos) == 1
        else f"Recupera: {len(avisos)} avisos nuevos"
    )  # fmt: skip
    estado, error = EstadoCorreo.ENVIADO, ""
    try:
        crudo = _mensaje(config, persona, asunto[:250], avisos, enlace)
        transmitir(config, persona.correo or "", crudo)
    except FalloDeEnvio as exc:
        estado = EstadoCorreo.ERROR if exc.definitivo else EstadoCorreo.PENDIENTE
        error = f"Avisos a {persona.correo}: {exc.mensaje}"
    except OSError as exc:
        estado, error = EstadoCorreo.PENDIENTE, f"Avisos a {persona.correo}: {exc}"
    with bd.sesion(ACTOR) as s:
        s.execute(
            update(Aviso).where(col(Aviso.id).in_(ids)).values(correo=estado, correo_en=ahora())
        )
    return estado == EstadoCorreo.ENVIADO, error


def enviar_avisos(
    *, bd: BaseDeDatos, config: ServidorSmtp | None, enlace: Enlace, ahora_local: datetime,
    hora_resumen: int,
) -> tuple[int, list[str]]:  # fmt: skip
    """Envía lo inmediato y, si toca, el resumen diario; devuelve cuántos correos y los errores."""
    with bd.sesion(ACTOR) as s:
        _descartar(s, config is not None)
    if config is None:
        return 0, []
    lotes: list[tuple[Preferencia, str | None]] = [(Preferencia.INMEDIATO, None)]
    if _toca_resumen(bd, ahora_local, hora_resumen):
        lotes.append((Preferencia.DIARIO, f"Recupera: sus avisos del {fecha_larga(ahora_local)}"))
    correos, errores = 0, []
    for preferencia, asunto_fijo in lotes:
        with bd.sesion(ACTOR, solo_lectura=True) as s:
            por_persona = _pendientes(s, preferencia)
            personas = {
                u.id: u
                for u in s.exec(select(Usuario).where(col(Usuario.id).in_(list(por_persona)))).all()
            }
        for uid, avisos in por_persona.items():
            salio, error = _enviar_a(bd, config, personas[uid], asunto_fijo, avisos, enlace)
            correos += salio
            errores += [error] if error else []
    return correos, errores


def _toca_resumen(bd: BaseDeDatos, ahora_local: datetime, hora: int) -> bool:
    """Si hoy es día hábil, ya es la hora, y ningún proceso mandó el resumen de hoy (lo toma)."""
    hoy = ahora_local.date()
    if not es_habil(hoy) or ahora_local.hour < hora:
        return False
    with bd.sesion(ACTOR) as s:
        resultado = s.execute(
            update(LecturaBitacora)
            .where(
                col(LecturaBitacora.id) == 1,
                col(LecturaBitacora.ultimo_resumen).is_(None)
                | (col(LecturaBitacora.ultimo_resumen) < hoy),
            )
            .values(ultimo_resumen=hoy)
        )
        return bool(resultado.rowcount == 1)  # type: ignore[attr-defined]
