"""Lo que se exporta de un expediente: los datos de su carátula y de su sello, y cada documento
con lo que dice de él el índice (los arman `archivo.exportacion` y los usan el PDF y el zip)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class DatosSello:
    """La versión sellada del expediente: su número, la huella del manifiesto, cuándo y quién."""

    version: int
    manifiesto_sha256: str
    sellado_en: datetime
    sellado_por: str


@dataclass(frozen=True)
class Caratula:
    """Los datos de la carátula: el expediente, su patrono y, si lo hay, su sello."""

    numero_expediente: str
    tipo_nombre: str
    asunto: str
    razon_social: str
    numero_patronal: str
    nit: str
    sucursal: str
    abierto_el: date
    cerrado_el: date | None = None
    sello: DatosSello | None = None


@dataclass(frozen=True)
class DocumentoExportable:
    """Un documento del expediente tal como se exporta: orden, datos del índice y sus blobs."""

    orden: int
    tipo_nombre: str
    titulo: str
    referencia: str
    fecha: date
    folios: int
    sha256: str
    sha256_pdf: str | None
    nombre_original: str
