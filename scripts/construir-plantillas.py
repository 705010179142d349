"""Construye las seis plantillas `.docx` del catálogo con python-docx.

Uso: `.venv/bin/python scripts/construir-plantillas.py [--destino DIR]`

Escribe `aviso_cobro.docx`, `requerimiento_pago.docx`, `convenio_pago.docx`,
`anteproyecto_acuerdo.docx`, `oficio_respuesta.docx` y `traslado_juridica.docx` en
`plantillas/catalogo/` (o en DIR). Cada una va con su contrato `.toml`, escrito a mano junto a
ella: si aquí cambia una variable, un contenido obligatorio o el encabezado de una tabla, hay que
cambiar también el contrato y subir su versión.

Formato común: papel carta (8.5 × 11 pulgadas), márgenes de 2.5 cm, Arial 11 pt (LibreOffice la
sustituye por Liberation Sans, de métricas idénticas), membrete de texto en el encabezado de
página, y en el pie la dirección de la institución, la referencia y «Página X de Y».

La salida es reproducible: fechas de los metadatos y del ZIP fijas, mismo contenido byte a byte
en cada corrida.
"""

from __future__ import annotations

import argparse
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentoWord
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Inches, Length, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from lxml.etree import _Element as Elemento

RAIZ = Path(__file__).resolve().parent.parent
DESTINO = RAIZ / "plantillas" / "catalogo"

FUENTE = "Arial"
TAMANO = Pt(11)
IDIOMA = "es-SV"
INSTITUCION = "INSTITUTO SALVADOREÑO DEL SEGURO SOCIAL"
DEPARTAMENTO = "Departamento de Recuperación Prejudicial"
# La dirección de la sede (texto de la plantilla: se corrige aquí y se reconstruye).
DIRECCION = (
    "Torre Administrativa del ISSS, Alameda Juan Pablo II y 39 Avenida Norte, "
    "San Salvador, El Salvador, C. A."
)
FECHA_FIJA = datetime(2026, 1, 1, 0, 0, 0)

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

_NEGRITA = re.compile(r"\*\*(.+?)\*\*")


# --- XML de bajo nivel -----------------------------------------------------------------------


def _insertar_en_orden(padre: Elemento, hijo: Elemento, orden: Sequence[str]) -> None:
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


def _elemento(nombre: str, **atributos: str) -> Elemento:
    el = OxmlElement(f"w:{nombre}")
    for clave, valor in atributos.items():
        el.set(qn(f"w:{clave}"), valor)
    return el


def _borde_parrafo(parrafo: Paragraph, lado: str, grosor: int = 8, espacio: int = 4) -> None:
    """Una línea horizontal sobre o bajo el párrafo (`grosor` en octavos de punto)."""
    pbdr = _elemento("pBdr")
    pbdr.append(_elemento(lado, val="single", sz=str(grosor), space=str(espacio), color="000000"))
    _insertar_en_orden(parrafo._p.get_or_add_pPr(), pbdr, ORDEN_PPR)


def _sombrear(celda: _Cell, color: str) -> None:
    _insertar_en_orden(
        celda._tc.get_or_add_tcPr(),
        _elemento("shd", val="clear", color="auto", fill=color),
        ORDEN_TCPR,
    )


def _bordes_tabla(tabla: Table, *, visibles: bool) -> None:
    bordes = _elemento("tblBorders")
    for lado in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if visibles:
            bordes.append(_elemento(lado, val="single", sz="4", space="0", color="000000"))
        else:
            bordes.append(_elemento(lado, val="nil"))
    _insertar_en_orden(tabla._tbl.tblPr, bordes, ORDEN_TBLPR)


def _margenes_celda(tabla: Table, arriba: int = 40, lados: int = 85) -> None:
    """Márgenes internos de las celdas, en veinteavos de punto."""
    mar = _elemento("tblCellMar")
    for lado, valor in (("top", arriba), ("left", lados), ("bottom", arriba), ("right", lados)):
        mar.append(_elemento(lado, w=str(valor), type="dxa"))
    _insertar_en_orden(tabla._tbl.tblPr, mar, ORDEN_TBLPR)


def _fila_propiedades(fila: _Row, *, encabezado: bool = False) -> None:
    """La fila no se parte entre páginas; la de encabezados se repite en cada página."""
    tr_pr = fila._tr.get_or_add_trPr()
    tr_pr.append(_elemento("cantSplit"))
    if encabezado:
        tr_pr.append(_elemento("tblHeader"))


def _campo(parrafo: Paragraph, instruccion: str, muestra: str) -> None:
    """Un campo de Word (PAGE, NUMPAGES) con su resultado de muestra."""
    for tipo, texto in (("begin", None), ("instr", instruccion), ("separate", None), ("end", None)):
        run = parrafo.add_run()
        if tipo == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {texto} "
            run._r.append(instr)
        else:
            run._r.append(_elemento("fldChar", fldCharType=tipo))
        if tipo == "separate":
            parrafo.add_run(muestra)


# --- Estilos -----------------------------------------------------------------------------------


def _fuente(
    estilo_o_run: object, tamano: Length | None = None, *, negrita: bool | None = None
) -> None:
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
    estilo = doc.styles.add_style(nombre, WD_STYLE_TYPE.PARAGRAPH)
    estilo.base_style = doc.styles["Normal"]
    estilo.quick_style = True
    _fuente(estilo, tamano, negrita=negrita)
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


def _estilos(doc: DocumentoWord) -> None:
    normal = doc.styles["Normal"]
    _fuente(normal, TAMANO)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    r_pr = normal.element.get_or_add_rPr()
    lang = _elemento("lang", val=IDIOMA, eastAsia=IDIOMA, bidi=IDIOMA)
    for viejo in r_pr.findall(qn("w:lang")):
        r_pr.remove(viejo)
    r_pr.append(lang)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
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
    _estilo(doc, "Leyenda tabla", tamano=Pt(9.5), negrita=True, despues=Pt(3), mantener=True)
    _estilo(doc, "Tabla", tamano=Pt(9.5), despues=Pt(0))
    _estilo(doc, "Tabla encabezado", tamano=Pt(9.5), negrita=True, alinear=centro, despues=Pt(0))
    _estilo(doc, "Firma", alinear=centro, despues=Pt(0), mantener=True)
    _estilo(doc, "Copia", tamano=Pt(8), antes=Pt(18), despues=Pt(0))
    _estilo(doc, "Membrete", tamano=Pt(12.5), negrita=True, alinear=centro, despues=Pt(0))
    _estilo(doc, "Membrete 2", tamano=Pt(10.5), alinear=centro, despues=Pt(0))
    _estilo(doc, "Pie", tamano=Pt(8), alinear=centro, despues=Pt(0))


# --- Documento ---------------------------------------------------------------------------------


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


class Redactor:
    """Un documento del catálogo en construcción, con sus piezas comunes."""

    def __init__(self, titulo: str, asunto: str) -> None:
        self.doc = Document()
        self.destino: DocumentoWord | _Cell = self.doc
        _estilos(self.doc)
        seccion = self.doc.sections[0]
        seccion.orientation = WD_ORIENT.PORTRAIT
        seccion.page_width = ANCHO_PAGINA
        seccion.page_height = Inches(11)
        for lado in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(seccion, lado, MARGEN)
        seccion.header_distance = Cm(1.1)
        seccion.footer_distance = Cm(1.0)
        self._membrete()
        self._pie()
        propiedades = self.doc.core_properties
        propiedades.title = titulo
        propiedades.subject = asunto
        propiedades.author = "Instituto Salvadoreño del Seguro Social"
        propiedades.last_modified_by = DEPARTAMENTO
        propiedades.language = IDIOMA
        propiedades.keywords = "Recupera; plantilla"
        propiedades.comments = ""
        propiedades.revision = 1
        propiedades.created = FECHA_FIJA
        propiedades.modified = FECHA_FIJA
        propiedades.last_printed = FECHA_FIJA
        # El documento nuevo trae un párrafo vacío: se quita para empezar limpio.
        cuerpo = self.doc.element.body
        for p in cuerpo.findall(qn("w:p")):
            cuerpo.remove(p)

    # Encabezado y pie de página

    def _membrete(self) -> None:
        encabezado = self.doc.sections[0].header
        primero = encabezado.paragraphs[0]
        primero.style = self.doc.styles["Membrete"]
        primero.add_run(INSTITUCION)
        segundo = encabezado.add_paragraph(DEPARTAMENTO, style="Membrete 2")
        _borde_parrafo(segundo, "bottom", grosor=12, espacio=4)

    def _pie(self) -> None:
        pie = self.doc.sections[0].footer
        primero = pie.paragraphs[0]
        primero.style = self.doc.styles["Pie"]
        primero.add_run(DIRECCION)
        _borde_parrafo(primero, "top", grosor=6, espacio=4)
        segundo = pie.add_paragraph(style="Pie")
        segundo.alignment = WD_ALIGN_PARAGRAPH.LEFT
        segundo.paragraph_format.tab_stops.add_tab_stop(ANCHO_UTIL, WD_TAB_ALIGNMENT.RIGHT)
        segundo.add_run("Ref. {{ documento.referencia }}\tPágina ")
        _campo(segundo, "PAGE", "1")
        segundo.add_run(" de ")
        _campo(segundo, "NUMPAGES", "1")

    # Párrafos

    def p(
        self,
        texto: str = "",
        estilo: str = "Cuerpo",
        *,
        negrita: bool = False,
        mantener: bool | None = None,
        antes: Length | None = None,
        despues: Length | None = None,
        alinear: WD_ALIGN_PARAGRAPH | None = None,
    ) -> Paragraph:
        """Un párrafo; `**así**` va en negrita. Cada etiqueta Jinja queda dentro de un run."""
        parrafo = self.destino.add_paragraph(style=estilo)
        _texto(parrafo, texto, negrita=negrita)
        formato = parrafo.paragraph_format
        if mantener is not None:
            formato.keep_with_next = mantener
        if antes is not None:
            formato.space_before = antes
        if despues is not None:
            formato.space_after = despues
        if alinear is not None:
            formato.alignment = alinear
        return parrafo

    def control(self, etiqueta: str) -> None:
        """Un párrafo que solo lleva una etiqueta `{%p … %}` (docxtpl lo quita al generar)."""
        self.destino.add_paragraph(etiqueta, style="Destinatario")

    def titulo(self, texto: str, subtitulo: str | None = None) -> None:
        self.p(texto, "Titulo documento")
        if subtitulo:
            self.p(subtitulo, "Subtitulo documento")
        else:
            self._ultimo().paragraph_format.space_after = Pt(12)

    def referencia(self, *lineas: str, fecha: bool = True) -> None:
        """El bloque de la derecha: referencia, expediente y lugar y fecha."""
        self.p("**Ref. {{ documento.referencia }}**", "Referencia")
        for linea in lineas:
            self.p(linea, "Referencia")
        if fecha:
            self.p("{{ documento.lugar }}, {{ documento.fecha | fecha_larga }}", "Referencia")
        self._ultimo().paragraph_format.space_after = Pt(18)

    def destinatario_patrono(self) -> None:
        self.p("Señores", "Destinatario")
        self.p("**{{ patrono.razon_social }}**", "Destinatario")
        self.control("{%p if patrono.representante_legal %}")
        self.p("Atención: {{ patrono.representante_legal }}, representante legal", "Destinatario")
        self.control("{%p endif %}")
        self.p("{{ patrono.direccion }}", "Destinatario")
        self.p(
            '{{ [patrono.municipio, patrono.departamento] | select | join(", ") }}',
            "Destinatario",
        )
        self.p("Presente.", "Destinatario", despues=Pt(12))

    def datos(self, *pares: tuple[str, str]) -> None:
        """Líneas «Etiqueta:⇥valor» alineadas (asunto, número patronal, NIT)."""
        for etiqueta, valor in pares:
            self.p(f"**{etiqueta}**\t{valor}", "Datos")
        self._ultimo().paragraph_format.space_after = Pt(12)

    def bucle_parrafos(self, variable: str, lista: str, estilo: str, texto: str) -> None:
        """Un párrafo por elemento de una entrada de párrafos."""
        self.control(f"{{%p for {variable} in {lista} %}}")
        self.p(texto, estilo)
        self.control("{%p endfor %}")

    def _ultimo(self) -> Paragraph:
        return self.destino.paragraphs[-1]

    @contextmanager
    def indivisible(self) -> Iterator[None]:
        """Lo que se escriba dentro no se parte entre páginas (el cierre con las firmas).

        Va en una tabla sin bordes de una celda, sin márgenes internos, cuya fila no se puede
        partir: Word y LibreOffice la pasan entera a la página siguiente. «Conservar con el
        siguiente» no basta: LibreOffice 7.4 no respeta cadenas de más de dos párrafos.
        """
        tabla = self._tabla([Columna("", ANCHO_UTIL, "")], 1, bordes=False)
        _margenes_celda(tabla, arriba=0, lados=0)
        celda = tabla.rows[0].cells[0]
        anterior, self.destino = self.destino, celda
        try:
            yield
        finally:
            self.destino = anterior
        vacio = celda.paragraphs[0]
        if not vacio.runs and len(celda.paragraphs) > 1:
            celda._tc.remove(vacio._p)

    def firma(
        self, despedida: str | None = "Atentamente,", *, antes: Length = ESPACIO_FIRMA
    ) -> None:
        """Despedida y bloque de firma (dentro de `indivisible`, con el último párrafo)."""
        if despedida:
            self.p(despedida, "Cuerpo", antes=Pt(4))
        self.p("**{{ firma.nombre }}**", "Firma", antes=antes)
        self.p("{{ firma.cargo }}", "Firma")
        self.p("Instituto Salvadoreño del Seguro Social", "Firma")

    def copia(self, texto: str = "c. c.: Expediente {{ expediente.numero }}") -> None:
        self.p(texto, "Copia")

    # Tablas

    def _tabla(
        self,
        columnas: Sequence[Columna],
        filas: int,
        *,
        bordes: bool = True,
        encabezado: bool = False,
    ) -> Table:
        tabla = self.destino.add_table(filas, len(columnas))
        tabla.alignment = WD_TABLE_ALIGNMENT.CENTER
        tabla.autofit = False
        _bordes_tabla(tabla, visibles=bordes)
        _margenes_celda(tabla)
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
            _fila_propiedades(fila, encabezado=encabezado and i == 0)
        return tabla

    def tabla_datos(
        self,
        columnas: Sequence[Columna],
        bucle: str,
        *,
        con_total: bool = False,
    ) -> Table:
        """Encabezados sombreados, una fila por elemento (`{%tr for … %}`) y fila TOTAL."""
        filas = 4 + (1 if con_total else 0)
        tabla = self._tabla(columnas, filas, encabezado=True)
        encabezado, inicio, datos, fin = tabla.rows[0], tabla.rows[1], tabla.rows[2], tabla.rows[3]
        for i, columna in enumerate(columnas):
            celda = encabezado.cells[i]
            _llenar(celda, columna.encabezado, "Tabla encabezado")
            _sombrear(celda, GRIS_ENCABEZADO)
            _llenar(datos.cells[i], columna.dato, "Tabla", alinear=columna.alinear)
        _llenar(inicio.cells[0], f"{{%tr for {bucle} %}}", "Tabla")
        _llenar(fin.cells[0], "{%tr endfor %}", "Tabla")
        if con_total:
            total = tabla.rows[4]
            for i, columna in enumerate(columnas):
                celda = total.cells[i]
                _llenar(celda, columna.total, "Tabla", alinear=columna.alinear, negrita=True)
                _sombrear(celda, GRIS_TOTAL)
        self._despues_de_tabla()
        return tabla

    def tabla_etiquetas(self, pares: Sequence[tuple[str, str]], ancho_etiqueta: Cm) -> Table:
        """Una ficha de dos columnas: la etiqueta sombreada a la izquierda, el dato a la derecha."""
        columnas = [
            Columna("", ancho_etiqueta, ""),
            Columna("", Cm(ANCHO_UTIL.cm - ancho_etiqueta.cm - 0.1), ""),
        ]
        tabla = self._tabla(columnas, len(pares))
        for fila, (etiqueta, valor) in zip(tabla.rows, pares, strict=True):
            _llenar(fila.cells[0], etiqueta, "Tabla", negrita=True)
            _sombrear(fila.cells[0], GRIS_ETIQUETA)
            _llenar(fila.cells[1], valor, "Tabla")
        self._despues_de_tabla()
        return tabla

    def tabla_sin_bordes(
        self, anchos: Sequence[Cm], filas: Sequence[Sequence[str]], estilo: str = "Destinatario"
    ) -> Table:
        columnas = [Columna("", ancho, "") for ancho in anchos]
        tabla = self._tabla(columnas, len(filas), bordes=False)
        for fila, textos in zip(tabla.rows, filas, strict=True):
            for celda, texto in zip(fila.cells, textos, strict=True):
                celda.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                lineas = texto.split("\n")
                _llenar(celda, lineas[0], estilo)
                for linea in lineas[1:]:
                    parrafo = celda.add_paragraph(style=estilo)
                    _texto(parrafo, linea)
        return tabla

    def _despues_de_tabla(self) -> None:
        # Un párrafo bajo tras cada tabla: separa la tabla del texto que sigue.
        espacio = self.p("", "Destinatario", despues=Pt(0))
        espacio.paragraph_format.line_spacing = Pt(10)

    def guardar(self, destino: Path) -> None:
        datos = BytesIO()
        self.doc.save(datos)
        destino.write_bytes(_zip_reproducible(datos.getvalue()))


def _texto(parrafo: Paragraph, texto: str, *, negrita: bool = False) -> None:
    """Añade el texto en runs; `**así**` va en negrita."""
    posicion = 0
    for m in _NEGRITA.finditer(texto):
        if m.start() > posicion:
            parrafo.add_run(texto[posicion : m.start()]).bold = negrita or None
        parrafo.add_run(m.group(1)).bold = True
        posicion = m.end()
    if posicion < len(texto):
        parrafo.add_run(texto[posicion:]).bold = negrita or None


def _llenar(
    celda: _Cell,
    texto: str,
    estilo: str,
    *,
    alinear: WD_ALIGN_PARAGRAPH | None = None,
    negrita: bool = False,
) -> None:
    parrafo = celda.paragraphs[0]
    parrafo.style = estilo
    if alinear is not None:
        parrafo.alignment = alinear
    _texto(parrafo, texto, negrita=negrita)


def _zip_reproducible(datos: bytes) -> bytes:
    """El mismo .docx con fechas fijas en el ZIP: misma entrada, mismos bytes."""
    salida = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(datos)) as origen,
        zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as destino,
    ):
        for info in origen.infolist():
            nuevo = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            nuevo.compress_type = zipfile.ZIP_DEFLATED
            nuevo.external_attr = 0o644 << 16
            destino.writestr(nuevo, origen.read(info.filename))
    return salida.getvalue()


# --- Piezas de texto compartidas ----------------------------------------------------------------

PERIODOS = (
    "{% if deuda.desde == deuda.hasta %}del período {{ deuda.desde | periodo }}"
    "{% else %}de los períodos de {{ deuda.desde | periodo }} a {{ deuda.hasta | periodo }}"
    "{% endif %}"
)
PLAZO = (
    '**{{ plazo_dias | cantidad("m") }} días hábiles** contados a partir de la fecha de esta '
    "comunicación, es decir, a más tardar el **{{ plazo.vence_el | fecha_larga }}**"
)
TOTAL_DEUDA = "**{{ deuda.total | moneda }} ({{ deuda.total | en_letras }})**"
DESGLOSE = (
    "que comprende cuotas por {{ deuda.cuotas | moneda }}, recargos por "
    "{{ deuda.recargos | moneda }} y multas por {{ deuda.multas | moneda }}"
)
CONTACTO = (
    "Para cualquier aclaración o para acordar la forma de pago, pueden comunicarse con "
    "{{ gestor.nombre }}, gestor de cobros a cargo de su expediente, al correo electrónico "
    "{{ gestor.correo }}, citando la referencia de esta comunicación."
)
YA_PAGO = (
    "Si a la fecha de recibir esta comunicación ya efectuaron el pago, les agradeceremos remitir "
    "copia de los comprobantes respectivos para actualizar su cuenta patronal."
)


def tabla_deuda(r: Redactor) -> None:
    """La mora por período al corte: Período, Cuota, Recargo, Multa, Total y fila TOTAL."""
    r.p(
        "Detalle de la mora al {{ corte | fecha_corta }} (en dólares de los Estados Unidos "
        "de América)",
        "Leyenda tabla",
    )
    ancho = Cm(3.25)
    r.tabla_datos(
        [
            Columna("Período", ancho, "{{ l.periodo | periodo_corto }}", CENTRO, "TOTAL"),
            Columna(
                "Cuota", ancho, "{{ l.cuota | moneda }}", DERECHA, "{{ deuda.cuotas | moneda }}"
            ),
            Columna(
                "Recargo",
                ancho,
                "{{ l.recargo | moneda }}",
                DERECHA,
                "{{ deuda.recargos | moneda }}",
            ),
            Columna(
                "Multa", ancho, "{{ l.multa | moneda }}", DERECHA, "{{ deuda.multas | moneda }}"
            ),
            Columna(
                "Total", ancho, "{{ l.total | moneda }}", DERECHA, "{{ deuda.total | moneda }}"
            ),
        ],
        "l in deuda.lineas",
        con_total=True,
    )


def firmas_dobles(r: Redactor, izquierda: tuple[str, str], derecha: tuple[str, str]) -> None:
    """Lugar y fecha, y dos firmas lado a lado: (título, nombre y cargo) de cada una."""
    r.p(
        "{{ documento.lugar }}, {{ documento.fecha | fecha_larga }}",
        "Referencia",
        antes=Pt(4),
        despues=Pt(8),
    )
    raya = "______________________________"
    firmas = r.tabla_sin_bordes(
        [Cm(8.2), Cm(8.2)],
        [[izquierda[0], derecha[0]], [f"{raya}\n{izquierda[1]}", f"{raya}\n{derecha[1]}"]],
        estilo="Firma",
    )
    for celda in firmas.rows[1].cells:
        celda.paragraphs[0].paragraph_format.space_before = Pt(38)


# --- Las seis plantillas ----------------------------------------------------------------------


def aviso_cobro() -> Redactor:
    r = Redactor("Aviso de cobro", "Aviso de cobro de cotizaciones en mora")
    r.titulo("AVISO DE COBRO")
    r.referencia("Expediente {{ expediente.numero }}")
    r.destinatario_patrono()
    r.datos(
        ("Asunto:", "Aviso de cobro de cotizaciones en mora"),
        ("Número patronal:", "{{ patrono.numero_patronal }}"),
        ("NIT:", "{{ patrono.nit }}"),
    )
    r.p("Estimados señores:")
    r.p(
        "Por este medio, el Departamento de Recuperación Prejudicial del Instituto Salvadoreño "
        "del Seguro Social les informa que, según los registros de la cuenta patronal número "
        "**{{ patrono.numero_patronal }}**, al {{ corte | fecha_larga }} su representada mantiene "
        f"en mora las cotizaciones al Régimen del Seguro Social {PERIODOS}, con los recargos y "
        "multas que se detallan a continuación:",
        mantener=True,
    )
    tabla_deuda(r)
    r.p(
        f"El total adeudado asciende a {TOTAL_DEUDA}, {DESGLOSE}. Los recargos están calculados "
        "al {{ corte | fecha_larga }} conforme al artículo 33 de la Ley del Seguro Social y "
        "continuarán generándose por cada mes o fracción de mes de retraso hasta la fecha "
        "efectiva de pago."
    )
    r.p(
        f"En consecuencia, les solicitamos cancelar dicho monto dentro del plazo de {PLAZO}, o "
        "presentarse dentro del mismo plazo a este Departamento para formalizar un convenio de "
        "pago."
    )
    r.p(
        "De no recibirse el pago ni la solicitud de convenio en el plazo señalado, el Instituto "
        "continuará las acciones de cobro que le faculta la Ley del Seguro Social, incluidos el "
        "requerimiento formal de pago y el traslado del caso a la Unidad Jurídica para su cobro "
        "por la vía judicial."
    )
    r.p(YA_PAGO)
    with r.indivisible():
        r.p(CONTACTO)
        r.firma()
    r.copia()
    return r


def requerimiento_pago() -> Redactor:
    r = Redactor("Requerimiento de pago", "Requerimiento formal de pago de cotizaciones en mora")
    r.titulo("REQUERIMIENTO DE PAGO")
    r.referencia("Expediente {{ expediente.numero }}")
    r.destinatario_patrono()
    r.datos(
        ("Asunto:", "Requerimiento formal de pago de cotizaciones en mora"),
        ("Número patronal:", "{{ patrono.numero_patronal }}"),
        ("NIT:", "{{ patrono.nit }}"),
    )
    r.p("Estimados señores:")
    r.p(
        "No obstante las gestiones de cobro realizadas por este Departamento, su representada no "
        "ha cancelado las cotizaciones al Régimen del Seguro Social que adeuda. Según los "
        "registros de la cuenta patronal número **{{ patrono.numero_patronal }}**, al "
        f"{{{{ corte | fecha_larga }}}} se encuentran en mora las cotizaciones {PERIODOS}, con "
        "los recargos y multas que se detallan a continuación:",
        mantener=True,
    )
    tabla_deuda(r)
    r.p(
        f"El total adeudado asciende a {TOTAL_DEUDA}, {DESGLOSE}. Los recargos están calculados "
        "al {{ corte | fecha_larga }} conforme al artículo 33 de la Ley del Seguro Social y "
        "continuarán generándose hasta la fecha efectiva de pago."
    )
    r.p(
        "Por tanto, por medio de la presente se les **REQUIERE** el pago total de la suma antes "
        f"indicada dentro del plazo improrrogable de {PLAZO}. Dentro del mismo plazo podrán "
        "solicitar a este Departamento la formalización de un convenio de pago."
    )
    r.p(
        "Se les advierte que, vencido dicho plazo sin que se haya efectuado el pago ni "
        "formalizado un convenio de pago, el caso será trasladado sin más trámite a la Unidad "
        "Jurídica del Instituto para su cobro por la vía judicial, de conformidad con el "
        "artículo 36 de la Ley del Seguro Social, en virtud del cual la certificación de las "
        "sumas adeudadas expedida por el Director General del Instituto tiene fuerza de título "
        "ejecutivo. En esa instancia se reclamarán, además, los recargos que se sigan generando "
        "hasta la fecha efectiva de pago."
    )
    r.p(YA_PAGO)
    with r.indivisible():
        r.p(CONTACTO)
        r.firma()
    r.copia()
    return r


def convenio_pago() -> Redactor:
    r = Redactor("Convenio de pago", "Convenio de pago de cotizaciones en mora")
    r.titulo("CONVENIO DE PAGO", "de cotizaciones en mora al Régimen del Seguro Social")
    r.referencia(
        "Expediente {{ expediente.numero }}",
        "Número patronal {{ patrono.numero_patronal }}",
        fecha=False,
    )
    r.p(
        "Nosotros: **{{ firma.nombre }}**, {{ firma.cargo }}, actuando en nombre y "
        "representación del INSTITUTO SALVADOREÑO DEL SEGURO SOCIAL, que en lo sucesivo se "
        "denominará «el Instituto»; y **{{ patrono.representante_legal }}**, portador(a) de su "
        "Documento Único de Identidad número **{{ patrono.dui_representante }}**, actuando en "
        "su calidad de representante legal de **{{ patrono.razon_social }}**, con Número de "
        "Identificación Tributaria **{{ patrono.nit }}**, inscrita en el Instituto con el número "
        "patronal **{{ patrono.numero_patronal }}** y con dirección en {{ patrono.direccion }}, "
        '{{ [patrono.municipio, patrono.departamento] | select | join(", ") }}, que en lo '
        "sucesivo se denominará «el Patrono», convenimos en celebrar el presente CONVENIO DE "
        "PAGO, que se regirá por las cláusulas siguientes:"
    )
    r.p(
        "**PRIMERA. RECONOCIMIENTO DE LA DEUDA.** El Patrono reconoce adeudar al Instituto, al "
        f"{{{{ corte | fecha_larga }}}}, la suma de {TOTAL_DEUDA} en concepto de cotizaciones al "
        f"Régimen del Seguro Social no pagadas {PERIODOS}, con sus recargos y multas, según el "
        "detalle siguiente:",
        mantener=True,
    )
    tabla_deuda(r)
    r.p(
        "**SEGUNDA. PRIMA.** El Patrono pagará a la firma del presente convenio, en concepto de "
        "prima, la suma de **{{ prima | moneda }} ({{ prima | en_letras }})**, que se abonará a "
        "la deuda reconocida en la cláusula anterior."
    )
    r.p(
        "**TERCERA. PLAZO Y FORMA DE PAGO.** El saldo de **{{ convenio.financiado | moneda }} "
        "({{ convenio.financiado | en_letras }})** será pagado por el Patrono en "
        "**{{ cuotas | cantidad }} cuotas** sucesivas de periodicidad {{ periodicidad }}, de "
        "**{{ convenio.cuota | moneda }} ({{ convenio.cuota | en_letras }})** cada una"
        "{% if convenio.ultima_cuota != convenio.cuota %}, salvo la última, de "
        "**{{ convenio.ultima_cuota | moneda }} ({{ convenio.ultima_cuota | en_letras }})**, "
        "que incluye el ajuste por redondeo{% endif %}. La primera cuota vence el "
        "{{ primera_fecha | fecha_larga }} y la última el "
        "{{ convenio.ultimo_vencimiento | fecha_larga }}, conforme a la tabla de amortización "
        "siguiente:",
        mantener=True,
    )
    r.p("Tabla de amortización (en dólares de los Estados Unidos de América)", "Leyenda tabla")
    r.tabla_datos(
        [
            Columna("N.º", Cm(1.6), "{{ c.numero }}", CENTRO),
            Columna("Vencimiento", Cm(3.4), "{{ c.vence_el | fecha_corta }}", CENTRO),
            Columna("Cuota", Cm(3.4), "{{ c.monto | moneda }}", DERECHA),
            Columna("Saldo", Cm(3.6), "{{ c.saldo | moneda }}", DERECHA),
        ],
        "c in convenio.tabla",
    )
    r.p(
        "**CUARTA. LUGAR DE PAGO.** Los pagos se efectuarán en los lugares de pago autorizados "
        "por el Instituto, a más tardar en la fecha de vencimiento de cada cuota, identificando "
        "el número patronal y la referencia de este convenio. El Patrono podrá anticipar el pago "
        "de una o más cuotas o cancelar el saldo en cualquier momento."
    )
    r.p(
        "**QUINTA. PAGO DE LAS COTIZACIONES CORRIENTES.** Durante la vigencia del presente "
        "convenio, el Patrono se obliga a mantener al día el pago de las cotizaciones de los "
        "períodos que se devenguen a partir de su firma, dentro del plazo legal establecido para "
        "la presentación y el pago de la planilla. El atraso en el pago de dichas cotizaciones "
        "constituirá incumplimiento del presente convenio."
    )
    r.p(
        "**SEXTA. CLÁUSULA DE INCUMPLIMIENTO.** Si el Patrono dejare de pagar "
        "{% if cuotas_incumplidas == 1 %}una (1) cuota{% else %}"
        "{{ cuotas_incumplidas | cantidad }} cuotas, consecutivas o no,{% endif %} en su fecha "
        "de vencimiento, o incumpliere la obligación establecida en la cláusula anterior, el "
        "plazo del presente convenio se tendrá por vencido y se hará exigible de inmediato la "
        "totalidad del saldo pendiente, con los recargos que correspondan de conformidad con el "
        "artículo 33 de la Ley del Seguro Social; y el Instituto trasladará el caso a la Unidad "
        "Jurídica para su cobro por la vía judicial, de conformidad con el artículo 36 de la "
        "misma Ley, sirviendo de título ejecutivo la certificación de la deuda expedida por el "
        "Director General del Instituto."
    )
    with r.indivisible():
        r.p(
            "**SÉPTIMA. ACEPTACIÓN.** Ambas partes aceptan el presente convenio en los términos "
            "expresados y, para constancia, lo firmamos en dos ejemplares de igual valor y "
            "tenor, uno para cada parte."
        )
        firmas_dobles(
            r,
            (
                "**POR EL INSTITUTO**",
                "**{{ firma.nombre }}**\n{{ firma.cargo }}\nInstituto Salvadoreño del Seguro Social",
            ),
            (
                "**POR EL PATRONO**",
                "**{{ patrono.representante_legal }}**\nRepresentante legal\n"
                "{{ patrono.razon_social }}\nDUI {{ patrono.dui_representante }}",
            ),
        )
    r.copia()
    return r


def anteproyecto_acuerdo() -> Redactor:
    r = Redactor(
        "Anteproyecto de Acuerdo", "Anteproyecto de Acuerdo: exoneración de multas y recargos"
    )
    # Un salto de línea (no un párrafo nuevo) para que el renglón corte donde debe.
    r.titulo("CONSEJO DIRECTIVO\nDEL INSTITUTO SALVADOREÑO DEL SEGURO SOCIAL")
    r.doc.paragraphs[-1].paragraph_format.space_after = Pt(10)
    r.titulo("ANTEPROYECTO DE ACUERDO", "Solicitud de exoneración de multas y recargos")
    r.referencia("Expediente {{ expediente.numero }}")
    r.tabla_etiquetas(
        [
            ("Patrono", "{{ patrono.razon_social }}"),
            ("Número patronal", "{{ patrono.numero_patronal }}"),
            ("NIT", "{{ patrono.nit }}"),
            (
                "Solicitud",
                "Registrada con el número {{ solicitud.numero }}, recibida el "
                "{{ solicitud.recibida_el | fecha_larga }}",
            ),
        ],
        Cm(4.0),
    )
    r.p(
        "El Consejo Directivo del Instituto Salvadoreño del Seguro Social, en relación con la "
        "solicitud de exoneración de multas y recargos presentada por "
        "**{{ patrono.razon_social }}**, número patronal **{{ patrono.numero_patronal }}**, NIT "
        "**{{ patrono.nit }}**,"
    )
    r.p("CONSIDERANDO:", "Seccion")
    r.p(
        "I.\tQue mediante escrito recibido el {{ solicitud.recibida_el | fecha_larga }} y "
        "registrado con el número **{{ solicitud.numero }}**, el patrono solicitó la exoneración "
        "de las multas y recargos generados por el pago tardío de sus cotizaciones al Régimen "
        "del Seguro Social.",
        "Numerado",
    )
    r.p(
        "II.\tQue, según el estado de la cuenta patronal al {{ corte | fecha_larga }}, el patrono "
        f"registra la mora siguiente {PERIODOS}, con sus cuotas, recargos y multas:",
        "Numerado",
        mantener=True,
    )
    tabla_deuda(r)
    r.p(
        "Las multas y recargos de dichos períodos suman "
        "**{{ exoneracion.maximo | moneda }} ({{ exoneracion.maximo | en_letras }})**, monto "
        "máximo que puede ser objeto de exoneración.",
        "Sangrado",
    )
    r.p(
        "III.\tQue, en cuanto a las cotizaciones adeudadas, el patrono ha pagado o convenido lo "
        "siguiente:",
        "Numerado",
        mantener=True,
    )
    r.bucle_parrafos("parrafo", "pagado_o_convenido", "Sangrado", "{{ parrafo }}")
    r.p(
        "IV.\tQue el artículo 29 de la Ley del Seguro Social establece las cotizaciones que "
        "corresponden a patronos y trabajadores para el financiamiento del Régimen; que el "
        "artículo 33 de la misma Ley dispone el recargo por cada mes o fracción de mes de "
        "retraso en el pago de las cotizaciones; y que el artículo 49 del Reglamento para la "
        "Aplicación del Régimen del Seguro Social regula las multas por el incumplimiento de las "
        "obligaciones patronales.",
        "Numerado",
    )
    r.p(
        "V.\tQue el Departamento de Recuperación Prejudicial, después de analizar la solicitud y "
        "el estado de la cuenta patronal, recomienda lo siguiente:",
        "Numerado",
        mantener=True,
    )
    r.bucle_parrafos("parrafo", "recomendacion", "Sangrado", "{{ parrafo }}")
    r.p(
        "**POR TANTO**, con base en los considerandos anteriores y en uso de sus facultades "
        "legales, este Consejo Directivo",
        antes=Pt(6),
        mantener=True,
    )
    r.p("ACUERDA:", "Seccion")
    r.p(
        "1.\tExonerar a **{{ patrono.razon_social }}**, número patronal "
        "**{{ patrono.numero_patronal }}**, del pago de "
        "**{{ monto_exonerar | moneda }} ({{ monto_exonerar | en_letras }})** en concepto de "
        f"multas y recargos correspondientes a las cotizaciones {PERIODOS}, detalladas en el "
        "considerando II.",
        "Numerado",
    )
    r.p(
        "2.\tSujetar la exoneración acordada al cumplimiento de las condiciones siguientes:",
        "Numerado",
        mantener=True,
    )
    r.bucle_parrafos(
        "condicion", "condiciones", "Numerado 2", "2.{{ loop.index }}\t{{ condicion }}"
    )
    r.p(
        "3.\tInstruir al Departamento de Recuperación Prejudicial para que, cumplidas las "
        "condiciones anteriores, gestione la aplicación de la exoneración acordada en la cuenta "
        "patronal número **{{ patrono.numero_patronal }}** y deje constancia de su descargo en el "
        "expediente {{ expediente.numero }}.",
        "Numerado",
    )
    with r.indivisible():
        r.p(
            "4.\tEncomendar al Departamento de Recuperación Prejudicial la notificación del "
            "presente acuerdo al patrono.",
            "Numerado",
        )
        firmas_dobles(
            r,
            (
                "**Elaboró**",
                "**{{ gestor.nombre }}**\nGestor de cobros\nDepartamento de Recuperación Prejudicial",
            ),
            ("**Revisó y propone**", "**{{ firma.nombre }}**\n{{ firma.cargo }}"),
        )
    return r


def oficio_respuesta() -> Redactor:
    r = Redactor("Oficio de respuesta", "Oficio de respuesta a correspondencia recibida")
    r.referencia("Expediente {{ expediente.numero }}")
    r.p("{{ destinatario }}", "Destinatario", negrita=True)
    r.p("Presente.", "Destinatario", despues=Pt(12))
    r.datos(("Asunto:", "{{ asunto }}"))
    r.p(
        "En atención a su nota{% if carta.referencia_remitente %} con referencia "
        "**{{ carta.referencia_remitente }}**{% endif %}, recibida en este Departamento el "
        "{{ carta.recibida_el | fecha_larga }} y registrada con el número **{{ carta.numero }}**"
        "{% if carta.asunto %}, relativa a «{{ carta.asunto }}»{% endif %}, referida al "
        "expediente **{{ expediente.numero }}** del patrono **{{ patrono.razon_social }}**, "
        "número patronal {{ patrono.numero_patronal }}, me permito manifestarle lo siguiente:"
    )
    r.bucle_parrafos("parrafo", "cuerpo", "Cuerpo", "{{ parrafo }}")
    with r.indivisible():
        r.p("Sin otro particular, aprovecho la oportunidad para saludarle.")
        r.firma()
    r.copia()
    return r


def traslado_juridica() -> Redactor:
    r = Redactor("Memorándum de traslado a la Unidad Jurídica", "Traslado para cobro judicial")
    r.titulo("MEMORÁNDUM")
    r.referencia(fecha=False)
    bloque = r.tabla_sin_bordes(
        [Cm(2.8), Cm(13.6)],
        [
            ["**PARA:**", "Jefe de la Unidad Jurídica\nInstituto Salvadoreño del Seguro Social"],
            ["**DE:**", "{{ firma.nombre }}\n{{ firma.cargo }}"],
            [
                "**ASUNTO:**",
                "Traslado del expediente {{ expediente.numero }} para cobro judicial de la mora "
                "de {{ patrono.razon_social }}",
            ],
            ["**FECHA:**", "{{ documento.lugar }}, {{ documento.fecha | fecha_larga }}"],
        ],
    )
    for fila in bloque.rows:
        for celda in fila.cells:
            celda.paragraphs[-1].paragraph_format.space_after = Pt(6)
    regla = r.p("", "Destinatario", despues=Pt(12))
    _borde_parrafo(regla, "top", grosor=12, espacio=1)
    r.p(
        "Por este medio se traslada a esa Unidad el expediente **{{ expediente.numero }}**"
        "{% if expediente.asunto %} ({{ expediente.asunto }}){% endif %}, a fin de que se "
        "promueva el cobro por la vía judicial de la mora del patrono que se identifica a "
        "continuación, que no fue posible recuperar por la vía administrativa pese a las "
        "gestiones realizadas por este Departamento."
    )
    r.p("1. Datos del patrono", "Seccion")
    r.tabla_etiquetas(
        [
            ("Razón social", "{{ patrono.razon_social }}"),
            ("Nombre comercial", '{{ patrono.nombre_comercial or "—" }}'),
            ("Número patronal", "{{ patrono.numero_patronal }}"),
            ("NIT", "{{ patrono.nit }}"),
            ("Representante legal", '{{ patrono.representante_legal or "—" }}'),
            ("DUI del representante", '{{ patrono.dui_representante or "—" }}'),
            (
                "Dirección",
                "{{ patrono.direccion }}"
                "{% for parte in [patrono.municipio, patrono.departamento] | select %}"
                ", {{ parte }}{% endfor %}",
            ),
            ("Teléfono", '{{ patrono.telefono or "—" }}'),
            ("Correo electrónico", '{{ patrono.correo or "—" }}'),
        ],
        Cm(4.4),
    )
    r.p("2. Monto a certificar", "Seccion")
    r.p(
        "El monto de la mora a certificar para su cobro judicial, de conformidad con el "
        "artículo 36 de la Ley del Seguro Social, asciende a "
        "**{{ monto_certificado | moneda }} ({{ monto_certificado | en_letras }})**, según el "
        "detalle por período al {{ corte | fecha_larga }}:",
        mantener=True,
    )
    tabla_deuda(r)
    r.p(
        "Los recargos continuarán generándose conforme al artículo 33 de la Ley del Seguro "
        "Social hasta la fecha efectiva de pago."
    )
    r.p("3. Gestiones de cobro realizadas", "Seccion")
    r.p(
        "Este Departamento realizó las gestiones de cobro administrativo siguientes:",
        mantener=True,
    )
    r.tabla_datos(
        [
            Columna("Fecha", Cm(2.4), "{{ g.fecha | fecha_corta }}", CENTRO),
            Columna("Gestión", Cm(4.2), "{{ g.tipo }}"),
            Columna("Detalle", Cm(9.9), "{{ g.nota }}"),
        ],
        "g in gestiones",
    )
    r.p("4. Documentos anexos", "Seccion")
    r.bucle_parrafos("anexo", "anexos", "Numerado", "{{ loop.index }}.\t{{ anexo }}")
    with r.indivisible():
        r.p(
            "Para cualquier consulta sobre el expediente, el gestor de cobros responsable es "
            "{{ gestor.nombre }} ({{ gestor.correo }}).",
            antes=Pt(6),
        )
        r.firma()
    r.copia("c. c.: Archivo del expediente {{ expediente.numero }}")
    return r


PLANTILLAS: dict[str, Callable[[], Redactor]] = {
    "aviso_cobro": aviso_cobro,
    "requerimiento_pago": requerimiento_pago,
    "convenio_pago": convenio_pago,
    "anteproyecto_acuerdo": anteproyecto_acuerdo,
    "oficio_respuesta": oficio_respuesta,
    "traslado_juridica": traslado_juridica,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--destino", type=Path, default=DESTINO, help="carpeta de salida")
    args = parser.parse_args()
    args.destino.mkdir(parents=True, exist_ok=True)
    for nombre, construir in PLANTILLAS.items():
        ruta = args.destino / f"{nombre}.docx"
        construir().guardar(ruta)
        print(f"escrita {ruta}")


if __name__ == "__main__":
    main()
