"""Las tablas que lleva una copia: las que la base tiene de verdad (en la revisión en que esté:
una copia antes de migrar lee el esquema viejo), en el orden de sus claves foráneas, menos las
derivadas que se reconstruyen. Cada columna que los modelos conocen se lee y se escribe con el
tipo del modelo (las fechas-hora siempre en UTC con zona, en ambos motores); una que ya no está
en los modelos, con el tipo que la base declara."""

from __future__ import annotations

from sqlalchemy import Column, Connection, MetaData, Table
from sqlmodel import SQLModel

import archivo  # noqa: F401 (cada paquete registra sus tablas en los metadatos al importarse)
import avisos  # noqa: F401
import correspondencia  # noqa: F401
import plantillas  # noqa: F401
import seguimiento  # noqa: F401
from respaldo.formato import DERIVADAS


def _copiable(nombre: str) -> bool:
    """Ni derivada, ni del índice FTS5 de SQLite, ni interna del motor."""
    return nombre not in DERIVADAS and "_fts" not in nombre and not nombre.startswith("sqlite_")


def tablas_de(conexion: Connection) -> list[Table]:
    """Las tablas copiables de la base, padres antes que hijas, tipadas por los modelos."""
    reflejadas = MetaData()
    reflejadas.reflect(bind=conexion)
    modelos = SQLModel.metadata.tables
    propias = MetaData()
    tablas = []
    for tabla in reflejadas.sorted_tables:
        if not _copiable(tabla.name):
            continue
        modelo = modelos.get(tabla.name)
        columnas = [
            Column(c.name, modelo.c[c.name].type if modelo is not None and c.name in modelo.c
                   else c.type, primary_key=c.primary_key)
            for c in tabla.columns
        ]  # fmt: skip
        tablas.append(Table(tabla.name, propias, *columnas))
    return tablas


def vaciar_base(conexion: Connection) -> None:
    """Borra todo lo que las migraciones crean (tablas, el índice FTS5, funciones y secuencias)
    en la base o el esquema de la conexión: deshace una restauración en un destino que estaba vacío.
    """
    en_postgresql = conexion.dialect.name == "postgresql"
    if not en_postgresql:
        conexion.exec_driver_sql("PRAGMA foreign_keys = OFF")
    for borrar, consulta in _PROPIAS_POSTGRESQL if en_postgresql else _PROPIAS_SQLITE:
        for (nombre,) in conexion.exec_driver_sql(consulta).all():  # después de borrar lo anterior
            conexion.exec_driver_sql(borrar.format(nombre))


# SQLite: las tablas virtuales primero (se llevan sus tablas internas), después vistas y tablas.
_NOMBRE_SQLITE = "SELECT '\"' || name || '\"' FROM sqlite_master WHERE "
_PROPIAS_SQLITE = [
    ("DROP TABLE IF EXISTS {}", _NOMBRE_SQLITE + "type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"),
    ("DROP VIEW IF EXISTS {}", _NOMBRE_SQLITE + "type = 'view'"),
    ("DROP TABLE IF EXISTS {}", _NOMBRE_SQLITE + "type = 'table' AND name NOT LIKE 'sqlite_%'"),
]
# PostgreSQL: lo del esquema actual que no es de una extensión (eso lo instaló otro y se queda).
_DEL_ESQUEMA = (
    " = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND NOT EXISTS "
    "(SELECT 1 FROM pg_depend d WHERE d.deptype = 'e' AND d.objid = "
)
_RELACIONES = "SELECT quote_ident(c.relname) FROM pg_class c WHERE c.relnamespace" + _DEL_ESQUEMA  # noqa: S608 (constantes)
_PROPIAS_POSTGRESQL = [
    ("DROP TABLE IF EXISTS {} CASCADE", _RELACIONES + "c.oid) AND c.relkind IN ('r', 'p')"),
    ("DROP VIEW IF EXISTS {} CASCADE", _RELACIONES + "c.oid) AND c.relkind = 'v'"),
    ("DROP SEQUENCE IF EXISTS {} CASCADE", _RELACIONES + "c.oid) AND c.relkind = 'S'"),
    (
        "DROP FUNCTION IF EXISTS {} CASCADE",
        "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace"  # noqa: S608
        + _DEL_ESQUEMA
        + "p.oid)",
    ),
]
