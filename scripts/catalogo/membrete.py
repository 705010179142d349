"""Lo que todas las plantillas comparten fuera del cuerpo: la página (carta, márgenes de
2.5 cm), el membrete de texto en el encabezado, el pie con la dirección de la institución, la
referencia y «Página X de Y», y los metadatos con fechas fijas."""

from __future__ import annotations

from datetime import datetime

from docx.document import Document as DocumentoWord
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Cm, Inches

from catalogo.estilos import ANCHO_PAGINA, ANCHO_UTIL, IDIOMA, MARGEN
from catalogo.wordml import borde_parrafo, campo

INSTITUCION = "INSTITUTO SALVADOREÑO DEL SEGURO SOCIAL"
DEPARTAMENTO = "Departamento de Recuperación Prejudicial"
# La dirección de la sede (texto de la plantilla: se corrige aquí y se reconstruye).
DIRECCION = (
    "Torre Administrativa del ISSS, Alameda Juan Pablo II y 39 Avenida Norte, "
    "San Salvador, El Salvador, C. A."
)
FECHA_FIJA = datetime(2026, 1, 1, 0, 0, 0)


def preparar_pagina(doc: DocumentoWord) -> None:
    """Papel carta vertical, márgenes de 2.5 cm y la distancia del encabezado y del pie."""
    seccion = doc.sections[0]
    seccion.orientation = WD_ORIENT.PORTRAIT
    seccion.page_width = ANCHO_PAGINA
    seccion.page_height = Inches(11)
    for lado in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(seccion, lado, MARGEN)
    seccion.header_distance = Cm(1.1)
    seccion.footer_distance = Cm(1.0)


def membrete(doc: DocumentoWord) -> None:
    """El encabezado de página: la institución y, subrayado, el departamento."""
    encabezado = doc.sections[0].header
    primero = encabezado.paragraphs[0]
    primero.style = doc.styles["Membrete"]
    primero.add_run(INSTITUCION)
    segundo = encabezado.add_paragraph(DEPARTAMENTO, style="Membrete 2")
    borde_parrafo(segundo, "bottom", grosor=12, espacio=4)


def pie(doc: DocumentoWord) -> None:
    """El pie de página: la dirección y, debajo, la referencia y «Página X de Y»."""
    pie = doc.sections[0].footer
    primero = pie.paragraphs[0]
    primero.style = doc.styles["Pie"]
    primero.add_run(DIRECCION)
    borde_parrafo(primero, "top", grosor=6, espacio=4)
    segundo = pie.add_paragraph(style="Pie")
    segundo.alignment = WD_ALIGN_PARAGRAPH.LEFT
    segundo.paragraph_format.tab_stops.add_tab_stop(ANCHO_UTIL, WD_TAB_ALIGNMENT.RIGHT)
    segundo.add_run("Ref. {{ documento.referencia }}\tPágina ")
    campo(segundo, "PAGE", "1")
    segundo.add_run(" de ")
    campo(segundo, "NUMPAGES", "1")


APLICACION = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Recupera</Application><DocSecurity>0</DocSecurity>"
    "<Company>Instituto Salvadoreño del Seguro Social</Company></Properties>"
)


def propiedades(doc: DocumentoWord, titulo: str, asunto: str) -> None:
    """Los metadatos del documento, con fechas fijas para que la salida sea reproducible."""
    propiedades = doc.core_properties
    propiedades.title = titulo
    propiedades.subject = asunto
    propiedades.author = f"{DEPARTAMENTO}, Instituto Salvadoreño del Seguro Social"
    propiedades.last_modified_by = DEPARTAMENTO
    propiedades.language = IDIOMA
    propiedades.keywords = "Recupera; plantilla"
    propiedades.comments = ""
    propiedades.revision = 1
    propiedades.created = FECHA_FIJA
    propiedades.modified = FECHA_FIJA
    propiedades.last_printed = FECHA_FIJA
    # Las propiedades extendidas: la aplicación es Recupera, no la plantilla vacía de la biblioteca.
    for parte in doc.part.package.parts:
        if parte.partname == "/docProps/app.xml":
            parte._blob = APLICACION.encode("utf-8")
