"""`GET /salud`: sin sesión, sin secretos, 200 con todo en orden y 503 con cualquier falla: la base,
el almacén, LibreOffice, el último sondeo y la última copia de respaldo."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine, update

from correspondencia import EstadoCarpeta, sondear_una_vez
from expedientes import Actor, BaseDeDatos, ahora
from recupera import salud
from recupera.web.acceso import servicios
from respaldo import copias_en, crear_copia
from tests.bd import sesion
from tests.conftest import un_solo_motor
from tests.recupera.conftest import HacerApp


def _cambiar_estados(engine: Engine, **valores: object) -> None:
    """Cambia el estado de todas las fuentes sondeadas, como si el tiempo hubiera pasado."""
    with sesion(engine, Actor("prueba:salud")) as s:
        s.connection().execute(update(EstadoCarpeta).values(**valores))


def _sana(hacer_app: HacerApp, tmp_path: Path, **valores: object) -> Flask:
    """Una aplicación con todo en orden: una pasada de sondeo hecha y una copia de respaldo."""
    app = hacer_app(respaldo_dir=tmp_path / "copias", **valores)
    with app.app_context():
        s = servicios()
        sondear_una_vez(bd=s.bd, settings=s.settings, reintentos=1)
        crear_copia(engine=s.bd.engine, almacen=s.almacen, destino=tmp_path / "copias")
    return app


def test_con_todo_en_orden_responde_200_sin_sesion_y_sin_secretos(
    hacer_app: HacerApp, tmp_path: Path
) -> None:
    """GIVEN una instalación que sondeó y tiene su copia del día
    WHEN alguien sin sesión pide /salud
    THEN 200 en JSON con cada comprobación «ok» y las edades, sin rutas, URL ni clave."""
    app = _sana(hacer_app, tmp_path)
    respuesta = app.test_client().get("/salud")
    assert respuesta.status_code == 200, respuesta.get_data(as_text=True)
    assert respuesta.mimetype == "application/json"
    assert respuesta.headers["Cache-Control"] == "no-store"
    datos = respuesta.get_json()
    assert datos["estado"] == "ok"
    assert {n: c["estado"] for n, c in datos["comprobaciones"].items()} == {
        "base_de_datos": "ok",
        "almacen": "ok",
        "libreoffice": "ok",
        "sondeo": "ok",
        "respaldo": "ok",
    }
    assert 0 <= datos["comprobaciones"]["sondeo"]["edad_segundos"] < 60
    assert 0 <= datos["comprobaciones"]["respaldo"]["edad_segundos"] < 60
    cuerpo = respuesta.get_data(as_text=True)
    conf = app.config["RECUPERA"]
    for secreto in (str(tmp_path), conf.secret_key, conf.url_base_de_datos, "recupera.db"):
        assert secreto not in cuerpo
    assert "Set-Cookie" not in respuesta.headers


@un_solo_motor
def test_sin_ningun_sondeo_responde_503_y_el_detalle_va_al_registro(
    hacer_app: HacerApp, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Una instalación cuyo worker nunca corrió está enferma: 503, y el registro dice qué hacer."""
    app = hacer_app(respaldo_dir=tmp_path / "copias")
    with caplog.at_level(logging.WARNING, logger="recupera.salud"):
        respuesta = app.test_client().get("/salud")
    assert respuesta.status_code == 503
    datos = respuesta.get_json()
    assert datos["estado"] == "falla"
    assert datos["comprobaciones"]["sondeo"] == {"estado": "falla", "edad_segundos": None}
    assert datos["comprobaciones"]["respaldo"]["estado"] == "falla"
    assert "recupera worker" in caplog.text
    assert "recupera worker" not in respuesta.get_data(as_text=True)


@un_solo_motor
def test_un_sondeo_viejo_es_una_falla(hacer_app: HacerApp, tmp_path: Path, engine: Engine) -> None:
    """Pasado el plazo (tres pausas del sondeo y la espera máxima) sin sondear: 503."""
    app = _sana(hacer_app, tmp_path, sondeo_segundos=60)
    plazo = salud.plazo_del_sondeo(app.config["RECUPERA"])
    assert plazo == timedelta(minutes=8)
    _cambiar_estados(engine, ultimo_sondeo_en=ahora() - plazo - timedelta(seconds=1))
    datos = app.test_client().get("/salud")
    assert datos.status_code == 503
    assert datos.get_json()["comprobaciones"]["sondeo"]["estado"] == "falla"


@un_solo_motor
def test_una_fuente_con_errores_es_un_aviso_que_no_cambia_el_codigo(
    hacer_app: HacerApp, tmp_path: Path, engine: Engine
) -> None:
    """Un buzón que viene fallando se avisa, pero el servicio está vivo: 200."""
    app = _sana(hacer_app, tmp_path)
    _cambiar_estados(engine, errores_seguidos=3, ultimo_error="sin conexión")
    respuesta = app.test_client().get("/salud")
    assert respuesta.status_code == 200
    assert respuesta.get_json()["comprobaciones"]["sondeo"]["estado"] == "aviso"
    with app.app_context():
        (sondeo,) = [c for c in salud.comprobar(servicios(), ahora=ahora()) if c.nombre == "sondeo"]
    assert "sin conexión" in sondeo.detalle


@un_solo_motor
def test_una_copia_de_hace_mas_de_30_horas_es_una_falla(
    hacer_app: HacerApp, tmp_path: Path
) -> None:
    """La copia diaria que no se hizo: 503 con la edad de la última."""
    app = _sana(hacer_app, tmp_path)
    (copia,) = copias_en(tmp_path / "copias")
    vieja = (ahora() - timedelta(hours=31)).strftime("%Y%m%d-%H%M%S")
    copia.rename(copia.with_name(vieja))
    respuesta = app.test_client().get("/salud")
    assert respuesta.status_code == 503
    respaldo = respuesta.get_json()["comprobaciones"]["respaldo"]
    assert respaldo["estado"] == "falla"
    assert 31 * 3600 <= respaldo["edad_segundos"] < 31 * 3600 + 60


@un_solo_motor
def test_sin_carpeta_de_copias_es_un_aviso(hacer_app: HacerApp, tmp_path: Path) -> None:
    """Sin RECUPERA_RESPALDO_DIR el servicio no hace copias: se avisa, no se da por caído."""
    app = hacer_app()
    with app.app_context():
        sondear_una_vez(bd=servicios().bd, settings=servicios().settings, reintentos=1)
    respuesta = app.test_client().get("/salud")
    assert respuesta.status_code == 200
    assert respuesta.get_json()["comprobaciones"]["respaldo"] == {
        "estado": "aviso",
        "edad_segundos": None,
    }


@un_solo_motor
def test_un_almacen_que_no_admite_escritura_es_una_falla(
    hacer_app: HacerApp, tmp_path: Path
) -> None:
    """Donde se arman los blobs no se puede escribir (aquí, un archivo en lugar de la carpeta:
    vale también como root): 503."""
    app = _sana(hacer_app, tmp_path)
    temporales = tmp_path / "blobs" / ".temporales"
    if temporales.exists():
        temporales.rmdir()
    temporales.write_text("no soy una carpeta")
    respuesta = app.test_client().get("/salud")
    assert respuesta.status_code == 503
    assert respuesta.get_json()["comprobaciones"]["almacen"]["estado"] == "falla"


@un_solo_motor
def test_sin_libreoffice_es_una_falla(hacer_app: HacerApp, tmp_path: Path) -> None:
    """El programa de RECUPERA_SOFFICE no existe: 503 (sin intentar convertir nada)."""
    app = _sana(hacer_app, tmp_path, soffice=str(tmp_path / "no-existe" / "soffice"))
    respuesta = app.test_client().get("/salud")
    assert respuesta.status_code == 503
    assert respuesta.get_json()["comprobaciones"]["libreoffice"]["estado"] == "falla"


def test_una_base_que_no_responde_es_una_falla_con_su_error() -> None:
    """La consulta trivial falla (nadie escucha en el puerto): falla, con el error para el
    administrador."""
    bd = BaseDeDatos.desde_url("postgresql+psycopg://nadie@127.0.0.1:1/recupera")
    try:
        comprobacion = salud.base_de_datos(bd)
    finally:
        bd.engine.dispose()
    assert comprobacion.estado == salud.FALLA
    assert "127.0.0.1" in comprobacion.detalle


@pytest.mark.parametrize(
    ("segundos", "texto"),
    [(45, "45 s"), (600, "10 min"), (3 * 3600 + 1200, "3 h 20 min"), (52 * 3600, "2 días 4 h")],
)
def test_las_edades_se_leen(segundos: float, texto: str) -> None:
    """El detalle de `recupera doctor` dice las edades como se leen."""
    assert salud.duracion(segundos) == texto
