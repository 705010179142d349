"""Correspondencia recibida en un rango de fechas: respondida, por responder y vencida, por persona
y por tipo.

Las cartas recibidas se reparten sin resto en respondidas, por responder (su plazo corre) y
archivadas sin respuesta; las vencidas son las por responder cuyo plazo ya pasó (como en la
bandeja). Las fechas del rango son días de El Salvador; `recibido_en` se guarda en UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func
from sqlmodel import Session, col, select

from correspondencia import PLAZO_CORRE, TIPOS_DE_CARTA, Correspondencia
from expedientes import ZONA_LOCAL, Usuario, fecha_larga
from panel.cifras import Columna, Destino, Reporte, armar

SIN_ASIGNAR = "Sin asignar"
_CIFRAS = (
    Columna(
        "recibidas",
        "Recibidas",
        sumar=True,
        componentes=(("respondidas", 1), ("por_responder", 1), ("archivadas", 1)),
    ),
    Columna("respondidas", "Respondidas", sumar=True),
    Columna("por_responder", "Por responder", sumar=True),
    Columna("archivadas", "Archivadas sin respuesta", sumar=True),
    Columna("vencidas", "Vencidas", sumar=True),
)
# Lo que cada cifra agrega a los filtros de la fila para llegar a su lista.
_FILTRO_DE_CIFRA = {
    "recibidas": {},
    "respondidas": {"respondidas": "1"},
    "por_responder": {"por_responder": "1"},
    "archivadas": {"estado": "archivada", "sin_respuesta": "1"},
    "vencidas": {"vencimiento": "vencidas"},
}


def _instante_local(dia: date) -> datetime:
    return datetime.combine(dia, time(0), tzinfo=ZONA_LOCAL)


def _conteos(session: Session, agrupar: Any, desde: date, hasta: date, hoy: date) -> list[Any]:
    corre = col(Correspondencia.estado).in_(PLAZO_CORRE)
    respondida = col(Correspondencia.respondida_en).is_not(None)

    def contar(condicion: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condicion, 1), else_=0)), 0)

    consulta = (
        select(  # type: ignore[call-overload]
            agrupar,
            func.count(),
            contar(~corre & respondida),
            contar(corre),
            contar(~corre & ~respondida),
            contar(corre & (col(Correspondencia.vence_el) < hoy)),
        )
        .where(
            col(Correspondencia.recibido_en) >= _instante_local(desde),
            col(Correspondencia.recibido_en) < _instante_local(hasta + timedelta(days=1)),
        )
        .group_by(agrupar)
    )
    return list(session.exec(consulta).all())


def _cifras(fila: Any) -> dict[str, int]:
    return {c.clave: int(v or 0) for c, v in zip(_CIFRAS, fila[1:], strict=True)}


def _enlaces(base: Mapping[str, str], etiqueta: str) -> dict[str, Destino]:
    enlaces = {etiqueta: Destino("correspondencia", dict(base))}
    for clave, extra in _FILTRO_DE_CIFRA.items():
        enlaces[clave] = Destino("correspondencia", {**base, **extra})
    return enlaces


def _reporte(
    nombre: str,
    titulo: str,
    etiqueta: Columna,
    filas: list[tuple[dict[str, Any], dict[str, str]]],
    desde: date,
    hasta: date,
) -> Reporte:
    columnas = (etiqueta, *_CIFRAS)
    rango = {"desde": desde.isoformat(), "hasta": hasta.isoformat()}
    return armar(
        nombre=nombre,
        titulo=titulo,
        columnas=columnas,
        filas=[f for f, _ in filas],
        enlaces=[_enlaces({**filtros, **rango}, etiqueta.clave) for _, filtros in filas],
        descripcion=f"Cartas recibidas del {fecha_larga(desde)} al {fecha_larga(hasta)}.",
        enlaces_totales=_enlaces(rango, etiqueta.clave),
    )


def por_persona(*, session: Session, desde: date, hasta: date, hoy: date) -> Reporte:
    """Por persona asignada (y las sin asignar, al final)."""
    conteos = _conteos(session, col(Correspondencia.asignado_id), desde, hasta, hoy)
    ids = [uid for uid, *_ in conteos if uid is not None]
    nombres = dict(
        session.exec(
            select(col(Usuario.id), col(Usuario.nombre_completo)).where(col(Usuario.id).in_(ids))
        ).all()
    )
    ordenadas = sorted(conteos, key=lambda f: (f[0] is None, nombres.get(f[0], ""), f[0] or 0))
    filas = []
    for f in ordenadas:
        uid = f[0]
        persona = nombres[uid] if uid is not None else SIN_ASIGNAR
        filtro = str(uid) if uid is not None else "ninguno"
        filas.append(({"persona": persona, **_cifras(f)}, {"asignado": filtro}))
    return _reporte(
        "correspondencia",
        "Correspondencia por persona",
        Columna("persona", "Persona", "texto"),
        filas,
        desde,
        hasta,
    )


def por_tipo(*, session: Session, desde: date, hasta: date, hoy: date) -> Reporte:
    """Por tipo de carta, en el orden del catálogo de tipos."""
    conteos = {f[0]: f for f in _conteos(session, col(Correspondencia.tipo), desde, hasta, hoy)}
    orden = [*TIPOS_DE_CARTA, *sorted(t for t in conteos if t not in TIPOS_DE_CARTA)]
    filas = [
        ({"tipo": TIPOS_DE_CARTA.get(t, t), **_cifras(conteos[t])}, {"tipo": t})
        for t in orden
        if t in conteos
    ]
    return _reporte(
        "correspondencia_tipo",
        "Correspondencia por tipo",
        Columna("tipo", "Tipo de carta", "texto"),
        filas,
        desde,
        hasta,
    )
