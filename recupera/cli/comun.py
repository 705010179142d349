"""Lo común a los comandos: el grupo raíz, la sesión de base de datos y los errores en español."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import wraps
from typing import Any

import click
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError
from sqlmodel import Session

from expedientes.auditoria import Actor
from expedientes.config import Settings, get_settings
from expedientes.db import engine_para, sesion
from expedientes.errores import ErrorDominio

AYUDA = {"help_option_names": ["-h", "--help"]}


@click.group(context_settings=AYUDA)
def cli() -> None:
    """Recupera: correspondencia y documentos del Departamento de Recuperación Prejudicial."""
    from recupera import enlaces

    # Las plantillas citan cartas y numeran salidas con la correspondencia de esta instalación.
    # Con una configuración inválida no se conecta: cada comando la muestra en español al usarla.
    with suppress(ErrorDominio):
        enlaces.conectar(get_settings())


def settings() -> Settings:
    """La configuración del entorno (un error de configuración sale en español)."""
    return get_settings()


@contextmanager
def sesion_cli(*, solo_lectura: bool = False) -> Iterator[Session]:
    """Una transacción a nombre del usuario del sistema operativo (`cli:ana`)."""
    actor = Actor(f"cli:{getpass.getuser()}")
    with sesion(engine_para(settings().url_base_de_datos), actor, solo_lectura=solo_lectura) as s:
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
