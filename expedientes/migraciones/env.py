"""Entorno de Alembic: migra la base indicada en la configuración con los modelos del dominio."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import expedientes.modelos  # noqa: F401  (registra las tablas en los metadatos)
from expedientes.db import crear_engine, es_del_esquema

config = context.config
objetivo = SQLModel.metadata


def correr_en_linea() -> None:
    """Aplica las migraciones con una conexión real."""
    engine = crear_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conexion:
        context.configure(
            connection=conexion,
            target_metadata=objetivo,
            render_as_batch=conexion.dialect.name == "sqlite",
            compare_type=True,
            include_name=es_del_esquema,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


correr_en_linea()
