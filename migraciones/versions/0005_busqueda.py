"""Búsqueda en el archivo: el índice (cabeceras, documentos, claves exactas) y su motor.

En PostgreSQL, `vector` es un `tsvector` con índice GIN. En SQLite es texto, y lo indexan tablas
FTS5 de contenido externo (`<tabla>_fts`) que mantienen triggers; el índice GIN queda allí como
índice parcial vacío (`WHERE 0`) para que modelos y migraciones declaren un solo esquema.
Los expedientes y documentos que ya existían los indexa `migraciones.aplicar_migraciones` al
terminar (con el código del archivo, que esta migración no importa).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VECTOR = sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql")
# (tabla, columna que hace de rowid en su tabla FTS5)
INDEXADAS = [("busqueda_expediente", "expediente_id"), ("busqueda_documento", "documento_id")]


def _fts_sqlite(tabla: str, rowid: str) -> list[str]:
    """La tabla FTS5 de contenido externo y los triggers que la tienen al día."""
    fts = f"{tabla}_fts"
    # Nombres fijos de este archivo, no datos.
    borrar = f"INSERT INTO {fts}({fts}, rowid, vector) VALUES ('delete', old.{rowid}, old.vector);"  # noqa: S608
    agregar = f"INSERT INTO {fts}(rowid, vector) VALUES (new.{rowid}, new.vector);"  # noqa: S608
    return [
        # `ascii`: las fichas ya vienen normalizadas en Python; `detail=none`: solo importa qué
        # filas tienen cada raíz (ni posiciones ni frases), lo que lo hace compacto y rápido.
        f"CREATE VIRTUAL TABLE {fts} USING fts5(vector, content='{tabla}', "
        f"content_rowid='{rowid}', tokenize='ascii', detail=none, columnsize=0)",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {tabla} BEGIN {agregar} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {tabla} BEGIN {borrar} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {tabla} BEGIN {borrar} {agregar} END",
    ]


def _exigir_fts5() -> None:
    """Falla con un mensaje claro si el SQLite de la conexión no trae FTS5."""
    opciones = {fila[0] for fila in op.get_bind().exec_driver_sql("PRAGMA compile_options")}
    if "ENABLE_FTS5" not in opciones:
        raise RuntimeError(
            "Este SQLite no tiene FTS5 (búsqueda de texto completo): instale un SQLite que lo "
            "incluya o use PostgreSQL."
        )


def _tablas_del_indice() -> None:
    """Las fichas de búsqueda de expedientes y documentos, y las claves exactas."""
    op.create_table(
        "busqueda_expediente",
        sa.Column("expediente_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("vector", VECTOR, nullable=False),
        sa.PrimaryKeyConstraint("expediente_id"),
    )
    op.create_table(
        "busqueda_documento",
        sa.Column("documento_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("expediente_id", sa.Integer(), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("vector", VECTOR, nullable=False),
        sa.PrimaryKeyConstraint("documento_id"),
    )
    op.create_table(
        "busqueda_clave",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clave", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("expediente_id", sa.Integer(), nullable=False),
        sa.Column("documento_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("busqueda_clave", schema=None) as batch_op:
        batch_op.create_index("ix_busqueda_clave_clave", ["clave", "expediente_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_busqueda_clave_expediente_id"), ["expediente_id"], unique=False
        )
    with op.batch_alter_table("busqueda_documento", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_busqueda_documento_expediente_id"), ["expediente_id"], unique=False
        )


def _motor_de_busqueda() -> None:
    """El índice GIN de cada vector y, en SQLite, sus tablas FTS5 con sus triggers."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _exigir_fts5()
    for tabla, rowid in INDEXADAS:
        op.create_index(
            f"ix_{tabla}_vector",
            tabla,
            ["vector"],
            unique=False,
            postgresql_using="gin",
            sqlite_where=sa.text("0"),
        )
        if sqlite:
            for sentencia in _fts_sqlite(tabla, rowid):
                op.execute(sentencia)


def upgrade() -> None:
    """Crea las tablas del índice y, después, su motor de búsqueda."""
    _tablas_del_indice()
    _motor_de_busqueda()


def downgrade() -> None:
    """Quita el motor de búsqueda y borra las tablas del índice."""
    for tabla, _rowid in reversed(INDEXADAS):
        if op.get_bind().dialect.name == "sqlite":
            for sufijo in ("au", "ad", "ai"):
                op.execute(f"DROP TRIGGER {tabla}_fts_{sufijo}")
            op.execute(f"DROP TABLE {tabla}_fts")
        op.drop_index(f"ix_{tabla}_vector", table_name=tabla)
    with op.batch_alter_table("busqueda_documento", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_busqueda_documento_expediente_id"))
    with op.batch_alter_table("busqueda_clave", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_busqueda_clave_expediente_id"))
        batch_op.drop_index("ix_busqueda_clave_clave")
    op.drop_table("busqueda_clave")
    op.drop_table("busqueda_documento")
    op.drop_table("busqueda_expediente")
