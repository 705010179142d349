"""Esquema inicial: usuarios, patronos, expedientes, deuda, gestiones, secuencias y bitácora.

Revision ID: 0001
Revises:
Create Date: 2026-11-21 14:05:21.425124
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Los tipos físicos de las columnas, fijos aquí: una migración no depende del código vivo.
FECHA_HORA = sa.DateTime(timezone=True)
# Dinero: NUMERIC(14,2) en PostgreSQL, centavos enteros en SQLite.
DINERO = sa.Numeric(14, 2).with_variant(sa.BigInteger(), "sqlite")


SOLO_AGREGAR = "la bitácora de auditoría solo admite agregar renglones"


def _bitacora_solo_agregar() -> None:
    """Triggers que rechazan UPDATE y DELETE sobre la bitácora, en ambos motores."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION auditoria_solo_agregar() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{SOLO_AGREGAR}'; END $$;
            CREATE TRIGGER auditoria_sin_cambios BEFORE UPDATE OR DELETE ON auditoria
                FOR EACH ROW EXECUTE FUNCTION auditoria_solo_agregar();
            CREATE TRIGGER auditoria_sin_vaciar BEFORE TRUNCATE ON auditoria
                FOR EACH STATEMENT EXECUTE FUNCTION auditoria_solo_agregar();
            """
        )
    else:
        for operacion in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER auditoria_sin_{operacion.lower()} BEFORE {operacion} ON auditoria "
                f"BEGIN SELECT RAISE(ABORT, '{SOLO_AGREGAR}'); END"
            )


def _bitacora() -> None:
    """La bitácora de auditoría, con sus índices y los triggers que solo la dejan crecer."""
    op.create_table(
        "auditoria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cuando", FECHA_HORA, nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("accion", sa.String(length=20), nullable=False),
        sa.Column("entidad", sa.String(length=40), nullable=False),
        sa.Column("entidad_id", sa.String(length=40), nullable=False),
        sa.Column("motivo", sa.String(length=1000), nullable=False),
        sa.Column("antes", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True),
        sa.Column(
            "despues", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=True
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("auditoria", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auditoria_cuando"), ["cuando"], unique=False)
        batch_op.create_index("ix_auditoria_entidad", ["entidad", "entidad_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_auditoria_usuario_id"), ["usuario_id"], unique=False)
    _bitacora_solo_agregar()


def _patronos_y_secuencias() -> None:
    """Los patronos con sus índices de búsqueda, y las secuencias de numeración por serie y año."""
    op.create_table(
        "patrono",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("numero_patronal", sa.String(length=12), nullable=False),
        sa.Column("nit", sa.String(length=14), nullable=False),
        sa.Column("razon_social", sa.String(length=250), nullable=False),
        sa.Column("nombre_comercial", sa.String(length=250), nullable=False),
        sa.Column("direccion", sa.String(length=400), nullable=False),
        sa.Column("municipio", sa.String(length=100), nullable=False),
        sa.Column("departamento", sa.String(length=100), nullable=False),
        sa.Column("representante_legal", sa.String(length=200), nullable=False),
        sa.Column("dui_representante", sa.String(length=9), nullable=True),
        sa.Column("correo", sa.String(length=200), nullable=False),
        sa.Column("telefono", sa.String(length=40), nullable=False),
        sa.Column("sucursal", sa.String(length=100), nullable=False),
        sa.Column("busqueda", sa.Text(), nullable=False),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("patrono", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patrono_busqueda"), ["busqueda"], unique=False)
        batch_op.create_index(batch_op.f("ix_patrono_nit"), ["nit"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_patrono_numero_patronal"), ["numero_patronal"], unique=True
        )
        batch_op.create_index(batch_op.f("ix_patrono_sucursal"), ["sucursal"], unique=False)

    op.create_table(
        "secuencia",
        sa.Column("serie", sa.String(length=10), nullable=False),
        sa.Column("anio", sa.Integer(), nullable=False),
        sa.Column("ultimo", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("serie", "anio"),
    )


def _usuarios() -> None:
    """Los usuarios, con su rol, su sucursal y el estado de su acceso."""
    op.create_table(
        "usuario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nombre_usuario", sa.String(length=64), nullable=False),
        sa.Column("nombre_completo", sa.String(length=200), nullable=False),
        sa.Column("rol", sa.String(length=20), nullable=False),
        sa.Column("correo", sa.String(length=200), nullable=True),
        sa.Column("sucursal", sa.String(length=100), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("token_sesion", sa.String(length=64), nullable=False),
        sa.Column("activo", sa.Boolean(), nullable=False),
        sa.Column("intentos_fallidos", sa.Integer(), nullable=False),
        sa.Column("bloqueado_hasta", FECHA_HORA, nullable=True),
        sa.Column("ultimo_acceso", FECHA_HORA, nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("usuario", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_usuario_nombre_usuario"), ["nombre_usuario"], unique=True
        )


def _deuda() -> None:
    """La deuda de cada patrono, un renglón por periodo."""
    op.create_table(
        "deuda_periodo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patrono_id", sa.Integer(), nullable=False),
        sa.Column("periodo", sa.Date(), nullable=False),
        sa.Column("cuota", DINERO, nullable=False),
        sa.Column("multa", DINERO, nullable=False),
        sa.Column("fecha_limite_pago", sa.Date(), nullable=False),
        sa.Column("pagado", sa.Boolean(), nullable=False),
        sa.Column("fecha_pago", sa.Date(), nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["patrono_id"], ["patrono.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("patrono_id", "periodo", name="uq_deuda_patrono_periodo"),
    )
    with op.batch_alter_table("deuda_periodo", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_deuda_periodo_patrono_id"), ["patrono_id"], unique=False
        )


def _expedientes() -> None:
    """Los expedientes de cada patrono, con su etapa, su gestor y su sucursal."""
    op.create_table(
        "expediente",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("numero", sa.String(length=20), nullable=False),
        sa.Column("patrono_id", sa.Integer(), nullable=False),
        sa.Column("tipo", sa.String(length=20), nullable=False),
        sa.Column("etapa", sa.String(length=30), nullable=False),
        sa.Column("asunto", sa.String(length=300), nullable=False),
        sa.Column("gestor_id", sa.Integer(), nullable=True),
        sa.Column("sucursal", sa.String(length=100), nullable=False),
        sa.Column("abierto_el", sa.Date(), nullable=False),
        sa.Column("cerrado_el", sa.Date(), nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["gestor_id"], ["usuario.id"]),
        sa.ForeignKeyConstraint(["patrono_id"], ["patrono.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("expediente", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expediente_etapa"), ["etapa"], unique=False)
        batch_op.create_index(batch_op.f("ix_expediente_gestor_id"), ["gestor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_expediente_numero"), ["numero"], unique=True)
        batch_op.create_index(batch_op.f("ix_expediente_patrono_id"), ["patrono_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_expediente_sucursal"), ["sucursal"], unique=False)


def _gestiones() -> None:
    """Las gestiones hechas en cada expediente."""
    op.create_table(
        "gestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expediente_id", sa.Integer(), nullable=False),
        sa.Column("tipo", sa.String(length=30), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("nota", sa.String(length=4000), nullable=False),
        sa.Column("autor_id", sa.Integer(), nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["autor_id"], ["usuario.id"]),
        sa.ForeignKeyConstraint(["expediente_id"], ["expediente.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("gestion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_gestion_expediente_id"), ["expediente_id"], unique=False
        )


def _borrar(tabla: str, *indices: str) -> None:
    """Borra los índices de `tabla`, en el orden dado, y después la tabla."""
    if indices:
        with op.batch_alter_table(tabla, schema=None) as batch_op:
            for indice in indices:
                batch_op.drop_index(batch_op.f(indice))
    op.drop_table(tabla)


def upgrade() -> None:
    """Crea las tablas en el orden que piden sus llaves foráneas, empezando por la bitácora."""
    _bitacora()
    _patronos_y_secuencias()
    _usuarios()
    _deuda()
    _expedientes()
    _gestiones()


def downgrade() -> None:
    """Quita los triggers de la bitácora y borra las tablas en el orden inverso al de creación."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER auditoria_sin_vaciar ON auditoria")
        op.execute("DROP TRIGGER auditoria_sin_cambios ON auditoria")
        op.execute("DROP FUNCTION auditoria_solo_agregar()")
    _borrar("gestion", "ix_gestion_expediente_id")
    _borrar(
        "expediente",
        "ix_expediente_sucursal",
        "ix_expediente_patrono_id",
        "ix_expediente_numero",
        "ix_expediente_gestor_id",
        "ix_expediente_etapa",
    )
    _borrar("deuda_periodo", "ix_deuda_periodo_patrono_id")
    _borrar("usuario", "ix_usuario_nombre_usuario")
    _borrar("secuencia")
    _borrar(
        "patrono",
        "ix_patrono_sucursal",
        "ix_patrono_numero_patronal",
        "ix_patrono_nit",
        "ix_patrono_busqueda",
    )
    _borrar("auditoria", "ix_auditoria_usuario_id", "ix_auditoria_entidad", "ix_auditoria_cuando")
