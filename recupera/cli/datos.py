"""Comandos de datos del caso: importación de patronos y mora, apertura y listado de expedientes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from expedientes import (
    ErrorDominio,
    Etapa,
    FiltrosExpedientes,
    ResultadoImportacion,
    TipoExpediente,
    Usuario,
    abrir_expediente,
    formatear_nit,
    hoy,
    importar_mora,
    importar_patronos,
    listar_expedientes,
    listar_usuarios,
    obtener_usuario,
)
from recupera.cli.consola import AYUDA, cli, errores_en_espanol, sesion_cli

ARCHIVO = click.Path(exists=True, dir_okay=False, path_type=Path)


def _importar(funcion: Callable[..., ResultadoImportacion], archivo: Path) -> None:
    contenido = archivo.read_bytes()
    with sesion_cli() as s:
        resultado = funcion(session=s, contenido=contenido)
    click.echo(resultado.resumen())


@cli.group(context_settings=AYUDA)
def patronos() -> None:
    """Patronos."""


@patronos.command("import")
@click.argument("archivo", type=ARCHIVO)
@errores_en_espanol
def patronos_import(archivo: Path) -> None:
    """Importa ARCHIVO.csv de patronos (todo o nada)."""
    _importar(importar_patronos, archivo)


@cli.group(context_settings=AYUDA)
def mora() -> None:
    """Mora por período."""


@mora.command("import")
@click.argument("archivo", type=ARCHIVO)
@errores_en_espanol
def mora_import(archivo: Path) -> None:
    """Importa ARCHIVO.csv de mora (todo o nada)."""
    _importar(importar_mora, archivo)


@cli.group("expedientes", context_settings=AYUDA)
def expedientes_cli() -> None:
    """Expedientes."""


@expedientes_cli.command("open")
@click.argument("numero_patronal")
@click.option("--tipo", metavar="TIPO", required=True, help=f"Tipo: {', '.join(TipoExpediente)}.")
@click.option("--asunto", metavar="TEXTO", default="", help="Asunto del expediente.")
@click.option("--gestor", metavar="USUARIO", default=None, help="Usuario del gestor asignado.")
@errores_en_espanol
def expedientes_open(numero_patronal: str, tipo: str, asunto: str, gestor: str | None) -> None:
    """Abre un expediente para NUMERO_PATRONAL e imprime su número."""
    with sesion_cli() as s:
        responsable: Usuario | None = None
        if gestor:
            responsable = obtener_usuario(session=s, nombre_usuario=gestor)
        expediente = abrir_expediente(
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
@click.option(
    "--etapa", metavar="ETAPA", default=None, help=f"Solo los de esta etapa: {', '.join(Etapa)}."
)
@errores_en_espanol
def expedientes_list(como_json: bool, etapa: str | None) -> None:
    """Lista los expedientes."""
    if etapa is not None and etapa not in set(Etapa):
        raise ErrorDominio(f"La etapa «{etapa}» no existe; use una de: {', '.join(Etapa)}.")
    with sesion_cli(solo_lectura=True) as s:
        filas = listar_expedientes(
            session=s, filtros=FiltrosExpedientes(etapa=etapa), limite=100_000
        )
        gestores = {u.id: u.nombre_usuario for u in listar_usuarios(session=s)}
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
