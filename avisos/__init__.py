"""Los avisos: cada persona sabe lo que la necesita sin ir a buscarlo.

Un barrido lee la bitácora desde donde se quedó (una carta asignada o vinculada, un documento
devuelto, aprobado, final o por revisar, una carta rebotada o devuelta, un convenio incumplido,
una cuota vencida) y mira los plazos (cartas y solicitudes por vencer o vencidas, préstamos que no
volvieron, verificaciones del archivo con problemas); crea un aviso por hecho y persona activa, y
los envía por correo como cada quien eligió. La web muestra el contador y la lista.

Este paquete está sobre `seguimiento` (lee lo de todas las capacidades) y al lado de `panel`.
"""

from __future__ import annotations

from avisos.ciclo import ConfigAvisos, InformeAvisos, avisar_siempre, avisar_una_vez
from avisos.consultas import (
    aviso_de,
    avisos_de,
    elegir_avisos_por_correo,
    marcar_leidos,
    sin_leer,
)
from avisos.correo import NOMBRES_PREFERENCIA, EstadoCorreo, Preferencia
from avisos.generacion import generar_avisos
from avisos.generacion import lectura as lectura_de_avisos
from avisos.modelos import Aviso, LecturaBitacora

__all__ = [
    "NOMBRES_PREFERENCIA",
    "Aviso",
    "ConfigAvisos",
    "EstadoCorreo",
    "InformeAvisos",
    "LecturaBitacora",
    "Preferencia",
    "avisar_siempre",
    "avisar_una_vez",
    "aviso_de",
    "avisos_de",
    "elegir_avisos_por_correo",
    "generar_avisos",
    "lectura_de_avisos",
    "marcar_leidos",
    "sin_leer",
]
