"""El envío por correo contra servidores reales: aiosmtpd en loopback que entrega a Dovecot, y la
carpeta de enviados del buzón del departamento en el mismo Dovecot. Lo que sale se lee del buzón
del destinatario; ninguna caída manda dos copias; un rechazo se reintenta o queda para una
persona; la respuesta del destinatario vuelve al expediente."""

from __future__ import annotations

import email
import email.policy
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from archivo import Almacen, almacen_de
from correspondencia import (
    ConfigEnvio,
    Correspondencia,
    Envio,
    EstadoSalida,
    Saliente,
    despachar_una_vez,
    registrar_saliente,
    sondear_una_vez,
)
from correspondencia.despacho import InformeEnvio
from correspondencia.enviados import guardar_en_enviados
from correspondencia.mensaje_salida import en_bytes, mensaje_de
from correspondencia.smtp import transmitir
from expedientes import Actor, Settings, abrir_expediente, ahora, cargar_settings, registrar_patrono
from tests.bd import base_de, nueva_sesion
from tests.correspondencia.corpus import pdf_minimo
from tests.dovecot import Dovecot, puerto_libre
from tests.expedientes.datos import NIT_PEREZ
from tests.smtp import ServidorSmtp

pytestmark = pytest.mark.dovecot
HOY = date(2026, 11, 16)
ACTOR = Actor("prueba")


@dataclass
class Mundo:
    """El departamento (su buzón), un destinatario (otro buzón), el SMTP y la base."""

    engine: Engine
    dovecot: Dovecot
    smtp: ServidorSmtp
    settings: Settings
    almacen: Almacen
    depto: str
    destino: str

    @property
    def config(self) -> ConfigEnvio:
        config = ConfigEnvio.desde(self.settings)
        assert config is not None
        return config

    def correo_destino(self) -> str:
        return f"{self.destino}@perez-cia.com.sv"

    def despachar(self, config: ConfigEnvio | None = None) -> InformeEnvio:
        return despachar_una_vez(
            bd=base_de(self.engine), almacen=self.almacen, config=config or self.config
        )

    def mensajes(self, usuario: str, carpeta: str = "INBOX") -> list[email.message.Message]:
        with self.dovecot.cliente(usuario) as c:
            if not c.folder_exists(carpeta):
                return []
            c.select_folder(carpeta, readonly=True)
            crudos = c.fetch(c.search(["ALL"]), ["RFC822"])
        return [
            email.message_from_bytes(d[b"RFC822"], policy=email.policy.default)
            for _, d in sorted(crudos.items())
        ]

    def salida(self, numero: str) -> Saliente:
        with nueva_sesion(self.engine) as s:
            return s.exec(select(Saliente).where(Saliente.numero == numero)).one()


@pytest.fixture
def mundo(engine: Engine, dovecot: Dovecot, tmp_path: Path) -> Iterator[Mundo]:
    depto, destino = dovecot.nuevo_usuario("depto"), dovecot.nuevo_usuario("destino")
    with ServidorSmtp(dovecot) as smtp:
        settings = cargar_settings(
            env="development", data_dir=tmp_path / "datos",
            database_url=engine.url.render_as_string(hide_password=False),
            imap_host=dovecot.host, imap_port=dovecot.puerto, imap_user=depto,
            imap_password=dovecot.contrasena(depto), imap_ssl="false",
            remitente=f"{depto}@isss.gob.sv", **smtp.settings(),
        )  # fmt: skip
        almacen = almacen_de(settings.data_dir)
        yield Mundo(engine, dovecot, smtp, settings, almacen, depto, destino)


PDF = pdf_minimo("Aviso de cobro CS-2026 «Pérez & Cía» <S.A.>")


def _por_correo(mundo: Mundo, correo: str | None = None) -> str:
    """Una carta final por correo, con su PDF/A en el almacén; su número."""
    with base_de(mundo.engine).sesion(ACTOR) as s:
        salida = registrar_saliente(
            session=s, asunto='Aviso de cobro "diciembre" & <mora>',
            destinatario="Pérez & Cía, S.A. de C.V.", emitida_el=HOY,
            dominio_correo="isss.gob.sv", envio=Envio("correo", correo or mundo.correo_destino()),
            pdf_sha256=mundo.almacen.guardar(PDF),
        )  # fmt: skip
        return salida.numero


def test_la_carta_llega_al_buzon_del_destinatario_con_su_pdf_intacto_y_una_sola_vez(
    mundo: Mundo,
) -> None:
    """GIVEN una carta por correo WHEN el despachador pasa dos veces THEN el destinatario la
    tiene una vez, del departamento, con el CS en el asunto, su Message-ID, el PDF byte a byte
    como CS-….pdf; la copia está en Enviados del departamento y la carta, enviada."""
    numero = _por_correo(mundo)
    primera = mundo.despachar()
    assert (primera.enviadas, primera.con_error) == ([numero], [])
    assert mundo.despachar().enviadas == []
    (recibido,) = mundo.mensajes(mundo.destino)
    assert recibido["Subject"] == f'{numero} — Aviso de cobro "diciembre" & <mora>'
    assert recibido["Message-ID"] == f"<{numero}@isss.gob.sv>"
    assert mundo.settings.remitente in recibido["From"]
    assert "Recuperación Prejudicial" in recibido["From"]
    (adjunto,) = list(recibido.iter_attachments())
    assert adjunto.get_filename() == f"{numero}.pdf"
    assert adjunto.get_content() == PDF
    cuerpo = recibido.get_body(preferencelist=("plain",))
    assert cuerpo is not None and f"cite por favor el número {numero}" in cuerpo.get_content()
    (copia,) = mundo.mensajes(mundo.depto, "Sent")
    assert copia["Message-ID"] == recibido["Message-ID"]
    salida = mundo.salida(numero)
    assert (salida.estado, salida.intentos, salida.proximo_intento_en) == ("enviada", 1, None)
    assert salida.enviado_en is not None


def test_una_caida_tras_la_aceptacion_se_resuelve_por_la_carpeta_de_enviados_sin_reenviar(
    mundo: Mundo,
) -> None:
    """GIVEN una carta que el servidor aceptó (y su copia en Enviados) pero cuyo `enviada` nunca
    se confirmó (el proceso murió) WHEN pasa el despachador THEN la da por enviada al hallar su
    Message-ID en Enviados, y el destinatario sigue con una sola copia."""
    numero = _por_correo(mundo)
    _enviar_y_morir(mundo, numero, con_copia=True)
    assert mundo.salida(numero).estado == "enviando"
    informe = mundo.despachar()
    assert (informe.recuperadas, informe.enviadas, informe.inciertas) == ([numero], [], [])
    assert mundo.salida(numero).estado == "enviada"
    assert len(mundo.mensajes(mundo.destino)) == 1


def test_sin_copia_en_enviados_una_caida_queda_incierta_para_una_persona(mundo: Mundo) -> None:
    """Sin prueba de que salió, el despachador no la reenvía: «estado incierto», con el motivo."""
    numero = _por_correo(mundo)
    _enviar_y_morir(mundo, numero, con_copia=False)
    informe = mundo.despachar()
    assert (informe.inciertas, informe.enviadas) == ([numero], [])
    salida = mundo.salida(numero)
    assert salida.estado == "incierto" and "no se sabe si el servidor lo aceptó" in (
        salida.ultimo_error
    )
    assert mundo.despachar().enviadas == []
    assert len(mundo.mensajes(mundo.destino)) == 1


def _enviar_y_morir(mundo: Mundo, numero: str, *, con_copia: bool) -> None:
    """Lo que hace `enviar_carta` hasta justo antes de confirmar `enviada`, y nada más."""
    with base_de(mundo.engine).sesion(ACTOR) as s:
        saliente = s.exec(select(Saliente).where(Saliente.numero == numero)).one()
        saliente.estado = EstadoSalida.ENVIANDO
        crudo = en_bytes(mensaje_de(saliente, PDF, mundo.config.remitente, None))
        s.add(saliente)
    transmitir(mundo.config, mundo.correo_destino(), crudo)
    if con_copia:
        guardar_en_enviados(mundo.config.enviados, "Sent", crudo)


def test_un_rechazo_definitivo_queda_en_error_sin_reintento_y_uno_pasajero_se_reintenta(
    mundo: Mundo,
) -> None:
    """550 (buzón inexistente): error con el motivo del servidor y ningún próximo intento.
    451 (pasajero): error, próximo intento en un minuto; al llegar su hora, sale."""
    nadie = "nadie@perez-cia.com.sv"
    mundo.smtp.rechazar[nadie] = "550 5.1.1 Buzón inexistente"
    definitivo = _por_correo(mundo, nadie)
    mundo.smtp.respuesta_data = "451 4.3.0 Intente más tarde"
    pasajero = _por_correo(mundo)
    informe = mundo.despachar()
    assert {n for n, _ in informe.con_error} == {definitivo, pasajero}
    malo = mundo.salida(definitivo)
    assert (malo.estado, malo.proximo_intento_en) == ("error", None)
    assert "550" in malo.ultimo_error and nadie in malo.ultimo_error
    espera = mundo.salida(pasajero)
    assert espera.estado == "error" and "451" in espera.ultimo_error
    assert espera.proximo_intento_en is not None
    falta = espera.proximo_intento_en - ahora()
    assert timedelta(seconds=50) < falta <= timedelta(minutes=1)
    mundo.smtp.respuesta_data = ""
    assert mundo.despachar().enviadas == []  # aún no es su hora
    with base_de(mundo.engine).sesion(ACTOR) as s:
        fila = s.exec(select(Saliente).where(Saliente.numero == pasajero)).one()
        fila.proximo_intento_en = ahora() - timedelta(seconds=1)
        s.add(fila)
    assert mundo.despachar().enviadas == [pasajero]
    assert mundo.salida(pasajero).intentos == 2
    assert len(mundo.mensajes(mundo.destino)) == 1


def test_con_el_servidor_caido_la_carta_espera_y_no_se_pierde(mundo: Mundo) -> None:
    """Nadie escucha en el puerto: error pasajero, la carta sigue en la cola."""
    numero = _por_correo(mundo)
    caido = replace(mundo.config, puerto=puerto_libre())
    informe = mundo.despachar(caido)
    assert [n for n, _ in informe.con_error] == [numero]
    salida = mundo.salida(numero)
    assert salida.estado == "error" and salida.proximo_intento_en is not None
    assert "No se pudo entregar al servidor" in salida.ultimo_error


def test_la_respuesta_del_destinatario_vuelve_al_expediente(mundo: Mundo) -> None:
    """GIVEN un aviso del expediente enviado por correo WHEN el patrono contesta desde su buzón
    (In-Reply-To) THEN el sondeo registra la respuesta y la une al expediente de la carta."""
    with base_de(mundo.engine).sesion(ACTOR) as s:
        registrar_patrono(session=s, campos={
            "numero_patronal": "310145678", "nit": NIT_PEREZ, "razon_social": "Pérez & Cía",
            "sucursal": "San Salvador", "direccion": "Calle Arce #1234", "municipio": "San Salvador",
            "departamento": "San Salvador",
        })  # fmt: skip
        expediente = abrir_expediente(session=s, numero_patronal="310145678", tipo="cobro", hoy=HOY)
        exp_id = expediente.id
        numero = registrar_saliente(
            session=s, asunto="Aviso de cobro", destinatario="Pérez & Cía", emitida_el=HOY,
            dominio_correo="isss.gob.sv", envio=Envio("correo", mundo.correo_destino()),
            pdf_sha256=mundo.almacen.guardar(PDF), expediente=expediente,
        ).numero  # fmt: skip
    assert mundo.despachar().enviadas == [numero]
    (recibido,) = mundo.mensajes(mundo.destino)
    respuesta = EmailMessage()
    respuesta["From"] = mundo.correo_destino()
    respuesta["To"] = mundo.settings.remitente
    respuesta["Subject"] = f"RE: {recibido['Subject']}"
    respuesta["Message-ID"] = "<respuesta-1@perez-cia.com.sv>"
    respuesta["In-Reply-To"] = recibido["Message-ID"]
    respuesta.set_content("Recibido; pagaremos el 20 & enviaremos «constancia».")
    with smtplib.SMTP(mundo.smtp.host, mundo.smtp.puerto) as cliente:
        cliente.send_message(respuesta)
    informes = sondear_una_vez(bd=base_de(mundo.engine), settings=mundo.settings)
    assert all(i.error == "" for i in informes)
    with nueva_sesion(mundo.engine) as s:
        carta = s.exec(
            select(Correspondencia).where(
                Correspondencia.message_id == "respuesta-1@perez-cia.com.sv"
            )
        ).one()
    assert carta.expediente_id == exp_id
    assert carta.vinculo_motivo == f"Responde a nuestra {numero} (hilo)"


def _rebote(mundo: Mundo, recibido: email.message.Message) -> bytes:
    """El informe de entrega (multipart/report, RFC 3464) que un servidor devuelve por ese
    mensaje, con solo sus cabeceras (text/rfc822-headers), como lo arma Postfix."""
    limite = "B0UNDARY.1765120000/mx.perez-cia.com.sv"
    return (
        "Return-Path: <>\r\n"
        "From: Mail Delivery System <MAILER-DAEMON@mx.perez-cia.com.sv>\r\n"
        f"To: {mundo.settings.remitente}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <dsn-1@mx.perez-cia.com.sv>\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{limite}"\r\n'
        f"\r\n--{limite}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "No se pudo entregar su mensaje: el buzón está lleno.\r\n"
        f"\r\n--{limite}\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.perez-cia.com.sv\r\n\r\nAction: failed\r\nStatus: 5.2.2\r\n"
        f"\r\n--{limite}\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {recibido['Message-ID']}\r\nSubject: {recibido['Subject']}\r\n"
        f"\r\n--{limite}--\r\n"
    ).encode()


def test_un_rebote_deja_la_carta_rebotada_y_se_registra_como_automatico(mundo: Mundo) -> None:
    """GIVEN una carta enviada WHEN llega al buzón del departamento el informe de entrega que la
    devuelve THEN el informe se registra como automático y la carta queda rebotada con el
    número del informe, sin volver a enviarse."""
    numero = _por_correo(mundo)
    assert mundo.despachar().enviadas == [numero]
    (recibido,) = mundo.mensajes(mundo.destino)
    mundo.dovecot.agregar(_rebote(mundo, recibido), usuario=mundo.depto)
    informes = sondear_una_vez(bd=base_de(mundo.engine), settings=mundo.settings)
    assert all(i.error == "" for i in informes)
    with nueva_sesion(mundo.engine) as s:
        informe = s.exec(
            select(Correspondencia).where(Correspondencia.message_id == "dsn-1@mx.perez-cia.com.sv")
        ).one()
    assert informe.automatico and "multipart/report" in informe.motivo_automatico
    salida = mundo.salida(numero)
    assert salida.estado == "rebotada"
    assert (
        salida.motivo == f"El servidor de correo la devolvió: informe de entrega {informe.numero}"
    )
    assert mundo.despachar().enviadas == []  # una carta rebotada no se reenvía sola


def test_un_pdf_danado_en_el_almacen_no_sale_ni_detiene_a_las_demas(mundo: Mundo) -> None:
    """La carta cuyo PDF se alteró en el almacén queda en error (para una persona: restaurar)
    y la siguiente en la cola sale igual."""
    with base_de(mundo.engine).sesion(ACTOR) as s:
        danado = pdf_minimo("Requerimiento «dañado» & <alterado>")
        primera = registrar_saliente(
            session=s, asunto="Requerimiento", destinatario="Pérez & Cía", emitida_el=HOY,
            dominio_correo="isss.gob.sv", envio=Envio("correo", mundo.correo_destino()),
            pdf_sha256=mundo.almacen.guardar(danado),
        ).numero  # fmt: skip
    ruta = mundo.almacen.ruta(mundo.salida(primera).pdf_sha256 or "")
    ruta.chmod(0o644)
    ruta.write_bytes(b"%PDF-1.7 alterado")
    segunda = _por_correo(mundo)
    informe = mundo.despachar()
    assert informe.enviadas == [segunda]
    ((numero, error),) = informe.con_error
    assert numero == primera and "falta o está dañado" in error
    salida = mundo.salida(primera)
    assert (salida.estado, salida.proximo_intento_en) == ("error", None)
    assert len(mundo.mensajes(mundo.destino)) == 1
