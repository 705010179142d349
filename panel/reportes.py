"""Los reportes del panel del jefe, por nombre: qué parámetros usa cada uno y cómo generarlo.

`generar("convenios", session=s, hoy=hoy())` devuelve un `Reporte` (columnas, filas, totales y
a qué lista lleva cada cifra); `reconciliar(reporte)` dice si algún total no cuadra. La web y la
consola solo conocen este módulo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from expedientes import ErrorDominio, fecha_larga
from panel import (
    reportes_carga,
    reportes_cartera,
    reportes_correspondencia,
    reportes_solicitudes,
)
from panel.cifras import Columna, Destino, Reporte, reconciliar
from seguimiento import ANIO_MAXIMO, ANIO_MINIMO

__all__ = [
    "REPORTES",
    "Columna",
    "DefinicionReporte",
    "Destino",
    "ParametrosReporte",
    "Reporte",
    "generar_reporte",
    "reconciliar",
]


@dataclass(frozen=True)
class ParametrosReporte:
    """Lo que un reporte puede pedir: un rango de fechas, un año y el día de hoy."""

    session: Session
    hoy: date
    desde: date
    hasta: date
    anio: int


@dataclass(frozen=True)
class DefinicionReporte:
    """Un reporte registrado: su nombre, su título, qué parámetros usa y cómo se construye."""

    nombre: str
    titulo: str
    usa: frozenset[str]  # de "desde", "hasta", "anio"
    construir: Callable[[ParametrosReporte], Reporte]


_RANGO = frozenset({"desde", "hasta"})
REPORTES: dict[str, DefinicionReporte] = {
    d.nombre: d
    for d in (
        DefinicionReporte(
            "correspondencia",
            "Correspondencia recibida, respondida y vencida, por persona",
            _RANGO,
            lambda p: reportes_correspondencia.por_persona(
                session=p.session, desde=p.desde, hasta=p.hasta, hoy=p.hoy
            ),
        ),
        DefinicionReporte(
            "correspondencia_tipo",
            "Correspondencia recibida, respondida y vencida, por tipo",
            _RANGO,
            lambda p: reportes_correspondencia.por_tipo(
                session=p.session, desde=p.desde, hasta=p.hasta, hoy=p.hoy
            ),
        ),
        DefinicionReporte(
            "solicitudes",
            "Solicitudes enviadas: respondidas, en plazo y vencidas, por persona",
            _RANGO,
            lambda p: reportes_solicitudes.por_persona(
                session=p.session, desde=p.desde, hasta=p.hasta, hoy=p.hoy
            ),
        ),
        DefinicionReporte(
            "expedientes",
            "Expedientes por etapa y sucursal",
            frozenset(),
            lambda p: reportes_cartera.expedientes(session=p.session),
        ),
        DefinicionReporte(
            "convenios",
            "Convenios vigentes e incumplidos, con sus saldos",
            frozenset(),
            lambda p: reportes_cartera.convenios(session=p.session, hoy=p.hoy),
        ),
        DefinicionReporte(
            "plan",
            "Plan Anual de Recuperación de Mora: recuperado contra la meta",
            frozenset({"anio"}),
            lambda p: reportes_cartera.plan_anual(session=p.session, anio=p.anio),
        ),
        DefinicionReporte(
            "carga",
            "Carga de trabajo del personal",
            frozenset(),
            lambda p: reportes_carga.carga(session=p.session, hoy=p.hoy),
        ),
    )
}


def definicion(nombre: str) -> DefinicionReporte:
    """La definición del reporte con ese nombre; ErrorDominio con los nombres válidos si no."""
    if nombre not in REPORTES:
        raise ErrorDominio(f"El reporte «{nombre}» no existe; use uno de: {', '.join(REPORTES)}.")
    return REPORTES[nombre]


def _parametros_sobrantes(d: DefinicionReporte, pedidos: dict[str, object]) -> list[str]:
    return [
        f"el reporte «{d.nombre}» no usa --{clave}"
        for clave, valor in pedidos.items()
        if valor is not None and clave not in d.usa
    ]


def generar_reporte(
    nombre: str,
    *,
    session: Session,
    hoy: date,
    desde: date | None = None,
    hasta: date | None = None,
    anio: int | None = None,
    estricto: bool = False,
) -> Reporte:
    """Genera el reporte. Sin rango: del 1 de enero a hoy; sin año: el de hoy.

    Con `estricto`, un parámetro que el reporte no usa es un error (para la consola); si no, se
    ignora (la web manda los mismos parámetros a todos).
    """
    d = definicion(nombre)
    problemas = _parametros_sobrantes(d, {"desde": desde, "hasta": hasta, "anio": anio})
    problemas = problemas if estricto else []
    desde = desde or date(hoy.year, 1, 1)
    hasta = hasta or hoy
    anio = anio or hoy.year
    if "desde" in d.usa and desde > hasta:
        problemas.append(
            f"el rango empieza el {fecha_larga(desde)} y termina antes, el {fecha_larga(hasta)}"
        )
    if "anio" in d.usa and not ANIO_MINIMO <= anio <= ANIO_MAXIMO:
        problemas.append(f"el año {anio} no está entre {ANIO_MINIMO} y {ANIO_MAXIMO}")
    if problemas:
        raise ErrorDominio(f"No se puede generar el reporte «{d.nombre}».", problemas)
    reporte = d.construir(ParametrosReporte(session, hoy, desde, hasta, anio))
    descuadres = reconciliar(reporte)
    if descuadres:
        # Los totales salen de las filas: un descuadre es un error de programación, no del usuario.
        raise RuntimeError(f"el reporte «{d.nombre}» no cuadra: {'; '.join(descuadres)}")
    return reporte
