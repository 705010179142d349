"""Revisar una plantilla contra su contrato (`recupera plantillas check`), sin generar nada.

Variables usadas y no declaradas (y al revés), sintaxis y filtros, contenidos obligatorios que no
están en el texto de la plantilla, valores que ninguna expresión muestra, tablas que no existen y
expresiones del contrato que no compilan. Corre sobre cada plantilla del catálogo en las pruebas
y sobre cada versión que sube un administrador.
"""

from __future__ import annotations

import re
from io import BytesIO

from docxtpl import DocxTemplate
from jinja2 import TemplateError

from expedientes import ErrorDominio
from plantillas.comprobaciones import buscar_tabla
from plantillas.contrato import Contrato
from plantillas.entorno import EntornoDocumentos, entorno
from plantillas.lectura import TextoDocumento, leer_docx

_SIN_ESPACIOS = re.compile(r"\s+")


def _expresiones(contrato: Contrato) -> list[tuple[str, str]]:
    """Cada expresión del contrato con el lugar donde aparece."""
    pares = [("destinatario", contrato.destinatario), ("asunto", contrato.asunto)]
    pares += [(f"requisito «{r.mensaje}»", r.expresion) for r in contrato.requisitos]
    pares += [(f"valor «{v.nombre}»", v.expresion) for v in contrato.valores]
    pares += [
        (f"entrada «{e.nombre}»", e.defecto[1:])
        for e in contrato.entradas
        if isinstance(e.defecto, str) and e.defecto.startswith("=")
    ]
    return pares


def _sintaxis(docx: bytes, ent: EntornoDocumentos) -> tuple[set[str], list[str]]:
    """Las variables de primer nivel que usa la plantilla y sus errores de sintaxis o filtros."""
    plantilla = DocxTemplate(BytesIO(docx))
    try:
        usadas = plantilla.get_undeclared_template_variables(ent)
        plantilla.init_docx()
        ent.from_string(plantilla.patch_xml(plantilla.get_xml()))  # filtros desconocidos
    except TemplateError as exc:
        numero = getattr(exc, "lineno", None)
        linea = f" (línea {numero})" if numero else ""
        return set(), [f"Error de sintaxis en la plantilla{linea}: {exc}."]
    return set(usadas), []


def _problemas_de_nombres(contrato: Contrato, usadas: set[str]) -> list[str]:
    """Las variables que la plantilla usa sin declarar y las que el contrato declara sin usar."""
    declaradas = contrato.nombres_declarados()
    return [
        f"La plantilla usa «{n}» y el contrato no lo declara." for n in sorted(usadas - declaradas)
    ] + [
        f"El contrato declara «{n}» y la plantilla no lo usa." for n in sorted(declaradas - usadas)
    ]


def _texto_estatico(texto: TextoDocumento) -> str:
    """El texto fijo de la plantilla sin espacios (para buscar en él cada expresión)."""
    return _SIN_ESPACIOS.sub("", texto.texto)


def revisar_plantilla(contrato: Contrato, docx: bytes) -> list[str]:
    """Todos los problemas de la plantilla frente a su contrato (vacía: está bien)."""
    ent = entorno()
    try:
        texto = leer_docx(docx)
    except ErrorDominio as exc:
        return [exc.mensaje]
    usadas, problemas = _sintaxis(docx, ent)
    if not problemas:
        problemas += _problemas_de_nombres(contrato, usadas)
    estatico = texto.normalizado
    problemas += [
        f"Falta en la plantilla el contenido obligatorio «{c.nombre}» ({c.texto})."
        for c in contrato.contenidos
        if " ".join(c.texto.split()) not in estatico
    ]
    compacto = _texto_estatico(texto)
    problemas += [
        f"Ninguna expresión de la plantilla muestra «{v.nombre}» ({{{{ {v.expresion} }}}})."
        for v in contrato.valores
        if _SIN_ESPACIOS.sub("", v.expresion) not in compacto
    ]
    problemas += [
        f"La plantilla no tiene la tabla «{t.nombre}» ({' | '.join(t.encabezados)})."
        for t in contrato.tablas
        if buscar_tabla(texto, t) is None
    ]
    for lugar, expresion in _expresiones(contrato):
        try:
            ent.compile_expression(expresion)
        except TemplateError as exc:
            problemas.append(f"La expresión del {lugar} no es válida: {exc}.")
    return problemas
