"""Los avisos que trae el calendario, no un cambio: una carta o una solicitud que vence dentro de
N días hábiles o ya venció, un préstamo que no volvió, una verificación del archivo con problemas.

Cada uno lleva en su clave la fecha de la que avisa: se avisa una vez «vence pronto» y una vez
«venció» por cada plazo, aunque el barrido corra cada minuto; si el plazo cambia, es otro aviso.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from archivo import Prestamo, Verificacion
from avisos.reglas import Nuevo, responsables_de, usuarios_con_rol
from correspondencia import PLAZO_CORRE, Correspondencia, Saliente, condicion_de_espera
from expedientes import Expediente, Rol, dias_habiles_despues, dias_habiles_entre, fecha_larga


def _cuando(vence: date, hoy: date, dias: int) -> str | None:
    """«vencida», «por-vencer» (dentro de `dias` hábiles) o None si falta más."""
    if vence < hoy:
        return "vencida"
    if dias_habiles_entre(hoy, vence) <= dias:
        return "por-vencer"
    return None


def _de_cartas(session: Session, hoy: date, dias: int) -> Iterator[Nuevo]:
    cartas = session.exec(
        select(Correspondencia).where(
            col(Correspondencia.estado).in_(PLAZO_CORRE),
            col(Correspondencia.asignado_id).is_not(None),
            col(Correspondencia.vence_el) <= dias_habiles_despues(hoy, dias),
        )
    ).all()
    for carta in cartas:
        assert carta.vence_el is not None and carta.asignado_id is not None
        cuando = _cuando(carta.vence_el, hoy, dias)
        if cuando is None:
            continue
        que = "venció" if cuando == "vencida" else "vence"
        yield Nuevo(
            carta.asignado_id, f"carta-{cuando}:{carta.numero}:{carta.vence_el}",
            f"carta_{cuando.replace('-', '_')}",
            f"La carta {carta.numero} {que} el {fecha_larga(carta.vence_el)}: «{carta.asunto}»",
            "carta", carta.numero,
        )  # fmt: skip


def _de_solicitudes(session: Session, hoy: date, dias: int) -> Iterator[Nuevo]:
    limite = dias_habiles_despues(hoy, dias)
    consulta = select(Saliente).where(
        condicion_de_espera("sin_respuesta"), col(Saliente.vence_el) <= limite
    )
    for salida in session.exec(consulta).all():
        assert salida.vence_el is not None
        cuando = _cuando(salida.vence_el, hoy, dias)
        if cuando is None:
            continue
        que = "venció" if cuando == "vencida" else "vence"
        for uid in responsables_de(session, salida.autor_id, salida.expediente_id):
            yield Nuevo(
                uid, f"solicitud-{cuando}:{salida.numero}:{salida.vence_el}",
                f"solicitud_{cuando.replace('-', '_')}",
                f"La respuesta a {salida.numero} ({salida.destinatario}) {que} el "
                f"{fecha_larga(salida.vence_el)} y no ha llegado",
                "salida", salida.numero,
            )  # fmt: skip


def _de_prestamos(session: Session, hoy: date) -> Iterator[Nuevo]:
    vencidos = session.exec(
        select(Prestamo, Expediente.numero)
        .join(Expediente, col(Expediente.id) == col(Prestamo.expediente_id))
        .where(col(Prestamo.devuelto_el).is_(None), col(Prestamo.vence_el) < hoy)
    ).all()
    archivistas = usuarios_con_rol(session, Rol.ARCHIVO)
    for prestamo, numero in vencidos:
        for persona in archivistas:
            yield Nuevo(
                persona.id or 0, f"prestamo-vencido:{prestamo.id}:{prestamo.vence_el}",
                "prestamo_vencido",
                f"El expediente {numero}, prestado a {prestamo.persona} ({prestamo.oficina}), "
                f"debió volver el {fecha_larga(prestamo.vence_el)}",
                "expediente", numero,
            )  # fmt: skip


def _de_verificaciones(session: Session, ahora: datetime) -> Iterator[Nuevo]:
    recientes = session.exec(
        select(Verificacion).where(
            col(Verificacion.correcta).is_(False),
            col(Verificacion.terminada_en) >= ahora - timedelta(days=2),
        )
    ).all()
    destinatarios = usuarios_con_rol(session, Rol.JEFE, Rol.ADMIN)
    for v in recientes:
        for persona in destinatarios:
            yield Nuevo(
                persona.id or 0, f"verificacion:{v.id}", "verificacion_con_problemas",
                f"La verificación del archivo del {fecha_larga(v.terminada_en)} encontró "
                f"{len(v.problemas)} problema(s)",
                "verificacion", str(v.id),
            )  # fmt: skip


def de_los_plazos(session: Session, hoy: date, ahora: datetime, dias: int) -> list[Nuevo]:
    """Los avisos de plazos por vencer o vencidos, préstamos y verificaciones, a hoy."""
    return [
        *_de_cartas(session, hoy, dias),
        *_de_solicitudes(session, hoy, dias),
        *_de_prestamos(session, hoy),
        *_de_verificaciones(session, ahora),
    ]
