"""Revisar, al subir una plantilla, que su contrato y la plantilla funcionan con un expediente.

Cada expresión del contrato (destinatario, asunto, requisitos, valores y valores por omisión)
debe usar solo nombres del contexto y evaluarse sin error con el contexto de ejemplo; la
plantilla debe generarse con él. Lo que falla aquí fallaría en cada borrador: se rechaza al subir.
"""

from __future__ import annotations

from datetime import date

from jinja2 import TemplateError, meta

from plantillas.contexto_ejemplo import contexto_de_ejemplo
from plantillas.contrato import RAICES, Contrato
from plantillas.entorno import EntornoDocumentos, entorno
from plantillas.motor import ErrorDeRender, generar

_ERRORES_DE_EVALUACION = (
    TemplateError,
    TypeError,
    ValueError,
    ArithmeticError,
    AttributeError,
    LookupError,
    RecursionError,
)


def expresiones_del_contrato(contrato: Contrato) -> list[tuple[str, str]]:
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


def problemas_con_el_ejemplo(contrato: Contrato, docx: bytes, hoy: date) -> list[str]:
    """Las expresiones del contrato que no sirven con un expediente de ejemplo y, si todas
    sirven, el error de la plantilla al generarse con él."""
    ent = entorno()
    contexto = contexto_de_ejemplo(contrato, hoy)
    disponibles = set(RAICES) | set(contrato.calculos) | {e.nombre for e in contrato.entradas}
    problemas = []
    for lugar, expresion in expresiones_del_contrato(contrato):
        problemas += _problemas_de_la_expresion(ent, lugar, expresion, contexto, disponibles)
    if problemas:
        return problemas
    try:
        generar(docx, contexto, ent)
    except ErrorDeRender as exc:
        detalle = "; ".join(exc.problemas)
        return [f"Con un expediente de ejemplo la plantilla no se genera: {exc.mensaje} {detalle}"]
    return []


def _problemas_de_la_expresion(
    ent: EntornoDocumentos,
    lugar: str,
    expresion: str,
    contexto: dict[str, object],
    disponibles: set[str],
) -> list[str]:
    try:
        usados = meta.find_undeclared_variables(ent.parse("{{ " + expresion + " }}"))
    except TemplateError:
        return []  # la sintaxis ya se informó al compilarla
    ajenos = sorted(usados - disponibles)
    if ajenos:
        return [
            f"La expresión del {lugar} usa «{n}», que no está en el contexto del documento."
            for n in ajenos
        ]
    if any(contexto.get(n) is None for n in usados):
        return []  # una entrada opcional sin valor: el borrador lo dirá con sus datos
    try:
        # Con variables estrictas, un atributo que no existe (o prohibido por el aislamiento) es
        # un «indefinido» que falla al usarlo: se usa, como lo hará el documento.
        str(ent.evaluar(expresion, contexto))
    except _ERRORES_DE_EVALUACION as exc:
        return [f"La expresión del {lugar} falla con un expediente de ejemplo: {exc}."]
    return []
