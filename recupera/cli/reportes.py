"""Comandos de reportes y del Plan Anual de Recuperación de Mora."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import click

from expedientes import ErrorDominio, hoy, moneda
from panel import REPORTES, generar_reporte, reporte_a_csv, reporte_a_xlsx
from recupera.cli.consola import AYUDA, cli, errores_en_espanol, sesion_cli
from seguimiento import (
    ANIO_MAXIMO,
    ANIO_MINIMO,
    MESES,
    FilaPlan,
    avance_del_plan,
    importar_metas,
    total_del_plan,
)

ARCHIVO = click.Path(exists=True, dir_okay=False, path_type=Path)
SALIDA = click.Path(dir_okay=False, writable=True, path_type=Path)
FECHA = click.DateTime(formats=["%Y-%m-%d"])
EXPORTADORES = {".csv": reporte_a_csv, ".xlsx": reporte_a_xlsx}


@cli.group("reportes", context_settings=AYUDA)
def reportes_cli() -> None:
    """Reportes del departamento."""


@reportes_cli.command("list")
def reportes_list() -> None:
    """Lista los reportes y qué parámetros usa cada uno."""
    for d in REPORTES.values():
        usa = " ".join(f"--{p}" for p in ("desde", "hasta", "anio") if p in d.usa)
        click.echo(f"{d.nombre:<22} {d.titulo}" + (f"  [{usa}]" if usa else ""))


def _dia(valor: datetime | None) -> date | None:
    return valor.date() if valor else None


@reportes_cli.command("export")
@click.argument("nombre")
@click.option("--out", "salida", type=SALIDA, required=True, help="ARCHIVO.xlsx o ARCHIVO.csv.")
@click.option("--desde", type=FECHA, metavar="AAAA-MM-DD", help="Desde este día (incluido).")
@click.option("--hasta", type=FECHA, metavar="AAAA-MM-DD", help="Hasta este día (incluido).")
@click.option("--anio", type=int, default=None, metavar="AAAA", help="Año (reporte «plan»).")
@errores_en_espanol
def reportes_export(
    nombre: str, salida: Path, desde: datetime | None, hasta: datetime | None, anio: int | None
) -> None:
    """Exporta un reporte a XLSX o CSV.

    El formato sale de la extensión de --out. Sin --desde/--hasta, del 1 de enero a hoy; sin
    --anio, el año en curso.
    """
    exportar = EXPORTADORES.get(salida.suffix.lower())
    if exportar is None:
        raise ErrorDominio(
            f"No sé exportar a «{salida.name}»: use la extensión .xlsx o .csv en --out."
        )
    with sesion_cli(solo_lectura=True) as s:
        reporte = generar_reporte(
            nombre,
            session=s,
            hoy=hoy(),
            desde=_dia(desde),
            hasta=_dia(hasta),
            anio=anio,
            estricto=True,
        )
    salida.write_bytes(exportar(reporte))
    click.echo(f"{reporte.titulo}: {len(reporte.filas)} filas y el total en {salida}.")


@cli.group("plan", context_settings=AYUDA)
def plan_cli() -> None:
    """Plan Anual de Recuperación de Mora."""


@plan_cli.command("import")
@click.argument("archivo", type=ARCHIVO)
@errores_en_espanol
def plan_import(archivo: Path) -> None:
    """Importa las metas de ARCHIVO.csv (sucursal,anio,mes,meta); todo o nada."""
    contenido = archivo.read_bytes()
    with sesion_cli() as s:
        resultado = importar_metas(session=s, contenido=contenido)
    click.echo(resultado.resumen())


def _como_dict(fila: FilaPlan) -> dict[str, object]:
    def dinero(valor: Decimal) -> str:
        return f"{valor:.2f}"

    return {
        "sucursal": fila.sucursal,
        "mes": fila.mes,
        "meta": dinero(fila.meta),
        "recuperado": dinero(fila.recuperado),
        "diferencia": dinero(fila.diferencia),
        "porcentaje": None if fila.porcentaje is None else f"{fila.porcentaje:.1f}",
    }


def _renglon(sucursal: str, mes: str, fila: FilaPlan) -> str:
    avance = "—" if fila.porcentaje is None else f"{fila.porcentaje:.1f} %"
    return (
        f"{sucursal[:24]:<24} {mes:<10} {moneda(fila.meta):>15} {moneda(fila.recuperado):>15} "
        f"{moneda(fila.diferencia):>15} {avance:>8}"
    )


@plan_cli.command("show")
@click.option("--anio", type=int, required=True, metavar="AAAA", help="Año del plan.")
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON (montos como texto).")
@errores_en_espanol
def plan_show(anio: int, como_json: bool) -> None:
    """Muestra meta, recuperado, diferencia y avance por sucursal y mes, con el total."""
    if not ANIO_MINIMO <= anio <= ANIO_MAXIMO:
        raise ErrorDominio(f"El año {anio} no está entre {ANIO_MINIMO} y {ANIO_MAXIMO}.")
    with sesion_cli(solo_lectura=True) as s:
        filas = avance_del_plan(session=s, anio=anio)
    total = total_del_plan(filas)
    if como_json:
        datos = {
            "anio": anio,
            "filas": [_como_dict(f) for f in filas],
            "total": _como_dict(total),
        }
        click.echo(json.dumps(datos, ensure_ascii=False, indent=2))
        return
    if not filas:
        click.echo(f"No hay metas ni pagos en {anio}.")
        return
    click.echo(
        f"{'Sucursal':<24} {'Mes':<10} {'Meta':>15} {'Recuperado':>15} "
        f"{'Diferencia':>15} {'Avance':>8}"
    )
    for f in filas:
        click.echo(_renglon(f.sucursal or "(sin sucursal)", MESES[(f.mes or 1) - 1], f))
    click.echo(_renglon("Total", str(anio), total))
