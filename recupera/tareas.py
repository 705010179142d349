"""Las tareas largas de la instalación: qué sabe hacer (un manejador por clase de tarea, con los
servicios ya conectados) y quién las hace — un grupo pequeño de hilos en cada proceso web, que
empieza la tarea en cuanto la persona la pide, y el barrido del servicio, que retoma las que
quedaron en espera o abandonadas (un proceso que cayó)."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from archivo import CLASE_INCORPORAR_ESCANEO, manejador_incorporacion_escaneo
from correspondencia import CLASE_REGISTRO_PAPEL, ReglasDePlazo, manejador_registro_papel
from expedientes import Manejador, hacer_las_pendientes, hacer_tarea
from plantillas import CLASE_LOTE, manejador_lote
from recupera.composicion import Servicios

_LOG = logging.getLogger(__name__)
HILOS_POR_PROCESO = 2


def manejadores(servicios: Servicios) -> dict[str, Manejador]:
    """Lo que esta instalación sabe hacer como tarea."""
    conf = servicios.settings
    return {
        CLASE_REGISTRO_PAPEL: manejador_registro_papel(
            bd=servicios.bd,
            almacen=servicios.almacen,
            reglas=ReglasDePlazo.desde(conf),
            ocr_segundos=conf.ocr_segundos,
        ),
        CLASE_INCORPORAR_ESCANEO: manejador_incorporacion_escaneo(
            bd=servicios.bd,
            almacen=servicios.almacen,
            requisitos=servicios.requisitos,
            ocr_segundos=conf.ocr_segundos,
        ),
        CLASE_LOTE: manejador_lote(bd=servicios.bd, p=servicios.documentos),
    }


class Ejecutor:
    """Hace las tareas que se piden en este proceso, fuera de los hilos que atienden peticiones."""

    def __init__(self, servicios: Servicios) -> None:
        self._servicios = servicios
        self._manejadores = manejadores(servicios)
        self._hilos = ThreadPoolExecutor(HILOS_POR_PROCESO, thread_name_prefix="tarea")

    def empezar(self, tarea_id: int) -> None:
        """La empieza en un hilo propio (si otro proceso ya la tomó, no hace nada)."""
        self._hilos.submit(self._hacer, tarea_id)

    def cerrar(self) -> None:
        """Espera a que terminen las tareas empezadas y no acepta más."""
        self._hilos.shutdown(wait=True)

    def _hacer(self, tarea_id: int) -> None:
        try:
            hacer_tarea(self._servicios.bd, tarea_id, self._manejadores)
        except Exception:  # la tarea queda en la base: el barrido la retoma
            _LOG.exception("no se pudo hacer la tarea %s", tarea_id)

    def barrer_siempre(self, segundos: float, parar: threading.Event) -> None:
        """Retoma cada `segundos` las tareas en espera o abandonadas, hasta que se pida parar."""
        while not parar.is_set():
            try:
                hacer_las_pendientes(self._servicios.bd, self._manejadores)
            except Exception:
                _LOG.exception("el barrido de tareas falló; se reintenta")
            parar.wait(segundos)
