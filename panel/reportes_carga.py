"""La carga de trabajo del personal: expedientes activos, cartas por responder (y vencidas) y
borradores sin terminar de cada persona.

Aparecen las personas activas que tramitan expedientes o cartas, y cualquiera (aun inactiva) que
tenga algo pendiente: así el total es todo lo pendiente del departamento. Lo que nadie tiene
asignado va en la fila «Sin asignar».
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, col, select

from correspondencia import PLAZO_CORRE, Correspondencia
from expedientes import (
    ETAPAS_FINALES,
    NOMBRES_ROL,
    ROLES_CON_CARTAS,
    ROLES_CON_EXPEDIENTES,
    Etapa,
    Expediente,
    Rol,
    Usuario,
    fecha_larga,
)
from panel.cifras import Columna, Destino, Fila, Reporte, armar
from plantillas import DocumentoGenerado, EstadoDocumento

SIN_ASIGNAR = "Sin asignar"
# Un documento está abierto mientras no sea final ni esté anulado: alguien tiene que actuar.
DOCUMENTOS_ABIERTOS = frozenset(EstadoDocumento) - {EstadoDocumento.FINAL, EstadoDocumento.ANULADO}
_ACTIVAS = [e.value for e in Etapa if e not in ETAPAS_FINALES]
COLUMNAS = (
    Columna("persona", "Persona", "texto"),
    Columna("rol", "Rol", "texto"),
    Columna("expedientes", "Expedientes activos", sumar=True),
    Columna("cartas", "Cartas por responder", sumar=True),
    Columna("vencidas", "Cartas vencidas", sumar=True),
    Columna("borradores", "Documentos sin finalizar", sumar=True),
)


def _por_persona(session: Session, consulta: Any) -> dict[int | None, tuple[int, ...]]:
    return {fila[0]: tuple(int(v or 0) for v in fila[1:]) for fila in session.exec(consulta).all()}


def _pendientes(session: Session, hoy: date) -> dict[str, dict[int | None, tuple[int, ...]]]:
    vencida = col(Correspondencia.vence_el) < hoy
    return {
        "expedientes": _por_persona(
            session,
            select(col(Expediente.gestor_id), func.count())
            .where(col(Expediente.etapa).in_(_ACTIVAS))
            .group_by(col(Expediente.gestor_id)),
        ),
        "cartas": _por_persona(
            session,
            select(
                col(Correspondencia.asignado_id),
                func.count(),
                func.coalesce(func.sum(case((vencida, 1), else_=0)), 0),
            )
            .where(col(Correspondencia.estado).in_(PLAZO_CORRE))
            .group_by(col(Correspondencia.asignado_id)),
        ),
        "borradores": _por_persona(
            session,
            select(col(DocumentoGenerado.autor_id), func.count())
            .where(col(DocumentoGenerado.estado).in_(DOCUMENTOS_ABIERTOS))
            .group_by(col(DocumentoGenerado.autor_id)),
        ),
    }


def _personas(session: Session, con_pendientes: Iterable[int | None]) -> list[Usuario]:
    ids = {i for i in con_pendientes if i is not None}
    roles = ROLES_CON_EXPEDIENTES | ROLES_CON_CARTAS
    personas = session.exec(
        select(Usuario).where(
            or_(
                and_(col(Usuario.activo).is_(True), col(Usuario.rol).in_(roles)),
                col(Usuario.id).in_(ids),
            )
        )
    ).all()
    return sorted(personas, key=lambda u: (u.nombre_completo, u.id or 0))


def _enlaces(ident: str) -> dict[str, Destino]:
    expedientes = Destino("expedientes", {"gestor": ident, "activos": "1"})
    return {
        "persona": expedientes,
        "expedientes": expedientes,
        "cartas": Destino("correspondencia", {"asignado": ident, "por_responder": "1"}),
        "vencidas": Destino("correspondencia", {"asignado": ident, "vencimiento": "vencidas"}),
        "borradores": Destino("documentos", {"autor": ident, "abiertos": "1"}),
    }


def carga(*, session: Session, hoy: date) -> Reporte:
    """La carga de cada persona y lo que nadie tiene asignado."""
    pendientes = _pendientes(session, hoy)
    con_pendientes = {i for por_persona in pendientes.values() for i in por_persona}
    filas: list[Fila] = []
    enlaces = []

    def agregar(ident: int | None, persona: str, rol: str) -> None:
        cartas = pendientes["cartas"].get(ident, (0, 0))
        filas.append(
            {
                "persona": persona,
                "rol": rol,
                "expedientes": pendientes["expedientes"].get(ident, (0,))[0],
                "cartas": cartas[0],
                "vencidas": cartas[1],
                "borradores": pendientes["borradores"].get(ident, (0,))[0],
            }
        )
        enlaces.append(_enlaces(str(ident) if ident is not None else "ninguno"))

    for u in _personas(session, con_pendientes):
        rol = NOMBRES_ROL.get(Rol(u.rol), u.rol) if u.rol in set(Rol) else u.rol
        agregar(u.id, u.nombre_completo, rol if u.activo else f"{rol} (inactivo)")
    if None in con_pendientes:
        agregar(None, SIN_ASIGNAR, "")
    return armar(
        nombre="carga",
        titulo="Carga de trabajo del personal",
        columnas=COLUMNAS,
        filas=filas,
        enlaces=enlaces,
        descripcion=f"Pendientes al {fecha_larga(hoy)}.",
        enlaces_totales={
            "expedientes": Destino("expedientes", {"activos": "1"}),
            "cartas": Destino("correspondencia", {"por_responder": "1"}),
            "vencidas": Destino("correspondencia", {"vencimiento": "vencidas"}),
            "borradores": Destino("documentos", {"abiertos": "1"}),
        },
    )
