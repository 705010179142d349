"""Las migraciones crean exactamente el esquema que declaran los modelos, en ambos motores.

Un modelo cambiado sin su migración (o al revés) haría que la base de producción no sea la que
el código espera; esta prueba lo detecta antes de publicar.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine
from sqlmodel import SQLModel

# Cada capacidad registra sus tablas en los metadatos al importarse.
import archivo.documentos
import archivo.modelos  # noqa: F401
import correspondencia.modelos  # noqa: F401
import expedientes.modelos  # noqa: F401
import plantillas.modelos  # noqa: F401
import seguimiento.modelos  # noqa: F401
from expedientes.db import es_del_esquema


def test_el_esquema_migrado_coincide_con_los_modelos(engine: Engine) -> None:
    """Sin diferencias de tablas, columnas, tipos ni índices entre migraciones y modelos."""
    with engine.connect() as conexion:
        contexto = MigrationContext.configure(
            conexion, opts={"compare_type": True, "include_name": es_del_esquema}
        )
        assert compare_metadata(contexto, SQLModel.metadata) == []
