"""Un reporte como archivo: CSV para cualquier programa y XLSX con formato, ambos con su renglón
de totales.

El CSV va en UTF-8 con BOM (así Excel reconoce las tildes y la ñ) y separado por comas, con punto
decimal y sin separador de miles: en El Salvador el separador decimal es el punto y el de listas
de Excel es la coma, de modo que el archivo se abre en columnas y los montos quedan como números.
El punto y coma es la convención de los países con coma decimal, y la línea `sep=;` que lo
forzaría hace que Excel ignore el BOM. Es también el formato que leen las importaciones.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from expedientes import texto_seguro
from panel.cifras import Columna, Fila, Reporte, Valor

BOM = "\ufeff"
# Una celda de texto que empieza así sería una fórmula al abrir el CSV (inyección de fórmulas).
FORMATOS_XLSX = {
    "dinero": '"$"#,##0.00;-"$"#,##0.00',
    "entero": "#,##0",
    "porcentaje": "0.0%",
    "fecha": "dd/mm/yyyy",
    "texto": "@",
}
_FILA_ENCABEZADO = 4
_AZUL = "1F4E79"
_GRIS = "52606D"
_CARACTERES_PROHIBIDOS_EN_HOJA = set("[]:*?/\\")


def _celda_csv(columna: Columna, valor: Valor) -> str:
    if valor is None:
        return ""
    if isinstance(valor, str):
        return texto_seguro(valor)
    if isinstance(valor, date):
        return valor.isoformat()
    if isinstance(valor, Decimal):
        return f"{valor:.1f}" if columna.tipo == "porcentaje" else f"{valor:.2f}"
    return str(valor)


def _renglones(reporte: Reporte) -> list[Fila]:
    return [*reporte.filas, reporte.totales]


def reporte_a_csv(reporte: Reporte) -> bytes:
    """Encabezado, filas y totales; UTF-8 con BOM, comas, punto decimal, fechas AAAA-MM-DD."""
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\r\n")
    escritor.writerow([c.titulo for c in reporte.columnas])
    for fila in _renglones(reporte):
        escritor.writerow([_celda_csv(c, fila.get(c.clave)) for c in reporte.columnas])
    return (BOM + salida.getvalue()).encode("utf-8")


def nombre_de_hoja(titulo: str) -> str:
    """El título como nombre de hoja de Excel: sin `[]:*?/\\` y hasta 31 caracteres."""
    limpio = "".join(" " if c in _CARACTERES_PROHIBIDOS_EN_HOJA else c for c in titulo).strip()
    if len(limpio) > 31:
        limpio = limpio[:31].rsplit(" ", 1)[0]
    return limpio or "Reporte"


def _poner(celda: Cell, columna: Columna, valor: Valor) -> None:
    if columna.tipo == "porcentaje" and isinstance(valor, Decimal):
        celda.value = valor / 100  # Excel guarda 85.3 % como 0.853
    else:
        celda.value = valor
    if isinstance(valor, str):
        celda.data_type = "s"  # texto siempre, aunque empiece con «=»
    celda.number_format = FORMATOS_XLSX[columna.tipo]


def _ancho(columna: Columna, valores: list[Valor]) -> float:
    largos = [len(columna.titulo)]
    for v in valores:
        if isinstance(v, Decimal) and columna.tipo == "dinero":
            largos.append(len(f"${v:,.2f}"))
        elif isinstance(v, date):
            largos.append(10)
        elif v is not None:
            largos.append(len(str(v)))
    return min(max(max(largos) + 3, 10), 60)


def reporte_a_xlsx(reporte: Reporte) -> bytes:
    """Una hoja con título, descripción, encabezado en negrita, filas y totales, con formatos de
    dinero, porcentaje y fecha, anchos de columna y el encabezado fijo al desplazarse."""
    libro = Workbook()
    hoja = libro.active
    assert hoja is not None  # un libro nuevo siempre trae una hoja
    hoja.title = nombre_de_hoja(reporte.hoja or reporte.titulo)
    libro.properties.title = reporte.titulo
    libro.properties.creator = "Recupera"
    hoja["A1"] = reporte.titulo
    hoja["A1"].font = Font(bold=True, size=14, color=_AZUL)
    hoja["A2"] = reporte.descripcion
    hoja["A2"].font = Font(italic=True, color=_GRIS)
    hoja["A2"].data_type = "s"
    linea = Side(style="thin", color=_AZUL)
    for j, columna in enumerate(reporte.columnas, start=1):
        celda = hoja.cell(row=_FILA_ENCABEZADO, column=j, value=columna.titulo)
        celda.font = Font(bold=True, color="FFFFFF")
        celda.fill = PatternFill("solid", fgColor=_AZUL)
        celda.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    renglones = _renglones(reporte)
    for i, fila in enumerate(renglones, start=_FILA_ENCABEZADO + 1):
        es_total = i == _FILA_ENCABEZADO + len(renglones)
        for j, columna in enumerate(reporte.columnas, start=1):
            celda = hoja.cell(row=i, column=j)
            _poner(celda, columna, fila.get(columna.clave))
            if es_total:
                celda.font = Font(bold=True)
                celda.border = Border(top=linea, bottom=Side(style="double", color=_AZUL))
    for j, columna in enumerate(reporte.columnas, start=1):
        valores = [f.get(columna.clave) for f in renglones]
        hoja.column_dimensions[get_column_letter(j)].width = _ancho(columna, valores)
    hoja.freeze_panes = hoja.cell(row=_FILA_ENCABEZADO + 1, column=1)
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()
