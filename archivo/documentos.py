"""Los documentos de un expediente, en orden: el registro que después se sella y se exporta.

Cada documento tiene su orden dentro del expediente, su tipo, su fecha, su origen (`entrante`,
`generado`, `escaneado`), sus folios y sus blobs (el original y su versión PDF). Solo se agregan.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint, func
from sqlmodel import Field, Session, SQLModel, col, select

from expedientes.errores import ErrorDominio
from expedientes.modelos import Auditable, Expediente
from expedientes.tableros import registrar_etiqueta
from expedientes.texto import problemas_de_texto
from expedientes.tipos import FechaHoraUTC, ahora


class Origen(StrEnum):
    """De dónde viene un documento del expediente."""

    ENTRANTE = "entrante"
    GENERADO = "generado"
    ESCANEADO = "escaneado"


class DocumentoExpediente(Auditable, SQLModel, table=True):
    """Un documento incorporado al expediente, con su orden y sus folios."""

    __tablename__ = "documento_expediente"
    __entidad__ = "documento_expediente"
    __table_args__ = (UniqueConstraint("expediente_id", "orden", name="uq_documento_orden"),)

    id: int | None = Field(default=None, primary_key=True)
    expediente_id: int = Field(foreign_key="expediente.id", index=True)
    orden: int
    tipo: str = Field(max_length=40)
    titulo: str = Field(max_length=300)
    referencia: str = Field(default="", max_length=40, index=True)
    fecha: date
    origen: str = Field(max_length=12)
    folios: int
    sha256: str = Field(max_length=64, index=True)
    sha256_pdf: str | None = Field(default=None, max_length=64)
    registrado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    creado_en: datetime = Field(default_factory=ahora, sa_type=FechaHoraUTC)


def incorporar(
    *,
    session: Session,
    expediente: Expediente,
    tipo: str,
    titulo: str,
    fecha: date,
    origen: Origen,
    sha256: str,
    folios: int,
    sha256_pdf: str | None = None,
    referencia: str = "",
    registrado_por_id: int | None = None,
) -> DocumentoExpediente:
    """Agrega el documento al final del expediente (el orden lo fija esta transacción)."""
    problemas = problemas_de_texto(titulo, "El título", 300) + problemas_de_texto(
        referencia, "La referencia", 40
    )
    if folios < 1:
        problemas.append("Un documento tiene al menos un folio.")
    if problemas:
        raise ErrorDominio("No se pudo incorporar el documento al expediente.", problemas)
    # El UPDATE del expediente lo bloquea (fila en PostgreSQL; la base en SQLite) hasta el final
    # de la transacción: dos documentos incorporados a la vez no comparten número de orden.
    expediente.actualizado_en = ahora()
    session.add(expediente)
    session.flush()
    ultimo = session.exec(
        select(func.max(DocumentoExpediente.orden)).where(
            DocumentoExpediente.expediente_id == expediente.id
        )
    ).one()
    documento = DocumentoExpediente(
        expediente_id=expediente.id,  # type: ignore[arg-type]
        orden=(ultimo or 0) + 1,
        tipo=tipo,
        titulo=titulo,
        referencia=referencia,
        fecha=fecha,
        origen=origen,
        folios=folios,
        sha256=sha256,
        sha256_pdf=sha256_pdf,
        registrado_por_id=registrado_por_id,
    )
    session.add(documento)
    session.flush()
    return documento


def documentos_de(*, session: Session, expediente_id: int) -> list[DocumentoExpediente]:
    """Los documentos del expediente en su orden."""
    return list(
        session.exec(
            select(DocumentoExpediente)
            .where(DocumentoExpediente.expediente_id == expediente_id)
            .order_by(col(DocumentoExpediente.orden))
        ).all()
    )


registrar_etiqueta(
    "documento_expediente", DocumentoExpediente, "titulo", "Documento del expediente"
)
