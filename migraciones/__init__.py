"""Las migraciones del esquema (Alembic), por encima de todos los paquetes: ven cada modelo.

`aplicar_migraciones` lleva una base a la última versión y, después, hace los pasos de datos que
necesitan el código vivo (p. ej., indexar lo que existía antes del índice del archivo); las
versiones mismas solo llevan DDL y SQL propio. `comprobar_modelos` es `alembic check`: falla si
los modelos y la base migrada difieren.
"""

from __future__ import annotations

from migraciones.ejecucion import (
    aplicar_migraciones,
    comprobar_modelos,
    configuracion,
    conoce_revision,
    es_del_esquema,
    revision_actual,
    ultima_revision,
)

__all__ = [
    "aplicar_migraciones",
    "comprobar_modelos",
    "configuracion",
    "conoce_revision",
    "es_del_esquema",
    "revision_actual",
    "ultima_revision",
]
