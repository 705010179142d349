"""Fixtures de la capa web y la consola: la aplicación real sobre una base real, usuarios y sesiones.

argon2 cuesta decenas de milisegundos por hash (más con la máquina cargada): cada prueba crea solo
los usuarios que necesita, y la matriz de la política comparte una base por módulo.
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from playwright.sync_api import Browser, Page
from sqlalchemy import Engine
from sqlmodel import Session
from werkzeug.test import TestResponse

from expedientes import (
    CAMPOS_PATRONO,
    Actor,
    Expediente,
    Patrono,
    Rol,
    Settings,
    Usuario,
    abrir_expediente,
    cargar_settings,
    crear_usuario,
    hoy,
    registrar_patrono,
)
from recupera import create_app
from recupera.composicion import base_de_datos
from tests.bd import sesion
from tests.conftest import MOTORES, esquema_migrado
from tests.expedientes.datos import NIT_PEREZ, PEREZ, csv_texto
from tests.recupera.navegacion import chromium, nueva_pestana
from tests.recupera.servidor import hacer_demo

CONTRASENA = "Cuscatlán-2026-segura"
# Una persona creíble por rol: (nombre de usuario, nombre completo).
PERSONAS = {
    Rol.SECRETARIA: ("marta.rivas", "Marta Elena Rivas de Flores"),
    Rol.GESTOR: ("carlos.mejia", "Carlos Alberto Mejía Peña"),
    Rol.JEFE: ("jose.aguilar", "José Roberto Aguilar Núñez"),
    Rol.ARCHIVO: ("rosa.portillo", "Rosa María Portillo"),
    Rol.ADMIN: ("sistemas", "Administración de Sistemas"),
}
ACTOR = Actor("prueba:web")
NUMERO_PEREZ = "310145678"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')

CrearUsuarios = Callable[..., dict[Rol, Usuario]]
HacerApp = Callable[..., Flask]


# --- ayudantes ----------------------------------------------------------------------------------


def nuevas_settings(url: str, data_dir: Path, **valores: Any) -> Settings:
    """Configuración de desarrollo con una clave secreta aleatoria; `valores` la ajusta."""
    base: dict[str, Any] = {
        "env": "development",
        "data_dir": data_dir,
        "database_url": url,
        "secret_key": secrets.token_hex(32),
    }
    return cargar_settings(**{**base, **valores})


class PlantillasCompiladas(BytecodeCache):
    """Las plantillas de Jinja ya compiladas, en memoria, para todas las aplicaciones del proceso.

    Cada prueba web crea su aplicación, y cada una compilaba de nuevo cada página que mostraba
    (una quinta parte del tiempo de esas pruebas). En producción un proceso compila cada plantilla
    una sola vez; aquí también. Jinja compara la huella del fuente: una plantilla cambiada se
    vuelve a compilar.
    """

    def __init__(self) -> None:
        """Sin nada compilado todavía."""
        self._codigo: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Entrega lo compilado antes, si lo hay."""
        if (codigo := self._codigo.get(bucket.key)) is not None:
            bucket.bytecode_from_string(codigo)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Guarda lo recién compilado."""
        self._codigo[bucket.key] = bucket.bytecode_to_string()


PLANTILLAS_COMPILADAS = PlantillasCompiladas()


def nueva_app(settings: Settings) -> Flask:
    """La aplicación real en modo de pruebas, con CSRF activo."""
    app = create_app(settings)
    app.config["TESTING"] = True
    app.jinja_env.bytecode_cache = PLANTILLAS_COMPILADAS
    return app


def liberar(url: str) -> None:
    """Cierra las conexiones que la aplicación o la consola dejaron en su engine por URL."""
    base_de_datos(url).cerrar()


@contextmanager
def escribir(engine: Engine) -> Iterator[Session]:
    """Una transacción de preparación de datos, confirmada al salir."""
    with sesion(engine, ACTOR) as s:
        yield s


def crear_usuarios_en(engine: Engine, roles: tuple[Rol, ...] | list[Rol]) -> dict[Rol, Usuario]:
    """Un usuario por rol con la contraseña común, creado con el servicio real (argon2)."""
    creados = {}
    with escribir(engine) as s:
        for rol in roles:
            nombre, completo = PERSONAS[rol]
            creados[rol] = crear_usuario(
                session=s,
                nombre_usuario=nombre,
                nombre_completo=completo,
                rol=rol,
                contrasena=CONTRASENA,
                sucursal="San Salvador",
            )
    return creados


def registrar(engine: Engine, **campos: str) -> Patrono:
    """Registra un patrono realista; por omisión, Pérez & Cía en San Salvador."""
    datos = {
        "numero_patronal": NUMERO_PEREZ,
        "nit": NIT_PEREZ,
        "razon_social": PEREZ,
        "direccion": "Calle Arce #1234, Col. Escalón",
        "municipio": "San Salvador",
        "departamento": "San Salvador",
        "representante_legal": "María José Castaneda",
        "sucursal": "San Salvador",
        **campos,
    }
    with escribir(engine) as s:
        return registrar_patrono(session=s, campos=datos)


def abrir(
    engine: Engine, numero_patronal: str, gestor: Usuario | None = None, tipo: str = "cobro"
) -> Expediente:
    """Abre hoy un expediente para el patrono, con o sin gestor."""
    with escribir(engine) as s:
        return abrir_expediente(
            session=s,
            numero_patronal=numero_patronal,
            tipo=tipo,
            hoy=hoy(),
            asunto="Mora de cotizaciones según estado de cuenta",
            gestor=gestor,
        )


def csv_patronos(*filas: dict[str, str]) -> bytes:
    """Un CSV de patronos con todas las columnas; las no indicadas van vacías."""
    return csv_texto(
        [list(CAMPOS_PATRONO), *([f.get(c, "") for c in CAMPOS_PATRONO] for f in filas)]
    ).encode("utf-8")


def csrf(client: FlaskClient, url: str = "/acceso") -> str:
    """El token CSRF de la sesión de este cliente, leído de un formulario de la página."""
    respuesta = client.get(url)
    encontrado = _TOKEN.search(respuesta.get_data(as_text=True))
    assert encontrado, f"{url} ({respuesta.status_code}) no tiene campo csrf_token"
    return encontrado.group(1)


def entrar(
    client: FlaskClient,
    nombre_usuario: str,
    contrasena: str = CONTRASENA,
    siguiente: str | None = None,
) -> TestResponse:
    """Inicia sesión por el formulario, con el token CSRF de la página de acceso."""
    token = csrf(client, "/acceso")
    return client.post(
        "/acceso",
        query_string={"next": siguiente} if siguiente is not None else None,
        data={"usuario": nombre_usuario, "contrasena": contrasena, "csrf_token": token},
    )


def cliente_de(app: Flask, rol: Rol) -> FlaskClient:
    """Un cliente nuevo con la sesión iniciada por la persona de ese rol."""
    cliente = app.test_client()
    respuesta = entrar(cliente, PERSONAS[rol][0])
    assert respuesta.status_code == 302, respuesta.get_data(as_text=True)
    return cliente


def texto(respuesta: TestResponse) -> str:
    """El cuerpo de la respuesta como texto."""
    return respuesta.get_data(as_text=True)


def esperar_tarea(cliente: FlaskClient, url: str, segundos: float = 90) -> TestResponse:
    """Pregunta por la tarea hasta que termina: la redirección a lo que produjo, o su página
    final (fallida, o hecha con varios productos)."""
    limite = time.monotonic() + segundos
    while True:
        respuesta = cliente.get(url)
        if respuesta.status_code == 302 or 'http-equiv="refresh"' not in texto(respuesta):
            return respuesta
        assert time.monotonic() < limite, f"la tarea {url} no terminó en {segundos} s"
        time.sleep(0.1)


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def hacer_app(url_bd: str, tmp_path: Path) -> Iterator[HacerApp]:
    """Fábrica de aplicaciones sobre la base de la prueba; `valores` ajusta la configuración."""

    hechas: list[Flask] = []

    def hacer(**valores: Any) -> Flask:
        hechas.append(nueva_app(nuevas_settings(url_bd, tmp_path, **valores)))
        return hechas[-1]

    yield hacer
    for app in hechas:  # ninguna tarea sigue escribiendo en la base de la prueba siguiente
        app.extensions["recupera_tareas"].cerrar()
    liberar(url_bd)


@pytest.fixture
def app(hacer_app: HacerApp) -> Flask:
    """La aplicación con la configuración de desarrollo."""
    return hacer_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Un navegador de pruebas sin sesión iniciada."""
    return app.test_client()


@pytest.fixture
def crear_usuarios(engine: Engine) -> CrearUsuarios:
    """Crea los usuarios de los roles indicados (todos si no se indica ninguno)."""

    def crear(*roles: Rol) -> dict[Rol, Usuario]:
        return crear_usuarios_en(engine, roles or tuple(Rol))

    return crear


@pytest.fixture(scope="module", params=MOTORES)
def url_modulo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Una base migrada para todo un módulo (SQLite propio o esquema propio en PostgreSQL).

    No comparte el esquema de `url_bd`, que otras pruebas vacían entre una y otra.
    """
    if request.param == "sqlite":
        destino = tmp_path_factory.mktemp("modulo") / "recupera.db"
        shutil.copy(request.getfixturevalue("plantilla_sqlite"), destino)
        url = f"sqlite:///{destino}"
        yield url
        liberar(url)
        return
    with esquema_migrado("modulo") as url:
        try:
            yield url
        finally:
            liberar(url)


@pytest.fixture(scope="session")
def plantilla_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Una instancia migrada con la demostración, hecha con la consola real (`recupera demo`, que
    cuesta medio minuto) una sola vez por corrida: los procesos de xdist comparten la carpeta base
    de la corrida; el primero que la pide la hace y los demás esperan su candado y la copian."""
    raiz = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        raiz = raiz.parent
    plantilla = raiz / "demo"
    with (raiz / "demo.candado").open("w") as candado:
        fcntl.flock(candado, fcntl.LOCK_EX)
        if not (raiz / "demo.lista").exists():
            shutil.rmtree(plantilla, ignore_errors=True)
            hacer_demo(plantilla)
            (raiz / "demo.lista").touch()
    return plantilla


@pytest.fixture(scope="session")
def navegador() -> Iterator[Browser]:
    """Chromium de Debian para las pruebas de navegador de la sesión (cada prueba abre su propio
    contexto, con sus cookies aparte)."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def pagina(navegador: Browser) -> Iterator[Page]:
    """Una pestaña con su propio contexto (cookies aparte)."""
    page = nueva_pestana(navegador)
    yield page
    page.context.close()
