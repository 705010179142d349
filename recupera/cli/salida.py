"""Comandos de la correspondencia enviada: el registro de salida y el envío por correo."""

from __future__ import annotations

import json
from pathlib import Path

import click

from correspondencia import (
    Canal,
    ConfigEnvio,
    EstadoSalida,
    FiltrosSalida,
    despachar_siempre,
    despachar_una_vez,
    listar_salidas,
    nombre_de_canal,
    nombre_de_estado,
    planilla_de_envio,
    salida_como_dict,
)
from expedientes import hoy
from recupera.cli.consola import (
    PDF_DE_SALIDA,
    errores_en_espanol,
    hasta_que_lo_detengan,
    servicios,
    sesion_cli,
    settings,
)
from recupera.cli.correspondencia import correspondencia_cli


@correspondencia_cli.command("outbox")
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON (una lista de objetos).")
@click.option(
    "--estado", type=click.Choice([e.value for e in EstadoSalida]), help="Solo en este estado."
)
@click.option("--canal", type=click.Choice([c.value for c in Canal]), help="Solo por este canal.")
@click.option("--limite", type=click.IntRange(1, 100000), default=1000, show_default=True)
@errores_en_espanol
def outbox(como_json: bool, estado: str | None, canal: str | None, limite: int) -> None:
    """Lista la correspondencia enviada (registro de salida), la más reciente primero."""
    with sesion_cli(solo_lectura=True) as sesion:
        renglones = listar_salidas(
            session=sesion, filtros=FiltrosSalida(estado=estado, canal=canal), limite=limite
        )
    if como_json:
        click.echo(
            json.dumps([salida_como_dict(r) for r in renglones], ensure_ascii=False, indent=2)
        )
        return
    for r in renglones:
        s = r.saliente
        click.echo(
            f"{s.numero}  {s.emitida_el.isoformat()}  {nombre_de_estado(s.estado):<26} "
            f"{nombre_de_canal(s.canal):<19} {r.expediente or '(sin expediente)':<15} "
            f"{s.destinatario} — {s.asunto}"
        )


@correspondencia_cli.command("send")
@click.option("--once", "una_vez", is_flag=True, help="Una sola pasada y termina.")
@errores_en_espanol
def send(una_vez: bool) -> None:
    """Envía por correo electrónico las cartas salientes que esperan su envío."""
    cfg = settings()
    config = ConfigEnvio.desde(cfg)
    if config is None:
        raise click.ClickException(
            "El canal de correo electrónico está apagado: configure RECUPERA_SMTP_HOST y "
            "RECUPERA_REMITENTE."
        )
    s = servicios()
    if una_vez:
        informe = despachar_una_vez(bd=s.bd, almacen=s.almacen, config=config)
        click.echo(informe.resumen())
        for numero, error in informe.con_error:
            click.echo(f"  {numero}: {error}")
        if informe.con_error:
            raise SystemExit(1)
        return
    parar = hasta_que_lo_detengan()
    click.echo(f"Enviando cada {cfg.sondeo_segundos} s por {config.host} (Ctrl+C para terminar).")
    despachar_siempre(
        bd=s.bd, almacen=s.almacen, config=config, segundos=cfg.sondeo_segundos, parar=parar
    )


@correspondencia_cli.command("planilla")
@PDF_DE_SALIDA
@errores_en_espanol
def planilla(destino: Path) -> None:
    """Escribe la planilla de envío de las cartas por mensajero y las deja enviadas."""
    with sesion_cli() as sesion:
        hecha = planilla_de_envio(session=sesion, hoy=hoy())
        destino.write_bytes(hecha.pdf)
    click.echo(f"Planilla de envío con {len(hecha.numeros)} carta(s) escrita en {destino}.")
