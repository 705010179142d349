"""Configuración: valores por omisión seguros y errores legibles en español."""

from __future__ import annotations

import secrets
from decimal import Decimal
from pathlib import Path

import pytest

from expedientes.config import CLAVE_DE_DESARROLLO, cargar_settings
from expedientes.contrasenas import secreto_debil
from expedientes.errores import ErrorDominio

# Una clave como la que genera `secrets.token_hex(32)`.
CLAVE = "9f1c2e7a4b8d03f6a5e1c9d7b2f4086e3a1d5c7b9e2f4a6c8d0e1f3a5b7c9d2e"


def test_fuera_de_desarrollo_la_clave_por_omision_se_rechaza() -> None:
    """Sin RECUPERA_SECRET_KEY propia, producción no arranca y dice cómo generar una."""
    with pytest.raises(ErrorDominio) as exc:
        cargar_settings(env="production", secret_key=CLAVE_DE_DESARROLLO)
    assert "RECUPERA_SECRET_KEY es obligatoria fuera de desarrollo" in exc.value.texto_completo()
    with pytest.raises(ErrorDominio):
        cargar_settings(env="production", secret_key="corta")


@pytest.mark.parametrize(
    "clave",
    [
        "a" * 64,
        "secreto" * 6,
        "0123456789abcdef" * 2,
        "recupera-isss-2026-recupera-isss-2026",
        "Contraseña-Muy-Segura-Del-Departamento-2026",
    ],
)
def test_una_clave_secreta_larga_pero_adivinable_se_rechaza_en_produccion(clave: str) -> None:
    """El largo no basta: repeticiones, secuencias y palabras (aun del departamento) se rechazan
    fuera de desarrollo; en desarrollo se toleran (la de desarrollo es pública de todos modos)."""
    assert len(clave) >= 32
    with pytest.raises(ErrorDominio) as exc:
        cargar_settings(env="production", secret_key=clave)
    assert "RECUPERA_SECRET_KEY se puede adivinar" in exc.value.texto_completo()
    assert "secrets.token_hex(32)" in exc.value.texto_completo()
    assert cargar_settings(env="development", secret_key=clave).secret_key == clave


def test_una_clave_aleatoria_se_acepta_en_produccion() -> None:
    """El caso de control: `token_hex(16)` (32 caracteres), `token_hex(32)` y `token_urlsafe(32)`
    sirven, todas: 300 de cada una (un umbral fijo rechazaba a veces una de `token_hex(16)`, que
    lleva palabras del diccionario por azar, como «cafe» o «dead»)."""
    assert cargar_settings(env="production", secret_key=CLAVE).secret_key == CLAVE
    for generar in (secrets.token_hex, secrets.token_urlsafe):
        for largo in (16, 32):
            rechazadas = [c for c in (generar(largo) for _ in range(300)) if secreto_debil(c)]
            assert rechazadas == [], f"{generar.__name__}({largo})"


def test_en_desarrollo_solo_se_escucha_en_la_maquina_local() -> None:
    """Con la clave pública de desarrollo, servir en 0.0.0.0 se rechaza; en loopback, no."""
    with pytest.raises(ErrorDominio) as exc:
        cargar_settings(env="development", host="0.0.0.0")
    assert "RECUPERA_HOST debe ser 127.0.0.1" in exc.value.texto_completo()
    assert cargar_settings(env="development", host="localhost").host == "localhost"
    assert cargar_settings(env="production", host="0.0.0.0", secret_key=CLAVE).host == "0.0.0.0"


def test_por_omision_sqlite_en_la_carpeta_de_datos_y_recargo_del_uno_por_ciento(
    tmp_path: Path,
) -> None:
    """La URL por omisión apunta a recupera.db en RECUPERA_DATA_DIR; el recargo es Decimal 0.01."""
    conf = cargar_settings(env="development", data_dir=tmp_path)
    assert conf.url_base_de_datos == f"sqlite:///{(tmp_path / 'recupera.db').resolve()}"
    assert conf.recargo_mensual == Decimal("0.01")
    assert isinstance(conf.recargo_mensual, Decimal)


def test_un_valor_invalido_nombra_la_variable_de_entorno() -> None:
    """Un puerto fuera de rango se informa como RECUPERA_PORT, no como un campo interno."""
    with pytest.raises(ErrorDominio) as exc:
        cargar_settings(env="development", port=70000)
    assert any(p.startswith("RECUPERA_PORT:") for p in exc.value.problemas)


def test_el_correo_saliente_exige_remitente_y_cifrado_fuera_de_la_maquina_local() -> None:
    """Sin RECUPERA_SMTP_HOST el canal está apagado; con él, hace falta el remitente, la
    contraseña del usuario, y sin cifrado solo se habla con la propia máquina."""
    assert cargar_settings(env="development").correo_saliente is False
    problemas = {
        "RECUPERA_REMITENTE": {"smtp_host": "smtp.isss.gob.sv"},
        "RECUPERA_SMTP_PASSWORD": {
            "smtp_host": "smtp.isss.gob.sv", "remitente": "drp@isss.gob.sv", "smtp_user": "drp",
        },
        "RECUPERA_SMTP_SECURITY=none solo se admite": {
            "smtp_host": "smtp.isss.gob.sv", "remitente": "drp@isss.gob.sv", "smtp_security": "none",
        },
    }  # fmt: skip
    for esperado, valores in problemas.items():
        with pytest.raises(ErrorDominio) as exc:
            cargar_settings(env="development", **valores)
        assert esperado in exc.value.texto_completo()
    local = cargar_settings(
        env="development", smtp_host="127.0.0.1", smtp_security="none", remitente="drp@isss.gob.sv"
    )
    assert local.correo_saliente and local.smtp_port is None
