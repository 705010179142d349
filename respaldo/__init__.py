"""Copias de respaldo de una instalación entera (la base y cada blob que nombra), hechas en línea,
verificables archivo por archivo y restaurables en una instalación vacía, de cualquier motor a
cualquiera: así también se pasa de SQLite a PostgreSQL.

Encima de todos los paquetes (lee cada tabla) y de las migraciones (restaurar crea el esquema);
debajo solo de la aplicación, que lo ofrece en la línea de comandos y lo programa en el servicio.
"""

from __future__ import annotations

from respaldo.crear import InformeCopia, crear_copia
from respaldo.programa import respaldar_antes_de_migrar, respaldar_periodicamente, toca_copia
from respaldo.restaurar import InformeRestauracion, restaurar_copia
from respaldo.retencion import DIARIAS, SEMANALES, InformePoda, copias_que_quedan, podar
from respaldo.verificar import (
    InformeVerificacion,
    copia_elegida,
    copias_en,
    fecha_de_copia,
    leer_manifiesto,
    verificar_copia,
)

__all__ = [
    "DIARIAS",
    "SEMANALES",
    "InformeCopia",
    "InformePoda",
    "InformeRestauracion",
    "InformeVerificacion",
    "copia_elegida",
    "copias_en",
    "copias_que_quedan",
    "crear_copia",
    "fecha_de_copia",
    "leer_manifiesto",
    "podar",
    "respaldar_antes_de_migrar",
    "respaldar_periodicamente",
    "restaurar_copia",
    "toca_copia",
    "verificar_copia",
]
