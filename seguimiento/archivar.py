"""Lo que impide cerrar y archivar un expediente además de sus documentos requeridos: borradores
sin terminar y convenios en curso. Quien sella (la web, la consola) pasa estos bloqueos al
archivo, que no conoce ni las plantillas ni el seguimiento."""

from __future__ import annotations

from archivo import Bloqueo
from plantillas import borradores_pendientes
from seguimiento.convenios_consultas import convenios_sin_terminar

BLOQUEOS_DE_SELLADO: tuple[Bloqueo, ...] = (borradores_pendientes, convenios_sin_terminar)
