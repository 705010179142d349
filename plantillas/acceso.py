"""Quién llega a qué documento generado: el documento con su expediente si la política deja a
esta persona hacer eso con él, la versión de plantilla que lo generó, y los finales de una
plantilla en un expediente."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from expedientes import (
    AccesoDenegado,
    Expediente,
    NoEncontrado,
    Permiso,
    Usuario,
    puede_sobre_documento,
)
from plantillas.consultas import documentos_de_plantilla
from plantillas.modelos import DocumentoGenerado, EstadoDocumento, PlantillaVersion


def documento_para(
    *, session: Session, documento_id: int, usuario: Usuario | None, permiso: Permiso
) -> tuple[DocumentoGenerado, Expediente]:
    """El documento y su expediente, si esta persona puede hacer eso con él (NoEncontrado si no
    existe; AccesoDenegado si no le toca)."""
    documento = session.get(DocumentoGenerado, documento_id)
    if documento is None:
        raise NoEncontrado(f"No existe el documento {documento_id}.")
    expediente = session.get(Expediente, documento.expediente_id)
    assert expediente is not None  # clave foránea
    if not puede_sobre_documento(usuario, permiso, documento, expediente):
        raise AccesoDenegado(f"No tiene permiso sobre {documento.numero}.")
    return documento, expediente


def version_del_documento(*, session: Session, documento: DocumentoGenerado) -> PlantillaVersion:
    """La versión de plantilla con que se generó el documento."""
    version = session.get(PlantillaVersion, documento.plantilla_version_id)
    assert version is not None  # clave foránea
    return version


def version_publicada(*, session: Session, nombre: str, version: int) -> PlantillaVersion:
    """La versión `version` de la plantilla `nombre` (NoEncontrado si no se publicó)."""
    fila = session.exec(
        select(PlantillaVersion).where(
            PlantillaVersion.nombre == nombre, PlantillaVersion.version == version
        )
    ).first()
    if fila is None:
        raise NoEncontrado(f"No existe la versión {version} de la plantilla {nombre}.")
    return fila


def documentos_finales(
    *, session: Session, expediente_id: int, plantilla: str
) -> list[DocumentoGenerado]:
    """Los documentos finales de una plantilla en el expediente, los más recientes primero."""
    return [
        d
        for d in documentos_de_plantilla(
            session=session, expediente_id=expediente_id, plantilla=plantilla
        )
        if d.estado == EstadoDocumento.FINAL
    ]


def ids_de_documentos(*, session: Session, numeros: Iterable[str]) -> dict[str, int]:
    """El id de cada documento citado por su número DRP."""
    pedidos = set(numeros)
    if not pedidos:
        return {}
    filas = session.exec(
        select(DocumentoGenerado.numero, DocumentoGenerado.id).where(
            col(DocumentoGenerado.numero).in_(pedidos)
        )
    ).all()
    return {n: i for n, i in filas if i is not None}
