"""Un Dovecot real para las pruebas: su propia configuración, en loopback, en puertos libres.

No es un conftest: las conftest de cada área lo importan y arman su fixture. Uso típico:

    with Dovecot(tmp_path_factory.mktemp("dovecot")) as servidor:   # iniciar() … eliminar()
        usuario = servidor.nuevo_usuario()    # un buzón propio por prueba: nada compartido
        uid = servidor.agregar(crudo, usuario=usuario)
        with servidor.cliente(usuario) as cliente: ...

En `raiz` quedan la configuración, el certificado y el log; los sockets, los buzones y las
contraseñas van a /tmp/recupera-dovecot-*, que `eliminar()` (o la salida del proceso) borra.

Necesita root (Dovecot cambia de usuario por proceso) y los paquetes y el usuario `vmail` que
instala `make sistema`; si faltan, `iniciar()` lanza RuntimeError: las pruebas fallan, no se saltan.
"""

from __future__ import annotations

import atexit
import contextlib
import grp
import itertools
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType

from imapclient import IMAPClient

from tests.demonios import arrancar_en_el_fondo

DOVECOT = Path("/usr/sbin/dovecot")
DOVEADM = Path("/usr/bin/doveadm")
IMAP_BIN = os.path.realpath("/usr/lib/dovecot/imap")
USUARIO = "recepcion"
CONTRASENA = "Clave-Prueba-2026"
ESPERA_SEGUNDOS = 15.0
# sun_path admite 107 bytes y el socket más largo que Dovecot crea en base_dir suma 25
# (`token-login/imap-urlauth`).
LARGO_MAXIMO_BASE_DIR = 80
# MULTIAPPEND en tandas: un solo comando con miles de literales no aporta y complica los errores.
TANDA_MULTIAPPEND = 500
_APPENDUID = re.compile(rb"\[APPENDUID (\d+) ([\d:,]+)\]")
# Sin "/" ni punto inicial: el nombre es también el de su archivo de contraseña.
_NOMBRE_USUARIO = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_contador = itertools.count(1)

Flags = Sequence[bytes | str]


def puerto_libre() -> int:
    """Un puerto TCP libre en loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _uids_de_conjunto(texto: bytes) -> list[int]:
    """Expande un conjunto de UIDs de IMAP (`1:3,7`) a la lista de UIDs."""
    uids: list[int] = []
    for parte in texto.decode().split(","):
        inicio, _, fin = parte.partition(":")
        uids.extend(range(int(inicio), int(fin or inicio) + 1))
    return uids


def _uids_appenduid(respuesta: bytes) -> tuple[int, list[int]]:
    """La UIDVALIDITY y los UIDs del código APPENDUID (RFC 4315) de una respuesta a APPEND."""
    encontrado = _APPENDUID.search(respuesta)
    if encontrado is None:
        raise AssertionError(f"el servidor no devolvió APPENDUID: {respuesta!r}")
    return int(encontrado.group(1)), _uids_de_conjunto(encontrado.group(2))


def _ppid_y_estado(pid: int) -> tuple[int, str] | None:
    """El padre y el estado (R, S, Z…) de un proceso, o None si ya no existe."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # El nombre del proceso va entre paréntesis y puede contener espacios: se corta tras el último.
    campos = stat.rsplit(")", 1)[1].split()
    return int(campos[1]), campos[0]


def _vivo(pid: int) -> bool:
    """Si el proceso existe y no es un zombi (un zombi ya cerró sus sockets)."""
    datos = _ppid_y_estado(pid)
    return datos is not None and datos[1] != "Z"


def _esperar_fin(pids: Iterable[int], segundos: float) -> bool:
    """Espera a que terminen los procesos; True si terminaron todos a tiempo."""
    pendientes = set(pids)
    limite = time.monotonic() + segundos
    while pendientes and time.monotonic() < limite:
        pendientes = {p for p in pendientes if _vivo(p)}
        if pendientes:
            time.sleep(0.02)
    return not pendientes


class Dovecot:
    """Un servidor Dovecot propio bajo `raiz`, con IMAP en `puerto` e IMAPS en `puerto_tls`."""

    host = "127.0.0.1"

    def __init__(self, raiz: Path) -> None:
        """Prepara las rutas; nada se crea ni se inicia hasta `iniciar()`."""
        self.raiz = raiz.resolve()
        self.configuracion = self.raiz / "dovecot.conf"
        self.log = self.raiz / "dovecot.log"
        self.certificado = self.raiz / "certificado.pem"
        self.clave = self.raiz / "clave.pem"
        # Sockets, buzones y contraseñas, que leen procesos sin privilegios: fuera de `raiz` (ver
        # `_carpeta_de_trabajo`); se crea al iniciar por primera vez.
        self.trabajo: Path | None = None
        self.puerto = 0
        self.puerto_tls = 0
        self._usuarios: dict[str, str] = {USUARIO: CONTRASENA}
        self._preparado = False

    @property
    def base_dir(self) -> Path:
        """La carpeta de sockets y del pid del maestro."""
        return self._trabajo() / "run"

    @property
    def correo(self) -> Path:
        """La carpeta de los buzones: una casa por usuario, de vmail."""
        return self._trabajo() / "correo"

    @property
    def usuarios(self) -> Path:
        """La carpeta de los passwd-file, uno por usuario."""
        return self._trabajo() / "usuarios"

    # --- ciclo de vida -------------------------------------------------------------------------

    def iniciar(self) -> None:
        """Arranca Dovecot y espera a que acepte conexiones en ambos puertos."""
        if self._pid_maestro() is not None:
            return
        self._preparar()
        arranque = self.raiz / "arranque.log"
        arrancar_en_el_fondo([str(DOVECOT), "-c", str(self.configuracion)], arranque, "Dovecot",
                             lambda: f"\n{self.cola_del_log()}")  # fmt: skip
        self._esperar_listo()

    def detener(self) -> None:
        """Detiene Dovecot y espera a que termine; no falla si ya estaba detenido."""
        pid = self._pid_maestro()
        if pid is None:
            return
        hijos = self._hijos(pid)
        # SIGTERM es lo que hace `doveadm stop`; el maestro se va en ~1 s (espera 1 s a sus hijos).
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if not _esperar_fin([pid], ESPERA_SEGUNDOS):
            _matar([pid], signal.SIGKILL)
            _esperar_fin([pid], 5)
        # Al irse, el maestro solo manda SIGQUIT a los imap-login con un cliente conectado, y
        # esos siguen atendiéndolo (y con el puerto abierto): hay que terminarlos a mano.
        _matar(hijos, signal.SIGTERM)
        if not _esperar_fin(hijos, 1):
            _matar(hijos, signal.SIGKILL)
            _esperar_fin(hijos, 5)
        # El pid ya no vale: sin esto, `iniciar()` podría creer que sigue corriendo.
        (self.base_dir / "master.pid").unlink(missing_ok=True)

    def _trabajo(self) -> Path:
        """La carpeta de trabajo; existe desde el primer `iniciar()`."""
        if self.trabajo is None:
            raise RuntimeError("el Dovecot de pruebas aún no se inició: llame a iniciar()")
        return self.trabajo

    def reiniciar(self) -> None:
        """Detiene y vuelve a arrancar en los mismos puertos y con los mismos buzones."""
        self.detener()
        self.iniciar()

    def eliminar(self) -> None:
        """Detiene el servidor y borra sus buzones; `raiz` (configuración y log) queda."""
        atexit.unregister(self.eliminar)
        self.detener()
        if self.trabajo is not None:
            shutil.rmtree(self.trabajo, ignore_errors=True)
            self.trabajo = None
            self._preparado = False

    def __enter__(self) -> Dovecot:
        """Inicia el servidor al entrar en el bloque `with`."""
        self.iniciar()
        return self

    def __exit__(
        self,
        tipo: type[BaseException] | None,
        error: BaseException | None,
        traza: TracebackType | None,
    ) -> None:
        """Detiene el servidor y borra sus buzones al salir del bloque `with`."""
        self.eliminar()

    def cola_del_log(self, lineas: int = 30) -> str:
        """Las últimas líneas del log de Dovecot, para los mensajes de error."""
        try:
            texto = self.log.read_text(errors="replace")
        except OSError:
            return "(sin log de Dovecot)"
        return "Log de Dovecot:\n" + "\n".join(texto.splitlines()[-lineas:])

    # --- usuarios ------------------------------------------------------------------------------

    def crear_usuario(self, nombre: str, contrasena: str) -> None:
        """Crea (o cambia la contraseña de) un usuario; vale con el servidor corriendo."""
        if not _NOMBRE_USUARIO.fullmatch(nombre):
            raise ValueError(f"nombre de usuario no válido para la prueba: {nombre!r}")
        if any(c in contrasena for c in ":\n\r"):
            raise ValueError("la contraseña no puede contener ':' ni saltos de línea")
        existia = nombre in self._usuarios
        self._usuarios[nombre] = contrasena
        if self._preparado:
            self._escribir_usuario(nombre)
            if existia and self._pid_maestro() is not None:
                # Dovecot mira el archivo a lo sumo una vez por segundo: una consulta en el mismo
                # segundo en que se leyó la contraseña vieja la seguiría usando.
                time.sleep(1.05 - time.time() % 1)

    def nuevo_usuario(self, prefijo: str = "usuario") -> str:
        """Un usuario nuevo y único, con la contraseña de siempre: un buzón vacío por prueba."""
        nombre = f"{prefijo}{os.getpid()}-{next(_contador)}"
        self.crear_usuario(nombre, CONTRASENA)
        return nombre

    def contrasena(self, usuario: str | None = None) -> str:
        """La contraseña de un usuario creado aquí."""
        return self._usuarios[usuario or USUARIO]

    # --- clientes ------------------------------------------------------------------------------

    def contexto_ssl(self) -> ssl.SSLContext:
        """Un contexto TLS que confía solo en el certificado autofirmado de este servidor."""
        return ssl.create_default_context(cafile=str(self.certificado))

    def cliente(self, usuario: str | None = None, *, tls: bool = False) -> IMAPClient:
        """Un IMAPClient ya autenticado; en el puerto sin TLS salvo `tls=True` (IMAPS)."""
        usuario = usuario or USUARIO
        if tls:
            cliente = IMAPClient(
                self.host, port=self.puerto_tls, ssl=True, ssl_context=self.contexto_ssl(),
                timeout=30,
            )  # fmt: skip
        else:
            # IMAPClient usa TLS implícito por omisión (ssl=True): en el puerto 143 hay que negarlo.
            cliente = IMAPClient(self.host, port=self.puerto, ssl=False, timeout=30)
        try:
            cliente.login(usuario, self._usuarios[usuario])
        except BaseException:
            # Un login fallido deja el socket abierto, y una prueba con warnings=error lo notaría.
            cliente.shutdown()
            raise
        return cliente

    # --- datos ---------------------------------------------------------------------------------

    def agregar(
        self,
        crudo: bytes,
        carpeta: str = "INBOX",
        flags: Flags = (),
        usuario: str | None = None,
        fecha: datetime | None = None,
    ) -> int:
        """Agrega un mensaje con APPEND y devuelve su UID (del código APPENDUID)."""
        with self.cliente(usuario) as c:
            respuesta = c.append(carpeta, crudo, flags=tuple(flags), msg_time=fecha)
        return _uids_appenduid(respuesta)[1][0]

    def agregar_muchos(
        self, lista: Iterable[bytes], carpeta: str = "INBOX", usuario: str | None = None
    ) -> list[int]:
        """Agrega muchos mensajes por una sola conexión (MULTIAPPEND en tandas); sus UIDs."""
        uids: list[int] = []
        mensajes = list(lista)
        with self.cliente(usuario) as c:
            for i in range(0, len(mensajes), TANDA_MULTIAPPEND):
                # multiappend devuelve (tipo, datos) sin comprobar el OK, a diferencia de append.
                tipo, datos = c.multiappend(carpeta, mensajes[i : i + TANDA_MULTIAPPEND])
                if tipo != "OK":
                    raise AssertionError(f"MULTIAPPEND a {carpeta} falló: {tipo} {datos!r}")
                uids.extend(_uids_appenduid(datos[0])[1])
        return uids

    def crear_carpeta(self, nombre: str, usuario: str | None = None) -> None:
        """Crea una carpeta (el separador de jerarquía es `/`)."""
        with self.cliente(usuario) as c:
            c.create_folder(nombre)

    def recrear_carpeta(self, nombre: str, usuario: str | None = None) -> int:
        """Borra y vuelve a crear la carpeta, vacía; devuelve su nueva UIDVALIDITY, siempre distinta.

        Los UIDs vuelven a empezar en 1, como en un servidor que recrea o migra un buzón. INBOX no
        se puede borrar por IMAP ni con doveadm: se recrea en disco, y por eso antes se cortan las
        conexiones abiertas del usuario.
        """
        usuario = usuario or USUARIO
        if nombre.upper() == "INBOX":
            anterior: int | None = self.uidvalidity("INBOX", usuario)
            self._recrear_inbox(usuario)
            nueva = self.uidvalidity("INBOX", usuario)
        else:
            with self.cliente(usuario) as c:
                anterior = None
                if c.folder_exists(nombre):
                    anterior = int(c.folder_status(nombre, [b"UIDVALIDITY"])[b"UIDVALIDITY"])
                    c.delete_folder(nombre)
                c.create_folder(nombre)
                nueva = int(c.folder_status(nombre, [b"UIDVALIDITY"])[b"UIDVALIDITY"])
        if anterior is not None and nueva <= anterior:
            # Dovecot 2.3 ya da max(ahora, última + 1) por usuario (archivo dovecot-uidvalidity);
            # esto solo blinda contra una versión que la derive del reloj y la repita en el mismo
            # segundo.
            nueva = anterior + 1
            self._doveadm("mailbox", "update", "-u", usuario, "--uid-validity", str(nueva), nombre)
        return nueva

    def _recrear_inbox(self, usuario: str) -> None:
        """Borra en disco el maildir de INBOX (aparte, en ~/inbox); Dovecot lo recrea al usarlo."""
        self.matar_conexiones(usuario)
        casa = self.correo / usuario
        shutil.rmtree(casa / "inbox", ignore_errors=True)
        # El índice de la lista de carpetas guarda la UIDVALIDITY para STATUS: sin él se rehace.
        for indice in (casa / "Maildir").glob("dovecot.list.index*"):
            indice.unlink()

    def borrar_carpeta(self, nombre: str, usuario: str | None = None) -> None:
        """Borra una carpeta con sus mensajes."""
        with self.cliente(usuario) as c:
            c.delete_folder(nombre)

    def uidvalidity(self, carpeta: str = "INBOX", usuario: str | None = None) -> int:
        """La UIDVALIDITY actual de la carpeta."""
        with self.cliente(usuario) as c:
            return int(c.folder_status(carpeta, [b"UIDVALIDITY"])[b"UIDVALIDITY"])

    def uids(
        self, carpeta: str = "INBOX", criterio: str = "ALL", usuario: str | None = None
    ) -> list[int]:
        """Los UIDs de la carpeta que cumplen el criterio de SEARCH, en orden."""
        with self.cliente(usuario) as c:
            c.select_folder(carpeta, readonly=True)
            return sorted(int(u) for u in c.search(criterio))

    def flags(
        self, carpeta: str = "INBOX", usuario: str | None = None
    ) -> dict[int, tuple[bytes, ...]]:
        """Los flags de cada mensaje de la carpeta, por UID (sin marcar nada como leído)."""
        with self.cliente(usuario) as c:
            c.select_folder(carpeta, readonly=True)
            todos = c.search("ALL")
            if not todos:
                return {}
            # \Recent no es del mensaje sino de la sesión que lo ve primero: se omite.
            return {
                int(uid): tuple(f for f in fs if f != b"\\Recent")
                for uid, fs in c.get_flags(todos).items()
            }

    def vaciar(self, usuario: str | None = None) -> None:
        """Borra todas las carpetas del usuario y deja INBOX vacío."""
        with self.cliente(usuario) as c:
            nombres = [nombre for _, _, nombre in c.list_folders()]
            # Las hijas primero: algunas configuraciones no borran una carpeta con hijas.
            for nombre in sorted(nombres, key=len, reverse=True):
                if nombre.upper() != "INBOX":
                    c.delete_folder(nombre)
            c.select_folder("INBOX")
            todos = c.search("ALL")
            if todos:
                c.delete_messages(todos)
                c.expunge()

    def matar_conexiones(self, usuario: str | None = None, *, aviso: bool = False) -> int:
        """Mata los procesos imap que atienden clientes (de un usuario, o todos); cuántos.

        Sin `aviso` es un SIGKILL: el socket se cierra sin BYE, como una red que se cae a mitad de
        un FETCH. Con `aviso` es un SIGTERM y el cliente recibe `* BYE Server shutting down.`.
        El siguiente comando del cliente lanza IMAPClientAbortError u OSError.
        """
        maestro = self._pid_maestro()
        if maestro is None:
            return 0
        pids = {p for p in self._hijos(maestro) if _ejecutable(p) == IMAP_BIN}
        if usuario is not None:
            pids &= self._pids_de_usuario(usuario)
        _matar(pids, signal.SIGTERM if aviso else signal.SIGKILL)
        if not _esperar_fin(pids, ESPERA_SEGUNDOS):
            raise RuntimeError(f"los procesos imap {sorted(pids)} no terminaron")
        return len(pids)

    # --- interno -------------------------------------------------------------------------------

    def _preparar(self) -> None:
        """Crea carpetas, certificado, usuarios y configuración (una vez; luego se reutilizan)."""
        if self._preparado:
            return
        _comprobar_requisitos()
        vmail = pwd.getpwnam("vmail")
        self.raiz.mkdir(parents=True, exist_ok=True)
        self.trabajo = _carpeta_de_trabajo()
        # Si el proceso de pruebas termina sin `eliminar()`, no debe quedar un Dovecot huérfano
        # ni buzones en /tmp.
        atexit.register(self.eliminar)
        enlace = self.raiz / "trabajo"
        enlace.unlink(missing_ok=True)
        enlace.symlink_to(self.trabajo)
        self.correo.mkdir(mode=0o700)
        os.chown(self.correo, vmail.pw_uid, vmail.pw_gid)
        if not self.certificado.exists():
            self._generar_certificado()
        if not self.puerto:
            self.puerto, self.puerto_tls = puerto_libre(), puerto_libre()
        self.usuarios.mkdir(mode=0o750)
        os.chown(self.usuarios, 0, grp.getgrnam("dovecot").gr_gid)
        self._preparado = True
        for nombre in self._usuarios:
            self._escribir_usuario(nombre)
        self.configuracion.write_text(self._texto_configuracion(vmail.pw_uid))

    def _generar_certificado(self) -> None:
        """Un certificado autofirmado para localhost y 127.0.0.1 (clave EC: se genera al instante)."""
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", str(self.clave), "-out", str(self.certificado),
                "-days", "30", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        self.clave.chmod(0o600)

    def _escribir_usuario(self, nombre: str) -> None:
        """Escribe el passwd-file propio del usuario (uno por usuario, ver la configuración)."""
        archivo = self.usuarios / nombre
        temporal = archivo.with_name(f".{nombre}.tmp")
        temporal.write_text(f"{nombre}:{{PLAIN}}{self._usuarios[nombre]}:::::\n")
        # Lo lee el proceso auth, que corre como el usuario `dovecot`.
        os.chown(temporal, 0, grp.getgrnam("dovecot").gr_gid)
        temporal.chmod(0o640)
        try:
            antes: os.stat_result | None = archivo.stat()
        except FileNotFoundError:
            antes = None
        os.replace(temporal, archivo)
        if antes is not None and antes.st_size == archivo.stat().st_size:
            # Dovecot relee el archivo solo si cambió su mtime (en segundos) o su tamaño: con una
            # contraseña del mismo largo en el mismo segundo no lo notaría.
            segundos = max(antes.st_mtime + 1, time.time())
            os.utime(archivo, (segundos, segundos))

    def _texto_configuracion(self, uid_vmail: int) -> str:
        """La configuración completa: nada se toma de /etc/dovecot."""
        return f"""\
protocols = imap
listen = {self.host}
instance_name = recupera-{self.puerto}
base_dir = {self.base_dir}
state_dir = {self._trabajo() / "estado"}
log_path = {self.log}
info_log_path = {self.log}
# imap-login se niega a correr como root; los procesos de correo, con uid 0 o < first_valid_uid.
default_login_user = dovenull
default_internal_user = dovecot
default_internal_group = dovecot
first_valid_uid = {uid_vmail}
ssl = yes
ssl_cert = <{self.certificado}
ssl_key = <{self.clave}
# Loopback ya cuenta como seguro, pero se declara: las pruebas entran sin TLS en el puerto simple.
disable_plaintext_auth = no
auth_mechanisms = plain login
# Las pruebas de contraseña errónea no deben esperar 2 s, ni castigar (hasta 15 s por intento) a
# las que vienen después desde la misma IP, 127.0.0.1.
auth_failure_delay = 0
# INBOX en su propia carpeta, fuera de la raíz de las demás: así se puede recrear en disco.
mail_location = maildir:~/Maildir:LAYOUT=fs:INBOX=~/inbox
namespace inbox {{
  inbox = yes
  separator = /
}}
# Un passwd-file por usuario: Dovecot relee un passwd-file a lo sumo una vez por segundo, así que
# un usuario agregado a un archivo único justo después de otra consulta no podría entrar; un
# archivo nuevo, en cambio, se lee en la primera consulta.
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {self.usuarios}/%n
}}
userdb {{
  driver = static
  args = uid=vmail gid=vmail home={self.correo}/%u
}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = {self.host}
    port = {self.puerto}
  }}
  inet_listener imaps {{
    address = {self.host}
    port = {self.puerto_tls}
    ssl = yes
  }}
}}
"""

    def _esperar_listo(self) -> None:
        """Espera el saludo IMAP en ambos puertos (en el de TLS, tras el handshake)."""
        limite = time.monotonic() + ESPERA_SEGUNDOS
        ultimo: Exception | None = None
        while time.monotonic() < limite:
            try:
                saludos = [self._saludo(tls=False), self._saludo(tls=True)]
                if all(s.startswith(b"* OK") for s in saludos):
                    return
                ultimo = RuntimeError(f"saludo inesperado: {saludos!r}")
            except OSError as exc:
                ultimo = exc
            time.sleep(0.05)
        raise RuntimeError(
            f"Dovecot no aceptó conexiones en {self.host}:{self.puerto} ni "
            f"{self.host}:{self.puerto_tls} en {ESPERA_SEGUNDOS:.0f} s ({ultimo}).\n"
            f"{self.cola_del_log()}"
        )

    def _saludo(self, *, tls: bool) -> bytes:
        """Conecta, lee el saludo IMAP y se despide con LOGOUT; devuelve el saludo."""
        puerto = self.puerto_tls if tls else self.puerto
        with contextlib.ExitStack() as pila:
            conexion = pila.enter_context(socket.create_connection((self.host, puerto), timeout=2))
            if tls:
                # El handshake completo prueba también que el certificado sirve.
                conexion = pila.enter_context(
                    self.contexto_ssl().wrap_socket(conexion, server_hostname=self.host)
                )
            saludo = conexion.recv(200)
            # Despedirse deja que el imap-login de la sonda termine solo, en lugar de quedarse
            # esperando a un cliente que ya no habla.
            conexion.sendall(b"a LOGOUT\r\n")
            conexion.recv(200)
            return saludo

    def _pid_maestro(self) -> int | None:
        """El pid del maestro de esta instancia, si corre (y es de verdad nuestro Dovecot)."""
        if self.trabajo is None:
            return None
        try:
            pid = int((self.base_dir / "master.pid").read_text().strip())
        except (OSError, ValueError):
            return None
        # Un pid reciclado tras un reinicio de la máquina podría ser de cualquier otro proceso.
        try:
            linea = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return None
        # Dovecot conserva su línea de órdenes (`dovecot -c <conf>`): así se reconoce la instancia.
        if (
            _ejecutable(pid) != os.path.realpath(DOVECOT)
            or str(self.configuracion).encode() not in linea
        ):
            return None
        return pid if _vivo(pid) else None

    def _hijos(self, pid: int) -> list[int]:
        """Los procesos hijos directos de `pid`."""
        hijos = []
        for entrada in os.listdir("/proc"):
            if entrada.isdigit():
                datos = _ppid_y_estado(int(entrada))
                if datos is not None and datos[0] == pid:
                    hijos.append(int(entrada))
        return hijos

    def _pids_de_usuario(self, usuario: str) -> set[int]:
        """Los pids de los procesos imap del usuario, según `doveadm who`."""
        salida = self._doveadm("who", "-1", usuario)
        pids = set()
        for linea in salida.splitlines()[1:]:
            columnas = linea.split()
            if len(columnas) >= 3 and columnas[0] == usuario and columnas[2].isdigit():
                pids.add(int(columnas[2]))
        return pids

    def _doveadm(self, *argumentos: str) -> str:
        """Ejecuta doveadm contra esta instancia; su salida estándar."""
        resultado = subprocess.run(
            [str(DOVEADM), "-c", str(self.configuracion), *argumentos],
            capture_output=True,
            text=True,
            check=False,
        )
        if resultado.returncode != 0:
            raise RuntimeError(
                f"doveadm {' '.join(argumentos)} falló ({resultado.returncode}): "
                f"{resultado.stderr.strip()}"
            )
        return resultado.stdout


def _matar(pids: Iterable[int], senal: signal.Signals) -> None:
    """Envía la señal a los procesos que sigan vivos."""
    for pid in pids:
        if _vivo(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, senal)


def _ejecutable(pid: int) -> str | None:
    """La ruta del ejecutable de un proceso, o None si ya no existe."""
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return None


def _comprobar_requisitos() -> None:
    """Falla con un mensaje que dice qué hacer si falta Dovecot, openssl, vmail o root."""
    if not DOVECOT.exists() or not DOVEADM.exists():
        raise RuntimeError(
            f"Dovecot no está instalado ({DOVECOT}): ejecute `make sistema` para instalar "
            "dovecot-imapd, que las pruebas de correo necesitan."
        )
    faltan = [u for u in ("vmail", "dovenull", "dovecot") if not _existe_usuario(u)]
    if faltan:
        raise RuntimeError(
            f"Faltan usuarios de sistema para Dovecot ({', '.join(faltan)}): ejecute `make sistema`."
        )
    if os.geteuid() != 0:
        raise RuntimeError(
            "El Dovecot de las pruebas necesita root (cambia de usuario por proceso): "
            "ejecute las pruebas como root, como en CI."
        )
    if subprocess.run(["openssl", "version"], capture_output=True, check=False).returncode != 0:
        raise RuntimeError("Falta openssl para el certificado de prueba: ejecute `make sistema`.")


def _existe_usuario(nombre: str) -> bool:
    """Si existe el usuario de sistema."""
    try:
        pwd.getpwnam(nombre)
    except KeyError:
        return False
    return True


def _carpeta_de_trabajo() -> Path:
    """Una carpeta nueva, 0711, en una ruta que los usuarios de Dovecot pueden atravesar.

    Los procesos de Dovecot corren como vmail, dovecot y dovenull, y las carpetas de pytest
    (/tmp/pytest-of-root/…) son 0700. Abrirles paso no basta: cada sesión de pytest que arranca
    (otra suite en paralelo, por ejemplo) vuelve a cerrar /tmp/pytest-of-root a 0700, y el
    Dovecot que estaba corriendo pierde sus buzones a mitad de una prueba.
    """
    # mkdtemp crea con nombre al azar y O_EXCL: usar /tmp así es seguro.
    for base in (Path(tempfile.gettempdir()), Path("/tmp")):  # noqa: S108
        if all(p.stat().st_mode & 0o001 for p in [base, *base.parents]):
            carpeta = Path(tempfile.mkdtemp(prefix="recupera-dovecot-", dir=base))
            carpeta.chmod(0o711)
            # sun_path admite 107 bytes: el socket más largo suma 25 a base_dir.
            if len(str(carpeta / "run")) > LARGO_MAXIMO_BASE_DIR:
                carpeta.rmdir()
                continue
            return carpeta
    raise RuntimeError(
        "No hay una carpeta temporal que los usuarios de Dovecot puedan atravesar (o+x) y de "
        "ruta corta: revise los permisos de /tmp o defina TMPDIR."
    )
