"""La consola: el grupo raíz de comandos, los servicios y la sesión de base de datos de cada
comando, y los errores en español."""

from __future__ import annotations

import getpass
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

import click
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError
from sqlmodel import Session

from expedientes import Actor, ErrorDominio, Settings, get_settings
from recupera.composicion import Servicios, componer

AYUDA = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=AYUDA)
def cli() -> None:
    """Recupera: correspondencia y documentos del Departamento de Recuperación Prejudicial."""


def settings() -> Settings:
    """La configuración del entorno (un error de configuración sale en español)."""
    return get_settings()


def servicios() -> Servicios:
    """Los servicios de la instalación, conectados (un error de configuración sale en español
    en el comando que los pide: `--help` funciona aunque la configuración no sirva)."""
    return componer(settings())


@contextmanager
def sesion_cli(*, solo_lectura: bool = False) -> Iterator[Session]:
    """Una transacción a nombre del usuario del sistema operativo (`cli:ana`)."""
    actor = Actor(f"cli:{getpass.getuser()}")
    with servicios().bd.sesion(actor, solo_lectura=solo_lectura) as s:
        yield s


def _mensaje_de_base(exc: SQLAlchemyError) -> str:
    original = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    if isinstance(exc, OperationalError | ProgrammingError) and (
        "no such table" in original or "does not exist" in original
    ):
        return (
            "La base de datos no tiene el esquema de Recupera: ejecute `recupera db upgrade` "
            f"({original})."
        )
    if isinstance(exc, OperationalError):
        return f"No se pudo usar la base de datos: {original}"
    return f"La base de datos rechazó la operación: {original}"


def errores_en_espanol(funcion: Callable[..., Any]) -> Callable[..., Any]:
    """Errores del dominio, de la base de datos o de archivos: a stderr en español, código 1."""

    @wraps(funcion)
    def envuelta(*args: Any, **kwargs: Any) -> Any:
        try:
            return funcion(*args, **kwargs)
        except ErrorDominio as exc:
            mensaje = exc.texto_completo()
        except SQLAlchemyError as exc:
            mensaje = _mensaje_de_base(exc)
        except OSError as exc:
            mensaje = f"No se pudo usar el archivo {exc.filename or ''}: {exc.strerror or exc}"
        click.echo(f"Error: {mensaje}", err=True)
        sys.exit(1)

    return envuelta


def ayuda_en_espanol(comando: click.Command) -> None:
    """Metavariables de uso en español en todo el árbol de comandos."""
    comando.options_metavar = "[OPCIONES]"
    if isinstance(comando, click.Group):
        comando.subcommand_metavar = "COMANDO [ARGUMENTOS]..."
        for sub in comando.commands.values():
            ayuda_en_espanol(sub)


def hasta_que_lo_detengan() -> threading.Event:
    """Para un comando que trabaja sin fin: log en la consola y un evento que SIGTERM o Ctrl+C
    activan para que termine la pasada en curso y salga."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    parar = threading.Event()
    for senal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(senal, lambda *_: parar.set())
    return parar


# `--out ARCHIVO.pdf`: dónde escribe un comando el PDF que produce.
PDF_DE_SALIDA = click.option(
    "--out",
    "destino",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Dónde escribir el PDF.",
)
