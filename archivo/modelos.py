"""Las tablas del archivo: sellos con su manifiesto encadenado, préstamos y verificaciones."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from expedientes import JSON_VARIANTE, Auditable, FechaHoraUTC, ahora


class Sello(Auditable, SQLModel, table=True):
    """Un manifiesto sellado de un expediente: su huella y la del sello anterior de la cadena.

    La cadena es una sola para todo el archivo (`secuencia` 1, 2, 3…): quitar o alterar un
    manifiesto cualquiera rompe el enlace del siguiente. Solo se agregan (triggers en la base).
    """

    __tablename__ = "sello"
    __entidad__ = "sello"
    __etiqueta__ = ("manifiesto_sha256", "Sello")
    __table_args__ = (UniqueConstraint("expediente_id", "version", name="uq_sello_version"),)

    id: int | None = Field(default=None, primary_key=True)
    secuencia: int = Field(unique=True)
    expediente_id: int = Field(foreign_key="expediente.id", index=True)
    version: int
    manifiesto_sha256: str = Field(max_length=64, unique=True)
    anterior_sha256: str | None = Field(default=None, max_length=64)
    motivo: str = Field(default="", max_length=1000)
    sellado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    sellado_en: datetime = Field(default_factory=ahora, sa_type=FechaHoraUTC)


class Prestamo(Auditable, SQLModel, table=True):
    """El préstamo de un expediente físico: a quién, de qué oficina, hasta cuándo, y su devolución."""

    __tablename__ = "prestamo"
    __entidad__ = "prestamo"
    __etiqueta__ = ("persona", "Préstamo")

    id: int | None = Field(default=None, primary_key=True)
    expediente_id: int = Field(foreign_key="expediente.id", index=True)
    persona: str = Field(max_length=200)
    oficina: str = Field(max_length=200)
    prestado_el: date
    vence_el: date = Field(index=True)
    devuelto_el: date | None = None
    nota: str = Field(default="", max_length=1000)
    registrado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    creado_en: datetime = Field(default_factory=ahora, sa_type=FechaHoraUTC)
    actualizado_en: datetime = Field(default_factory=ahora, sa_type=FechaHoraUTC)


class Verificacion(SQLModel, table=True):
    """El resultado de una verificación de integridad del archivo (a mano o programada)."""

    __tablename__ = "verificacion"

    id: int | None = Field(default=None, primary_key=True)
    iniciada_en: datetime = Field(default_factory=ahora, sa_type=FechaHoraUTC, index=True)
    terminada_en: datetime = Field(default_factory=ahora, sa_type=FechaHoraUTC)
    alcance: str = Field(max_length=40)  # "todo" o un número de expediente
    correcta: bool
    sellos: int = 0
    documentos: int = 0
    # La cabeza de la cadena vista en esta verificación: la siguiente exige encontrarla todavía.
    cabeza_sha256: str | None = Field(default=None, max_length=64)
    problemas: list[str] = Field(
        default_factory=list, sa_column=Column(JSON_VARIANTE, nullable=False)
    )
    origen: str = Field(default="", max_length=40)  # cli:usuario | programada | web:usuario
