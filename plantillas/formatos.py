"""Los filtros en español de las plantillas: los formatos comunes (`expedientes.formatos`) y los
montos en letras.

Son funciones puras; el entorno Jinja aislado (`entorno`) las expone con estos mismos nombres.
"""

from __future__ import annotations

from decimal import Decimal

from expedientes import a_dinero, dui, fecha_corta, fecha_larga, moneda, nit, periodo, periodo_corto
from plantillas import letras


def en_letras(valor: Decimal) -> str:
    """El monto en la forma legal: «MIL … 56/100 DÓLARES DE LOS ESTADOS UNIDOS DE AMÉRICA»."""
    return letras.en_letras(a_dinero(valor))


def en_palabras(valor: Decimal) -> str:
    """El monto en prosa: «mil … dólares con cincuenta y seis centavos»."""
    return letras.en_palabras(a_dinero(valor))


def cantidad(valor: int, genero: str = "f") -> str:
    """Un número en letras seguido de sus cifras, para ir antes del sustantivo: «veintiuna (21)
    cuotas», «veintiún (21) días» (femenino por omisión: cuotas)."""
    return f"{letras.cardinal(int(valor), genero=genero, apocope=genero == 'm')} ({int(valor)})"


FILTROS = {
    "fecha_larga": fecha_larga,
    "fecha_corta": fecha_corta,
    "moneda": moneda,
    "periodo": periodo,
    "periodo_corto": periodo_corto,
    "nit": nit,
    "dui": dui,
    "en_letras": en_letras,
    "en_palabras": en_palabras,
    "cantidad": cantidad,
}
