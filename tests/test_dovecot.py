"""El Dovecot de pruebas se comporta como un servidor IMAP real: las demás pruebas confían en él."""

from __future__ import annotations

import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, LoginError

from tests import dovecot
from tests.dovecot import CONTRASENA, USUARIO, Dovecot

pytestmark = pytest.mark.dovecot
CARTA = (
    "From: =?utf-8?q?Jos=C3=A9_Mu=C3=B1oz?= <jmunoz@panaderia-el-trigal.com.sv>\r\n"
    "To: recuperacion@isss.gob.sv\r\n"
    "Subject: =?utf-8?q?Solicitud_de_convenio_de_pago?=\r\n"
    "Message-ID: <convenio-2026@panaderia-el-trigal.com.sv>\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Panadería El Trigal & Cía. solicita un convenio de pago.\r\n"
).encode()


@pytest.fixture(scope="module")
def servidor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dovecot]:
    """Un Dovecot para todo el módulo; cada prueba usa su propio usuario."""
    with Dovecot(tmp_path_factory.mktemp("dovecot")) as instancia:
        yield instancia


@pytest.fixture
def usuario(servidor: Dovecot) -> str:
    """Un buzón nuevo y vacío para la prueba."""
    return servidor.nuevo_usuario()


def test_el_usuario_predeterminado_entra_por_el_puerto_simple(servidor: Dovecot) -> None:
    """GIVEN el servidor iniciado WHEN recepcion entra sin TLS THEN puede abrir INBOX."""
    cliente = IMAPClient(servidor.host, port=servidor.puerto, ssl=False, timeout=10)
    with cliente:
        cliente.login(USUARIO, CONTRASENA)
        assert cliente.select_folder("INBOX")[b"EXISTS"] >= 0


def test_sirve_aunque_la_raiz_este_bajo_carpetas_cerradas(servidor: Dovecot, usuario: str) -> None:
    """Cada sesión de pytest que arranca cierra /tmp/pytest-of-root a 0700: el servidor que ya
    corría, con su raíz ahí dentro, debe seguir sirviendo (sus buzones viven en otra parte)."""
    servidor.raiz.parent.chmod(0o700)
    assert servidor.agregar(CARTA, usuario=usuario) == 1
    assert servidor.uids(usuario=usuario) == [1]


def test_una_contrasena_equivocada_se_rechaza(servidor: Dovecot) -> None:
    """Dovecot autentica de verdad: una contraseña errónea no entra."""
    cliente = IMAPClient(servidor.host, port=servidor.puerto, ssl=False, timeout=10)
    with pytest.raises(LoginError):
        cliente.login(USUARIO, "otra-clave")
    cliente.shutdown()


def test_agregar_devuelve_el_uid_y_guarda_los_bytes_exactos(
    servidor: Dovecot, usuario: str
) -> None:
    """APPEND devuelve UIDs consecutivos y el mensaje vuelve byte a byte, sin marcarse leído."""
    primero = servidor.agregar(CARTA, usuario=usuario)
    segundo = servidor.agregar(CARTA, usuario=usuario, flags=[b"\\Flagged"])
    assert (primero, segundo) == (1, 2)
    assert servidor.uids(usuario=usuario) == [1, 2]
    with servidor.cliente(usuario) as cliente:
        cliente.select_folder("INBOX")
        crudo = cliente.fetch([primero], ["BODY.PEEK[]"])[primero][b"BODY[]"]
    assert crudo == CARTA
    assert servidor.flags(usuario=usuario) == {1: (), 2: (b"\\Flagged",)}


def test_agregar_muchos_devuelve_los_uids_en_orden(servidor: Dovecot, usuario: str) -> None:
    """La vía rápida para benchmarks agrega todo por una conexión y devuelve cada UID."""
    mensajes = [CARTA.replace(b"convenio-2026", f"carta-{i}".encode()) for i in range(600)]
    uids = servidor.agregar_muchos(mensajes, usuario=usuario)
    assert uids == list(range(1, 601))
    assert servidor.uids(usuario=usuario) == uids


def test_cada_usuario_nuevo_tiene_su_buzon_aparte(servidor: Dovecot) -> None:
    """Usuarios creados con el servidor corriendo entran enseguida y no comparten mensajes."""
    uno, otro = servidor.nuevo_usuario(), servidor.nuevo_usuario()
    servidor.agregar(CARTA, usuario=uno)
    assert servidor.uids(usuario=uno) == [1]
    assert servidor.uids(usuario=otro) == []


def test_cambiar_la_contrasena_rige_enseguida(servidor: Dovecot, usuario: str) -> None:
    """Dovecot relee el passwd-file aunque la contraseña nueva mida lo mismo que la anterior."""
    servidor.crear_usuario(usuario, "Clave-Prueba-2027")
    with servidor.cliente(usuario):
        pass
    cliente = IMAPClient(servidor.host, port=servidor.puerto, ssl=False, timeout=10)
    with pytest.raises(LoginError):
        cliente.login(usuario, CONTRASENA)
    cliente.shutdown()


def test_el_puerto_tls_usa_el_certificado_generado(servidor: Dovecot, usuario: str) -> None:
    """IMAPS con TLS implícito verifica contra el certificado autofirmado (IP y localhost)."""
    for host in (servidor.host, "localhost"):
        contexto = ssl.create_default_context(cafile=str(servidor.certificado))
        cliente = IMAPClient(host, port=servidor.puerto_tls, ssl=True, ssl_context=contexto)
        with cliente:
            cliente.login(usuario, CONTRASENA)
            assert cliente.select_folder("INBOX")[b"EXISTS"] == 0


def test_sin_confiar_en_el_certificado_tls_falla(servidor: Dovecot, tmp_path: Path) -> None:
    """El certificado es autofirmado: un cliente que confía en otro lo rechaza."""
    otro = tmp_path / "otro.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(tmp_path / "otra-clave.pem"), "-out", str(otro),
         "-days", "1", "-subj", "/CN=localhost"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    contexto = ssl.create_default_context(cafile=str(otro))
    with pytest.raises(ssl.SSLCertVerificationError):
        IMAPClient(servidor.host, port=servidor.puerto_tls, ssl=True, ssl_context=contexto)


def test_starttls_funciona_en_el_puerto_simple(servidor: Dovecot, usuario: str) -> None:
    """STARTTLS sube la conexión del puerto simple a TLS antes del login."""
    cliente = IMAPClient(servidor.host, port=servidor.puerto, ssl=False, timeout=10)
    with cliente:
        assert b"STARTTLS" in cliente.capabilities()
        cliente.starttls(servidor.contexto_ssl())
        cliente.login(usuario, CONTRASENA)
        cliente.select_folder("INBOX")


def test_recrear_carpeta_cambia_uidvalidity_y_reusa_uids(servidor: Dovecot, usuario: str) -> None:
    """GIVEN una carpeta con un mensaje WHEN se borra y recrea THEN cambia la UIDVALIDITY y el
    primer mensaje nuevo vuelve a tener UID 1: un (UIDVALIDITY, UID) guardado ya no vale."""
    servidor.crear_carpeta("Recibidos/Año 2026", usuario=usuario)
    anterior = servidor.uidvalidity("Recibidos/Año 2026", usuario=usuario)
    assert servidor.agregar(CARTA, carpeta="Recibidos/Año 2026", usuario=usuario) == 1
    nueva = servidor.recrear_carpeta("Recibidos/Año 2026", usuario=usuario)
    assert nueva != anterior
    assert servidor.uidvalidity("Recibidos/Año 2026", usuario=usuario) == nueva
    assert servidor.uids("Recibidos/Año 2026", usuario=usuario) == []
    assert servidor.agregar(CARTA, carpeta="Recibidos/Año 2026", usuario=usuario) == 1
    # Dos veces seguidas, en el mismo segundo: también cambia.
    assert servidor.recrear_carpeta("Recibidos/Año 2026", usuario=usuario) != nueva


def test_recrear_inbox_cambia_uidvalidity_y_no_toca_otras_carpetas(
    servidor: Dovecot, usuario: str
) -> None:
    """INBOX no se puede borrar por IMAP, pero se recrea igual: vacío, UIDVALIDITY nueva y UIDs
    desde 1; las demás carpetas quedan como estaban."""
    servidor.crear_carpeta("Procesados", usuario=usuario)
    servidor.agregar(CARTA, carpeta="Procesados", usuario=usuario)
    servidor.agregar_muchos([CARTA, CARTA], usuario=usuario)
    validez_procesados = servidor.uidvalidity("Procesados", usuario=usuario)
    anterior = servidor.uidvalidity(usuario=usuario)
    nueva = servidor.recrear_carpeta("INBOX", usuario=usuario)
    assert nueva != anterior
    assert servidor.uidvalidity(usuario=usuario) == nueva
    assert servidor.uids(usuario=usuario) == []
    assert servidor.agregar(CARTA, usuario=usuario) == 1
    assert servidor.uids("Procesados", usuario=usuario) == [1]
    assert servidor.uidvalidity("Procesados", usuario=usuario) == validez_procesados


def test_vaciar_deja_solo_inbox_vacio(servidor: Dovecot, usuario: str) -> None:
    """vaciar borra carpetas y mensajes del usuario."""
    servidor.crear_carpeta("Procesados", usuario=usuario)
    servidor.agregar(CARTA, carpeta="Procesados", usuario=usuario)
    servidor.agregar(CARTA, usuario=usuario)
    servidor.vaciar(usuario)
    assert servidor.uids(usuario=usuario) == []
    with servidor.cliente(usuario) as cliente:
        assert [nombre for *_, nombre in cliente.list_folders()] == ["INBOX"]


def test_matar_conexiones_corta_a_un_cliente_abierto(servidor: Dovecot, usuario: str) -> None:
    """GIVEN un cliente con INBOX abierto WHEN se cae la conexión THEN su siguiente comando falla,
    y un cliente nuevo vuelve a entrar."""
    servidor.agregar(CARTA, usuario=usuario)
    with servidor.cliente(usuario) as cliente:
        cliente.select_folder("INBOX")
        assert servidor.matar_conexiones(usuario) == 1
        with pytest.raises((IMAPClientAbortError, OSError)):
            cliente.fetch([1], ["BODY.PEEK[]"])
    assert servidor.uids(usuario=usuario) == [1]


def test_matar_conexiones_con_aviso_envia_bye(servidor: Dovecot, usuario: str) -> None:
    """Con aviso el servidor se despide (BYE) y el cliente lo ve como conexión abortada."""
    with servidor.cliente(usuario) as cliente:
        cliente.select_folder("INBOX")
        assert servidor.matar_conexiones(usuario, aviso=True) == 1
        with pytest.raises((IMAPClientAbortError, OSError)):
            cliente.noop()


def test_matar_conexiones_de_un_usuario_no_toca_a_otro(servidor: Dovecot) -> None:
    """Solo se cortan las conexiones del usuario indicado."""
    uno, otro = servidor.nuevo_usuario(), servidor.nuevo_usuario()
    with servidor.cliente(uno) as cliente_uno, servidor.cliente(otro) as cliente_otro:
        cliente_uno.select_folder("INBOX")
        cliente_otro.select_folder("INBOX")
        assert servidor.matar_conexiones(uno) == 1
        cliente_otro.noop()
        with pytest.raises((IMAPClientAbortError, OSError)):
            cliente_uno.noop()


def test_reiniciar_conserva_mensajes_puertos_y_uidvalidity(servidor: Dovecot, usuario: str) -> None:
    """GIVEN mensajes y un cliente abierto WHEN se reinicia THEN el cliente pierde la conexión,
    pero los mensajes, los UIDs, la UIDVALIDITY y los puertos siguen iguales."""
    uid = servidor.agregar(CARTA, usuario=usuario, flags=[b"\\Seen"])
    validez = servidor.uidvalidity(usuario=usuario)
    puertos = (servidor.puerto, servidor.puerto_tls)
    with servidor.cliente(usuario) as cliente:
        cliente.select_folder("INBOX")
        servidor.reiniciar()
        with pytest.raises((IMAPClientAbortError, OSError)):
            cliente.noop()
    assert (servidor.puerto, servidor.puerto_tls) == puertos
    assert servidor.uids(usuario=usuario) == [uid]
    assert servidor.uidvalidity(usuario=usuario) == validez
    assert servidor.flags(usuario=usuario) == {uid: (b"\\Seen",)}
    with servidor.cliente(usuario, tls=True) as cliente_tls:
        cliente_tls.select_folder("INBOX")


def test_detener_libera_los_puertos_y_se_puede_repetir(tmp_path: Path) -> None:
    """Tras detener no queda nadie escuchando; detener dos veces no falla."""
    instancia = Dovecot(tmp_path / "dv")
    instancia.iniciar()
    puerto = instancia.puerto
    instancia.detener()
    instancia.detener()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((instancia.host, puerto), timeout=2)
    trabajo = instancia.trabajo
    assert trabajo is not None and trabajo.is_dir()
    instancia.eliminar()
    assert not trabajo.exists()


def test_un_puerto_ocupado_hace_fallar_iniciar_con_el_motivo(tmp_path: Path) -> None:
    """Si Dovecot no puede arrancar, iniciar() falla enseguida y cuenta por qué."""
    with socket.socket() as ocupado:
        ocupado.bind(("127.0.0.1", 0))
        ocupado.listen()
        instancia = Dovecot(tmp_path / "dv")
        instancia.puerto = ocupado.getsockname()[1]
        instancia.puerto_tls = dovecot.puerto_libre()
        with pytest.raises(RuntimeError, match="Address already in use"):
            instancia.iniciar()
    instancia.eliminar()


def test_sin_dovecot_instalado_falla_y_dice_que_hacer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sin el paquete, iniciar() falla (no se salta) y sugiere `make sistema`."""
    monkeypatch.setattr(dovecot, "DOVECOT", tmp_path / "no-existe" / "dovecot")
    with pytest.raises(RuntimeError, match="make sistema"):
        Dovecot(tmp_path / "dv").iniciar()
