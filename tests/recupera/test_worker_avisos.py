"""El camino de servicio de los avisos: un `recupera worker` de verdad (su hilo de avisos,
`recupera.trabajos._avisar` → `avisos.avisar_siempre`) ve en la bitácora que a un gestor le
asignaron una carta, le crea el aviso y se lo envía por un SMTP real en loopback que entrega a
Dovecot; con SIGTERM termina y sale con 0."""

from __future__ import annotations

import email
import os
import signal
import subprocess
import time
from collections.abc import Callable
from email.policy import default
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from avisos import Aviso, LecturaBitacora
from correspondencia import Correspondencia, asignar_carta
from expedientes import Actor, Rol, Usuario, crear_engine
from tests.correspondencia.conftest import dovecot
from tests.dovecot import Dovecot
from tests.recupera.cartas import carta_de_correo
from tests.recupera.conftest import crear_usuarios_en, escribir
from tests.recupera.servidor import RECUPERA
from tests.smtp import ServidorSmtp

pytestmark = [pytest.mark.lento, pytest.mark.dovecot]
__all__ = ["dovecot"]
URL = "https://recupera.isss.gob.sv"
ASUNTO = 'Solicitud de prórroga «Pérez & Cía <S.A.>» "{{ x }}"'


def _esperar(condicion: Callable[[], bool], proceso: subprocess.Popen[bytes], log: Path) -> None:
    """Hasta que se cumple (60 s a lo sumo), mientras el worker sigue vivo."""
    limite = time.monotonic() + 60
    while not condicion():
        assert proceso.poll() is None, log.read_text()
        assert time.monotonic() < limite, log.read_text()
        time.sleep(0.2)


def _hay_lectura(engine: Engine) -> bool:
    with escribir(engine) as s:
        return s.get(LecturaBitacora, 1) is not None


def _preparar(engine: Engine, datos: Path, buzon: str) -> str:
    """La secretaria y el gestor (el único con buzón) y una carta registrada sin asignar."""
    usuarios = crear_usuarios_en(engine, [Rol.SECRETARIA, Rol.GESTOR])
    with escribir(engine) as s:
        gestor, secretaria = (s.get(Usuario, usuarios[r].id) for r in (Rol.GESTOR, Rol.SECRETARIA))
        assert gestor is not None and secretaria is not None
        gestor.correo, secretaria.avisos_correo = f"{buzon}@prueba.sv", "ninguno"
        s.add_all([gestor, secretaria])
    return carta_de_correo(engine, datos, asunto=ASUNTO, cuerpo="Solicito prórroga.").numero


def _asignar(engine: Engine, numero: str) -> None:
    """La secretaria asigna la carta al gestor (con el worker ya corriendo)."""
    with escribir(engine) as s:
        secretaria = s.exec(select(Usuario).where(Usuario.rol == Rol.SECRETARIA)).one()
        gestor = s.exec(select(Usuario).where(Usuario.rol == Rol.GESTOR)).one()
        carta = s.exec(select(Correspondencia).where(Correspondencia.numero == numero)).one()
        s.info["actor"] = Actor(secretaria.nombre_usuario, secretaria.id)
        asignar_carta(session=s, carta=carta, destinatario=gestor)


def _entorno(datos: Path, smtp: ServidorSmtp) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("RECUPERA_")},
        "RECUPERA_ENV": "development", "RECUPERA_DATA_DIR": str(datos),
        "RECUPERA_SONDEO_SEGUNDOS": "1", "RECUPERA_SMTP_HOST": smtp.host,
        "RECUPERA_SMTP_PORT": str(smtp.puerto), "RECUPERA_SMTP_SECURITY": "none",
        "RECUPERA_REMITENTE": "recuperacion@isss.gob.sv", "RECUPERA_URL_PUBLICA": URL,
    }  # fmt: skip


def test_el_worker_crea_el_aviso_de_una_carta_asignada_y_lo_envia_por_correo(
    tmp_path: Path, dovecot: Dovecot
) -> None:
    """GIVEN una instalación migrada con un gestor que recibe sus avisos en cuanto ocurren y un
    `recupera worker` con SMTP corriendo
    WHEN la secretaria le asigna una carta
    THEN el worker crea el aviso y lo envía: llega al buzón del gestor con el título de la carta y
    el enlace al aviso, el aviso queda «enviado» y el worker se detiene con SIGTERM (código 0)."""
    datos, log = tmp_path / "datos", tmp_path / "worker.log"
    buzon = dovecot.nuevo_usuario("gestor")
    with ServidorSmtp(dovecot) as smtp:
        entorno = _entorno(datos, smtp)
        subprocess.run([RECUPERA, "db", "upgrade"], env=entorno, check=True, capture_output=True)
        engine = crear_engine(f"sqlite:///{datos / 'recupera.db'}")
        numero = _preparar(engine, datos, buzon)
        with log.open("wb") as salida:
            proceso = subprocess.Popen([RECUPERA, "worker"], env=entorno, stdout=salida,
                                       stderr=subprocess.STDOUT)  # fmt: skip
            try:
                # El primer barrido empieza a leer la bitácora donde está: lo anterior no avisa.
                _esperar(lambda: _hay_lectura(engine), proceso, log)
                _asignar(engine, numero)
                _esperar(lambda: bool(smtp.recibidos), proceso, log)
            finally:
                proceso.send_signal(signal.SIGTERM)
                codigo = proceso.wait(timeout=45)
        recibidos = list(smtp.recibidos)
    assert codigo == 0, log.read_text()
    with escribir(engine) as s:
        (aviso,) = s.exec(select(Aviso)).all()
    engine.dispose()
    assert (aviso.evento, aviso.correo) == ("carta_asignada", "enviado")
    ((remitente, destinatarios, crudo),) = recibidos
    assert (remitente, destinatarios) == ("recuperacion@isss.gob.sv", [f"{buzon}@prueba.sv"])
    with dovecot.cliente(buzon) as imap:
        imap.select_folder("INBOX")
        (uid,) = imap.search()
        assert imap.fetch([uid], ["RFC822"])[uid][b"RFC822"] == crudo
    mensaje = email.message_from_bytes(crudo, policy=default)
    assert mensaje["Subject"] == f"Recupera: Se le asignó la carta {numero}: «{ASUNTO}»"
    cuerpo = mensaje.get_body().get_content()  # type: ignore[union-attr]
    assert f"{URL}/avisos/{aviso.id}" in cuerpo and ASUNTO in cuerpo
