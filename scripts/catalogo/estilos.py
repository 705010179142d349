"""El formato común de las plantillas: papel, márgenes, espacios, grises y los estilos de
párrafo (Arial 11 pt; LibreOffice la sustituye por Liberation Sans, de métricas idénticas)."""

from __future__ import annotations

from docx.document import Document as DocumentoWord
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Inches, Length, Pt, RGBColor

from catalogo.wordml import elemento

FUENTE = "Arial"
TAMANO = Pt(11)
IDIOMA = "es-SV"
MARGEN = Cm(2.5)
ANCHO_PAGINA = Inches(8.5)
ANCHO_UTIL = Emu(ANCHO_PAGINA - 2 * MARGEN)
SANGRIA = Cm(1.0)
SIN_ESPACIO = Pt(0)
ESPACIO_PARRAFO = Pt(6)
ESPACIO_FIRMA = Pt(44)  # el espacio para firmar sobre el nombre
GRIS_ENCABEZADO = "D9D9D9"
GRIS_TOTAL = "F2F2F2"
GRIS_ETIQUETA = "EDEDED"


def poner_fuente(
    estilo_o_run: object, tamano: Length | None = None, *, negrita: bool | None = None
) -> None:
    """Arial en todos los alfabetos (y el tamaño y la negrita, si se dan)."""
    fuente = estilo_o_run.font  # type: ignore[attr-defined]
    fuente.name = FUENTE
    if tamano is not None:
        fuente.size = tamano
    if negrita is not None:
        fuente.bold = negrita
    r_pr = estilo_o_run.element.get_or_add_rPr()  # type: ignore[attr-defined]
    r_fonts = r_pr.get_or_add_rFonts()
    for atributo in ("ascii", "hAnsi", "cs", "eastAsia"):
        r_fonts.set(qn(f"w:{atributo}"), FUENTE)


def _estilo(
    doc: DocumentoWord,
    nombre: str,
    *,
    tamano: Pt = TAMANO,
    negrita: bool = False,
    cursiva: bool = False,
    alinear: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
    antes: Length = SIN_ESPACIO,
    despues: Length = ESPACIO_PARRAFO,
    izquierda: Length | None = None,
    primera: Length | None = None,
    mantener: bool = False,
    tabulador: Length | None = None,
) -> None:
    """Un estilo de párrafo basado en Normal, con su fuente, alineación, espacios y sangrías."""
    estilo = doc.styles.add_style(nombre, WD_STYLE_TYPE.PARAGRAPH)
    estilo.base_style = doc.styles["Normal"]
    estilo.quick_style = True
    poner_fuente(estilo, tamano, negrita=negrita)
    estilo.font.italic = cursiva
    formato = estilo.paragraph_format
    formato.alignment = alinear
    formato.space_before = antes
    formato.space_after = despues
    formato.widow_control = True
    if izquierda is not None:
        formato.left_indent = izquierda
    if primera is not None:
        formato.first_line_indent = primera
    if mantener:
        formato.keep_with_next = True
    if tabulador is not None:
        formato.tab_stops.add_tab_stop(tabulador)


def _normal(doc: DocumentoWord) -> None:
    """El estilo Normal: Arial 11 negra, español de El Salvador, interlineado sencillo."""
    normal = doc.styles["Normal"]
    poner_fuente(normal, TAMANO)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    r_pr = normal.element.get_or_add_rPr()
    lang = elemento("lang", val=IDIOMA, eastAsia=IDIOMA, bidi=IDIOMA)
    for viejo in r_pr.findall(qn("w:lang")):
        r_pr.remove(viejo)
    r_pr.append(lang)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0


def _estilos_del_texto(doc: DocumentoWord) -> None:
    """Los estilos del cuerpo: párrafos, título, referencia, destinatario, datos y numerados."""
    justificado = WD_ALIGN_PARAGRAPH.JUSTIFY
    centro = WD_ALIGN_PARAGRAPH.CENTER
    derecha = WD_ALIGN_PARAGRAPH.RIGHT
    _estilo(doc, "Cuerpo", alinear=justificado, despues=Pt(8))
    _estilo(doc, "Titulo documento", tamano=Pt(13), negrita=True, alinear=centro, despues=Pt(2))
    _estilo(
        doc, "Subtitulo documento", tamano=Pt(10.5), cursiva=True, alinear=centro, despues=Pt(12)
    )
    _estilo(doc, "Referencia", alinear=derecha, despues=Pt(0))
    _estilo(doc, "Destinatario", despues=Pt(0))
    _estilo(doc, "Datos", despues=Pt(2), izquierda=Cm(3.5), primera=Cm(-3.5), tabulador=Cm(3.5))
    _estilo(doc, "Seccion", negrita=True, antes=Pt(6), despues=Pt(6), mantener=True)
    _estilo(
        doc,
        "Numerado",
        alinear=justificado,
        despues=Pt(8),
        izquierda=SANGRIA,
        primera=Cm(-SANGRIA.cm),
        tabulador=SANGRIA,
    )
    _estilo(
        doc,
        "Numerado 2",
        alinear=justificado,
        despues=Pt(6),
        izquierda=Cm(2.3),
        primera=Cm(-1.3),
        tabulador=Cm(2.3),
    )
    _estilo(doc, "Sangrado", alinear=justificado, despues=Pt(6), izquierda=SANGRIA)


def _estilos_de_tablas_firmas_y_pagina(doc: DocumentoWord) -> None:
    """Los estilos de las tablas, las firmas, las copias, el membrete y el pie."""
    centro = WD_ALIGN_PARAGRAPH.CENTER
    _estilo(doc, "Leyenda tabla", tamano=Pt(9.5), negrita=True, despues=Pt(3), mantener=True)
    _estilo(doc, "Tabla", tamano=Pt(9.5), despues=Pt(0))
    _estilo(doc, "Tabla encabezado", tamano=Pt(9.5), negrita=True, alinear=centro, despues=Pt(0))
    _estilo(doc, "Firma", alinear=centro, despues=Pt(0), mantener=True)
    _estilo(doc, "Copia", tamano=Pt(8), antes=Pt(18), despues=Pt(0))
    _estilo(doc, "Membrete", tamano=Pt(12.5), negrita=True, alinear=centro, despues=Pt(0))
    _estilo(doc, "Membrete 2", tamano=Pt(10.5), alinear=centro, despues=Pt(0))
    _estilo(doc, "Pie", tamano=Pt(8), alinear=centro, despues=Pt(0))


def estilos(doc: DocumentoWord) -> None:
    """Normal y los estilos de párrafo que usan las plantillas (el orden se ve en el XML)."""
    _normal(doc)
    _estilos_del_texto(doc)
    _estilos_de_tablas_firmas_y_pagina(doc)
