"""Validar los datos que pide el contrato de una plantilla: tipos, rangos, fechas y cartas.

Los datos llegan como texto (formulario web) o como JSON (consola); cada problema se dice en
español con la etiqueta del campo, y se listan todos a la vez.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from jinja2 import TemplateError

from expedientes import (
    a_dinero,
    formatear_dui,
    formatear_nit,
    normalizar_dui,
    normalizar_nit,
    problemas_de_texto,
)
from plantillas.contrato import Contrato, Entrada
from plantillas.entorno import EntornoDocumentos
from plantillas.puertos import CartaCitada

_ENTERO = re.compile(r"^[0-9]{1,9}$")
_MONTO = re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{1,2})?$")
_FECHA_DMA = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
MAX_PARRAFOS = 200


class _Invalido(ValueError):
    """El valor de una entrada no es válido; el mensaje dice por qué."""


def _entero(valor: Any) -> int:
    if isinstance(valor, bool):
        raise _Invalido("debe ser un número entero")
    if isinstance(valor, int):
        return valor
    if isinstance(valor, str) and _ENTERO.fullmatch(valor.strip()):
        return int(valor.strip())
    raise _Invalido("debe ser un número entero sin decimales")


def _dinero(valor: Any) -> Decimal:
    if isinstance(valor, bool | float):
        raise _Invalido("debe escribirse como monto exacto, p. ej. 1234.56")
    if isinstance(valor, int | Decimal):
        texto = str(valor)
    elif isinstance(valor, str):
        texto = valor.strip().removeprefix("$").strip()
    else:
        raise _Invalido("debe ser un monto en dólares")
    if not _MONTO.fullmatch(texto.lstrip("-")) or texto.startswith("-"):
        raise _Invalido("debe ser un monto positivo con hasta dos decimales, p. ej. 1,234.56")
    try:
        return a_dinero(texto.replace(",", ""))
    except (InvalidOperation, ValueError):
        raise _Invalido("no es un monto válido") from None


def _fecha(valor: Any, hoy: date) -> date:
    if isinstance(valor, datetime):
        return valor.date()
    if isinstance(valor, date):
        return valor
    if not isinstance(valor, str):
        raise _Invalido("debe ser una fecha AAAA-MM-DD o DD/MM/AAAA")
    texto = valor.strip()
    if texto == "hoy":
        return hoy
    try:
        m = _FECHA_DMA.fullmatch(texto)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", texto):
            return date.fromisoformat(texto)
    except ValueError:
        raise _Invalido(f"«{texto}» no es una fecha que exista") from None
    raise _Invalido("debe ser una fecha AAAA-MM-DD o DD/MM/AAAA")


def _rango(e: Entrada, valor: Decimal | int) -> None:
    if e.minimo is not None and valor < e.minimo:
        raise _Invalido(f"debe ser al menos {e.minimo}")
    if e.maximo is not None and valor > e.maximo:
        raise _Invalido(f"no puede ser mayor que {e.maximo}")


def _fechas(e: Entrada, valor: date, hoy: date) -> None:
    if e.fechas == "no_pasada" and valor < hoy:
        raise _Invalido("no puede ser una fecha pasada")
    if e.fechas == "no_futura" and valor > hoy:
        raise _Invalido("no puede ser una fecha futura")


def _texto(e: Entrada, valor: Any, *, multilinea: bool) -> str:
    if not isinstance(valor, str):
        raise _Invalido("debe ser un texto")
    problemas = problemas_de_texto(valor, "el texto", e.largo_maximo, multilinea=multilinea)
    if problemas:
        raise _Invalido("; ".join(problemas))
    return valor.strip()


def _parrafos(e: Entrada, valor: Any) -> list[str]:
    if isinstance(valor, list) and all(isinstance(v, str) for v in valor):
        valor = "\n".join(valor)
    texto = _texto(e, valor, multilinea=True).replace("\t", " ")
    parrafos = [" ".join(linea.split()) for linea in texto.splitlines()]
    parrafos = [p for p in parrafos if p]
    if len(parrafos) > MAX_PARRAFOS:
        raise _Invalido(f"admite hasta {MAX_PARRAFOS} párrafos")
    return parrafos


def _convertir(e: Entrada, valor: Any, hoy: date, cartas: Mapping[str, CartaCitada]) -> Any:
    if e.tipo == "texto":
        return _texto(e, valor, multilinea=False)
    if e.tipo == "parrafos":
        return _parrafos(e, valor)
    if e.tipo == "entero":
        numero = _entero(valor)
        _rango(e, numero)
        return numero
    if e.tipo == "dinero":
        monto = _dinero(valor)
        _rango(e, monto)
        return monto
    if e.tipo == "fecha":
        fecha = _fecha(valor, hoy)
        _fechas(e, fecha, hoy)
        return fecha
    if e.tipo == "nit":
        return _identificador(valor, normalizar_nit, formatear_nit)
    if e.tipo == "dui":
        return _identificador(valor, normalizar_dui, formatear_dui)
    if e.tipo == "opcion":
        if valor not in e.opciones:
            raise _Invalido(f"debe ser una de: {', '.join(e.opciones)}")
        return valor
    return _carta(valor, cartas)


def _identificador(
    valor: Any, normalizar: Callable[[str], str], formatear: Callable[[str], str]
) -> str:
    """Un NIT o DUI validado (dígito verificador incluido), con sus guiones."""
    if not isinstance(valor, str):
        raise _Invalido("debe escribirse como texto, con o sin guiones")
    try:
        return formatear(normalizar(valor))
    except ValueError as exc:
        raise _Invalido(str(exc)) from None


def _carta(valor: Any, cartas: Mapping[str, CartaCitada]) -> dict[str, Any]:
    numero = valor.strip().upper() if isinstance(valor, str) else ""
    carta = cartas.get(numero)
    if carta is None:
        raise _Invalido(f"«{valor}» no es una carta registrada y vinculada a este expediente")
    return {
        "numero": carta.numero,
        "recibida_el": carta.recibida_el,
        "remitente": carta.remitente,
        # Una carta sin referencia propia se cita como tal, nunca con un hueco.
        "referencia_remitente": carta.referencia_remitente or "sin referencia",
        "asunto": carta.asunto,
    }


def _vacio(valor: Any) -> bool:
    return valor is None or (isinstance(valor, str | list) and not valor)


def _defecto(e: Entrada, contexto: Mapping[str, Any], entorno: EntornoDocumentos) -> Any:
    """El valor por omisión: literal, `hoy`, o `=expresión` sobre el contexto."""
    if isinstance(e.defecto, str) and e.defecto.startswith("="):
        return entorno.evaluar(e.defecto[1:], contexto)
    return e.defecto


def validar_entradas(
    contrato: Contrato,
    datos: Mapping[str, Any],
    *,
    hoy: date,
    contexto: Mapping[str, Any],
    entorno: EntornoDocumentos,
    cartas: Mapping[str, CartaCitada],
) -> tuple[dict[str, Any], list[str]]:
    """Los valores ya convertidos y la lista de problemas (vacía si todo es válido)."""
    valores: dict[str, Any] = {}
    problemas = [
        f"El dato «{nombre}» no lo pide la plantilla {contrato.nombre}."
        for nombre in datos
        if contrato.entrada(nombre) is None
    ]
    for e in contrato.entradas:
        valor = datos.get(e.nombre)
        if isinstance(valor, str) and not valor.strip():
            valor = None
        if _vacio(valor) and e.defecto is not None:
            # Un defecto puede usar las entradas ya leídas (el destinatario, de la carta).
            try:
                valor = _defecto(e, {**contexto, **valores}, entorno)
            except (TemplateError, TypeError, ValueError, ArithmeticError):
                valor = None
        if _vacio(valor):
            if e.obligatoria:
                problemas.append(f"Falta «{e.etiqueta}».")
            valores[e.nombre] = [] if e.tipo == "parrafos" else None
            continue
        try:
            valores[e.nombre] = _convertir(e, valor, hoy, cartas)
        except _Invalido as exc:
            problemas.append(f"«{e.etiqueta}»: {exc}.")
    return valores, problemas
