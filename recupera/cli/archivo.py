"""Comandos del archivo: cerrar y archivar, verificar, exportar y prestar expedientes (buscar
está en `busqueda`)."""

from __future__ import annotations

import getpass
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from archivo import (
    devolver_expediente,
    expedientes_fuera,
    pdf_del_expediente,
    prestamo_activo,
    prestamos_vencidos,
    prestar_expediente,
    registrar_verificacion,
    sellar,
    verificar_archivo,
    zip_del_expediente,
)
from expedientes import (
    AccesoDenegado,
    ErrorDominio,
    Permiso,
    hoy,
    obtener_expediente,
    obtener_usuario,
    puede,
)
from recupera.cli.consola import AYUDA, cli, errores_en_espanol, servicios, sesion_cli

FECHA = click.DateTime(formats=["%Y-%m-%d"])
SALIDA = click.Path(dir_okay=False, writable=True, path_type=Path)


@cli.group("archivo", context_settings=AYUDA)
def archivo_cli() -> None:
    """Archivo de expedientes."""


@archivo_cli.command("seal")
@click.argument("numero")
@click.option("--usuario", "nombre", metavar="USUARIO", required=True, help="El jefe que archiva.")
@errores_en_espanol
def seal(numero: str, nombre: str) -> None:
    """Cierra y archiva NUMERO: exige lo requerido, lo sella y encadena su manifiesto."""
    with sesion_cli() as s:
        usuario = obtener_usuario(session=s, nombre_usuario=nombre)
        expediente = obtener_expediente(session=s, numero=numero)
        if not puede(usuario, Permiso.SELLAR_EXPEDIENTE):
            raise AccesoDenegado(f"{usuario.nombre_completo} no puede cerrar y archivar.")
        sello = sellar(
            session=s,
            almacen=servicios().almacen,
            expediente=expediente,
            usuario=usuario,
            requisitos=servicios().requisitos,
            bloqueos=servicios().bloqueos_de_sellado,
            hoy=hoy(),
        )
    click.echo(
        f"{expediente.numero} archivado: sello N.º {sello.secuencia}, manifiesto "
        f"{sello.manifiesto_sha256}."
    )


@archivo_cli.command("verify")
@click.argument("numero", required=False)
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON.")
@errores_en_espanol
def verify(numero: str | None, como_json: bool) -> None:
    """Vuelve a calcular las huellas y recorre la cadena (todo el archivo, o NUMERO)."""
    with sesion_cli(solo_lectura=True) as s:
        if numero:
            numero = obtener_expediente(session=s, numero=numero).numero
        informe = verificar_archivo(
            session=s, almacen=servicios().almacen, numero_expediente=numero
        )
    with sesion_cli() as s:
        registrar_verificacion(
            session=s, informe=informe, alcance=numero or "todo", origen=f"cli:{getpass.getuser()}"
        )
    if como_json:
        datos = {
            "correcta": informe.correcta,
            "sellos": informe.sellos,
            "documentos": informe.documentos,
            "blobs": informe.blobs,
            "cabeza": informe.cabeza,
            "problemas": informe.problemas,
        }
        click.echo(json.dumps(datos, ensure_ascii=False, indent=2))
    else:
        blobs = f"; {informe.blobs} archivo(s) del almacén releídos" if informe.blobs else ""
        click.echo(
            f"{informe.sellos} sello(s) y {informe.documentos} documento(s) revisados{blobs}."
        )
    for problema in informe.problemas:
        click.echo(f"  - {problema}", err=True)
    if not informe.correcta:
        raise SystemExit(1)


@archivo_cli.command("export")
@click.argument("numero")
@click.option("--out", "salida", type=SALIDA, default=None, help="El PDF foliado.")
@click.option("--zip", "salida_zip", type=SALIDA, default=None, help="Originales + manifiesto.")
@click.option(
    "--usuario", "nombre", metavar="USUARIO", required=True,
    help="Quien exporta: solo lo que esa persona puede ver.",
)  # fmt: skip
@errores_en_espanol
def export(numero: str, salida: Path | None, salida_zip: Path | None, nombre: str) -> None:
    """Exporta NUMERO: un PDF con carátula, índice y folios, y/o un zip verificable."""
    if salida is None and salida_zip is None:
        raise ErrorDominio("Indique --out ARCHIVO.pdf, --zip ARCHIVO.zip o ambos.")
    almacen, requisitos = servicios().almacen, servicios().requisitos
    pdf = zip_ = None
    with sesion_cli(solo_lectura=True) as s:
        expediente = obtener_expediente(session=s, numero=numero)
        usuario = obtener_usuario(session=s, nombre_usuario=nombre)
        if salida:
            pdf = pdf_del_expediente(session=s, almacen=almacen, expediente=expediente,
                                     requisitos=requisitos, usuario=usuario)  # fmt: skip
        if salida_zip:
            zip_ = zip_del_expediente(session=s, almacen=almacen, expediente=expediente,
                                      requisitos=requisitos, usuario=usuario)  # fmt: skip
    if salida and pdf is not None:
        salida.write_bytes(pdf)
        click.echo(f"{expediente.numero}: {salida}")
    if salida_zip and zip_ is not None:
        salida_zip.write_bytes(zip_)
        click.echo(f"{expediente.numero}: {salida_zip} (verifíquelo con: sha256sum -c SHA256SUMS)")


@archivo_cli.group("loans", context_settings=AYUDA)
def loans() -> None:
    """Préstamos de expedientes físicos."""


@loans.command("list")
@click.option("--vencidos", "solo_vencidos", is_flag=True, help="Solo los vencidos.")
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON.")
@errores_en_espanol
def loans_list(solo_vencidos: bool, como_json: bool) -> None:
    """Los préstamos vencidos (con --vencidos) o todos los que están fuera."""
    with sesion_cli(solo_lectura=True) as s:
        filas = (
            prestamos_vencidos(session=s, hoy=hoy())
            if solo_vencidos
            else expedientes_fuera(session=s, hoy=hoy())
        )
    datos: list[dict[str, Any]] = [
        {
            "expediente": f.expediente.numero,
            "persona": f.prestamo.persona,
            "oficina": f.prestamo.oficina,
            "prestado_el": f.prestamo.prestado_el.isoformat(),
            "vence_el": f.prestamo.vence_el.isoformat(),
            "dias_de_atraso": f.dias,
        }
        for f in filas
    ]
    if como_json:
        click.echo(json.dumps(datos, ensure_ascii=False, indent=2))
        return
    for d in datos:
        atraso = f"  {d['dias_de_atraso']} día(s) de atraso" if d["dias_de_atraso"] > 0 else ""
        click.echo(
            f"{d['expediente']}  {d['persona']} ({d['oficina']}) hasta {d['vence_el']}{atraso}"
        )


@loans.command("lend")
@click.argument("numero")
@click.option("--persona", required=True, help="A quién se presta.")
@click.option("--oficina", required=True, help="Su oficina.")
@click.option("--hasta", type=FECHA, required=True, help="Fecha de devolución (AAAA-MM-DD).")
@click.option("--usuario", "nombre", metavar="USUARIO", required=True, help="Quien lo registra.")
@click.option("--nota", default="", help="Nota.")
@errores_en_espanol
def loans_lend(
    numero: str, persona: str, oficina: str, hasta: datetime, nombre: str, nota: str
) -> None:
    """Registra el préstamo del expediente físico NUMERO."""
    with sesion_cli() as s:
        usuario = obtener_usuario(session=s, nombre_usuario=nombre)
        if not puede(usuario, Permiso.PRESTAR_EXPEDIENTE):
            raise AccesoDenegado(f"{usuario.nombre_completo} no registra préstamos.")
        expediente = obtener_expediente(session=s, numero=numero)
        prestar_expediente(
            session=s, expediente=expediente, persona=persona, oficina=oficina,
            prestado_el=hoy(), vence_el=hasta.date(), usuario=usuario, nota=nota,
        )  # fmt: skip
    click.echo(f"{expediente.numero} prestado a {persona} hasta el {hasta:%d/%m/%Y}.")


@loans.command("return")
@click.argument("numero")
@click.option("--nota", default="", help="Nota de la devolución.")
@errores_en_espanol
def loans_return(numero: str, nota: str) -> None:
    """Registra la devolución del expediente físico NUMERO."""
    with sesion_cli() as s:
        expediente = obtener_expediente(session=s, numero=numero)
        prestamo = prestamo_activo(session=s, expediente_id=expediente.id or 0)
        if prestamo is None:
            raise ErrorDominio(f"El expediente {expediente.numero} no está prestado.")
        devolver_expediente(session=s, prestamo=prestamo, devuelto_el=hoy(), nota=nota)
    click.echo(f"{expediente.numero} devuelto por {prestamo.persona}.")
