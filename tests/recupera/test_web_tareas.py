"""Registrar un escaneo con OCR no retiene la petición: la secretaria va a la página de su tarea,
que dice página por página cómo va y, al terminar, la lleva a la carta registrada. Lo que falla se
dice y se reintenta sin volver a subir el escaneo.

El OCR real de punta a punta lo prueba `test_web_correspondencia`; aquí el OCR se detiene a
voluntad (un evento) para ver la página mientras trabaja, sin depender de cuánto tarde.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from html import unescape
from io import BytesIO

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlmodel import select

from archivo import ResultadoOcr
from correspondencia import Correspondencia
from expedientes import Rol, ahora
from tests.correspondencia.corpus import pdf_minimo
from tests.recupera.conftest import CrearUsuarios, cliente_de, csrf, escribir, esperar_tarea, texto

ASUNTO = "Solicitud «urgente» de constancia & <solvencia> {{ mes }}"


def _registrar(cliente: FlaskClient, marca: str = "1") -> str:
    respuesta = cliente.post(
        "/correspondencia/nueva",
        data={
            "csrf_token": csrf(cliente, "/correspondencia/nueva"),
            "escaneo": (BytesIO(pdf_minimo(f"Constancia {marca}")), "carta ñandú.pdf"),
            "remitente": "Distribuidora Ñandú & Cía, S.A. de C.V.",
            "asunto": ASUNTO,
        },
        content_type="multipart/form-data",
    )
    assert respuesta.status_code == 302, texto(respuesta)
    return respuesta.headers["Location"]


class OcrDetenido:
    """Un OCR que dice la página 1 de 3 y espera a que la prueba lo suelte; la primera vez puede
    fallar como falla un OCR que se cae."""

    def __init__(self, fallar_la_primera: bool = False) -> None:
        self.en_pagina_1, self.seguir = threading.Event(), threading.Event()
        self.fallar_la_primera, self.veces = fallar_la_primera, 0

    def __call__(
        self, datos: bytes, *, segundos: int, avanzar: Callable[[int, int], None]
    ) -> ResultadoOcr:
        self.veces += 1
        if self.fallar_la_primera and self.veces == 1:
            raise RuntimeError("tesseract murió")
        avanzar(1, 3)
        self.en_pagina_1.set()
        assert self.seguir.wait(30)
        avanzar(3, 3)
        return ResultadoOcr(None, "Constancia de solvencia leída", ("Página 2 torcida",))


@pytest.fixture
def ocr(monkeypatch: pytest.MonkeyPatch) -> Callable[..., OcrDetenido]:
    def poner(**opciones: bool) -> OcrDetenido:
        detenido = OcrDetenido(**opciones)
        monkeypatch.setattr("correspondencia.papel_ocr.aplicar_ocr", detenido)
        return detenido

    return poner


def test_el_ocr_corre_fuera_de_la_peticion_y_la_pagina_dice_como_va(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, ocr: Callable[..., OcrDetenido]
) -> None:
    """La respuesta llega con el OCR aún detenido; la página de la tarea dice «página 1 de 3»,
    se refresca sola y solo la ve quien la pidió (para otro, no existe); al soltarse, lleva a la carta, registrada como
    recibida cuando se envió el formulario, con el mensaje y las advertencias del OCR."""
    crear_usuarios(Rol.SECRETARIA, Rol.JEFE)
    secretaria, jefe = cliente_de(app, Rol.SECRETARIA), cliente_de(app, Rol.JEFE)
    detenido = ocr()
    enviado = ahora()
    url = _registrar(secretaria)
    assert url.startswith("/tareas/")
    assert detenido.en_pagina_1.wait(10)
    pagina = unescape(texto(secretaria.get(url)))
    assert 'http-equiv="refresh"' in pagina and "Reconociendo el texto: página 1 de 3" in pagina
    assert 'value="33"' in pagina and ASUNTO in pagina
    ajena = jefe.get(url, follow_redirects=True)
    assert "Esa tarea no existe o es de otra persona." in unescape(texto(ajena))
    assert ASUNTO not in unescape(texto(ajena))
    with escribir(engine) as s:
        assert s.exec(select(Correspondencia)).all() == []

    detenido.seguir.set()
    final = esperar_tarea(secretaria, url)
    numero = final.headers["Location"].rsplit("/", 1)[1]
    with escribir(engine) as s:
        carta = s.exec(select(Correspondencia).where(Correspondencia.numero == numero)).one()
    assert carta.asunto == ASUNTO and carta.texto_ocr == "Constancia de solvencia leída"
    assert enviado <= carta.recibido_en <= datetime.now(carta.recibido_en.tzinfo)
    carta_html = unescape(texto(secretaria.get(final.headers["Location"])))
    assert f"Registrada {numero}" in carta_html and "Página 2 torcida" in carta_html
    assert f'href="{url}"' in texto(secretaria.get("/tareas/"))


def test_el_mismo_escaneo_no_se_registra_dos_veces_y_lo_fallido_se_reintenta(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, ocr: Callable[..., OcrDetenido]
) -> None:
    """Un OCR que se cae deja la tarea fallida con un mensaje en español y el botón de
    reintentar; mientras tanto el mismo escaneo no se acepta otra vez; reintentada, la carta
    queda registrada una sola vez."""
    crear_usuarios(Rol.SECRETARIA)
    secretaria = cliente_de(app, Rol.SECRETARIA)
    detenido = ocr(fallar_la_primera=True)
    url = _registrar(secretaria)
    fallida = unescape(texto(esperar_tarea(secretaria, url)))
    assert "No se pudo terminar" in fallida and 'id="form-reintentar"' in fallida
    assert "Un error interno la detuvo; puede reintentarla." in fallida
    assert "tesseract" not in fallida

    respuesta = secretaria.post(url + "/reintentar", data={"csrf_token": csrf(secretaria, url)})
    assert respuesta.status_code == 302
    assert detenido.en_pagina_1.wait(10)
    otra_vez = secretaria.post(
        "/correspondencia/nueva",
        data={
            "csrf_token": csrf(secretaria, "/correspondencia/nueva"),
            "escaneo": (BytesIO(pdf_minimo("Constancia 1")), "copia.pdf"),
            "remitente": "Otra",
            "asunto": "Copia",
        },
        content_type="multipart/form-data",
    )
    assert otra_vez.status_code == 422
    assert "Este escaneo ya se está registrando" in unescape(texto(otra_vez))
    detenido.seguir.set()
    assert esperar_tarea(secretaria, url).status_code == 302
    with escribir(engine) as s:
        assert len(s.exec(select(Correspondencia)).all()) == 1
