"""El comando `recupera archivo search`: buscar expedientes por identificador, nombre o texto."""

from __future__ import annotations

import json
from datetime import datetime

import click

from archivo import LIMITE_BUSQUEDA, ResultadoBusqueda, buscar_en_archivo
from expedientes import Permiso, exigir, obtener_usuario
from recupera.cli.archivo import archivo_cli
from recupera.cli.consola import errores_en_espanol, sesion_cli

FECHA = click.DateTime(formats=["%Y-%m-%d"])


@archivo_cli.command("search")
@click.argument("texto")
@click.option("--desde", type=FECHA, metavar="AAAA-MM-DD", help="Documentos o aperturas desde.")
@click.option("--hasta", type=FECHA, metavar="AAAA-MM-DD", help="Documentos o aperturas hasta.")
@click.option("--tipo", help="Tipo de expediente (cobro, convenio…) o de documento.")
@click.option(
    "--limite", type=click.IntRange(1, LIMITE_BUSQUEDA), default=50, show_default=True,
    help="Cuántos expedientes mostrar.",
)  # fmt: skip
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON.")
@click.option(
    "--usuario", "nombre", metavar="USUARIO", required=True,
    help="Quien busca: documentos y fragmentos solo de lo que esa persona puede ver.",
)  # fmt: skip
@errores_en_espanol
def search(
    texto: str,
    desde: datetime | None,
    hasta: datetime | None,
    tipo: str | None,
    limite: int,
    como_json: bool,
    nombre: str,
) -> None:
    """Busca TEXTO: NIT, número patronal, EXP-…, CE-/CS-/DRP-…, acuerdo, nombre o palabras."""
    with sesion_cli(solo_lectura=True) as s:
        usuario = obtener_usuario(session=s, nombre_usuario=nombre)
        exigir(usuario, Permiso.CONSULTAR_ARCHIVO)
        resultados = buscar_en_archivo(
            session=s,
            usuario=usuario,
            texto=texto,
            desde=desde.date() if desde else None,
            hasta=hasta.date() if hasta else None,
            tipo=tipo,
            limite=limite,
        )
    if como_json:
        click.echo(json.dumps([r.como_dict() for r in resultados], ensure_ascii=False, indent=2))
        return
    if not resultados:
        click.echo("Ningún expediente coincide.", err=True)
        return
    for r in resultados:
        click.echo(_renglon(r))
        for d in r.documentos:
            referencia = f" {d.referencia}" if d.referencia else ""
            click.echo(f"    {d.orden:>3}. {d.fecha:%Y-%m-%d} {d.titulo}{referencia}")
            if d.fragmento:
                click.echo(f"         {d.fragmento}")


def _renglon(r: ResultadoBusqueda) -> str:
    e, p = r.expediente, r.patrono
    sellado = "  [sellado]" if r.sellado else ""
    return (
        f"{e.numero}  {e.tipo}/{e.etapa}  abierto el {e.abierto_el:%Y-%m-%d}  "
        f"{p.razon_social} (N.º patronal {p.numero_patronal}, NIT {p.nit}){sellado}"
    )
