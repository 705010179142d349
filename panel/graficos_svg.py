"""Las piezas de un SVG seguro para incrustar en una página: texto escapado, enlaces revisados,
formato de cifras y el marco con título y descripción accesibles.

Nada de `<style>` ni de scripts: un `<style>` dentro de un SVG incrustado se aplica a toda la
página. Los colores y la fuente van como atributos de presentación.
"""

from __future__ import annotations

import hashlib
import math
import textwrap
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal
from xml.sax.saxutils import escape

from expedientes import moneda
from panel.cifras import Destino

Numero = Decimal | int
Enlace = Callable[[Destino], str | None]
Formato = Callable[[Numero], str]

ANCHO = 860
FUENTE = "'Liberation Sans', 'DejaVu Sans', Arial, Helvetica, sans-serif"
TEXTO = "#1f2933"
TEXTO_SUAVE = "#52606d"
GUIA = "#d9e2ec"
FONDO_BARRA = "#f0f4f8"
# Una paleta sobria: azul institucional, gris azulado, ocre, verde, rojo ladrillo, violeta, gris.
PALETA = ("#1f4e79", "#8fa9c7", "#c8a14a", "#4b7f52", "#a94438", "#6b5b95", "#7b8794")
AZUL, AZUL_CLARO, AMBAR, VERDE, ROJO = PALETA[:5]
# Un color por significado, el mismo en todos los gráficos: lo vencido o incumplido en rojo, lo
# respondido o cumplido en verde, lo vigente o recibido en azul, lo que aún corre en azul claro.
COLOR_DE = {
    "vencidas": ROJO, "vencido": ROJO, "incumplidos": ROJO, "saldo_incumplidos": ROJO,
    "respondidas": VERDE, "recuperado": VERDE,
    "vigentes": AZUL, "saldo_vigentes": AZUL, "recibidas": AZUL, "expedientes": AZUL,
    "enviadas": AZUL, "meta": AZUL_CLARO,
    "por_responder": AZUL_CLARO, "en_plazo": AZUL_CLARO, "cartas": AZUL_CLARO,
    "borradores": AMBAR, "archivadas": AMBAR,
}  # fmt: skip
_ESQUEMAS_PERMITIDOS = ("/", "?", "#", "https://", "http://")


def texto(valor: object) -> str:
    """Texto escapado para XML (contenido y atributos); sin caracteres de control."""
    limpio = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in str(valor))
    return escape(limpio, {'"': "&quot;", "'": "&#39;"})


def partir(valor: str, maximo: int) -> list[str]:
    """El texto en renglones de a lo sumo `maximo` caracteres, cortando entre palabras (una
    palabra más larga que un renglón, en pedazos): la etiqueta se ve entera."""
    return textwrap.wrap(" ".join(valor.split()), maximo, break_on_hyphens=False) or [""]


def rotulo_en_renglones(
    x: float, y: float, renglones: list[str], alto: float, **atributos: object
) -> str:
    """Un `<text>` de varios renglones (`<tspan>`), el primero con su base en `y`."""
    extra = "".join(f' {k.replace("_", "-")}="{texto(v)}"' for k, v in atributos.items())
    partes = "".join(
        f'<tspan x="{x:.1f}" y="{y + i * alto:.1f}">{texto(r)}</tspan>'
        for i, r in enumerate(renglones)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{partes}</text>'


def cifra(valor: Numero) -> str:
    """Enteros con coma de miles; montos como «$1,234.56»."""
    if isinstance(valor, Decimal):
        return moneda(valor)
    return f"{valor:,}"


def href(destino: Destino | None, enlace: Enlace | None) -> str | None:
    """La URL del destino según el llamador; solo rutas relativas o http(s)."""
    if destino is None or enlace is None:
        return None
    url = enlace(destino)
    if url is not None and not url.startswith(_ESQUEMAS_PERMITIDOS):
        raise ValueError(f"enlace no permitido en un gráfico: {url!r}")
    return url


def enlazado(contenido: str, titulo: str, url: str | None) -> str:
    """El contenido dentro de un `<a href>` (o un `<g>` sin enlace), con su `<title>` emergente."""
    emergente = f"<title>{texto(titulo)}</title>"
    if url is None:
        return f"<g>{emergente}{contenido}</g>"
    return f'<a href="{texto(url)}" aria-label="{texto(titulo)}">{emergente}{contenido}</a>'


def rotulo(x: float, y: float, contenido: str, **atributos: object) -> str:
    """Un `<text>` con el contenido escapado; los atributos con `_` se escriben con `-`."""
    extra = "".join(f' {k.replace("_", "-")}="{texto(v)}"' for k, v in atributos.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{texto(contenido)}</text>'


def rectangulo(x: float, y: float, ancho: float, alto: float, color: str) -> str:
    """Un rectángulo de esquinas apenas redondeadas."""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(ancho, 0):.1f}" height="{alto:.1f}" '
        f'rx="2" fill="{color}"/>'
    )


def identificador(titulo: str, ident: str | None) -> str:
    """Un prefijo de ids estable (varios gráficos en una página no chocan si difieren)."""
    base = ident or "g" + hashlib.sha256(titulo.encode()).hexdigest()[:10]
    return "".join(c for c in base if c.isascii() and (c.isalnum() or c in "-_")) or "grafico"


def marco(*, titulo: str, descripcion: str, alto: float, ident: str, cuerpo: Iterable[str]) -> str:
    """El `<svg>` completo: viewBox fijo, título visible y accesible, descripción y cuerpo."""
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {ANCHO} {alto:.0f}" '
            f'width="{ANCHO}" height="{alto:.0f}" role="group" '
            f'aria-labelledby="{ident}-titulo {ident}-desc" font-family="{texto(FUENTE)}" '
            f'style="max-width:100%;height:auto" fill="{TEXTO}">',
            f'<title id="{ident}-titulo">{texto(titulo)}</title>',
            f'<desc id="{ident}-desc">{texto(descripcion)}</desc>',
            f'<rect x="0" y="0" width="{ANCHO}" height="{alto:.0f}" fill="#ffffff"/>',
            rotulo(16, 28, titulo, font_size=17, font_weight="bold"),
            *cuerpo,
            "</svg>",
        ]
    )


def leyenda(x: float, y: float, nombres: Iterable[tuple[str, str]]) -> list[str]:
    """Cuadros de color con su nombre, en una línea."""
    piezas = []
    for nombre, color in nombres:
        piezas.append(rectangulo(x, y - 11, 14, 14, color))
        piezas.append(rotulo(x + 20, y, nombre, font_size=13, fill=TEXTO_SUAVE))
        x += 34 + len(nombre) * 7.5
    return piezas


def arco_de_dona(
    cx: float, cy: float, radio: float, grosor: float, desde: float, hasta: float
) -> str:
    """El camino de un segmento de dona entre dos ángulos (radianes, desde las 12 en punto)."""
    if hasta - desde >= 2 * math.pi - 1e-9:  # una vuelta entera: dos medias vueltas
        medio = desde + math.pi
        mitades = (desde, medio), (medio, hasta)
        return " ".join(arco_de_dona(cx, cy, radio, grosor, a, b) for a, b in mitades)
    interior = radio - grosor
    grande = 1 if hasta - desde > math.pi else 0

    def punto(r: float, a: float) -> str:
        return f"{cx + r * math.sin(a):.2f} {cy - r * math.cos(a):.2f}"

    return (
        f"M {punto(radio, desde)} A {radio} {radio} 0 {grande} 1 {punto(radio, hasta)} "
        f"L {punto(interior, hasta)} A {interior} {interior} 0 {grande} 0 "
        f"{punto(interior, desde)} Z"
    )
