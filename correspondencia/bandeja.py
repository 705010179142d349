"""La bandeja de entrada: listado con filtros, colas por rol y plazos por persona."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, or_
from sqlmodel import Session, col, select

from correspondencia.estados import PLAZO_CORRE, EstadoCarta
from correspondencia.modelos import Adjunto, Correspondencia
from expedientes import ZONA_LOCAL, Expediente, Patrono, Usuario, dias_habiles_despues

VENCIMIENTOS = {
    "vencidas": "Vencidas",
    "por_vencer": "Vencen en 3 días hábiles o menos",
    "en_plazo": "En plazo",
    "sin_plazo": "Sin plazo (automáticas)",
}
DIAS_POR_VENCER = 3


@dataclass(frozen=True)
class FiltrosBandeja:
    """Filtros de la bandeja; `solo_de` limita a lo que le toca a una persona (gestores)."""

    estado: str | None = None
    asignado_id: int | None = None
    sin_asignar: bool = False
    vencimiento: str | None = None
    sin_vincular: bool = False
    expediente_id: int | None = None
    texto: str = ""
    solo_de: int | None = None
    # Recibidas entre estos días de El Salvador, ambos incluidos (`recibido_en` está en UTC).
    desde: date | None = None
    hasta: date | None = None
    tipo: str | None = None
    # Como las cuenta el panel: respondidas (su plazo ya no corre y se respondieron), por
    # responder (su plazo corre) y sin respuesta (nunca se respondieron).
    respondidas: bool = False
    por_responder: bool = False
    sin_respuesta: bool = False


@dataclass(frozen=True)
class RenglonBandeja:
    """Una carta con lo que la bandeja muestra a su lado."""

    carta: Correspondencia
    expediente: str | None
    numero_patronal: str | None
    asignado: str | None


@dataclass(frozen=True)
class PlazosDePersona:
    """Cuántas cartas de una persona están vencidas, por vencer o en plazo."""

    usuario_id: int | None
    nombre: str
    vencidas: int
    por_vencer: int
    en_plazo: int


def limite_por_vencer(hoy: date) -> date:
    """Hasta qué fecha una carta cuenta como «por vencer»."""
    return dias_habiles_despues(hoy, DIAS_POR_VENCER)


# Cómo se puede ordenar la bandeja (`clave` ascendente, `-clave` descendente); siempre con el id
# como desempate, así una página no repite ni salta cartas.
ORDENES_BANDEJA: dict[str, Any] = {
    "recibido": col(Correspondencia.recibido_en),
    "numero": col(Correspondencia.numero),
    "vence": func.coalesce(col(Correspondencia.vence_el), date(9999, 12, 31)),
    "remitente": func.lower(col(Correspondencia.remitente)),
}
ORDEN_POR_OMISION = "-recibido"


def _ordenar(consulta: Any, orden: str) -> Any:
    expresion = ORDENES_BANDEJA.get(orden.lstrip("-"), ORDENES_BANDEJA["recibido"])
    if orden.startswith("-"):
        return consulta.order_by(expresion.desc(), col(Correspondencia.id).desc())
    return consulta.order_by(expresion.asc(), col(Correspondencia.id).asc())


def listar_cartas(
    *,
    session: Session,
    filtros: FiltrosBandeja,
    hoy: date,
    limite: int = 200,
    orden: str = ORDEN_POR_OMISION,
    desplazamiento: int = 0,
) -> list[RenglonBandeja]:
    """Las cartas que cumplen los filtros, en ese orden (las más recientes primero), desde
    `desplazamiento`. Primero los ids de la página (por el índice del orden), luego sus filas."""
    ids = select(col(Correspondencia.id))
    if filtros.solo_de is not None:  # la única condición que mira otra tabla
        ids = ids.outerjoin(Expediente, col(Expediente.id) == Correspondencia.expediente_id)
    ids = _ordenar(ids.where(*_condiciones(filtros, hoy)), orden)
    pagina = list(session.exec(ids.limit(limite).offset(desplazamiento)).all())
    if not pagina:
        return []
    consulta = (
        select(Correspondencia, Expediente.numero, Patrono.numero_patronal, Usuario.nombre_completo)
        .outerjoin(Expediente, col(Expediente.id) == Correspondencia.expediente_id)
        .outerjoin(Patrono, col(Patrono.id) == Correspondencia.patrono_id)
        .outerjoin(Usuario, col(Usuario.id) == Correspondencia.asignado_id)
        .where(col(Correspondencia.id).in_(pagina))
    )
    return [
        RenglonBandeja(c, e, p, u) for c, e, p, u in session.exec(_ordenar(consulta, orden)).all()
    ]


def contar_cartas(*, session: Session, filtros: FiltrosBandeja, hoy: date) -> int:
    """Cuántas cartas cumplen los filtros (todas, no solo las que muestra la lista)."""
    consulta = (
        select(func.count())
        .select_from(Correspondencia)
        .outerjoin(Expediente, col(Expediente.id) == Correspondencia.expediente_id)
        .where(*_condiciones(filtros, hoy))
    )
    return int(session.exec(consulta).one())


def _inicio_del_dia(dia: date) -> datetime:
    return datetime.combine(dia, time(0), tzinfo=ZONA_LOCAL)


def _condiciones(f: FiltrosBandeja, hoy: date) -> list[ColumnElement[bool]]:
    condiciones: list[ColumnElement[bool]] = []
    if f.solo_de is not None:
        condiciones.append(
            or_(
                col(Correspondencia.asignado_id) == f.solo_de,
                col(Expediente.gestor_id) == f.solo_de,
            )
        )
    if f.estado:
        condiciones.append(col(Correspondencia.estado) == f.estado)
    if f.asignado_id is not None:
        condiciones.append(col(Correspondencia.asignado_id) == f.asignado_id)
    if f.sin_asignar:
        condiciones.append(col(Correspondencia.asignado_id).is_(None))
    if f.sin_vincular:
        condiciones += [
            col(Correspondencia.expediente_id).is_(None),
            col(Correspondencia.estado) != EstadoCarta.ARCHIVADA,
        ]
    if f.expediente_id is not None:
        condiciones.append(col(Correspondencia.expediente_id) == f.expediente_id)
    if f.vencimiento:
        condiciones.append(_vencimiento(f.vencimiento, hoy))
    condiciones += _condiciones_del_panel(f)
    if f.texto.strip():
        patron = f"%{f.texto.strip().lower()}%"
        condiciones.append(
            or_(
                func.lower(Correspondencia.asunto).like(patron),
                func.lower(Correspondencia.remitente).like(patron),
                func.lower(Correspondencia.numero).like(patron),
                func.lower(Correspondencia.referencia_remitente).like(patron),
            )
        )
    return condiciones


def _condiciones_del_panel(f: FiltrosBandeja) -> list[ColumnElement[bool]]:
    """Rango de recepción, tipo y respuesta: las cifras del panel del jefe, como listas."""
    condiciones: list[ColumnElement[bool]] = []
    recibido, corre = col(Correspondencia.recibido_en), col(Correspondencia.estado).in_(PLAZO_CORRE)
    if f.desde is not None:
        condiciones.append(recibido >= _inicio_del_dia(f.desde))
    if f.hasta is not None:
        condiciones.append(recibido < _inicio_del_dia(f.hasta + timedelta(days=1)))
    if f.tipo:
        condiciones.append(col(Correspondencia.tipo) == f.tipo)
    if f.respondidas:
        condiciones += [~corre, col(Correspondencia.respondida_en).is_not(None)]
    if f.por_responder:
        condiciones.append(corre)
    if f.sin_respuesta:
        condiciones.append(col(Correspondencia.respondida_en).is_(None))
    return condiciones


def _vencimiento(clase: str, hoy: date) -> ColumnElement[bool]:
    corre = col(Correspondencia.estado).in_(PLAZO_CORRE)
    vence = col(Correspondencia.vence_el)
    if clase == "vencidas":
        return corre & (vence < hoy)
    if clase == "por_vencer":
        return corre & (vence >= hoy) & (vence <= limite_por_vencer(hoy))
    if clase == "en_plazo":
        return corre & (vence > limite_por_vencer(hoy))
    return vence.is_(None)


def plazos_por_persona(*, session: Session, hoy: date) -> list[PlazosDePersona]:
    """Para el jefe: por persona asignada (o sin asignar), cartas vencidas, por vencer y en plazo."""
    vence = col(Correspondencia.vence_el)
    limite = limite_por_vencer(hoy)

    def contar(condicion: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((condicion, 1), else_=0))

    consulta = (
        select(  # type: ignore[call-overload]
            col(Correspondencia.asignado_id),
            col(Usuario.nombre_completo),
            contar(vence < hoy),
            contar((vence >= hoy) & (vence <= limite)),
            contar(vence > limite),
        )
        .outerjoin(Usuario, col(Usuario.id) == Correspondencia.asignado_id)
        .where(col(Correspondencia.estado).in_(PLAZO_CORRE), vence.is_not(None))
        .group_by(col(Correspondencia.asignado_id), col(Usuario.nombre_completo))
    )
    filas = [
        PlazosDePersona(uid, nombre or "Sin asignar", int(v or 0), int(p or 0), int(e or 0))
        for uid, nombre, v, p, e in session.exec(consulta).all()
    ]
    return sorted(filas, key=lambda f: (-f.vencidas, -f.por_vencer, f.nombre))


def adjuntos_de(*, session: Session, carta: Correspondencia) -> Sequence[Adjunto]:
    """Los adjuntos de la carta en su orden."""
    return session.exec(
        select(Adjunto).where(Adjunto.correspondencia_id == carta.id).order_by(col(Adjunto.orden))
    ).all()


def conteos_de_bandeja(
    *, session: Session, hoy: date, solo_de: int | None = None
) -> dict[str, int]:
    """Cifras de la cola: sin vincular, sin asignar, vencidas y por vencer."""
    cifras = {}
    for clave, filtros in {
        "sin_vincular": FiltrosBandeja(sin_vincular=True, solo_de=solo_de),
        "sin_asignar": FiltrosBandeja(
            estado=EstadoCarta.REGISTRADA, sin_asignar=True, solo_de=solo_de
        ),
        "vencidas": FiltrosBandeja(vencimiento="vencidas", solo_de=solo_de),
        "por_vencer": FiltrosBandeja(vencimiento="por_vencer", solo_de=solo_de),
    }.items():
        consulta = (
            select(func.count())
            .select_from(Correspondencia)
            .outerjoin(Expediente, col(Expediente.id) == Correspondencia.expediente_id)
            .where(*_condiciones(filtros, hoy))
        )
        cifras[clave] = int(session.exec(consulta).one())
    return cifras


def adjuntos_por_carta(*, session: Session, ids: Sequence[int]) -> dict[int, list[Adjunto]]:
    """Los adjuntos de varias cartas en una sola consulta."""
    por_carta: dict[int, list[Adjunto]] = {i: [] for i in ids}
    if ids:
        consulta = (
            select(Adjunto)
            .where(col(Adjunto.correspondencia_id).in_(list(ids)))
            .order_by(col(Adjunto.correspondencia_id), col(Adjunto.orden))
        )
        for adj in session.exec(consulta).all():
            por_carta[adj.correspondencia_id].append(adj)
    return por_carta


def carta_como_dict(renglon: RenglonBandeja, adjuntos: Sequence[Adjunto]) -> dict[str, Any]:
    """Una carta como datos planos (para `recupera correspondencia list --json`)."""
    c = renglon.carta
    return {
        "numero": c.numero,
        "origen": c.origen,
        "recibido_en": c.recibido_en.isoformat(),
        "remitente": c.remitente,
        "destinatarios": list(c.destinatarios),
        "asunto": c.asunto,
        "referencia_remitente": c.referencia_remitente,
        "message_id": c.message_id,
        "patrono": renglon.numero_patronal,
        "expediente": renglon.expediente,
        "vinculo": c.vinculo_motivo,
        "tipo": c.tipo,
        "automatico": c.automatico,
        "estado": c.estado,
        "asignado": renglon.asignado,
        "vence_el": c.vence_el.isoformat() if c.vence_el else None,
        "incompleto": c.incompleto,
        "sha256": c.sha256,
        "advertencias": list(c.advertencias),
        "adjuntos": [{"nombre": a.nombre, "sha256": a.sha256, "bytes": a.bytes} for a in adjuntos],
    }
