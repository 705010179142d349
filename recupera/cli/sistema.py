"""Comandos del sistema: base de datos, usuarios, demostración y servidor web."""

from __future__ import annotations

import json
import sys

import click

from archivo import almacen_de
from expedientes import (
    ErrorDominio,
    Rol,
    Settings,
    cargar_settings,
    crear_usuario,
    hoy,
    listar_usuarios,
)
from migraciones import aplicar_migraciones
from recupera.cli.consola import AYUDA, cli, errores_en_espanol, servicios, sesion_cli, settings
from recupera.composicion import registrar_plantillas
from respaldo import respaldar_antes_de_migrar

# Lo que un formulario añade al archivo que sube (campos, límites multipart): el servidor deja pasar
# hasta el límite de subida más este margen, y la aplicación responde en español lo que se pase.
MARGEN_DE_FORMULARIO = 1024 * 1024


@cli.group(context_settings=AYUDA)
def db() -> None:
    """Base de datos."""


@db.command("upgrade")
@click.option("--sin-copia", is_flag=True, help="En producción, migra sin hacer antes la copia.")
@errores_en_espanol
def db_upgrade(sin_copia: bool) -> None:
    """Aplica las migraciones pendientes (en producción, después de una copia de respaldo en
    RECUPERA_RESPALDO_DIR)."""
    conf = settings()
    copia = respaldar_antes_de_migrar(
        url=conf.url_base_de_datos, almacen=almacen_de(conf.data_dir), destino=conf.respaldo_dir,
        produccion=conf.env == "production", sin_copia=sin_copia,
    )  # fmt: skip
    if copia is not None:
        click.echo(f"Copia de respaldo antes de migrar: {copia.carpeta}.")
    aplicar_migraciones(conf.url_base_de_datos)
    registrar_plantillas(servicios())
    click.echo("Base de datos al día.")


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
@errores_en_espanol
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
    with sesion_cli() as s:
        usuario = crear_usuario(
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
@errores_en_espanol
def users_list(como_json: bool) -> None:
    """Lista los usuarios."""
    with sesion_cli(solo_lectura=True) as s:
        todos = listar_usuarios(session=s)
    filas = [
        {"usuario": u.nombre_usuario, "nombre": u.nombre_completo, "rol": u.rol, "activo": u.activo}
        for u in todos
    ]
    if como_json:
        click.echo(json.dumps(filas, ensure_ascii=False, indent=2))
        return
    for f in filas:
        estado = "activo" if f["activo"] else "inactivo"
        click.echo(f"{f['usuario']:<20} {f['rol']:<11} {estado:<9} {f['nombre']}")


@cli.command()
@errores_en_espanol
def demo() -> None:
    """Carga los datos de demostración (una sola vez) e imprime las credenciales."""
    from recupera.demo import CREDENCIALES, EstadoDemo, cargar_demo

    if not settings().desarrollo:
        raise ErrorDominio(
            "Los datos de demostración solo se cargan en modo desarrollo "
            "(RECUPERA_ENV=development): sus contraseñas son públicas."
        )

    with sesion_cli() as s:
        estado = cargar_demo(session=s, hoy=hoy(), servicios=servicios())
    if estado is EstadoDemo.OTROS_DATOS:
        click.echo("La base ya tiene usuarios propios: no se cargó la demostración.")
        return
    click.echo(
        "Datos de demostración cargados."
        if estado is EstadoDemo.CARGADA
        else "La demostración ya estaba cargada."
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
@click.option(
    "--sondear",
    is_flag=True,
    help="Sondear también la carpeta de entrada y los buzones (un solo proceso, como make run).",
)
@click.option(
    "--solo-web",
    is_flag=True,
    help="Solo la web, sin trabajo programado: lo hace `recupera worker` (varios procesos web).",
)
@errores_en_espanol
def serve(host: str | None, port: int | None, hilos: int, sondear: bool, solo_web: bool) -> None:
    """Sirve la aplicación web con waitress."""
    from waitress import serve as servir

    from recupera import create_app
    from recupera.cli.servicio import anunciar, preparar_registro
    from recupera.composicion import componer
    from recupera.trabajos import arrancar_trabajos

    if solo_web and sondear:
        raise click.UsageError(
            "--solo-web y --sondear se excluyen: el sondeo es de `recupera worker`."
        )

    # --host y --port pasan por las mismas reglas que RECUPERA_HOST y RECUPERA_PORT (en
    # desarrollo, solo la máquina local).
    cambios = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    conf = cargar_settings(**cambios) if cambios else settings()
    preparar_registro(conf)
    app = create_app(conf)
    avisos = (
        ["Solo la web: el trabajo programado lo hace `recupera worker`."]
        if solo_web
        else arrancar_trabajos(componer(conf), sondear=sondear)
    )
    anunciar(
        [*avisos, f"Recupera escuchando en http://{conf.host}:{conf.port}/  (Ctrl+C para detener)"]
    )
    servir(
        app,
        host=conf.host,
        port=conf.port,
        threads=hilos,
        ident="Recupera",
        # Sin esto waitress lee hasta 1 GiB antes de que la aplicación pueda rechazarlo.
        max_request_body_size=limite_del_cuerpo(conf),
        # X-Forwarded-* y X-Request-Id los decide la aplicación (RECUPERA_PROXIES).
        clear_untrusted_proxy_headers=False,
    )


def limite_del_cuerpo(conf: Settings) -> int:
    """Bytes que el servidor acepta en el cuerpo de una petición: la subida más el margen."""
    return conf.max_subida_bytes + MARGEN_DE_FORMULARIO
