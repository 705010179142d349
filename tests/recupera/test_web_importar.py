"""Importación de CSV desde el navegador: resumen, problemas por línea (todo o nada) y tamaño máximo."""

from __future__ import annotations

import io
from html import unescape

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func
from sqlmodel import select
from werkzeug.test import TestResponse

from expedientes import DeudaPeriodo, Patrono, Rol
from tests.expedientes.datos import (
    DUI_MARIA,
    ESPIGA,
    NANDU,
    NIT_ESPIGA,
    NIT_NANDU,
    NIT_PEREZ,
    PEREZ,
    csv_texto,
)
from tests.recupera.conftest import CrearUsuarios, HacerApp, cliente_de, csrf, csv_patronos, texto

PATRONOS = [
    {
        "numero_patronal": "310145678",
        "nit": NIT_PEREZ,
        "razon_social": PEREZ,
        "direccion": "Calle Arce #1234, Col. Escalón",
        "municipio": "San Salvador",
        "departamento": "San Salvador",
        "representante_legal": "María José Castaneda",
        "dui_representante": DUI_MARIA,
        "sucursal": "San Salvador",
    },
    {
        "numero_patronal": "320099001",
        "nit": NIT_NANDU,
        "razon_social": NANDU,
        "municipio": "Santa Tecla",
        "departamento": "La Libertad",
        "sucursal": "Santa Tecla",
    },
]


def _subir(
    cliente: FlaskClient, clase: str, contenido: bytes, nombre: str = "datos.csv"
) -> TestResponse:
    """Envía el formulario multipart de importación con el token de la sesión."""
    return cliente.post(
        "/importar/",
        data={
            "clase": clase,
            "archivo": (io.BytesIO(contenido), nombre, "text/csv"),
            "csrf_token": csrf(cliente, "/importar/"),
        },
        content_type="multipart/form-data",
    )


def _cuantos(engine: Engine, modelo: type) -> int:
    with engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(modelo)).scalar_one())


def test_el_jefe_importa_patronos_y_mora_y_ve_el_resumen(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Un CSV de patronos y luego uno de mora: cada subida muestra su resumen y queda guardada."""
    crear_usuarios(Rol.JEFE)
    cliente = cliente_de(app, Rol.JEFE)
    # Como lo guarda una hoja de cálculo en Windows: tildes y Ñ en Windows-1252.
    en_windows = csv_patronos(*PATRONOS).decode("utf-8").encode("cp1252")
    respuesta = _subir(cliente, "patronos", en_windows)
    assert respuesta.status_code == 200
    assert (
        "Importación de patronos: 2 filas leídas (Windows-1252): 2 nuevas, 0 actualizadas, "
        "0 sin cambios." in texto(respuesta)
    )
    with engine.connect() as c:
        razones = set(c.execute(select(Patrono.razon_social)).scalars())
    assert razones == {PEREZ, NANDU}
    mora = "\ufeff" + csv_texto(
        [
            ["numero_patronal", "periodo", "cuota", "multa", "fecha_limite_pago"],
            ["310145678", "11/2025", "1250.00", "125.00", "2025-12-10"],
            ["320099001", "12/2025", "980.50", "", "2026-01-10"],
        ],
        separador=";",
    )
    respuesta = _subir(cliente, "mora", mora.encode("utf-8"), "mora noviembre.csv")
    assert respuesta.status_code == 200
    assert "Importación de mora: 2 filas leídas (UTF-8 con BOM): 2 nuevas" in texto(respuesta)
    assert _cuantos(engine, DeudaPeriodo) == 2


def test_un_csv_con_filas_malas_lista_los_problemas_por_linea_y_no_guarda_nada(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Todo o nada: una fila buena y dos malas no guardan ninguna, y se dice qué línea corregir."""
    crear_usuarios(Rol.JEFE)
    cliente = cliente_de(app, Rol.JEFE)
    malo_nit = {**PATRONOS[1], "nit": "0511-150385-001-9"}
    sin_razon = {"numero_patronal": "330011223", "nit": NIT_ESPIGA, "razon_social": ""}
    contenido = csv_patronos(PATRONOS[0], malo_nit, sin_razon)
    respuesta = _subir(cliente, "patronos", contenido)
    assert respuesta.status_code == 422
    html = unescape(texto(respuesta))
    assert "El archivo tiene 2 problema(s); no se importó nada." in html
    assert (
        "<li>línea 3: el NIT «0511-150385-001-9» tiene un dígito verificador incorrecto</li>"
        in html
    )
    assert "<li>línea 4: falta razon_social</li>" in html
    assert "línea 2" not in html
    assert _cuantos(engine, Patrono) == 0
    assert ESPIGA not in html


def test_trescientas_filas_malas_se_listan_todas_en_la_misma_respuesta(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Una lista larga de problemas no se pierde en la cookie: se responde con todas las líneas."""
    crear_usuarios(Rol.JEFE)
    cliente = cliente_de(app, Rol.JEFE)
    malas = [{**PATRONOS[1], "numero_patronal": f"{340000000 + i}", "nit": "1"} for i in range(300)]
    respuesta = _subir(cliente, "patronos", csv_patronos(*malas))
    assert respuesta.status_code == 422
    html = unescape(texto(respuesta))
    assert "El archivo tiene 300 problema(s); no se importó nada." in html
    assert html.count("<li>línea ") == 300
    assert "línea 301:" in html
    assert len(respuesta.headers.get("Set-Cookie", "")) < 4000
    assert _cuantos(engine, Patrono) == 0


def test_un_archivo_mayor_que_el_maximo_recibe_413_en_espanol(
    hacer_app: HacerApp, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Con max_subida_bytes=2048, un CSV de 3 KiB se rechaza antes de leerlo y no se guarda nada."""
    app = hacer_app(max_subida_bytes=2048)
    crear_usuarios(Rol.JEFE)
    cliente = cliente_de(app, Rol.JEFE)
    filas = [PATRONOS[0]] + [
        {**PATRONOS[0], "numero_patronal": f"3101{i:05d}"} for i in range(1, 20)
    ]
    contenido = csv_patronos(*filas)
    assert len(contenido) > 3 * 1024
    respuesta = _subir(cliente, "patronos", contenido)
    assert respuesta.status_code == 413
    html = texto(respuesta)
    assert "<h1>Archivo demasiado grande</h1>" in html
    assert "El archivo excede el tamaño máximo permitido." in html
    assert _cuantos(engine, Patrono) == 0
