"""Redactar el documento de una plantilla en un expediente: si ya hay un borrador abierto de esa
plantilla se vuelve a generar con su número; si no, se crea uno nuevo. La consola (un expediente)
y la generación en lote (muchos) siguen esta misma regla."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from expedientes import ErrorDominio, Expediente, Usuario
from plantillas.borradores import crear_borrador, editar_borrador
from plantillas.contrato import Contrato
from plantillas.generacion import valores_sugeridos
from plantillas.instalacion import Parametros
from plantillas.modelos import DocumentoGenerado, EstadoDocumento, PlantillaVersion
from plantillas.versiones import version_vigente


def borrador_abierto(
    *, session: Session, expediente: Expediente, plantilla: str
) -> DocumentoGenerado | None:
    """El documento todavía editable de esa plantilla en el expediente, si hay uno."""
    return session.exec(
        select(DocumentoGenerado)
        .where(
            DocumentoGenerado.expediente_id == expediente.id,
            DocumentoGenerado.plantilla == plantilla,
            col(DocumentoGenerado.estado).in_(
                [EstadoDocumento.BORRADOR, EstadoDocumento.OBSERVADO]
            ),
        )
        .order_by(col(DocumentoGenerado.id).desc())
    ).first()


def borrador_para_regenerar(
    *, session: Session, expediente: Expediente, plantilla: str, version: PlantillaVersion
) -> DocumentoGenerado | None:
    """El borrador abierto que se vuelve a generar en vez de crear otro (None si no hay); si se
    generó con otra versión de la plantilla, ErrorDominio: hay que editarlo o anularlo a mano."""
    abierto = borrador_abierto(session=session, expediente=expediente, plantilla=plantilla)
    if abierto is not None and abierto.plantilla_version_id != version.id:
        raise ErrorDominio(
            f"Tiene abierto {abierto.numero}, generado con la versión "
            f"{abierto.plantilla_version}: edítelo o anúlelo."
        )
    return abierto


def valores_iniciales(
    *, session: Session, p: Parametros, contrato: Contrato, expediente: Expediente, hoy: date
) -> dict[str, str]:
    """Lo que el formulario de un documento nuevo muestra en cada entrada (su valor por omisión,
    calculado con los datos del expediente), como texto."""
    documento = {"referencia": "", "fecha": hoy, "lugar": p.lugar, "titulo": contrato.titulo}
    return valores_sugeridos(
        session=session, contrato=contrato, expediente=expediente, documento=documento,
        tasa_recargo=p.tasa_recargo, hoy=hoy,
    )  # fmt: skip


def redactar(
    *,
    session: Session,
    p: Parametros,
    expediente: Expediente,
    plantilla: str,
    datos: Mapping[str, Any],
    autor: Usuario,
    hoy: date,
) -> DocumentoGenerado:
    """El borrador de la plantilla en el expediente con estas entradas: el abierto, generado de
    nuevo con su mismo número, o uno nuevo con el siguiente número DRP."""
    version = version_vigente(session=session, almacen=p.almacen, nombre=plantilla)
    abierto = borrador_para_regenerar(
        session=session, expediente=expediente, plantilla=plantilla, version=version
    )
    if abierto is None:
        return crear_borrador(session=session, p=p, expediente=expediente, plantilla=plantilla,
                              datos=datos, autor=autor, hoy=hoy)  # fmt: skip
    return editar_borrador(session=session, p=p, documento=abierto, expediente=expediente,
                           datos=datos, usuario=autor, hoy=hoy)  # fmt: skip
