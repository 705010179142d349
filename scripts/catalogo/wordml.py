"""El XML de bajo nivel de WordprocessingML que python-docx no ofrece: bordes, sombreado,
márgenes de celda, filas que no se parten y campos (PAGE, NUMPAGES), cada hijo en el orden que
exige el esquema."""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from lxml.etree import _Element as Elemento

# El orden de los hijos de w:pPr, w:tblPr y w:tcPr que exige el esquema de WordprocessingML.
# fmt: off
ORDEN_PPR = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)
ORDEN_TBLPR = (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
    "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
    "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription",
)
ORDEN_TCPR = (
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark",
)
# fmt: on


def insertar_en_orden(padre: Elemento, hijo: Elemento, orden: Sequence[str]) -> None:
    """Pone `hijo` en `padre` respetando el orden del esquema (reemplaza uno igual si lo hay)."""
    nombre = hijo.tag.split("}")[1]
    for viejo in padre.findall(qn(f"w:{nombre}")):
        padre.remove(viejo)
    posicion = orden.index(nombre)
    for i, existente in enumerate(padre):
        otro = existente.tag.split("}")[1]
        if otro in orden and orden.index(otro) > posicion:
            padre.insert(i, hijo)
            return
    padre.append(hijo)


def elemento(nombre: str, **atributos: str) -> Elemento:
    """El elemento `w:nombre` con esos atributos (también en el espacio `w:`)."""
    el = OxmlElement(f"w:{nombre}")
    for clave, valor in atributos.items():
        el.set(qn(f"w:{clave}"), valor)
    return el


def borde_parrafo(parrafo: Paragraph, lado: str, grosor: int = 8, espacio: int = 4) -> None:
    """Una línea horizontal sobre o bajo el párrafo (`grosor` en octavos de punto)."""
    pbdr = elemento("pBdr")
    pbdr.append(elemento(lado, val="single", sz=str(grosor), space=str(espacio), color="000000"))
    insertar_en_orden(parrafo._p.get_or_add_pPr(), pbdr, ORDEN_PPR)


def sombrear(celda: _Cell, color: str) -> None:
    """El fondo de la celda, de ese color."""
    insertar_en_orden(
        celda._tc.get_or_add_tcPr(),
        elemento("shd", val="clear", color="auto", fill=color),
        ORDEN_TCPR,
    )


def bordes_tabla(tabla: Table, *, visibles: bool) -> None:
    """Bordes sencillos negros en toda la tabla, o ninguno."""
    bordes = elemento("tblBorders")
    for lado in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if visibles:
            bordes.append(elemento(lado, val="single", sz="4", space="0", color="000000"))
        else:
            bordes.append(elemento(lado, val="nil"))
    insertar_en_orden(tabla._tbl.tblPr, bordes, ORDEN_TBLPR)


def margenes_celda(tabla: Table, arriba: int = 40, lados: int = 85) -> None:
    """Márgenes internos de las celdas, en veinteavos de punto."""
    mar = elemento("tblCellMar")
    for lado, valor in (("top", arriba), ("left", lados), ("bottom", arriba), ("right", lados)):
        mar.append(elemento(lado, w=str(valor), type="dxa"))
    insertar_en_orden(tabla._tbl.tblPr, mar, ORDEN_TBLPR)


def fila_propiedades(fila: _Row, *, encabezado: bool = False) -> None:
    """La fila no se parte entre páginas; la de encabezados se repite en cada página."""
    tr_pr = fila._tr.get_or_add_trPr()
    tr_pr.append(elemento("cantSplit"))
    if encabezado:
        tr_pr.append(elemento("tblHeader"))


def campo(parrafo: Paragraph, instruccion: str, muestra: str) -> None:
    """Un campo de Word (PAGE, NUMPAGES) con su resultado de muestra."""
    for tipo, texto in (("begin", None), ("instr", instruccion), ("separate", None), ("end", None)):
        run = parrafo.add_run()
        if tipo == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {texto} "
            run._r.append(instr)
        else:
            run._r.append(elemento("fldChar", fldCharType=tipo))
        if tipo == "separate":
            parrafo.add_run(muestra)
