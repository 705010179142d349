"""Consultas de documentos generados: los de un expediente, la cola del jefe, los de una persona
y la historia de revisión de cada uno."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from expedientes import Expediente, Patrono, Usuario
from plantillas.modelos import (
    NOMBRES_ESTADO_DOCUMENTO,
    DocumentoGenerado,
    EstadoDocumento,
    EventoDocumento,
)

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


def documento_por_numero(*, session: Session, numero: str) -> DocumentoGenerado | None:
    """El documento `DRP-…` (sin distinguir mayúsculas ni espacios alrededor), o None."""
    return session.exec(
        select(DocumentoGenerado).where(DocumentoGenerado.numero == numero.strip().upper())
    ).first()


def documentos_de_plantilla(
    *, session: Session, expediente_id: int, plantilla: str
) -> list[DocumentoGenerado]:
    """Los documentos no anulados de una plantilla en el expediente, los más recientes primero."""
    return [
        d
        for d in documentos_del_expediente(session=session, expediente_id=expediente_id)
        if d.plantilla == plantilla and d.estado != EstadoDocumento.ANULADO
    ]


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


@dataclass(frozen=True)
class FiltrosDocumentos:
    """Filtros de las listas de documentos.

    `gestor_id` limita a los de sus expedientes o escritos por él (ver
    `politica.documentos_visibles`); `autor_id`, a los que escribió esa persona (`sin_autor`, a
    ninguno: todo documento tiene autor); `abiertos`, a los que no son finales ni anulados.
    """

    estado: str | None = None
    plantilla: str | None = None
    gestor_id: int | None = None
    solo_finales: bool = False
    autor_id: int | None = None
    sin_autor: bool = False
    abiertos: bool = False


# Cómo se puede ordenar la lista (`clave` ascendente, `-clave` descendente); siempre con el id
# como desempate, así una página no repite ni salta documentos. Por omisión, los más recientes
# primero (por cuándo se generaron).
ORDENES_DOCUMENTOS: dict[str, Any] = {
    "registro": col(DocumentoGenerado.id),
    "fecha": col(DocumentoGenerado.fecha),
    "documento": col(DocumentoGenerado.titulo),
    "estado": col(DocumentoGenerado.estado),
    "expediente": col(Expediente.numero),
}
ORDEN_DOCUMENTOS = "-registro"


def _ordenar(consulta: Any, orden: str) -> Any:
    expresion = ORDENES_DOCUMENTOS.get(orden.lstrip("-"), ORDENES_DOCUMENTOS["registro"])
    if orden.startswith("-"):
        return consulta.order_by(expresion.desc(), col(DocumentoGenerado.id).desc())
    return consulta.order_by(expresion.asc(), col(DocumentoGenerado.id).asc())


def listar_documentos(
    *,
    session: Session,
    filtros: FiltrosDocumentos = FiltrosDocumentos(),
    limite: int = 300,
    desde: int = 0,
    orden: str = ORDEN_DOCUMENTOS,
) -> list[Fila]:
    """Documentos con filtros, en ese orden (los más recientes primero), de a `limite` desde la
    fila `desde`. Primero los ids de la página (sobre la tabla de documentos, con el expediente
    solo si un filtro o el orden lo miran), luego sus filas con expediente y patrono."""
    ids = select(col(DocumentoGenerado.id))
    if filtros.gestor_id is not None or orden.lstrip("-") == "expediente":
        ids = ids.join(Expediente, col(Expediente.id) == DocumentoGenerado.expediente_id)
    ids = _ordenar(_filtrar_documentos(ids, filtros), orden).offset(desde).limit(limite)
    pagina = list(session.exec(ids).all())
    if not pagina:
        return []
    consulta = _ordenar(_con_expediente().where(col(DocumentoGenerado.id).in_(pagina)), orden)
    return [(d, e, p) for d, e, p in session.exec(consulta).all()]


def contar_documentos(*, session: Session, filtros: FiltrosDocumentos) -> int:
    """Cuántos documentos cumplen los filtros (todos, no solo los que muestra una lista)."""
    consulta = (
        select(func.count())
        .select_from(DocumentoGenerado)
        .join(Expediente, col(Expediente.id) == DocumentoGenerado.expediente_id)
    )
    return int(session.exec(_filtrar_documentos(consulta, filtros)).one())


def _filtrar_documentos(consulta: Any, f: FiltrosDocumentos) -> Any:
    if f.solo_finales:
        consulta = consulta.where(DocumentoGenerado.estado == EstadoDocumento.FINAL)
    if f.estado:
        consulta = consulta.where(DocumentoGenerado.estado == f.estado)
    if f.plantilla:
        consulta = consulta.where(DocumentoGenerado.plantilla == f.plantilla)
    if f.gestor_id is not None:
        consulta = consulta.where(
            (col(Expediente.gestor_id) == f.gestor_id)
            | (col(DocumentoGenerado.autor_id) == f.gestor_id)
            | (col(DocumentoGenerado.editado_por_id) == f.gestor_id)
        )
    if f.autor_id is not None:
        consulta = consulta.where(DocumentoGenerado.autor_id == f.autor_id)
    if f.sin_autor:
        consulta = consulta.where(col(DocumentoGenerado.autor_id).is_(None))
    if f.abiertos:
        consulta = consulta.where(col(DocumentoGenerado.estado).in_(_ABIERTOS))
    return consulta


def historia_del_documento(
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


def borradores_pendientes(session: Session, expediente_id: int) -> list[str]:
    """Los documentos del expediente que todavía no son finales ni están anulados (impiden
    archivarlo: un `archivo.Bloqueo`)."""
    return [
        f"{d.titulo} {d.numero} está «{NOMBRES_ESTADO_DOCUMENTO[EstadoDocumento(d.estado)].lower()}»: "
        "déjelo final o anúlelo."
        for d in documentos_del_expediente(session=session, expediente_id=expediente_id)
        if d.estado not in (EstadoDocumento.FINAL, EstadoDocumento.ANULADO)
    ]
