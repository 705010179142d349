"""El servidor real (`recupera serve`) corta un cuerpo más grande que la subida permitida sin
leerlo entero; lo que cabe en el margen de los campos llega a la aplicación, que responde en
español."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.recupera.servidor import RECUPERA, esperar_http, puerto_libre

MAX_SUBIDA = 64 * 1024


@pytest.fixture(scope="module")
def servidor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """Un Recupera recién migrado sirviendo en un puerto libre con 64 KiB de subida máxima."""
    carpeta: Path = tmp_path_factory.mktemp("limites")
    puerto = puerto_libre()
    entorno = {
        **os.environ,
        "RECUPERA_ENV": "development",
        "RECUPERA_DATA_DIR": str(carpeta),
        "RECUPERA_PORT": str(puerto),
        "RECUPERA_MAX_SUBIDA_BYTES": str(MAX_SUBIDA),
    }
    entorno.pop("RECUPERA_DATABASE_URL", None)
    subprocess.run([RECUPERA, "db", "upgrade"], env=entorno, check=True, capture_output=True)
    proceso = subprocess.Popen(
        [RECUPERA, "serve"], env=entorno, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        esperar_http(f"http://127.0.0.1:{puerto}/acceso", proceso)
        yield puerto
    finally:
        proceso.terminate()
        proceso.wait(timeout=10)
        if proceso.stdout:
            proceso.stdout.close()


def _cabeceras(largo: int) -> bytes:
    return (
        "POST /acceso HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {largo}\r\n\r\n"
    ).encode("ascii")


def _respuesta(conexion: socket.socket) -> bytes:
    partes = []
    while bloque := conexion.recv(65536):
        partes.append(bloque)
    return b"".join(partes)


@pytest.mark.lento
def test_un_cuerpo_de_200_mib_se_rechaza_con_413_antes_de_enviarlo(servidor: int) -> None:
    """Solo con las cabeceras (Content-Length de 200 MiB) el servidor ya responde 413 y cierra:
    no espera ni guarda el cuerpo. Sin el límite, waitress esperaría los 200 MiB (hasta 1 GiB)."""
    with socket.create_connection(("127.0.0.1", servidor), timeout=10) as conexion:
        conexion.sendall(_cabeceras(200 * 1024 * 1024))
        respuesta = _respuesta(conexion)  # sin el límite, aquí vence el plazo de 10 s
    assert respuesta.startswith(b"HTTP/1.1 413"), respuesta[:200]


@pytest.mark.lento
def test_lo_que_cabe_en_el_margen_llega_a_la_aplicacion_que_lo_explica_en_espanol(
    servidor: int,
) -> None:
    """Un cuerpo algo mayor que la subida permitida (dentro del margen de los campos) lo rechaza
    la aplicación con su página en español, no el servidor."""
    cuerpo = b"usuario=" + b"a" * (MAX_SUBIDA + 1000)
    with socket.create_connection(("127.0.0.1", servidor), timeout=10) as conexion:
        conexion.sendall(
            _cabeceras(len(cuerpo)).replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n") + cuerpo
        )
        respuesta = _respuesta(conexion)
    assert respuesta.startswith(b"HTTP/1.1 413"), respuesta[:200]
    assert "Archivo demasiado grande" in respuesta.decode("utf-8", "replace")
