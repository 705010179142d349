"""Preparar muchas cartas a la vez (análisis MIME, almacén, texto de los PDF) en procesos aparte,
mientras el proceso principal registra la tanda anterior en la base.

Preparar es trabajo de CPU en Python puro: con hilos no se gana nada; con procesos, sí. Para
pocas cartas no vale la pena arrancarlos y se preparan aquí mismo.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from archivo import Almacen
from correspondencia.registro import Preparado, preparar_correo

# Desde cuántas cartas en una tanda se reparte el trabajo entre procesos.
PARALELO_DESDE = 32


def _preparar_en_proceso(crudo: bytes, raiz: str) -> Preparado:
    """Lo que corre en cada proceso trabajador."""
    return preparar_correo(crudo, almacen=Almacen(Path(raiz)))


@dataclass(frozen=True)
class Preparador:
    """Prepara tandas de cartas, en paralelo si hay con qué."""

    almacen: Almacen
    ejecutor: Executor | None = None

    def empezar(self, crudos: Sequence[bytes]) -> Callable[[], list[Preparado]]:
        """Empieza a preparar; devuelve la función que espera y entrega los resultados en orden."""
        if self.ejecutor is None or len(crudos) < PARALELO_DESDE:
            listos = [preparar_correo(c, almacen=self.almacen) for c in crudos]
            return lambda: listos
        raiz = str(self.almacen.raiz)
        futuros = [self.ejecutor.submit(_preparar_en_proceso, c, raiz) for c in crudos]
        return lambda: [f.result() for f in futuros]


@contextmanager
def preparador(almacen: Almacen) -> Iterator[Preparador]:
    """Un preparador con dos procesos por núcleo (que solo arrancan si llega una tanda grande)."""
    nucleos = os.cpu_count() or 1
    if nucleos < 2:
        yield Preparador(almacen)
        return
    # forkserver: los trabajadores no heredan hilos ni conexiones del proceso que sondea.
    contexto = multiprocessing.get_context("forkserver")
    contexto.set_forkserver_preload(["correspondencia.registro"])
    # Preparar espera tanto al disco (fsync) como a la CPU: dos procesos por núcleo.
    with ProcessPoolExecutor(max_workers=2 * nucleos, mp_context=contexto) as ejecutor:
        yield Preparador(almacen, ejecutor)
