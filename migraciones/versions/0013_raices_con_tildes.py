"""Búsqueda: las raíces del índice se calculan con las tildes de cada palabra y se pliegan después.

El índice guardaba raíces de palabras ya sin tildes (en PostgreSQL, las de `to_tsvector('spanish',
…)`), y el algoritmo Snowball español no reconoce sin ellas sus sufijos con tilde: «cotización»
quedaba `cotizacion` y «cotizaciones», `cotiz`. Ahora `archivo.lexico` reduce la palabra con sus
tildes y pliega la raíz (y guarda también la de la palabra escrita sin tildes, si es otra), para
ambos motores; PostgreSQL guarda esas raíces tal cual (`array_to_tsvector`). El esquema no cambia (la columna sigue siendo `tsvector` con su índice GIN,
o texto con su tabla FTS5): cambian las filas. Reescribirlas necesita el código del archivo, que
una versión no importa, así que lo hace el paso de datos de esta revisión en
`migraciones.aplicar_migraciones` (`reconstruir_indice`, como tras la 0005).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 21:10:00
"""

from collections.abc import Sequence

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nada en el esquema: el índice lo reescribe el paso de datos de `aplicar_migraciones`."""


def downgrade() -> None:
    """Nada en el esquema. Las filas quedan con las raíces nuevas, que el código anterior lee
    igual salvo en las palabras cuyo sufijo lleva tilde; su `reindexar_todo` las reescribe."""
