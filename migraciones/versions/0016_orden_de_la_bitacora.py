"""Los índices que ordenan la bitácora por persona y por clase de cosa en cualquier página: cada
grupo se cuenta y se recorre por id con su índice (`expedientes.bitacora_orden`).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 23:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Persona (usuario y, para los procesos, su nombre) e id; clase de cosa e id."""
    op.create_index("ix_auditoria_persona_orden", "auditoria", ["usuario_id", "actor", "id"])
    op.create_index("ix_auditoria_entidad_orden", "auditoria", ["entidad", "id"])


def downgrade() -> None:
    op.drop_index("ix_auditoria_entidad_orden", table_name="auditoria")
    op.drop_index("ix_auditoria_persona_orden", table_name="auditoria")
