"""Generar un documento de punta a punta: contexto del expediente, entradas, cálculos, render y
validación del resultado. Si algo falla, ErrorDominio con la lista completa de problemas.

`preparar` lee la base de datos; `generar_validado` es puro (bytes y datos simples) y por eso
puede correr en otro proceso para generar en lote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from jinja2 import TemplateError
from sqlmodel import Session

from expedientes import NOMBRES_TIPO_EXPEDIENTE, ErrorDominio, Expediente, TipoExpediente
from plantillas.calculos import CALCULOS
from plantillas.contexto import contexto_de_expediente
from plantillas.contrato import Contrato
from plantillas.entorno import entorno
from plantillas.entradas import validar_entradas
from plantillas.lectura import leer_docx
from plantillas.motor import generar
from plantillas.puertos import CartaCitada, PuertoCorrespondencia
from plantillas.validacion import problemas_de_requisitos, problemas_del_documento


class DocumentoInvalido(ErrorDominio):
    """El documento no se puede generar o no pasó la validación: nada se guarda."""


@dataclass(frozen=True)
class Generado:
    """Un documento válido: sus bytes y el texto que se leyó de ellos."""

    docx: bytes
    texto: str


def fecha_de_corte(contrato: Contrato, datos: Mapping[str, Any], hoy: date) -> date:
    """El corte de la deuda: la entrada `corte` si el contrato la pide y es válida, si no hoy."""
    entrada = contrato.entrada("corte")
    if entrada is None or entrada.tipo != "fecha":
        return hoy
    valores, problemas = validar_entradas(
        contrato.model_copy(update={"entradas": [entrada]}),
        {"corte": datos["corte"]} if "corte" in datos else {},
        hoy=hoy,
        contexto={},
        entorno=entorno(),
        cartas={},
    )
    corte = valores.get("corte")
    return corte if isinstance(corte, date) and not problemas else hoy


def preparar(
    *,
    session: Session,
    contrato: Contrato,
    expediente: Expediente,
    datos: Mapping[str, Any],
    documento: dict[str, Any],
    tasa_recargo: Decimal,
    correspondencia: PuertoCorrespondencia,
    hoy: date,
) -> dict[str, Any]:
    """El contexto completo y validado; DocumentoInvalido con todos los problemas si no.

    Las cartas que el documento puede citar son las vinculadas al expediente, según la
    `correspondencia` que se le da."""
    problemas = _problemas_de_tipo(contrato, expediente)
    armado = contexto_de_expediente(
        session=session,
        expediente=expediente,
        documento=documento,
        corte=fecha_de_corte(contrato, datos, hoy),
        tasa_recargo=tasa_recargo,
    )
    problemas += armado.problemas
    cartas = _cartas_citables(session, correspondencia, expediente)
    valores, problemas_entradas = validar_entradas(
        contrato, datos, hoy=hoy, contexto=armado.datos, entorno=entorno(), cartas=cartas
    )
    contexto = {**armado.datos, **valores}
    problemas += problemas_entradas
    problemas += problemas_de_requisitos(contrato, contexto, entorno())
    for nombre in contrato.calculos:
        # Con una entrada inválida el cálculo no se hace (la entrada ya explicó su problema).
        contexto[nombre], faltas = CALCULOS[nombre](contexto)
        problemas += faltas
    if problemas:
        raise DocumentoInvalido(f"No se puede generar «{contrato.titulo}».", problemas)
    return contexto


def _problemas_de_tipo(contrato: Contrato, expediente: Expediente) -> list[str]:
    """El documento no se genera en un expediente de un tipo que su contrato no admite."""
    if expediente.tipo in contrato.tipos_expediente:
        return []
    tipos = ", ".join(
        NOMBRES_TIPO_EXPEDIENTE[TipoExpediente(t)].lower() for t in contrato.tipos_expediente
    )
    return [f"«{contrato.titulo}» no se genera en un expediente de este tipo ({tipos})."]


def _cartas_citables(
    session: Session, correspondencia: PuertoCorrespondencia, expediente: Expediente
) -> dict[str, CartaCitada]:
    """Las cartas vinculadas al expediente que el documento puede citar, por número."""
    return {
        c.numero: c
        for c in correspondencia.cartas_del_expediente(
            session=session, expediente_id=expediente.id or 0
        )
    }


def generar_validado(contrato: Contrato, plantilla: bytes, contexto: dict[str, Any]) -> Generado:
    """Genera y valida el documento leído de vuelta; DocumentoInvalido si algo no cuadra."""
    generado = generar(plantilla, contexto, entorno())
    texto = leer_docx(generado.docx)
    problemas = problemas_del_documento(texto, generado.restos, contrato, contexto, entorno())
    if problemas:
        raise DocumentoInvalido(
            f"El documento generado con «{contrato.titulo}» no pasó la validación.", problemas
        )
    return Generado(generado.docx, texto.texto)


def valores_sugeridos(
    *,
    session: Session,
    contrato: Contrato,
    expediente: Expediente,
    documento: dict[str, Any],
    tasa_recargo: Decimal,
    hoy: date,
) -> dict[str, str]:
    """Lo que un formulario nuevo muestra en cada entrada: su valor por omisión, como texto."""
    armado = contexto_de_expediente(
        session=session,
        expediente=expediente,
        documento=documento,
        corte=hoy,
        tasa_recargo=tasa_recargo,
    )
    sugeridos = {}
    for e in contrato.entradas:
        valor: Any = e.defecto
        if isinstance(valor, str) and valor.startswith("="):
            try:
                valor = entorno().evaluar(valor[1:], armado.datos)
            except (TemplateError, TypeError, ValueError, ArithmeticError):
                valor = None
        if valor == "hoy" or isinstance(valor, date):
            valor = (hoy if valor == "hoy" else valor).isoformat()
        sugeridos[e.nombre] = "" if valor is None else str(valor)
    return sugeridos
