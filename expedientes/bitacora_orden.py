"""La bitácora ordenada por persona o por clase de cosa, rápida en cualquier página de cientos de
miles de renglones: en vez de ordenar todos los renglones por un nombre calculado, se recorren
los grupos (cada persona, cada clase de cosa) en el orden de su nombre, se cuenta cada uno con su
índice hasta llegar a la página y de ese grupo se toman los renglones por id, también con su
índice (`ix_auditoria_persona_orden`, `ix_auditoria_entidad_orden`).

El orden es el que la página muestra: la persona por su nombre completo (un proceso, por su
nombre), la cosa por el título de su clase («Carta», «Expediente»…), sin distinguir mayúsculas ni
tildes; dentro de cada grupo, por id en el mismo sentido: una página no repite ni salta renglones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from expedientes.modelos import Auditoria, Usuario
from expedientes.tableros import entidades_auditadas
from expedientes.texto import normalizar_busqueda


@dataclass(frozen=True)
class _Grupo:
    """Los renglones con una misma etiqueta (una persona, una clase de cosa)."""

    etiqueta: str
    condicion: Any


def _clave(etiqueta: str) -> tuple[str, str]:
    """Orden alfabético en español: sin mayúsculas ni tildes, y la etiqueta tal cual de desempate."""
    return normalizar_busqueda(etiqueta), etiqueta


def _agrupar(pares: list[tuple[str, Any]]) -> list[_Grupo]:
    """Une las condiciones de una misma etiqueta (dos personas con el mismo nombre) y ordena."""
    por_etiqueta: dict[str, list[Any]] = {}
    for etiqueta, condicion in pares:
        por_etiqueta.setdefault(etiqueta, []).append(condicion)
    return [
        _Grupo(etiqueta, condiciones[0] if len(condiciones) == 1 else or_(*condiciones))
        for etiqueta, condiciones in sorted(por_etiqueta.items(), key=lambda e: _clave(e[0]))
    ]


def _por_persona(session: Session) -> list[_Grupo]:
    """Cada persona por su nombre (o, si ya no está, por su usuario) y cada proceso por el suyo."""
    nombres = dict(session.exec(select(col(Usuario.id), col(Usuario.nombre_completo))).all())
    quienes = session.exec(
        select(col(Auditoria.usuario_id), col(Auditoria.actor)).distinct()
    ).all()  # el índice (usuario_id, actor, id) lo cubre
    pares: list[tuple[str, Any]] = []
    vistos: set[int] = set()
    for usuario_id, actor in quienes:
        if usuario_id is None:
            condicion = and_(col(Auditoria.usuario_id).is_(None), col(Auditoria.actor) == actor)
            pares.append((actor, condicion))
        elif usuario_id not in vistos:
            vistos.add(usuario_id)
            pares.append((nombres.get(usuario_id, actor), col(Auditoria.usuario_id) == usuario_id))
    return _agrupar(pares)


def _por_entidad(session: Session) -> list[_Grupo]:
    """Cada clase de cosa por su título."""
    titulos = entidades_auditadas()
    entidades = session.exec(select(col(Auditoria.entidad)).distinct()).all()
    return _agrupar([(titulos.get(e, e), col(Auditoria.entidad) == e) for e in entidades])


GRUPOS: dict[str, Callable[[Session], list[_Grupo]]] = {
    "persona": _por_persona,
    "entidad": _por_entidad,
}


def ids_por_grupos(
    session: Session, *, clave: str, filtrar: Callable[[Any], Any], desc: bool, limite: int,
    desplazamiento: int,
) -> list[int]:  # fmt: skip
    """Los ids de la página: los grupos en orden, saltando los que caen antes de ella por su
    cuenta, y de los que la tocan, los renglones por id."""
    grupos = GRUPOS[clave](session)
    ids: list[int] = []
    saltar = desplazamiento
    for grupo in reversed(grupos) if desc else grupos:
        if saltar:
            cuantos = session.exec(
                filtrar(select(func.count()).select_from(Auditoria)).where(grupo.condicion)
            ).one()
            if saltar >= cuantos:
                saltar -= cuantos
                continue
        orden = col(Auditoria.id).desc() if desc else col(Auditoria.id).asc()
        consulta = filtrar(select(col(Auditoria.id))).where(grupo.condicion).order_by(orden)
        ids += session.exec(consulta.limit(limite - len(ids)).offset(saltar)).all()
        saltar = 0
        if len(ids) >= limite:
            break
    return [i for i in ids if i is not None]
