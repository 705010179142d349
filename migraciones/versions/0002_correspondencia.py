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


def upgrade() -> None:
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
    op.create_table(
        "correspondencia",
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
        sa.Column(
            "in_reply_to",
            sa.JSON(none_as_null=True).with_variant(
                postgresql.JSONB(none_as_null=True), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column(
            "referencias",
            sa.JSON(none_as_null=True).with_variant(
                postgresql.JSONB(none_as_null=True), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("remitente", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("correo_remitente", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column(
            "destinatarios",
            sa.JSON(none_as_null=True).with_variant(
                postgresql.JSONB(none_as_null=True), "postgresql"
            ),
            nullable=False,
        ),
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
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("asignado_id", sa.Integer(), nullable=True),
        sa.Column("patrono_id", sa.Integer(), nullable=True),
        sa.Column("expediente_id", sa.Integer(), nullable=True),
        sa.Column("vinculo_motivo", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("vence_el", sa.Date(), nullable=True),
        sa.Column("respondida_en", FECHA_HORA, nullable=True),
        sa.Column(
            "advertencias",
            sa.JSON(none_as_null=True).with_variant(
                postgresql.JSONB(none_as_null=True), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("registrado_por_id", sa.Integer(), nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(
            ["asignado_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["buzon_id"],
            ["buzon.id"],
        ),
        sa.ForeignKeyConstraint(
            ["expediente_id"],
            ["expediente.id"],
        ),
        sa.ForeignKeyConstraint(
            ["patrono_id"],
            ["patrono.id"],
        ),
        sa.ForeignKeyConstraint(
            ["registrado_por_id"],
            ["usuario.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("buzon_id", "carpeta", "uidvalidity", "uid", name="uq_corresp_imap"),
    )
    with op.batch_alter_table("correspondencia", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_correspondencia_asignado_id"), ["asignado_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_correspondencia_correo_remitente"), ["correo_remitente"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_correspondencia_estado"), ["estado"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_correspondencia_expediente_id"), ["expediente_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_correspondencia_message_id"), ["message_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_correspondencia_numero"), ["numero"], unique=True)
        batch_op.create_index(
            batch_op.f("ix_correspondencia_patrono_id"), ["patrono_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_correspondencia_recibido_en"), ["recibido_en"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_correspondencia_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_correspondencia_vence_el"), ["vence_el"], unique=False)
        batch_op.create_index(
            "uq_corresp_contenido",
            ["origen", "sha256"],
            unique=True,
            sqlite_where=sa.text("origen <> 'imap'"),
            postgresql_where=sa.text("origen <> 'imap'"),
        )

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
        sa.ForeignKeyConstraint(
            ["correspondencia_id"],
            ["correspondencia.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("adjunto", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adjunto_correspondencia_id"), ["correspondencia_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_adjunto_sha256"), ["sha256"], unique=False)

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
        sa.ForeignKeyConstraint(
            ["autor_id"],
            ["usuario.id"],
        ),
        sa.ForeignKeyConstraint(
            ["expediente_id"],
            ["expediente.id"],
        ),
        sa.ForeignKeyConstraint(
            ["patrono_id"],
            ["patrono.id"],
        ),
        sa.ForeignKeyConstraint(
            ["responde_a_id"],
            ["correspondencia.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
    )
    with op.batch_alter_table("saliente", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_saliente_expediente_id"), ["expediente_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_saliente_numero"), ["numero"], unique=True)
        batch_op.create_index(batch_op.f("ix_saliente_patrono_id"), ["patrono_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("saliente", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saliente_patrono_id"))
        batch_op.drop_index(batch_op.f("ix_saliente_numero"))
        batch_op.drop_index(batch_op.f("ix_saliente_expediente_id"))

    op.drop_table("saliente")
    with op.batch_alter_table("adjunto", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adjunto_sha256"))
        batch_op.drop_index(batch_op.f("ix_adjunto_correspondencia_id"))

    op.drop_table("adjunto")
    with op.batch_alter_table("correspondencia", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_corresp_contenido",
            sqlite_where=sa.text("origen <> 'imap'"),
            postgresql_where=sa.text("origen <> 'imap'"),
        )
        batch_op.drop_index(batch_op.f("ix_correspondencia_vence_el"))
        batch_op.drop_index(batch_op.f("ix_correspondencia_sha256"))
        batch_op.drop_index(batch_op.f("ix_correspondencia_recibido_en"))
        batch_op.drop_index(batch_op.f("ix_correspondencia_patrono_id"))
        batch_op.drop_index(batch_op.f("ix_correspondencia_numero"))
        batch_op.drop_index(batch_op.f("ix_correspondencia_message_id"))
        batch_op.drop_index(batch_op.f("ix_correspondencia_expediente_id"))
        batch_op.drop_index(batch_op.f("ix_correspondencia_estado"))
        batch_op.drop_index(batch_op.f("ix_correspondencia_correo_remitente"))
        batch_op.drop_index(batch_op.f("ix_correspondencia_asignado_id"))

    op.drop_table("correspondencia")
    op.drop_table("estado_carpeta")
    op.drop_table("buzon")
