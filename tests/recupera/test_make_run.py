"""`make run` de punta a punta en una carpeta nueva: crea el entorno, migra, carga, sirve y sondea
la carpeta de entrada."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.correspondencia.corpus import mensaje
from tests.recupera.servidor import esperar_http, puerto_libre

RAIZ = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.lento


def _copiar_proyecto(destino: Path) -> None:
    """Copia los archivos del proyecto (los que git conoce o no ignora), como un clon nuevo."""
    archivos = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=RAIZ,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for relativo in filter(None, archivos):
        origen = RAIZ / relativo
        if origen.is_file():
            (destino / relativo).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origen, destino / relativo)


def test_make_run_en_carpeta_nueva_sirve_el_acceso_con_la_demostracion(tmp_path: Path) -> None:
    """En una copia limpia, `make run` crea .venv, migra, carga la demo, imprime credenciales y sirve."""
    proyecto = tmp_path / "recupera"
    _copiar_proyecto(proyecto)
    assert not (proyecto / ".venv").exists()
    # Un correo que espera en la carpeta de entrada: `make run` la sondea desde que arranca.
    entrada = proyecto / "instancia" / "entrada"
    entrada.mkdir(parents=True)
    carta = mensaje(asunto="Solicitud de prórroga & «convenio»", cuerpo="Adjunto la solicitud.")
    (entrada / "carta.eml").write_bytes(carta)
    antiguo = time.time() - 60
    os.utime(entrada / "carta.eml", (antiguo, antiguo))
    puerto = puerto_libre()
    entorno = {
        k: v for k, v in os.environ.items() if not k.startswith(("RECUPERA_", "VIRTUAL_ENV"))
    }
    entorno["RECUPERA_PORT"] = str(puerto)
    proceso = subprocess.Popen(
        ["make", "run"],
        cwd=proyecto,
        env=entorno,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        esperar_http(f"http://127.0.0.1:{puerto}/acceso", proceso, segundos=300)
        with urllib.request.urlopen(f"http://127.0.0.1:{puerto}/acceso", timeout=5) as r:
            assert r.status == 200
            html = r.read().decode()
        assert "Iniciar sesión" in html
        assert 'name="csrf_token"' in html
        with urllib.request.urlopen(f"http://127.0.0.1:{puerto}/", timeout=5) as r:
            assert r.url.endswith("/acceso?next=%2F"), "la raíz debe exigir sesión"
        limite = time.monotonic() + 60
        while not list((entrada / "procesados").glob("CE-*.eml")) and time.monotonic() < limite:
            time.sleep(0.5)
    finally:
        os.killpg(proceso.pid, signal.SIGTERM)
        salida = proceso.communicate(timeout=30)[0].decode()
    assert (proyecto / ".venv" / "bin" / "recupera").exists()
    assert (proyecto / "instancia" / "recupera.db").exists()
    assert f"http://127.0.0.1:{puerto}/" in salida
    # Sin RECUPERA_SMTP_HOST el servicio arranca igual y dice que el correo saliente está apagado.
    assert "El canal de correo electrónico está apagado (sin RECUPERA_SMTP_HOST)" in salida
    assert not (entrada / "carta.eml").exists(), "la carpeta de entrada no se sondeó"
    (registrada,) = (entrada / "procesados").glob("CE-*.eml")
    assert registrada.read_bytes() == carta
    for usuario in ("secretaria", "gestor", "jefe", "archivo", "admin"):
        assert f"  {usuario} " in salida, f"faltan las credenciales de {usuario} en la salida"
