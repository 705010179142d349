"""`recupera notificaciones`: generar los avisos y enviarlos por correo desde la consola."""

from __future__ import annotations

import click

from avisos import avisar_siempre, avisar_una_vez
from recupera.cli.consola import cli, errores_en_espanol, hasta_que_lo_detengan, servicios
from recupera.trabajos import config_de_avisos


@cli.group("notificaciones")
def notificaciones_cli() -> None:
    """Los avisos a cada persona (en Recupera y por correo)."""


@notificaciones_cli.command("send")
@click.option("--once", "una_vez", is_flag=True, help="Un solo barrido y termina.")
@errores_en_espanol
def send(una_vez: bool) -> None:
    """Genera los avisos nuevos y envía por correo los que tocan (inmediatos o resumen diario)."""
    s = servicios()
    config = config_de_avisos(s)
    if config.smtp is None:
        click.echo(
            "El correo está apagado (sin RECUPERA_SMTP_HOST): los avisos solo se ven en Recupera."
        )
    if una_vez:
        informe = avisar_una_vez(bd=s.bd, config=config)
        click.echo(f"Avisos nuevos: {informe.creados}; correos enviados: {informe.correos}.")
        for error in informe.errores:
            click.echo(f"  {error}")
        if informe.errores:
            raise SystemExit(1)
        return
    segundos = s.settings.sondeo_segundos
    click.echo(f"Generando y enviando avisos cada {segundos} s (Ctrl+C para terminar).")
    avisar_siempre(bd=s.bd, config=config, segundos=segundos, parar=hasta_que_lo_detengan())
