"""Entregar al navegador los bytes guardados (adjuntos, originales) sin que puedan atacarlo.

Un archivo recibido es dato ajeno: solo se muestra en el navegador si es de un tipo inofensivo
(PDF, imágenes de mapa de bits, texto); lo demás —HTML, SVG, ejecutables— solo se descarga, como
`application/octet-stream`. Un PDF se muestra sin su JavaScript ni sus acciones
(`pdf_sin_scripts`) y se descarga tal cual llegó. El nombre original se limpia antes de ir a la
cabecera.
"""

from __future__ import annotations

import re
import unicodedata
from io import BytesIO

from flask import Response, current_app, render_template, send_file

from archivo import BlobCorrupto, BlobInexistente, pdf_sin_scripts
from recupera.web.acceso import servicios

# Los únicos tipos que el navegador puede mostrar en su pestaña (?ver=1).
TIPO_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EN_LINEA = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "text/plain"})
# Además de los anteriores, tipos que se descargan con su nombre propio.
DESCARGA_CON_TIPO = EN_LINEA | {"message/rfc822", "image/tiff", "application/zip"}
_PROHIBIDOS_EN_NOMBRE = set('"\\/:*?<>|;')
_SEPARADOR_DE_RUTA = re.compile(r"[\\/]")
MAX_NOMBRE = 150


class ArchivoIlegible(Exception):
    """Los bytes guardados faltan o no coinciden con su huella: se explica y no se entregan."""

    def __init__(self, mensaje: str) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje


def pagina_de_archivo_ilegible(exc: ArchivoIlegible) -> tuple[str, int]:
    """La página de error en español con el mensaje concreto (500: el fallo es del servidor)."""
    return render_template(
        "errores/error.html", titulo="Archivo no disponible", mensaje=exc.mensaje
    ), 500


def se_puede_ver(tipo_mime: str) -> bool:
    """¿Se ofrece «Ver» (en el navegador) para este tipo?"""
    return _tipo_base(tipo_mime) in EN_LINEA


def leer(sha256: str, descripcion: str) -> bytes:
    """Los bytes del almacén, verificados; si faltan o están dañados, ArchivoIlegible."""
    almacen = servicios().almacen
    try:
        return almacen.leer(sha256)
    except BlobCorrupto:
        current_app.logger.error("Blob %s dañado (%s)", sha256, descripcion)
        raise ArchivoIlegible(
            f"El archivo {descripcion} no coincide con su huella sha256: no se entrega. "
            "Avise al administrador para restaurarlo desde el respaldo."
        ) from None
    except BlobInexistente:
        current_app.logger.error("Blob %s inexistente (%s)", sha256, descripcion)
        raise ArchivoIlegible(
            f"El archivo {descripcion} no está en el almacén: no se entrega. "
            "Avise al administrador para restaurarlo desde el respaldo."
        ) from None


def nombre_seguro(nombre: str, respaldo: str) -> str:
    """El nombre para la descarga: sin carpetas, sin caracteres de control ni comillas."""
    base = _SEPARADOR_DE_RUTA.split(unicodedata.normalize("NFC", nombre))[-1]
    limpio = "".join(
        "_"
        if c in _PROHIBIDOS_EN_NOMBRE or (unicodedata.category(c)[0] in "CZ" and c != " ")
        else c
        for c in base
    )
    limpio = limpio.strip(" ._")[:MAX_NOMBRE].strip()
    return limpio or respaldo


def entregar(datos: bytes, *, nombre: str, tipo_mime: str, ver: bool = False) -> Response:
    """La respuesta con el archivo: en línea solo si se pidió y el tipo es inofensivo."""
    tipo = _tipo_base(tipo_mime)
    en_linea = ver and tipo in EN_LINEA
    if en_linea and tipo == "application/pdf":
        # El visor del navegador ejecutaría su JavaScript y sus acciones: se muestra una copia
        # inerte; si no se puede limpiar (cifrado, dañado), solo se descarga el original.
        inerte = pdf_sin_scripts(datos)
        en_linea = inerte is not None
        datos = inerte if inerte is not None else datos
    respuesta = send_file(
        BytesIO(datos),
        mimetype=tipo if tipo in DESCARGA_CON_TIPO else "application/octet-stream",
        as_attachment=not en_linea,
        download_name=nombre,
        conditional=False,
        etag=False,
        max_age=None,
    )
    respuesta.headers["X-Content-Type-Options"] = "nosniff"
    if en_linea and tipo == "application/pdf":
        # Con `sandbox` los visores de PDF de Chromium y Firefox se niegan a abrirlo; un PDF no es
        # HTML (nosniff) y sus scripts los encierra el visor: nada de la página puede cargarse.
        respuesta.headers["Content-Security-Policy"] = "default-src 'none'; object-src 'self'"
    else:
        # Aunque el navegador lo abriera como página: sin scripts, sin origen, sin formularios.
        respuesta.headers["Content-Security-Policy"] = "sandbox"
    respuesta.headers["Cache-Control"] = "private, no-store"
    return respuesta


def _tipo_base(tipo_mime: str) -> str:
    return tipo_mime.split(";", 1)[0].strip().lower()
