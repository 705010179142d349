"""Del reporte al gráfico: las barras de una columna o de los totales, con el destino de cada
cifra, y el gráfico del Plan Anual mes a mes.

Con `reportes.generar(...)` y estas funciones la web arma el panel del jefe, p. ej.
`dona("Expedientes por etapa", barras_de_totales(r, etapas), enlace=url_de)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from panel.cifras import Destino, Reporte
from panel.graficos import Barra, Serie, barras_agrupadas
from panel.graficos_svg import COLOR_DE, Enlace
from seguimiento import MESES, FilaPlan, rango_del_mes


def _numero(valor: object) -> Decimal | int:
    return valor if isinstance(valor, int | Decimal) else 0


def barras_de_reporte(reporte: Reporte, clave: str) -> list[Barra]:
    """Las barras de una columna del reporte: etiqueta de la fila, cifra y su destino."""
    etiqueta = reporte.columnas[0].clave
    barras = []
    for fila, enlaces in zip(reporte.filas, reporte.enlaces, strict=True):
        destino = enlaces.get(clave) or enlaces.get(etiqueta)
        barras.append(Barra(str(fila.get(etiqueta) or ""), _numero(fila.get(clave)), destino))
    return barras


def barras_de_totales(reporte: Reporte, claves: Sequence[str]) -> list[Barra]:
    """Una barra por columna con su total (p. ej. cada etapa en toda la cartera), con el título
    de la columna y el destino del total."""
    return [
        Barra(
            reporte.columna(c).titulo,
            _numero(reporte.totales.get(c)),
            reporte.enlaces_totales.get(c),
            COLOR_DE.get(c),
        )
        for c in claves
    ]


def plan_por_mes(
    titulo: str,
    anio: int,
    meses: Sequence[FilaPlan],
    *,
    enlace: Enlace | None = None,
    ident: str | None = None,
) -> str:
    """Meta contra recuperado, mes a mes (las filas de `plan.por_mes`); lo recuperado lleva a
    los pagos del mes."""
    pagos = [Destino("pagos", rango_del_mes(anio, f.mes or 1)) for f in meses]
    return barras_agrupadas(
        titulo,
        [MESES[(f.mes or 1) - 1] for f in meses],
        [
            Serie("Meta", [f.meta for f in meses]),
            Serie("Recuperado", [f.recuperado for f in meses], pagos),
        ],
        descripcion="Meta del Plan Anual y monto recuperado en cada mes.",
        enlace=enlace,
        ident=ident,
    )
