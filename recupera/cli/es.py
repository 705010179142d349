"""Los mensajes propios de Click (ayuda, errores de uso) en español.

Click traduce sus textos con `gettext`; en lugar de depender del idioma del sistema, se enlaza en
sus módulos una traducción fija al español de los mensajes que una persona ve.
"""

from __future__ import annotations

import gettext
import importlib

_TEXTOS = {
    "Usage:": "Uso:",
    "Options": "Opciones",
    "Commands": "Comandos",
    "Positional arguments": "Argumentos",
    "Show this message and exit.": "Muestra esta ayuda y termina.",
    "Show the version and exit.": "Muestra la versión y termina.",
    "required": "obligatorio",
    "default: {default}": "por omisión: {default}",
    "env var: {var}": "variable de entorno: {var}",
    "Aborted!": "Cancelado.",
    "Try '{command} {option}' for help.": "Pruebe «{command} {option}» para ver la ayuda.",
    "Missing argument": "Falta el argumento",
    "Missing option": "Falta la opción",
    "Missing parameter": "Falta el parámetro",
    "Missing {param_type}": "Falta {param_type}",
    "Missing parameter: {param_name}": "Falta el parámetro: {param_name}",
    "Missing command.": "Falta el comando.",
    "No such command {name!r}.": "No existe el comando {name!r}.",
    "No such option {name!r}.": "No existe la opción {name!r}.",
    "Option {name!r} does not take a value.": "La opción {name!r} no admite un valor.",
    "Invalid value for {param_hint}: {message}": "Valor no válido para {param_hint}: {message}",
    "Invalid value: {message}": "Valor no válido: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} no es un {number_type} válido.",
    "{value} is not in the range {range}.": "{value} no está en el rango {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} no existe.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} es una carpeta.",
    "{name} {filename!r} is a file.": "{name} {filename!r} es un archivo.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} no se puede leer.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} no se puede escribir.",
    "Could not open file {filename!r}: {message}": "No se pudo abrir {filename!r}: {message}",
    "file": "archivo",
    "directory": "carpeta",
    "path": "ruta",
    "Repeat for confirmation": "Repita para confirmar",
    "Error: The two entered values do not match.": "Error: los dos valores no coinciden.",
    "Error: invalid input": "Error: entrada no válida",
    "Error: {message}": "Error: {message}",
}
_PLURALES = {
    "Got unexpected extra argument ({args})": (
        "Sobra un argumento ({args})",
        "Sobran argumentos ({args})",
    ),
    "Option {name!r} requires an argument.": (
        "La opción {name!r} requiere un valor.",
        "La opción {name!r} requiere {nargs} valores.",
    ),
    "Did you mean {possibility}?": (
        "¿Quiso decir {possibility}?",
        "(¿Quiso decir una de: {possibilities}?)",
    ),
    "Takes {nargs} values but 1 was given.": (
        "Requiere {nargs} valores pero se dio 1.",
        "Requiere {nargs} valores pero se dieron {len}.",
    ),
}
_MODULOS = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def traducir(mensaje: str) -> str:
    """El mensaje en español, o el original si no está en el catálogo."""
    return _TEXTOS.get(mensaje, mensaje)


def traducir_plural(singular: str, plural: str, n: int) -> str:
    """Como `ngettext`, con el catálogo en español."""
    formas = _PLURALES.get(singular)
    if formas is None:
        return singular if n == 1 else plural
    return formas[0] if n == 1 else formas[1]


def instalar() -> None:
    """Enlaza las traducciones en los módulos de Click (antes de declarar los comandos)."""
    for nombre in _MODULOS:
        modulo = importlib.import_module(f"click.{nombre}")
        if getattr(modulo, "_", None) is gettext.gettext:
            modulo._ = traducir  # type: ignore[attr-defined]
        if getattr(modulo, "ngettext", None) is gettext.ngettext:
            modulo.ngettext = traducir_plural  # type: ignore[attr-defined]
