"""Chromium real contra un Recupera real: una carta asignada al gestor le llega como aviso en la
aplicación (contador, lista, abrirlo lo lleva a la carta) y por correo, por un SMTP real en
loopback que entrega a Dovecot, con un enlace que abre el aviso."""

from __future__ import annotations

import email
import os
import re
import subprocess
from email.policy import default
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, select

from correspondencia import PLAZO_CORRE, Correspondencia, asignar_carta
from expedientes import Actor, Usuario, crear_engine
from tests.correspondencia.conftest import dovecot
from tests.dovecot import Dovecot
from tests.recupera.conftest import escribir
from tests.recupera.navegacion import captura, entrar
from tests.recupera.servidor import RECUPERA, servidor_demo
from tests.smtp import ServidorSmtp

pytestmark = [pytest.mark.navegador, pytest.mark.dovecot]
__all__ = ["dovecot"]


def _asignar_al_gestor(carpeta: Path, correo: str) -> str:
    """La secretaria asigna al gestor una carta que no era suya; el gestor tiene dirección y es
    el único que recibe correos."""
    engine = crear_engine(f"sqlite:///{carpeta / 'recupera.db'}")
    try:
        with escribir(engine) as s:
            gestor = s.exec(select(Usuario).where(Usuario.nombre_usuario == "gestor")).one()
            secretaria = s.exec(select(Usuario).where(Usuario.nombre_usuario == "secretaria")).one()
            gestor.correo = correo
            for otra in s.exec(select(Usuario).where(Usuario.id != gestor.id)).all():
                otra.avisos_correo = "ninguno"  # en esta prueba solo el gestor tiene buzón
                s.add(otra)
            s.add(gestor)
            carta = s.exec(
                select(Correspondencia)
                .where(col(Correspondencia.estado).in_(PLAZO_CORRE))
                .where(col(Correspondencia.asignado_id) != gestor.id)
                .order_by(col(Correspondencia.numero))
            ).first()
            assert carta is not None
            s.info["actor"] = Actor(secretaria.nombre_usuario, secretaria.id)
            asignar_carta(session=s, carta=carta, destinatario=gestor)
            return carta.numero
    finally:
        engine.dispose()


def test_el_gestor_recibe_el_aviso_en_la_aplicacion_y_por_correo(
    pagina: Page, plantilla_demo: Path, tmp_path: Path, dovecot: Dovecot
) -> None:
    carpeta = tmp_path / "instancia"
    buzon = dovecot.nuevo_usuario("gestor")
    with servidor_demo(plantilla_demo, carpeta) as base, ServidorSmtp(dovecot) as smtp:
        entrar(pagina, base, "gestor")
        antes = int(pagina.locator("#contador-avisos").get_attribute("data-cantidad") or "0")
        numero = _asignar_al_gestor(carpeta, f"{buzon}@prueba.sv")
        entorno = {
            **os.environ, "RECUPERA_ENV": "development", "RECUPERA_DATA_DIR": str(carpeta),
            "RECUPERA_SMTP_HOST": smtp.host, "RECUPERA_SMTP_PORT": str(smtp.puerto),
            "RECUPERA_SMTP_SECURITY": "none", "RECUPERA_REMITENTE": "recuperacion@isss.gob.sv",
            "RECUPERA_URL_PUBLICA": base,
        }  # fmt: skip
        entorno.pop("RECUPERA_DATABASE_URL", None)
        barrido = subprocess.run([RECUPERA, "notificaciones", "send", "--once"], env=entorno,
                                 capture_output=True, text=True, check=False)  # fmt: skip
        assert barrido.returncode == 0, barrido.stdout + barrido.stderr
        assert "correos enviados: 1." in barrido.stdout, barrido.stdout
        # En la aplicación: el contador sube, la lista lo muestra nuevo y abrirlo lleva a la carta.
        pagina.goto(f"{base}/")
        contador = pagina.locator("#contador-avisos")
        despues = int(contador.get_attribute("data-cantidad") or "0")
        assert despues > antes
        contador.click()
        fila = pagina.locator("table.avisos tr", has_text=f"Se le asignó la carta {numero}")
        expect(fila).to_have_class(re.compile("aviso-nuevo"))
        captura(pagina, "avisos-gestor")
        fila.locator("a").click()
        expect(pagina).to_have_url(f"{base}/correspondencia/{numero}")
        expect(pagina.locator("#contador-avisos")).to_have_attribute(
            "data-cantidad", str(despues - 1)
        )
        # Por correo: el mensaje llegó al buzón real y su enlace abre el aviso.
        with dovecot.cliente(buzon) as imap:
            imap.select_folder("INBOX")
            (uid,) = imap.search()
            crudo = imap.fetch([uid], ["RFC822"])[uid][b"RFC822"]
        cuerpo = email.message_from_bytes(crudo, policy=default).get_body().get_content()  # type: ignore[union-attr]
        assert f"Se le asignó la carta {numero}" in cuerpo
        enlace = re.search(rf"({re.escape(base)}/avisos/\d+)", cuerpo)
        assert enlace, cuerpo
        pagina.goto(enlace.group(1))
        expect(pagina).to_have_url(
            re.compile(r"/(correspondencia|documentos|expedientes|archivo)/")
        )
