"""Identificadores salvadoreños y del ISSS: NIT, DUI, número patronal y período de cotización."""

from __future__ import annotations

import re
from datetime import date

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.sv import nit as stdnum_nit

from expedientes.texto import solo_digitos

_PERIODO = re.compile(r"^\s*([0-9]{1,2})\s*/\s*([0-9]{4})\s*$")


def digito_verificador_dui(ocho_digitos: str) -> int:
    """Dígito verificador del DUI: pesos 9..2 sobre los 8 dígitos, (10 − suma mod 10) mod 10."""
    suma = sum(int(d) * peso for d, peso in zip(ocho_digitos, range(9, 1, -1), strict=True))
    return (10 - suma % 10) % 10


def normalizar_dui(texto: str) -> str:
    """Valida un DUI (`########-#`) y devuelve sus 9 dígitos; ValueError con motivo si no vale."""
    if re.search(r"[^0-9\s-]", texto):
        raise ValueError(f"el DUI «{texto}» contiene caracteres no válidos")
    digitos = solo_digitos(texto)
    if len(digitos) != 9:
        raise ValueError(f"el DUI «{texto}» debe tener 9 dígitos (########-#)")
    if not digitos.strip("0"):
        raise ValueError(f"el DUI «{texto}» no puede ser todo ceros")
    if digito_verificador_dui(digitos[:8]) != int(digitos[8]):
        raise ValueError(f"el DUI «{texto}» tiene un dígito verificador incorrecto")
    return digitos


def formatear_dui(digitos: str) -> str:
    """`########-#`."""
    return f"{digitos[:8]}-{digitos[8:]}"


def normalizar_nit(texto: str) -> str:
    """Valida un NIT de 14 dígitos, o un DUI que hace de NIT; devuelve solo los dígitos."""
    if re.search(r"[^0-9\s-]", texto.strip().removeprefix("SV").removeprefix("sv")):
        raise ValueError(f"el NIT «{texto}» contiene caracteres no válidos")
    digitos = solo_digitos(texto)
    if digitos and not digitos.strip("0"):
        raise ValueError(f"el NIT «{texto}» no puede ser todo ceros")
    if len(digitos) == 9:
        try:
            return normalizar_dui(digitos)
        except ValueError:
            raise ValueError(f"el NIT «{texto}» tiene 9 dígitos pero no es un DUI válido") from None
    try:
        return str(stdnum_nit.validate(texto))
    except InvalidChecksum:
        raise ValueError(f"el NIT «{texto}» tiene un dígito verificador incorrecto") from None
    except InvalidLength:
        raise ValueError(
            f"el NIT «{texto}» debe tener 14 dígitos (####-######-###-#) o ser un DUI"
        ) from None
    except (InvalidFormat, ValidationError):
        raise ValueError(f"el NIT «{texto}» no tiene un formato válido") from None


def formatear_nit(digitos: str) -> str:
    """`####-######-###-#`, o `########-#` si es un DUI."""
    if len(digitos) == 9:
        return formatear_dui(digitos)
    return str(stdnum_nit.format(digitos))


def normalizar_numero_patronal(texto: str) -> str:
    """El número patronal son solo dígitos (se toleran espacios y guiones al escribirlo)."""
    if re.search(r"[^0-9\s-]", texto):
        raise ValueError(f"el número patronal «{texto}» solo puede contener dígitos")
    digitos = solo_digitos(texto)
    if not 6 <= len(digitos) <= 12:
        raise ValueError(f"el número patronal «{texto}» debe tener entre 6 y 12 dígitos")
    return digitos


def parsear_periodo(texto: str) -> date:
    """`MM/AAAA` → primer día de ese mes."""
    m = _PERIODO.match(texto)
    if not m:
        raise ValueError(f"el período «{texto}» debe escribirse MM/AAAA")
    mes, anio = int(m.group(1)), int(m.group(2))
    if not 1 <= mes <= 12:
        raise ValueError(f"el período «{texto}» tiene un mes inexistente")
    if not 1990 <= anio <= 2100:
        raise ValueError(f"el período «{texto}» tiene un año fuera de rango")
    return date(anio, mes, 1)


def formatear_periodo(periodo: date) -> str:
    """Primer día del mes → `MM/AAAA`."""
    return f"{periodo.month:02d}/{periodo.year}"
