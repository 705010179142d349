"""Plantillas: versiones del catálogo, documentos generados con su revisión, y los documentos
de cada expediente. Las versiones de plantilla y los eventos de revisión solo admiten agregar.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 09:34:31.131835
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Los tipos físicos de las columnas, fijos aquí: una migración no depende del código vivo.
FECHA_HORA = sa.DateTime(timezone=True)

# Una versión publicada de una plantilla y la historia de una revisión no se reescriben.
SOLO_AGREGAR = {
    "plantilla_version": "una versión de plantilla no se modifica; suba una versión nueva",
    "evento_documento": "la historia de revisión de un documento solo admite agregar",
}


def _json() -> sa.JSON:
    """Una columna JSON (JSONB en PostgreSQL) en que None se guarda como NULL."""
    return sa.JSON(none_as_null=True).with_variant(
        postgresql.JSONB(none_as_null=True, astext_type=sa.Text()), "postgresql"
    )


def _versiones_de_plantilla() -> None:
    """Las versiones publicadas de cada plantilla del catálogo, con su contrato."""
    op.create_table(
        "plantilla_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nombre", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("titulo", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("docx_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("contrato", _json(), nullable=False),
        sa.Column("contrato_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("origen", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("notas", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("subida_por_id", sa.Integer(), nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["subida_por_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nombre", "version", name="uq_plantilla_version"),
    )
    with op.batch_alter_table("plantilla_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plantilla_version_nombre"), ["nombre"], unique=False)


def _documentos_del_expediente() -> None:
    """Los documentos de cada expediente, en su orden, con sus huellas."""
    op.create_table(
        "documento_expediente",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expediente_id", sa.Integer(), nullable=False),
        sa.Column("orden", sa.Integer(), nullable=False),
        sa.Column("tipo", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("titulo", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("referencia", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("origen", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("folios", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("sha256_pdf", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("registrado_por_id", sa.Integer(), nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["expediente_id"], ["expediente.id"]),
        sa.ForeignKeyConstraint(["registrado_por_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("expediente_id", "orden", name="uq_documento_orden"),
    )
    with op.batch_alter_table("documento_expediente", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_documento_expediente_expediente_id"), ["expediente_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_documento_expediente_referencia"), ["referencia"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_documento_expediente_sha256"), ["sha256"], unique=False
        )


def _columnas_del_documento_generado() -> list[sa.Column]:
    """Las columnas de un documento generado: su plantilla, lo que se le dio y lo que produjo."""
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("numero", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("expediente_id", sa.Integer(), nullable=False),
        sa.Column("plantilla_version_id", sa.Integer(), nullable=False),
        sa.Column("plantilla", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("plantilla_version", sa.Integer(), nullable=False),
        sa.Column("plantilla_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("titulo", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("destinatario", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("asunto", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("entradas", _json(), nullable=False),
        sa.Column("docx_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("texto", sa.Text(), nullable=False),
        sa.Column("pdf_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("pdf_de_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("folios", sa.Integer(), nullable=True),
    ]


def _columnas_de_revision() -> list[sa.Column]:
    """Las columnas de la revisión de un documento: quién lo editó, aprobó y finalizó, y cuándo."""
    return [
        sa.Column("autor_id", sa.Integer(), nullable=False),
        sa.Column("editado_por_id", sa.Integer(), nullable=False),
        sa.Column("aprobado_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("aprobado_por_id", sa.Integer(), nullable=True),
        sa.Column("aprobado_en", FECHA_HORA, nullable=True),
        sa.Column("finalizado_por_id", sa.Integer(), nullable=True),
        sa.Column("final_en", FECHA_HORA, nullable=True),
        sa.Column("responde_a", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("saliente_numero", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("message_id", sqlmodel.sql.sqltypes.AutoString(length=998), nullable=True),
        sa.Column(
            "motivo_anulacion", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False
        ),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
    ]


def _documentos_generados() -> None:
    """Los documentos generados desde una plantilla, con sus llaves e índices."""
    op.create_table(
        "documento_generado",
        *_columnas_del_documento_generado(),
        *_columnas_de_revision(),
        sa.ForeignKeyConstraint(["aprobado_por_id"], ["usuario.id"]),
        sa.ForeignKeyConstraint(["autor_id"], ["usuario.id"]),
        sa.ForeignKeyConstraint(["editado_por_id"], ["usuario.id"]),
        sa.ForeignKeyConstraint(["expediente_id"], ["expediente.id"]),
        sa.ForeignKeyConstraint(["finalizado_por_id"], ["usuario.id"]),
        sa.ForeignKeyConstraint(["plantilla_version_id"], ["plantilla_version.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("documento_generado", schema=None) as batch_op:
        for columna, unico in (
            ("autor_id", False),
            ("estado", False),
            ("expediente_id", False),
            ("numero", True),
            ("plantilla", False),
            ("saliente_numero", False),
        ):
            batch_op.create_index(
                batch_op.f(f"ix_documento_generado_{columna}"), [columna], unique=unico
            )


def _eventos_de_documento() -> None:
    """La historia de revisión de cada documento generado."""
    op.create_table(
        "evento_documento",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("documento_id", sa.Integer(), nullable=False),
        sa.Column("accion", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("estado_anterior", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("estado_nuevo", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("docx_sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("comentario", sa.Text(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.Column("cuando", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["documento_id"], ["documento_generado.id"]),
        sa.ForeignKeyConstraint(["usuario_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evento_documento", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evento_documento_documento_id"), ["documento_id"], unique=False
        )


def _solo_agregar(tabla: str) -> None:
    """Triggers que rechazan UPDATE y DELETE sobre la tabla, en ambos motores."""
    mensaje = f"{tabla}: {SOLO_AGREGAR[tabla]}"
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE FUNCTION {tabla}_solo_agregar() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{mensaje}'; END $$;
            CREATE TRIGGER {tabla}_sin_cambios BEFORE UPDATE OR DELETE ON {tabla}
                FOR EACH ROW EXECUTE FUNCTION {tabla}_solo_agregar();
            """
        )
    else:
        for operacion in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {tabla}_sin_{operacion.lower()} BEFORE {operacion} ON {tabla} "
                f"BEGIN SELECT RAISE(ABORT, '{mensaje}'); END"
            )


def _borrar(tabla: str, *indices: str) -> None:
    """Borra los índices de `tabla`, en el orden dado, y después la tabla."""
    with op.batch_alter_table(tabla, schema=None) as batch_op:
        for indice in indices:
            batch_op.drop_index(batch_op.f(indice))
    op.drop_table(tabla)


def upgrade() -> None:
    """Crea las tablas en el orden de sus llaves foráneas y después los triggers de solo agregar."""
    _versiones_de_plantilla()
    _documentos_del_expediente()
    _documentos_generados()
    _eventos_de_documento()
    for tabla in SOLO_AGREGAR:
        _solo_agregar(tabla)


def downgrade() -> None:
    """Quita los triggers de solo agregar y borra las tablas en el orden inverso al de creación."""
    for tabla in SOLO_AGREGAR:
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP TRIGGER {tabla}_sin_cambios ON {tabla}")
            op.execute(f"DROP FUNCTION {tabla}_solo_agregar()")
        else:
            op.execute(f"DROP TRIGGER {tabla}_sin_update")
            op.execute(f"DROP TRIGGER {tabla}_sin_delete")
    _borrar("evento_documento", "ix_evento_documento_documento_id")
    _borrar(
        "documento_generado",
        *(
            f"ix_documento_generado_{columna}"
            for columna in (
                "saliente_numero",
                "plantilla",
                "numero",
                "expediente_id",
                "estado",
                "autor_id",
            )
        ),
    )
    _borrar(
        "documento_expediente",
        "ix_documento_expediente_sha256",
        "ix_documento_expediente_referencia",
        "ix_documento_expediente_expediente_id",
    )
    _borrar("plantilla_version", "ix_plantilla_version_nombre")
