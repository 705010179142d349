"""Las palabras y claves con que se indexa y se busca en el archivo, iguales en ambos motores.

Cada palabra del texto se toma en minúsculas y CON sus tildes (`fichas`: «Cotización» →
«cotización»), se reduce a su raíz con el Snowball español de PostgreSQL (`raices`: el mismo
`spanish_stem`, cuyos sufijos llevan tildes: -ación, -ía, -ió…) y solo después se pliega, sin
tildes, diéresis ni eñes (como `normalizar_busqueda`): ese es su `lexema`. Reducir antes de
plegar importa: «cotizacion» ya no termina en «-ación» y el algoritmo la dejaría entera, mientras
«cotizaciones» queda en `cotiz`.

Quien escribe sin tildes (`lexemas_de`):
- una palabra sin ninguna tilde que termina en -acion, -ucion o -logia(s) tras otra sílaba se
  reduce como si la llevara (-ación, -ución, -logía): en español esas terminaciones siempre la
  llevan, y así «cotizacion» también da `cotiz`;
- en las demás no se sabe si falta una tilde («debia», «guzman», «cuscatlan»), y el algoritmo
  reduce distinto con ella y sin ella («Guzmán» → `guzman`, «guzman» → `guzm`). Por eso una
  palabra con tildes lleva al índice, además de su lexema, el de la misma palabra escrita sin
  ellas cuando es otro, y en la consulta cada palabra vale por cualquiera de sus lexemas:
  «guzman» encuentra «Guzmán», y «Guzmán» encuentra un «guzman» escrito sin tilde.

Los lexemas se calculan aquí para los dos motores y ninguno los vuelve a reducir: SQLite (FTS5)
los guarda como texto y PostgreSQL como `tsvector` hecho con ellos tal cual
(`array_to_tsvector`); la consulta lleva los mismos a cada uno. Así una búsqueda da lo mismo en
los dos (`tests/archivo/test_busqueda.py` compara `raices` con `ts_lexize('spanish_stem', …)`).

Palabras vacías: la lista `spanish` de PostgreSQL (`VACIAS_POSTGRESQL`, con sus tildes: «él»,
«está», «más»), comparada sin tildes (`VACIAS`): una palabra es vacía si, plegada, es una de esa
lista plegada. Son las de PostgreSQL y las mismas escritas sin sus tildes («mas», «tambien»), para
que quien busca «mas cotizaciones» no exija una palabra que el índice nunca guarda.

Los identificadores (NIT, número patronal, EXP-…, CE-/CS-/DRP-…, acuerdos y actas) no se
reducen: se sacan del texto plegado como claves exactas, iguales del lado del documento y del de
la consulta. Tampoco se reduce una ficha con cifras.
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

# Las palabras vacías de PostgreSQL, tal cual su `spanish.stop` (con sus tildes).
VACIAS_POSTGRESQL = frozenset(
    lista(
        """de la que el en y a los del se las por un para con no una su al lo como más pero sus le
    ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo
    nos durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué unos
    yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas
    algunas algo nosotros mi mis tú te ti tu tus ellas nosotras vosostros vosostras os mío mía míos
    mías tuyo tuya tuyos tuyas suyo suya suyos suyas nuestro nuestra nuestros nuestras vuestro
    vuestra vuestros vuestras esos esas estoy estás está estamos estáis están esté estés estemos
    estéis estén estaré estarás estará estaremos estaréis estarán estaría estarías estaríamos
    estaríais estarían estaba estabas estábamos estabais estaban estuve estuviste estuvo estuvimos
    estuvisteis estuvieron estuviera estuvieras estuviéramos estuvierais estuvieran estuviese
    estuvieses estuviésemos estuvieseis estuviesen estando estado estada estados estadas estad he
    has ha hemos habéis han haya hayas hayamos hayáis hayan habré habrás habrá habremos habréis
    habrán habría habrías habríamos habríais habrían había habías habíamos habíais habían hube
    hubiste hubo hubimos hubisteis hubieron hubiera hubieras hubiéramos hubierais hubieran hubiese
    hubieses hubiésemos hubieseis hubiesen habiendo habido habida habidos habidas soy eres es somos
    sois son sea seas seamos seáis sean seré serás será seremos seréis serán sería serías seríamos
    seríais serían era eras éramos erais eran fui fuiste fue fuimos fuisteis fueron fuera fueras
    fuéramos fuerais fueran fuese fueses fuésemos fueseis fuesen sintiendo sentido sentida
    sentidos sentidas siente sentid tengo tienes tiene tenemos tenéis tienen tenga tengas tengamos
    tengáis tengan tendré tendrás tendrá tendremos tendréis tendrán tendría tendrías tendríamos
    tendríais tendrían tenía tenías teníamos teníais tenían tuve tuviste tuvo tuvimos tuvisteis
    tuvieron tuviera tuvieras tuviéramos tuvierais tuvieran tuviese tuvieses tuviésemos tuvieseis
    tuviesen teniendo tenido tenida tenidos tenidas tened"""
    )
)

_FICHA = re.compile(r"[a-z0-9]+")
# Una palabra: letras y cifras de cualquier alfabeto, con las marcas combinantes que no se unieron.
_PALABRA = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff])*")
_PREFIJADO = re.compile(r"\b(exp|ce|cs|drp)\s?-?\s?(\d{4})\s?-?\s?(\d{1,6})(?!\d)")
_ACUERDO = re.compile(
    r"\b(acuerdo|acta|resolucion)\s?(?:(?:n|no|num|numero)\s?\.?\s?[o°]?\s?\.?\s?)?"
    r"(\d+(?:\s?-\s?\d+)*)(?!\d)"
)
_NIT_CON_ESPACIOS = re.compile(r"(?<![\d-])(\d{4} \d{6} \d{3} \d|\d{8} \d)(?![\d-])")
_NUMERO = re.compile(r"\d+(?:[-.]\d+)*")
MIN_DIGITOS_CLAVE = 6
_NO_ASCII = re.compile(r"[^\x00-\x7f]+")
# Terminaciones que en español siempre llevan tilde y que el algoritmo solo reconoce con ella.
_CON_TILDE = {"acion": "ación", "ucion": "ución", "logia": "logía", "logias": "logías"}
_AGUDAS = frozenset("áéíóú")


def _sin_combinantes(m: re.Match[str]) -> str:
    """El trozo no ASCII sin sus marcas combinantes (las tildes ya separadas por NFKD)."""
    return "".join(c for c in m.group() if not unicodedata.combining(c))


def normalizar(texto: str) -> str:
    """Lo mismo que `normalizar_busqueda`, hecho por expresiones regulares (textos largos)."""
    if texto.isascii():
        return " ".join(texto.lower().split())
    descompuesto = unicodedata.normalize("NFKD", texto.casefold())
    return " ".join(_NO_ASCII.sub(_sin_combinantes, descompuesto).split())


# Las vacías de PostgreSQL sin sus tildes: con ellas se compara cada palabra ya plegada.
VACIAS = frozenset(normalizar(p) for p in VACIAS_POSTGRESQL)


def _admitida(plegada: str) -> bool:
    """¿Entra en el índice? Ni demasiado larga ni con el prefijo reservado a los filtros."""
    return len(plegada) <= MAX_FICHA and not plegada.startswith(RESERVADO)


def fichas(texto: str) -> list[str]:
    """Las palabras del texto en minúsculas y con sus tildes (`Cotización` → `cotización`), sin
    las reservadas ni las demasiado largas; plegada, cada una es una ficha `[a-z0-9]+`."""
    texto = texto[:MAX_TEXTO]
    if texto.isascii():
        return [f for f in _FICHA.findall(texto.lower()) if _admitida(f)]
    minusculas = unicodedata.normalize("NFKC", texto).casefold()
    return [f for m in _PALABRA.finditer(minusculas) for f in _partes(m.group())]


@lru_cache(maxsize=100_000)
def _partes(palabra: str) -> tuple[str, ...]:
    """La palabra tal cual si al plegarla queda una ficha; si no (ø, letras de otro alfabeto…),
    las fichas que deja plegada."""
    plegada = normalizar(palabra)
    if _FICHA.fullmatch(plegada):
        return (palabra,) if _admitida(plegada) else ()
    return tuple(f for f in _FICHA.findall(plegada) if _admitida(f))


def es_numerica(plegada: str) -> bool:
    """¿Lleva cifras la ficha plegada? Entonces no se reduce ni se toma por palabra vacía."""
    return not plegada.isalpha()  # las fichas plegadas solo tienen a-z y 0-9


def con_tilde(palabra: str) -> str:
    """La palabra escrita sin ninguna tilde con la de su terminación, si esta siempre la lleva
    (`cotizacion` → `cotización`, `metodologias` → `metodologías`); cualquier otra, tal cual."""
    if _AGUDAS.intersection(palabra):
        return palabra
    for sin, con in _CON_TILDE.items():
        if palabra.endswith(sin) and len(palabra) > len(sin):
            return palabra[: -len(sin)] + con
    return palabra


def _raiz_plegada(palabra: str) -> str:
    """La raíz Snowball de la palabra (con la tilde de su terminación, si le falta), plegada."""
    return normalizar(raiz(con_tilde(palabra)))


def lexema(ficha: str) -> str | None:
    """El lexema de una palabra (de `fichas`) tal como se escribió: su raíz, plegada; nada si es
    palabra vacía; la ficha plegada si lleva cifras."""
    return next(iter(lexemas_de(ficha)), None)


@lru_cache(maxsize=200_000)
def lexemas_de(ficha: str) -> tuple[str, ...]:
    """Los lexemas de una palabra (de `fichas`): el de la palabra como se escribió y, si lleva
    tildes y sin ellas da otro, también ese; ninguno si es vacía; la ficha plegada si lleva
    cifras. Los dos van al índice, y en una consulta la palabra vale por cualquiera."""
    plegada = normalizar(ficha)
    if es_numerica(plegada):
        return (plegada,)
    if plegada in VACIAS:
        return ()
    if plegada == ficha:
        return (_raiz_plegada(ficha),)
    return tuple(dict.fromkeys((_raiz_plegada(ficha), _raiz_plegada(plegada))))


def lexemas(texto: str) -> list[str]:
    """Los lexemas de las palabras del texto, sin repetir, en orden de aparición."""
    return list(dict.fromkeys(x for f in fichas(texto) for x in lexemas_de(f)))


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
