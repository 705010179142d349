"""PDF de texto con reportlab: la fuente del español, el partido de líneas y `pdf_de_texto`.

La fuente es TrueType e incrustada (DejaVu Sans o, si falta, Liberation Sans): las tildes, la Ñ,
`&`, `<`, las comillas y `{{ }}` se ven y se extraen tal cual (reportlab dibuja el texto como
texto, sin interpretar marcas). Las páginas se maquetan primero como listas de trazos y se dibujan
después: así se sabe cuántas hay antes de escribir «página 1 de n».
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Literal

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from expedientes import ErrorDominio

FUENTE = "Recupera-Sans"
FUENTE_NEGRITA = "Recupera-Sans-Negrita"
FUENTES_CANDIDATAS: tuple[tuple[str, str], ...] = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
    (
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
)
ANCHO, ALTO = LETTER
MARGEN = 72.0
# Controles (salvo el salto de línea): en un PDF se verían como cajas vacías.
_CONTROLES = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_CANDADO = threading.Lock()


class FuenteFaltante(ErrorDominio):
    """No hay en el sistema una fuente TrueType con los caracteres del español."""


@dataclass(frozen=True)
class Texto:
    """Un texto en una posición; `alineacion` dice de qué lado de `x` queda."""

    x: float
    y: float
    texto: str
    fuente: str = FUENTE
    tamano: float = 10.0
    alineacion: Literal["izquierda", "derecha", "centro"] = "izquierda"


@dataclass(frozen=True)
class Raya:
    """Una línea fina de (x1, y1) a (x2, y2)."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Codigo:
    """Un código de barras Code 128 de `valor`, con su esquina inferior izquierda en (x, y)."""

    x: float
    y: float
    valor: str
    alto: float = 28.0


Trazo = Texto | Raya | Codigo


@dataclass(frozen=True)
class Renglon:
    """Una línea de la maqueta: su alto, sus trazos (y relativa a la base) y el aire de antes."""

    alto: float
    trazos: tuple[Trazo, ...]
    antes: float = 0.0


def rutas_de_fuentes(candidatas: Sequence[tuple[str, str]]) -> tuple[Path, Path]:
    """La primera pareja (normal, negrita) de archivos TrueType que existe."""
    for normal, negrita in candidatas:
        if Path(normal).is_file() and Path(negrita).is_file():
            return Path(normal), Path(negrita)
    raise FuenteFaltante(
        "No se encontró una fuente con los caracteres del español (DejaVu Sans o Liberation "
        "Sans) para dibujar el PDF.",
        ["Instale el paquete fonts-dejavu-core (apt-get install fonts-dejavu-core)."],
    )


@functools.cache
def registrar_fuentes() -> None:
    """Registra en reportlab la fuente normal y la negrita (una vez por proceso)."""
    normal, negrita = rutas_de_fuentes(FUENTES_CANDIDATAS)
    # functools.cache no impide que dos hilos entren a la vez la primera vez: volver a registrar
    # una fuente mientras otro hilo dibuja con ella le cambiaría el subconjunto a medio PDF.
    with _CANDADO:
        if FUENTE not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FUENTE, str(normal)))
            pdfmetrics.registerFont(TTFont(FUENTE_NEGRITA, str(negrita)))


def limpiar(texto: str) -> str:
    """El texto sin caracteres de control; los saltos de línea de Windows quedan en `\\n`."""
    return _CONTROLES.sub(" ", texto.replace("\r\n", "\n").replace("\r", "\n"))


def una_linea(texto: str) -> str:
    """El texto en una sola línea, sin controles y con los espacios seguidos en uno."""
    return " ".join(limpiar(texto).split())


def partir_lineas(texto: str, fuente: str, tamano: float, ancho: float) -> list[str]:
    """Las líneas que caben en `ancho`: corta entre palabras y parte las que no caben solas.

    Respeta los saltos de línea del texto; los espacios seguidos quedan en uno.
    """
    registrar_fuentes()
    # reportlab no aplica kerning: el ancho de una línea es la suma de los de sus palabras.
    espacio = pdfmetrics.stringWidth(" ", fuente, tamano)
    lineas: list[str] = []
    for renglon in limpiar(texto).split("\n"):
        palabras: list[str] = []
        usado = 0.0
        for palabra in renglon.split():
            medida = pdfmetrics.stringWidth(palabra, fuente, tamano)
            if usado + (espacio if palabras else 0.0) + medida <= ancho:
                usado += (espacio if palabras else 0.0) + medida
                palabras.append(palabra)
                continue
            if palabras:
                lineas.append(" ".join(palabras))
            *enteras, ultima = _partir_palabra(palabra, fuente, tamano, ancho)
            lineas.extend(enteras)
            palabras, usado = [ultima], pdfmetrics.stringWidth(ultima, fuente, tamano)
        lineas.append(" ".join(palabras))
    return lineas


def _partir_palabra(palabra: str, fuente: str, tamano: float, ancho: float) -> list[str]:
    """La palabra en trozos que caben en `ancho` (al menos un carácter por trozo)."""
    trozos: list[str] = []
    inicio, usado = 0, 0.0
    for i, caracter in enumerate(palabra):
        medida = pdfmetrics.stringWidth(caracter, fuente, tamano)
        if usado + medida > ancho and i > inicio:
            trozos.append(palabra[inicio:i])
            inicio, usado = i, 0.0
        usado += medida
    trozos.append(palabra[inicio:])
    return trozos


def renglones_de_campo(
    etiqueta: str, valor: str, *, x: float, sangria: float, ancho: float, tamano: float = 10.0
) -> list[Renglon]:
    """«Etiqueta: valor», con el valor partido en líneas que empiezan en `x + sangria`.

    Una etiqueta más ancha que la sangría va sola en su línea, y el valor debajo.
    """
    alto = tamano * 1.35
    etiqueta = una_linea(etiqueta)
    valores = [
        Renglon(alto, (Texto(x + sangria, 0, linea, FUENTE, tamano),))
        for linea in partir_lineas(valor, FUENTE, tamano, ancho - sangria)
    ]
    rotulo = Texto(x, 0, etiqueta, FUENTE_NEGRITA, tamano)
    if pdfmetrics.stringWidth(etiqueta, FUENTE_NEGRITA, tamano) > sangria - 4:
        return [Renglon(alto, (rotulo,)), *valores]
    return [Renglon(alto, (rotulo, *valores[0].trazos)), *valores[1:]]


def paginar(
    bloques: Iterable[Sequence[Renglon]], *, arriba: float = ALTO - MARGEN, abajo: float = MARGEN
) -> list[list[Trazo]]:
    """Reparte los bloques en páginas; un bloque no se parte si cabe entero en una página."""
    paginas: list[list[Trazo]] = [[]]
    y = arriba
    for bloque in bloques:
        alto = sum(r.antes + r.alto for r in bloque)
        if y < arriba and y - alto < abajo and alto <= arriba - abajo:
            paginas.append([])
            y = arriba
        for renglon in bloque:
            antes = renglon.antes if y < arriba else 0.0
            if y < arriba and y - antes - renglon.alto < abajo:
                paginas.append([])
                y, antes = arriba, 0.0
            y -= antes + renglon.alto
            paginas[-1].extend(_mover(trazo, y) for trazo in renglon.trazos)
    return paginas


def _mover(trazo: Trazo, y: float) -> Trazo:
    """El trazo con su altura relativa llevada a la base `y`."""
    if isinstance(trazo, Raya):
        return dataclasses.replace(trazo, y1=trazo.y1 + y, y2=trazo.y2 + y)
    return dataclasses.replace(trazo, y=trazo.y + y)


def dibujar(lienzo: Canvas, trazos: Iterable[Trazo]) -> None:
    """Dibuja los trazos de una página en el lienzo."""
    for trazo in trazos:
        if isinstance(trazo, Raya):
            lienzo.setLineWidth(0.5)
            lienzo.line(trazo.x1, trazo.y1, trazo.x2, trazo.y2)
            continue
        if isinstance(trazo, Codigo):
            Code128(trazo.valor, barHeight=trazo.alto, barWidth=0.9).drawOn(
                lienzo, trazo.x, trazo.y
            )
            continue
        lienzo.setFont(trazo.fuente, trazo.tamano)
        if trazo.alineacion == "derecha":
            lienzo.drawRightString(trazo.x, trazo.y, trazo.texto)
        elif trazo.alineacion == "centro":
            lienzo.drawCentredString(trazo.x, trazo.y, trazo.texto)
        else:
            lienzo.drawString(trazo.x, trazo.y, trazo.texto)


def pdf_de_paginas(paginas: Sequence[Iterable[Trazo]], *, titulo: str) -> bytes:
    """Un PDF tamaño carta con una página por lista de trazos (mismos datos, mismos bytes)."""
    registrar_fuentes()
    salida = BytesIO()
    # invariant: sin fecha de creación ni identificador al azar; el PDF depende solo del texto.
    lienzo = Canvas(salida, pagesize=LETTER, invariant=True)
    lienzo.setTitle(limpiar(titulo))
    lienzo.setCreator("Recupera — ISSS, Departamento de Recuperación Prejudicial")
    for pagina in paginas:
        dibujar(lienzo, pagina)
        lienzo.showPage()
    lienzo.save()
    return salida.getvalue()


def pdf_de_texto(*, titulo: str, campos: list[tuple[str, str]], parrafos: list[str]) -> bytes:
    """Un PDF carta legible: título, campos «Etiqueta: valor» y párrafos, con «Página i de n».

    Es la versión PDF de un correo: el texto se extrae igual que entró (salvo espacios seguidos
    y palabras más anchas que la página, que se parten).
    """
    registrar_fuentes()
    ancho = ANCHO - 2 * MARGEN
    bloques: list[list[Renglon]] = [
        [Renglon(19.0, (Texto(MARGEN, 0, linea, FUENTE_NEGRITA, 14),))]
        for linea in partir_lineas(titulo, FUENTE_NEGRITA, 14, ancho)
    ]
    sangria = min(150.0, 12 + max((_ancho_etiqueta(e) for e, _ in campos), default=0.0))
    for i, (etiqueta, valor) in enumerate(campos):
        renglones = renglones_de_campo(etiqueta, valor, x=MARGEN, sangria=sangria, ancho=ancho)
        bloques.append([dataclasses.replace(renglones[0], antes=10.0 if i == 0 else 0.0)])
        bloques.extend([r] for r in renglones[1:])
    bloques.append([Renglon(14.0, (Raya(MARGEN, 0, MARGEN + ancho, 0),), antes=2.0)])
    for parrafo in parrafos:
        lineas = partir_lineas(parrafo, FUENTE, 10.5, ancho)
        bloques.extend(
            [Renglon(14.5, (Texto(MARGEN, 0, linea, FUENTE, 10.5),), antes=7.0 if j == 0 else 0)]
            for j, linea in enumerate(lineas)
        )
    paginas = paginar(bloques)
    for numero, pagina in enumerate(paginas, start=1):
        pie = f"Página {numero} de {len(paginas)}"
        pagina.append(Texto(ANCHO / 2, MARGEN / 2, pie, FUENTE, 8, "centro"))
    return pdf_de_paginas(paginas, titulo=titulo)


def _ancho_etiqueta(etiqueta: str) -> float:
    """Lo que ocupa una etiqueta de campo en negrita."""
    return float(pdfmetrics.stringWidth(una_linea(etiqueta), FUENTE_NEGRITA, 10.0))
