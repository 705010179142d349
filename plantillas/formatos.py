"""Los filtros en español de las plantillas: fechas largas, dólares, períodos y montos en letras.

Son funciones puras; el entorno Jinja aislado (`entorno`) las expone con estos mismos nombres.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date

from expedientes.identificadores import formatear_dui, formatear_nit, formatear_periodo
from expedientes.tipos import a_dinero
from plantillas import letras

LOCALE = "es_SV"


def _fecha(valor: date | datetime) -> date:
    if isinstance(valor, datetime):
        return valor.date()
    if not isinstance(valor, date):
        raise TypeError(f"se esperaba una fecha, no {type(valor).__name__}")
    return valor


def fecha_larga(valor: date | datetime) -> str:
    """«21 de noviembre de 2026»."""
    return str(format_date(_fecha(valor), "long", locale=LOCALE))


def fecha_corta(valor: date | datetime) -> str:
    """«21/11/2026»."""
    return f"{_fecha(valor):%d/%m/%Y}"


def moneda(valor: Decimal | int | str) -> str:
    """«$1,234.56» (el formato de El Salvador: coma de miles, punto decimal)."""
    monto = a_dinero(valor)
    signo = "-" if monto < 0 else ""
    return f"{signo}${abs(monto):,.2f}"


def periodo(valor: date) -> str:
    """El mes cotizado en palabras: «enero de 2026»."""
    return str(format_date(_fecha(valor), "MMMM 'de' y", locale=LOCALE))


def periodo_corto(valor: date) -> str:
    """El mes cotizado como se escribe en los estados de cuenta: «01/2026»."""
    return formatear_periodo(_fecha(valor))


def nit(digitos: str) -> str:
    """Un NIT guardado como dígitos, con sus guiones (`####-######-###-#` o DUI)."""
    return formatear_nit(digitos) if digitos else ""


def dui(digitos: str | None) -> str:
    """Un DUI guardado como dígitos: `########-#`."""
    return formatear_dui(digitos) if digitos else ""


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
