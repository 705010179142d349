"""Los archivos de deploy/ dicen lo mismo que la aplicación: el límite de subida de nginx es el de
`recupera serve`, el archivo de entorno de ejemplo es una configuración de producción válida y
completa, sus carpetas son las que las unidades dejan escribir, cada ExecStart es un comando que
existe; y las unidades pasan `systemd-analyze verify`."""

from __future__ import annotations

import re
import secrets
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from expedientes import Settings, cargar_settings
from recupera.cli import cli
from recupera.cli.sistema import limite_del_cuerpo

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNIDADES = ("recupera-web@.service", "recupera-worker.service", "recupera.target")
BINARIO = "/opt/recupera/.venv/bin/recupera"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"


def leer_unidad(nombre: str) -> dict[str, list[str]]:
    """Clave → valores de una unidad (sin comentarios ni secciones)."""
    claves: dict[str, list[str]] = {}
    for linea in (DEPLOY / nombre).read_text(encoding="utf-8").splitlines():
        if "=" in linea and not linea.startswith(("#", ";", "[")):
            clave, _, valor = linea.partition("=")
            claves.setdefault(clave.strip(), []).append(valor.strip())
    return claves


def leer_entorno(ruta: Path) -> dict[str, str]:
    """Un EnvironmentFile de systemd: `CLAVE=valor` por línea, `#` al comienzo es comentario."""
    entorno = {}
    for linea in ruta.read_text(encoding="utf-8").splitlines():
        if linea.strip() and not linea.lstrip().startswith(("#", ";")):
            clave, _, valor = linea.partition("=")
            entorno[clave.strip()] = valor.strip()
    return entorno


def test_nginx_acepta_lo_mismo_que_recupera_serve() -> None:
    """client_max_body_size del sitio = RECUPERA_MAX_SUBIDA_BYTES (por omisión, el del ejemplo)
    más el margen de los campos: lo que se pasa lo corta nginx, lo demás lo explica Recupera."""
    sitio = (DEPLOY / "nginx" / "recupera.conf").read_text(encoding="utf-8")
    (megas,) = re.findall(r"client_max_body_size (\d+)m;", sitio)
    ejemplo = leer_entorno(DEPLOY / "recupera.env.ejemplo")
    subida = int(ejemplo["RECUPERA_MAX_SUBIDA_BYTES"])
    assert subida == Settings.model_fields["max_subida_bytes"].default
    conf = Settings.model_construct(max_subida_bytes=subida)
    assert int(megas) * 1024 * 1024 == limite_del_cuerpo(conf)


def test_el_entorno_de_ejemplo_es_una_configuracion_de_produccion_valida() -> None:
    """Con la clave secreta puesta (lo único que se deja vacío a propósito), el ejemplo es una
    configuración de producción válida detrás del proxy de esta máquina."""
    ejemplo = leer_entorno(DEPLOY / "recupera.env.ejemplo")
    assert ejemplo["RECUPERA_SECRET_KEY"] == ""
    valores = {
        clave.removeprefix("RECUPERA_").lower(): valor
        for clave, valor in ejemplo.items()
        if clave != "RECUPERA_SECRET_KEY"
    }
    conf = cargar_settings(**valores, secret_key=secrets.token_hex(32))
    assert conf.env == "production" and not conf.desarrollo
    assert [str(r) for r in conf.redes_de_proxies] == ["127.0.0.1/32"]
    assert conf.host == "127.0.0.1"
    assert conf.url_base_de_datos.startswith("postgresql+psycopg://")
    assert (conf.url_publica or "").startswith("https://")
    assert conf.formato_de_registro == "json"


def test_las_unidades_dejan_escribir_donde_el_ejemplo_guarda_datos_y_copias() -> None:
    """La carpeta de datos es la StateDirectory de las unidades, y la de copias la que el worker
    puede escribir (ProtectSystem=strict deja todo lo demás de solo lectura)."""
    ejemplo = leer_entorno(DEPLOY / "recupera.env.ejemplo")
    web, worker = leer_unidad("recupera-web@.service"), leer_unidad("recupera-worker.service")
    for unidad in (web, worker):
        assert unidad["EnvironmentFile"] == ["/etc/recupera/recupera.env"]
        assert unidad["User"] == ["recupera"] and unidad["ProtectSystem"] == ["strict"]
        assert unidad["NoNewPrivileges"] == ["yes"] and unidad["PrivateTmp"] == ["yes"]
        assert f"/var/lib/{unidad['StateDirectory'][0]}" == ejemplo["RECUPERA_DATA_DIR"]
        assert unidad["WorkingDirectory"] == [ejemplo["RECUPERA_DATA_DIR"]]
        assert unidad["WantedBy"] == ["recupera.target"]
        assert unidad["PartOf"] == ["recupera.target"]
    assert worker["ReadWritePaths"] == [f"-{ejemplo['RECUPERA_RESPALDO_DIR']}"]
    assert "ReadWritePaths" not in web


@pytest.mark.parametrize("unidad", ["recupera-web@.service", "recupera-worker.service"])
def test_cada_execstart_es_un_comando_de_recupera_que_existe(unidad: str) -> None:
    """El comando de la unidad (con un puerto por instancia) lo acepta la consola."""
    (orden,) = leer_unidad(unidad)["ExecStart"]
    binario, *argumentos = shlex.split(orden.replace("%i", "8001"))
    assert binario == BINARIO
    resultado = CliRunner().invoke(cli, [*argumentos, "--help"])
    assert resultado.exit_code == 0, resultado.output
    if unidad.startswith("recupera-web@"):
        assert argumentos == ["serve", "--solo-web", "--port", "8001"]
    else:
        assert argumentos == ["worker"]


@pytest.mark.systemd
def test_las_unidades_pasan_systemd_analyze_verify(tmp_path: Path) -> None:
    """`systemd-analyze verify` (sin systemd corriendo) no dice nada de ninguna unidad: claves
    conocidas, valores válidos y el ExecStart ejecutable (aquí, el `recupera` de este entorno en
    lugar de /opt/recupera/.venv/bin/recupera)."""
    if not Path(SYSTEMD_ANALYZE).exists():
        pytest.fail(
            "Falta systemd-analyze: ejecute `make sistema` (instala systemd).", pytrace=False
        )
    recupera = str(Path(sys.executable).with_name("recupera"))
    for nombre in UNIDADES:
        texto = (DEPLOY / nombre).read_text(encoding="utf-8")
        (tmp_path / nombre).write_text(texto.replace(BINARIO, recupera), encoding="utf-8")
    instancias = ["recupera-web@8001.service", "recupera-worker.service", "recupera.target"]
    resultado = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", "--man=no", *(f"./{u}" for u in instancias)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    propias = [
        linea for linea in (resultado.stdout + resultado.stderr).splitlines() if "recupera" in linea
    ]
    assert resultado.returncode == 0, resultado.stderr
    assert propias == []
