"""La copia del expediente para entregar como PDF foliado (el zip está en `exportacion_zip`, que
`sha256sum -c` verifica).

Funciones puras: reciben los datos del expediente y un lector de blobs (`Almacen.leer`), nunca
la base. Antes de producir nada revisan todos los documentos y, si alguno falla, se niegan con la
lista completa de problemas: una copia incompleta o mal foliada no se entrega.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime
from io import BytesIO

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.constants import PageLabelStyle
from pypdf.errors import FileNotDecryptedError

from archivo.almacen import BlobCorrupto, BlobInexistente
from archivo.caratula import caratula_e_indice
from archivo.exportacion_datos import Caratula, DocumentoExportable
from archivo.foliado import (
    Geometria,
    rangos_de_folios,
    sellos_de_folio,
)
from archivo.pdf import ERRORES_DE_PDF
from archivo.pdf_texto import FuenteFaltante, una_linea
from expedientes import ErrorDominio, ahora

Lector = Callable[[str], bytes]

_SHA256 = re.compile(r"[0-9a-f]{64}")


class ErrorExportacion(ErrorDominio):
    """No se pudo exportar el expediente; la lista de problemas dice qué corregir."""


def exportar_pdf(
    caratula: Caratula,
    documentos: Sequence[DocumentoExportable],
    leer: Lector,
    *,
    exportado_en: datetime | None = None,
) -> bytes:
    """Un solo PDF: carátula, índice y la versión PDF de cada documento, foliada página a página.

    Los folios corren de 1 en adelante por todo el expediente; la carátula y el índice no llevan.
    """
    ordenados, problemas = en_orden(documentos)
    versiones = [
        (d, lector) for d in ordenados if (lector := _version_pdf(d, leer, problemas)) is not None
    ]
    if problemas:
        raise error_de_exportacion(caratula, problemas)
    try:
        portada, paginas_de_caratula = caratula_e_indice(
            caratula, ordenados, exportado_en or ahora()
        )
    except FuenteFaltante as exc:
        raise ErrorExportacion(exc.mensaje, exc.problemas) from exc
    escritor = PdfWriter()
    escritor.append(PdfReader(BytesIO(portada)))
    primera = len(escritor.pages)
    for documento, lector in versiones:
        try:
            escritor.append(lector, import_outline=False)
        except ERRORES_DE_PDF as exc:
            # pypdf lee los objetos al copiarlos: un PDF puede contar bien sus páginas y fallar aquí.
            problema = f"{_nombre(documento)}: su versión PDF no se puede copiar ({exc})."
            raise error_de_exportacion(caratula, [problema]) from exc
    _foliar(escritor, primera, caratula.numero_expediente)
    _navegacion(escritor, paginas_de_caratula, primera, ordenados)
    escritor.compress_identical_objects()
    salida = BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def en_orden(
    documentos: Sequence[DocumentoExportable],
) -> tuple[list[DocumentoExportable], list[str]]:
    """Los documentos por su orden, y los problemas de orden repetido o no válido."""
    ordenados = sorted(documentos, key=lambda d: d.orden)
    cuentas = Counter(d.orden for d in ordenados)
    problemas = [f"El número de orden {n} no es válido." for n in cuentas if n < 1]
    problemas += [f"El número de orden {n} está repetido." for n, c in cuentas.items() if c > 1]
    return ordenados, problemas


def _version_pdf(
    documento: DocumentoExportable, leer: Lector, problemas: list[str]
) -> PdfReader | None:
    """El lector de la versión PDF del documento, si existe, se puede leer y tiene sus folios."""
    if not documento.sha256_pdf:
        problemas.append(f"{_nombre(documento)}: no tiene versión PDF; genérela antes de exportar.")
        return None
    datos = leer_documento(documento, documento.sha256_pdf, leer, problemas)
    if datos is None:
        return None
    try:
        # Con contraseña de propietario sola (restricciones de impresión), pypdf abre con la vacía.
        lector = PdfReader(BytesIO(datos))
        paginas = len(lector.pages)
    except FileNotDecryptedError:
        problemas.append(
            f"{_nombre(documento)}: su versión PDF pide contraseña para abrirse; incorpore una "
            "versión sin contraseña."
        )
        return None
    except ERRORES_DE_PDF as exc:
        problemas.append(f"{_nombre(documento)}: su versión PDF no se puede leer ({exc}).")
        return None
    if paginas != documento.folios or paginas < 1:
        problemas.append(
            f"{_nombre(documento)}: declara {documento.folios} folios pero su versión PDF tiene "
            f"{paginas} páginas; corrija los folios o la versión PDF."
        )
        return None
    return lector


def leer_documento(
    documento: DocumentoExportable, sha256: str, leer: Lector, problemas: list[str]
) -> bytes | None:
    """Los bytes del blob, comprobados contra su sha256; None (y el problema anotado) si no."""
    if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
        problemas.append(f"{_nombre(documento)}: su huella sha256 no es válida ({sha256!r}).")
        return None
    try:
        datos = leer(sha256)
    except (BlobCorrupto, BlobInexistente) as exc:
        problemas.append(f"{_nombre(documento)}: {' '.join([exc.mensaje, *exc.problemas])}")
        return None
    if hashlib.sha256(datos).hexdigest() != sha256:
        problemas.append(
            f"{_nombre(documento)}: el documento {sha256} está dañado: su contenido ya no "
            "coincide con su huella sha256. Restáurelo desde la copia de respaldo."
        )
        return None
    return datos


def _foliar(escritor: PdfWriter, desde: int, numero_expediente: str) -> None:
    """Estampa «Folio k» en cada página desde `desde`, contando desde 1."""
    paginas = list(escritor.pages)[desde:]
    geometrias = [_geometria(pagina) for pagina in paginas]
    sellos = PdfReader(BytesIO(sellos_de_folio(numero_expediente, geometrias)))
    for pagina, geometria, sello in zip(paginas, geometrias, sellos.pages, strict=True):
        if geometria.x0 or geometria.y0:
            desplazamiento = Transformation().translate(geometria.x0, geometria.y0)
            pagina.merge_transformed_page(sello, desplazamiento)
        else:
            pagina.merge_page(sello)
        pagina.compress_content_streams()


def _navegacion(
    escritor: PdfWriter, caratula: int, primera: int, documentos: Sequence[DocumentoExportable]
) -> None:
    """Marcadores por documento y números de página del visor iguales al folio."""
    escritor.add_outline_item(title="Carátula", page_number=0)
    escritor.add_outline_item(title="Índice", page_number=caratula)
    for documento, (folio, hasta) in zip(documentos, rangos_de_folios(documentos), strict=True):
        titulo = (
            f"{documento.orden}. {una_linea(documento.tipo_nombre)}: {una_linea(documento.titulo)}"
        )
        escritor.add_outline_item(
            title=f"{titulo} (folios {folio}–{hasta})", page_number=primera + folio - 1
        )
    escritor.set_page_label(0, caratula - 1, prefix="Carátula")
    escritor.set_page_label(
        caratula, primera - 1, PageLabelStyle.DECIMAL, prefix="Índice ", start=1
    )
    if len(escritor.pages) > primera:
        escritor.set_page_label(primera, len(escritor.pages) - 1, PageLabelStyle.DECIMAL, start=1)


def _geometria(pagina: PageObject) -> Geometria:
    """La caja visible de la página (el recorte, dentro del papel) y su rotación normalizada."""
    recorte, papel = pagina.cropbox, pagina.mediabox
    x0, x1 = _tramo(recorte.left, recorte.right, papel.left, papel.right)
    y0, y1 = _tramo(recorte.bottom, recorte.top, papel.bottom, papel.top)
    rotacion = int(pagina.rotation) % 360
    return Geometria(x0, y0, x1 - x0, y1 - y0, rotacion if rotacion in (90, 180, 270) else 0)


def _tramo(a: float, b: float, c: float, d: float) -> tuple[float, float]:
    """Lo común a [a, b] (recorte) y [c, d] (papel); el papel entero si no se tocan."""
    inicio, fin = max(min(a, b), min(c, d)), min(max(a, b), max(c, d))
    return (float(inicio), float(fin)) if fin > inicio else (float(min(c, d)), float(max(c, d)))


def _nombre(documento: DocumentoExportable) -> str:
    """Cómo se nombra un documento en un problema: «Documento N.º 3 (Carta: «…»)»."""
    return (
        f"Documento N.º {documento.orden} ({una_linea(documento.tipo_nombre)}: "
        f"«{una_linea(documento.titulo)}»)"
    )


def error_de_exportacion(caratula: Caratula, problemas: list[str]) -> ErrorExportacion:
    """El error que lista todos los problemas encontrados."""
    return ErrorExportacion(
        f"No se pudo exportar el expediente {una_linea(caratula.numero_expediente)}: corrija "
        "lo siguiente y vuelva a intentarlo.",
        problemas,
    )
