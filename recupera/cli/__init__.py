"""La línea de comandos `recupera`: comandos delgados que leen argumentos y llaman a un servicio.

Las áreas viven en `datos` (patronos, mora, expedientes), `correspondencia`, `plantillas`,
`salida` (lo enviado), `archivo` y `busqueda`, `seguimiento` (pagos, convenios), `reportes` (reportes, plan) y `sistema`
(base de datos, usuarios, demostración, servidor), `servicio` (el trabajo programado sin la web y
el diagnóstico), `directorio` (la prueba del acceso por directorio); `es` pone en español los
mensajes de Click.
"""

from __future__ import annotations

import sys

import click

from recupera.cli import es

es.instalar()  # antes de declarar los comandos: Click traduce algunos textos al crearlos

from recupera.cli import (  # noqa: E402  (registran sus comandos en `cli`)
    archivo,
    avisos,
    busqueda,
    correspondencia,
    datos,
    directorio,
    plantillas,
    reportes,
    respaldo,
    salida,
    seguimiento,
    servicio,
    sistema,
)
from recupera.cli.consola import ayuda_en_espanol, cli  # noqa: E402

ayuda_en_espanol(cli)
__all__ = [
    "archivo",
    "avisos",
    "busqueda",
    "cli",
    "correspondencia",
    "datos",
    "directorio",
    "main",
    "plantillas",
    "reportes",
    "respaldo",
    "salida",
    "seguimiento",
    "servicio",
    "sistema",
]


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
