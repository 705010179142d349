"""El sello «Folio k» de cada página de la copia foliada y los folios que abarca cada documento.

Se dibuja con reportlab; `exportacion_pdf` lo estampa con pypdf sobre cada página (la carátula y el
índice, en `caratula`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from reportlab.pdfgen.canvas import Canvas

from archivo.exportacion_datos import DocumentoExportable
from archivo.pdf_texto import FUENTE, FUENTE_NEGRITA, registrar_fuentes, una_linea

# El folio va dentro del margen: lejos del texto del documento y del borde que la impresora no toca.
_MARGEN_FOLIO = 22.0


@dataclass(frozen=True)
class Geometria:
    """La caja visible de una página, en el espacio de la página, y su rotación en grados."""

    x0: float
    y0: float
    ancho: float
    alto: float
    rotacion: int


def rangos_de_folios(documentos: Sequence[DocumentoExportable]) -> list[tuple[int, int]]:
    """El primer y el último folio de cada documento, corridos a lo largo del expediente."""
    rangos: list[tuple[int, int]] = []
    siguiente = 1
    for documento in documentos:
        rangos.append((siguiente, siguiente + documento.folios - 1))
        siguiente += documento.folios
    return rangos


def sellos_de_folio(numero_expediente: str, paginas: Sequence[Geometria]) -> bytes:
    """Un PDF con un sello por página: «Folio k» y el número de expediente, arriba a la derecha.

    Cada sello se dibuja en el espacio de la página que lo recibe (origen en la esquina de su caja
    visible), con su tamaño y su giro: queda arriba a la derecha de lo que se ve, y derecho.
    """
    registrar_fuentes()
    salida = BytesIO()
    lienzo = Canvas(salida, invariant=True)
    numero = una_linea(numero_expediente)
    for folio, pagina in enumerate(paginas, start=1):
        lienzo.setPageSize((pagina.ancho, pagina.alto))
        girada = pagina.rotacion in (90, 270)
        ancho, alto = (pagina.alto, pagina.ancho) if girada else (pagina.ancho, pagina.alto)
        # /Rotate gira la página en el sentido del reloj al mostrarla: se lleva el origen a la
        # esquina que queda abajo a la izquierda y se gira lo mismo, así el texto sale derecho.
        esquinas = {
            90: (pagina.ancho, 0.0),
            180: (pagina.ancho, pagina.alto),
            270: (0.0, pagina.alto),
        }
        lienzo.translate(*esquinas.get(pagina.rotacion, (0.0, 0.0)))
        lienzo.rotate(pagina.rotacion)
        x = ancho - _MARGEN_FOLIO
        lienzo.setFont(FUENTE_NEGRITA, 9)
        lienzo.drawRightString(x, alto - _MARGEN_FOLIO - 9, f"Folio {folio}")
        lienzo.setFont(FUENTE, 7)
        lienzo.drawRightString(x, alto - _MARGEN_FOLIO - 19, numero)
        lienzo.showPage()
    lienzo.save()
    return salida.getvalue()
