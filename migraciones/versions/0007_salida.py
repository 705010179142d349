"""Salida: el registro de lo que el departamento envía (estado, canal, intentos, entrega, plazo
de respuesta) sobre la tabla `saliente`.

Las salientes que ya existían se numeraron al quedar final su documento y se enviaron fuera de
Recupera: quedan en el estado `emitida`, con su documento DRP- tomado del documento generado.

Columnas agregadas con ALTER TABLE (no con el modo por lotes de SQLite, que rehace la tabla y
perdería su trigger de expedientes sellados).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 17:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FECHA_HORA = sa.DateTime(timezone=True)


def _texto(largo: int) -> sa.types.TypeEngine[str]:
    return sqlmodel.sql.sqltypes.AutoString(length=largo)


COLUMNAS = [
    sa.Column("documento", _texto(20), nullable=True),
    sa.Column("estado", _texto(20), nullable=False, server_default="emitida"),
    sa.Column("canal", _texto(20), nullable=False, server_default=""),
    sa.Column("correo", _texto(320), nullable=False, server_default=""),
    sa.Column("motivo", _texto(1000), nullable=False, server_default=""),
    sa.Column("intentos", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("proximo_intento_en", FECHA_HORA, nullable=True),
    sa.Column("ultimo_error", _texto(2000), nullable=False, server_default=""),
    sa.Column("enviado_en", FECHA_HORA, nullable=True),
    sa.Column("entregado_en", FECHA_HORA, nullable=True),
    sa.Column("acuse_sha256", _texto(64), nullable=True),
    sa.Column("pdf_sha256", _texto(64), nullable=True),
    sa.Column("vence_el", sa.Date(), nullable=True),
    sa.Column("respondida_en", FECHA_HORA, nullable=True),
]
# La carta que respondió una solicitud: una llave foránea, que SQLite solo acepta en la misma
# sentencia que agrega la columna.
RESPONDIDA_POR = "respondida_por_id"
INDICES = ("documento", "estado", "vence_el")


def upgrade() -> None:
    """Agrega las columnas, sus índices, y el documento de cada saliente que ya existía."""
    for columna in COLUMNAS:
        op.add_column("saliente", columna)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE saliente ADD COLUMN {RESPONDIDA_POR} INTEGER REFERENCES correspondencia(id)"
        )
    else:
        op.add_column("saliente", sa.Column(RESPONDIDA_POR, sa.Integer(), nullable=True))
        op.create_foreign_key(None, "saliente", "correspondencia", [RESPONDIDA_POR], ["id"])
    for nombre in INDICES:
        op.create_index(f"ix_saliente_{nombre}", "saliente", [nombre], unique=False)
    op.execute(
        "UPDATE saliente SET documento = (SELECT d.numero FROM documento_generado d "
        "WHERE d.saliente_numero = saliente.numero)"
    )


def downgrade() -> None:
    """Quita los índices y las columnas agregadas."""
    for nombre in INDICES:
        op.drop_index(f"ix_saliente_{nombre}", table_name="saliente")
    with op.batch_alter_table("saliente", schema=None) as batch_op:
        batch_op.drop_column(RESPONDIDA_POR)
        for columna in reversed(COLUMNAS):
            batch_op.drop_column(columna.name)
