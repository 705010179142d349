"""Un OpenLDAP real para las pruebas: su propia configuración y su base, en loopback, en puertos
libres, con LDAP (y StartTLS) y LDAPS con un certificado de una CA propia.

No es un conftest: las conftest que lo usan arman su fixture. Uso típico:

    with Slapd(tmp_path_factory.mktemp("slapd")) as directorio:      # iniciar() … detener()
        uid = directorio.nueva_persona(grupos=["recupera-jefes"])    # una cuenta por prueba
        settings = cargar_settings(**directorio.ajustes("starttls"))

En `raiz` quedan la configuración, la base (mdb), la CA, el certificado y el log de arranque.
Necesita los paquetes slapd y openssl que instala `make sistema`; si faltan, `iniciar()` lanza
RuntimeError: las pruebas fallan, no se saltan.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

from ldap3 import MODIFY_ADD, MODIFY_DELETE, Connection, Server
from ldap3.core.exceptions import LDAPException

from tests.certificados import generar_certificados
from tests.demonios import arrancar_en_el_fondo
from tests.dovecot import puerto_libre

SLAPD = Path("/usr/sbin/slapd")
ESQUEMAS = Path("/etc/ldap/schema")
MODULOS = Path("/usr/lib/ldap")
BASE = "dc=isss,dc=gob,dc=sv"
PERSONAS = f"ou=personas,{BASE}"
GRUPOS = f"ou=grupos,{BASE}"
ADMIN = f"cn=admin,{BASE}"
CLAVE_ADMIN = "Clave-Admin-Directorio-2026"
CONTRASENA = "Clave-Directorio-2026 ñ&<\"'"
# Los grupos de Recupera y su rol; el de secretarías es groupOfUniqueNames, que el overlay
# memberof no refleja: se encuentra solo buscando uniqueMember.
ROLES = {
    "recupera-jefes": "jefe",
    "recupera-gestores": "gestor",
    "recupera-secretarias": "secretaria",
}
# Un groupOfNames debe tener algún miembro: este DN no es de nadie.
NADIE = f"cn=nadie,{BASE}"
ESPERA_SEGUNDOS = 15.0
_contador = itertools.count(1)


def _dn_persona(uid: str) -> str:
    return f"uid={uid},{PERSONAS}"


def _dn_grupo(cn: str) -> str:
    return f"cn={cn},{GRUPOS}"


class Slapd:
    """Un slapd propio bajo `raiz`: LDAP en `puerto` y LDAPS en `puerto_tls`."""

    host = "127.0.0.1"
    # Otra dirección de loopback donde también escucha, que el certificado no nombra.
    host_ajeno = "127.0.0.2"

    def __init__(self, raiz: Path) -> None:
        """Prepara las rutas; nada se crea ni se inicia hasta `iniciar()`."""
        self.raiz = raiz.resolve()
        self.configuracion = self.raiz / "slapd.conf"
        self.datos = self.raiz / "mdb"
        self.pid = self.raiz / "slapd.pid"
        self.ca = self.raiz / "ca.pem"  # la de `generar_certificados`, que firmó el del servidor
        self.puerto = 0
        self.puerto_tls = 0
        self._cargado = False

    # --- ciclo de vida -------------------------------------------------------------------------

    def iniciar(self) -> None:
        """Arranca slapd, espera a que conteste y, la primera vez, carga la base y los grupos."""
        if self._pid() is not None:
            return
        _comprobar_requisitos()
        self._preparar()
        # Si el proceso de pruebas termina sin detenerlo, no debe quedar un slapd huérfano.
        atexit.register(self.detener)
        arranque = self.raiz / "arranque.log"
        urls = (
            f"ldap://{self.host}:{self.puerto}/ ldaps://{self.host}:{self.puerto_tls}/ "
            f"ldap://{self.host_ajeno}:{self.puerto}/ ldaps://{self.host_ajeno}:{self.puerto_tls}/"
        )
        arrancar_en_el_fondo(
            [str(SLAPD), "-f", str(self.configuracion), "-h", urls], arranque, "slapd"
        )
        self._esperar_listo()
        if not self._cargado:
            self._cargar()
            self._cargado = True

    def detener(self) -> None:
        """Detiene slapd y espera a que suelte los puertos; no falla si ya estaba detenido."""
        pid = self._pid()
        if pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        limite = time.monotonic() + ESPERA_SEGUNDOS
        while self._pid() == pid and time.monotonic() < limite:
            time.sleep(0.02)
        if self._pid() == pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            time.sleep(0.1)
        self.pid.unlink(missing_ok=True)

    def __enter__(self) -> Slapd:
        """Inicia el servidor al entrar en el bloque `with`."""
        self.iniciar()
        return self

    def __exit__(
        self,
        tipo: type[BaseException] | None,
        error: BaseException | None,
        traza: TracebackType | None,
    ) -> None:
        """Detiene el servidor al salir del bloque `with`; `raiz` queda para leer si algo falló."""
        self.detener()

    # --- lo que usan las pruebas ---------------------------------------------------------------

    def ajustes(self, seguridad: str = "none", **cambios: object) -> dict[str, object]:
        """Los `RECUPERA_LDAP_*` (como argumentos de `cargar_settings`) para este directorio.

        Con `none`, el puerto LDAP; con `starttls`, el mismo puerto y la CA propia; con `ldaps`,
        el puerto LDAPS y la CA propia. Los grupos se escriben como los teclearía un
        administrador: con mayúsculas y espacios que el DN del directorio no tiene.
        """
        grupos = ";".join(
            f"CN={cn.title()}, OU=Grupos, {BASE.upper()}={rol}" for cn, rol in ROLES.items()
        )
        valores: dict[str, object] = {
            "ldap_host": self.host,
            "ldap_port": self.puerto_tls if seguridad == "ldaps" else self.puerto,
            "ldap_security": seguridad,
            "ldap_ca_file": self.ca if seguridad != "none" else None,
            "ldap_bind": f"uid={{usuario}},{PERSONAS}",
            "ldap_base": BASE,
            "ldap_grupos": grupos,
            "ldap_segundos": 5,
        }
        valores.update(cambios)
        return valores

    def nueva_persona(
        self,
        prefijo: str = "persona",
        *,
        grupos: Sequence[str] = (),
        nombre: str = 'José Ñúñez & <Cía> "El Chele"',
        correo: str | None = "jose.nunez@isss.gob.sv",
    ) -> str:
        """Una cuenta nueva y única (contraseña `CONTRASENA`) en esos grupos; su uid."""
        uid = f"{prefijo}{os.getpid()}-{next(_contador)}"
        atributos = {"uid": uid, "cn": nombre, "sn": nombre.split()[-1], "displayName": nombre}
        atributos |= {"userPassword": CONTRASENA} | ({"mail": correo} if correo else {})
        with self.administrador() as c:
            _exigir(c, c.add(_dn_persona(uid), ["inetOrgPerson"], atributos))
        for grupo in grupos:
            self.agregar_a_grupo(uid, grupo)
        return uid

    def agregar_a_grupo(self, uid: str, grupo: str, *, operacion: str = MODIFY_ADD) -> None:
        """Pone la cuenta en el grupo (member o uniqueMember, según el grupo)."""
        cambio = {_atributo(grupo): [(operacion, [_dn_persona(uid)])]}
        with self.administrador() as c:
            _exigir(c, c.modify(_dn_grupo(grupo), cambio))

    def quitar_de_grupo(self, uid: str, grupo: str) -> None:
        """Saca la cuenta del grupo."""
        self.agregar_a_grupo(uid, grupo, operacion=MODIFY_DELETE)

    @contextlib.contextmanager
    def administrador(self) -> Iterator[Connection]:
        """Una conexión autenticada como el administrador (rootdn) de la base, que se cierra al
        salir (el `with` de ldap3 no cierra una conexión que ya entró al crearse)."""
        servidor = Server(self.host, port=self.puerto, connect_timeout=5)
        conexion = Connection(servidor, ADMIN, CLAVE_ADMIN, receive_timeout=10)
        try:
            conexion.open()
            _exigir(conexion, conexion.bind())
            yield conexion
        finally:
            conexion.unbind()
            if conexion.socket is not None:  # ldap3 no lo cierra si la conexión no llegó a abrirse
                conexion.socket.close()

    # --- interno -------------------------------------------------------------------------------

    def _preparar(self) -> None:
        """Carpetas, CA y certificado y configuración (una vez; luego se reutilizan)."""
        self.raiz.mkdir(parents=True, exist_ok=True)
        self.datos.mkdir(exist_ok=True)
        generar_certificados(self.raiz)
        if not self.puerto:
            self.puerto, self.puerto_tls = puerto_libre(), puerto_libre()
        self.configuracion.write_text(self._texto_configuracion())

    def _texto_configuracion(self) -> str:
        """La configuración completa (slapd.conf): nada se toma de /etc/ldap/slapd.d."""
        esquemas = "\n".join(
            f"include {ESQUEMAS / n}.schema" for n in ("core", "cosine", "inetorgperson")
        )
        return f"""\
{esquemas}
pidfile {self.pid}
argsfile {self.raiz / "slapd.args"}
modulepath {MODULOS}
moduleload back_mdb
moduleload memberof
TLSCACertificateFile {self.ca}
TLSCertificateFile {self.raiz / "certificado.pem"}
TLSCertificateKeyFile {self.raiz / "clave.pem"}
database mdb
maxsize 16777216
suffix "{BASE}"
rootdn "{ADMIN}"
rootpw {CLAVE_ADMIN}
directory {self.datos}
overlay memberof
# La contraseña solo sirve para entrar; cada cuenta ya autenticada lee el resto (sus grupos).
access to attrs=userPassword by anonymous auth by * none
access to * by users read by * none
"""

    def _cargar(self) -> None:
        """La raíz, las unidades de personas y grupos, y los grupos de Recupera (sin nadie)."""
        with self.administrador() as c:
            _exigir(c, c.add(BASE, ["dcObject", "organization"], {"o": "ISSS", "dc": "isss"}))
            for unidad in (PERSONAS, GRUPOS):
                _exigir(c, c.add(unidad, ["organizationalUnit"], {"ou": unidad[3:].split(",")[0]}))
            for grupo in ROLES:
                clase = "groupOfNames" if _atributo(grupo) == "member" else "groupOfUniqueNames"
                _exigir(c, c.add(_dn_grupo(grupo), [clase], {"cn": grupo, _atributo(grupo): NADIE}))

    def _esperar_listo(self) -> None:
        """Espera a que el administrador pueda entrar por LDAP."""
        limite = time.monotonic() + ESPERA_SEGUNDOS
        ultimo: Exception | None = None
        while time.monotonic() < limite:
            try:
                with self.administrador():
                    return
            except LDAPException as exc:
                ultimo = exc
            time.sleep(0.05)
        raise RuntimeError(f"slapd no contestó en {self.host}:{self.puerto} ({ultimo})")

    def _pid(self) -> int | None:
        """El pid de slapd si corre (y es de verdad el nuestro)."""
        try:
            pid = int(self.pid.read_text().strip())
            linea = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            return None
        estado = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if str(self.configuracion).encode() not in linea or estado == "Z":
            return None
        return pid


def _atributo(grupo: str) -> str:
    """El atributo de los miembros: uniqueMember en el grupo de secretarías, member en los demás."""
    return "uniqueMember" if grupo == "recupera-secretarias" else "member"


def _exigir(conexion: Connection, hecho: bool) -> None:
    """Falla con la respuesta del servidor si la operación no se hizo."""
    if not hecho:
        raise RuntimeError(f"el directorio de pruebas rechazó la operación: {conexion.result}")


def _comprobar_requisitos() -> None:
    """Falla con un mensaje que dice qué hacer si falta slapd, sus esquemas u openssl."""
    faltan = [
        p
        for p in (SLAPD, ESQUEMAS / "inetorgperson.schema", MODULOS / "back_mdb.so")
        if not p.exists()
    ]
    if faltan:
        raise RuntimeError(
            f"OpenLDAP no está instalado ({', '.join(map(str, faltan))}): ejecute `make sistema` "
            "para instalar slapd y ldap-utils, que las pruebas del directorio necesitan."
        )
    if subprocess.run(["openssl", "version"], capture_output=True, check=False).returncode != 0:
        raise RuntimeError("Falta openssl para los certificados de prueba: ejecute `make sistema`.")
