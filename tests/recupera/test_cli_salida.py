"""La consola de la correspondencia enviada: `recupera correspondencia outbox`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from pypdf import PdfReader
from sqlalchemy import Engine

from archivo import almacen_de
from correspondencia import Envio, registrar_saliente
from expedientes import hoy
from tests.codigos import codigos_de_barras
from tests.correspondencia.corpus import pdf_minimo
from tests.dovecot import puerto_libre
from tests.recupera.conftest import escribir
from tests.recupera.test_cli import Ejecutar, entorno, recupera

__all__ = ["entorno", "recupera"]

CAMPOS = {
    "numero", "documento", "expediente", "destinatario", "asunto", "correo", "canal", "estado",
    "message_id", "in_reply_to", "emitida_el", "enviado_en", "entregado_en", "responde_a", "motivo",
}  # fmt: skip


def _salidas(engine: Engine) -> None:
    with escribir(engine) as s:
        for destinatario, envio in (
            ('Pérez & Cía "La Esperanza" <S.A.>', Envio("correo", "pagos@perez-cia.com.sv")),
            ("Ministerio de Hacienda", Envio("mensajero")),
        ):
            registrar_saliente(
                session=s, asunto="Aviso {{ x }} «cobro»", destinatario=destinatario,
                emitida_el=date(2026, 11, 16), dominio_correo="isss.gob.sv", envio=envio,
            )  # fmt: skip


def test_outbox_json_lista_cada_salida_con_sus_campos_y_filtra(
    recupera: Ejecutar, engine: Engine
) -> None:
    """Dos salidas: el JSON trae los campos prometidos, el texto intacto, y `--canal` filtra."""
    _salidas(engine)
    resultado = recupera("correspondencia", "outbox", "--json")
    assert resultado.exit_code == 0, resultado.output
    datos = json.loads(resultado.stdout)
    assert [d["numero"] for d in datos] == ["CS-2026-000002", "CS-2026-000001"]
    assert all(set(d) == CAMPOS for d in datos)
    assert datos[1]["destinatario"] == 'Pérez & Cía "La Esperanza" <S.A.>'
    assert (datos[1]["canal"], datos[1]["correo"], datos[1]["estado"]) == (
        "correo",
        "pagos@perez-cia.com.sv",
        "pendiente",
    )
    solo = recupera("correspondencia", "outbox", "--json", "--canal", "mensajero")
    assert [d["numero"] for d in json.loads(solo.stdout)] == ["CS-2026-000002"]
    texto = recupera("correspondencia", "outbox", "--estado", "pendiente")
    assert "CS-2026-000001" in texto.stdout and "Por enviar" in texto.stdout
    assert "Correo electrónico" in texto.stdout


def test_outbox_rechaza_un_estado_que_no_existe_en_espanol(recupera: Ejecutar) -> None:
    """Un estado mal escrito se dice, con los posibles; no se devuelve una lista vacía."""
    resultado = recupera("correspondencia", "outbox", "--estado", "perdida")
    assert resultado.exit_code == 2
    assert "perdida" in resultado.output and "pendiente" in resultado.output


def test_send_sin_servidor_smtp_dice_que_el_canal_esta_apagado(recupera: Ejecutar) -> None:
    """Sin RECUPERA_SMTP_HOST no hay nada que intentar: se dice qué configurar, con código 1."""
    resultado = recupera("correspondencia", "send", "--once")
    assert resultado.exit_code == 1
    assert "El canal de correo electrónico está apagado" in resultado.output
    assert "RECUPERA_SMTP_HOST" in resultado.output


def test_send_once_entrega_la_cola_al_servidor_smtp(
    recupera: Ejecutar, engine: Engine, entorno: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Dos cartas por correo (una por mensajero no cuenta): `send --once` entrega las dos a un
    servidor SMTP real en loopback y las deja enviadas; una segunda pasada no envía nada."""
    almacen = almacen_de(tmp_path / "datos")
    sha = almacen.guardar(pdf_minimo("Aviso «Pérez & Cía»"))
    with escribir(engine) as s:
        for correo in ("pagos@perez-cia.com.sv", "contador@perez-cia.com.sv", ""):
            registrar_saliente(
                session=s, asunto="Aviso", destinatario="Pérez & Cía", emitida_el=date(2026, 11, 16),
                dominio_correo="isss.gob.sv", pdf_sha256=sha,
                envio=Envio("correo", correo) if correo else Envio("mensajero"),
            )  # fmt: skip
    recibidos: list[Envelope] = []

    class Guardar:
        async def handle_DATA(self, server: object, session: object, envelope: Envelope) -> str:
            recibidos.append(envelope)
            return "250 OK"

    controlador = Controller(Guardar(), hostname="127.0.0.1", port=puerto_libre())
    controlador.start()
    try:
        for variable, valor in (("SMTP_HOST", "127.0.0.1"), ("SMTP_PORT", str(controlador.port)),
                                ("SMTP_SECURITY", "none"), ("REMITENTE", "drp@isss.gob.sv")):  # fmt: skip
            entorno.setenv(f"RECUPERA_{variable}", valor)
        primera = recupera("correspondencia", "send", "--once")
        segunda = recupera("correspondencia", "send", "--once")
    finally:
        controlador.stop()
    assert primera.exit_code == 0, primera.output
    assert "Correo saliente: 2 enviadas, 0 con error." in primera.stdout
    assert "Correo saliente: 0 enviadas, 0 con error." in segunda.stdout
    assert sorted(r for e in recibidos for r in e.rcpt_tos) == [
        "contador@perez-cia.com.sv",
        "pagos@perez-cia.com.sv",
    ]
    salidas = json.loads(recupera("correspondencia", "outbox", "--json").stdout)
    assert sorted(s["estado"] for s in salidas) == ["enviada", "enviada", "pendiente"]


def test_planilla_escribe_el_pdf_y_deja_enviadas_las_cartas_por_mensajero(
    recupera: Ejecutar, engine: Engine, tmp_path: Path
) -> None:
    """La carta por mensajero sale en la planilla y queda enviada; la de correo, no; sin cartas
    que llevar, se dice y sale con 1."""
    _salidas(engine)
    destino = tmp_path / "planilla.pdf"
    resultado = recupera("correspondencia", "planilla", "--out", str(destino))
    assert resultado.exit_code == 0, resultado.output
    assert "Planilla de envío con 1 carta(s)" in resultado.stdout
    texto = " ".join(p.extract_text() or "" for p in PdfReader(destino).pages)
    assert "CS-2026-000002" in texto and "Ministerio de Hacienda" in texto
    assert "CS-2026-000001" not in texto
    # La planilla y la etiqueta del sobre llevan su número en un código de barras que un lector
    # lee.
    assert codigos_de_barras(destino) == [f"PLANILLA-{hoy():%Y%m%d}", "CS-2026-000002"]
    estados = {
        s["numero"]: s["estado"]
        for s in json.loads(recupera("correspondencia", "outbox", "--json").stdout)
    }
    assert estados == {"CS-2026-000001": "pendiente", "CS-2026-000002": "enviada"}
    otra = recupera("correspondencia", "planilla", "--out", str(tmp_path / "otra.pdf"))
    assert otra.exit_code == 1 and "No hay cartas por mensajero" in otra.output
