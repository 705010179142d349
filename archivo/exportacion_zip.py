"""La copia del expediente como zip: los originales, sus PDF, `manifest.json` y `SHA256SUMS`,
que `sha256sum -c` verifica sin más herramientas que las de cualquier Linux."""

from __future__ import annotations

import hashlib
import re
import stat
import unicodedata
import zipfile
from collections.abc import Sequence
from io import BytesIO

from archivo.caratula import hora_local
from archivo.exportacion_datos import Caratula, DocumentoExportable
from archivo.exportacion_pdf import (
    Lector,
    en_orden,
    error_de_exportacion,
    leer_documento,
)

# Caracteres que Windows no admite en un nombre de archivo (el zip se abre también allí).
_PROHIBIDOS = re.compile(r'[<>:"|?*]')
_LIMITE_NOMBRE = 150  # bytes UTF-8: holgura bajo los 255 de ext4 y NTFS
_SIN_FECHA = (1980, 1, 1, 0, 0, 0)  # la fecha más antigua que admite un zip


def exportar_zip(
    caratula: Caratula,
    documentos: Sequence[DocumentoExportable],
    manifiesto_json: bytes,
    leer: Lector,
) -> bytes:
    """Un zip con los originales, sus versiones PDF, `manifest.json` y `SHA256SUMS`.

    Los nombres son `NNN-<nombre original saneado>` (NNN, el orden); `SHA256SUMS` tiene el formato
    de `sha256sum -c`. Los mismos datos dan siempre los mismos bytes (fechas fijas: las del sello).
    """
    ordenados, problemas = en_orden(documentos)
    # Todos con el mismo ancho (al menos 3 cifras): así el orden alfabético es el del expediente.
    cifras = max([3, *(len(str(d.orden)) for d in ordenados)])
    archivos: list[tuple[str, bytes]] = []
    for documento in ordenados:
        prefijo = f"{documento.orden:0{cifras}d}-"
        nombre = prefijo + nombre_seguro(documento.nombre_original)
        original = leer_documento(documento, documento.sha256, leer, problemas)
        archivos.append((nombre, original or b""))
        if documento.sha256_pdf and documento.sha256_pdf != documento.sha256:
            pdf = leer_documento(documento, documento.sha256_pdf, leer, problemas)
            archivos.append((_nombre_pdf(nombre), pdf or b""))
    if problemas:
        raise error_de_exportacion(caratula, problemas)
    archivos.append(("manifest.json", manifiesto_json))
    sumas = "".join(f"{hashlib.sha256(datos).hexdigest()}  {ruta}\n" for ruta, datos in archivos)
    archivos.append(("SHA256SUMS", sumas.encode()))
    fecha = _fecha_zip(caratula)
    salida = BytesIO()
    with zipfile.ZipFile(salida, "w") as zip_:
        for ruta, datos in archivos:
            info = zipfile.ZipInfo(ruta, date_time=fecha)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix: que los permisos de abajo valgan al descomprimir
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            zip_.writestr(info, datos, compresslevel=6)
    return salida.getvalue()


def nombre_seguro(nombre: str) -> str:
    """El nombre de archivo sin carpetas, controles ni `..`, apto para Linux y Windows."""
    nombre = unicodedata.normalize("NFC", nombre).replace("\\", "/").rsplit("/", 1)[-1]
    nombre = "".join(
        " " if c.isspace() else "_" if unicodedata.category(c).startswith("C") else c
        for c in nombre
    )
    nombre = " ".join(_PROHIBIDOS.sub("_", nombre).split()).strip(" .")
    if len(nombre.encode()) > _LIMITE_NOMBRE:
        base, punto, extension = nombre.rpartition(".")
        if not base or len(extension) > 10:
            base, punto, extension = nombre, "", ""
        sufijo = punto + extension
        recorte = base.encode()[: _LIMITE_NOMBRE - len(sufijo.encode())]
        nombre = recorte.decode(errors="ignore").rstrip(" .") + sufijo
    return nombre or "documento"


def _nombre_pdf(nombre: str) -> str:
    """El nombre de la versión PDF junto al original: «001-carta.pdf» al lado de «001-carta.eml»."""
    base, punto, _ = nombre.rpartition(".")
    pdf = f"{base if punto and base else nombre}.pdf"
    if pdf.casefold() == nombre.casefold():
        return f"{pdf[:-4]} (versión PDF).pdf"
    return pdf


def _fecha_zip(caratula: Caratula) -> tuple[int, int, int, int, int, int]:
    """La fecha de los archivos del zip: la del sello en El Salvador, o 1980-01-01 sin sello."""
    if caratula.sello is None:
        return _SIN_FECHA
    local = hora_local(caratula.sello.sellado_en)
    return max(_SIN_FECHA, (local.year, local.month, local.day, local.hour, local.minute, 0))
