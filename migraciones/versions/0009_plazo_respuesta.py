"""Salida: el plazo de respuesta que quien redacta pone a cualquier carta (no va impreso).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 20:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Agrega la columna (con ALTER TABLE: en SQLite, el modo por lotes perdería el trigger)."""
    op.add_column("saliente", sa.Column("plazo_respuesta_dias", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Quita la columna."""
    with op.batch_alter_table("saliente", schema=None) as batch_op:
        batch_op.drop_column("plazo_respuesta_dias")
