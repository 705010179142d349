"""Números y montos en letras, en español: cardinales, la forma legal de los documentos
(«MIL DOSCIENTOS TREINTA Y CUATRO 56/100 DÓLARES DE LOS ESTADOS UNIDOS DE AMÉRICA»), la forma
en prosa («… dólares con cincuenta y seis centavos») y la lectura estricta de la forma legal.

Escrito a mano y no con num2words, que dice «veintiuno mil», «doscientos uno mil» y
«un millón dólares» (ver FIELD-NOTES).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

Monto = Decimal | int | str

TOPE = 10**12  # el primer entero que ya no se sabe escribir: un billón
MONEDA = "DE LOS ESTADOS UNIDOS DE AMÉRICA"

# fmt: off
_HASTA_29 = (
    "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
    "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho",
    "diecinueve", "veinte", "veintiuno", "veintidós", "veintitrés", "veinticuatro",
    "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve",
)
_DECENAS = {
    3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta", 8: "ochenta",
    9: "noventa",
}
_CENTENAS = (
    "", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos",
    "setecientos", "ochocientos", "novecientos",
)
# fmt: on
# La palabra del 21 según cómo termine el número: suelto, ante sustantivo masculino, femenino.
_VEINTIUNO = {"uno": "veintiuno", "un": "veintiún", "una": "veintiuna"}

_CIFRAS = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_FORMA_LEGAL = re.compile(
    r"(?P<numero>.+?) (?P<centavos>[0-9]{2})/100 "
    r"(?P<moneda>dolares|dolar)(?: de los estados unidos de america)?"
)


def _decenas(n: int, uno: str) -> str:
    """Lee de 1 a 99; `uno` es la forma que toma la unidad uno al final (uno, un o una)."""
    if n == 1:
        return uno
    if n == 21:
        return _VEINTIUNO[uno]
    if n < 30:
        return _HASTA_29[n]
    decena, unidad = divmod(n, 10)
    if unidad == 0:
        return _DECENAS[decena]
    return f"{_DECENAS[decena]} y {uno if unidad == 1 else _HASTA_29[unidad]}"


def _grupo(n: int, uno: str, femenino: bool) -> str:
    """Lee de 1 a 999; en femenino, las centenas también concuerdan (doscientas)."""
    centena, resto = divmod(n, 100)
    palabras = []
    if centena == 1:
        palabras.append("cien" if resto == 0 else "ciento")
    elif centena:
        palabra = _CENTENAS[centena]
        palabras.append(palabra.removesuffix("os") + "as" if femenino else palabra)
    if resto:
        palabras.append(_decenas(resto, uno))
    return " ".join(palabras)


def _hasta_millon(n: int, uno: str, femenino: bool) -> str:
    """Lee de 1 a 999 999; ante «mil» la unidad se apocopa, y «mil» va sin «un»."""
    miles, unidades = divmod(n, 1000)
    palabras = []
    if miles == 1:
        palabras.append("mil")
    elif miles:
        palabras.append(_grupo(miles, "una" if femenino else "un", femenino) + " mil")
    if unidades:
        palabras.append(_grupo(unidades, uno, femenino))
    return " ".join(palabras)


def cardinal(n: int, *, genero: str = "m", apocope: bool = False) -> str:
    """El cardinal en minúsculas de 0 a 999 999 999 999 (apocope: la forma ante sustantivo)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"Solo se escriben en letras números enteros, no «{n!r}».")
    if not 0 <= n < TOPE:
        raise ValueError(f"Solo se escriben en letras números de 0 a 999 999 999 999, no {n}.")
    if genero not in ("m", "f"):
        raise ValueError(f"El género debe ser «m» o «f», no «{genero}».")
    if apocope and genero == "f":
        raise ValueError("La apócope (un, veintiún) solo existe en masculino.")
    if n == 0:
        return "cero"
    # «millón» es un sustantivo masculino: lo que lo cuenta va siempre en masculino y apocopado.
    millones, resto = divmod(n, 1_000_000)
    palabras = []
    if millones == 1:
        palabras.append("un millón")
    elif millones:
        palabras.append(_hasta_millon(millones, "un", femenino=False) + " millones")
    if resto:
        uno = "una" if genero == "f" else ("un" if apocope else "uno")
        palabras.append(_hasta_millon(resto, uno, femenino=genero == "f"))
    return " ".join(palabras)


def _a_decimal(monto: Monto) -> Decimal:
    """El monto como Decimal exacto; un float se rechaza porque ya llega redondeado en binario."""
    if isinstance(monto, float):
        raise ValueError(f"El monto {monto!r} es un float, que no es exacto: use Decimal o texto.")
    if isinstance(monto, str):
        # Solo cifras ASCII y punto decimal: «1,234.56» o «1.234,56» serían ambiguos.
        if not _CIFRAS.fullmatch(monto.strip()):
            raise ValueError(f"«{monto}» no es un monto en cifras: escriba, p. ej., 1234.56.")
        return Decimal(monto.strip())
    if isinstance(monto, int) and not isinstance(monto, bool):
        return Decimal(monto)
    if not isinstance(monto, Decimal):
        raise ValueError(f"El monto debe ser Decimal, entero o texto, no «{monto!r}».")
    return monto


def _centavos(monto: Monto) -> int:
    """El monto en centavos exactos; explica en español por qué no es un monto válido."""
    monto = _a_decimal(monto)
    if not monto.is_finite():
        raise ValueError(f"El monto «{monto}» no es un número.")
    if monto < 0:
        raise ValueError(f"El monto no puede ser negativo: {monto}.")
    if monto >= TOPE:
        raise ValueError(f"El monto {monto} pasa de 999 999 999 999.99 y no se sabe escribir.")
    # Se mira la representación y no se multiplica, porque la aritmética de Decimal redondea.
    _, digitos, exponente = monto.as_tuple()
    # Solo NaN e Infinity tienen exponente de letra, y ya se descartaron.
    assert isinstance(exponente, int)
    cifras = "".join(map(str, digitos)).rstrip("0")
    exponente += len(digitos) - len(cifras)
    if not cifras:
        return 0
    if exponente < -2:
        raise ValueError(f"El monto {monto} tiene fracciones de centavo.")
    return int(cifras) * 10 ** (exponente + 2)


def en_letras(monto: Monto) -> str:
    """La forma legal en mayúsculas: «MIL DOSCIENTOS … 56/100 DÓLARES DE LOS ESTADOS UNIDOS…»."""
    dolares, centavos = divmod(_centavos(monto), 100)
    # Solo 1.00 es «un dólar»: con fracción el monto pasa de uno y va en plural.
    moneda = "DÓLAR" if dolares == 1 and centavos == 0 else "DÓLARES"
    numero = cardinal(dolares, apocope=True).upper()
    return f"{numero} {centavos:02d}/100 {moneda} {MONEDA}"


def en_palabras(monto: Monto) -> str:
    """En prosa: «mil doscientos treinta y cuatro dólares con cincuenta y seis centavos»."""
    dolares, centavos = divmod(_centavos(monto), 100)
    if dolares == 1:
        texto = "un dólar"
    else:
        # Tras millones exactos «dólares» es complemento del sustantivo: «un millón de dólares».
        de = " de" if dolares and dolares % 1_000_000 == 0 else ""
        texto = f"{cardinal(dolares, apocope=True)}{de} dólares"
    if centavos == 0:
        return texto
    nombre = "centavo" if centavos == 1 else "centavos"
    return f"{texto} con {cardinal(centavos, apocope=True)} {nombre}"


def _normalizar(texto: str) -> str:
    """Minúsculas, sin tildes y con un solo espacio entre palabras, para leer con tolerancia."""
    descompuesto = unicodedata.normalize("NFD", texto)
    sin_tildes = "".join(c for c in descompuesto if unicodedata.category(c) != "Mn")
    return " ".join(sin_tildes.lower().split())


_LECTURA_HASTA_29 = {_normalizar(p): v for v, p in enumerate(_HASTA_29) if v not in (0, 1, 21)}
_LECTURA_DECENAS = {p: v * 10 for v, p in _DECENAS.items()}
_LECTURA_CENTENAS = {p: v * 100 for v, p in enumerate(_CENTENAS) if v} | {"cien": 100}
_LECTURA_UNIDADES = {p: v for p, v in _LECTURA_HASTA_29.items() if v < 10}
_VOCABULARIO = {*_LECTURA_HASTA_29, *_LECTURA_DECENAS, *_LECTURA_CENTENAS, "y", "mil", "millon"}
_VOCABULARIO |= {"millones", "cero", "uno", "un", "una", "veintiuno", "veintiun", "veintiuna"}


def _leer_uno(palabra: str, uno: str) -> int | None:
    """1 o 21 si `palabra` los escribe en la forma `uno` que toca aquí; None si no es un uno."""
    if palabra in ("uno", "un", "una"):
        esperada = uno
    elif palabra in ("veintiuno", "veintiun", "veintiuna"):
        esperada = _VEINTIUNO[uno]
    else:
        return None
    # «veintiuno mil» o «un» al final de un cardinal suelto: el número está, la forma no.
    if palabra != _normalizar(esperada):
        raise ValueError(f"Aquí corresponde «{esperada}», no «{palabra}».")
    return 1 if esperada == uno else 21


def _leer_decenas(palabras: list[str], uno: str) -> int:
    """Lee de 1 a 99 en palabras ya normalizadas; la unidad uno tiene que escribirse `uno`."""
    if len(palabras) == 1:
        palabra = palabras[0]
        valor = _leer_uno(palabra, uno) or _LECTURA_HASTA_29.get(palabra)
        valor = valor or _LECTURA_DECENAS.get(palabra)
        if valor is None:
            raise ValueError(f"«{palabra}» no va en ese lugar.")
        return valor
    if len(palabras) == 3 and palabras[0] in _LECTURA_DECENAS and palabras[1] == "y":
        unidad = _leer_uno(palabras[2], uno) or _LECTURA_UNIDADES.get(palabras[2])
        if unidad is not None:
            return _LECTURA_DECENAS[palabras[0]] + unidad
    raise ValueError(f"«{' '.join(palabras)}» no es una decena bien escrita.")


def _leer_grupo(palabras: list[str], uno: str) -> int:
    """Lee de 1 a 999: una centena opcional y luego, opcionalmente, de 1 a 99."""
    if not palabras:
        raise ValueError("Falta un número.")
    centena = _LECTURA_CENTENAS.get(palabras[0], 0)
    resto = palabras[1:] if centena else palabras
    if palabras[0] == "cien" and resto:
        raise ValueError(f"Se escribe «ciento {' '.join(resto)}», no «cien {' '.join(resto)}».")
    if palabras[0] == "ciento" and not resto:
        raise ValueError("«ciento» solo no es un número: se escribe «cien».")
    return centena + (_leer_decenas(resto, uno) if resto else 0)


def _leer_hasta_millon(palabras: list[str], uno: str) -> int:
    """Lee de 1 a 999 999: lo que cuenta los miles lleva la unidad apocopada y nunca es uno."""
    if palabras.count("mil") > 1:
        raise ValueError("«mil» aparece más de una vez en el mismo grupo.")
    if "mil" not in palabras:
        return _leer_grupo(palabras, uno)
    posicion = palabras.index("mil")
    antes, despues = palabras[:posicion], palabras[posicion + 1 :]
    miles = 1
    if antes:
        miles = _leer_grupo(antes, "un")
        if miles == 1:
            raise ValueError("Se escribe «mil», no «un mil».")
    return miles * 1000 + (_leer_grupo(despues, uno) if despues else 0)


def leer_cardinal(texto: str, *, apocope: bool = False) -> int:
    """El entero que nombra un cardinal masculino; estricto salvo mayúsculas, tildes y espacios."""
    palabras = _normalizar(texto).split()
    uno = "un" if apocope else "uno"
    if palabras == ["cero"]:
        return 0
    if not palabras:
        raise ValueError("No hay ningún número que leer.")
    for palabra in palabras:
        if palabra not in _VOCABULARIO:
            raise ValueError(f"«{palabra}» no es una palabra de número.")
    multiplos = [p for p in palabras if p in ("millon", "millones")]
    if len(multiplos) > 1:
        raise ValueError("«millón» o «millones» aparece más de una vez.")
    if not multiplos:
        return _leer_hasta_millon(palabras, uno)
    posicion = palabras.index(multiplos[0])
    antes, despues = palabras[:posicion], palabras[posicion + 1 :]
    if not antes:
        raise ValueError(f"Falta cuántos: «{multiplos[0]}» no puede ir al principio.")
    millones = _leer_hasta_millon(antes, "un")
    if (millones == 1) != (multiplos[0] == "millon"):
        raise ValueError("Se escribe «un millón» y, desde dos, «millones».")
    return millones * 1_000_000 + (_leer_hasta_millon(despues, uno) if despues else 0)


def leer_monto(texto: str) -> Decimal:
    """El monto que dice una frase en forma legal («… 56/100 DÓLARES …»); estricto."""
    forma = _FORMA_LEGAL.fullmatch(_normalizar(texto))
    if forma is None:
        raise ValueError(f"«{texto}» no tiene la forma «NÚMERO NN/100 DÓLARES {MONEDA}».")
    try:
        dolares = leer_cardinal(forma["numero"], apocope=True)
    except ValueError as error:
        raise ValueError(f"«{texto}» no es un monto en letras bien escrito: {error}") from None
    centavos = int(forma["centavos"])
    if (dolares == 1 and centavos == 0) != (forma["moneda"] == "dolar"):
        raise ValueError(f"«{texto}»: solo 1.00 se escribe «DÓLAR»; todo otro monto, «DÓLARES».")
    return Decimal(dolares) + Decimal(centavos).scaleb(-2)
