"""Archivo: sellos con manifiesto encadenado, préstamos, verificaciones, y lo que se guarda de
cada documento del expediente (nombre, tipo, texto para buscar, motivo de corrección).

Triggers, en ambos motores: un sello no se modifica ni se borra, y nada de un expediente sellado
cambia por ningún camino (su fila, sus documentos, gestiones, documentos generados, cartas que
se le vinculan o salidas que se le numeran); a un expediente sellado solo se le agregan
documentos de corrección, con su motivo.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 10:29:08.094791
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Los tipos físicos de las columnas, fijos aquí: una migración no depende del código vivo.
FECHA_HORA = sa.DateTime(timezone=True)

SELLADO = "el expediente está sellado y archivado: no admite cambios"
# En PostgreSQL el WHEN de un trigger no admite subconsultas: la consulta va en una función.
_SELLADO = "SELLADO({})"
_SELLADO_SQLITE = "EXISTS (SELECT 1 FROM sello WHERE sello.expediente_id = {})"
# (tabla, operación, condición) en que la base rechaza la operación.
REGLAS = [
    ("sello", "UPDATE", "1 = 1"),
    ("sello", "DELETE", "1 = 1"),
    ("expediente", "UPDATE", _SELLADO.format("OLD.id")),
    ("expediente", "DELETE", _SELLADO.format("OLD.id")),
    ("documento_expediente", "UPDATE", _SELLADO.format("OLD.expediente_id")),
    ("documento_expediente", "DELETE", _SELLADO.format("OLD.expediente_id")),
    (
        "documento_expediente",
        "INSERT",
        _SELLADO.format("NEW.expediente_id") + " AND NEW.correccion = ''",
    ),
    ("gestion", "INSERT", _SELLADO.format("NEW.expediente_id")),
    ("gestion", "UPDATE", _SELLADO.format("OLD.expediente_id")),
    ("gestion", "DELETE", _SELLADO.format("OLD.expediente_id")),
    ("documento_generado", "INSERT", _SELLADO.format("NEW.expediente_id")),
    ("documento_generado", "UPDATE", _SELLADO.format("OLD.expediente_id")),
    ("documento_generado", "DELETE", _SELLADO.format("OLD.expediente_id")),
    ("saliente", "INSERT", _SELLADO.format("NEW.expediente_id")),
    ("correspondencia", "INSERT", _SELLADO.format("NEW.expediente_id")),
    (
        "correspondencia",
        "UPDATE",
        "(NEW.expediente_id IS DISTINCT FROM OLD.expediente_id) AND ("
        + _SELLADO.format("OLD.expediente_id")
        + " OR "
        + _SELLADO.format("NEW.expediente_id")
        + ")",
    ),
]


def _nombre(tabla: str, operacion: str) -> str:
    """El nombre del trigger que rechaza `operacion` sobre `tabla`."""
    return f"{tabla}_sellado_{operacion.lower()}"


def _disparadores(accion: str) -> None:
    """Crea (o borra) los triggers de `REGLAS` en el motor de la conexión."""
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres and accion == "crear":
        op.execute(
            "CREATE FUNCTION rechazar_sellado() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '%: {SELLADO}', TG_TABLE_NAME; END $$"
        )
        op.execute(
            # $1 y no un nombre: en una función SQL, `id` sería la columna sello.id.
            "CREATE FUNCTION expediente_sellado(integer) RETURNS boolean LANGUAGE sql STABLE "
            "AS $$ SELECT EXISTS (SELECT 1 FROM sello WHERE sello.expediente_id = $1) $$"
        )
    for tabla, operacion, condicion in REGLAS:
        nombre = _nombre(tabla, operacion)
        condicion = _en_motor(condicion, postgres)
        if accion == "borrar":
            op.execute(f"DROP TRIGGER {nombre}" + (f" ON {tabla}" if postgres else ""))
        elif postgres:
            op.execute(
                f"CREATE TRIGGER {nombre} BEFORE {operacion} ON {tabla} FOR EACH ROW "
                f"WHEN ({condicion}) EXECUTE FUNCTION rechazar_sellado()"
            )
        else:
            # SQLite no conoce IS DISTINCT FROM: su IS NOT compara NULL igual que él.
            condicion = condicion.replace("IS DISTINCT FROM", "IS NOT")
            op.execute(
                f"CREATE TRIGGER {nombre} BEFORE {operacion} ON {tabla} WHEN {condicion} "
                f"BEGIN SELECT RAISE(ABORT, '{tabla}: {SELLADO}'); END"
            )
    if postgres and accion == "borrar":
        op.execute("DROP FUNCTION rechazar_sellado()")
        op.execute("DROP FUNCTION expediente_sellado(integer)")


def _en_motor(condicion: str, postgres: bool) -> str:
    """La condición con la consulta de «¿está sellado?» como la entiende cada motor."""
    partes = condicion.split("SELLADO(")
    salida = partes[0]
    for parte in partes[1:]:
        argumento, _, resto = parte.partition(")")
        consulta = (
            f"expediente_sellado({argumento})" if postgres else _SELLADO_SQLITE.format(argumento)
        )
        salida += consulta + resto
    return salida


def _verificaciones() -> None:
    """Las corridas de verificación de los sellos, con lo que encontraron."""
    op.create_table(
        "verificacion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("iniciada_en", FECHA_HORA, nullable=False),
        sa.Column("terminada_en", FECHA_HORA, nullable=False),
        sa.Column("alcance", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("correcta", sa.Boolean(), nullable=False),
        sa.Column("sellos", sa.Integer(), nullable=False),
        sa.Column("documentos", sa.Integer(), nullable=False),
        sa.Column("cabeza_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column(
            "problemas",
            sa.JSON(none_as_null=True).with_variant(
                postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("origen", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("verificacion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verificacion_iniciada_en"), ["iniciada_en"], unique=False
        )


def _prestamos() -> None:
    """Los préstamos de un expediente físico, con su vencimiento y su devolución."""
    op.create_table(
        "prestamo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expediente_id", sa.Integer(), nullable=False),
        sa.Column("persona", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("oficina", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("prestado_el", sa.Date(), nullable=False),
        sa.Column("vence_el", sa.Date(), nullable=False),
        sa.Column("devuelto_el", sa.Date(), nullable=True),
        sa.Column("nota", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("registrado_por_id", sa.Integer(), nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["expediente_id"], ["expediente.id"]),
        sa.ForeignKeyConstraint(["registrado_por_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("prestamo", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prestamo_expediente_id"), ["expediente_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_prestamo_vence_el"), ["vence_el"], unique=False)


def _sellos() -> None:
    """Los sellos, cada uno con su manifiesto encadenado al del sello anterior."""
    op.create_table(
        "sello",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("secuencia", sa.Integer(), nullable=False),
        sa.Column("expediente_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("manifiesto_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("anterior_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("motivo", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("sellado_por_id", sa.Integer(), nullable=True),
        sa.Column("sellado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["expediente_id"], ["expediente.id"]),
        sa.ForeignKeyConstraint(["sellado_por_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("expediente_id", "version", name="uq_sello_version"),
        sa.UniqueConstraint("manifiesto_sha256"),
        sa.UniqueConstraint("secuencia"),
    )
    with op.batch_alter_table("sello", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sello_expediente_id"), ["expediente_id"], unique=False)


def _lo_guardado_de_cada_documento() -> None:
    """Nombre, tipo, texto y corrección de cada documento; una referencia vigente por expediente."""
    with op.batch_alter_table("documento_expediente", schema=None) as batch_op:
        for columna in (
            sa.Column("nombre_archivo", sqlmodel.sql.sqltypes.AutoString(length=255)),
            sa.Column("tipo_mime", sqlmodel.sql.sqltypes.AutoString(length=255)),
            sa.Column("texto", sa.Text()),
            sa.Column("correccion", sqlmodel.sql.sqltypes.AutoString(length=1000)),
        ):
            columna.nullable = False
            columna.server_default = sa.text("''")  # las filas que ya existían
            batch_op.add_column(columna)

    with op.batch_alter_table("documento_expediente", schema=None) as batch_op:
        batch_op.create_index(
            "uq_documento_referencia",
            ["expediente_id", "referencia"],
            unique=True,
            sqlite_where=sa.text("referencia <> '' AND correccion = ''"),
            postgresql_where=sa.text("referencia <> '' AND correccion = ''"),
        )


def _borrar(tabla: str, *indices: str) -> None:
    """Borra los índices de `tabla`, en el orden dado, y después la tabla."""
    with op.batch_alter_table(tabla, schema=None) as batch_op:
        for indice in indices:
            batch_op.drop_index(batch_op.f(indice))
    op.drop_table(tabla)


def upgrade() -> None:
    """Crea verificaciones, préstamos y sellos, completa documentos y expedientes, y triggers."""
    _verificaciones()
    _prestamos()
    _sellos()
    _lo_guardado_de_cada_documento()
    with op.batch_alter_table("expediente", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sellado_en", FECHA_HORA, nullable=True))
    _disparadores("crear")


def downgrade() -> None:
    """Quita los triggers y las columnas agregadas, y borra las tablas en el orden inverso."""
    _disparadores("borrar")
    with op.batch_alter_table("expediente", schema=None) as batch_op:
        batch_op.drop_column("sellado_en")
    with op.batch_alter_table("documento_expediente", schema=None) as batch_op:
        batch_op.drop_index("uq_documento_referencia")
    with op.batch_alter_table("documento_expediente", schema=None) as batch_op:
        batch_op.drop_column("correccion")
        batch_op.drop_column("texto")
        batch_op.drop_column("tipo_mime")
        batch_op.drop_column("nombre_archivo")
    _borrar("sello", "ix_sello_expediente_id")
    _borrar("prestamo", "ix_prestamo_vence_el", "ix_prestamo_expediente_id")
    _borrar("verificacion", "ix_verificacion_iniciada_en")
