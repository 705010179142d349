"""Las cifras principales del panel (y del inicio del jefe): cartas recibidas y vencidas,
solicitudes sin respuesta y vencidas, convenios vigentes y caídos con su saldo, y lo recuperado del Plan Anual, cada una con la lista
que la explica."""

from __future__ import annotations

from dataclasses import dataclass

from panel import Reporte, Valor
from recupera.web.seguimiento.panel_datos import texto_de, url_de


@dataclass(frozen=True)
class Cifra:
    """Una cifra principal del panel (y del inicio del jefe), con la lista que la explica."""

    valor: str
    rotulo: str
    url: str | None
    clase: str = ""


def _cifra(r: Reporte, clave: str, rotulo: str, clase: str = "") -> Cifra:
    """La cifra del total `clave` del reporte, enlazada a su lista."""
    valor = texto_de(r.columna(clave), r.totales.get(clave))
    return Cifra(valor, rotulo, url_de(r.enlaces_totales[clave]), clase)


def _de_correspondencia(r: Reporte) -> list[Cifra]:
    return [
        _cifra(r, "recibidas", "Cartas recibidas"),
        _cifra(r, "vencidas", "Cartas vencidas", "cifra-vencidas"),
    ]


def _de_solicitudes(r: Reporte) -> list[Cifra]:
    return [
        _cifra(r, "sin_respuesta", "Solicitudes sin respuesta"),
        _cifra(r, "vencidas", "Solicitudes vencidas", "cifra-vencidas"),
    ]


def _de_convenios(r: Reporte) -> list[Cifra]:
    cifras = []
    for clave, saldo, rotulo, clase in (
        ("vigentes", "saldo_vigentes", "Convenios vigentes", ""),
        ("incumplidos", "saldo_incumplidos", "Convenios incumplidos", "cifra-vencidas"),
    ):
        monto = texto_de(r.columna(saldo), r.totales.get(saldo))
        cifras.append(_cifra(r, clave, f"{rotulo} · saldo {monto}", clase))
    return cifras


def _del_plan(r: Reporte, anio: int) -> list[Cifra]:
    avance: Valor = r.totales.get("porcentaje")
    meta = texto_de(r.columna("meta"), r.totales.get("meta"))
    rotulo = (
        f"Recuperado en {anio}: {avance} % de la meta de {meta}"
        if avance is not None
        else f"Recuperado en {anio} (sin meta fijada)"
    )
    return [_cifra(r, "recuperado", rotulo)]


def cifras_principales(reportes: dict[str, Reporte], anio: int) -> list[Cifra]:
    """Lo primero que mira el jefe: cartas vencidas, solicitudes sin respuesta, convenios al día
    y caídos, y el Plan."""
    cifras = []
    if "correspondencia" in reportes:
        cifras += _de_correspondencia(reportes["correspondencia"])
    if "solicitudes" in reportes:
        cifras += _de_solicitudes(reportes["solicitudes"])
    if "convenios" in reportes:
        cifras += _de_convenios(reportes["convenios"])
    if "plan" in reportes:
        cifras += _del_plan(reportes["plan"], anio)
    return cifras
