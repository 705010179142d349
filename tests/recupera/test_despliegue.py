"""El despliegue de docs/despliegue.md, seguido con los componentes reales: PostgreSQL, el archivo
de entorno de deploy/recupera.env.ejemplo (en producción), `recupera db upgrade`, el primer
administrador, dos procesos web y el worker con los comandos de las unidades de deploy/, y
delante el nginx de Debian con el sitio de deploy/nginx/recupera.conf y un certificado propio.

Se entra por TLS con la cookie Secure; la aplicación ve la dirección del cliente y https, y solo
del proxy; nginx corta lo que pasa del límite de subida sin molestar a Recupera; /salud y
`recupera doctor` dan todo en orden; y el worker se detiene con SIGTERM.

Lo que no se sigue aquí (apt, usuarios del sistema, systemd, el certificado de verdad) lo dice
docs/despliegue.md.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shlex
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from tests.conftest import POSTGRES_URL
from tests.nginx import Nginx
from tests.recupera.servidor import RECUPERA, puerto_libre
from tests.recupera.test_despliegue_archivos import BINARIO, DEPLOY, leer_entorno, leer_unidad

pytestmark = [pytest.mark.nginx, pytest.mark.lento, pytest.mark.postgres]
CLIENTE = "127.0.0.2"  # otra dirección de loopback: la del cliente, distinta de la de nginx
ESPERA = 60.0


@dataclass
class Despliegue:
    """La instalación en marcha: nginx, los procesos y dónde escriben su registro."""

    nginx: Nginx
    entorno: dict[str, str]
    carpeta: Path
    puertos_web: list[int]
    procesos: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    contrasena: str = ""

    def registro(self, nombre: str) -> list[dict[str, Any]]:
        """Las líneas JSON que escribió un proceso (`web-8001`, `worker`)."""
        texto = (self.carpeta / f"{nombre}.log").read_text(encoding="utf-8")
        return [json.loads(linea) for linea in texto.splitlines() if linea.strip()]

    def de_la_web(self) -> list[dict[str, Any]]:
        """Las líneas de petición de todos los procesos web."""
        return [
            linea
            for puerto in self.puertos_web
            for linea in self.registro(f"web-{puerto}")
            if linea["registro"] == "recupera.peticiones"
        ]


class Navegador:
    """Un cliente HTTPS mínimo que guarda cookies y sale desde `CLIENTE`."""

    def __init__(self, proxy: Nginx) -> None:
        self.proxy = proxy
        self.origen = f"https://localhost:{proxy.puerto_https}"
        self.cookies: dict[str, str] = {}
        self.set_cookie: list[str] = []

    def pedir(
        self, metodo: str, ruta: str, cuerpo: bytes | None = None, **cabeceras: str
    ) -> tuple[http.client.HTTPResponse, bytes]:
        """Una petición por una conexión nueva; guarda las cookies que vuelven."""
        conexion = http.client.HTTPSConnection(
            "127.0.0.1",
            self.proxy.puerto_https,
            context=self.proxy.contexto_ssl(),
            source_address=(CLIENTE, 0),
            timeout=60,
        )
        todas = {"Host": f"localhost:{self.proxy.puerto_https}", **cabeceras}
        if self.cookies:
            todas["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conexion.request(metodo, ruta, body=cuerpo, headers=todas)
            respuesta = conexion.getresponse()
            datos = respuesta.read()
        finally:
            conexion.close()
        self.set_cookie = respuesta.headers.get_all("Set-Cookie") or []
        for valor in self.set_cookie:
            for nombre, morsel in SimpleCookie(valor).items():
                self.cookies[nombre] = morsel.value
        return respuesta, datos


@pytest.fixture(scope="module")
def esquema() -> Iterator[str]:
    """Un esquema vacío de PostgreSQL (lo migra `recupera db upgrade`); su URL."""
    admin = create_engine(POSTGRES_URL)
    nombre = f"despliegue_{secrets.token_hex(4)}"
    try:
        with admin.begin() as c:
            c.execute(text(f'CREATE SCHEMA "{nombre}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.fail(
            f"No se pudo conectar a PostgreSQL en {POSTGRES_URL}: {exc.orig}", pytrace=False
        )
    separador = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separador}options=-csearch_path%3D{nombre}"
    finally:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{nombre}" CASCADE'))
        admin.dispose()


def _entorno(carpeta: Path, url: str, puerto_https: int) -> dict[str, str]:
    """El archivo de entorno de ejemplo, con lo de esta máquina; nada más que eso cambia."""
    ejemplo = leer_entorno(DEPLOY / "recupera.env.ejemplo")
    propio = {
        "RECUPERA_SECRET_KEY": secrets.token_hex(32),
        "RECUPERA_DATABASE_URL": url,
        "RECUPERA_DATA_DIR": str(carpeta / "datos"),
        "RECUPERA_RESPALDO_DIR": str(carpeta / "copias"),
        "RECUPERA_URL_PUBLICA": f"https://localhost:{puerto_https}",
        # La copia del día se hace al arrancar a cualquier hora, no desde las 2:00.
        "RECUPERA_RESPALDO_HORA": "0",
    }
    assert set(propio) <= set(ejemplo), set(propio) - set(ejemplo)
    sistema = {k: v for k, v in os.environ.items() if not k.startswith("RECUPERA_")}
    return {**sistema, **ejemplo, **propio}


def _orden_de(unidad: str, puerto: int | None = None) -> list[str]:
    """El ExecStart de la unidad, con el `recupera` de este entorno."""
    (orden,) = leer_unidad(unidad)["ExecStart"]
    binario, *argumentos = shlex.split(orden.replace("%i", str(puerto or "")))
    assert binario == BINARIO
    return [RECUPERA, *argumentos]


def _arrancar(d: Despliegue, nombre: str, orden: list[str]) -> None:
    with (d.carpeta / f"{nombre}.log").open("wb") as salida:
        d.procesos[nombre] = subprocess.Popen(
            orden, env=d.entorno, stdout=salida, stderr=subprocess.STDOUT
        )


def _esperar(condicion: Any, que: str, d: Despliegue) -> None:
    limite = time.monotonic() + ESPERA
    while time.monotonic() < limite:
        caidos = {n: p.returncode for n, p in d.procesos.items() if p.poll() is not None}
        assert not caidos, f"terminaron {caidos}: {_colas(d)}"
        if condicion():
            return
        time.sleep(0.2)
    raise AssertionError(f"{que} no ocurrió en {ESPERA} s: {_colas(d)}")


def _colas(d: Despliegue) -> str:
    return "\n".join(
        f"--- {n}\n" + (d.carpeta / f"{n}.log").read_text(errors="replace")[-2000:]
        for n in d.procesos
    )


def _responde(puerto: int) -> bool:
    conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=2)
    try:
        conexion.request("GET", "/acceso")
        return conexion.getresponse().status == 200
    except OSError:
        return False
    finally:
        conexion.close()


@pytest.fixture(scope="module")
def despliegue(tmp_path_factory: pytest.TempPathFactory, esquema: str) -> Iterator[Despliegue]:
    """La instalación entera, como la deja docs/despliegue.md, y nginx delante."""
    carpeta = tmp_path_factory.mktemp("despliegue")
    puertos = [puerto_libre(), puerto_libre()]
    with Nginx(carpeta / "nginx", upstream=puertos) as proxy:
        d = Despliegue(proxy, _entorno(carpeta, esquema, proxy.puerto_https), carpeta, puertos)
        d.contrasena = f"Despliegue-{secrets.token_urlsafe(12)}"
        for orden, entrada in ((["db", "upgrade"], None), (["users", "create", "admin", "--role", "admin", "--password-stdin"], d.contrasena)):  # fmt: skip
            hecho = subprocess.run(
                [RECUPERA, *orden], env=d.entorno, input=entrada, text=True, capture_output=True
            )
            assert hecho.returncode == 0, hecho.stdout + hecho.stderr
        try:
            for puerto in puertos:
                _arrancar(d, f"web-{puerto}", _orden_de("recupera-web@.service", puerto))
            _arrancar(d, "worker", _orden_de("recupera-worker.service"))
            _esperar(lambda: all(_responde(p) for p in puertos), "los procesos web", d)
            yield d
        finally:
            for proceso in d.procesos.values():
                if proceso.poll() is None:
                    proceso.terminate()
            for proceso in d.procesos.values():
                proceso.wait(timeout=60)


def test_por_http_solo_se_redirige_a_https(despliegue: Despliegue) -> None:
    """http://… responde 301 a la misma dirección en https."""
    conexion = http.client.HTTPConnection("127.0.0.1", despliegue.nginx.puerto_http, timeout=10)
    try:
        conexion.request("GET", "/expedientes/?q=P%C3%A9rez", headers={"Host": "localhost"})
        respuesta = conexion.getresponse()
    finally:
        conexion.close()
    assert respuesta.status == 301
    assert respuesta.headers["Location"] == "https://localhost/expedientes/?q=P%C3%A9rez"


def test_se_entra_por_tls_con_cookie_secure_y_hsts(despliegue: Despliegue) -> None:
    """GIVEN el administrador creado con `recupera users create`
    WHEN entra por https con el token CSRF de la página de acceso
    THEN la cookie de sesión es Secure y HttpOnly, la respuesta lleva HSTS y su página de inicio
    se abre. (Flask-WTF, sobre https, exige además un Referer del mismo origen: la aplicación
    sabe que la conexión es https y con qué nombre se la pidió.)"""
    navegador = Navegador(despliegue.nginx)
    respuesta, html = navegador.pedir("GET", "/acceso")
    assert respuesta.status == 200
    assert "max-age=63072000" in respuesta.headers["Strict-Transport-Security"]
    token = re.search(rb'name="csrf_token" value="([^"]+)"', html)
    assert token, html[:500]
    formulario = {"usuario": "admin", "contrasena": despliegue.contrasena}
    respuesta, _ = navegador.pedir(
        "POST",
        "/acceso",
        urlencode({**formulario, "csrf_token": token.group(1).decode()}).encode(),
        **{
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"{navegador.origen}/acceso",
        },
    )
    assert respuesta.status == 302, respuesta.headers
    assert respuesta.headers["Location"] == "/"
    (sesion,) = [c for c in navegador.set_cookie if c.startswith("recupera_sesion=")]
    atributos = {a.strip().lower() for a in sesion.split(";")[1:]}
    assert {"secure", "httponly", "samesite=lax"} <= atributos
    respuesta, html = navegador.pedir("GET", "/")
    assert respuesta.status == 200
    assert "Salir" in html.decode()


def test_la_aplicacion_ve_la_direccion_del_cliente_https_y_el_codigo_de_nginx(
    despliegue: Despliegue,
) -> None:
    """La línea de la petición en el registro de Recupera dice la dirección del cliente (no la de
    nginx), https, y el mismo código que nginx anotó en el suyo y devolvió."""
    respuesta, _ = Navegador(despliegue.nginx).pedir("GET", "/acceso")
    codigo = respuesta.headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", codigo)
    (linea,) = [d for d in despliegue.de_la_web() if d.get("id_peticion") == codigo]
    assert (linea["cliente"], linea["esquema"], linea["estado"]) == (CLIENTE, "https", 200)
    assert f"{CLIENTE} - " in despliegue.nginx.registro_de_accesos()
    assert f"id={codigo}" in despliegue.nginx.registro_de_accesos()


def test_quien_llega_directo_a_un_proceso_web_no_se_hace_pasar_por_otro(
    despliegue: Despliegue,
) -> None:
    """Saltándose nginx (desde otra dirección que la de RECUPERA_PROXIES), X-Forwarded-* y
    X-Request-Id no cuentan."""
    conexion = http.client.HTTPConnection(
        "127.0.0.1", despliegue.puertos_web[0], source_address=(CLIENTE, 0), timeout=10
    )
    forjadas = {
        "X-Forwarded-For": "203.0.113.7",
        "X-Forwarded-Proto": "https",
        "X-Request-Id": "forjado-0000000001",
    }
    try:
        conexion.request("GET", "/acceso", headers=forjadas)
        respuesta = conexion.getresponse()
        respuesta.read()
    finally:
        conexion.close()
    codigo = respuesta.headers["X-Request-Id"]
    assert codigo != forjadas["X-Request-Id"]
    (linea,) = [d for d in despliegue.de_la_web() if d.get("id_peticion") == codigo]
    assert (linea["cliente"], linea["esquema"]) == (CLIENTE, "http")


def test_nginx_corta_una_subida_mayor_que_el_limite_sin_pasarla_a_recupera(
    despliegue: Despliegue,
) -> None:
    """Más que client_max_body_size: 413 de nginx (su página en español, sin las cabeceras de
    Recupera) con solo ver Content-Length, y Recupera ni se entera."""
    ruta = f"/correspondencia/papel/{secrets.token_hex(4)}"
    conexion = http.client.HTTPSConnection(
        "127.0.0.1", despliegue.nginx.puerto_https, context=despliegue.nginx.contexto_ssl(),
        timeout=10,
    )  # fmt: skip
    try:
        conexion.putrequest("POST", ruta, skip_host=True)
        conexion.putheader("Host", f"localhost:{despliegue.nginx.puerto_https}")
        conexion.putheader("Content-Type", "application/octet-stream")
        conexion.putheader("Content-Length", str(22 * 1024 * 1024))
        conexion.endheaders()
        respuesta = conexion.getresponse()
        cuerpo = respuesta.read().decode()
    finally:
        conexion.close()
    assert respuesta.status == 413
    assert "Archivo demasiado grande" in cuerpo
    assert "X-Request-Id" not in respuesta.headers
    assert "Content-Security-Policy" not in respuesta.headers
    assert not [d for d in despliegue.de_la_web() if d["ruta"] == ruta]
    assert f'"POST {ruta} HTTP/1.1" 413' in despliegue.nginx.registro_de_accesos()


def test_lo_que_nginx_deja_pasar_y_excede_la_subida_lo_explica_recupera(
    despliegue: Despliegue,
) -> None:
    """Dentro del margen de nginx pero más que RECUPERA_MAX_SUBIDA_BYTES: 413 de Recupera, con
    su página en español y su código."""
    cuerpo = b"usuario=" + b"a" * (20 * 1024 * 1024 + 100_000)
    respuesta, html = Navegador(despliegue.nginx).pedir(
        "POST", "/acceso", cuerpo, **{"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert respuesta.status == 413
    assert "Archivo demasiado grande" in html.decode()
    assert respuesta.headers["X-Request-Id"] in html.decode()
    assert "Content-Security-Policy" in respuesta.headers


def test_los_procesos_web_no_hacen_trabajo_programado(despliegue: Despliegue) -> None:
    """`serve --solo-web`: ni sondeo ni copias en la web; todo eso lo dice (y hace) el worker."""
    for puerto in despliegue.puertos_web:
        mensajes = [d["mensaje"] for d in despliegue.registro(f"web-{puerto}")]
        assert "Solo la web: el trabajo programado lo hace `recupera worker`." in mensajes
        assert not [m for m in mensajes if m.startswith(("Sondeando", "Copia de respaldo"))]
    trabajos = [d["mensaje"] for d in despliegue.registro("worker")]
    assert any(m.startswith("Sondeando la carpeta") for m in trabajos)


def test_salud_por_nginx_y_doctor_dan_todo_en_orden(despliegue: Despliegue) -> None:
    """Cuando el worker sondeó e hizo la copia del día, /salud (sin sesión, por nginx) da 200 y
    `recupera doctor` termina sin fallas."""

    def sana() -> bool:
        respuesta, _ = Navegador(despliegue.nginx).pedir("GET", "/salud")
        return respuesta.status == 200

    _esperar(sana, "/salud en 200", despliegue)
    _, cuerpo = Navegador(despliegue.nginx).pedir("GET", "/salud")
    datos = json.loads(cuerpo)
    assert {n: c["estado"] for n, c in datos["comprobaciones"].items()} == dict.fromkeys(
        ("base_de_datos", "almacen", "libreoffice", "sondeo", "respaldo"), "ok"
    )
    doctor = subprocess.run(
        [RECUPERA, "doctor"], env=despliegue.entorno, capture_output=True, text=True
    )
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "Diagnóstico de Recupera (producción;" in doctor.stdout
    assert "FALLA" not in doctor.stdout
    assert doctor.stdout.splitlines()[-1].startswith("Resultado: ninguna falla")


def test_el_worker_se_detiene_con_sigterm(despliegue: Despliegue) -> None:
    """Lo que hace `systemctl stop recupera-worker`: SIGTERM, termina su pasada y sale con 0."""
    worker = despliegue.procesos["worker"]
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=45) == 0
    assert despliegue.registro("worker")[-1]["mensaje"] == "Recupera worker detenido."
