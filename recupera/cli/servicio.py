"""Comandos del servicio instalado: `worker` (todo el trabajo programado, sin la web: un solo
lugar para él cuando la web corre en varios procesos) y `doctor` (la revisión de la instalación);
y el registro con que arrancan `serve` y `worker`."""

from __future__ import annotations

import logging
import sys
import threading
import time

import click

from expedientes import ErrorDominio, Settings, ahora
from recupera.cli.consola import cli, errores_en_espanol, hasta_que_lo_detengan, settings
from recupera.registro import configurar_registro
from recupera.salud import AVISO, FALLA, Comprobacion

log = logging.getLogger("recupera.servicio")
# Lo que `worker` espera, al pedírsele parar, a que cada trabajo termine su pasada en curso.
ESPERA_AL_PARAR = 30.0
_ETIQUETAS = {FALLA: "FALLA", AVISO: "AVISO"}


def preparar_registro(conf: Settings) -> None:
    """El registro del proceso a la salida estándar, en el formato de RECUPERA_LOG_FORMATO."""
    configurar_registro(conf.formato_de_registro)


def anunciar(avisos: list[str]) -> None:
    """Lo que el proceso hace al arrancar, al registro (una línea JSON cada uno en producción)."""
    for aviso in avisos:
        log.info(aviso)


@cli.command()
@errores_en_espanol
def worker() -> None:
    """Hace el trabajo programado, sin la web: sondeo de la carpeta de entrada y los buzones,
    envío de cartas, avisos, tareas en espera, verificación del archivo, revisión de convenios y
    copias de respaldo. Se detiene con SIGTERM o Ctrl+C."""
    from recupera.composicion import componer
    from recupera.trabajos import arrancar_trabajos

    conf = settings()
    preparar_registro(conf)
    parar = hasta_que_lo_detengan()
    anunciar(arrancar_trabajos(componer(conf), sondear=True, parar=parar))
    anunciar(["Recupera worker trabajando (SIGTERM o Ctrl+C para detener)."])
    while not parar.wait(1):
        pass
    log.info("Deteniendo: cada trabajo termina lo que está haciendo (hasta %g s).", ESPERA_AL_PARAR)
    _esperar_a_los_trabajos(time.monotonic() + ESPERA_AL_PARAR)
    log.info("Recupera worker detenido.")


def _esperar_a_los_trabajos(limite: float) -> None:
    """Espera, hasta `limite`, a los hilos del trabajo programado (lo que quede, se abandona: cada
    trabajo confirma de a una transacción)."""
    for hilo in threading.enumerate():
        if hilo is not threading.current_thread() and hilo.daemon:
            hilo.join(max(0.0, limite - time.monotonic()))


@cli.command()
@click.option(
    "--rapido", is_flag=True, help="Sin convertir un documento de prueba a PDF/A (unos segundos)."
)
@errores_en_espanol
def doctor(rapido: bool) -> None:
    """Revisa la instalación: configuración, base de datos (migrada), carpetas, correo,
    directorio, LibreOffice (con una conversión de prueba), OCR, sondeo y copias de respaldo.
    Dice qué falla y qué hacer; código 1 si algo falla."""
    from recupera.composicion import componer
    from recupera.diagnostico import diagnosticar

    try:
        conf = settings()
        servicios = componer(conf)
    except ErrorDominio as exc:
        click.echo("Diagnóstico de Recupera")
        click.echo(
            _linea(Comprobacion("configuracion", "Configuración", FALLA, exc.texto_completo()))
        )
        click.echo("Resultado: la configuración no es válida.")
        sys.exit(1)
    comprobaciones = diagnosticar(servicios, ahora=ahora(), convertir=not rapido)
    modo = "desarrollo" if conf.desarrollo else "producción"
    click.echo(f"Diagnóstico de Recupera ({modo}; datos en {conf.data_dir.resolve()})")
    for comprobacion in comprobaciones:
        click.echo(_linea(comprobacion))
    fallas = sum(c.estado == FALLA for c in comprobaciones)
    avisos = sum(c.estado == AVISO for c in comprobaciones)
    click.echo(
        f"Resultado: {_cuantos(fallas, 'falla', 'fallas')}, {_cuantos(avisos, 'aviso', 'avisos')}."
    )
    sys.exit(1 if fallas else 0)


def _linea(c: Comprobacion) -> str:
    """`  FALLA  Esquema de la base: …` (las líneas siguientes de un detalle, sangradas)."""
    detalle = c.detalle.replace("\n", "\n" + " " * 9)
    return f"  {_ETIQUETAS.get(c.estado, 'ok'):<6} {c.titulo}: {detalle}"


def _cuantos(n: int, singular: str, plural: str) -> str:
    """`ninguna falla`, `1 aviso`, `3 fallas`."""
    if n == 0:
        return f"ningún {singular}" if singular == "aviso" else f"ninguna {singular}"
    return f"{n} {singular if n == 1 else plural}"
