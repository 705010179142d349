"""Las tablas del dominio compartido (SQLModel); la lógica vive en los servicios."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from expedientes.tipos import Dinero, FechaHoraUTC, ahora

JSON_VARIANTE = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


def _dinero(**kw: Any) -> Any:
    return Field(sa_type=Dinero, **kw)


def _instante(**kw: Any) -> Any:
    return Field(default_factory=ahora, sa_type=FechaHoraUTC, **kw)


class Auditable:
    """Marca de las tablas cuyos cambios quedan en la bitácora (ver `expedientes.auditoria`)."""

    __entidad__: ClassVar[str]
    # Cómo se nombra en la bitácora: (campo que la identifica, título), p. ej. «Carta CE-…».
    __etiqueta__: ClassVar[tuple[str, str]]
    # Campos que no se copian a la bitácora (secretos) o que se derivan de otros.
    __no_auditar__: ClassVar[frozenset[str]] = frozenset({"actualizado_en"})
    __ocultar__: ClassVar[frozenset[str]] = frozenset()


class Usuario(Auditable, SQLModel, table=True):
    """Una persona del departamento con un rol."""

    __tablename__ = "usuario"
    __entidad__ = "usuario"
    __etiqueta__ = ("nombre_usuario", "Usuario")
    __ocultar__ = frozenset({"password_hash", "token_sesion"})
    __no_auditar__ = frozenset({"actualizado_en", "ultimo_acceso"})

    id: int | None = Field(default=None, primary_key=True)
    nombre_usuario: str = Field(max_length=64, unique=True, index=True)
    nombre_completo: str = Field(max_length=200)
    rol: str = Field(max_length=20)
    correo: str | None = Field(default=None, max_length=200)
    sucursal: str | None = Field(default=None, max_length=100)
    # Cómo quiere sus avisos por correo: inmediato | diario | ninguno (`avisos.Preferencia`).
    avisos_correo: str = Field(default="inmediato", max_length=12)
    # Suplente del jefe: revisa y aprueba documentos (los que el jefe redacta), nunca los suyos.
    suplente: bool = False
    password_hash: str = Field(max_length=255)
    token_sesion: str = Field(max_length=64)
    activo: bool = True
    # Los intentos fallidos y los bloqueos, por cuenta y origen: `expedientes.intentos`.
    ultimo_acceso: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    creado_en: datetime = _instante()
    actualizado_en: datetime = _instante()


class Patrono(Auditable, SQLModel, table=True):
    """Un empleador, identificado por su número patronal."""

    __tablename__ = "patrono"
    __entidad__ = "patrono"
    __etiqueta__ = ("numero_patronal", "Patrono")
    __no_auditar__ = frozenset({"actualizado_en", "busqueda"})

    id: int | None = Field(default=None, primary_key=True)
    numero_patronal: str = Field(max_length=12, unique=True, index=True)
    nit: str = Field(max_length=14, index=True)
    razon_social: str = Field(max_length=250)
    nombre_comercial: str = Field(default="", max_length=250)
    direccion: str = Field(default="", max_length=400)
    municipio: str = Field(default="", max_length=100)
    departamento: str = Field(default="", max_length=100)
    representante_legal: str = Field(default="", max_length=200)
    dui_representante: str | None = Field(default=None, max_length=9)
    correo: str = Field(default="", max_length=200)
    telefono: str = Field(default="", max_length=40)
    sucursal: str = Field(default="", max_length=100, index=True)
    # Razón social y nombre comercial sin tildes ni mayúsculas, para buscar.
    busqueda: str = Field(default="", sa_type=Text, index=True)
    creado_en: datetime = _instante()
    actualizado_en: datetime = _instante()


class Expediente(Auditable, SQLModel, table=True):
    """El caso: todo lo de un asunto de un patrono, con su número `EXP-AAAA-NNNNN`."""

    __tablename__ = "expediente"
    __entidad__ = "expediente"
    __etiqueta__ = ("numero", "Expediente")

    id: int | None = Field(default=None, primary_key=True)
    numero: str = Field(max_length=20, unique=True, index=True)
    patrono_id: int = Field(foreign_key="patrono.id", index=True)
    tipo: str = Field(max_length=20)
    etapa: str = Field(max_length=30, index=True)
    asunto: str = Field(default="", max_length=300)
    gestor_id: int | None = Field(default=None, foreign_key="usuario.id", index=True)
    sucursal: str = Field(default="", max_length=100, index=True)
    abierto_el: date
    cerrado_el: date | None = None
    # Sellado y archivado (`archivo.sellado`): desde entonces nada del expediente cambia.
    sellado_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    creado_en: datetime = _instante()
    actualizado_en: datetime = _instante()


class DeudaPeriodo(Auditable, SQLModel, table=True):
    """La cuota de un período de un patrono, con su multa; el recargo se calcula al corte."""

    __tablename__ = "deuda_periodo"
    __entidad__ = "deuda_periodo"
    __etiqueta__ = ("id", "Período de deuda")
    __table_args__ = (UniqueConstraint("patrono_id", "periodo", name="uq_deuda_patrono_periodo"),)

    id: int | None = Field(default=None, primary_key=True)
    patrono_id: int = Field(foreign_key="patrono.id", index=True)
    periodo: date  # primer día del mes cotizado
    cuota: Decimal = _dinero()
    multa: Decimal = _dinero(default=Decimal("0.00"))
    fecha_limite_pago: date
    pagado: bool = False
    # Multa y recargo exonerados por Acuerdo del Consejo Directivo (el descargo de la transacción).
    exonerado_el: date | None = None
    fecha_pago: date | None = None
    creado_en: datetime = _instante()
    actualizado_en: datetime = _instante()


class Gestion(Auditable, SQLModel, table=True):
    """Una acción de cobro sobre un expediente: llamada, visita, aviso, reunión."""

    __tablename__ = "gestion"
    __entidad__ = "gestion"
    __etiqueta__ = ("id", "Gestión")

    id: int | None = Field(default=None, primary_key=True)
    expediente_id: int = Field(foreign_key="expediente.id", index=True)
    tipo: str = Field(max_length=30)
    fecha: date
    nota: str = Field(max_length=4000)
    autor_id: int | None = Field(default=None, foreign_key="usuario.id")
    creado_en: datetime = _instante()
    actualizado_en: datetime = _instante()


class Secuencia(SQLModel, table=True):
    """El último número asignado de una serie en un año; avanza en la transacción que lo usa."""

    __tablename__ = "secuencia"

    serie: str = Field(max_length=10, primary_key=True)
    anio: int = Field(primary_key=True)
    ultimo: int = 0


class Auditoria(SQLModel, table=True):
    """Un renglón de la bitácora: quién cambió qué, cuándo, antes y después. Solo se agrega."""

    __tablename__ = "auditoria"
    __table_args__ = (
        Index("ix_auditoria_entidad", "entidad", "entidad_id"),
        # El orden de la bitácora por persona y por clase de cosa (expedientes.bitacora_orden).
        Index("ix_auditoria_persona_orden", "usuario_id", "actor", "id"),
        Index("ix_auditoria_entidad_orden", "entidad", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    cuando: datetime = _instante(index=True)
    usuario_id: int | None = Field(default=None, index=True)
    actor: str = Field(max_length=100)
    accion: str = Field(max_length=20)
    entidad: str = Field(max_length=40)
    entidad_id: str = Field(max_length=40)
    motivo: str = Field(default="", max_length=1000)
    antes: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON_VARIANTE))
    despues: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON_VARIANTE))
