"""Leer el texto de un `.docx` como lo verá quien lo abra: cuerpo, tablas, encabezados y pies.

`python-docx` se salta las celdas, los encabezados, los pies y los cuadros de texto; aquí se leen
todas las partes `word/*.xml` que llevan texto y se junta el de cada párrafo (tabuladores y saltos
de línea incluidos), y las tablas fila por fila.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from io import BytesIO

from lxml import etree

from expedientes import ErrorDominio

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
P, T, TAB, BR, CR = (f"{{{W}}}{n}" for n in ("p", "t", "tab", "br", "cr"))
TBL, TR, TC = (f"{{{W}}}{n}" for n in ("tbl", "tr", "tc"))
_PARTE_CON_TEXTO = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_ESPACIOS = re.compile(r"\s+")
# Los XML de un .docx son pequeños; esto frena un archivo hostil sin estorbar a uno real.
MAX_PARTE = 50 * 1024 * 1024
# Una plantilla se revisa entera antes de analizar nada: cuántas partes tiene y cuánto ocupa cada
# una (y todas juntas) ya descomprimida, según el directorio del zip. Un `styles.xml` de cientos
# de MiB comprimido en unos KiB (o miles de partes) se rechaza sin descomprimirlo; el directorio
# no puede mentir: al leer, zipfile no entrega más bytes que los declarados.
MAX_PARTES_PLANTILLA = 1000
MAX_PARTE_PLANTILLA = 20 * 1024 * 1024
MAX_TOTAL_PLANTILLA = 100 * 1024 * 1024


@dataclass
class TextoDocumento:
    """El texto de un documento: sus párrafos (de todas las partes) y sus tablas."""

    parrafos: list[str] = field(default_factory=list)
    tablas: list[list[list[str]]] = field(default_factory=list)
    partes: list[str] = field(default_factory=list)

    @property
    def texto(self) -> str:
        """Todos los párrafos, uno por línea."""
        return "\n".join(self.parrafos)

    @property
    def normalizado(self) -> str:
        """El texto con los espacios colapsados, para buscar frases que cruzan renglones."""
        return normalizar_espacios(self.texto)


def normalizar_espacios(texto: str) -> str:
    """Un espacio donde haya cualquier secuencia de espacios, tabuladores o saltos."""
    return _ESPACIOS.sub(" ", texto).strip()


def texto_de_parrafo(parrafo: etree._Element) -> str:
    """El texto de un párrafo, sin el de los párrafos anidados (cuadros de texto)."""
    piezas = []
    for elem in parrafo.iter(T, TAB, BR, CR):
        if next(elem.iterancestors(P), None) is not parrafo:
            continue
        if elem.tag == T:
            piezas.append(elem.text or "")
        elif elem.tag == TAB:
            piezas.append("\t")
        else:
            piezas.append("\n")
    return "".join(piezas)


def _tabla(tabla: etree._Element) -> list[list[str]]:
    filas = []
    for fila in tabla.iter(TR):
        if next(fila.iterancestors(TBL), None) is not tabla:
            continue
        celdas = [
            "\n".join(texto_de_parrafo(p) for p in celda.iter(P))
            for celda in fila.iter(TC)
            if next(celda.iterancestors(TR), None) is fila
        ]
        filas.append(celdas)
    return filas


def leer_raiz(raiz: etree._Element, destino: TextoDocumento) -> None:
    """Añade al texto los párrafos y tablas de una parte ya analizada."""
    destino.parrafos.extend(texto_de_parrafo(p) for p in raiz.iter(P))
    destino.tablas.extend(_tabla(t) for t in raiz.iter(TBL))


def comprobar_partes(datos: bytes) -> None:
    """ErrorDominio si el `.docx` tiene demasiadas partes, una parte demasiado grande o repetida,
    o demasiado en total (leído del directorio del zip, sin descomprimir nada)."""
    try:
        with zipfile.ZipFile(BytesIO(datos)) as zip_:
            partes = zip_.infolist()
    except zipfile.BadZipFile as exc:
        raise ErrorDominio(f"El archivo no es un documento de Word legible: {exc}") from None
    if len(partes) > MAX_PARTES_PLANTILLA:
        raise ErrorDominio(
            f"El documento tiene {len(partes)} partes; una plantilla admite hasta "
            f"{MAX_PARTES_PLANTILLA}."
        )
    repetidas = sorted(n for n, veces in Counter(p.filename for p in partes).items() if veces > 1)
    if repetidas:
        raise ErrorDominio(f"El documento repite la parte {repetidas[0]}: no es un .docx válido.")
    for parte in partes:
        if parte.file_size > MAX_PARTE_PLANTILLA:
            raise ErrorDominio(
                f"La parte {parte.filename} del documento ocupa {parte.file_size // 2**20} MiB "
                f"descomprimida; el máximo es {MAX_PARTE_PLANTILLA // 2**20} MiB."
            )
    total = sum(p.file_size for p in partes)
    if total > MAX_TOTAL_PLANTILLA:
        raise ErrorDominio(
            f"El documento ocupa {total // 2**20} MiB descomprimido; el máximo es "
            f"{MAX_TOTAL_PLANTILLA // 2**20} MiB."
        )


def leer_docx(datos: bytes) -> TextoDocumento:
    """El texto de todas las partes con texto; ErrorDominio si no es un .docx legible."""
    texto = TextoDocumento()
    try:
        with zipfile.ZipFile(BytesIO(datos)) as zip_:
            nombres = sorted(n for n in zip_.namelist() if _PARTE_CON_TEXTO.match(n))
            if "word/document.xml" not in nombres:
                raise ErrorDominio(
                    "El archivo no es un documento de Word: falta word/document.xml."
                )
            # El cuerpo primero; después encabezados, pies y notas.
            nombres.remove("word/document.xml")
            for nombre in ["word/document.xml", *nombres]:
                if zip_.getinfo(nombre).file_size > MAX_PARTE:
                    raise ErrorDominio(f"La parte {nombre} del documento es demasiado grande.")
                raiz = etree.fromstring(zip_.read(nombre), etree.XMLParser(resolve_entities=False))
                leer_raiz(raiz, texto)
                texto.partes.append(nombre)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError) as exc:
        raise ErrorDominio(f"El archivo no es un documento de Word legible: {exc}") from None
    return texto
