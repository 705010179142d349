"""Un nginx real para las pruebas: el sitio que se instala (deploy/nginx/recupera.conf), en
loopback, en puertos libres, con un certificado de una CA propia (openssl), delante de procesos
reales de Recupera.

No es un conftest: la prueba que lo usa arma su fixture. Uso típico:

    with Nginx(tmp_path_factory.mktemp("nginx"), upstream=[8001, 8002]) as proxy:
        conexion = http.client.HTTPSConnection("localhost", proxy.puerto_https,
                                               context=proxy.contexto_ssl())

Del sitio solo se cambia lo que es de la máquina (nombre, puertos, certificado, registros, los
procesos web), y cada cambio exige encontrar el texto que reemplaza: si el archivo cambia, la
prueba lo dice en vez de probar otra cosa. En `raiz` quedan nginx.conf, el sitio adaptado, el
certificado y los registros (`acceso.log`, `errores.log`).

Necesita el paquete nginx-light que instala `make sistema`; si falta, `iniciar()` lanza
RuntimeError: las pruebas fallan, no se saltan.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from tests.certificados import generar_certificados
from tests.dovecot import puerto_libre

NGINX = Path("/usr/sbin/nginx")
SITIO = Path(__file__).resolve().parents[1] / "deploy" / "nginx" / "recupera.conf"
NOMBRE = "localhost"
ESPERA_SEGUNDOS = 15.0


def adaptar_sitio(
    texto: str,
    *,
    puerto_http: int,
    puerto_https: int,
    certificado: Path,
    clave: Path,
    registros: Path,
    upstream: Sequence[int],
) -> str:
    """El sitio con lo de esta máquina: cada reemplazo debe encontrar su texto."""
    servidores = "".join(f"    server 127.0.0.1:{p};\n" for p in upstream)
    cambios: list[tuple[str, str]] = [
        (r"server_name recupera\.isss\.gob\.sv;", f"server_name {NOMBRE};"),
        (r"listen \[::\]:\d+[^;]*;\n\s*", ""),
        (r"listen 80;", f"listen 127.0.0.1:{puerto_http};"),
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{puerto_https} ssl http2;"),
        (r"/etc/ssl/recupera/recupera\.crt", str(certificado)),
        (r"/etc/ssl/recupera/recupera\.key", str(clave)),
        (r"/var/log/nginx/recupera\.access\.log", str(registros / "acceso.log")),
        (r"/var/log/nginx/recupera\.error\.log", str(registros / "errores.log")),
        (r"(    server 127\.0\.0\.1:\d+;\n)+", servidores),
    ]
    for patron, nuevo in cambios:
        texto, veces = re.subn(patron, nuevo.replace("\\", "\\\\"), texto)
        if not veces:
            raise AssertionError(f"{SITIO} ya no tiene «{patron}»: actualice tests/nginx.py")
    return texto


class Nginx:
    """Un nginx propio bajo `raiz`: http en `puerto_http` (redirige) y https en `puerto_https`."""

    host = "127.0.0.1"

    def __init__(self, raiz: Path, *, upstream: Sequence[int]) -> None:
        """Prepara las rutas y los puertos; nada se crea ni se inicia hasta `iniciar()`."""
        self.raiz = raiz.resolve()
        self.upstream = list(upstream)
        self.configuracion = self.raiz / "nginx.conf"
        self.acceso = self.raiz / "acceso.log"
        self.errores = self.raiz / "errores.log"
        self.puerto_http = puerto_libre()
        self.puerto_https = puerto_libre()
        self.ca = self.raiz / "ca.pem"
        self._proceso: subprocess.Popen[bytes] | None = None
        self._temporales: Path | None = None

    def iniciar(self) -> None:
        """Arranca nginx (en primer plano, hijo de la prueba) y espera a que acepte conexiones."""
        if self._proceso is not None:
            return
        if not NGINX.exists():
            raise RuntimeError(
                f"nginx no está instalado ({NGINX}): ejecute `make sistema` para instalar "
                "nginx-light, que las pruebas del despliegue necesitan."
            )
        self._escribir_configuracion()
        orden = [str(NGINX), "-p", str(self.raiz), "-c", str(self.configuracion)]
        prueba = subprocess.run([*orden, "-t"], capture_output=True, text=True, check=False)
        if prueba.returncode != 0:
            raise RuntimeError(f"nginx rechazó la configuración:\n{prueba.stderr}")
        self._proceso = subprocess.Popen(
            orden, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        self._esperar_listo()

    def detener(self) -> None:
        """Detiene nginx (el maestro espera a sus trabajadores); no falla si ya estaba detenido."""
        proceso, self._proceso = self._proceso, None
        if proceso is not None and proceso.poll() is None:
            proceso.send_signal(signal.SIGTERM)
            try:
                proceso.wait(timeout=ESPERA_SEGUNDOS)
            except subprocess.TimeoutExpired:
                proceso.kill()
                proceso.wait(timeout=5)
        if self._temporales is not None:
            shutil.rmtree(self._temporales, ignore_errors=True)
            self._temporales = None

    def __enter__(self) -> Nginx:
        """Inicia nginx al entrar en el bloque `with`."""
        self.iniciar()
        return self

    def __exit__(
        self,
        tipo: type[BaseException] | None,
        error: BaseException | None,
        traza: TracebackType | None,
    ) -> None:
        """Detiene nginx al salir del bloque `with`."""
        self.detener()

    def contexto_ssl(self) -> ssl.SSLContext:
        """Un contexto TLS que confía solo en la CA de este nginx (verifica nombre y cadena)."""
        return ssl.create_default_context(cafile=str(self.ca))

    def registro_de_accesos(self) -> str:
        """Lo que nginx anotó hasta ahora en su registro de accesos."""
        return self.acceso.read_text(errors="replace") if self.acceso.exists() else ""

    def _escribir_configuracion(self) -> None:
        self.raiz.mkdir(parents=True, exist_ok=True)
        certificados = generar_certificados(self.raiz)
        # Los trabajadores (sin privilegios si la prueba corre como root) escriben aquí los cuerpos
        # de las peticiones: fuera de `raiz`, que es solo del usuario de la prueba.
        self._temporales = Path(tempfile.mkdtemp(prefix="recupera-nginx-"))
        self._temporales.chmod(0o755)
        sitio = adaptar_sitio(
            SITIO.read_text(encoding="utf-8"),
            puerto_http=self.puerto_http,
            puerto_https=self.puerto_https,
            certificado=certificados.certificado,
            clave=certificados.clave,
            registros=self.raiz,
            upstream=self.upstream,
        )
        (self.raiz / "sitio.conf").write_text(sitio, encoding="utf-8")
        usuario = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
        temporales = "".join(
            f"    {clave}_temp_path {self._temporales / clave};\n"
            for clave in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        self.configuracion.write_text(
            f"{usuario}daemon off;\nworker_processes 1;\npid {self.raiz / 'nginx.pid'};\n"
            f"error_log {self.errores} info;\nevents {{ worker_connections 64; }}\n"
            f"http {{\n    include /etc/nginx/mime.types;\n{temporales}"
            f"    include {self.raiz / 'sitio.conf'};\n}}\n",
            encoding="utf-8",
        )

    def _esperar_listo(self) -> None:
        """Espera a que ambos puertos acepten conexiones; si nginx termina, falla con su registro."""
        limite = time.monotonic() + ESPERA_SEGUNDOS
        pendientes = {self.puerto_http, self.puerto_https}
        while pendientes and time.monotonic() < limite:
            if self._proceso is not None and self._proceso.poll() is not None:
                raise RuntimeError(f"nginx terminó al arrancar:\n{self._cola_de_errores()}")
            for puerto in list(pendientes):
                try:
                    socket.create_connection((self.host, puerto), timeout=1).close()
                    pendientes.discard(puerto)
                except OSError:
                    time.sleep(0.05)
        if pendientes:
            raise RuntimeError(f"nginx no abrió {sorted(pendientes)}:\n{self._cola_de_errores()}")

    def _cola_de_errores(self, lineas: int = 30) -> str:
        if not self.errores.exists():
            return "(sin registro de errores)"
        return "\n".join(self.errores.read_text(errors="replace").splitlines()[-lineas:])
