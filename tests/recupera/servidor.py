"""Un Recupera real en un subproceso: migrado, con la demostración y sirviendo en un puerto libre."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RECUPERA = str(Path(sys.executable).with_name("recupera"))


def puerto_libre() -> int:
    """Un puerto TCP libre en loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def esperar_http(url: str, proceso: subprocess.Popen[bytes], segundos: float = 60) -> None:
    """Espera a que la URL responda; falla con la salida del proceso si termina antes."""
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        if proceso.poll() is not None:
            salida = proceso.stdout.read().decode() if proceso.stdout else ""
            raise AssertionError(f"el servidor terminó con código {proceso.returncode}:\n{salida}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (URL local de la prueba)
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} no respondió en {segundos} s")


def _entorno(carpeta: Path, puerto: int | None = None) -> dict[str, str]:
    entorno = {**os.environ, "RECUPERA_ENV": "development", "RECUPERA_DATA_DIR": str(carpeta)}
    entorno.pop("RECUPERA_DATABASE_URL", None)
    if puerto is not None:
        entorno["RECUPERA_PORT"] = str(puerto)
    return entorno


def hacer_demo(destino: Path) -> None:
    """Una instancia migrada con la demostración en `destino`, hecha con la consola real."""
    for comando in (["db", "upgrade"], ["demo"]):
        subprocess.run([RECUPERA, *comando], env=_entorno(destino), check=True, capture_output=True)


def copiar_demo(plantilla: Path, carpeta: Path) -> None:
    """Deja en `carpeta` una copia de la instancia `plantilla` (la de `hacer_demo`; la fixture
    `plantilla_demo` la hace una vez por corrida), sin el perfil de LibreOffice."""
    ignorar = shutil.ignore_patterns("libreoffice")
    shutil.copytree(plantilla, carpeta, dirs_exist_ok=True, ignore=ignorar)


@contextmanager
def servidor_demo(plantilla: Path, carpeta: Path) -> Iterator[str]:
    """Una copia de la instancia `plantilla` sirviendo en `carpeta`; entrega la URL base y la
    detiene al final."""
    puerto = puerto_libre()
    entorno = _entorno(carpeta, puerto)
    copiar_demo(plantilla, carpeta)
    proceso = subprocess.Popen(
        [RECUPERA, "serve"], env=entorno, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{puerto}"
    try:
        esperar_http(f"{base}/acceso", proceso)
        yield base
    finally:
        proceso.terminate()
        proceso.wait(timeout=10)
        if proceso.stdout:
            proceso.stdout.close()
