"""`recupera users ldap-check`: la prueba de la configuración del directorio con una cuenta real."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from expedientes import get_settings
from recupera.cli import cli
from tests.dovecot import puerto_libre
from tests.slapd import CONTRASENA, GRUPOS, PERSONAS, Slapd


@pytest.fixture
def entorno(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[pytest.MonkeyPatch]:
    """Variables RECUPERA_* limpias, modo desarrollo y la configuración leída de nuevo."""
    for variable in list(os.environ):
        if variable.startswith("RECUPERA_"):
            monkeypatch.delenv(variable)
    monkeypatch.setenv("RECUPERA_ENV", "development")
    monkeypatch.setenv("RECUPERA_DATA_DIR", str(tmp_path / "datos"))
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def _con_directorio(entorno: pytest.MonkeyPatch, slapd: Slapd, **cambios: object) -> None:
    """Las RECUPERA_LDAP_* del directorio de pruebas (StartTLS) en el entorno."""
    for campo, valor in slapd.ajustes("starttls", **cambios).items():
        if valor is not None:
            entorno.setenv(f"RECUPERA_{campo.upper()}", str(valor))


def _probar(nombre: str, contrasena: str) -> Result:
    return CliRunner().invoke(
        cli, ["users", "ldap-check", nombre, "--password-stdin"], input=f"{contrasena}\n"
    )


@pytest.mark.slapd
def test_muestra_la_cuenta_sus_grupos_y_el_rol_que_tendria(
    entorno: pytest.MonkeyPatch, slapd: Slapd
) -> None:
    """Con la contraseña correcta: DN, nombre con tildes, correo, cada grupo (con su rol si es de
    Recupera) y el rol final; código 0."""
    uid = slapd.nueva_persona(grupos=["recupera-jefes", "recupera-secretarias"])
    _con_directorio(entorno, slapd)
    resultado = _probar(uid.upper(), CONTRASENA)
    assert resultado.exit_code == 0, resultado.output
    assert f"Cuenta: uid={uid},{PERSONAS}" in resultado.output
    assert 'Nombre: José Ñúñez & <Cía> "El Chele"' in resultado.output
    assert f"  - cn=recupera-jefes,{GRUPOS} → jefe" in resultado.output
    assert "Rol en Recupera: Jefe de departamento (jefe)" in resultado.output


@pytest.mark.slapd
def test_sin_grupo_o_con_contrasena_erronea_termina_en_1_y_dice_por_que(
    entorno: pytest.MonkeyPatch, slapd: Slapd
) -> None:
    """Ninguno de los dos podría entrar: código 1 y el motivo en español en stderr."""
    uid = slapd.nueva_persona()
    _con_directorio(entorno, slapd)
    sin_grupo = _probar(uid, CONTRASENA)
    assert sin_grupo.exit_code == 1
    assert "Grupos: ninguno" in sin_grupo.stdout
    assert "No pertenece a ningún grupo de RECUPERA_LDAP_GRUPOS" in sin_grupo.stderr
    erronea = _probar(uid, "Otra-Clave-2026")
    assert erronea.exit_code == 1
    assert f"El directorio rechazó el usuario «{uid}» o su contraseña." in erronea.stderr


@pytest.mark.slapd
def test_con_el_directorio_caido_da_el_detalle_para_informatica(
    entorno: pytest.MonkeyPatch, slapd: Slapd
) -> None:
    """A diferencia de la página de acceso, la consola muestra dónde y por qué falló."""
    puerto = puerto_libre()
    _con_directorio(entorno, slapd, ldap_port=puerto)
    resultado = _probar("ana", CONTRASENA)
    assert resultado.exit_code == 1
    assert "No se pudo consultar el directorio institucional" in resultado.stderr
    assert f"Directorio 127.0.0.1:{puerto} (starttls)" in resultado.stderr


def test_sin_configurar_dice_que_variables_faltan(entorno: pytest.MonkeyPatch) -> None:
    """Sin RECUPERA_LDAP_HOST no hay nada que probar: código 1 y qué definir."""
    resultado = _probar("ana", CONTRASENA)
    assert resultado.exit_code == 1
    assert "defina RECUPERA_LDAP_HOST" in resultado.stderr
