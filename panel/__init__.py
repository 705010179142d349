"""El panel del jefe: reportes de solo lectura (correspondencia, expedientes, convenios, Plan Anual,
carga de trabajo) con sus totales conciliados, gráficos SVG y exportación CSV/XLSX.

Lee lo que registran las capacidades de abajo (`expedientes`, `correspondencia`, `plantillas`,
`seguimiento`); no cambia nada. Solo la aplicación (`recupera`) lo importa.
"""

from __future__ import annotations

from panel.cifras import Columna, Destino, Reporte, Valor
from panel.exportar_reportes import reporte_a_csv, reporte_a_xlsx
from panel.graficos import Serie, barras_agrupadas, barras_horizontales, dona
from panel.graficos_panel import barras_de_reporte, barras_de_totales, plan_por_mes
from panel.graficos_svg import COLOR_DE
from panel.reportes import REPORTES, generar_reporte
from panel.reportes_carga import DOCUMENTOS_ABIERTOS

__all__ = [
    "COLOR_DE",
    "DOCUMENTOS_ABIERTOS",
    "REPORTES",
    "Columna",
    "Destino",
    "Reporte",
    "Serie",
    "Valor",
    "barras_agrupadas",
    "barras_de_reporte",
    "barras_de_totales",
    "barras_horizontales",
    "dona",
    "generar_reporte",
    "plan_por_mes",
    "reporte_a_csv",
    "reporte_a_xlsx",
]
