"""Las palabras y claves con que se indexa y se busca en el archivo, iguales en ambos motores.

El texto se normaliza en Python (como `normalizar_busqueda`: sin tildes ni mayúsculas) y se parte en
fichas `[a-z0-9]+`. PostgreSQL recibe esas fichas y las reduce a su raíz con la configuración
`spanish`; SQLite (FTS5) no sabe español, así que recibe las raíces ya calculadas aquí con el
mismo algoritmo (Snowball español) y la misma lista de palabras vacías. Así una búsqueda da lo
mismo en los dos motores (`tests/archivo/test_busqueda.py` lo compara con `ts_lexize`).

Los identificadores (NIT, número patronal, EXP-…, CE-/CS-/DRP-…, acuerdos y actas) no se
reducen: se sacan como claves exactas, iguales del lado del documento y del de la consulta.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import lru_cache


def lista(texto: str) -> tuple[str, ...]:
    """Las palabras de un texto separado por espacios (listas largas legibles en el código)."""
    return tuple(texto.split())


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


# --- Snowball español (el de PostgreSQL), sobre texto ya sin tildes -------------------------

_VOCALES = frozenset("aeiou")
_PRONOMBRES = lista("selas selos sela selo las les los nos me se la le lo")
_PASO1 = {
    **dict.fromkeys(
        lista(
            "anza anzas ico ica icos icas ismo ismos able ables ible ibles ista istas oso osa osos "
            "osas amiento amientos imiento imientos"
        ),
        "r2",
    ),
    **dict.fromkeys(lista("adora ador adoras adores aciones ante antes ancia ancias"), "r2_ic"),
    "uciones": "u",
    "encia": "ente",
    "encias": "ente",
    "amente": "amente",
    "mente": "mente",
    "idad": "idad",
    "idades": "idad",
    "iva": "iva",
    "ivo": "iva",
    "ivas": "iva",
    "ivos": "iva",
}
_PASO2A = lista("ya ye yan yen yeron yendo yo yas yes yais yamos")
_PASO2B_GU = ("en", "es", "emos")
_PASO2B = lista(
    "aremos eremos iremos aba ada ida ara iera ad ed id ase iese aste iste an aban aran ieran "
    "asen iesen aron ieron ado ido ando iendo ar er ir as abas adas idas aras ieras ases ieses "
    "abais arais ierais aseis ieseis asteis isteis ados idos amos imos"
)


def _despues_de_vc(palabra: str, desde: int) -> int:
    """La posición tras la primera consonante que sigue a una vocal (R1/R2 de Snowball)."""
    for i in range(max(desde, 1), len(palabra)):
        if palabra[i] not in _VOCALES and palabra[i - 1] in _VOCALES and i - 1 >= desde:
            return i + 1
    return len(palabra)


def _regiones(p: str) -> tuple[int, int, int]:
    """RV, R1 y R2 de la palabra, como las define el algoritmo."""
    rv = len(p)
    if len(p) >= 2:
        if p[1] not in _VOCALES:
            rv = next((i + 1 for i in range(2, len(p)) if p[i] in _VOCALES), len(p))
        elif p[0] in _VOCALES:
            rv = next((i + 1 for i in range(2, len(p)) if p[i] not in _VOCALES), len(p))
        else:
            rv = min(3, len(p))
    r1 = _despues_de_vc(p, 0)
    r2 = _despues_de_vc(p, r1)
    return rv, r1, r2


@lru_cache(maxsize=64)
def _por_largo(sufijos: tuple[str, ...]) -> tuple[tuple[int, frozenset[str]], ...]:
    largos = sorted({len(s) for s in sufijos}, reverse=True)
    return tuple((n, frozenset(s for s in sufijos if len(s) == n)) for n in largos)


def _mas_largo(p: str, sufijos: Iterable[str]) -> str:
    """El sufijo más largo de la lista con que termina la palabra ("" si ninguno)."""
    for n, grupo in _por_largo(tuple(sufijos)):
        if len(p) >= n and p[-n:] in grupo:
            return p[-n:]
    return ""


def _pronombre(p: str, rv: int) -> str:
    s = _mas_largo(p, _PRONOMBRES)
    if not s:
        return p
    base = p[: -len(s)]
    verbo = _mas_largo(base, ("iendo", "ando", "ar", "er", "ir", "yendo"))
    if not verbo or len(base) - len(verbo) < rv:
        return p
    if verbo == "yendo" and not base[: -len(verbo)].endswith("u"):
        return p
    return base


def _paso1(p: str, r1: int, r2: int) -> tuple[str, bool]:
    s = _mas_largo(p, _PASO1)
    if not s:
        return p, False
    accion, inicio = _PASO1[s], len(p) - len(s)
    if accion == "amente":
        if inicio < r1:
            return p, False
        p = p[:inicio]
        sig = _mas_largo(p, ("iv", "os", "ic", "ad"))
        if sig and len(p) - len(sig) >= r2:
            p = p[: -len(sig)]
            if sig == "iv" and p.endswith("at") and len(p) - 2 >= r2:
                p = p[:-2]
        return p, True
    if inicio < r2:
        return p, False
    if accion in ("u", "ente"):
        return p[:inicio] + accion, True
    p = p[:inicio]
    siguientes = {
        "r2_ic": ("ic",),
        "mente": ("ante", "able", "ible"),
        "idad": ("abil", "ic", "iv"),
        "iva": ("at",),
    }.get(accion, ())
    sig = _mas_largo(p, siguientes)
    if sig and len(p) - len(sig) >= r2:
        p = p[: -len(sig)]
    return p, True


def _paso2(p: str, rv: int) -> str:
    s = _mas_largo(p[rv:], _PASO2A)
    if s and p[: -len(s)].endswith("u"):
        return p[: -len(s)]
    s = _mas_largo(p[rv:], _PASO2B_GU + _PASO2B)
    if not s:
        return p
    p = p[: -len(s)]
    if s in _PASO2B_GU and p.endswith("gu"):
        p = p[:-1]
    return p


def _residual(p: str, rv: int) -> str:
    s = _mas_largo(p, ("os", "a", "o", "e"))
    if not s or len(p) - len(s) < rv:
        return p
    p = p[: -len(s)]
    if s == "e" and p.endswith("gu") and len(p) - 1 >= rv:
        p = p[:-1]
    return p


@lru_cache(maxsize=200_000)
def raiz(palabra: str) -> str:
    """La raíz Snowball de una palabra en minúsculas sin tildes (`cobranzas` → `cobranz`)."""
    rv, r1, r2 = _regiones(palabra)
    p = _pronombre(palabra, rv)
    p, hecho = _paso1(p, r1, r2)
    if not hecho:
        p = _paso2(p, rv)
    return _residual(p, rv)


# --- Fichas, palabras y claves ---------------------------------------------------------------


_NO_ASCII = re.compile(r"[^\x00-\x7f]+")


def _sin_combinantes(m: re.Match[str]) -> str:
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
        encontradas.add(f"{m.group(1)}-{m.group(2)}-{int(m.group(3))}")
        return " "

    def acuerdo(m: re.Match[str]) -> str:
        numero = re.sub(r"\s", "", m.group(2))
        encontradas.add(f"{m.group(1)}-{numero}")
        if len(numero.replace("-", "")) >= MIN_DIGITOS_CLAVE:
            encontradas.add(numero.replace("-", ""))
        return " "

    def numero(m: re.Match[str]) -> str:
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
