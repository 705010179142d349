"""Entorno de Alembic: migra la base indicada con los modelos de todos los paquetes."""

from __future__ import annotations

from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlmodel import SQLModel

import archivo  # noqa: F401

# Cada paquete registra sus tablas en los metadatos al importarse: aquí se ven todas.
import avisos  # noqa: F401
import correspondencia  # noqa: F401
import plantillas  # noqa: F401
import seguimiento  # noqa: F401
from expedientes import Dinero, FechaHoraUTC, crear_engine
from migraciones.ejecucion import es_del_esquema

config = context.config
objetivo = SQLModel.metadata


def tipo_fisico(tipo: str, objeto: Any, contexto: AutogenContext) -> str | bool:
    """Los tipos propios se escriben como su tipo físico: una migración no importa el código."""
    if tipo == "type" and isinstance(objeto, FechaHoraUTC):
        return "FECHA_HORA"
    if tipo == "type" and isinstance(objeto, Dinero):
        return "DINERO"
    return False


def correr_en_linea() -> None:
    """Aplica las migraciones (o compara los modelos) con una conexión real."""
    engine = crear_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conexion:
        context.configure(
            connection=conexion,
            target_metadata=objetivo,
            render_as_batch=conexion.dialect.name == "sqlite",
            compare_type=True,
            include_name=es_del_esquema,
            render_item=tipo_fisico,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


correr_en_linea()
