"""Correspondencia: buzones, estado de carpetas, cartas entrantes, adjuntos y salientes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 15:59:25.264672
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Los tipos físicos de las columnas, fijos aquí: una migración no depende del código vivo.
FECHA_HORA = sa.DateTime(timezone=True)


def _lista_json() -> sa.JSON:
    """Una columna JSON (JSONB en PostgreSQL) en que None se guarda como NULL."""
    return sa.JSON(none_as_null=True).with_variant(
        postgresql.JSONB(none_as_null=True), "postgresql"
    )


def _buzones_y_carpetas() -> None:
    """Los buzones IMAP y, por carpeta, hasta dónde se leyó y cómo fue el último sondeo."""
    op.create_table(
        "buzon",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nombre", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("host", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("puerto", sa.Integer(), nullable=False),
        sa.Column("usuario", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("contrasena_cifrada", sa.Text(), nullable=False),
        sa.Column("seguridad", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("carpeta", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column(
            "carpeta_procesados", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True
        ),
        sa.Column("activo", sa.Boolean(), nullable=False),
        sa.Column("desde_entorno", sa.Boolean(), nullable=False),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nombre"),
    )
    op.create_table(
        "estado_carpeta",
        sa.Column("fuente", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("carpeta", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=True),
        sa.Column("ultimo_uid", sa.BigInteger(), nullable=False),
        sa.Column("ultimo_sondeo_en", FECHA_HORA, nullable=True),
        sa.Column("ultimo_exito_en", FECHA_HORA, nullable=True),
        sa.Column("ultimo_error", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("errores_seguidos", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("fuente", "carpeta"),
    )


def _columnas_de_llegada() -> list[sa.Column]:
    """Las columnas de una carta que dicen de dónde llegó y cómo se la reconoce."""
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("numero", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("origen", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("buzon_id", sa.Integer(), nullable=True),
        sa.Column("carpeta", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=True),
        sa.Column("uid", sa.BigInteger(), nullable=True),
        sa.Column("pendiente_servidor", sa.Boolean(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("incompleto", sa.Boolean(), nullable=False),
        sa.Column("nombre_archivo", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("message_id", sqlmodel.sql.sqltypes.AutoString(length=998), nullable=True),
        sa.Column("in_reply_to", _lista_json(), nullable=False),
        sa.Column("referencias", _lista_json(), nullable=False),
    ]


def _columnas_de_contenido() -> list[sa.Column]:
    """Las columnas de una carta con quién la manda, qué dice y de qué tipo es."""
    return [
        sa.Column("remitente", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("correo_remitente", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column("destinatarios", _lista_json(), nullable=False),
        sa.Column("asunto", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column(
            "referencia_remitente", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
        sa.Column("fecha_documento", FECHA_HORA, nullable=True),
        sa.Column("recibido_en", FECHA_HORA, nullable=False),
        sa.Column("texto", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=True),
        sa.Column("texto_ocr", sa.Text(), nullable=False),
        sa.Column("tipo", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("automatico", sa.Boolean(), nullable=False),
        sa.Column(
            "motivo_automatico", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False
        ),
    ]


def _columnas_de_tramite() -> list[sa.Column]:
    """Las columnas de una carta con su estado, a quién y a qué expediente toca, y su plazo."""
    return [
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("asignado_id", sa.Integer(), nullable=True),
        sa.Column("patrono_id", sa.Integer(), nullable=True),
        sa.Column("expediente_id", sa.Integer(), nullable=True),
        sa.Column("vinculo_motivo", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("vence_el", sa.Date(), nullable=True),
        sa.Column("respondida_en", FECHA_HORA, nullable=True),
        sa.Column("advertencias", _lista_json(), nullable=False),
        sa.Column("registrado_por_id", sa.Integer(), nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
    ]


def _cartas_entrantes() -> None:
    """La correspondencia que entra, con sus llaves, su unicidad por mensaje IMAP y sus índices."""
    op.create_table(
        "correspondencia",
        *_columnas_de_llegada(),
        *_columnas_de_contenido(),
        *_columnas_de_tramite(),
        sa.ForeignKeyConstraint(["asignado_id"], ["usuario.id"]),
        sa.ForeignKeyConstraint(["buzon_id"], ["buzon.id"]),
        sa.ForeignKeyConstraint(["expediente_id"], ["expediente.id"]),
        sa.ForeignKeyConstraint(["patrono_id"], ["patrono.id"]),
        sa.ForeignKeyConstraint(["registrado_por_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("buzon_id", "carpeta", "uidvalidity", "uid", name="uq_corresp_imap"),
    )
    _indices_de_cartas_entrantes()


def _indices_de_cartas_entrantes() -> None:
    """Los índices de la correspondencia; un archivo subido a mano no se registra dos veces."""
    with op.batch_alter_table("correspondencia", schema=None) as batch_op:
        for columna, unico in (
            ("asignado_id", False),
            ("correo_remitente", False),
            ("estado", False),
            ("expediente_id", False),
            ("message_id", False),
            ("numero", True),
            ("patrono_id", False),
            ("recibido_en", False),
            ("sha256", False),
            ("vence_el", False),
        ):
            batch_op.create_index(
                batch_op.f(f"ix_correspondencia_{columna}"), [columna], unique=unico
            )
        batch_op.create_index(
            "uq_corresp_contenido",
            ["origen", "sha256"],
            unique=True,
            sqlite_where=sa.text("origen <> 'imap'"),
            postgresql_where=sa.text("origen <> 'imap'"),
        )


def _adjuntos() -> None:
    """Los adjuntos de cada carta, en su orden."""
    op.create_table(
        "adjunto",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("correspondencia_id", sa.Integer(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("nombre", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("tipo_mime", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("texto", sa.Text(), nullable=False),
        sa.Column("clase", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.ForeignKeyConstraint(["correspondencia_id"], ["correspondencia.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("adjunto", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adjunto_correspondencia_id"), ["correspondencia_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_adjunto_sha256"), ["sha256"], unique=False)


def _salientes() -> None:
    """Las cartas que salen, numeradas, con la carta a que responden."""
    op.create_table(
        "saliente",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("numero", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("message_id", sqlmodel.sql.sqltypes.AutoString(length=998), nullable=True),
        sa.Column("asunto", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("destinatario", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("patrono_id", sa.Integer(), nullable=True),
        sa.Column("expediente_id", sa.Integer(), nullable=True),
        sa.Column("responde_a_id", sa.Integer(), nullable=True),
        sa.Column("emitida_el", sa.Date(), nullable=False),
        sa.Column("autor_id", sa.Integer(), nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["autor_id"], ["usuario.id"]),
        sa.ForeignKeyConstraint(["expediente_id"], ["expediente.id"]),
        sa.ForeignKeyConstraint(["patrono_id"], ["patrono.id"]),
        sa.ForeignKeyConstraint(["responde_a_id"], ["correspondencia.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
    )
    with op.batch_alter_table("saliente", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_saliente_expediente_id"), ["expediente_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_saliente_numero"), ["numero"], unique=True)
        batch_op.create_index(batch_op.f("ix_saliente_patrono_id"), ["patrono_id"], unique=False)


def _borrar(tabla: str, *indices: str) -> None:
    """Borra los índices de `tabla`, en el orden dado, y después la tabla."""
    if indices:
        with op.batch_alter_table(tabla, schema=None) as batch_op:
            for indice in indices:
                batch_op.drop_index(batch_op.f(indice))
    op.drop_table(tabla)


def upgrade() -> None:
    """Crea buzones, carpetas, cartas, adjuntos y salientes, en el orden de sus llaves foráneas."""
    _buzones_y_carpetas()
    _cartas_entrantes()
    _adjuntos()
    _salientes()


def downgrade() -> None:
    """Borra las tablas en el orden inverso al de creación."""
    _borrar("saliente", "ix_saliente_patrono_id", "ix_saliente_numero", "ix_saliente_expediente_id")
    _borrar("adjunto", "ix_adjunto_sha256", "ix_adjunto_correspondencia_id")
    _borrar(
        "correspondencia",
        "uq_corresp_contenido",
        *(
            f"ix_correspondencia_{columna}"
            for columna in (
                "vence_el",
                "sha256",
                "recibido_en",
                "patrono_id",
                "numero",
                "message_id",
                "expediente_id",
                "estado",
                "correo_remitente",
                "asignado_id",
            )
        ),
    )
    _borrar("estado_carpeta")
    _borrar("buzon")
