"""Calendario: los cierres institucionales (días inhábiles que declara el administrador).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Crea la tabla de cierres, un día por fila."""
    op.create_table(
        "cierre_institucional",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("motivo", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_cierre_institucional_fecha", "cierre_institucional", ["fecha"], unique=True)


def downgrade() -> None:
    """Quita la tabla de cierres."""
    op.drop_index("ix_cierre_institucional_fecha", table_name="cierre_institucional")
    op.drop_table("cierre_institucional")
