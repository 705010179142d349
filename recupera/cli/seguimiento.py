"""Comandos del seguimiento de convenios: importar pagos y revisar cuotas vencidas."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from expedientes import ErrorDominio, hoy, moneda
from recupera.cli.consola import AYUDA, cli, errores_en_espanol, servicios, sesion_cli, settings
from seguimiento import EstadoConvenio, importar_pagos, listar_convenios, revisar_cuotas

ARCHIVO = click.Path(exists=True, dir_okay=False, path_type=Path)


@cli.group("pagos", context_settings=AYUDA)
def pagos_cli() -> None:
    """Pagos de los patronos."""


@pagos_cli.command("import")
@click.argument("archivo", type=ARCHIVO)
@errores_en_espanol
def pagos_import(archivo: Path) -> None:
    """Importa ARCHIVO.csv de pagos (todo o nada) y los aplica a los convenios."""
    contenido = archivo.read_bytes()
    with sesion_cli() as s:
        resultado = importar_pagos(session=s, contenido=contenido, hoy=hoy())
    click.echo(resultado.resumen())


@cli.group("convenios", context_settings=AYUDA)
def convenios_cli() -> None:
    """Convenios de pago."""


def _fecha(texto: str | None) -> date:
    if texto is None:
        return hoy()
    try:
        return date.fromisoformat(texto)
    except ValueError:
        raise ErrorDominio(f"La fecha «{texto}» debe escribirse AAAA-MM-DD.") from None


@convenios_cli.command("revisar")
@click.option("--fecha", metavar="AAAA-MM-DD", default=None, help="Revisar a esta fecha (hoy).")
@errores_en_espanol
def convenios_revisar(fecha: str | None) -> None:
    """Revisa las cuotas vencidas de los convenios vigentes: alertas, requerimientos en borrador
    e incumplimientos."""
    dia = _fecha(fecha)
    conf = settings()
    p = servicios().documentos
    with sesion_cli() as s:
        resultado = revisar_cuotas(
            session=s, p=p, hoy=dia, tolerancia_dias=conf.tolerancia_cuota_dias
        )
        resumen = resultado.resumen()
    click.echo(resumen)


@convenios_cli.command("list")
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON.")
@click.option(
    "--estado",
    metavar="ESTADO",
    default=None,
    help=f"Solo los de este estado: {', '.join(EstadoConvenio)}.",
)
@errores_en_espanol
def convenios_list(como_json: bool, estado: str | None) -> None:
    """Lista los convenios con lo pagado y su saldo."""
    with sesion_cli(solo_lectura=True) as s:
        datos = [f.como_dict() for f in listar_convenios(session=s, estado=estado)]
    if como_json:
        click.echo(json.dumps(datos, ensure_ascii=False, indent=2))
        return
    for d in datos:
        proxima = f"cuota {d['proxima_cuota']} vence {d['proximo_vencimiento']}"
        click.echo(
            f"{d['convenio']}  {d['estado']:<10} {d['expediente']}  {d['numero_patronal']:<10} "
            f"saldo {moneda(d['saldo']):>12}  {proxima if d['proxima_cuota'] else 'sin cuotas pendientes'}"
            f"  {d['razon_social']}"
        )
