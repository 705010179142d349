"""Comandos del directorio institucional: comprobar la configuración con una cuenta real."""

from __future__ import annotations

import sys

import click

from expedientes import (
    NOMBRES_ROL,
    ConfigDirectorio,
    CuentaDirectorio,
    ErrorDominio,
    Rol,
    config_directorio,
    consultar_directorio,
    rol_de_grupos,
)
from recupera.cli.consola import errores_en_espanol, settings
from recupera.cli.sistema import users


@users.command("ldap-check")
@click.argument("nombre")
@click.option("--password-stdin", is_flag=True, help="Lee la contraseña de la entrada estándar.")
@errores_en_espanol
def users_ldap_check(nombre: str, password_stdin: bool) -> None:
    """Comprueba el acceso por directorio con la cuenta NOMBRE: entra con su contraseña y muestra
    su nombre, su correo, sus grupos y el rol que tendría en Recupera. No escribe nada."""
    config = config_directorio(settings())
    if config is None:
        raise ErrorDominio(
            "El acceso por directorio no está configurado: defina RECUPERA_LDAP_HOST y las demás "
            "RECUPERA_LDAP_* (docs/configuracion.md)."
        )
    if password_stdin:
        contrasena = sys.stdin.readline().rstrip("\r\n")
    else:
        contrasena = click.prompt("Contraseña del directorio", hide_input=True)
    nombre = nombre.strip().lower()
    click.echo(f"Directorio: {config.host}:{config.puerto} ({config.seguridad})")
    cuenta = consultar_directorio(config, nombre_usuario=nombre, contrasena=contrasena)
    if cuenta is None:
        raise ErrorDominio(f"El directorio rechazó el usuario «{nombre}» o su contraseña.")
    _mostrar(config, cuenta)


def _mostrar(config: ConfigDirectorio, cuenta: CuentaDirectorio) -> None:
    """La cuenta, sus grupos (con el rol de los que son de Recupera) y su rol; error sin rol."""
    click.echo(f"Cuenta: {cuenta.dn}")
    click.echo(f"Nombre: {cuenta.nombre_completo or '(sin nombre)'}")
    click.echo(f"Correo: {cuenta.correo or '(sin correo)'}")
    click.echo("Grupos:" if cuenta.grupos else "Grupos: ninguno")
    for grupo in cuenta.grupos:
        rol = rol_de_grupos(config, (grupo,))
        click.echo(f"  - {grupo}" + (f" → {rol}" if rol else ""))
    rol = rol_de_grupos(config, cuenta.grupos)
    if rol is None:
        raise ErrorDominio(
            "No pertenece a ningún grupo de RECUPERA_LDAP_GRUPOS: no podría entrar a Recupera."
        )
    click.echo(f"Rol en Recupera: {NOMBRES_ROL[Rol(rol)]} ({rol})")
