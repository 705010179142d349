"""Fixtures de los avisos: las de correspondencia (cartas registradas, usuarios, patronos)."""

from __future__ import annotations

from tests.correspondencia.conftest import almacen, dovecot, hacer_carta, reglas
from tests.expedientes.conftest import hacer_patrono, hacer_usuario

__all__ = ["almacen", "dovecot", "hacer_carta", "hacer_patrono", "hacer_usuario", "reglas"]
