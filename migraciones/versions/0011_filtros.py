"""«Mis filtros»: los filtros con nombre que cada persona guarda para una lista.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 20:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _texto(largo: int) -> sa.types.TypeEngine[str]:
    return sqlmodel.sql.sqltypes.AutoString(length=largo)


def upgrade() -> None:
    """Crea la tabla, un filtro por persona, lista y nombre."""
    op.create_table(
        "filtro_guardado",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("lista", _texto(80), nullable=False),
        sa.Column("nombre", _texto(80), nullable=False),
        sa.Column("consulta", _texto(2000), nullable=False),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["usuario_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("usuario_id", "lista", "nombre", name="uq_filtro_nombre"),
    )
    op.create_index("ix_filtro_guardado_usuario_id", "filtro_guardado", ["usuario_id"])


def downgrade() -> None:
    """Quita la tabla."""
    op.drop_index("ix_filtro_guardado_usuario_id", table_name="filtro_guardado")
    op.drop_table("filtro_guardado")
