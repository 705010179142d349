"""Revisar una plantilla contra su contrato (`recupera plantillas check`) antes de publicarla.

Primero el tamaño de cada parte del `.docx` y cuántas son (sin descomprimir nada); después
variables usadas y no declaradas (y al revés), sintaxis y filtros, contenidos obligatorios que no
están en el texto de la plantilla, valores que ninguna expresión muestra, tablas que no existen,
expresiones del contrato que no compilan y, si todo eso está bien, expresiones y plantilla
evaluadas con un expediente de ejemplo. Corre sobre cada plantilla del catálogo en las pruebas
y sobre cada versión que sube un administrador (en un proceso con límites: `aislamiento`).
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

from docxtpl import DocxTemplate
from jinja2 import TemplateError

from expedientes import ErrorDominio, hoy
from plantillas.aislamiento import Limites, en_proceso_limitado
from plantillas.comprobaciones import buscar_tabla
from plantillas.contrato import Contrato
from plantillas.entorno import EntornoDocumentos, entorno
from plantillas.lectura import TextoDocumento, comprobar_partes, leer_docx
from plantillas.revision_expresiones import expresiones_del_contrato, problemas_con_el_ejemplo

_SIN_ESPACIOS = re.compile(r"\s+")


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


def revisar_plantilla_aislada(contrato: Contrato, docx: bytes, limites: Limites) -> list[str]:
    """`revisar_plantilla` en un proceso con límites de tiempo y memoria: la de una plantilla
    subida, que no debe poder colgar ni tumbar el servicio al revisarla."""
    try:
        comprobar_partes(docx)  # barato y sin descomprimir: antes de arrancar el proceso
    except ErrorDominio as exc:
        return [exc.mensaje]
    return en_proceso_limitado(limites, revisar_plantilla, contrato, docx, hoy())


def revisar_plantilla(contrato: Contrato, docx: bytes, dia: date | None = None) -> list[str]:
    """Todos los problemas de la plantilla frente a su contrato (vacía: está bien); `dia` es la
    fecha del documento de ejemplo (hoy, si no se da)."""
    ent = entorno()
    try:
        comprobar_partes(docx)
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
    for lugar, expresion in expresiones_del_contrato(contrato):
        try:
            ent.compile_expression(expresion)
        except TemplateError as exc:
            problemas.append(f"La expresión del {lugar} no es válida: {exc}.")
    if not problemas:
        problemas += problemas_con_el_ejemplo(contrato, docx, dia or hoy())
    return problemas
