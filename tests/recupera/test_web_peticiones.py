"""Cada petición: su código (X-Request-Id) en la respuesta, en las páginas de error y en el
registro JSON; y X-Forwarded-* solo del proxy de confianza (RECUPERA_PROXIES)."""

from __future__ import annotations

import io
import json
import logging
import re
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from expedientes import Rol
from recupera.registro import FormatoJson, configurar_registro
from tests.conftest import un_solo_motor
from tests.recupera.conftest import PERSONAS, CrearUsuarios, HacerApp, entrar, texto

CODIGO = re.compile(r"[0-9a-f]{32}")
REENVIADAS = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "recupera.isss.gob.sv:443",
    "X-Request-Id": "codigo-del-proxy-0001",
}


class Lineas:
    """Lo que el registro escribió en JSON, una línea por evento."""

    def __init__(self) -> None:
        self.flujo = io.StringIO()

    def todas(self) -> list[dict[str, Any]]:
        """Cada línea, leída como JSON (falla si alguna no lo es)."""
        return [json.loads(linea) for linea in self.flujo.getvalue().splitlines()]

    def de_peticiones(self) -> list[dict[str, Any]]:
        """Las líneas de las peticiones (las de `recupera.peticiones`)."""
        return [d for d in self.todas() if d["registro"] == "recupera.peticiones"]


@pytest.fixture
def registro() -> Iterator[Lineas]:
    """El registro del proceso en JSON a un búfer, como lo deja `recupera serve` en stdout."""
    lineas = Lineas()
    manejador = logging.StreamHandler(lineas.flujo)
    manejador.setFormatter(FormatoJson())
    raiz = logging.getLogger()
    nivel = raiz.level
    raiz.addHandler(manejador)
    raiz.setLevel(logging.INFO)
    yield lineas
    raiz.removeHandler(manejador)
    raiz.setLevel(nivel)


def _pedir(app: Flask, remoto: str, cabeceras: dict[str, str]) -> dict[str, Any]:
    """GET /acceso desde `remoto` con esas cabeceras; el código que volvió y la línea de la app."""
    respuesta = app.test_client().get(
        "/acceso", headers=cabeceras, environ_base={"REMOTE_ADDR": remoto}
    )
    assert respuesta.status_code == 200
    return {"codigo": respuesta.headers["X-Request-Id"]}


@un_solo_motor
def test_cada_respuesta_trae_su_codigo_y_la_pagina_de_error_lo_muestra(app: Flask) -> None:
    """Un 404 lleva X-Request-Id y la página dice ese mismo código, para citarlo."""
    respuesta = app.test_client().get("/no-existe")
    assert respuesta.status_code == 404
    codigo = respuesta.headers["X-Request-Id"]
    assert CODIGO.fullmatch(codigo)
    assert f"Código de esta petición: <code>{codigo}</code>" in texto(respuesta)
    otra = app.test_client().get("/no-existe")
    assert otra.headers["X-Request-Id"] != codigo


@un_solo_motor
def test_sin_proxies_configurados_no_se_cree_a_ninguna_cabecera(
    app: Flask, registro: Lineas
) -> None:
    """Por omisión (sin RECUPERA_PROXIES) nadie puede hacerse pasar por otro cliente, por https
    ni fijar el código de su petición, ni siquiera desde la propia máquina."""
    codigo = _pedir(app, "127.0.0.1", REENVIADAS)["codigo"]
    (linea,) = registro.de_peticiones()
    assert (linea["cliente"], linea["esquema"]) == ("127.0.0.1", "http")
    assert codigo != REENVIADAS["X-Request-Id"] and CODIGO.fullmatch(codigo)
    assert linea["id_peticion"] == codigo


@un_solo_motor
def test_del_proxy_de_confianza_se_cree_cliente_esquema_y_codigo(
    hacer_app: HacerApp, registro: Lineas
) -> None:
    """Con RECUPERA_PROXIES=127.0.0.1, lo que nginx dice cuenta: el cliente, https y su código."""
    app = hacer_app(env="production", proxies="127.0.0.1")
    codigo = _pedir(app, "127.0.0.1", REENVIADAS)["codigo"]
    (linea,) = registro.de_peticiones()
    assert (linea["cliente"], linea["esquema"]) == ("203.0.113.7", "https")
    assert codigo == linea["id_peticion"] == REENVIADAS["X-Request-Id"]


@un_solo_motor
def test_en_desarrollo_un_cliente_de_fuera_que_llega_por_el_proxy_se_rechaza(
    hacer_app: HacerApp,
) -> None:
    """La clave de desarrollo es pública: tampoco a través de un proxy atiende a otra máquina."""
    app = hacer_app(proxies="127.0.0.1")
    respuesta = app.test_client().get(
        "/acceso", headers=REENVIADAS, environ_base={"REMOTE_ADDR": "127.0.0.1"}
    )
    assert respuesta.status_code == 403
    assert "Solo desde esta máquina" in texto(respuesta)


@un_solo_motor
def test_de_otra_direccion_no_se_cree_aunque_haya_proxies(
    hacer_app: HacerApp, registro: Lineas
) -> None:
    """Quien llega directo al puerto de la aplicación (no el proxy) no decide nada."""
    app = hacer_app(env="production", proxies="127.0.0.1, 10.0.0.0/24")
    codigo = _pedir(app, "127.0.0.2", REENVIADAS)["codigo"]
    (linea,) = registro.de_peticiones()
    assert (linea["cliente"], linea["esquema"]) == ("127.0.0.2", "http")
    assert codigo != REENVIADAS["X-Request-Id"]
    # Una red entera también vale.
    _pedir(app, "10.0.0.9", REENVIADAS)
    assert registro.de_peticiones()[-1]["cliente"] == "203.0.113.7"


@un_solo_motor
@pytest.mark.parametrize("entrante", ["corto", "con espacio 123456", "x" * 65, "a;b<c>d\"e'f"])
def test_un_codigo_raro_del_proxy_se_reemplaza(hacer_app: HacerApp, entrante: str) -> None:
    """Ni del proxy se acepta un código que ensuciaría el registro o las cabeceras."""
    app = hacer_app(proxies="127.0.0.1")
    codigo = _pedir(app, "127.0.0.1", {"X-Request-Id": entrante})["codigo"]
    assert CODIGO.fullmatch(codigo)


def test_la_linea_de_una_peticion_dice_quien_que_como_termino_y_cuanto_tardo(
    app: Flask, crear_usuarios: CrearUsuarios, registro: Lineas
) -> None:
    """Una línea JSON por petición: momento, nivel, código, usuario, ruta, estado y duración."""
    crear_usuarios(Rol.GESTOR)
    cliente = app.test_client()
    assert entrar(cliente, PERSONAS[Rol.GESTOR][0]).status_code == 302
    respuesta = cliente.get("/expedientes/")
    assert respuesta.status_code == 200
    linea = registro.de_peticiones()[-1]
    assert linea["nivel"] == "INFO"
    assert linea["usuario"] == PERSONAS[Rol.GESTOR][0]
    assert (linea["metodo"], linea["ruta"], linea["vista"]) == (
        "GET",
        "/expedientes/",
        "expedientes.lista",
    )
    assert linea["estado"] == 200
    assert isinstance(linea["duracion_ms"], float) and linea["duracion_ms"] >= 0
    assert linea["id_peticion"] == respuesta.headers["X-Request-Id"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", linea["momento"])
    # Quien no inició sesión no tiene usuario.
    app.test_client().get("/acceso")
    assert "usuario" not in registro.de_peticiones()[-1]


@un_solo_motor
def test_un_error_interno_se_encuentra_en_el_registro_por_el_codigo_que_vio_la_persona(
    hacer_app: HacerApp, registro: Lineas
) -> None:
    """GIVEN una vista que falla
    WHEN alguien la pide
    THEN ve la página de error con un código, y ese código está en la línea con la traza."""
    app = hacer_app()
    app.config["PROPAGATE_EXCEPTIONS"] = False  # como en producción: página 500, no excepción

    @app.get("/prueba-de-error")
    def _falla() -> str:
        raise RuntimeError("algo se rompió aquí")

    respuesta = app.test_client().get("/prueba-de-error")
    assert respuesta.status_code == 500
    codigo = respuesta.headers["X-Request-Id"]
    assert codigo in texto(respuesta)
    con_traza = [d for d in registro.todas() if "excepcion" in d]
    assert len(con_traza) == 1 and con_traza[0]["id_peticion"] == codigo
    assert "algo se rompió aquí" in con_traza[0]["excepcion"]
    assert registro.de_peticiones()[-1]["nivel"] == "ERROR"


@pytest.fixture
def raiz_intacta() -> Iterator[None]:
    """Deja el registro del proceso como estaba (configurar_registro lo reemplaza entero)."""
    raiz = logging.getLogger()
    manejadores, nivel = list(raiz.handlers), raiz.level
    yield
    for manejador in list(raiz.handlers):
        raiz.removeHandler(manejador)
    for manejador in manejadores:
        raiz.addHandler(manejador)
    raiz.setLevel(nivel)


@pytest.mark.parametrize(("formato", "es_json"), [("json", True), ("texto", False)])
def test_configurar_registro_escribe_una_linea_por_evento_en_stdout(
    raiz_intacta: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    formato: str,
    es_json: bool,
) -> None:
    """Lo que `serve` y `worker` configuran: stdout (journald), JSON o texto, sin el ruido de
    Alembic."""
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # el de capsys, el que toma el manejador
    configurar_registro(formato)  # type: ignore[arg-type]
    logging.getLogger("recupera.prueba").info("Sondeando «entrada» cada %d s", 60)
    logging.getLogger("alembic.runtime.plugins").info("setup plugin")
    (linea,) = capsys.readouterr().out.splitlines()
    if es_json:
        datos = json.loads(linea)
        assert (datos["nivel"], datos["registro"]) == ("INFO", "recupera.prueba")
        assert datos["mensaje"] == "Sondeando «entrada» cada 60 s"
    else:
        assert linea.endswith("INFO recupera.prueba: Sondeando «entrada» cada 60 s")
