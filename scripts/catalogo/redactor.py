"""El redactor de plantillas: un documento del catálogo en construcción, con las piezas que
todas comparten (título, referencia, destinatario, datos, firmas, copias y tablas) y su guardado
reproducible."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentoWord
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from catalogo.estilos import (
    ANCHO_UTIL,
    ESPACIO_FIRMA,
    GRIS_ENCABEZADO,
    GRIS_ETIQUETA,
    GRIS_TOTAL,
    estilos,
)
from catalogo.membrete import membrete, pie, preparar_pagina, propiedades
from catalogo.tablas import Columna, escribir, llenar, nueva_tabla
from catalogo.wordml import margenes_celda, sombrear


class Redactor:
    """Un documento del catálogo en construcción, con sus piezas comunes."""

    def __init__(self, titulo: str, asunto: str) -> None:
        """Un documento nuevo con los estilos, la página, el membrete, el pie y los metadatos."""
        self.doc = Document()
        self.destino: DocumentoWord | _Cell = self.doc
        # El último bloque indivisible (el cierre con las firmas): la línea de copias va en él.
        self.cierre: _Cell | None = None
        estilos(self.doc)
        preparar_pagina(self.doc)
        membrete(self.doc)
        pie(self.doc)
        propiedades(self.doc, titulo, asunto)
        # El documento nuevo trae un párrafo vacío: se quita para empezar limpio.
        cuerpo = self.doc.element.body
        for p in cuerpo.findall(qn("w:p")):
            cuerpo.remove(p)

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
        escribir(parrafo, texto, negrita=negrita)
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
        """El título centrado y, si lo hay, el subtítulo en cursiva."""
        self.p(texto, "Titulo documento")
        if subtitulo:
            self.p(subtitulo, "Subtitulo documento")
        else:
            self._ultimo().paragraph_format.space_after = Pt(12)

    def referencia(self, *lineas: str, fecha: bool = True, salida: bool = False) -> None:
        """El bloque de la derecha: referencia, número de salida de una carta, expediente y lugar
        y fecha."""
        self.p("**Ref. {{ documento.referencia }}**", "Referencia")
        if salida:
            self.p("Correspondencia de salida **{{ documento.salida }}**", "Referencia")
        for linea in lineas:
            self.p(linea, "Referencia")
        if fecha:
            self.p("{{ documento.lugar }}, {{ documento.fecha | fecha_larga }}", "Referencia")
        self._ultimo().paragraph_format.space_after = Pt(18)

    def destinatario_patrono(self) -> None:
        """El bloque del destinatario: la razón social, su representante legal y su dirección."""
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
        """El último párrafo escrito en el destino actual."""
        return self.destino.paragraphs[-1]

    @contextmanager
    def indivisible(self) -> Iterator[None]:
        """Lo que se escriba dentro no se parte entre páginas (el cierre con las firmas).

        Va en una tabla sin bordes de una celda, sin márgenes internos, cuya fila no se puede
        partir: Word y LibreOffice la pasan entera a la página siguiente. «Conservar con el
        siguiente» no basta: LibreOffice 7.4 no respeta cadenas de más de dos párrafos.
        """
        tabla = nueva_tabla(self.destino, [Columna("", ANCHO_UTIL, "")], 1, bordes=False)
        margenes_celda(tabla, arriba=0, lados=0)
        celda = tabla.rows[0].cells[0]
        self.cierre = celda
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
        """La línea de copias al pie del documento, dentro del cierre indivisible si lo hay: así
        nunca queda sola en la última página."""
        anterior, self.destino = self.destino, self.cierre or self.destino
        try:
            self.p(texto, "Copia")
        finally:
            self.destino = anterior

    # Tablas

    def tabla_datos(
        self,
        columnas: Sequence[Columna],
        bucle: str,
        *,
        con_total: bool = False,
    ) -> Table:
        """Encabezados sombreados, una fila por elemento (`{%tr for … %}`) y fila TOTAL."""
        filas = 4 + (1 if con_total else 0)
        tabla = nueva_tabla(self.destino, columnas, filas, encabezado=True)
        encabezado, inicio, datos, fin = tabla.rows[0], tabla.rows[1], tabla.rows[2], tabla.rows[3]
        for i, columna in enumerate(columnas):
            celda = encabezado.cells[i]
            llenar(celda, columna.encabezado, "Tabla encabezado")
            sombrear(celda, GRIS_ENCABEZADO)
            llenar(datos.cells[i], columna.dato, "Tabla", alinear=columna.alinear)
        llenar(inicio.cells[0], f"{{%tr for {bucle} %}}", "Tabla")
        llenar(fin.cells[0], "{%tr endfor %}", "Tabla")
        if con_total:
            total = tabla.rows[4]
            for i, columna in enumerate(columnas):
                celda = total.cells[i]
                llenar(celda, columna.total, "Tabla", alinear=columna.alinear, negrita=True)
                sombrear(celda, GRIS_TOTAL)
        self._despues_de_tabla()
        return tabla

    def tabla_etiquetas(self, pares: Sequence[tuple[str, str]], ancho_etiqueta: Cm) -> Table:
        """Una ficha de dos columnas: la etiqueta sombreada a la izquierda, el dato a la derecha."""
        columnas = [
            Columna("", ancho_etiqueta, ""),
            Columna("", Cm(ANCHO_UTIL.cm - ancho_etiqueta.cm - 0.1), ""),
        ]
        tabla = nueva_tabla(self.destino, columnas, len(pares))
        for fila, (etiqueta, valor) in zip(tabla.rows, pares, strict=True):
            llenar(fila.cells[0], etiqueta, "Tabla", negrita=True)
            sombrear(fila.cells[0], GRIS_ETIQUETA)
            llenar(fila.cells[1], valor, "Tabla")
        self._despues_de_tabla()
        return tabla

    def tabla_sin_bordes(
        self, anchos: Sequence[Cm], filas: Sequence[Sequence[str]], estilo: str = "Destinatario"
    ) -> Table:
        """Una tabla sin bordes para maquetar: cada texto en su celda, un párrafo por renglón."""
        columnas = [Columna("", ancho, "") for ancho in anchos]
        tabla = nueva_tabla(self.destino, columnas, len(filas), bordes=False)
        for fila, textos in zip(tabla.rows, filas, strict=True):
            for celda, texto in zip(fila.cells, textos, strict=True):
                celda.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                lineas = texto.split("\n")
                llenar(celda, lineas[0], estilo)
                for linea in lineas[1:]:
                    parrafo = celda.add_paragraph(style=estilo)
                    escribir(parrafo, linea)
        return tabla

    def _despues_de_tabla(self) -> None:
        """Un párrafo bajo tras cada tabla: separa la tabla del texto que sigue."""
        espacio = self.p("", "Destinatario", despues=Pt(0))
        espacio.paragraph_format.line_spacing = Pt(10)

    def guardar(self, destino: Path) -> None:
        """Escribe el .docx en `destino`, con el ZIP reproducible."""
        datos = BytesIO()
        self.doc.save(datos)
        destino.write_bytes(_zip_reproducible(datos.getvalue()))


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
