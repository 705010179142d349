"""La consola `recupera`: migraciones, usuarios, importaciones, expedientes, demo y ayuda en español."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, func, inspect
from sqlmodel import select

from expedientes import (
    Auditoria,
    DeudaPeriodo,
    Expediente,
    Patrono,
    Usuario,
    autenticar,
    crear_engine,
    get_settings,
    hoy,
)
from recupera.cli import cli, main
from tests.bd import sesion
from tests.conftest import un_solo_motor
from tests.expedientes.datos import NANDU, NIT_NANDU, PEREZ, csv_texto
from tests.recupera.conftest import ACTOR, NUMERO_PEREZ, csv_patronos, liberar, registrar

RECUPERA = str(Path(sys.executable).with_name("recupera"))
Ejecutar = Callable[..., Result]
PATRONOS = [
    {
        "numero_patronal": NUMERO_PEREZ,
        "nit": "0614-010190-102-3",
        "razon_social": PEREZ,
        "municipio": "San Salvador",
        "departamento": "San Salvador",
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
MORA = csv_texto(
    [
        ["numero_patronal", "periodo", "cuota", "multa", "fecha_limite_pago"],
        [NUMERO_PEREZ, "01/2026", "1250.00", "125.00", "2026-02-10"],
        [NUMERO_PEREZ, "02/2026", "1250.00", "0.00", "2026-03-10"],
        ["320099001", "02/2026", "980.50", "", "2026-03-10"],
    ]
)


@pytest.fixture
def entorno(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[pytest.MonkeyPatch]:
    """Variables RECUPERA_* limpias, modo desarrollo y la configuración leída de nuevo."""
    for variable in list(os.environ):
        if variable.startswith("RECUPERA_"):
            monkeypatch.delenv(variable)
    monkeypatch.setenv("RECUPERA_ENV", "development")
    monkeypatch.setenv("RECUPERA_DATA_DIR", str(tmp_path / "datos"))
    get_settings.cache_clear()  # la configuración se lee una vez por proceso
    yield monkeypatch
    get_settings.cache_clear()


@pytest.fixture
def recupera(entorno: pytest.MonkeyPatch, url_bd: str) -> Iterator[Ejecutar]:
    """Ejecuta `recupera ARGUMENTOS` en el proceso, contra la base de la prueba."""
    entorno.setenv("RECUPERA_DATABASE_URL", url_bd)
    runner = CliRunner()

    def ejecutar(*argumentos: str, entrada: str | None = None) -> Result:
        get_settings.cache_clear()
        return runner.invoke(
            cli, list(argumentos), input=entrada, catch_exceptions=False, prog_name="recupera"
        )

    yield ejecutar
    liberar(url_bd)


def _contar(engine: Engine, modelo: type) -> int:
    with engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(modelo)).scalar_one())


def _escribir_csv(carpeta: Path, nombre: str, contenido: bytes) -> str:
    ruta = carpeta / nombre
    ruta.write_bytes(contenido)
    return str(ruta)


def _subproceso(*argumentos: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        list(argumentos), env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


# --- base de datos y usuarios -------------------------------------------------------------------


def test_db_upgrade_crea_y_migra_una_base_sqlite_nueva(
    entorno: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Sin RECUPERA_DATABASE_URL crea `recupera.db` en la carpeta de datos; repetirlo no cambia nada."""
    runner = CliRunner()
    for _ in range(2):
        resultado = runner.invoke(cli, ["db", "upgrade"], catch_exceptions=False)
        assert resultado.exit_code == 0, resultado.output
        assert resultado.stdout == "Base de datos al día.\n"
    archivo = tmp_path / "datos" / "recupera.db"
    assert archivo.is_file()
    engine = crear_engine(f"sqlite:///{archivo}")
    try:
        tablas = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"usuario", "patrono", "expediente", "deuda_periodo", "gestion", "auditoria"} <= tablas


def test_users_create_lee_la_contrasena_de_stdin_y_el_usuario_puede_entrar(
    recupera: Ejecutar, engine: Engine
) -> None:
    """El usuario queda con el nombre en minúsculas, autentica con esa contraseña y figura en la lista."""
    resultado = recupera(
        "users",
        "create",
        "Ana.Hernandez",
        "--role",
        "gestor",
        "--nombre-completo",
        "Ana Gabriela Hernández Muñoz",
        "--sucursal",
        "Santa Ana",
        "--password-stdin",
        entrada="Santa-Ana-2026-segura\n",
    )
    assert resultado.exit_code == 0, resultado.output
    assert resultado.stdout == "Usuario «ana.hernandez» creado con rol gestor.\n"
    with sesion(engine, ACTOR) as s:
        usuario = autenticar(
            session=s,
            nombre_usuario="ana.hernandez",
            contrasena="Santa-Ana-2026-segura",
            intentos=5,
            bloqueo=timedelta(minutes=15),
        )
        assert usuario is not None
        assert (usuario.nombre_completo, usuario.sucursal) == (
            "Ana Gabriela Hernández Muñoz",
            "Santa Ana",
        )
        alta = s.exec(select(Auditoria).where(Auditoria.entidad == "usuario")).one()
    assert alta.actor.startswith("cli:")
    assert alta.despues and alta.despues["password_hash"] == "(oculto)"
    listado = json.loads(recupera("users", "list", "--json").stdout)
    assert listado == [
        {
            "usuario": "ana.hernandez",
            "nombre": "Ana Gabriela Hernández Muñoz",
            "rol": "gestor",
            "activo": True,
        }
    ]


def test_users_create_con_contrasena_corta_termina_en_1_y_dice_por_que(
    recupera: Ejecutar, engine: Engine
) -> None:
    """El problema va a stderr en español, nada a stdout, y el usuario no se crea."""
    resultado = recupera(
        "users", "create", "ana", "--role", "gestor", "--password-stdin", entrada="corta\n"
    )
    assert resultado.exit_code == 1
    assert resultado.stdout == ""
    assert resultado.stderr == (
        "Error: No se pudo crear el usuario.\n"
        "  - La contraseña debe tener al menos 10 caracteres.\n"
    )
    assert _contar(engine, Usuario) == 0


@pytest.mark.parametrize("contrasena", ["Bienvenido2026", "aaaaaaaaaaaa", "ana.castaneda"])
def test_users_create_con_contrasena_comun_o_propia_termina_en_1_y_dice_por_que(
    recupera: Ejecutar, engine: Engine, contrasena: str
) -> None:
    """La consola aplica la misma política que la web: ni palabras comunes con un año, ni
    repeticiones, ni el propio nombre de usuario."""
    resultado = recupera(
        "users", "create", "ana.castaneda", "--role", "gestor",
        "--nombre-completo", "Ana Castaneda & Cía", "--password-stdin", entrada=f"{contrasena}\n",
    )  # fmt: skip
    assert resultado.exit_code == 1
    assert resultado.stderr.startswith("Error: No se pudo crear el usuario.\n  - La contraseña ")
    assert _contar(engine, Usuario) == 0


def test_users_create_con_rol_inexistente_termina_con_error_en_espanol(
    recupera: Ejecutar, engine: Engine
) -> None:
    """Un rol desconocido se rechaza listando los roles válidos."""
    resultado = recupera(
        "users",
        "create",
        "ana",
        "--role",
        "jefa",
        "--password-stdin",
        entrada="Santa-Ana-2026-segura\n",
    )
    assert resultado.exit_code != 0
    assert "El rol «jefa» no existe; use uno de: secretaria, gestor, jefe, archivo, admin." in (
        resultado.stderr
    )
    assert _contar(engine, Usuario) == 0


# --- importaciones -------------------------------------------------------------------------------


def test_patronos_import_imprime_el_resumen_y_repetirlo_no_cambia_nada(
    recupera: Ejecutar, engine: Engine, tmp_path: Path
) -> None:
    """La primera vez crea, la segunda informa «sin cambios»."""
    archivo = _escribir_csv(tmp_path, "patronos.csv", csv_patronos(*PATRONOS))
    primera = recupera("patronos", "import", archivo)
    assert primera.exit_code == 0, primera.output
    assert primera.stdout == "2 filas leídas (UTF-8): 2 nuevas, 0 actualizadas, 0 sin cambios.\n"
    segunda = recupera("patronos", "import", archivo)
    assert segunda.stdout == "2 filas leídas (UTF-8): 0 nuevas, 0 actualizadas, 2 sin cambios.\n"
    assert _contar(engine, Patrono) == 2


def test_patronos_import_con_filas_malas_termina_en_1_lista_cada_linea_y_no_importa_nada(
    recupera: Ejecutar, engine: Engine, tmp_path: Path
) -> None:
    """Cada fila mala aparece con su número de línea en stderr; la buena tampoco se guarda."""
    malas = [
        PATRONOS[0],
        {**PATRONOS[1], "nit": "0511-150385-001-9"},
        {**PATRONOS[1], "numero_patronal": "12AB"},
    ]
    archivo = _escribir_csv(tmp_path, "patronos.csv", csv_patronos(*malas))
    resultado = recupera("patronos", "import", archivo)
    assert resultado.exit_code == 1
    assert resultado.stdout == ""
    assert "El archivo tiene 2 problema(s); no se importó nada." in resultado.stderr
    assert (
        "  - línea 3: el NIT «0511-150385-001-9» tiene un dígito verificador incorrecto\n"
        in resultado.stderr
    )
    assert (
        "  - línea 4: el número patronal «12AB» solo puede contener dígitos\n" in resultado.stderr
    )
    assert "línea 2" not in resultado.stderr
    assert _contar(engine, Patrono) == 0


def test_mora_import_guarda_los_periodos_de_los_patronos_registrados(
    recupera: Ejecutar, engine: Engine, tmp_path: Path
) -> None:
    """Tras importar patronos, la mora se importa con su resumen."""
    recupera("patronos", "import", _escribir_csv(tmp_path, "p.csv", csv_patronos(*PATRONOS)))
    resultado = recupera("mora", "import", _escribir_csv(tmp_path, "m.csv", MORA.encode()))
    assert resultado.exit_code == 0, resultado.output
    assert resultado.stdout == "3 filas leídas (UTF-8): 3 nuevas, 0 actualizadas, 0 sin cambios.\n"
    assert _contar(engine, DeudaPeriodo) == 3


def test_mora_import_de_un_patrono_no_registrado_termina_en_1(
    recupera: Ejecutar, engine: Engine, tmp_path: Path
) -> None:
    """Sin sus patronos la mora no se importa y se dice qué hacer."""
    resultado = recupera("mora", "import", _escribir_csv(tmp_path, "m.csv", MORA.encode()))
    assert resultado.exit_code == 1
    assert (
        "línea 2: el número patronal 310145678 no está registrado (importe antes los patronos)"
        in (resultado.stderr)
    )
    assert _contar(engine, DeudaPeriodo) == 0


# --- expedientes ---------------------------------------------------------------------------------


def test_expedientes_open_imprime_numeros_correlativos_del_anio(
    recupera: Ejecutar, engine: Engine
) -> None:
    """Dos aperturas seguidas dan EXP-<año>-00001 y EXP-<año>-00002."""
    registrar(engine)
    anio = hoy().year
    for n in (1, 2):
        resultado = recupera("expedientes", "open", NUMERO_PEREZ, "--tipo", "cobro")
        assert resultado.exit_code == 0, resultado.output
        assert resultado.stdout == f"EXP-{anio}-{n:05d}\n"
    assert _contar(engine, Expediente) == 2


def test_expedientes_open_de_un_patrono_inexistente_termina_en_1(
    recupera: Ejecutar, engine: Engine
) -> None:
    """El número patronal desconocido se explica en stderr y no se abre nada."""
    resultado = recupera("expedientes", "open", "999999999", "--tipo", "cobro")
    assert resultado.exit_code == 1
    assert resultado.stdout == ""
    assert resultado.stderr == "Error: No existe un patrono con número patronal «999999999».\n"
    assert _contar(engine, Expediente) == 0


def test_expedientes_list_json_conserva_tildes_y_ampersand(
    recupera: Ejecutar, engine: Engine
) -> None:
    """JSON válido con número, etapa, número patronal y razón social tal cual (sin \\u escapes)."""
    registrar(engine)
    recupera("expedientes", "open", NUMERO_PEREZ, "--tipo", "convenio", "--asunto", "Mora 2025")
    resultado = recupera("expedientes", "list", "--json")
    assert resultado.exit_code == 0, resultado.output
    assert "Pérez & Cía <S.A. de C.V.>" in resultado.stdout
    datos = json.loads(resultado.stdout)
    assert len(datos) == 1
    fila = datos[0]
    assert fila["numero"] == f"EXP-{hoy().year}-00001"
    assert fila["etapa"] == "abierto"
    assert fila["tipo"] == "convenio"
    assert fila["numero_patronal"] == NUMERO_PEREZ
    assert fila["razon_social"] == PEREZ
    assert fila["nit"] == "0614-010190-102-3"
    assert fila["asunto"] == "Mora 2025"
    assert fila["gestor"] is None


# --- demostración y ayuda ------------------------------------------------------------------------


def test_demo_se_niega_en_produccion(
    recupera: Ejecutar, entorno: pytest.MonkeyPatch, engine: Engine
) -> None:
    """Las contraseñas de la demostración son públicas: fuera de desarrollo no se cargan."""
    entorno.setenv("RECUPERA_ENV", "production")
    entorno.setenv("RECUPERA_SECRET_KEY", secrets.token_hex(32))
    resultado = recupera("demo")
    assert resultado.exit_code == 1
    assert "desarrollo" in resultado.stderr
    assert "Secretaria-Demo-2026" not in resultado.output
    assert _contar(engine, Usuario) == 0


def test_la_ayuda_esta_en_espanol() -> None:
    """Encabezados y uso en español en el grupo y en un subcomando."""
    runner = CliRunner()
    general = runner.invoke(cli, ["--help"], prog_name="recupera")
    assert general.exit_code == 0
    assert general.stdout.startswith("Uso: recupera [OPCIONES] COMANDO [ARGUMENTOS]...\n")
    assert "\nOpciones:\n" in general.stdout and "\nComandos:\n" in general.stdout
    sub = runner.invoke(cli, ["users", "create", "--help"], prog_name="recupera")
    assert sub.stdout.startswith("Uso: recupera users create [OPCIONES] NOMBRE\n")
    assert "Lee la contraseña de la entrada estándar." in sub.stdout


def test_la_opcion_de_ayuda_se_describe_en_espanol() -> None:
    """`-h, --help` dice «Muestra esta ayuda y termina.», no «Show this message and exit.»."""
    runner = CliRunner()
    for argumentos in (["--help"], ["users", "--help"], ["users", "create", "--help"]):
        salida = runner.invoke(cli, argumentos, prog_name="recupera").stdout
        assert "Show this message and exit." not in salida
        assert "Muestra esta ayuda y termina." in salida


def test_la_ayuda_no_muestra_marcas_de_click_en_ingles() -> None:
    """La ayuda de `users create` no dice `[required]` (la opción --role es obligatoria)."""
    salida = CliRunner().invoke(cli, ["users", "create", "--help"], prog_name="recupera").stdout
    assert "[required]" not in salida


# --- el comando instalado ------------------------------------------------------------------------


def _entorno_de_proceso(**variables: str) -> dict[str, str]:
    limpio = {k: v for k, v in os.environ.items() if not k.startswith("RECUPERA_")}
    return {**limpio, "RECUPERA_ENV": "development", **variables}


@pytest.mark.lento
def test_el_comando_instalado_y_python_m_recupera_muestran_la_ayuda(tmp_path: Path) -> None:
    """El punto de entrada `recupera` y `python -m recupera` existen y responden en español."""
    env = _entorno_de_proceso(RECUPERA_DATA_DIR=str(tmp_path))
    for comando in ([RECUPERA, "--help"], [sys.executable, "-m", "recupera", "--help"]):
        proceso = _subproceso(*comando, env=env, cwd=tmp_path)
        assert proceso.returncode == 0, proceso.stderr
        assert proceso.stdout.startswith("Uso: recupera [OPCIONES] COMANDO [ARGUMENTOS]...")
        assert proceso.stderr == ""


@pytest.mark.lento
def test_el_comando_instalado_informa_los_errores_por_stderr_con_codigo_1(
    plantilla_sqlite: Path, tmp_path: Path
) -> None:
    """Un error del dominio sale por stderr, sin traza de Python, y el proceso termina en 1."""
    base = tmp_path / "recupera.db"
    shutil.copy(plantilla_sqlite, base)
    env = _entorno_de_proceso(
        RECUPERA_DATA_DIR=str(tmp_path), RECUPERA_DATABASE_URL=f"sqlite:///{base}"
    )
    proceso = _subproceso(
        RECUPERA, "expedientes", "open", "999999999", "--tipo", "cobro", env=env, cwd=tmp_path
    )
    assert proceso.returncode == 1
    assert proceso.stdout == ""
    assert proceso.stderr == "Error: No existe un patrono con número patronal «999999999».\n"


def _main(monkeypatch: pytest.MonkeyPatch, *argumentos: str) -> int:
    """Corre `recupera.cli.main` (lo que ejecuta el comando instalado) y devuelve su código."""
    monkeypatch.setattr(sys, "argv", ["recupera", *argumentos])
    with pytest.raises(SystemExit) as salida:
        main()
    return int(salida.value.code or 0)


def test_un_argumento_faltante_muestra_el_uso_y_termina_en_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """El uso y el error van a stderr, en español, y nada a stdout."""
    assert _main(monkeypatch, "expedientes", "open") == 2
    salida = capsys.readouterr()
    assert salida.out == ""
    assert salida.err.startswith("Uso: recupera expedientes open [OPCIONES] NUMERO_PATRONAL\n")
    assert "Error: Falta el argumento 'NUMERO_PATRONAL'." in salida.err


def test_los_errores_de_uso_van_en_espanol(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Una opción sin valor se explica en español."""
    assert _main(monkeypatch, "expedientes", "open", NUMERO_PEREZ, "--tipo") == 2
    error = capsys.readouterr().err
    assert "requires an argument" not in error
    assert "Error: La opción '--tipo' requiere un valor." in error


def test_una_base_sin_migrar_pide_db_upgrade_en_espanol(
    entorno: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Sin `db upgrade`, el comando no vuelca una traza en inglés: dice qué ejecutar."""
    entorno.setenv("RECUPERA_DATABASE_URL", f"sqlite:///{tmp_path / 'vacia.db'}")
    get_settings.cache_clear()
    resultado = CliRunner().invoke(cli, ["expedientes", "list"], prog_name="recupera")
    assert resultado.exit_code == 1
    assert "La base de datos no tiene el esquema de Recupera: ejecute `recupera db upgrade`" in (
        resultado.stderr
    )
    assert "Traceback" not in resultado.output


@un_solo_motor
def test_una_etapa_inexistente_se_rechaza_nombrando_las_validas(recupera: Ejecutar) -> None:
    """`--etapa foo` no devuelve una lista vacía engañosa: explica qué etapas hay."""
    resultado = recupera("expedientes", "list", "--etapa", "foo")
    assert resultado.exit_code == 1
    assert "La etapa «foo» no existe; use una de: abierto, en_gestion" in resultado.stderr


def test_demo_en_una_base_con_usuarios_propios_no_imprime_credenciales(
    recupera: Ejecutar,
) -> None:
    """Si la base ya tiene usuarios que no son de la demo, no se carga ni se muestran claves."""
    assert (
        recupera(
            "users",
            "create",
            "ana.lopez",
            "--role",
            "admin",
            "--password-stdin",
            entrada="Una-contraseña-larga\n",
        ).exit_code
        == 0
    )
    resultado = recupera("demo")
    assert resultado.exit_code == 0
    assert "La base ya tiene usuarios propios: no se cargó la demostración." in resultado.stdout
    assert "Demo-2026" not in resultado.stdout


def test_serve_en_desarrollo_no_se_abre_a_la_red_aunque_se_pida_por_opcion(
    recupera: Ejecutar,
) -> None:
    """`--host 0.0.0.0` pasa por la misma regla que RECUPERA_HOST: en desarrollo la clave
    secreta es pública, así que el servidor no arranca fuera de la máquina local."""
    resultado = recupera("serve", "--host", "0.0.0.0", "--port", "8791")
    assert resultado.exit_code == 1
    assert "en modo desarrollo RECUPERA_HOST debe ser 127.0.0.1" in resultado.stderr
