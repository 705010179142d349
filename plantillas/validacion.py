"""Validar un documento generado contra el contrato de su plantilla, leído de vuelta del `.docx`.

Se revisa en todas las partes (cuerpo, tablas, encabezados y pies): que no quede sintaxis de
plantilla sin resolver, que estén los contenidos obligatorios y los valores que deben figurar, y
las reglas de consistencia del contrato. Devuelve la lista completa de problemas.
"""

from __future__ import annotations

from typing import Any

from jinja2 import TemplateError

from plantillas.comprobaciones import REGLAS
from plantillas.contrato import Contrato
from plantillas.entorno import EntornoDocumentos
from plantillas.lectura import TextoDocumento, normalizar_espacios


def valor_esperado(expresion: str, contexto: dict[str, Any], entorno: EntornoDocumentos) -> str:
    """El texto que una expresión del contrato produce con este contexto."""
    return normalizar_espacios(str(entorno.evaluar(expresion, contexto)))


def problemas_de_requisitos(
    contrato: Contrato, contexto: dict[str, Any], entorno: EntornoDocumentos
) -> list[str]:
    """Los datos del expediente sin los cuales la plantilla no se genera."""
    problemas = []
    for requisito in contrato.requisitos:
        try:
            valor = entorno.evaluar(requisito.expresion, contexto)
        except (TemplateError, TypeError, ValueError, ArithmeticError):
            valor = None
        if valor is None or valor == "" or valor == []:
            problemas.append(requisito.mensaje)
    return problemas


def problemas_del_documento(
    texto: TextoDocumento,
    restos: list[str],
    contrato: Contrato,
    contexto: dict[str, Any],
    entorno: EntornoDocumentos,
) -> list[str]:
    """Todo lo que impide aceptar el documento generado (vacío: es válido)."""
    problemas = [f"Quedó sintaxis de plantilla sin resolver: «{r}»." for r in restos]
    normalizado = texto.normalizado
    for contenido in contrato.contenidos:
        if normalizar_espacios(contenido.texto) not in normalizado:
            problemas.append(
                f"Falta el contenido obligatorio «{contenido.nombre}» ({contenido.texto})."
            )
    for valor in contrato.valores:
        try:
            esperado = valor_esperado(valor.expresion, contexto, entorno)
        except (TemplateError, TypeError, ValueError, ArithmeticError) as exc:
            problemas.append(f"No se pudo calcular «{valor.nombre}»: {exc}.")
            continue
        if not esperado:
            problemas.append(f"«{valor.nombre}» está vacío: no hay dato que mostrar.")
        elif esperado not in normalizado:
            problemas.append(f"«{valor.nombre}» ({esperado}) no figura en el documento.")
    for comprobacion in contrato.comprobaciones:
        tabla = contrato.tabla(comprobacion.tabla) if comprobacion.tabla else None
        problemas += REGLAS[comprobacion.regla](texto, contexto, tabla)
    return problemas
