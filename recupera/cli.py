"""La línea de comandos `recupera`: comandos delgados que leen argumentos y llaman a un servicio."""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

import click
from sqlmodel import Session

from expedientes import casos, importacion, usuarios
from expedientes.auditoria import Actor
from expedientes.config import Settings, get_settings
from expedientes.db import aplicar_migraciones, engine_para, sesion
from expedientes.errores import ErrorDominio
from expedientes.etapas import Tipo
from expedientes.identificadores import formatear_nit
from expedientes.modelos import Usuario
from expedientes.politica import Rol
from expedientes.tipos import hoy
from recupera import cli_es

cli_es.instalar()

AYUDA = {"help_option_names": ["-h", "--help"]}


def _ayuda_en_espanol(comando: click.Command) -> None:
    comando.options_metavar = "[OPCIONES]"
    if isinstance(comando, click.Group):
        comando.subcommand_metavar = "COMANDO [ARGUMENTOS]..."
        for sub in comando.commands.values():
            _ayuda_en_espanol(sub)


def _actor() -> Actor:
    return Actor(f"cli:{getpass.getuser()}")


def _settings() -> Settings:
    return get_settings()


@contextmanager
def _sesion() -> Iterator[Session]:
    with sesion(engine_para(_settings().url_base_de_datos), _actor()) as s:
        yield s


def _errores_en_espanol(funcion: Callable[..., Any]) -> Callable[..., Any]:
    """Un ErrorDominio se imprime en stderr y el comando termina con código 1."""

    @wraps(funcion)
    def envuelta(*args: Any, **kwargs: Any) -> Any:
        try:
            return funcion(*args, **kwargs)
        except ErrorDominio as exc:
            click.echo(f"Error: {exc.texto_completo()}", err=True)
            sys.exit(1)

    return envuelta


@click.group(context_settings=AYUDA)
def cli() -> None:
    """Recupera: correspondencia y documentos del Departamento de Recuperación Prejudicial."""


# --- base de datos -----------------------------------------------------------------------------


@cli.group(context_settings=AYUDA)
def db() -> None:
    """Base de datos."""


@db.command("upgrade")
@_errores_en_espanol
def db_upgrade() -> None:
    """Aplica las migraciones pendientes."""
    url = _settings().url_base_de_datos
    aplicar_migraciones(url)
    click.echo("Base de datos al día.")


# --- usuarios -----------------------------------------------------------------------------------


@cli.group("users", context_settings=AYUDA)
def users() -> None:
    """Usuarios."""


@users.command("create")
@click.argument("nombre")
@click.option("--role", "rol", metavar="ROL", required=True, help=f"Rol: {', '.join(Rol)}.")
@click.option(
    "--nombre-completo",
    metavar="TEXTO",
    default=None,
    help="Nombre para mostrar (por omisión, NOMBRE).",
)
@click.option("--correo", metavar="CORREO", default=None, help="Correo electrónico.")
@click.option("--sucursal", metavar="SUCURSAL", default=None, help="Sucursal.")
@click.option("--password-stdin", is_flag=True, help="Lee la contraseña de la entrada estándar.")
@_errores_en_espanol
def users_create(
    nombre: str,
    rol: str,
    nombre_completo: str | None,
    correo: str | None,
    sucursal: str | None,
    password_stdin: bool,
) -> None:
    """Crea el usuario NOMBRE con el rol indicado."""
    if password_stdin:
        contrasena = sys.stdin.readline().rstrip("\r\n")
    else:
        contrasena = click.prompt(
            "Contraseña", hide_input=True, confirmation_prompt="Repita la contraseña"
        )
    with _sesion() as s:
        usuario = usuarios.crear_usuario(
            session=s,
            nombre_usuario=nombre,
            nombre_completo=nombre_completo or nombre,
            rol=rol,
            contrasena=contrasena,
            correo=correo,
            sucursal=sucursal,
        )
    click.echo(f"Usuario «{usuario.nombre_usuario}» creado con rol {usuario.rol}.")


@users.command("list")
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON.")
@_errores_en_espanol
def users_list(como_json: bool) -> None:
    """Lista los usuarios."""
    with _sesion() as s:
        todos = usuarios.listar_usuarios(session=s)
    filas = [
        {"usuario": u.nombre_usuario, "nombre": u.nombre_completo, "rol": u.rol, "activo": u.activo}
        for u in todos
    ]
    if como_json:
        click.echo(json.dumps(filas, ensure_ascii=False, indent=2))
        return
    for f in filas:
        click.echo(
            f"{f['usuario']:<20} {f['rol']:<11} {'activo' if f['activo'] else 'inactivo':<9} {f['nombre']}"
        )


# --- importaciones ------------------------------------------------------------------------------


def _importar(funcion: Callable[..., importacion.ResultadoImportacion], archivo: Path) -> None:
    with _sesion() as s:
        resultado = funcion(session=s, contenido=archivo.read_bytes())
    click.echo(resultado.resumen())


@cli.group(context_settings=AYUDA)
def patronos() -> None:
    """Patronos."""


@patronos.command("import")
@click.argument("archivo", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_errores_en_espanol
def patronos_import(archivo: Path) -> None:
    """Importa ARCHIVO.csv de patronos (todo o nada)."""
    _importar(importacion.importar_patronos, archivo)


@cli.group(context_settings=AYUDA)
def mora() -> None:
    """Mora por período."""


@mora.command("import")
@click.argument("archivo", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_errores_en_espanol
def mora_import(archivo: Path) -> None:
    """Importa ARCHIVO.csv de mora (todo o nada)."""
    _importar(importacion.importar_mora, archivo)


# --- expedientes --------------------------------------------------------------------------------


@cli.group("expedientes", context_settings=AYUDA)
def expedientes_cli() -> None:
    """Expedientes."""


@expedientes_cli.command("open")
@click.argument("numero_patronal")
@click.option("--tipo", metavar="TIPO", required=True, help=f"Tipo: {', '.join(Tipo)}.")
@click.option("--asunto", metavar="TEXTO", default="", help="Asunto del expediente.")
@click.option("--gestor", metavar="USUARIO", default=None, help="Usuario del gestor asignado.")
@_errores_en_espanol
def expedientes_open(numero_patronal: str, tipo: str, asunto: str, gestor: str | None) -> None:
    """Abre un expediente para NUMERO_PATRONAL e imprime su número."""
    with _sesion() as s:
        responsable: Usuario | None = None
        if gestor:
            responsable = usuarios.obtener_usuario(session=s, nombre_usuario=gestor)
        expediente = casos.abrir_expediente(
            session=s,
            numero_patronal=numero_patronal,
            tipo=tipo,
            asunto=asunto,
            hoy=hoy(),
            gestor=responsable,
        )
    click.echo(expediente.numero)


@expedientes_cli.command("list")
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON.")
@click.option("--etapa", metavar="ETAPA", default=None, help="Solo los de esta etapa.")
@_errores_en_espanol
def expedientes_list(como_json: bool, etapa: str | None) -> None:
    """Lista los expedientes."""
    with _sesion() as s:
        filas = casos.listar_expedientes(
            session=s, filtros=casos.Filtros(etapa=etapa), limite=100_000
        )
        gestores = {u.id: u.nombre_usuario for u in usuarios.listar_usuarios(session=s)}
    datos = [
        {
            "numero": e.numero,
            "tipo": e.tipo,
            "etapa": e.etapa,
            "asunto": e.asunto,
            "numero_patronal": p.numero_patronal,
            "razon_social": p.razon_social,
            "nit": formatear_nit(p.nit),
            "sucursal": e.sucursal,
            "gestor": gestores.get(e.gestor_id) if e.gestor_id else None,
            "abierto_el": e.abierto_el.isoformat(),
            "cerrado_el": e.cerrado_el.isoformat() if e.cerrado_el else None,
        }
        for e, p in filas
    ]
    if como_json:
        click.echo(json.dumps(datos, ensure_ascii=False, indent=2))
        return
    for d in datos:
        click.echo(
            f"{d['numero']}  {d['etapa']:<12} {d['numero_patronal']:<10} {d['razon_social']}"
        )


# --- demostración y servidor ---------------------------------------------------------------------


@cli.command()
@_errores_en_espanol
def demo() -> None:
    """Carga los datos de demostración (una sola vez) e imprime las credenciales."""
    from recupera.demo import CREDENCIALES, cargar_demo

    if not _settings().desarrollo:
        raise ErrorDominio(
            "Los datos de demostración solo se cargan en modo desarrollo (RECUPERA_ENV=development): "
            "sus contraseñas son públicas."
        )
    with _sesion() as s:
        cargado = cargar_demo(session=s, hoy=hoy())
    click.echo(
        "Datos de demostración cargados." if cargado else "La demostración ya estaba cargada."
    )
    click.echo("Usuarios de demostración (usuario / contraseña / rol):")
    for nombre, contrasena, rol in CREDENCIALES:
        click.echo(f"  {nombre:<12} {contrasena:<24} {rol}")


@cli.command()
@click.option("--host", metavar="HOST", default=None, help="Dirección (por omisión RECUPERA_HOST).")
@click.option(
    "--port", metavar="PUERTO", default=None, type=int, help="Puerto (por omisión RECUPERA_PORT)."
)
@click.option("--hilos", metavar="N", default=8, show_default=True, help="Hilos del servidor.")
@_errores_en_espanol
def serve(host: str | None, port: int | None, hilos: int) -> None:
    """Sirve la aplicación web con waitress."""
    from waitress import serve as servir

    from recupera import create_app

    conf = _settings()
    app = create_app(conf)
    host, port = host or conf.host, port or conf.port
    click.echo(f"Recupera escuchando en http://{host}:{port}/  (Ctrl+C para detener)")
    servir(app, host=host, port=port, threads=hilos, ident="Recupera")


_ayuda_en_espanol(cli)


def main() -> None:
    """Punto de entrada del comando `recupera`."""
    try:
        cli.main(standalone_mode=False, prog_name="recupera")
    except click.exceptions.Abort:
        click.echo("Cancelado.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ErrorDominio as exc:
        click.echo(f"Error: {exc.texto_completo()}", err=True)
        sys.exit(1)
