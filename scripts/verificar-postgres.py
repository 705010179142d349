"""Falla con un mensaje claro si PostgreSQL no responde en RECUPERA_TEST_POSTGRES_URL."""

from __future__ import annotations

import os
import sys

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

URL = os.environ.get(
    "RECUPERA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

try:
    engine = create_engine(URL)
    with engine.connect() as conexion:
        version = conexion.execute(text("SHOW server_version")).scalar_one()
    engine.dispose()
except OperationalError as exc:
    print(
        f"No se pudo conectar a PostgreSQL en {URL}:\n  {exc.orig}\n"
        "Las pruebas corren sobre SQLite y PostgreSQL; inicie el servidor con\n"
        "  pg_ctlcluster 15 main start\n"
        "o indique otro en RECUPERA_TEST_POSTGRES_URL.",
        file=sys.stderr,
    )
    sys.exit(1)
print(f"PostgreSQL {version} disponible.")
