"""Los avisos por correo contra un servidor SMTP real en loopback que entrega a Dovecot: en cuanto
ocurren, en el resumen diario (solo días hábiles, desde la hora fijada, una vez) o nunca, como
eligió cada persona; cada aviso sale a lo sumo una vez."""

from __future__ import annotations

import email
from dataclasses import dataclass
from datetime import datetime
from email.policy import default

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from avisos import Aviso, LecturaBitacora
from avisos.correo import enviar_avisos
from expedientes import ZONA_LOCAL, Actor, Usuario
from tests.bd import base_de, sesion
from tests.dovecot import Dovecot
from tests.smtp import ServidorSmtp

pytestmark = pytest.mark.dovecot
ACTOR = Actor("prueba:avisos")
HOSTIL = 'Se le asignó la carta CE-2026-000001: «Pérez & Cía <S.A.> "{{ x }}"»'
# Lunes 7 de diciembre de 2026 a las 7:30 y a las 6:59 (hora de El Salvador); sábado 12.
LUNES_7_30 = datetime(2026, 12, 7, 7, 30, tzinfo=ZONA_LOCAL)


@dataclass(frozen=True)
class Smtp:
    """El servidor de salida (cumple `correspondencia.ServidorSmtp`)."""

    host: str
    puerto: int
    seguridad: str = "none"
    usuario: str | None = None
    contrasena: str = ""
    remitente: str = "recuperacion@isss.gob.sv"
    segundos: float = 10.0


def _enlace(aviso: Aviso) -> str:
    return f"https://recupera.isss.gob.sv/avisos/{aviso.id}"


def _persona(engine: Engine, nombre: str, preferencia: str, correo: str | None) -> int:
    with sesion(engine, ACTOR) as s:
        usuario = Usuario(nombre_usuario=nombre, nombre_completo=f"{nombre.title()} Ñúñez",
                          rol="jefe", correo=correo, avisos_correo=preferencia,
                          password_hash="x", token_sesion=nombre.ljust(32, "0"))  # fmt: skip
        s.add(usuario)
        s.flush()
        if s.get(LecturaBitacora, 1) is None:
            s.add(LecturaBitacora(id=1))
        return usuario.id or 0


def _avisar(engine: Engine, usuario_id: int, *titulos: str) -> None:
    """Avisos de una verificación del archivo: la persona (un jefe) los puede ver (lo que ya no
    ve no sale: test_correo_vigencia.py)."""
    with sesion(engine, ACTOR) as s:
        for i, titulo in enumerate(titulos):
            s.add(Aviso(usuario_id=usuario_id, clave=f"{usuario_id}:{titulo}:{i}", evento="prueba",
                        titulo=titulo, objeto="verificacion", referencia="1"))  # fmt: skip


def _estados(engine: Engine) -> dict[str, str]:
    with sesion(engine, ACTOR, solo_lectura=True) as s:
        return {a.titulo: a.correo for a in s.exec(select(Aviso)).all()}


def _enviar(
    engine: Engine, smtp: ServidorSmtp | None, cuando: datetime = LUNES_7_30
) -> tuple[int, list[str]]:
    config = Smtp(smtp.host, smtp.puerto) if smtp else None
    return enviar_avisos(bd=base_de(engine), config=config, enlace=_enlace, ahora_local=cuando,
                         hora_resumen=7)  # fmt: skip


def test_lo_inmediato_sale_en_un_correo_y_una_sola_vez(engine: Engine, dovecot: Dovecot) -> None:
    """Dos avisos de Ana salen juntos, en texto, con su enlace; el segundo barrido no repite. Quien
    no quiere correos o no tiene dirección no recibe nada (sus avisos quedan en la web)."""
    buzon = dovecot.nuevo_usuario("ana")
    ana = _persona(engine, "ana", "inmediato", f"{buzon}@prueba.sv")
    nadie = _persona(engine, "beto", "ninguno", "beto@prueba.sv")
    sin_correo = _persona(engine, "carla", "inmediato", None)
    _avisar(engine, ana, HOSTIL, "La carta CE-2026-000002 vence el 9 de diciembre de 2026")
    _avisar(engine, nadie, "Para Beto")
    _avisar(engine, sin_correo, "Para Carla")
    with ServidorSmtp(dovecot) as smtp:
        assert _enviar(engine, smtp) == (1, [])
        assert _enviar(engine, smtp) == (0, [])
        assert [d for _, d, _ in smtp.recibidos] == [[f"{buzon}@prueba.sv"]]
    assert _estados(engine) == {HOSTIL: "enviado", "La carta CE-2026-000002 vence el 9 de diciembre de 2026": "enviado", "Para Beto": "no", "Para Carla": "no"}  # fmt: skip
    with dovecot.cliente(buzon) as imap:
        imap.select_folder("INBOX")
        (uid,) = imap.search()
        crudo = imap.fetch([uid], ["RFC822"])[uid][b"RFC822"]
    mensaje = email.message_from_bytes(crudo, policy=default)
    assert mensaje["Subject"] == "Recupera: 2 avisos nuevos"
    assert mensaje["From"] == "recuperacion@isss.gob.sv"
    cuerpo = mensaje.get_body().get_content()  # type: ignore[union-attr]
    assert HOSTIL in cuerpo and "https://recupera.isss.gob.sv/avisos/" in cuerpo
    assert mensaje.get_content_type() == "text/plain"


def test_el_resumen_diario_sale_en_dia_habil_desde_su_hora_y_una_vez(
    engine: Engine, dovecot: Dovecot
) -> None:
    """Antes de las 7 no; el sábado no; el lunes a las 7:30, un correo con todo lo pendiente; el
    mismo día, no otra vez (aunque lleguen avisos nuevos: van al resumen del día siguiente)."""
    buzon = dovecot.nuevo_usuario("jefe")
    jefe = _persona(engine, "jose", "diario", f"{buzon}@prueba.sv")
    _avisar(engine, jefe, "Uno", "Dos")
    with ServidorSmtp(dovecot) as smtp:
        assert _enviar(engine, smtp, datetime(2026, 12, 12, 9, 0, tzinfo=ZONA_LOCAL)) == (0, [])
        assert _enviar(engine, smtp, datetime(2026, 12, 7, 6, 59, tzinfo=ZONA_LOCAL)) == (0, [])
        assert _enviar(engine, smtp) == (1, [])
        _avisar(engine, jefe, "Tres")
        assert _enviar(engine, smtp, datetime(2026, 12, 7, 15, 0, tzinfo=ZONA_LOCAL)) == (0, [])
        assert _enviar(engine, smtp, datetime(2026, 12, 8, 7, 0, tzinfo=ZONA_LOCAL)) == (1, [])
        asuntos = [
            email.message_from_bytes(c, policy=default)["Subject"] for _, _, c in smtp.recibidos
        ]
    assert asuntos == [
        "Recupera: sus avisos del 7 de diciembre de 2026",
        "Recupera: sus avisos del 8 de diciembre de 2026",
    ]
    assert set(_estados(engine).values()) == {"enviado"}


def test_un_rechazo_definitivo_queda_en_error_y_uno_temporal_se_reintenta(
    engine: Engine, dovecot: Dovecot
) -> None:
    """550: el aviso queda «error» y se dice por qué; 451: vuelve a «pendiente» y el siguiente
    barrido lo envía. Sin servidor configurado, lo pendiente no sale por correo."""
    buzon = dovecot.nuevo_usuario("ana")
    ana = _persona(engine, "ana", "inmediato", f"{buzon}@prueba.sv")
    perdido = _persona(engine, "beto", "inmediato", "nadie@prueba.sv")
    _avisar(engine, ana, "Para Ana")
    _avisar(engine, perdido, "Para Beto")
    with ServidorSmtp(dovecot) as smtp:
        smtp.rechazar["nadie@prueba.sv"] = "550 5.1.1 Buzón inexistente"
        smtp.rechazar[f"{buzon}@prueba.sv"] = "451 4.3.0 Intente más tarde"
        correos, errores = _enviar(engine, smtp)
        assert correos == 0 and len(errores) == 2
        assert any("550" in e and "nadie@prueba.sv" in e for e in errores)
        assert _estados(engine) == {"Para Ana": "pendiente", "Para Beto": "error"}
        del smtp.rechazar[f"{buzon}@prueba.sv"]
        assert _enviar(engine, smtp) == (1, [])
    _avisar(engine, ana, "Sin servidor")
    assert _enviar(engine, None) == (0, [])
    assert _estados(engine)["Sin servidor"] == "no"
