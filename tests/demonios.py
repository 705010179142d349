"""Lo común a los servidores reales que las pruebas arrancan (Dovecot, slapd): lanzarlos para que
se vayan al fondo y decir, en español y con lo que escribieron, si no arrancaron."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path


def arrancar_en_el_fondo(
    orden: list[str], arranque: Path, nombre: str, detalle: Callable[[], str] = str
) -> None:
    """Corre `orden` (un servidor que se demoniza) con su salida en `arranque`; RuntimeError con
    esa salida (y `detalle()`, p. ej. la cola de su registro) si termina con error. A un archivo y no a un pipe: el servidor hereda stdout y
    stderr y los deja abiertos, así que leer un pipe hasta EOF no terminaría nunca."""
    with arranque.open("wb") as salida:
        resultado = subprocess.run(
            orden, stdin=subprocess.DEVNULL, stdout=salida, stderr=subprocess.STDOUT, check=False
        )
    if resultado.returncode != 0:
        raise RuntimeError(
            f"{nombre} no arrancó (código {resultado.returncode}): "
            f"{arranque.read_text(errors='replace').strip()}{detalle()}"
        )
