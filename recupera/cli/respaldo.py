"""`recupera backup`: hacer, verificar, restaurar y podar copias de respaldo de la instalación."""

from __future__ import annotations

from pathlib import Path

import click

from recupera.cli.consola import cli, errores_en_espanol, servicios
from respaldo import (
    DIARIAS,
    SEMANALES,
    copia_elegida,
    crear_copia,
    podar,
    restaurar_copia,
    verificar_copia,
)

CARPETA = click.Path(file_okay=False, path_type=Path)


@cli.group("backup")
def backup_cli() -> None:
    """Copias de respaldo de la base y de todos sus blobs (en línea, verificables)."""


@backup_cli.command("create")
@click.argument("destino", type=CARPETA)
@errores_en_espanol
def create(destino: Path) -> None:
    """Hace una copia en DESTINO/AAAAMMDD-HHMMSS (solo copia los blobs que DESTINO no tiene)."""
    s = servicios()
    informe = crear_copia(engine=s.bd.engine, almacen=s.almacen, destino=destino)
    filas = sum(informe.filas.values())
    click.echo(f"Copia {informe.carpeta}: {filas} filas de {len(informe.filas)} tablas, "
               f"{informe.blobs} blobs ({informe.blobs_nuevos} nuevos, "
               f"{informe.bytes_nuevos / 1e6:.1f} MB) en {informe.segundos:.1f} s.")  # fmt: skip
    for sha in informe.faltantes:
        click.echo(f"  Falta en el almacén el blob {sha}, que la base nombra.", err=True)
    if informe.faltantes:
        raise SystemExit(1)


@backup_cli.command("verify")
@click.argument("copia", type=CARPETA)
@errores_en_espanol
def verify(copia: Path) -> None:
    """Rehace la suma de cada archivo de la copia (o de la más nueva de la carpeta de copias) y
    nombra cada uno que falta o cambió; sale con 1 si hay alguno."""
    informe = verificar_copia(copia_elegida(copia))
    for problema in informe.problemas:
        click.echo(f"  {problema}", err=True)
    estado = "correcta" if informe.correcta else f"con {len(informe.problemas)} problema(s)"
    click.echo(f"Copia {informe.carpeta.name}: {informe.archivos} archivos de datos y "
               f"{informe.blobs} blobs revisados; {estado}.")  # fmt: skip
    if not informe.correcta:
        raise SystemExit(1)


@backup_cli.command("restore")
@click.argument("copia", type=CARPETA)
@click.option(
    "--data-dir", "data_dir", type=CARPETA, required=True, help="Carpeta de datos nueva (vacía)."
)
@click.option(
    "--database-url", "url", default=None, help="Base vacía (por omisión, SQLite en --data-dir)."
)
@errores_en_espanol
def restore(copia: Path, data_dir: Path, url: str | None) -> None:
    """Restaura la copia (o la más nueva de la carpeta de copias) en una instalación vacía."""
    destino = url or f"sqlite:///{(data_dir / 'recupera.db').resolve()}"
    informe = restaurar_copia(carpeta=copia_elegida(copia), data_dir=data_dir, url=destino)
    click.echo(f"Restaurada: {sum(informe.filas.values())} filas y {informe.blobs} blobs en "
               f"{data_dir}. Compruébela con «recupera archivo verify».")  # fmt: skip


@backup_cli.command("prune")
@click.argument("destino", type=CARPETA)
@click.option("--diarias", default=DIARIAS, show_default=True, help="Días con su última copia.")
@click.option(
    "--semanales", default=SEMANALES, show_default=True, help="Semanas con su última copia."
)
@errores_en_espanol
def prune(destino: Path, diarias: int, semanales: int) -> None:
    """Borra las copias que la retención no guarda y los blobs que ya ninguna nombra."""
    informe = podar(destino, diarias=diarias, semanales=semanales)
    click.echo(f"Quedan {len(informe.conservadas)} copias; se borraron {len(informe.borradas)} "
               f"y {informe.blobs_borrados} blobs que ya ninguna nombraba.")  # fmt: skip
    if informe.restos_borrados:
        click.echo(f"Se borraron {informe.restos_borrados} restos de copias interrumpidas.")
