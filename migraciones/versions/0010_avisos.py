"""Avisos: lo que cada persona debe saber (y su envío por correo), hasta dónde se leyó la
bitácora, y cómo quiere cada persona sus avisos por correo; y el suplente del jefe (quien revisa
los documentos que el jefe redacta).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FECHA_HORA = sa.DateTime(timezone=True)
JSON = sa.JSON(none_as_null=True).with_variant(postgresql.JSONB(none_as_null=True), "postgresql")


def _texto(largo: int) -> sa.types.TypeEngine[str]:
    return sqlmodel.sql.sqltypes.AutoString(length=largo)


def upgrade() -> None:
    """Crea las tablas y agrega la preferencia (con ALTER TABLE: sin rehacer `usuario`)."""
    op.create_table(
        "aviso",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("clave", _texto(200), nullable=False),
        sa.Column("evento", _texto(40), nullable=False),
        sa.Column("titulo", _texto(500), nullable=False),
        sa.Column("objeto", _texto(30), nullable=False),
        sa.Column("referencia", _texto(60), nullable=False),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("leido_en", FECHA_HORA, nullable=True),
        sa.Column("correo", _texto(20), nullable=False),
        sa.Column("correo_en", FECHA_HORA, nullable=True),
        sa.ForeignKeyConstraint(["usuario_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("usuario_id", "clave", name="uq_aviso_clave"),
    )
    for columna in ("usuario_id", "evento", "creado_en", "correo"):
        op.create_index(f"ix_aviso_{columna}", "aviso", [columna])
    op.create_table(
        "lectura_bitacora",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inicio_id", sa.Integer(), nullable=False),
        sa.Column("ultimo_id", sa.Integer(), nullable=False),
        sa.Column("huecos", JSON, nullable=False),
        sa.Column("ultimo_resumen", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.add_column(
        "usuario",
        sa.Column("avisos_correo", _texto(12), nullable=False, server_default="inmediato"),
    )
    op.add_column(
        "usuario", sa.Column("suplente", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    """Quita la preferencia y las tablas."""
    with op.batch_alter_table("usuario", schema=None) as batch_op:
        batch_op.drop_column("suplente")
        batch_op.drop_column("avisos_correo")
    op.drop_table("lectura_bitacora")
    for columna in ("usuario_id", "evento", "creado_en", "correo"):
        op.drop_index(f"ix_aviso_{columna}", table_name="aviso")
    op.drop_table("aviso")
