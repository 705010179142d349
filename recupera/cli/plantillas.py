"""Comandos de plantillas: catálogo, revisión contra su contrato y generación de documentos."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
from sqlmodel import col, select

from expedientes import (
    ETAPAS_FINALES,
    ErrorDominio,
    Expediente,
    TipoExpediente,
    Usuario,
    hoy,
    obtener_expediente,
    obtener_usuario,
)
from plantillas import (
    catalogo_del_proyecto,
    generar_lote,
    leer_contrato,
    listar_versiones,
    preparar_pdf,
    redactar,
    revisar_plantilla,
)
from recupera.cli.consola import AYUDA, cli, errores_en_espanol, servicios, sesion_cli
from recupera.composicion import registrar_plantillas

ARCHIVO = click.Path(exists=True, dir_okay=False, path_type=Path)
SALIDA = click.Path(dir_okay=False, writable=True, path_type=Path)


@cli.group("plantillas", context_settings=AYUDA)
def plantillas_cli() -> None:
    """Plantillas de documentos."""


@plantillas_cli.command("list")
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON.")
@errores_en_espanol
def plantillas_list(como_json: bool) -> None:
    """Lista las plantillas y sus versiones (la primera de cada nombre es la vigente)."""
    instalacion = servicios()
    registrar_plantillas(instalacion)  # las del proyecto, aunque la base se haya migrado aparte
    with sesion_cli(solo_lectura=True) as s:
        filas = listar_versiones(session=s, almacen=instalacion.almacen)
    datos: list[dict[str, Any]] = [
        {
            "nombre": v.nombre,
            "version": v.version,
            "titulo": v.titulo,
            "sha256": v.docx_sha256,
            "contrato_sha256": v.contrato_sha256,
            "origen": v.origen,
            "creada_en": v.creado_en.isoformat(),
        }
        for v in filas
    ]
    if como_json:
        click.echo(json.dumps(datos, ensure_ascii=False, indent=2))
        return
    for d in datos:
        click.echo(f"{d['nombre']:<22} v{d['version']:<3} {d['sha256'][:12]}  {d['titulo']}")


@plantillas_cli.command("check")
@click.argument("nombre", required=False)
@click.option("--docx", type=ARCHIVO, default=None, help="Revisa este .docx en vez del catálogo.")
@click.option("--contrato", type=ARCHIVO, default=None, help="Con este contrato .toml.")
@errores_en_espanol
def plantillas_check(nombre: str | None, docx: Path | None, contrato: Path | None) -> None:
    """Revisa las plantillas contra sus contratos (todas, o NOMBRE)."""
    if docx or contrato:
        if not (docx and contrato):
            raise ErrorDominio("Con --docx hace falta --contrato, y al revés.")
        revisadas = [(docx.name, leer_contrato(contrato.read_text("utf-8")), docx.read_bytes())]
    else:
        catalogo = catalogo_del_proyecto()
        if nombre is not None and nombre not in catalogo:
            raise ErrorDominio(f"No existe la plantilla «{nombre}»; hay: {', '.join(catalogo)}.")
        revisadas = [(n, c.contrato, c.docx) for n, c in catalogo.items() if nombre in (None, n)]
    con_problemas = 0
    for etiqueta, contrato_leido, datos in revisadas:
        problemas = revisar_plantilla(contrato_leido, datos)
        if problemas:
            con_problemas += 1
            click.echo(f"{etiqueta}: {len(problemas)} problema(s)", err=True)
            for problema in problemas:
                click.echo(f"  - {problema}", err=True)
        else:
            click.echo(f"{etiqueta}: bien (versión {contrato_leido.version})")
    if con_problemas:
        raise SystemExit(1)


def _leer_datos(archivo: Path | None) -> dict[str, Any]:
    if archivo is None:
        return {}
    try:
        datos = json.loads(archivo.read_text("utf-8"), parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ErrorDominio(f"{archivo} no es JSON válido en UTF-8: {exc}") from None
    if not isinstance(datos, dict):
        raise ErrorDominio(f"{archivo} debe ser un objeto JSON con los datos de la plantilla.")
    return datos


def _autor(s: Any, nombre: str | None, expediente: Expediente) -> Usuario | None:
    if nombre:
        return obtener_usuario(session=s, nombre_usuario=nombre)
    return s.get(Usuario, expediente.gestor_id) if expediente.gestor_id else None


@plantillas_cli.command("render")
@click.argument("nombre")
@click.option("--expediente", "numero", metavar="NUMERO", default=None, help="EXP-AAAA-NNNNN.")
@click.option("--all", "todos", is_flag=True, help="Uno por cada expediente abierto del tipo.")
@click.option(
    "--tipo", default=TipoExpediente.COBRO.value, show_default=True, help="Tipo con --all."
)
@click.option("--data", "archivo_datos", type=ARCHIVO, default=None, help="Entradas en JSON.")
@click.option("--out", "salida", type=SALIDA, default=None, help="Archivo .docx de salida.")
@click.option("--pdf", "salida_pdf", type=SALIDA, default=None, help="También el PDF/A-2b.")
@click.option("--out-dir", "carpeta", type=click.Path(file_okay=False, path_type=Path))
@click.option("--autor", metavar="USUARIO", default=None, help="Por omisión, el gestor.")
@click.option("--procesos", metavar="N", type=int, default=None, help="Procesos con --all.")
@errores_en_espanol
def plantillas_render(
    nombre: str,
    numero: str | None,
    todos: bool,
    tipo: str,
    archivo_datos: Path | None,
    salida: Path | None,
    salida_pdf: Path | None,
    carpeta: Path | None,
    autor: str | None,
    procesos: int | None,
) -> None:
    """Genera, valida y guarda como borrador el documento NOMBRE de un expediente (o de todos).

    Si el expediente ya tiene un borrador abierto de esa plantilla, lo vuelve a generar con el
    mismo número. Sale con 0 solo si todo fue válido; los problemas van a la salida de errores.
    """
    datos = _leer_datos(archivo_datos)
    if todos:
        if numero or salida or salida_pdf or carpeta is None:
            raise ErrorDominio(
                "Con --all use --out-dir CARPETA (sin --expediente, --out ni --pdf)."
            )
        _render_todos(nombre, tipo, datos, carpeta, autor, procesos)
        return
    if not numero or salida is None:
        raise ErrorDominio("Indique --expediente NUMERO y --out ARCHIVO.docx (o --all).")
    _render_uno(nombre, numero, datos, salida, salida_pdf, autor)


def _render_uno(
    nombre: str,
    numero: str,
    datos: dict[str, Any],
    salida: Path,
    salida_pdf: Path | None,
    autor: str | None,
) -> None:
    """Redacta el documento de un expediente y escribe su .docx (y su PDF/A si se pide)."""
    p = servicios().documentos
    with sesion_cli() as s:
        expediente = obtener_expediente(session=s, numero=numero)
        quien = _autor(s, autor, expediente)
        if quien is None:
            raise ErrorDominio(f"{expediente.numero} no tiene gestor: indique --autor USUARIO.")
        documento = redactar(session=s, p=p, expediente=expediente, plantilla=nombre,
                             datos=datos, autor=quien, hoy=hoy())  # fmt: skip
        pdf = preparar_pdf(p, documento, expediente) if salida_pdf else None
        docx = p.almacen.leer(documento.docx_sha256)
    salida.write_bytes(docx)
    if salida_pdf and pdf is not None:
        salida_pdf.write_bytes(pdf)
    click.echo(f"{documento.numero} ({documento.estado}): {salida}")


def _render_todos(
    nombre: str,
    tipo: str,
    datos: dict[str, Any],
    carpeta: Path,
    autor: str | None,
    procesos: int | None,
) -> None:
    if tipo not in set(TipoExpediente):
        raise ErrorDominio(f"El tipo «{tipo}» no existe; use uno de: {', '.join(TipoExpediente)}.")
    p = servicios().documentos
    with sesion_cli() as s:
        expedientes = s.exec(
            select(Expediente)
            .where(Expediente.tipo == tipo, col(Expediente.etapa).not_in(list(ETAPAS_FINALES)))
            .order_by(col(Expediente.numero))
        ).all()
        resultado = generar_lote(
            session=s,
            p=p,
            plantilla=nombre,
            expedientes=expedientes,
            datos=datos,
            autor_de=lambda e: _autor(s, autor, e),
            hoy=hoy(),
            procesos=procesos,
        )
        archivos = [(d.numero, p.almacen.leer(d.docx_sha256)) for d in resultado.documentos]
    carpeta.mkdir(parents=True, exist_ok=True)
    for numero_doc, docx in archivos:
        (carpeta / f"{numero_doc}.docx").write_bytes(docx)
    click.echo(f"{len(archivos)} documento(s) en {carpeta}.")
    for expediente, problemas in resultado.omitidos.items():
        click.echo(f"{expediente}: no se generó", err=True)
        for problema in problemas:
            click.echo(f"  - {problema}", err=True)
    if resultado.omitidos:
        raise SystemExit(1)
