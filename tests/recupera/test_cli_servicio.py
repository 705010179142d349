"""`recupera doctor` (la revisión de la instalación, en español, código 1 si algo falla) y
`recupera worker` (el trabajo programado sin la web, que se detiene con SIGTERM)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from correspondencia import sondear_una_vez
from expedientes import get_settings
from migraciones import aplicar_migraciones
from recupera.cli import cli
from recupera.composicion import componer
from respaldo import copias_en, crear_copia
from tests.conftest import un_solo_motor
from tests.correspondencia.corpus import plano_utf8
from tests.recupera.conftest import liberar
from tests.recupera.servidor import RECUPERA

Doctor = Callable[..., Result]


@pytest.fixture
def doctor(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url_bd: str
) -> Iterator[Callable[..., Result]]:
    """`recupera doctor` en el proceso, con RECUPERA_* limpias (desarrollo, la base de la prueba,
    una carpeta de datos y una de copias) más las que se pidan; sin la conversión de prueba
    (`--rapido`) salvo `completo`."""
    for variable in list(os.environ):
        if variable.startswith("RECUPERA_"):
            monkeypatch.delenv(variable)
    (tmp_path / "datos").mkdir()
    base = {
        "RECUPERA_ENV": "development",
        "RECUPERA_DATA_DIR": str(tmp_path / "datos"),
        "RECUPERA_DATABASE_URL": url_bd,
        "RECUPERA_RESPALDO_DIR": str(tmp_path / "copias"),
    }

    def ejecutar(*, completo: bool = False, **variables: str) -> Result:
        for nombre, valor in {**base, **variables}.items():
            monkeypatch.setenv(nombre, valor)
        get_settings.cache_clear()
        opciones = [] if completo else ["--rapido"]
        return CliRunner().invoke(cli, ["doctor", *opciones], catch_exceptions=False)

    yield ejecutar
    get_settings.cache_clear()
    liberar(url_bd)


def _en_orden(tmp_path: Path) -> None:
    """Lo que hace el worker: una pasada de sondeo y la copia del día."""
    servicios = componer(get_settings())
    sondear_una_vez(bd=servicios.bd, settings=servicios.settings, reintentos=1)
    (tmp_path / "copias").mkdir(exist_ok=True)
    crear_copia(engine=servicios.bd.engine, almacen=servicios.almacen, destino=tmp_path / "copias")


def _lineas(resultado: Result) -> dict[str, str]:
    """Título → etiqueta (`ok`, `AVISO`, `FALLA`) de cada línea del informe."""
    lineas = {}
    for linea in resultado.stdout.splitlines()[1:-1]:
        etiqueta, _, resto = linea.strip().partition(" ")
        lineas[resto.strip().split(":")[0]] = etiqueta
    return lineas


@pytest.mark.libreoffice
def test_con_todo_en_orden_termina_en_0_y_solo_avisa(doctor: Doctor, tmp_path: Path) -> None:
    """GIVEN una instalación migrada que sondeó y tiene su copia
    WHEN se ejecuta `recupera doctor` (completo: con la conversión de prueba)
    THEN cada comprobación sale, en español, sin fallas (desarrollo y correo apagado son
    avisos), con código 0, y el perfil de LibreOffice de la prueba no queda."""
    doctor()  # lee la configuración
    _en_orden(tmp_path)
    resultado = doctor(completo=True)
    assert resultado.exit_code == 0, resultado.stdout
    assert resultado.stdout.startswith("Diagnóstico de Recupera (desarrollo; datos en ")
    lineas = _lineas(resultado)
    assert lineas == {
        "Configuración": "AVISO",
        "Proxy y dirección pública": "ok",
        "Base de datos": "ok",
        "Esquema de la base": "ok",
        "Carpeta de datos": "ok",
        "Almacén de documentos": "ok",
        "Correo": "AVISO",
        "Directorio (LDAP)": "ok",
        "LibreOffice": "ok",
        "Puente UNO": "ok",
        "Conversión a PDF/A": "ok",
        "OCR": "ok",
        "Sondeo de la correspondencia": "ok",
        "Copia de respaldo": "ok",
        "Carpeta de copias": "ok",
    }
    assert resultado.stdout.splitlines()[-1] == "Resultado: ninguna falla, 2 avisos."
    assert "Conversión a PDF/A: un documento de prueba en " in resultado.stdout
    assert not list((tmp_path / "datos" / "libreoffice").glob("doctor-*"))


@un_solo_motor
@pytest.mark.libreoffice
def test_un_libreoffice_que_arranca_y_no_convierte_es_una_falla(
    doctor: Doctor, tmp_path: Path
) -> None:
    """Un `soffice` que existe y termina con 0 sin hacer nada (como LibreOffice cuando falla):
    el programa está, pero la conversión de prueba falla, con código 1, en su plazo."""
    falso = tmp_path / "soffice"
    falso.write_text("#!/bin/sh\nexit 0\n")
    falso.chmod(0o755)
    resultado = doctor(completo=True, RECUPERA_SOFFICE=str(falso), RECUPERA_PDF_SEGUNDOS="5")
    assert resultado.exit_code == 1
    lineas = _lineas(resultado)
    assert lineas["LibreOffice"] == "ok" and lineas["Conversión a PDF/A"] == "FALLA"
    assert "no convirtió un documento de prueba: " in resultado.stdout


@un_solo_motor
def test_una_base_sin_migrar_y_sin_sondeo_son_fallas_con_lo_que_hay_que_hacer(
    doctor: Doctor, tmp_path: Path
) -> None:
    """Una base vacía: el esquema falla y dice `recupera db upgrade`; código 1."""
    resultado = doctor(RECUPERA_DATABASE_URL=f"sqlite:///{tmp_path / 'vacia.db'}")
    assert resultado.exit_code == 1
    lineas = _lineas(resultado)
    assert lineas["Esquema de la base"] == "FALLA"
    assert "la base no tiene el esquema de Recupera: ejecute `recupera db upgrade`" in (
        resultado.stdout
    )
    assert lineas["Sondeo de la correspondencia"] == "FALLA"
    # Y la copia: no hay ninguna, ni su carpeta.
    assert lineas["Copia de respaldo"] == lineas["Carpeta de copias"] == "FALLA"
    assert resultado.stdout.splitlines()[-1].startswith("Resultado: 4 fallas, ")


@un_solo_motor
def test_una_base_atrasada_dice_en_que_revision_esta(doctor: Doctor, tmp_path: Path) -> None:
    """Una base migrada solo hasta la primera revisión: dice cuál tiene y cuál espera el código."""
    url = f"sqlite:///{tmp_path / 'vieja.db'}"
    aplicar_migraciones(url, hasta="0001")
    resultado = doctor(RECUPERA_DATABASE_URL=url)
    assert resultado.exit_code == 1
    assert "la base está en la revisión 0001 y este código espera la" in resultado.stdout


@un_solo_motor
def test_una_carpeta_de_datos_que_no_existe_es_una_falla_y_no_se_crea(
    doctor: Doctor, tmp_path: Path
) -> None:
    """Una errata en RECUPERA_DATA_DIR se dice; el diagnóstico no crea la carpeta ni el almacén."""
    errada = tmp_path / "dato"
    resultado = doctor(RECUPERA_DATA_DIR=str(errada))
    assert resultado.exit_code == 1
    assert f"FALLA  Carpeta de datos: {errada} no existe (RECUPERA_DATA_DIR)" in resultado.stdout
    assert "Almacén de documentos" not in resultado.stdout
    assert not errada.exists()


@un_solo_motor
def test_una_configuracion_invalida_se_dice_variable_por_variable(doctor: Doctor) -> None:
    """RECUPERA_PROXIES con un nombre en vez de una dirección: falla la configuración, código 1."""
    resultado = doctor(RECUPERA_PROXIES="nginx")
    assert resultado.exit_code == 1
    assert "FALLA  Configuración: La configuración no es válida." in resultado.stdout
    assert "RECUPERA_PROXIES" in resultado.stdout and "«nginx»" in resultado.stdout


@un_solo_motor
def test_en_produccion_sin_proxy_ni_direccion_publica_avisa(doctor: Doctor, tmp_path: Path) -> None:
    """Detrás de nginx sin RECUPERA_PROXIES ni una RECUPERA_URL_PUBLICA https: aviso con qué
    poner; con ellas, todo en orden."""
    produccion = {"RECUPERA_ENV": "production", "RECUPERA_SECRET_KEY": os.urandom(32).hex()}
    doctor(**produccion)
    _en_orden(tmp_path)
    resultado = doctor(**produccion)
    assert _lineas(resultado)["Configuración"] == "ok"
    assert "AVISO  Proxy y dirección pública: RECUPERA_PROXIES no está" in resultado.stdout
    assert "p. ej. 127.0.0.1" in resultado.stdout
    bien = doctor(
        **produccion,
        RECUPERA_PROXIES="127.0.0.1",
        RECUPERA_URL_PUBLICA="https://recupera.isss.gob.sv",
    )
    assert _lineas(bien)["Proxy y dirección pública"] == "ok"


def test_serve_no_admite_solo_web_con_sondear() -> None:
    """El sondeo es trabajo programado: con `--solo-web` no va; error de uso (código 2)."""
    resultado = CliRunner().invoke(cli, ["serve", "--solo-web", "--sondear"])
    assert resultado.exit_code == 2
    assert "--solo-web y --sondear se excluyen" in resultado.output


@pytest.mark.lento
def test_worker_sondea_respalda_y_se_detiene_con_sigterm(tmp_path: Path) -> None:
    """GIVEN una instalación migrada con una carta en la carpeta de entrada
    WHEN corre `recupera worker` (registro JSON)
    THEN registra la carta, hace la copia del día, escribe solo líneas JSON y, con SIGTERM,
    termina lo que hace y sale con 0."""
    datos = tmp_path / "datos"
    entorno = {
        **{k: v for k, v in os.environ.items() if not k.startswith("RECUPERA_")},
        "RECUPERA_ENV": "development",
        "RECUPERA_DATA_DIR": str(datos),
        "RECUPERA_RESPALDO_DIR": str(tmp_path / "copias"),
        "RECUPERA_RESPALDO_HORA": "0",
        "RECUPERA_LOG_FORMATO": "json",
        # La carta recién escrita se deja para la pasada siguiente (podría estar a medio copiar).
        "RECUPERA_SONDEO_SEGUNDOS": "1",
    }
    subprocess.run([RECUPERA, "db", "upgrade"], env=entorno, check=True, capture_output=True)
    (datos / "entrada").mkdir(parents=True)
    (datos / "entrada" / "carta.eml").write_bytes(plano_utf8())
    salida = (tmp_path / "worker.log").open("wb")
    proceso = subprocess.Popen(
        [RECUPERA, "worker"], env=entorno, stdout=salida, stderr=subprocess.STDOUT
    )
    try:
        limite = time.monotonic() + 60
        while time.monotonic() < limite and not (
            list((datos / "entrada" / "procesados").glob("CE-*.eml"))
            and copias_en(tmp_path / "copias")
        ):
            time.sleep(0.2)
        assert proceso.poll() is None, (tmp_path / "worker.log").read_text()
    finally:
        proceso.send_signal(signal.SIGTERM)
        codigo = proceso.wait(timeout=45)
        salida.close()
    lineas = [json.loads(linea) for linea in (tmp_path / "worker.log").read_text().splitlines()]
    mensajes = [linea["mensaje"] for linea in lineas]
    assert codigo == 0, mensajes
    assert any(m.startswith("Sondeando la carpeta") for m in mensajes)
    assert any(m.startswith("Copia de respaldo diaria en") for m in mensajes)
    assert mensajes[-1] == "Recupera worker detenido."
    assert list((datos / "entrada" / "procesados").glob("CE-*.eml"))
    assert copias_en(tmp_path / "copias")
