"""Un Recupera real en un subproceso: migrado, con la demostración y sirviendo en un puerto libre."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RECUPERA = str(Path(sys.executable).with_name("recupera"))
# La demostración se carga una vez por proceso de pruebas y cada servidor sirve su propia copia.
_DEMO: list[Path] = []


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


def copiar_demo(carpeta: Path) -> None:
    """Deja en `carpeta` una instancia migrada con la demostración (hecha con la consola real la
    primera vez; después, copiada sin el perfil de LibreOffice)."""
    if not _DEMO:
        plantilla = Path(tempfile.mkdtemp(prefix="recupera-demo-"))
        atexit.register(shutil.rmtree, plantilla, True)
        for comando in (["db", "upgrade"], ["demo"]):
            subprocess.run(
                [RECUPERA, *comando], env=_entorno(plantilla), check=True, capture_output=True
            )
        _DEMO.append(plantilla)
    ignorar = shutil.ignore_patterns("libreoffice")
    shutil.copytree(_DEMO[0], carpeta, dirs_exist_ok=True, ignore=ignorar)


@contextmanager
def servidor_demo(carpeta: Path) -> Iterator[str]:
    """Una instancia con la demostración sirviendo; entrega la URL base y la detiene al final."""
    puerto = puerto_libre()
    entorno = _entorno(carpeta, puerto)
    copiar_demo(carpeta)
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
