"""Las tablas de las plantillas: versiones del catálogo, documentos generados y su revisión."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from expedientes import JSON_VARIANTE, Auditable, FechaHoraUTC, ahora


def _instante(**kw: Any) -> Any:
    return Field(default_factory=ahora, sa_type=FechaHoraUTC, **kw)


class PlantillaVersion(Auditable, SQLModel, table=True):
    """Una versión de una plantilla: su `.docx` (blob) y su contrato. Nunca se modifica."""

    __tablename__ = "plantilla_version"
    __entidad__ = "plantilla_version"
    __etiqueta__ = ("nombre", "Plantilla")
    __table_args__ = (UniqueConstraint("nombre", "version", name="uq_plantilla_version"),)

    id: int | None = Field(default=None, primary_key=True)
    nombre: str = Field(max_length=40, index=True)
    version: int
    titulo: str = Field(max_length=200)
    docx_sha256: str = Field(max_length=64)
    contrato: dict[str, Any] = Field(sa_column=Column(JSON_VARIANTE, nullable=False))
    contrato_sha256: str = Field(max_length=64)
    origen: str = Field(max_length=10)  # catalogo | subida
    notas: str = Field(default="", max_length=1000)
    subida_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    creado_en: datetime = _instante()


class EstadoDocumento(StrEnum):
    """El ciclo de un documento generado."""

    BORRADOR = "borrador"
    EN_REVISION = "en_revision"
    OBSERVADO = "observado"
    APROBADO = "aprobado"
    FINAL = "final"
    ANULADO = "anulado"


NOMBRES_ESTADO_DOCUMENTO = {
    EstadoDocumento.BORRADOR: "Borrador",
    EstadoDocumento.EN_REVISION: "En revisión",
    EstadoDocumento.OBSERVADO: "Observado",
    EstadoDocumento.APROBADO: "Aprobado",
    EstadoDocumento.FINAL: "Final",
    EstadoDocumento.ANULADO: "Anulado",
}


class DocumentoGenerado(Auditable, SQLModel, table=True):
    """Un documento generado con su número `DRP-AAAA-NNNNNN`, desde borrador hasta final.

    Guarda la plantilla exacta que lo generó (nombre, versión y sha256) y las entradas con que se
    generó; el `.docx` y su PDF están en el almacén. El jefe aprueba un sha256: cualquier cambio
    posterior anula la aprobación.
    """

    __tablename__ = "documento_generado"
    __entidad__ = "documento_generado"
    __etiqueta__ = ("numero", "Documento")
    __no_auditar__ = frozenset({"actualizado_en", "texto"})

    id: int | None = Field(default=None, primary_key=True)
    numero: str = Field(max_length=20, unique=True, index=True)
    expediente_id: int = Field(foreign_key="expediente.id", index=True)
    plantilla_version_id: int = Field(foreign_key="plantilla_version.id")
    plantilla: str = Field(max_length=40, index=True)
    plantilla_version: int
    plantilla_sha256: str = Field(max_length=64)
    titulo: str = Field(max_length=200)
    # Para la carta saliente: a quién va y su asunto, calculados con el contexto al generar.
    destinatario: str = Field(default="", max_length=500)
    asunto: str = Field(default="", max_length=1000)
    estado: str = Field(max_length=20, index=True)
    fecha: date
    entradas: dict[str, Any] = Field(sa_column=Column(JSON_VARIANTE, nullable=False))
    docx_sha256: str = Field(max_length=64)
    texto: str = Field(default="", sa_type=Text)
    pdf_sha256: str | None = Field(default=None, max_length=64)
    # El .docx del que salió el PDF: la vista previa vale solo si coincide con el actual.
    pdf_de_sha256: str | None = Field(default=None, max_length=64)
    folios: int | None = None
    autor_id: int = Field(foreign_key="usuario.id", index=True)
    editado_por_id: int = Field(foreign_key="usuario.id")
    aprobado_sha256: str | None = Field(default=None, max_length=64)
    aprobado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    aprobado_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    finalizado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    final_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    responde_a: str | None = Field(default=None, max_length=20)
    saliente_numero: str | None = Field(default=None, max_length=20, index=True)
    message_id: str | None = Field(default=None, max_length=998)
    motivo_anulacion: str = Field(default="", max_length=1000)
    creado_en: datetime = _instante()
    actualizado_en: datetime = _instante()


class EventoDocumento(SQLModel, table=True):
    """Un paso de la revisión: quién hizo qué, sobre qué sha256, y sus observaciones."""

    __tablename__ = "evento_documento"

    id: int | None = Field(default=None, primary_key=True)
    documento_id: int = Field(foreign_key="documento_generado.id", index=True)
    accion: str = Field(max_length=20)
    estado_anterior: str = Field(default="", max_length=20)
    estado_nuevo: str = Field(max_length=20)
    docx_sha256: str = Field(max_length=64)
    comentario: str = Field(default="", sa_type=Text)
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id")
    cuando: datetime = _instante()
