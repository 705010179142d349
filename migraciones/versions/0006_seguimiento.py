"""Seguimiento: convenios con sus cuotas, pagos y su aplicación, transacciones ante el Consejo,
informes de la Unidad Jurídica, alertas y metas del Plan Anual.

Como el resto de un expediente sellado, su convenio, sus cuotas, su transacción y lo informado por
Jurídica ya no cambian (triggers en ambos motores); la aplicación de un pago solo se agrega.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 11:57:16.507551
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Los tipos físicos de las columnas, fijos aquí: una migración no depende del código vivo.
FECHA_HORA = sa.DateTime(timezone=True)
# Dinero: NUMERIC(14,2) en PostgreSQL, centavos enteros en SQLite.
DINERO = sa.Numeric(14, 2).with_variant(sa.BigInteger(), "sqlite")

SELLADO = "el expediente está sellado y archivado: no admite cambios"
_POR_EXPEDIENTE = "EXISTS (SELECT 1 FROM sello WHERE sello.expediente_id = {})"
_POR_CONVENIO = (
    "EXISTS (SELECT 1 FROM sello JOIN convenio ON convenio.expediente_id = sello.expediente_id "
    "WHERE convenio.id = {})"
)
# (tabla, operación, columna con el expediente o el convenio, de qué fila, cómo se llega al sello)
REGLAS = [
    (tabla, operacion, columna, fila, via)
    for tabla, columna, via in (
        ("convenio", "expediente_id", "expediente"),
        ("transaccion", "expediente_id", "expediente"),
        ("informe_juridica", "expediente_id", "expediente"),
        ("alerta", "expediente_id", "expediente"),
        ("cuota_convenio", "convenio_id", "convenio"),
    )
    for operacion, fila in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD"))
]


def _indices(tabla: str, *columnas: str) -> None:
    """Un índice no único `ix_<tabla>_<columna>` por cada columna, en el orden dado."""
    with op.batch_alter_table(tabla, schema=None) as batch_op:
        for columna in columnas:
            batch_op.create_index(batch_op.f(f"ix_{tabla}_{columna}"), [columna], unique=False)


def _metas_del_plan() -> None:
    """Las metas del Plan Anual, por año, mes y sucursal."""
    op.create_table(
        "meta_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("anio", sa.Integer(), nullable=False),
        sa.Column("mes", sa.Integer(), nullable=False),
        sa.Column("sucursal", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("meta", DINERO, nullable=False),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("anio", "mes", "sucursal", name="uq_meta_plan"),
    )
    _indices("meta_plan", "anio")


def _pagos() -> None:
    """Los pagos de cada patrono, con lo que queda sin aplicar."""
    op.create_table(
        "pago",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patrono_id", sa.Integer(), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("monto", DINERO, nullable=False),
        sa.Column("referencia", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("sucursal", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("sin_aplicar", DINERO, nullable=False),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["patrono_id"], ["patrono.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("referencia"),
    )
    _indices("pago", "fecha", "patrono_id", "sucursal")


def _convenios() -> None:
    """Los convenios de pago de cada expediente, con sus montos y su vigencia."""
    op.create_table(
        "convenio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expediente_id", sa.Integer(), nullable=False),
        sa.Column("documento_numero", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("prima", DINERO, nullable=False),
        sa.Column("prima_pagada", DINERO, nullable=False),
        sa.Column("financiado", DINERO, nullable=False),
        sa.Column("total", DINERO, nullable=False),
        sa.Column("cuotas_para_incumplir", sa.Integer(), nullable=False),
        sa.Column("firmado_el", sa.Date(), nullable=True),
        sa.Column("escaneo_orden", sa.Integer(), nullable=True),
        sa.Column("vigente_desde", sa.Date(), nullable=True),
        sa.Column("cerrado_el", sa.Date(), nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["expediente_id"], ["expediente.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("documento_numero"),
    )
    _indices("convenio", "estado", "expediente_id")


def _informes_de_juridica() -> None:
    """Lo que la Unidad Jurídica informa de cada expediente."""
    op.create_table(
        "informe_juridica",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expediente_id", sa.Integer(), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("detalle", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("carta_numero", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("registrado_por_id", sa.Integer(), nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["expediente_id"], ["expediente.id"]),
        sa.ForeignKeyConstraint(["registrado_por_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _indices("informe_juridica", "expediente_id")


def _transacciones() -> None:
    """Las transacciones ante el Consejo, de la solicitud al descargo."""
    op.create_table(
        "transaccion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expediente_id", sa.Integer(), nullable=False),
        sa.Column("estado", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("solicitud_numero", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("solicitud_el", sa.Date(), nullable=False),
        sa.Column(
            "anteproyecto_numero", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True
        ),
        sa.Column("enviado_consejo_el", sa.Date(), nullable=True),
        sa.Column("acuerdo_numero", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("acuerdo_fecha", sa.Date(), nullable=True),
        sa.Column("acuerdo_sesion", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("acuerdo_acta", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("acuerdo_otorga", sa.Text(), nullable=False),
        sa.Column(
            "acuerdo_carta_numero", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True
        ),
        sa.Column("aplicado_el", sa.Date(), nullable=True),
        sa.Column("aplicado_por", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column(
            "aplicacion_referencia", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False
        ),
        sa.Column("descargo_el", sa.Date(), nullable=True),
        sa.Column("creado_en", FECHA_HORA, nullable=False),
        sa.Column("actualizado_en", FECHA_HORA, nullable=False),
        sa.ForeignKeyConstraint(["expediente_id"], ["expediente.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("expediente_id"),
    )
    _indices("transaccion", "estado")


def _alertas() -> None:
    """Las alertas de cada expediente (y de su convenio), una por clave."""
    op.create_table(
        "alerta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("expediente_id", sa.Integer(), nullable=False),
        sa.Column("convenio_id", sa.Integer(), nullable=True),
        sa.Column("clave", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("tipo", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("mensaje", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("creada_el", sa.Date(), nullable=False),
        sa.Column("atendida_el", sa.Date(), nullable=True),
        sa.Column("atendida_por_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["atendida_por_id"], ["usuario.id"]),
        sa.ForeignKeyConstraint(["convenio_id"], ["convenio.id"]),
        sa.ForeignKeyConstraint(["expediente_id"], ["expediente.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("expediente_id", "clave", name="uq_alerta_clave"),
    )
    _indices("alerta", "expediente_id", "tipo")


def _cuotas() -> None:
    """Las cuotas de cada convenio, con lo pagado y el requerimiento que se envió."""
    op.create_table(
        "cuota_convenio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("convenio_id", sa.Integer(), nullable=False),
        sa.Column("numero", sa.Integer(), nullable=False),
        sa.Column("vence_el", sa.Date(), nullable=False),
        sa.Column("monto", DINERO, nullable=False),
        sa.Column("pagado", DINERO, nullable=False),
        sa.Column("pagada_el", sa.Date(), nullable=True),
        sa.Column(
            "requerimiento_numero", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True
        ),
        sa.ForeignKeyConstraint(["convenio_id"], ["convenio.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("convenio_id", "numero", name="uq_cuota_numero"),
    )
    _indices("cuota_convenio", "convenio_id", "vence_el")


def _aplicaciones_de_pago() -> None:
    """Cómo se aplica cada pago a un convenio y a sus cuotas."""
    op.create_table(
        "aplicacion_pago",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pago_id", sa.Integer(), nullable=False),
        sa.Column("convenio_id", sa.Integer(), nullable=False),
        sa.Column("cuota_id", sa.Integer(), nullable=True),
        sa.Column("monto", DINERO, nullable=False),
        sa.ForeignKeyConstraint(["convenio_id"], ["convenio.id"]),
        sa.ForeignKeyConstraint(["cuota_id"], ["cuota_convenio.id"]),
        sa.ForeignKeyConstraint(["pago_id"], ["pago.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    _indices("aplicacion_pago", "convenio_id", "pago_id")


def upgrade() -> None:
    """Crea las tablas en el orden que piden sus llaves foráneas y después los triggers."""
    _metas_del_plan()
    _pagos()
    _convenios()
    _informes_de_juridica()
    _transacciones()
    _alertas()
    _cuotas()
    _aplicaciones_de_pago()
    _disparadores("crear")


def _nombre(tabla: str, operacion: str) -> str:
    """El nombre del trigger que rechaza `operacion` sobre `tabla`."""
    return f"{tabla}_sellado_{operacion.lower()}"


def _disparadores(accion: str) -> None:
    """Crea (o borra) los triggers: nada de un expediente sellado cambia; aplicar un pago solo
    agrega filas."""
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres and accion == "crear":
        # En PostgreSQL el WHEN no admite subconsultas: van en funciones (rechazar_sellado y
        # expediente_sellado las creó la migración 0004).
        op.execute(
            "CREATE FUNCTION convenio_sellado(integer) RETURNS boolean LANGUAGE sql STABLE AS $$ "
            "SELECT EXISTS (SELECT 1 FROM sello JOIN convenio "
            "ON convenio.expediente_id = sello.expediente_id WHERE convenio.id = $1) $$"
        )
    for tabla, operacion, columna, fila, via in REGLAS:
        nombre = _nombre(tabla, operacion)
        if accion == "borrar":
            op.execute(f"DROP TRIGGER {nombre}" + (f" ON {tabla}" if postgres else ""))
        elif postgres:
            op.execute(
                f"CREATE TRIGGER {nombre} BEFORE {operacion} ON {tabla} FOR EACH ROW "
                f"WHEN ({via}_sellado({fila}.{columna})) EXECUTE FUNCTION rechazar_sellado()"
            )
        else:
            plantilla = _POR_EXPEDIENTE if via == "expediente" else _POR_CONVENIO
            op.execute(
                f"CREATE TRIGGER {nombre} BEFORE {operacion} ON {tabla} "
                f"WHEN {plantilla.format(f'{fila}.{columna}')} "
                f"BEGIN SELECT RAISE(ABORT, '{tabla}: {SELLADO}'); END"
            )
    _aplicacion_solo_agrega(accion, postgres)
    if postgres and accion == "borrar":
        op.execute("DROP FUNCTION convenio_sellado(integer)")


def _aplicacion_solo_agrega(accion: str, postgres: bool) -> None:
    """La aplicación de un pago es historia: no se modifica ni se borra."""
    mensaje = "aplicacion_pago: la aplicación de un pago solo admite agregar"
    if postgres and accion == "crear":
        op.execute(
            "CREATE FUNCTION rechazar_aplicacion() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{mensaje}'; END $$"
        )
    for operacion in ("UPDATE", "DELETE"):
        nombre = f"aplicacion_pago_sin_{operacion.lower()}"
        if accion == "borrar":
            op.execute(f"DROP TRIGGER {nombre}" + (" ON aplicacion_pago" if postgres else ""))
        elif postgres:
            op.execute(
                f"CREATE TRIGGER {nombre} BEFORE {operacion} ON aplicacion_pago FOR EACH ROW "
                "EXECUTE FUNCTION rechazar_aplicacion()"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {nombre} BEFORE {operacion} ON aplicacion_pago "
                f"BEGIN SELECT RAISE(ABORT, '{mensaje}'); END"
            )
    if postgres and accion == "borrar":
        op.execute("DROP FUNCTION rechazar_aplicacion()")


def _borrar(tabla: str, *indices: str) -> None:
    """Borra los índices de `tabla`, en el orden dado, y después la tabla."""
    with op.batch_alter_table(tabla, schema=None) as batch_op:
        for indice in indices:
            batch_op.drop_index(batch_op.f(indice))
    op.drop_table(tabla)


def downgrade() -> None:
    """Quita los triggers y borra las tablas en el orden inverso al de creación."""
    _disparadores("borrar")
    _borrar("aplicacion_pago", "ix_aplicacion_pago_pago_id", "ix_aplicacion_pago_convenio_id")
    _borrar("cuota_convenio", "ix_cuota_convenio_vence_el", "ix_cuota_convenio_convenio_id")
    _borrar("alerta", "ix_alerta_tipo", "ix_alerta_expediente_id")
    _borrar("transaccion", "ix_transaccion_estado")
    _borrar("informe_juridica", "ix_informe_juridica_expediente_id")
    _borrar("convenio", "ix_convenio_expediente_id", "ix_convenio_estado")
    _borrar("pago", "ix_pago_sucursal", "ix_pago_patrono_id", "ix_pago_fecha")
    _borrar("meta_plan", "ix_meta_plan_anio")
