"""El entorno Jinja de los documentos: aislado, con escape automático y variables estrictas.

Aislado (`ImmutableSandboxedEnvironment`): una plantilla subida no puede llamar métodos que
modifiquen datos ni llegar a atributos internos de Python. Con escape: `&`, `<` y las comillas
de los datos llegan intactos al XML del documento. Estricto: una variable que falta es un error,
nunca un texto vacío. Las plantillas compiladas se guardan por huella de su fuente: el XML de una
misma plantilla se compila una vez por proceso, no una vez por documento.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping, MutableMapping
from threading import Lock
from typing import Any

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

from plantillas.formatos import FILTROS

MAX_COMPILADAS = 64


class EntornoDocumentos(ImmutableSandboxedEnvironment):
    """El entorno de render de las plantillas `.docx` y de las expresiones de sus contratos."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self.filters.update(FILTROS)
        self._compiladas: OrderedDict[str, Template] = OrderedDict()
        self._candado = Lock()
        # Las expresiones de los contratos son pocas y fijas: se compilan una vez.
        self._expresiones: dict[str, Any] = {}

    def from_string(  # type: ignore[override]
        self,
        source: str,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[Template] | None = None,
    ) -> Template:
        """Como Jinja, pero reutiliza la compilación de una fuente ya vista."""
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        clave = hashlib.sha256(source.encode("utf-8")).hexdigest()
        with self._candado:
            compilada = self._compiladas.get(clave)
            if compilada is not None:
                self._compiladas.move_to_end(clave)
                return compilada
        compilada = super().from_string(source)
        with self._candado:
            self._compiladas[clave] = compilada
            while len(self._compiladas) > MAX_COMPILADAS:
                self._compiladas.popitem(last=False)
        return compilada

    def evaluar(self, expresion: str, contexto: Mapping[str, Any]) -> Any:
        """El valor de una expresión del contrato (p. ej. `deuda.total | moneda`)."""
        compilada = self._expresiones.get(expresion)
        if compilada is None:
            compilada = self.compile_expression(expresion, undefined_to_none=False)
            self._expresiones[expresion] = compilada
        return compilada(**contexto)


_ENTORNO: EntornoDocumentos | None = None


def entorno() -> EntornoDocumentos:
    """El entorno del proceso (uno basta: no guarda estado de ningún documento)."""
    global _ENTORNO
    if _ENTORNO is None:
        _ENTORNO = EntornoDocumentos()
    return _ENTORNO
