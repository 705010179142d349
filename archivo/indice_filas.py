"""Lo que se escribe en el índice de búsqueda por cada expediente y cada documento: el vector de
palabras (con las fichas de fecha y de tipo que sirven de filtros) y las claves exactas.

Los dos motores reciben lo mismo: las raíces ya calculadas en Python (`lexico`: cada palabra
reducida con sus tildes y plegada después), que ninguno vuelve a reducir.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from archivo import lexico
from archivo.documentos import DocumentoExpediente
from expedientes import Expediente, Patrono, solo_digitos


@dataclass
class FilasDelIndice:
    """Lo que se escribe en el índice para un lote de expedientes o documentos."""

    cabeceras: list[dict[str, Any]] = field(default_factory=list)
    documentos: list[dict[str, Any]] = field(default_factory=list)
    claves: list[dict[str, Any]] = field(default_factory=list)


def _vector(textos: Iterable[str], filtros: list[str]) -> str:
    """Las raíces de los textos, sin repetir, más las fichas de los filtros (separadas por un
    espacio: así las leen FTS5 y el `string_to_array` de PostgreSQL)."""
    palabras = dict.fromkeys(x for t in textos for x in lexico.lexemas(t))
    return " ".join([*palabras, *filtros])


def _claves(*textos: str) -> set[str]:
    """Las claves exactas de los textos, sin las que no caben en la columna."""
    encontradas: set[str] = set()
    for t in textos:
        encontradas |= lexico.claves(t)[0]
    return {c for c in encontradas if len(c) <= 60}


def filas_de_cabecera(fila: Any, salida: FilasDelIndice) -> None:
    """Cabecera y claves de un expediente (fila con expediente y patrono)."""
    filtros = [*lexico.fichas_de_fecha(fila.abierto_el), lexico.ficha_de("t", fila.tipo)]
    textos = (fila.razon_social, fila.nombre_comercial, fila.numero, fila.asunto)
    salida.cabeceras.append(
        {
            "expediente_id": fila.id,
            "fecha": fila.abierto_el,
            "vector": _vector(textos, filtros),
        }
    )
    claves = _claves(fila.numero, fila.asunto, fila.razon_social, fila.nombre_comercial)
    claves |= {d for d in (solo_digitos(fila.numero_patronal), solo_digitos(fila.nit)) if d}
    salida.claves += [
        {"clave": c, "expediente_id": fila.id, "documento_id": None} for c in sorted(claves)
    ]


def filas_de_documento(fila: Any, salida: FilasDelIndice) -> None:
    """Fila y claves de un documento (fila con el documento y el tipo de su expediente)."""
    filtros = [
        *lexico.fichas_de_fecha(fila.fecha),
        lexico.ficha_de("t", fila.tipo_expediente),
        lexico.ficha_de("d", fila.tipo),
    ]
    textos = (fila.titulo, fila.referencia, fila.texto)
    salida.documentos.append(
        {
            "documento_id": fila.id,
            "expediente_id": fila.expediente_id,
            "fecha": fila.fecha,
            "vector": _vector(textos, filtros),
        }
    )
    salida.claves += [
        {"clave": c, "expediente_id": fila.expediente_id, "documento_id": fila.id}
        for c in sorted(_claves(*textos))
    ]


def consulta_cabeceras() -> Any:
    """La consulta de lo que se indexa de cada expediente: su cabecera y su patrono."""
    return select(
        col(Expediente.id),
        col(Expediente.numero),
        col(Expediente.tipo),
        col(Expediente.asunto),
        col(Expediente.abierto_el),
        col(Patrono.razon_social),
        col(Patrono.nombre_comercial),
        col(Patrono.numero_patronal),
        col(Patrono.nit),
    ).join(Patrono, col(Patrono.id) == col(Expediente.patrono_id))


def consulta_documentos() -> Any:
    """La consulta de lo que se indexa de cada documento, con el tipo de su expediente."""
    return select(
        col(DocumentoExpediente.id),
        col(DocumentoExpediente.expediente_id),
        col(DocumentoExpediente.tipo),
        col(DocumentoExpediente.titulo),
        col(DocumentoExpediente.referencia),
        col(DocumentoExpediente.fecha),
        col(DocumentoExpediente.texto),
        col(Expediente.tipo).label("tipo_expediente"),
    ).join(Expediente, col(Expediente.id) == col(DocumentoExpediente.expediente_id))
