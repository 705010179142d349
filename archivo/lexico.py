"""Las palabras y claves con que se indexa y se busca en el archivo, iguales en ambos motores.

El texto se normaliza en Python (como `normalizar_busqueda`: sin tildes ni mayúsculas) y se parte en
fichas `[a-z0-9]+`. PostgreSQL recibe esas fichas y las reduce a su raíz con la configuración
`spanish`; SQLite (FTS5) no sabe español, así que recibe las raíces ya calculadas aquí con el
mismo algoritmo (Snowball español, en `raices`) y la misma lista de palabras vacías. Así una búsqueda da lo
mismo en los dos motores (`tests/archivo/test_busqueda.py` lo compara con `ts_lexize`).

Los identificadores (NIT, número patronal, EXP-…, CE-/CS-/DRP-…, acuerdos y actas) no se
reducen: se sacan como claves exactas, iguales del lado del documento y del de la consulta.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from archivo.raices import lista, raiz

# Fichas reservadas para los filtros (año, mes, tipos): ningún texto puede producirlas.
RESERVADO = "x0"
MAX_FICHA = 50
MAX_TEXTO = 500_000

# Las palabras vacías de PostgreSQL (`spanish.stop`) que pueden aparecer en un texto sin tildes:
# las que llevan tilde nunca coinciden con una ficha normalizada, en ningún motor.
VACIAS = frozenset(
    lista(
        """de la que el en y a los del se las por un para con no una su al lo como pero sus le ya o
    este porque esta entre cuando muy sin sobre me hasta hay donde quien desde todo nos durante
    todos uno les ni contra otros ese eso ante ellos e esto antes algunos unos yo otro otras otra
    tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros mi
    mis te ti tu tus ellas nosotras vosostros vosostras os tuyo tuya tuyos tuyas suyo suya suyos
    suyas nuestro nuestra nuestros nuestras vuestro vuestra vuestros vuestras esos esas estoy
    estamos estemos estaremos estaba estabas estabais estaban estuve estuviste estuvo estuvimos
    estuvisteis estuvieron estuviera estuvieras estuvierais estuvieran estuviese estuvieses
    estuvieseis estuviesen estando estado estada estados estadas estad he has ha hemos han haya
    hayas hayamos hayan habremos hube hubiste hubo hubimos hubisteis hubieron hubiera hubieras
    hubierais hubieran hubiese hubieses hubieseis hubiesen habiendo habido habida habidos habidas
    soy eres es somos sois son sea seas seamos sean seremos era eras erais eran fui fuiste fue
    fuimos fuisteis fueron fuera fueras fuerais fueran fuese fueses fueseis fuesen sintiendo
    sentido sentida sentidos sentidas siente sentid tengo tienes tiene tenemos tienen tenga tengas
    tengamos tengan tendremos tuve tuviste tuvo tuvimos tuvisteis tuvieron tuviera tuvieras
    tuvierais tuvieran tuviese tuvieses tuvieseis tuviesen teniendo tenido tenida tenidos tenidas
    tened"""
    )
)

_FICHA = re.compile(r"[a-z0-9]+")
_PREFIJADO = re.compile(r"\b(exp|ce|cs|drp)\s?-?\s?(\d{4})\s?-?\s?(\d{1,6})(?!\d)")
_ACUERDO = re.compile(
    r"\b(acuerdo|acta|resolucion)\s?(?:(?:n|no|num|numero)\s?\.?\s?[o°]?\s?\.?\s?)?"
    r"(\d+(?:\s?-\s?\d+)*)(?!\d)"
)
_NIT_CON_ESPACIOS = re.compile(r"(?<![\d-])(\d{4} \d{6} \d{3} \d|\d{8} \d)(?![\d-])")
_NUMERO = re.compile(r"\d+(?:[-.]\d+)*")
MIN_DIGITOS_CLAVE = 6
_NO_ASCII = re.compile(r"[^\x00-\x7f]+")


def _sin_combinantes(m: re.Match[str]) -> str:
    """El trozo no ASCII sin sus marcas combinantes (las tildes ya separadas por NFKD)."""
    return "".join(c for c in m.group() if not unicodedata.combining(c))


def normalizar(texto: str) -> str:
    """Lo mismo que `normalizar_busqueda`, hecho por expresiones regulares (textos largos)."""
    if texto.isascii():
        return " ".join(texto.lower().split())
    descompuesto = unicodedata.normalize("NFKD", texto.casefold())
    return " ".join(_NO_ASCII.sub(_sin_combinantes, descompuesto).split())


def fichas(texto: str) -> list[str]:
    """Las fichas `[a-z0-9]+` del texto normalizado, sin las reservadas ni las demasiado largas."""
    normal = normalizar(texto[:MAX_TEXTO])
    return [
        f for f in _FICHA.findall(normal) if len(f) <= MAX_FICHA and not f.startswith(RESERVADO)
    ]


def es_numerica(ficha: str) -> bool:
    """¿Lleva dígitos? Entonces ningún motor la reduce ni la toma por palabra vacía."""
    return not ficha.isalpha()  # las fichas solo tienen a-z y 0-9


@lru_cache(maxsize=200_000)
def lexema(ficha: str) -> str | None:
    """Lo que queda de una ficha en el índice de SQLite: su raíz, o nada si es palabra vacía."""
    if es_numerica(ficha):
        return ficha
    if ficha in VACIAS:
        return None
    return raiz(ficha)


def lexemas(texto: str) -> list[str]:
    """Las raíces del texto, sin repetir, en orden de aparición."""
    vistos = dict.fromkeys(x for x in map(lexema, fichas(texto)) if x)
    return list(vistos)


def claves(texto: str) -> tuple[set[str], str]:
    """Los identificadores del texto como claves exactas, y el texto que queda sin ellos."""
    normal = normalizar(texto[:MAX_TEXTO])
    encontradas: set[str] = set()

    def prefijado(m: re.Match[str]) -> str:
        """EXP-, CE-, CS- o DRP- con año y número, sin ceros a la izquierda."""
        encontradas.add(f"{m.group(1)}-{m.group(2)}-{int(m.group(3))}")
        return " "

    def acuerdo(m: re.Match[str]) -> str:
        """Acuerdo, acta o resolución con su número (y el número solo, si es largo)."""
        numero = re.sub(r"\s", "", m.group(2))
        encontradas.add(f"{m.group(1)}-{numero}")
        if len(numero.replace("-", "")) >= MIN_DIGITOS_CLAVE:
            encontradas.add(numero.replace("-", ""))
        return " "

    def numero(m: re.Match[str]) -> str:
        """Un número largo (NIT, número patronal) por sus dígitos; uno corto queda como palabra."""
        digitos = re.sub(r"\D", "", m.group(0))
        if len(digitos) < MIN_DIGITOS_CLAVE:
            return m.group(0)
        encontradas.add(digitos)
        return " "

    resto = _PREFIJADO.sub(prefijado, normal)
    resto = _ACUERDO.sub(acuerdo, resto)
    resto = _NIT_CON_ESPACIOS.sub(numero, resto)
    resto = _NUMERO.sub(numero, resto)
    return encontradas, resto


def ficha_de(prefijo: str, valor: str) -> str:
    """Una ficha reservada de filtro: `x0t` + `cobro`, `x0d` + `acuerdoconsejo`…"""
    return RESERVADO + prefijo + "".join(_FICHA.findall(normalizar(valor)))


def fichas_de_fecha(fecha: date) -> list[str]:
    """Las fichas de año y de mes de una fecha (para filtrar rangos en el índice)."""
    return [ficha_de("a", f"{fecha.year}"), ficha_de("m", f"{fecha.year}{fecha.month:02d}")]


def fichas_de_rango(desde: date, hasta: date) -> list[str]:
    """Fichas de año y mes que cubren el rango: años completos como año, lo demás por mes."""
    salida: list[str] = []
    anio, mes = desde.year, desde.month
    while (anio, mes) <= (hasta.year, hasta.month):
        if mes == 1 and anio < hasta.year:
            salida.append(ficha_de("a", f"{anio}"))
            anio += 1
            continue
        salida.append(ficha_de("m", f"{anio}{mes:02d}"))
        anio, mes = (anio + 1, 1) if mes == 12 else (anio, mes + 1)
    return salida
