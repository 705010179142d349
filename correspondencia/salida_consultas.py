"""La correspondencia enviada: el registro de salida con filtros, para la página y la CLI."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from correspondencia.envio import NOMBRES_CANAL, Canal
from correspondencia.modelos import Correspondencia, Saliente
from correspondencia.salida import NOMBRES_ESTADO_SALIDA, EstadoSalida
from correspondencia.solicitudes import ESPERAS, condicion_de_espera
from correspondencia.vinculos import indicios_en
from expedientes import ErrorDominio, Expediente

# Un autor es un id de usuario: hasta 9 dígitos ASCII (un número gigante desbordaría la columna).
_ID_AUTOR = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class FiltrosSalida:
    """Filtros del registro de salida; `solo_de` limita a lo de un gestor (sus expedientes y las
    cartas que redactó)."""

    estado: str | None = None
    canal: str | None = None
    expediente_id: int | None = None
    texto: str = ""
    desde: date | None = None
    hasta: date | None = None
    solo_de: int | None = None
    # Las que esperan respuesta (`ESPERAS`: solicitudes, respondidas, sin_respuesta, en_plazo,
    # vencidas, a `hoy`) y su autor (un id o "ninguno").
    espera: str | None = None
    autor: str | None = None
    hoy: date | None = None


@dataclass(frozen=True)
class RenglonSalida:
    """Una carta saliente con lo que el registro muestra a su lado."""

    saliente: Saliente
    expediente: str | None
    responde_a: str | None
    # El Message-ID de la carta que responde: la salida lo lleva en In-Reply-To.
    in_reply_to: str | None


def problemas_de_filtros(f: FiltrosSalida) -> list[str]:
    """Un estado o canal desconocido se dice, no se ignora."""
    problemas = []
    if f.estado and f.estado not in {e.value for e in EstadoSalida}:
        posibles = ", ".join(e.value for e in EstadoSalida)
        problemas.append(f"El estado «{f.estado}» no existe; estados posibles: {posibles}.")
    if f.espera and f.espera not in ESPERAS:
        problemas.append(f"La lista «{f.espera}» no existe; use una de: {', '.join(ESPERAS)}.")
    if f.espera in ("en_plazo", "vencidas") and f.hoy is None:
        problemas.append("Para saber qué solicitudes vencieron hace falta el día de hoy.")
    if f.autor and f.autor != "ninguno" and not _ID_AUTOR.fullmatch(f.autor):
        problemas.append(f"El autor «{f.autor[:20]}» no es válido.")
    if f.canal and f.canal not in {c.value for c in Canal}:
        posibles = ", ".join(c.value for c in Canal)
        problemas.append(f"El canal «{f.canal}» no existe; canales posibles: {posibles}.")
    return problemas


# Cómo se puede ordenar el registro (`clave` ascendente, `-clave` descendente); siempre con el id
# como desempate, así una página no repite ni salta cartas. Por omisión, las más recientes primero
# (por cuándo se reservó el número).
ORDENES_SALIDA: dict[str, Any] = {
    "registro": col(Saliente.creado_en),
    "numero": col(Saliente.numero),
    "fecha": col(Saliente.emitida_el),
    "destinatario": func.lower(col(Saliente.destinatario)),
    "estado": col(Saliente.estado),
}
ORDEN_SALIDA = "-registro"


def _ordenar(consulta: Any, orden: str) -> Any:
    expresion = ORDENES_SALIDA.get(orden.lstrip("-"), ORDENES_SALIDA["registro"])
    if orden.startswith("-"):
        return consulta.order_by(expresion.desc(), col(Saliente.id).desc())
    return consulta.order_by(expresion.asc(), col(Saliente.id).asc())


def listar_salidas(
    *,
    session: Session,
    filtros: FiltrosSalida,
    limite: int = 300,
    desplazamiento: int = 0,
    orden: str = ORDEN_SALIDA,
) -> list[RenglonSalida]:
    """Las cartas salientes que cumplen los filtros, en ese orden (las más recientes primero),
    desde `desplazamiento`. Primero los ids de la página (sobre la tabla de salientes), luego sus
    filas con el expediente y la carta que responden."""
    problemas = problemas_de_filtros(filtros)
    if problemas:
        raise ErrorDominio("No se puede filtrar la correspondencia enviada.", problemas)
    ids = select(col(Saliente.id))
    if filtros.solo_de is not None:  # la única condición que mira otra tabla
        ids = ids.join(Expediente, col(Expediente.id) == col(Saliente.expediente_id), isouter=True)
    ids = _ordenar(_filtrar(ids, filtros), orden).limit(limite).offset(desplazamiento)
    pagina = list(session.exec(ids).all())
    if not pagina:
        return []
    consulta = _ordenar(_renglones().where(col(Saliente.id).in_(pagina)), orden)
    return [RenglonSalida(*fila) for fila in session.exec(consulta).all()]


def contar_salidas(*, session: Session, filtros: FiltrosSalida) -> int:
    """Cuántas cartas salientes cumplen los filtros (todas, no solo las que se muestran)."""
    problemas = problemas_de_filtros(filtros)
    if problemas:
        raise ErrorDominio("No se puede filtrar la correspondencia enviada.", problemas)
    consulta = _filtrar(_renglones(), filtros).with_only_columns(func.count())
    return int(session.exec(consulta).scalar_one())


def _renglones() -> Any:
    """La consulta de un `RenglonSalida`: la carta, su expediente y la carta que responde."""
    carta = aliased(Correspondencia)
    return (
        select(Saliente, Expediente.numero, carta.numero, carta.message_id)
        .join(Expediente, col(Expediente.id) == col(Saliente.expediente_id), isouter=True)
        .join(carta, col(carta.id) == col(Saliente.responde_a_id), isouter=True)
    )


def _filtrar(consulta: Any, f: FiltrosSalida) -> Any:
    if f.estado:
        consulta = consulta.where(col(Saliente.estado) == f.estado)
    if f.canal:
        consulta = consulta.where(col(Saliente.canal) == f.canal)
    if f.expediente_id is not None:
        consulta = consulta.where(col(Saliente.expediente_id) == f.expediente_id)
    if f.desde is not None:
        consulta = consulta.where(col(Saliente.emitida_el) >= f.desde)
    if f.hasta is not None:
        consulta = consulta.where(col(Saliente.emitida_el) <= f.hasta)
    if f.espera:
        consulta = consulta.where(condicion_de_espera(f.espera, f.hoy))
    if f.autor == "ninguno":
        consulta = consulta.where(col(Saliente.autor_id).is_(None))
    elif f.autor:
        consulta = consulta.where(col(Saliente.autor_id) == int(f.autor))
    if f.solo_de is not None:
        consulta = consulta.where(
            or_(col(Expediente.gestor_id) == f.solo_de, col(Saliente.autor_id) == f.solo_de)
        )
    texto = f.texto.strip()
    if texto:
        patron = f"%{texto.lower()}%"
        condiciones: list[ColumnElement[bool]] = [
            func.lower(col(Saliente.destinatario)).like(patron),
            func.lower(col(Saliente.asunto)).like(patron),
            func.lower(col(Saliente.correo)).like(patron),
        ]
        ind = indicios_en([texto])  # `CS-2026-12`, `cs2026000012`, `drp 2026 7`…
        if ind.salidas:
            condiciones.append(col(Saliente.numero).in_(sorted(ind.salidas)))
        if ind.documentos:
            condiciones.append(col(Saliente.documento).in_(sorted(ind.documentos)))
        consulta = consulta.where(or_(*condiciones))
    return consulta


def salida_como_dict(renglon: RenglonSalida) -> dict[str, Any]:
    """Una carta saliente como datos planos (para `recupera correspondencia outbox --json`)."""
    s = renglon.saliente
    return {
        "numero": s.numero,
        "documento": s.documento,
        "expediente": renglon.expediente,
        "destinatario": s.destinatario,
        "asunto": s.asunto,
        "correo": s.correo or None,
        "canal": s.canal or None,
        "estado": s.estado,
        "message_id": s.message_id,
        "in_reply_to": renglon.in_reply_to,
        "emitida_el": s.emitida_el.isoformat(),
        "enviado_en": s.enviado_en.isoformat() if s.enviado_en else None,
        "entregado_en": s.entregado_en.isoformat() if s.entregado_en else None,
        "responde_a": renglon.responde_a,
        "motivo": s.motivo or None,
    }


def nombre_de_estado(estado: str) -> str:
    """El estado como lo lee una persona."""
    return NOMBRES_ESTADO_SALIDA.get(EstadoSalida(estado), estado)


def nombre_de_canal(canal: str) -> str:
    """El canal como lo lee una persona ("—" si aún no tiene)."""
    return NOMBRES_CANAL[Canal(canal)] if canal else "—"


# Lo que una persona debe resolver: volvió, no se sabe si salió, o ya no se reintenta.
POR_ATENDER = (EstadoSalida.REBOTADA, EstadoSalida.DEVUELTA, EstadoSalida.INCIERTO)


def salidas_por_atender(
    *, session: Session, solo_de: int | None, limite: int = 50
) -> list[RenglonSalida]:
    """Las cartas salientes que esperan a una persona: rebotadas, devueltas, en estado incierto o
    en error sin más intentos; de los expedientes de un gestor (`solo_de`) o todas."""
    consulta = _renglones().where(
        or_(
            col(Saliente.estado).in_(POR_ATENDER),
            (col(Saliente.estado) == EstadoSalida.ERROR)
            & col(Saliente.proximo_intento_en).is_(None),
        )
    )
    consulta = _filtrar(consulta, FiltrosSalida(solo_de=solo_de))
    filas = session.exec(consulta.order_by(col(Saliente.id).desc()).limit(limite)).all()
    return [RenglonSalida(*fila) for fila in filas]
