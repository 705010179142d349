"""`recupera notificaciones send --once` contra un SMTP real en loopback que entrega a Dovecot:
genera los avisos, los envía una vez y lo dice; sin SMTP, avisa que el correo está apagado."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from archivo import Prestamo
from expedientes import Rol, abrir_expediente
from tests.correspondencia.conftest import dovecot
from tests.dovecot import Dovecot
from tests.recupera.conftest import crear_usuarios_en, escribir, registrar
from tests.recupera.test_cli import Ejecutar, entorno, recupera
from tests.smtp import ServidorSmtp

pytestmark = pytest.mark.dovecot
__all__ = ["dovecot", "entorno", "recupera"]  # fixtures


def test_send_once_genera_envia_y_no_repite(
    recupera: Ejecutar, engine: Engine, dovecot: Dovecot, entorno: pytest.MonkeyPatch
) -> None:
    """Un préstamo vencido avisa a la persona del archivo por correo, una sola vez."""
    buzon = dovecot.nuevo_usuario("archivo")
    (archivista,) = crear_usuarios_en(engine, [Rol.ARCHIVO]).values()
    recupera("notificaciones", "send", "--once")  # la lectura empieza aquí
    registrar(engine)
    with escribir(engine) as s:
        persona = s.get(type(archivista), archivista.id)
        assert persona is not None
        persona.correo = f"{buzon}@prueba.sv"
        expediente = abrir_expediente(session=s, numero_patronal="310145678", tipo="cobro",
                                      hoy=date(2026, 11, 2))  # fmt: skip
        s.add(Prestamo(expediente_id=expediente.id or 0, persona="Lic. Ana Pérez & Asoc.",
                       oficina="Unidad Jurídica", prestado_el=date(2026, 11, 2),
                       vence_el=date(2026, 11, 6)))  # fmt: skip
    sin_correo = recupera("notificaciones", "send", "--once")
    assert sin_correo.exit_code == 0, sin_correo.output
    assert "El correo está apagado" in sin_correo.output
    assert "Avisos nuevos: 1; correos enviados: 0." in sin_correo.output
    # Con el correo encendido, solo lo nuevo sale: el aviso de antes no se manda tarde.
    with escribir(engine) as s:
        s.add(Prestamo(expediente_id=expediente.id or 0, persona="Archivo Central",
                       oficina="Archivo", prestado_el=date(2026, 11, 2), vence_el=date(2026, 11, 9)))  # fmt: skip
    with ServidorSmtp(dovecot) as smtp:
        for clave, valor in {**smtp.settings(), "remitente": "recuperacion@isss.gob.sv"}.items():
            entorno.setenv(f"RECUPERA_{clave.upper()}", str(valor))
        primero = recupera("notificaciones", "send", "--once")
        assert primero.exit_code == 0, primero.output
        assert "Avisos nuevos: 1; correos enviados: 1." in primero.output
        segundo = recupera("notificaciones", "send", "--once")
        assert "Avisos nuevos: 0; correos enviados: 0." in segundo.output
        assert [d for _, d, _ in smtp.recibidos] == [[f"{buzon}@prueba.sv"]]
        assert b"Archivo Central" in smtp.recibidos[0][2]
