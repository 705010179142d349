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
