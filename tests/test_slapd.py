"""El OpenLDAP de las pruebas (tests/slapd.py): arranca en loopback con su propia configuración,
se detiene soltando los puertos, y sin el paquete falla diciendo qué hacer."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from ldap3 import Connection, Server

from tests import slapd as modulo
from tests.slapd import CONTRASENA, PERSONAS, Slapd


@pytest.mark.slapd
def test_arranca_solo_en_loopback_y_detener_libera_los_puertos(tmp_path: Path) -> None:
    """Una persona creada entra con su contraseña; tras detener nadie escucha, y detener dos
    veces no falla."""
    with Slapd(tmp_path / "ldap") as servidor:
        uid = servidor.nueva_persona()
        with Connection(
            Server(servidor.host, port=servidor.puerto),
            f"uid={uid},{PERSONAS}",
            CONTRASENA,
            auto_bind=False,
        ) as conexion:
            assert conexion.bind()
            conexion.unbind()
        puertos = (servidor.puerto, servidor.puerto_tls)
        servidor.detener()
        servidor.detener()
        for puerto in puertos:
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection((servidor.host, puerto), timeout=2)


def test_sin_slapd_instalado_falla_y_dice_que_hacer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sin el paquete, iniciar() falla (no se salta) y sugiere `make sistema`."""
    monkeypatch.setattr(modulo, "SLAPD", tmp_path / "no-existe" / "slapd")
    with pytest.raises(RuntimeError, match="make sistema"):
        Slapd(tmp_path / "ldap").iniciar()
