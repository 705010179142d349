"""La fijeza del almacén entero: cada blob que la base nombra — originales de cartas y sus
adjuntos, escaneos, acuses, PDF enviados, versiones de plantillas, documentos generados y cada
versión suya, documentos de expedientes sellados o no — se vuelve a leer y a sumar, y cada uno
que falta o cambió se nombra por lo que es («el adjunto «x.pdf» de la carta CE-2026-000123»).

Las tablas de otras capacidades se leen por su nombre con SQL propio (el archivo no importa a
quienes lo usan). `REFERENCIAS_A_BLOBS` es también lo que una copia de respaldo debe llevar.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Connection, inspect, text

from archivo.almacen import Almacen

# Las columnas que guardan el sha256 de un blob del almacén.
REFERENCIAS_A_BLOBS: dict[str, tuple[str, ...]] = {
    "correspondencia": ("sha256",),
    "adjunto": ("sha256",),
    "saliente": ("acuse_sha256", "pdf_sha256"),
    "plantilla_version": ("docx_sha256",),
    "documento_expediente": ("sha256", "sha256_pdf"),
    "documento_generado": (
        "plantilla_sha256", "docx_sha256", "pdf_sha256", "pdf_de_sha256", "aprobado_sha256",
    ),
    "evento_documento": ("docx_sha256",),
    "sello": ("manifiesto_sha256", "anterior_sha256"),
}  # fmt: skip

# Por tabla: la consulta que da cada blob con lo que es, en palabras de la persona que lo lee.
_DUENOS: dict[str, str] = {
    "correspondencia": "SELECT sha256, 'el original de la carta ' || numero FROM correspondencia",
    "adjunto": (
        "SELECT a.sha256, 'el archivo «' || a.nombre || '» de la carta ' || c.numero "
        "FROM adjunto a JOIN correspondencia c ON c.id = a.correspondencia_id"
    ),
    "saliente": (
        "SELECT acuse_sha256, 'el acuse de recibo de ' || numero FROM saliente "
        "WHERE acuse_sha256 IS NOT NULL UNION ALL "
        "SELECT pdf_sha256, 'el PDF enviado de ' || numero FROM saliente WHERE pdf_sha256 IS NOT NULL"
    ),
    "plantilla_version": (
        "SELECT docx_sha256, 'la plantilla ' || nombre || ' versión ' || CAST(version AS TEXT) "
        "FROM plantilla_version"
    ),
    "documento_expediente": (
        "SELECT d.sha256, 'el original del documento N.º ' || CAST(d.orden AS TEXT) || ' de ' || "
        "e.numero FROM documento_expediente d JOIN expediente e ON e.id = d.expediente_id UNION ALL "
        "SELECT d.sha256_pdf, 'el PDF del documento N.º ' || CAST(d.orden AS TEXT) || ' de ' || "
        "e.numero FROM documento_expediente d JOIN expediente e ON e.id = d.expediente_id "
        "WHERE d.sha256_pdf IS NOT NULL"
    ),
    "documento_generado": (
        "SELECT docx_sha256, 'el .docx del documento ' || numero FROM documento_generado UNION ALL "
        "SELECT pdf_sha256, 'el PDF del documento ' || numero FROM documento_generado "
        "WHERE pdf_sha256 IS NOT NULL"
    ),
    "evento_documento": (
        "SELECT v.docx_sha256, 'una versión anterior del documento ' || d.numero "
        "FROM evento_documento v JOIN documento_generado d ON d.id = v.documento_id "
        "WHERE v.docx_sha256 IS NOT NULL"
    ),
}


@dataclass
class InformeFijeza:
    """Cuántos blobs se revisaron y cada uno que falta o cambió, con lo que es."""

    blobs: int = 0
    problemas: list[str] = field(default_factory=list)


def blobs_nombrados(conexion: Connection) -> Iterator[tuple[str, str]]:
    """(sha256, lo que es) de cada blob que la base nombra, tabla por tabla."""
    existentes = set(inspect(conexion).get_table_names())
    for tabla, consulta in _DUENOS.items():
        if tabla in existentes:
            for sha, dueno in conexion.execute(text(consulta)):
                if sha:
                    yield sha, dueno


def verificar_almacen(
    conexion: Connection, almacen: Almacen, ya_revisados: Iterable[str] = ()
) -> InformeFijeza:
    """Rehace la suma de cada blob nombrado (una vez cada uno, sin repetir los `ya_revisados`)
    y dice lo que falta o cambió."""
    informe = InformeFijeza()
    vistos: set[str] = set(ya_revisados)
    for sha, dueno in blobs_nombrados(conexion):
        if sha in vistos:
            continue
        vistos.add(sha)
        informe.blobs += 1
        if not almacen.existe(sha):
            informe.problemas.append(f"Falta {dueno} (blob {sha[:12]}…).")
        elif not almacen.verificar(sha):
            informe.problemas.append(f"{_esta_alterado(dueno)} {dueno} (blob {sha[:12]}…).")
    return informe


def _esta_alterado(dueno: str) -> str:
    """«Está alterado el acuse…», «Está alterada la plantilla…»: concuerda con el artículo."""
    return "Está alterada" if dueno.startswith(("la ", "una ")) else "Está alterado"
