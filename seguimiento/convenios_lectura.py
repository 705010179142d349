"""Leer un convenio firmado desde su documento final: prima, financiado, total y las cuotas de su
tabla de amortización, exactamente como quedaron escritas.

No se recalcula nada: las cifras salen del `.docx` que se firmó (la tabla «amortizacion» y la
fila TOTAL de la tabla «deuda» de su contrato, y el saldo escrito en la cláusula de forma de pago)
y de las entradas con que se generó. Si no cuadran entre sí, el convenio no se registra.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

from expedientes import CERO, ErrorDominio, a_dinero
from plantillas import (
    Contrato,
    Tabla,
    TextoDocumento,
    buscar_tabla,
    fecha_impresa,
    monto_impreso,
    normalizar_espacios,
)

_CIFRA = re.compile(r"\$\s?[0-9]{1,3}(?:,[0-9]{3})*\.[0-9]{2}")
# El contenido del contrato que abre la cláusula del saldo financiado («PLAZO Y FORMA DE PAGO»).
CONTENIDO_FINANCIADO = "forma_de_pago"


@dataclass(frozen=True)
class CuotaLeida:
    """Una fila de la tabla de amortización."""

    numero: int
    vence_el: date
    monto: Decimal


@dataclass(frozen=True)
class ConvenioLeido:
    """Lo que dice el convenio firmado."""

    prima: Decimal
    financiado: Decimal
    total: Decimal
    cuotas: list[CuotaLeida]
    cuotas_para_incumplir: int


def _tabla(contrato: Contrato, nombre: str) -> Tabla:
    tabla = contrato.tabla(nombre)
    if tabla is None:
        raise ErrorDominio(f"La plantilla {contrato.nombre} no declara la tabla «{nombre}».")
    return tabla


def _columna(tabla: Tabla, nombre: str) -> int:
    claves = [normalizar_espacios(e).casefold() for e in tabla.encabezados]
    return claves.index(nombre.casefold())


def _cuota(i: int, fila: list[str], columnas: tuple[int, int, int]) -> CuotaLeida | str:
    """La cuota de la fila `i`, o el problema que tiene."""
    c_numero, c_fecha, c_monto = columnas
    if len(fila) <= max(columnas):
        return f"Fila {i} de la tabla de amortización: le faltan columnas."
    texto_numero = normalizar_espacios(fila[c_numero])
    vence, valor = fecha_impresa(fila[c_fecha]), monto_impreso(fila[c_monto])
    if texto_numero != str(i):
        return f"Fila {i} de la tabla de amortización: el número de cuota es «{texto_numero}»."
    if vence is None:
        return f"Cuota {i}: el vencimiento «{fila[c_fecha]}» no es una fecha DD/MM/AAAA."
    if valor is None or valor <= 0:
        return f"Cuota {i}: «{fila[c_monto]}» no es un monto positivo."
    return CuotaLeida(i, vence, valor)


def leer_cuotas(texto: TextoDocumento, contrato: Contrato) -> list[CuotaLeida]:
    """Las cuotas de la tabla de amortización; ErrorDominio con cada problema."""
    tabla = _tabla(contrato, "amortizacion")
    filas = buscar_tabla(texto, tabla)
    if not filas:
        raise ErrorDominio("El convenio no tiene tabla de amortización con cuotas.")
    columnas = (_columna(tabla, "N.º"), _columna(tabla, "Vencimiento"), _columna(tabla, "Cuota"))
    leidas = [_cuota(i, fila, columnas) for i, fila in enumerate(filas, start=1)]
    problemas = [x for x in leidas if isinstance(x, str)]
    cuotas = [x for x in leidas if isinstance(x, CuotaLeida)]
    if not problemas and any(b.vence_el <= a.vence_el for a, b in pairwise(cuotas)):
        problemas.append("Los vencimientos de la tabla de amortización no van en orden ascendente.")
    if problemas:
        raise ErrorDominio("La tabla de amortización del convenio no se puede leer.", problemas)
    return cuotas


def leer_total(texto: TextoDocumento, contrato: Contrato) -> Decimal:
    """La deuda reconocida: la fila TOTAL de la tabla de la deuda, columna «Total»."""
    tabla = _tabla(contrato, "deuda")
    filas = buscar_tabla(texto, tabla) or []
    rotulo = (tabla.fila_total or "TOTAL").casefold()
    total = next((f for f in filas if f and normalizar_espacios(f[0]).casefold() == rotulo), None)
    valor = monto_impreso(total[_columna(tabla, "Total")]) if total else None
    if valor is None:
        raise ErrorDominio("No se encontró el TOTAL de la deuda reconocida en el convenio.")
    return valor


def leer_financiado(texto: TextoDocumento, contrato: Contrato) -> Decimal:
    """El saldo a pagar en cuotas: la primera cifra tras la cláusula de forma de pago."""
    marcador = next((c.texto for c in contrato.contenidos if c.nombre == CONTENIDO_FINANCIADO), "")
    normal = texto.normalizado
    posicion = normal.find(marcador) if marcador else -1
    cifra = _CIFRA.search(normal, posicion + len(marcador)) if posicion >= 0 else None
    valor = monto_impreso(cifra.group(0)) if cifra else None
    if valor is None:
        raise ErrorDominio("No se encontró en el convenio el saldo que se paga en cuotas.")
    return valor


def leer_prima(entradas: dict[str, Any]) -> Decimal:
    """La prima con que se generó el documento (entrada `prima`)."""
    valor = entradas.get("prima")
    texto = str(valor if valor is not None else "").replace(",", "").removeprefix("$").strip()
    try:
        prima = a_dinero(texto)
    except ValueError:
        raise ErrorDominio(f"La prima del convenio «{valor}» no es un monto.") from None
    if prima < 0:
        raise ErrorDominio(f"La prima del convenio ({prima}) no puede ser negativa.")
    return prima


def leer_cuotas_para_incumplir(
    entradas: dict[str, Any], contrato: Contrato, predeterminado: int
) -> int:
    """Las cuotas vencidas que hacen caer el convenio: la entrada `cuotas_incumplidas`, o su valor
    por omisión en el contrato (con él se escribió la cláusula), o el de la instalación."""
    entrada = contrato.entrada("cuotas_incumplidas")
    valor = entradas.get("cuotas_incumplidas")
    if valor in (None, "") and entrada is not None:
        valor = entrada.defecto
    if valor in (None, ""):
        return predeterminado
    texto = str(valor).strip()
    if not texto.isascii() or not texto.isdigit() or int(texto) < 1:
        raise ErrorDominio(f"Las cuotas para el incumplimiento «{valor}» no son un número válido.")
    return int(texto)


def leer_convenio(
    texto: TextoDocumento, contrato: Contrato, entradas: dict[str, Any], predeterminado: int
) -> ConvenioLeido:
    """Todo el convenio; ErrorDominio si sus cifras no cuadran (prima + financiado = total y las
    cuotas suman exactamente lo financiado)."""
    cuotas = leer_cuotas(texto, contrato)
    leido = ConvenioLeido(
        prima=leer_prima(entradas),
        financiado=leer_financiado(texto, contrato),
        total=leer_total(texto, contrato),
        cuotas=cuotas,
        cuotas_para_incumplir=leer_cuotas_para_incumplir(entradas, contrato, predeterminado),
    )
    problemas = []
    if leido.prima + leido.financiado != leido.total:
        problemas.append(
            f"La prima ({leido.prima}) más lo financiado ({leido.financiado}) no da la deuda "
            f"reconocida ({leido.total})."
        )
    suma = sum((c.monto for c in cuotas), CERO)
    if suma != leido.financiado:
        problemas.append(f"Las cuotas suman {suma} y lo financiado es {leido.financiado}.")
    if problemas:
        raise ErrorDominio("Las cifras del convenio no cuadran; no se registró.", problemas)
    return leido
