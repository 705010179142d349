"""Generar un `.docx` con docxtpl: una instancia nueva por documento, en el entorno aislado.

Los datos pueden traer `{{` (una razón social real lo tuvo): para distinguir la sintaxis de
plantilla que quedó sin resolver de la que trajeron los datos, cada `{` de los datos viaja como un
carácter de uso privado (`SENTINELA`) y se restituye después de buscar restos. Así también se
evita que docxtpl convierta un `{_{` de los datos en `{{`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from docx.opc.part import XmlPart
from docxtpl import DocxTemplate
from jinja2 import TemplateError, UndefinedError
from jinja2.exceptions import SecurityError
from lxml import etree

from expedientes import ErrorDominio
from plantillas.entorno import EntornoDocumentos
from plantillas.lectura import P, T, texto_de_parrafo

SENTINELA = "\ue000"
_RESTOS = ("{{", "{%", "{#")
_PROPIEDADES = ("author", "comments", "identifier", "language", "subject", "title")


class ErrorDeRender(ErrorDominio):
    """La plantilla no se pudo aplicar a estos datos."""


@dataclass(frozen=True)
class Generado:
    """Los bytes del `.docx` generado y la sintaxis de plantilla que quedó sin resolver."""

    docx: bytes
    restos: list[str]


def proteger(valor: Any) -> Any:
    """Copia el contexto con cada `{` de los textos cambiado por el sentinela."""
    if isinstance(valor, str):
        if SENTINELA in valor:
            raise ErrorDeRender(
                "Un dato contiene un carácter reservado (U+E000) que no puede ir en un documento."
            )
        return valor.replace("{", SENTINELA)
    if isinstance(valor, dict):
        return {k: proteger(v) for k, v in valor.items()}
    if isinstance(valor, list | tuple):
        return [proteger(v) for v in valor]
    if valor is None or isinstance(valor, bool | int | Decimal | date):
        return valor
    raise TypeError(f"tipo no admitido en el contexto de un documento: {type(valor).__name__}")


def generar(plantilla: bytes, contexto: dict[str, Any], entorno: EntornoDocumentos) -> Generado:
    """Aplica la plantilla al contexto; ErrorDeRender (en español) si la plantilla falla."""
    documento = DocxTemplate(BytesIO(plantilla))
    protegido = proteger(contexto)
    try:
        documento.render(protegido, entorno)
    except UndefinedError as exc:
        raise ErrorDeRender("La plantilla usa un dato que no existe.", [str(exc)]) from None
    except SecurityError as exc:
        raise ErrorDeRender(
            "La plantilla intentó una operación no permitida.", [str(exc)]
        ) from None
    except TemplateError as exc:
        raise ErrorDeRender(
            "La plantilla tiene un error.", [f"{type(exc).__name__}: {exc}"]
        ) from None
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise ErrorDeRender("La plantilla no pudo dar formato a un dato.", [str(exc)]) from None
    restos = _restituir(documento)
    _nombrar(documento, contexto)
    salida = BytesIO()
    documento.save(salida)
    return Generado(salida.getvalue(), restos)


def _nombrar(documento: DocxTemplate, contexto: dict[str, Any]) -> None:
    """Las propiedades del `.docx` nombran este documento (título con su número y, si sale, el
    de la carta); autor, departamento e idioma vienen de la plantilla."""
    datos = contexto.get("documento")
    if not isinstance(datos, dict) or not datos.get("referencia"):
        return
    propiedades = documento.docx.core_properties
    propiedades.title = f"{datos.get('titulo', '')} {datos['referencia']}".strip()[:255]
    numeros = [
        datos["referencia"],
        datos.get("salida"),
        contexto.get("expediente", {}).get("numero"),
    ]
    propiedades.keywords = "; ".join(str(n) for n in numeros if n)[:255]


def _raices(documento: DocxTemplate) -> Iterator[etree._Element]:
    """El cuerpo, los encabezados y los pies ya generados."""
    yield documento.docx.element
    for rel in documento.docx.part.rels.values():
        es_xml = not rel.is_external and isinstance(rel.target_part, XmlPart)
        if es_xml and rel.reltype.endswith(("/header", "/footer")):
            yield rel.target_part.element


def _restituir(documento: DocxTemplate) -> list[str]:
    """Busca sintaxis de plantilla sin resolver y devuelve los `{` de los datos a su lugar."""
    restos: list[str] = []
    for raiz in _raices(documento):
        for parrafo in raiz.iter(P):
            texto = texto_de_parrafo(parrafo)
            if any(r in texto for r in _RESTOS):
                restos.append(texto.strip()[:200])
        for t in raiz.iter(T):
            if t.text and SENTINELA in t.text:
                t.text = t.text.replace(SENTINELA, "{")
    for parte in documento.docx.part.package.parts:
        if parte.content_type.endswith(("footnotes+xml", "endnotes+xml")) and not isinstance(
            parte, XmlPart
        ):
            xml = parte.blob.decode("utf-8")
            restos += [r for r in _RESTOS if r in xml]
            parte._blob = xml.replace(SENTINELA, "{").encode("utf-8")
    propiedades = documento.docx.core_properties
    for nombre in _PROPIEDADES:
        valor = getattr(propiedades, nombre)
        if valor and SENTINELA in valor:
            setattr(propiedades, nombre, valor.replace(SENTINELA, "{"))
    return restos
