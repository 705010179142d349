"""Comandos de correspondencia: sondear las fuentes, listar la bandeja, registrar una carta en papel
y escribir su acuse de recibo."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from archivo import aplicar_ocr, sin_ocr
from correspondencia import (
    TIPOS_DE_CARTA,
    DatosManuales,
    EstadoCarta,
    FiltrosBandeja,
    InformeSondeo,
    ReglasDePlazo,
    acuse_de_recibo,
    adjuntos_por_carta,
    carta_como_dict,
    listar_cartas,
    obtener_carta,
    registrar_papel,
    sondear_siempre,
    sondear_una_vez,
)
from expedientes import ZONA_LOCAL, ErrorDominio, ahora, hoy
from recupera.cli.consola import (
    AYUDA,
    PDF_DE_SALIDA,
    cli,
    errores_en_espanol,
    hasta_que_lo_detengan,
    servicios,
    sesion_cli,
    settings,
)


@cli.group("correspondencia", context_settings=AYUDA)
def correspondencia_cli() -> None:
    """Correspondencia entrante."""


def _mostrar(informes: list[InformeSondeo]) -> bool:
    """Imprime el resultado de cada fuente; devuelve si alguna tuvo error."""
    hubo_error = False
    for i in informes:
        linea = f"{i.fuente}: {len(i.registradas)} registradas"
        if i.ya_registradas:
            linea += f", {i.ya_registradas} ya estaban registradas"
        if i.registradas:
            linea += f" ({', '.join(i.registradas[:5])}{'…' if len(i.registradas) > 5 else ''})"
        click.echo(linea)
        for f in i.fallidas:
            click.echo(f"  fallida: {f}", err=True)
        if i.error:
            hubo_error = True
            click.echo(f"  Error: {i.error}", err=True)
    return hubo_error


@correspondencia_cli.command("poll")
@click.option("--once", "una_vez", is_flag=True, help="Una sola pasada y termina.")
@errores_en_espanol
def poll(una_vez: bool) -> None:
    """Sondea la carpeta de entrada y los buzones configurados."""
    cfg = settings()
    bd = servicios().bd
    if una_vez:
        if _mostrar(sondear_una_vez(bd=bd, settings=cfg)):
            raise SystemExit(1)
        return
    parar = hasta_que_lo_detengan()
    click.echo(
        f"Sondeando cada {cfg.sondeo_segundos} s la carpeta {cfg.data_dir / 'entrada'} y los "
        "buzones activos (Ctrl+C para terminar)."
    )
    sondear_siempre(bd=bd, settings=cfg, parar=parar, al_terminar_pasada=_resumen_breve)


def _resumen_breve(informes: list[InformeSondeo]) -> None:
    if any(i.registradas or i.fallidas or i.error for i in informes):
        _mostrar(informes)


@correspondencia_cli.command("list")
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON (una lista de objetos).")
@click.option(
    "--estado", type=click.Choice([e.value for e in EstadoCarta]), help="Solo este estado."
)
@click.option("--sin-vincular", is_flag=True, help="Solo las que no tienen expediente.")
@click.option("--limite", type=click.IntRange(1, 100000), default=1000, show_default=True)
@errores_en_espanol
def listar(como_json: bool, estado: str | None, sin_vincular: bool, limite: int) -> None:
    """Lista las cartas registradas, las más recientes primero."""
    filtros = FiltrosBandeja(estado=estado, sin_vincular=sin_vincular)
    with sesion_cli(solo_lectura=True) as s:
        renglones = listar_cartas(session=s, filtros=filtros, hoy=hoy(), limite=limite)
        adjuntos = adjuntos_por_carta(
            session=s, ids=[r.carta.id for r in renglones if r.carta.id is not None]
        )
    if como_json:
        datos = [carta_como_dict(r, adjuntos[r.carta.id or 0]) for r in renglones]
        click.echo(json.dumps(datos, ensure_ascii=False, indent=2))
        return
    for r in renglones:
        c = r.carta
        vence = c.vence_el.isoformat() if c.vence_el else "sin plazo"
        click.echo(
            f"{c.numero}  {c.recibido_en.astimezone(ZONA_LOCAL):%Y-%m-%d %H:%M}  {c.estado:<11} "
            f"{r.expediente or '(sin vincular)':<15} vence {vence}  {c.remitente} — {c.asunto}"
        )


@correspondencia_cli.command("register")
@click.option(
    "--file",
    "archivo",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="El escaneo (PDF, PNG, JPEG o TIFF).",
)
@click.option("--sender", "remitente", required=True, help="Quién envía la carta.")
@click.option("--subject", "asunto", required=True, help="El asunto.")
@click.option("--reference", "referencia", default="", help="La referencia del remitente.")
@click.option("--date", "fecha", default="", help="Fecha de la carta (AAAA-MM-DD).")
@click.option(
    "--type", "tipo", type=click.Choice(list(TIPOS_DE_CARTA)), default="general", show_default=True
)
@click.option("--no-ocr", is_flag=True, help="Registrar sin pasar el escaneo por OCR.")
@errores_en_espanol
def registrar(
    archivo: Path, remitente: str, asunto: str, referencia: str, fecha: str, tipo: str, no_ocr: bool
) -> None:
    """Registra una carta en papel a partir de su escaneo."""
    cfg = settings()
    escaneo = archivo.read_bytes()
    if len(escaneo) > cfg.max_subida_bytes:
        raise ErrorDominio(
            f"El escaneo mide {len(escaneo)} bytes y el máximo es {cfg.max_subida_bytes}."
        )
    fecha_documento = _fecha(fecha)
    ocr = sin_ocr() if no_ocr else aplicar_ocr(escaneo, segundos=cfg.ocr_segundos)
    with sesion_cli() as s:
        carta = registrar_papel(
            session=s,
            almacen=servicios().almacen,
            escaneo=escaneo,
            nombre_archivo=archivo.name,
            datos=DatosManuales(remitente, asunto, referencia, fecha_documento),
            recibido_en=ahora(),
            reglas=ReglasDePlazo.desde(cfg),
            ocr=ocr,
            tipo=tipo,
        )
    click.echo(f"Registrada {carta.numero}.")
    if carta.vinculo_motivo:
        click.echo(carta.vinculo_motivo)
    for a in carta.advertencias:
        click.echo(f"Advertencia: {a}", err=True)


def _fecha(texto: str) -> datetime | None:
    if not texto.strip():
        return None
    try:
        return datetime.strptime(texto.strip(), "%Y-%m-%d").replace(tzinfo=ZONA_LOCAL)
    except ValueError:
        raise ErrorDominio(f"La fecha «{texto}» no es válida: use AAAA-MM-DD.") from None


@correspondencia_cli.command("acuse")
@click.argument("numero")
@PDF_DE_SALIDA
@errores_en_espanol
def acuse(numero: str, destino: Path) -> None:
    """Escribe el acuse de recibo (con su etiqueta) de la carta en papel NUMERO (CE-…)."""
    s = servicios()
    with sesion_cli(solo_lectura=True) as sesion:
        carta = obtener_carta(session=sesion, numero=numero)
        pdf = acuse_de_recibo(session=sesion, almacen=s.almacen, carta=carta)
    destino.write_bytes(pdf)
    click.echo(f"Acuse de recibo de {carta.numero} escrito en {destino}.")
