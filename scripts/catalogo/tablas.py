"""Las tablas de las plantillas: columnas de ancho fijo, texto con `**negritas**` y celdas
llenas con su estilo."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as DocumentoWord
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from catalogo.wordml import bordes_tabla, fila_propiedades, margenes_celda

_NEGRITA = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True)
class Columna:
    """Una columna de tabla: encabezado, ancho, contenido de la fila de datos y alineación."""

    encabezado: str
    ancho: Length
    dato: str
    alinear: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT
    total: str = ""


DERECHA = WD_ALIGN_PARAGRAPH.RIGHT
CENTRO = WD_ALIGN_PARAGRAPH.CENTER


def nueva_tabla(
    destino: DocumentoWord | _Cell,
    columnas: Sequence[Columna],
    filas: int,
    *,
    bordes: bool = True,
    encabezado: bool = False,
) -> Table:
    """Una tabla centrada de anchos fijos, con filas que no se parten entre páginas."""
    tabla = destino.add_table(filas, len(columnas))
    tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
    tabla.autofit = False
    bordes_tabla(tabla, visibles=bordes)
    margenes_celda(tabla)
    ancho_total = sum(int(c.ancho) for c in columnas)
    tbl_w = tabla._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(ancho_total * 1440 // 914400))
    for i, columna in enumerate(columnas):
        tabla.columns[i].width = columna.ancho
        for celda in tabla.columns[i].cells:
            celda.width = columna.ancho
            celda.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for i, fila in enumerate(tabla.rows):
        fila_propiedades(fila, encabezado=encabezado and i == 0)
    return tabla


def escribir(parrafo: Paragraph, texto: str, *, negrita: bool = False) -> None:
    """Añade el texto en runs; `**así**` va en negrita."""
    posicion = 0
    for m in _NEGRITA.finditer(texto):
        if m.start() > posicion:
            parrafo.add_run(texto[posicion : m.start()]).bold = negrita or None
        parrafo.add_run(m.group(1)).bold = True
        posicion = m.end()
    if posicion < len(texto):
        parrafo.add_run(texto[posicion:]).bold = negrita or None


def llenar(
    celda: _Cell,
    texto: str,
    estilo: str,
    *,
    alinear: WD_ALIGN_PARAGRAPH | None = None,
    negrita: bool = False,
) -> None:
    """El primer párrafo de la celda, con su estilo, su alineación y el texto."""
    parrafo = celda.paragraphs[0]
    parrafo.style = estilo
    if alinear is not None:
        parrafo.alignment = alinear
    escribir(parrafo, texto, negrita=negrita)
