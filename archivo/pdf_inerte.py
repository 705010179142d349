"""Un PDF recibido, inerte para mostrarlo en el navegador: sin JavaScript ni acciones.

El visor de PDF del navegador ejecuta el JavaScript de un PDF (Chromium con PDFium, Firefox con
pdf.js) y sigue sus acciones al abrirlo, al pasar por una página o al pulsar un enlace; la CSP de
la respuesta no lo alcanza. Antes de mostrar un PDF ajeno se quitan: los scripts del documento
(`/Names /JavaScript`), las acciones al abrir (`/OpenAction`) y automáticas (`/AA`), los
formularios XFA y toda acción que ejecute, lance un programa, envíe o importe datos o abra otro
archivo. Los enlaces a direcciones web y dentro del documento se conservan. El original guardado
no cambia: la copia limpia solo se muestra; la descarga sigue siendo el original.
"""

from __future__ import annotations

import io
import warnings

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
)

from archivo.pdf import ERRORES_DE_PDF, _callar_pypdf

# Claves que solo sirven para ejecutar algo: se quitan dondequiera que estén.
CLAVES_ACTIVAS = frozenset({"/OpenAction", "/AA", "/JS", "/JavaScript", "/XFA"})
# Acciones (`/S`) que ejecutan, lanzan, envían, importan o abren otro archivo.
ACCIONES_ACTIVAS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/ResetForm",
        "/Rendition",
        "/RichMediaExecute",
        "/GoToE",
        "/GoToR",
        "/Movie",
        "/Sound",
    }
)
# Donde un PDF guarda una acción: en un enlace o un campo (`/A`) y en la cadena que la sigue.
_CLAVES_DE_ACCION = ("/A", "/Next")


def pdf_sin_scripts(datos: bytes) -> bytes | None:
    """Una copia del PDF sin scripts ni acciones activas; None si no se puede leer o limpiar
    (cifrado con contraseña, dañado): entonces no se muestra, solo se descarga."""
    # Los avisos de pypdf sobre defectos de estructura no interesan aquí: o se limpia o no se muestra.
    try:
        with warnings.catch_warnings(record=True), _callar_pypdf():
            warnings.simplefilter("always")
            lector = PdfReader(io.BytesIO(datos))
            if lector.is_encrypted and not lector.decrypt(""):
                return None
            escritor = PdfWriter(clone_from=lector)
            _limpiar(escritor._root_object, set())
            # Lo que quedó sin referencia (el script quitado de `/Names`) tampoco se escribe.
            escritor.compress_identical_objects()
            salida = io.BytesIO()
            escritor.write(salida)
    except ERRORES_DE_PDF:
        return None
    return salida.getvalue()


def _limpiar(objeto: PdfObject, vistos: set[int]) -> None:
    """Recorre el grafo de objetos (una vez cada uno) y quita lo activo de cada diccionario."""
    pendientes: list[PdfObject | None] = [objeto]
    while pendientes:
        actual = pendientes.pop()
        if isinstance(actual, IndirectObject):
            if actual.idnum in vistos:
                continue
            vistos.add(actual.idnum)
            actual = actual.get_object()
        if isinstance(actual, DictionaryObject):
            _desactivar(actual)
            pendientes.extend(actual.values())
        elif isinstance(actual, ArrayObject):
            pendientes.extend(actual)


def _desactivar(diccionario: DictionaryObject) -> None:
    """Quita las claves activas y las acciones activas (también en una cadena `/Next`)."""
    for clave in CLAVES_ACTIVAS & set(diccionario):
        del diccionario[NameObject(clave)]
    for clave in _CLAVES_DE_ACCION:
        valor = diccionario.get(clave)
        if valor is None:
            continue
        valor = valor.get_object()
        if isinstance(valor, ArrayObject):
            conservadas = [a for a in valor if not _es_activa(a)]
            diccionario[NameObject(clave)] = ArrayObject(conservadas)
        elif _es_activa(valor):
            del diccionario[NameObject(clave)]


def _es_activa(accion: PdfObject) -> bool:
    """¿Es una acción que ejecuta, lanza, envía, importa o abre otro archivo?"""
    resuelta = accion.get_object()
    if not isinstance(resuelta, DictionaryObject):
        return False
    return str(resuelta.get("/S", "")) in ACCIONES_ACTIVAS
