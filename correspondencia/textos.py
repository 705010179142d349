"""Contenido legible de lo que llega: texto de PDF, de texto plano y de HTML; HTML seguro.

El texto sirve para vincular y buscar; el HTML saneado, para mostrar un correo sin que cargue nada
remoto. Nada aquí lanza por un archivo malo: devuelve lo que pudo leer y, en español, lo que no.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import nh3

from archivo import sin_nul, texto_de_pdf

_BLOQUES = frozenset(
    {"p", "div", "br", "tr", "li", "ul", "ol", "dl", "dt", "dd", "table", "blockquote", "hr"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "pre", "section", "article", "header", "footer"}
    | {"address", "center", "form", "fieldset", "figure", "caption"}
)
_CELDAS = frozenset({"td", "th"})
_OCULTOS = frozenset({"script", "style", "title", "template"})
_ESPACIOS_HTML = re.compile(r"[ \t\r\n\f]+")
_ETIQUETA = re.compile(r"<[^>]*>")
_SUSTITUTOS = re.compile(r"[\ud800-\udfff]")


def texto_de_adjunto(nombre: str, tipo_mime: str, datos: bytes) -> tuple[str, tuple[str, ...]]:
    """Texto de un adjunto según su tipo: PDF, texto plano o HTML; de otros tipos, nada."""
    tipo = tipo_mime.lower()
    if tipo == "application/pdf" or datos.startswith(b"%PDF-") or nombre.lower().endswith(".pdf"):
        return texto_de_pdf(datos)
    if tipo == "text/plain":
        return sin_nul(_decodificar(datos)), ()
    if tipo == "text/html":
        return texto_de_html(_decodificar(datos)), ()
    return "", ()


def texto_de_html(contenido: str) -> str:
    """Texto legible de un HTML: sin etiquetas, scripts ni estilos, entidades resueltas."""
    lector = _LectorHtml()
    try:
        lector.feed(contenido)
        lector.close()
        bruto = "".join(lector.partes)
    except AssertionError:
        # Por si HTMLParser rechaza otra construcción rara: se quitan las etiquetas a secas.
        bruto = unescape(_ETIQUETA.sub(" ", contenido))
    lineas = [" ".join(linea.split()) for linea in bruto.replace("\xa0", " ").split("\n")]
    compactas: list[str] = []
    for linea in lineas:
        if linea or (compactas and compactas[-1]):
            compactas.append(linea)
    return sin_nul("\n".join(compactas).strip())


class _LectorHtml(HTMLParser):
    """Junta el texto visible y convierte los bloques (p, div, br, tr…) en saltos de línea."""

    def __init__(self) -> None:
        """Un lector vacío que resuelve las entidades por su cuenta."""
        super().__init__(convert_charrefs=True)
        self.partes: list[str] = []
        self._ocultos = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Abre un bloque (salto), una celda (espacio) o una zona oculta (script, style)."""
        if tag in _OCULTOS:
            self._ocultos += 1
        elif tag in _BLOQUES:
            self.partes.append("\n")
        elif tag in _CELDAS:
            self.partes.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """`<br/>` y parecidos: un salto, sin abrir zona oculta."""
        if tag in _BLOQUES:
            self.partes.append("\n")

    def handle_endtag(self, tag: str) -> None:
        """Cierra un bloque (salto) o una zona oculta."""
        if tag in _OCULTOS:
            self._ocultos = max(0, self._ocultos - 1)
        elif tag in _BLOQUES and tag != "br":
            self.partes.append("\n")

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        """`<![…]>` con palabra desconocida: HTMLParser lanza AssertionError; se salta hasta `>`."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            fin = self.rawdata.find(">", i)
            return -1 if fin < 0 else fin + 1

    def handle_data(self, data: str) -> None:
        """Texto visible, con los espacios colapsados como los muestra un navegador."""
        if not self._ocultos:
            self.partes.append(_ESPACIOS_HTML.sub(" ", data))


def _decodificar(datos: bytes) -> str:
    """Texto de un archivo sin juego declarado: BOM si lo trae, si no UTF-8 o Windows-1252."""
    if datos.startswith((b"\xff\xfe", b"\xfe\xff")):
        return datos.decode("utf-16", errors="replace")
    try:
        return datos.decode("utf-8-sig")
    except UnicodeDecodeError:
        return datos.decode("cp1252", errors="replace")


# Etiquetas y atributos de presentación habituales en correos (tablas, fuentes); nada activo.
_ETIQUETAS = nh3.ALLOWED_TAGS | {"font"}
_ATRIBUTOS = {
    **{etiqueta: set(atributos) for etiqueta, atributos in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"style", "align", "dir", "lang", "title"},
    "font": {"color", "face", "size"},
    "table": {"align", "border", "cellpadding", "cellspacing", "width", "bgcolor", "background"},
    "td": {"align", "valign", "colspan", "rowspan", "width", "height", "bgcolor", "background"},
    "th": {"align", "valign", "colspan", "rowspan", "width", "height", "bgcolor", "background"},
    "tr": {"align", "valign", "bgcolor"},
}
_PROPIEDADES_CSS = frozenset(
    {"color", "background-color", "font-family", "font-size", "font-style", "font-weight"}
    | {"text-align", "text-decoration", "vertical-align", "line-height", "white-space"}
    | {"margin", "margin-top", "margin-bottom", "margin-left", "margin-right"}
    | {"padding", "padding-top", "padding-bottom", "padding-left", "padding-right"}
    | {"border", "border-collapse", "width", "height"}
)
_ESQUEMAS_DE_ENLACE = ("http:", "https:", "mailto:", "#")
_ESQUEMAS_DE_RECURSO = ("cid:", "data:image/")


def sanear_html(html: str) -> str:
    """HTML seguro para mostrar: sin scripts, manejadores, `javascript:` ni recursos remotos."""
    # nh3 (Rust) no acepta sustitutos sueltos, que sí pueden venir de bytes mal decodificados.
    return nh3.clean(
        _SUSTITUTOS.sub("\ufffd", html),
        tags=_ETIQUETAS,
        clean_content_tags={"script", "style", "title", "template"},
        attributes=_ATRIBUTOS,
        attribute_filter=_filtrar_atributo,
        link_rel="noopener noreferrer nofollow",
        url_schemes={"http", "https", "mailto", "cid", "data"},
        filter_style_properties=_PROPIEDADES_CSS,
    )


def _filtrar_atributo(etiqueta: str, atributo: str, valor: str) -> str | None:
    """Quita recursos remotos (solo `cid:` y `data:image/`) y enlaces que no sean web o correo."""
    limpio = valor.strip().lower()
    if atributo in ("src", "background"):
        return valor if limpio.startswith(_ESQUEMAS_DE_RECURSO) else None
    if atributo == "href":
        return valor if limpio.startswith(_ESQUEMAS_DE_ENLACE) else None
    return valor
