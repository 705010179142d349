"""Lo generado para un documento: su contexto validado, el `.docx` guardado en el almacén y lo que
se anota de él (destinatario, asunto y la carta a la que responde).

Lo usan el borrador suelto (`borradores`) y el lote (`lote`), que genera en otros procesos.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from jinja2 import TemplateError
from sqlmodel import Session

from expedientes import Expediente
from plantillas.aislamiento import Limites, en_proceso_limitado
from plantillas.contrato import Contrato
from plantillas.entorno import entorno
from plantillas.generacion import DocumentoInvalido, generar_validado, preparar
from plantillas.instalacion import Parametros
from plantillas.lectura import comprobar_partes


@dataclass(frozen=True)
class Render:
    """Un documento generado y válido, ya guardado en el almacén, con lo que se anota de él."""

    docx_sha256: str
    texto: str
    destinatario: str
    asunto: str
    responde_a: str | None
    # Hasta cuándo se espera la respuesta, si la carta pide algo.
    vence_el: date | None = None


def guardar_render(
    p: Parametros, contrato: Contrato, contexto: dict[str, Any], docx: bytes, texto: str
) -> Render:
    """Guarda los bytes generados y calcula destinatario, asunto y carta que responde."""
    responde = contexto[contrato.responde_a]["numero"] if contrato.responde_a else None
    vence = contexto["plazo"]["vence_el"] if contrato.espera_respuesta else None
    destinatario = _anotacion(contrato, "destinatario", contrato.destinatario, contexto)
    asunto = _anotacion(contrato, "asunto", contrato.asunto, contexto)
    return Render(
        docx_sha256=p.almacen.guardar(docx),
        texto=texto,
        destinatario=destinatario[:500],
        asunto=asunto[:1000],
        responde_a=responde,
        vence_el=vence,
    )


def _anotacion(contrato: Contrato, lugar: str, expresion: str, contexto: dict[str, Any]) -> str:
    """El destinatario o el asunto según el contrato; una expresión que falla (de una versión
    subida antes de que se revisaran con un ejemplo) es un problema del documento, no un 500."""
    try:
        return str(entorno().evaluar(expresion, contexto))
    except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise DocumentoInvalido(
            f"El contrato de «{contrato.titulo}» tiene un {lugar} que no se puede calcular; "
            "avise al administrador de plantillas.",
            [f"{expresion}: {exc}"],
        ) from None


def contexto_para(
    session: Session,
    p: Parametros,
    contrato: Contrato,
    expediente: Expediente,
    datos: Mapping[str, Any],
    numero: str,
    hoy: date,
    salida: str = "",
) -> dict[str, Any]:
    """El contexto validado del documento `numero` (DocumentoInvalido con cada problema); una
    carta saliente lleva su número `CS-` en `documento.salida`."""
    documento = {
        "referencia": numero,
        "salida": salida,
        "fecha": hoy,
        "lugar": p.lugar,
        "titulo": contrato.titulo,
    }
    return preparar(
        session=session,
        contrato=contrato,
        expediente=expediente,
        datos=datos,
        documento=documento,
        tasa_recargo=p.tasa_recargo,
        correspondencia=p.correspondencia,
        hoy=hoy,
    )


def generar_render(
    *,
    session: Session,
    p: Parametros,
    contrato: Contrato,
    plantilla_sha256: str,
    expediente: Expediente,
    datos: Mapping[str, Any],
    numero: str,
    hoy: date,
    salida: str = "",
    limites: Limites | None = None,
) -> Render:
    """Genera y valida el documento `numero` con esta plantilla y guarda lo generado; con
    `limites` (una plantilla subida), en un proceso con tiempo y memoria limitados."""
    contexto = contexto_para(session, p, contrato, expediente, datos, numero, hoy, salida)
    plantilla = p.almacen.leer(plantilla_sha256)
    if limites is None:
        generado = generar_validado(contrato, plantilla, contexto)
    else:
        comprobar_partes(plantilla)  # una subida antes de que se midieran sus partes
        generado = en_proceso_limitado(limites, generar_validado, contrato, plantilla, contexto)
    return guardar_render(p, contrato, contexto, generado.docx, generado.texto)
