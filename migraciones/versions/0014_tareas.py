"""Las tareas largas de cada persona (el OCR de un escaneo, un lote de documentos), con su avance.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 21:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FECHA_HORA = sa.DateTime(timezone=True)


def _texto(largo: int) -> sa.types.TypeEngine[str]:
    return sqlmodel.sql.sqltypes.AutoString(length=largo)


def _json() -> sa.types.TypeEngine[object]:
    """Una columna JSON (JSONB en PostgreSQL) en que None se guarda como NULL."""
    return sa.JSON(none_as_null=True).with_variant(
        postgresql.JSONB(none_as_null=True), "postgresql"
    )


def upgrade() -> None:
    """Crea la tabla de tareas."""
    op.create_table(
        "tarea",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clase", _texto(40), nullable=False),
        sa.Column("titulo", _texto(300), nullable=False),
        sa.Column("estado", _texto(20), nullable=False),
        sa.Column("parametros", _json(), nullable=True),
        sa.Column("avance", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("etapa", _texto(300), nullable=False),
        sa.Column("resultado", _json(), nullable=True),
        sa.Column("problemas", _json(), nullable=True),
        sa.Column("intentos", sa.Integer(), nullable=False),
        sa.Column("creada_por_id", sa.Integer(), nullable=False),
        sa.Column("creada_en", FECHA_HORA, nullable=False),
        sa.Column("latido_en", FECHA_HORA, nullable=True),
        sa.Column("terminada_en", FECHA_HORA, nullable=True),
        sa.ForeignKeyConstraint(["creada_por_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_tarea_estado", "tarea", ["estado"])
    op.create_index("ix_tarea_creada_por_id", "tarea", ["creada_por_id"])


def downgrade() -> None:
    """Quita la tabla."""
    op.drop_index("ix_tarea_creada_por_id", table_name="tarea")
    op.drop_index("ix_tarea_estado", table_name="tarea")
    op.drop_table("tarea")
