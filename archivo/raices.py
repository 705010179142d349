"""Las raíces de las palabras en español: el algoritmo Snowball español, el `spanish_stem` de
PostgreSQL, paso por paso.

Trabaja sobre una palabra en minúsculas CON sus tildes (`cotización`, `entregándole`): varios
sufijos del algoritmo las llevan (-ación, -ución, -logía, -ía, -ió, -ábamos…) y sin ellas no se
reconocen. Como el de PostgreSQL, su último paso quita las tildes agudas que queden
(á é í ó ú → a e i o u) y deja la «ü» y la «ñ»; `lexico` pliega después la raíz (sin tildes ni
diéresis ni eñes) y decide qué palabras son vacías. `tests/archivo/test_busqueda.py` compara
esta función con `ts_lexize('spanish_stem', …)` palabra por palabra.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache


def lista(texto: str) -> tuple[str, ...]:
    """Las palabras de un texto separado por espacios (listas largas legibles en el código)."""
    return tuple(texto.split())


_VOCALES = frozenset("aeiouáéíóúü")
_SIN_TILDE = str.maketrans("áéíóú", "aeiou")
_PRONOMBRES = lista("selas selos sela selo las les los nos me se la le lo")
# Lo que puede llevar un pronombre pegado: gerundio o infinitivo; con tilde, la pierde.
_ANTES_DEL_PRONOMBRE = {
    **{v: v for v in lista("iendo ando ar er ir yendo")},
    **{"iéndo": "iendo", "ándo": "ando", "ár": "ar", "ér": "er", "ír": "ir"},
}
_PASO1 = {
    **dict.fromkeys(
        lista(
            "anza anzas ico ica icos icas ismo ismos able ables ible ibles ista istas oso osa osos "
            "osas amiento amientos imiento imientos"
        ),
        "r2",
    ),
    **dict.fromkeys(
        lista("adora ador ación adoras adores aciones ante antes ancia ancias"), "r2_ic"
    ),
    **dict.fromkeys(lista("logía logías"), "log"),
    **dict.fromkeys(lista("ución uciones"), "u"),
    **dict.fromkeys(lista("encia encias"), "ente"),
    "amente": "amente",
    "mente": "mente",
    **dict.fromkeys(lista("idad idades"), "idad"),
    **dict.fromkeys(lista("iva ivo ivas ivos"), "iva"),
}
# Lo que el paso 1 pone en lugar del sufijo en vez de borrarlo (solo en R2): -logía → -log…
_REEMPLAZOS = frozenset(("log", "u", "ente"))
# Lo que el paso 1 quita después, si está en R2, según el sufijo que quitó.
_DESPUES = {
    "r2_ic": ("ic",),
    "mente": ("ante", "able", "ible"),
    "idad": ("abil", "ic", "iv"),
    "iva": ("at",),
}
_PASO2A = lista("ya ye yan yen yeron yendo yo yó yas yes yais yamos")
# Los que, tras `gu`, se llevan también la `u` (`averigüen` no; `persiguen` → `persig`).
_PASO2B_GU = lista("en es éis emos")
_PASO2B = lista(
    "aba ada ida ara iera ía aría ería iría ad ed id ase iese aste iste an aban aran ieran ían "
    "arían erían irían asen iesen aron ieron arán erán irán ado ido ando iendo ar er ir as abas "
    "adas idas aras ieras ías arías erías irías ases ieses abais arais ierais íais aríais eríais "
    "iríais aseis ieseis asteis isteis áis aréis eréis iréis ados idos amos ábamos áramos "
    "iéramos íamos aríamos eríamos iríamos aremos eremos iremos ásemos iésemos imos arás erás "
    "irás ís ará erá irá aré eré iré ió"
)
_RESIDUALES = lista("os a o á í ó e é")


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
    """Los sufijos agrupados por largo, de los más largos a los más cortos."""
    largos = sorted({len(s) for s in sufijos}, reverse=True)
    return tuple((n, frozenset(s for s in sufijos if len(s) == n)) for n in largos)


def _mas_largo(p: str, sufijos: Iterable[str]) -> str:
    """El sufijo más largo de la lista con que termina la palabra ("" si ninguno)."""
    for n, grupo in _por_largo(tuple(sufijos)):
        if len(p) >= n and p[-n:] in grupo:
            return p[-n:]
    return ""


def _pronombre(p: str, rv: int) -> str:
    """Paso 0: quita el pronombre pegado a un gerundio o infinitivo (`entregándole` →
    `entregando`); la tilde que llevaba el verbo por el pronombre se va con él."""
    s = _mas_largo(p, _PRONOMBRES)
    if not s:
        return p
    base = p[: -len(s)]
    verbo = _mas_largo(base, _ANTES_DEL_PRONOMBRE)
    if not verbo or len(base) - len(verbo) < rv:
        return p
    if verbo == "yendo" and not base[: -len(verbo)].endswith("u"):
        return p
    return base[: -len(verbo)] + _ANTES_DEL_PRONOMBRE[verbo]


def _paso1(p: str, r1: int, r2: int) -> tuple[str, bool]:
    """Paso 1: quita (o cambia) el sufijo derivativo; dice si había alguno."""
    s = _mas_largo(p, _PASO1)
    if not s:
        return p, False
    accion, inicio = _PASO1[s], len(p) - len(s)
    if accion == "amente":
        return _amente(p, inicio, r1, r2)
    if inicio < r2:
        return p, False
    if accion in _REEMPLAZOS:
        return p[:inicio] + accion, True
    p = p[:inicio]
    sig = _mas_largo(p, _DESPUES.get(accion, ()))
    if sig and len(p) - len(sig) >= r2:
        p = p[: -len(sig)]
    return p, True


def _amente(p: str, inicio: int, r1: int, r2: int) -> tuple[str, bool]:
    """Paso 1 para `-amente` (en R1), con lo que le precede en R2 (`-iv`, `-ativ`, `-os`…)."""
    if inicio < r1:
        return p, False
    p = p[:inicio]
    sig = _mas_largo(p, ("iv", "os", "ic", "ad"))
    if sig and len(p) - len(sig) >= r2:
        p = p[: -len(sig)]
        if sig == "iv" and p.endswith("at") and len(p) - 2 >= r2:
            p = p[:-2]
    return p, True


def _paso2(p: str, rv: int) -> str:
    """Paso 2: quita el sufijo verbal en RV (los que empiezan por `y`, solo tras `u`)."""
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
    """Paso 3: quita la vocal final en RV (`os`, `a`, `o`, `e`, con o sin tilde; y la `u` de
    `gue`)."""
    s = _mas_largo(p, _RESIDUALES)
    if not s or len(p) - len(s) < rv:
        return p
    p = p[: -len(s)]
    if s in ("e", "é") and p.endswith("gu") and len(p) - 1 >= rv:
        p = p[:-1]
    return p


@lru_cache(maxsize=200_000)
def raiz(palabra: str) -> str:
    """La raíz Snowball de una palabra en minúsculas con sus tildes, como la da PostgreSQL
    (`cotización` → `cotiz`, `cobrándole` → `cobr`, `pingüinos` → `pingüin`)."""
    rv, r1, r2 = _regiones(palabra)
    p = _pronombre(palabra, rv)
    p, hecho = _paso1(p, r1, r2)
    if not hecho:
        p = _paso2(p, rv)
    return _residual(p, rv).translate(_SIN_TILDE)
