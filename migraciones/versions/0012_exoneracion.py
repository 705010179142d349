"""Deuda: la multa y el recargo de un período exonerados por el Consejo Directivo (el descargo de
la transacción), para mostrarlos como exonerados y no cobrarlos.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Agrega la fecha de la exoneración (con ALTER TABLE: sin rehacer la tabla)."""
    op.add_column("deuda_periodo", sa.Column("exonerado_el", sa.Date(), nullable=True))


def downgrade() -> None:
    """Quita la columna."""
    with op.batch_alter_table("deuda_periodo", schema=None) as batch_op:
        batch_op.drop_column("exonerado_el")
