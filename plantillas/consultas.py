"""Consultas de documentos generados: los de un expediente, la cola del jefe, los de una persona
y la historia de revisión de cada uno."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from expedientes.modelos import Expediente, Patrono, Usuario
from plantillas.modelos import DocumentoGenerado, EstadoDocumento, EventoDocumento

_ABIERTOS = [
    EstadoDocumento.BORRADOR,
    EstadoDocumento.EN_REVISION,
    EstadoDocumento.OBSERVADO,
    EstadoDocumento.APROBADO,
]
Fila = tuple[DocumentoGenerado, Expediente, Patrono]


def _con_expediente() -> Any:
    return (
        select(DocumentoGenerado, Expediente, Patrono)
        .join(Expediente, col(Expediente.id) == DocumentoGenerado.expediente_id)
        .join(Patrono, col(Patrono.id) == Expediente.patrono_id)
    )


def documentos_del_expediente(*, session: Session, expediente_id: int) -> list[DocumentoGenerado]:
    """Los documentos del expediente, los más recientes primero."""
    return list(
        session.exec(
            select(DocumentoGenerado)
            .where(DocumentoGenerado.expediente_id == expediente_id)
            .order_by(col(DocumentoGenerado.id).desc())
        ).all()
    )


def cola_de_revision(*, session: Session, limite: int = 200) -> list[Fila]:
    """Lo que espera al jefe: los documentos en revisión, el que más espera primero."""
    consulta = (
        _con_expediente()
        .where(DocumentoGenerado.estado == EstadoDocumento.EN_REVISION)
        .order_by(col(DocumentoGenerado.actualizado_en), col(DocumentoGenerado.id))
        .limit(limite)
    )
    return [(d, e, p) for d, e, p in session.exec(consulta).all()]


def pendientes_de(*, session: Session, usuario: Usuario, limite: int = 200) -> list[Fila]:
    """Los documentos abiertos que escribió la persona (los observados primero)."""
    observado_primero = col(DocumentoGenerado.estado) != EstadoDocumento.OBSERVADO
    consulta = (
        _con_expediente()
        .where(
            DocumentoGenerado.autor_id == usuario.id,
            col(DocumentoGenerado.estado).in_(_ABIERTOS),
        )
        .order_by(observado_primero, col(DocumentoGenerado.actualizado_en).desc())
        .limit(limite)
    )
    return [(d, e, p) for d, e, p in session.exec(consulta).all()]


def listar_documentos(
    *,
    session: Session,
    estado: str | None = None,
    plantilla: str | None = None,
    gestor_id: int | None = None,
    solo_finales: bool = False,
    limite: int = 300,
    desde: int = 0,
) -> list[Fila]:
    """Documentos con filtros, los más recientes primero, de a `limite` desde la fila `desde`;
    `gestor_id` limita a los de sus expedientes o escritos por él (ver
    `politica.documentos_visibles`)."""
    consulta = (
        _con_expediente().order_by(col(DocumentoGenerado.id).desc()).offset(desde).limit(limite)
    )
    if solo_finales:
        consulta = consulta.where(DocumentoGenerado.estado == EstadoDocumento.FINAL)
    if estado:
        consulta = consulta.where(DocumentoGenerado.estado == estado)
    if plantilla:
        consulta = consulta.where(DocumentoGenerado.plantilla == plantilla)
    if gestor_id is not None:
        consulta = consulta.where(
            (col(Expediente.gestor_id) == gestor_id)
            | (col(DocumentoGenerado.autor_id) == gestor_id)
            | (col(DocumentoGenerado.editado_por_id) == gestor_id)
        )
    return [(d, e, p) for d, e, p in session.exec(consulta).all()]


def historia(
    *, session: Session, documento: DocumentoGenerado
) -> list[tuple[EventoDocumento, str]]:
    """Los pasos de la revisión con el nombre de quien los dio, en orden."""
    filas = session.exec(
        select(EventoDocumento, Usuario.nombre_completo)
        .outerjoin(Usuario, col(Usuario.id) == EventoDocumento.usuario_id)
        .where(EventoDocumento.documento_id == documento.id)
        .order_by(col(EventoDocumento.id))
    ).all()
    return [(e, nombre or "—") for e, nombre in filas]
