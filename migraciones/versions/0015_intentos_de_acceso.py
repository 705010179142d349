"""Los intentos fallidos de acceso por cuenta y por origen (en vez de un contador por cuenta, que
permitía a cualquiera bloquear al jefe): la tabla nueva y las columnas viejas de usuario, fuera.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-09 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FECHA_HORA = sa.DateTime(timezone=True)
_VIEJAS = ("intentos_fallidos", "bloqueado_hasta")


def upgrade() -> None:
    """Crea la tabla de intentos y quita el contador y el bloqueo de la cuenta entera."""
    op.create_table(
        "intento_de_acceso",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("origen", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("fallidos", sa.Integer(), nullable=False),
        sa.Column("ultimo_fallo", FECHA_HORA, nullable=False),
        sa.Column("bloqueado_hasta", FECHA_HORA, nullable=True),
        sa.ForeignKeyConstraint(["usuario_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("usuario_id", "origen", name="uq_intento_de_acceso"),
    )
    op.create_index("ix_intento_de_acceso_usuario_id", "intento_de_acceso", ["usuario_id"])
    for columna in _VIEJAS:
        # En SQLite (3.35 o más) sin recrear la tabla usuario, a la que apunta media base.
        op.execute(f"ALTER TABLE usuario DROP COLUMN {columna}")


def downgrade() -> None:
    """Vuelve al contador por cuenta (vacío) y borra los intentos por origen."""
    op.add_column(
        "usuario",
        sa.Column("intentos_fallidos", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("usuario", sa.Column("bloqueado_hasta", FECHA_HORA, nullable=True))
    op.drop_index("ix_intento_de_acceso_usuario_id", table_name="intento_de_acceso")
    op.drop_table("intento_de_acceso")
