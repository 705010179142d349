"""Lo que el panel del jefe arma de cada reporte: sus gráficos SVG, su tabla con cada cifra
enlazada a su lista y las cifras principales del inicio.

Un `Destino` de un reporte es una lista con filtros; aquí se convierte en la URL de esa página
(`url_de`). La cifra y la lista salen de los mismos filtros: la lista muestra exactamente lo que
la cifra cuenta.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask import url_for
from markupsafe import Markup
from sqlmodel import Session

from expedientes import ETAPAS_FINALES, Etapa, fecha_u_hora, moneda
from panel import (
    COLOR_DE,
    Columna,
    Destino,
    Reporte,
    Serie,
    Valor,
    barras_agrupadas,
    barras_de_reporte,
    barras_de_totales,
    barras_horizontales,
    dona,
    plan_por_mes,
)
from seguimiento import avance_del_plan, plan_mes_a_mes

# Cada lista de un `Destino`, con la página que la muestra.
PAGINAS = {
    "correspondencia": "correspondencia.bandeja",
    "expedientes": "expedientes.lista",
    "convenios": "seguimiento.convenios_lista",
    "pagos": "seguimiento.pagos_lista",
    "documentos": "documentos.lista",
    "salida": "correspondencia.enviada",
}


def url_de(destino: Destino) -> str | None:
    """La página de la lista del destino con sus filtros (None si no hay página para ella)."""
    pagina = PAGINAS.get(destino.lista)
    filtros: dict[str, Any] = dict(destino.filtros)
    return url_for(pagina, **filtros) if pagina else None


def texto_de(columna: Columna, valor: Valor) -> str:
    """La cifra como se lee en la tabla: montos en dólares, porcentajes, fechas y enteros."""
    if valor is None:
        return "—"
    if columna.tipo == "dinero" and isinstance(valor, Decimal):
        return moneda(valor)
    if columna.tipo == "porcentaje":
        return f"{valor} %"
    if isinstance(valor, date):
        return fecha_u_hora(valor)
    if isinstance(valor, int):
        return f"{valor:,}"
    return str(valor)


@dataclass(frozen=True)
class Celda:
    """Una celda de la tabla: lo escrito, la lista a la que lleva y si es una cifra."""

    texto: str
    url: str | None
    cifra: bool


def _celdas(reporte: Reporte, fila: dict[str, Valor], enlaces: dict[str, Destino]) -> list[Celda]:
    return [
        Celda(
            texto_de(c, fila.get(c.clave)),
            url_de(enlaces[c.clave]) if c.clave in enlaces else None,
            c.tipo != "texto",
        )
        for c in reporte.columnas
    ]


@dataclass(frozen=True)
class Seccion:
    """Un reporte en el panel: sus gráficos, su tabla enlazada y sus exportaciones."""

    reporte: Reporte
    graficos: list[Markup]
    filas: list[list[Celda]]
    totales: list[Celda]
    larga: bool = False  # la tabla va en un recuadro con desplazamiento


def incrustable(svg: str) -> Markup:
    """El SVG para incrustarlo en la página.

    Los SVG escapan todo su texto y solo enlazan rutas de la aplicación (`graficos_svg`). El
    atributo `style` de su raíz lo rechazaría la Content-Security-Policy (`style-src 'self'`) con
    un error en la consola: se quita, y el tamaño lo da recupera.css (`.grafico svg`).
    """
    return Markup(svg.replace(_ESTILO_EN_LINEA, "", 1))  # noqa: S704


_ESTILO_EN_LINEA = ' style="max-width:100%;height:auto"'


def _agrupadas(
    titulo: str,
    reporte: Reporte,
    claves: dict[str, str],
    ident: str,
    descripcion: str = "",
) -> str:
    """Por fila del reporte, una barra de cada columna (clave → nombre corto de la serie, que
    cabe en la leyenda), cada barra con su destino."""
    etiqueta = reporte.columnas[0].clave
    series = [
        Serie(nombre, [b.valor for b in barras], [b.destino for b in barras], COLOR_DE.get(c))
        for c, nombre in claves.items()
        for barras in [barras_de_reporte(reporte, c)]
    ]
    return barras_agrupadas(
        titulo,
        [str(f.get(etiqueta) or "") for f in reporte.filas],
        series,
        descripcion=descripcion,
        enlace=url_de,
        ident=ident,
    )


def _correspondencia(r: Reporte, que: str) -> list[str]:
    claves = {
        "recibidas": "Recibidas",
        "por_responder": "Por responder",
        "vencidas": "Vencidas",
        "respondidas": "Respondidas",
    }
    return [_agrupadas(f"Cartas recibidas {que}", r, claves, f"g-{r.nombre}", r.descripcion)]


def _expedientes(r: Reporte) -> list[str]:
    activas = [e.value for e in Etapa if e not in ETAPAS_FINALES]
    return [
        dona(
            "Expedientes activos por etapa",
            barras_de_totales(r, activas),
            descripcion="Los expedientes que no están cerrados ni anulados.",
            enlace=url_de,
            ident="g-etapas",
        ),
        barras_horizontales(
            "Expedientes activos por sucursal",
            barras_de_reporte(r, "activos"),
            enlace=url_de,
            ident="g-sucursales",
        ),
    ]


def _convenios(r: Reporte) -> list[str]:
    return [
        dona(
            "Convenios vigentes e incumplidos",
            barras_de_totales(r, ["vigentes", "incumplidos"]),
            descripcion="Cuántos convenios están al día y cuántos cayeron en incumplimiento.",
            enlace=url_de,
            ident="g-convenios",
        ),
        dona(
            "Saldo por cobrar de los convenios",
            barras_de_totales(r, ["saldo_vigentes", "saldo_incumplidos"]),
            descripcion="Lo que falta pagar de las cuotas pactadas.",
            enlace=url_de,
            ident="g-saldos",
        ),
        _agrupadas(
            "Saldos de convenios por sucursal",
            r,
            {
                "saldo_vigentes": "Saldo de vigentes",
                "saldo_incumplidos": "Saldo de incumplidos",
                "vencido": "Vencido sin pagar",
            },
            "g-convenios-sucursal",
        ),
    ]


def _solicitudes(r: Reporte) -> list[str]:
    return [
        dona(
            "Solicitudes enviadas y sus respuestas",
            barras_de_totales(r, ["respondidas", "en_plazo", "vencidas"]),
            descripcion="Las respondidas, las que aún están en plazo y las vencidas sin respuesta.",
            enlace=url_de,
            ident="g-solicitudes",
        )
    ]


def _carga(r: Reporte) -> list[str]:
    claves = {
        "expedientes": "Expedientes",
        "cartas": "Cartas",
        "vencidas": "Vencidas",
        "borradores": "Sin finalizar",
    }
    return [_agrupadas("Carga de trabajo por persona", r, claves, "g-carga", r.descripcion)]


def _plan(session: Session, anio: int) -> Callable[[Reporte], list[str]]:
    def graficos(_r: Reporte) -> list[str]:
        meses = plan_mes_a_mes(avance_del_plan(session=session, anio=anio))
        return [
            plan_por_mes(
                f"Recuperado contra la meta, mes a mes ({anio})",
                anio,
                meses,
                enlace=url_de,
                ident="g-plan",
            )
        ]

    return graficos


def seccion(reporte: Reporte, session: Session, anio: int) -> Seccion:
    """El reporte listo para el panel."""
    dibujar: dict[str, Callable[[Reporte], list[str]]] = {
        "correspondencia": lambda r: _correspondencia(r, "por persona"),
        "correspondencia_tipo": lambda r: _correspondencia(r, "por tipo"),
        "solicitudes": _solicitudes,
        "expedientes": _expedientes,
        "convenios": _convenios,
        "plan": _plan(session, anio),
        "carga": _carga,
    }
    graficos = dibujar.get(reporte.nombre, lambda _r: [])(reporte)
    filas = [
        _celdas(reporte, dict(f), dict(e))
        for f, e in zip(reporte.filas, reporte.enlaces, strict=True)
    ]
    return Seccion(
        reporte=reporte,
        graficos=[incrustable(g) for g in graficos],
        filas=filas,
        totales=_celdas(reporte, dict(reporte.totales), dict(reporte.enlaces_totales)),
        larga=len(filas) > 15,
    )
