"""Lo que se busca en el archivo: el texto del usuario interpretado en claves, palabras y filtros.

Nada de lo que escribe el usuario llega crudo a la base: la consulta sale de aquí ya partida en
claves exactas, palabras (con sus tildes, sin las vacías) y fichas de filtro, y se traduce a la
expresión de cada motor (FTS5 en SQLite, `tsquery` en PostgreSQL) con los mismos lexemas que
guarda el índice (`lexico.lexemas_de`: cada palabra vale por cualquiera de los suyos, el de como
se escribió y el de la misma palabra sin tildes); ningún motor los vuelve a reducir.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from archivo import lexico
from expedientes import ErrorDominio, TipoExpediente

MAX_CONSULTA = 200
MAX_PALABRAS = 12
ETIQUETAS = frozenset(
    lexico.lista("nit dui nrc n no num numero patronal expediente exp ref referencia")
)


@dataclass(frozen=True)
class Consulta:
    """Lo que se busca, ya interpretado: nada de lo que escribe el usuario llega crudo a la base."""

    claves: frozenset[str]
    palabras: tuple[str, ...]
    filtros: tuple[tuple[str, ...], ...]
    desde: date | None
    hasta: date | None
    solo_documentos: bool

    @property
    def vacia(self) -> bool:
        """Sin claves, palabras ni filtros: no hay nada que buscar."""
        return not (self.claves or self.palabras or self.filtros or self.desde or self.hasta)

    def _grupos(self) -> list[tuple[str, ...]]:
        """Lo que debe estar en una fila: de cada palabra y de cada filtro, alguna de sus fichas."""
        palabras = dict.fromkeys(r for r in map(raices_de, self.palabras) if r)
        return [*palabras, *self.filtros]

    def fts5(self) -> str:
        """La expresión MATCH de FTS5: grupos de lexemas entre comillas (OR) unidos con AND."""
        return " AND ".join(
            "(" + " OR ".join(f'"{f}"' for f in g) + ")" if len(g) > 1 else f'"{g[0]}"'
            for g in self._grupos()
        )

    def tsquery(self) -> str:
        """El texto de un `tsquery` con los lexemas tal cual (`CAST(… AS tsquery)`: sin reducir
        ni partir), cada uno entre comillas simples (solo tienen a-z y 0-9)."""
        return " & ".join(
            "(" + " | ".join(f"'{f}'" for f in g) + ")" if len(g) > 1 else f"'{g[0]}'"
            for g in self._grupos()
        )


@lru_cache(maxsize=65536)
def raices_de(palabra: str) -> tuple[str, ...]:
    """Los lexemas de una palabra buscada (ninguno si es vacía; en caché: se piden en cada
    fragmento)."""
    return lexico.lexemas_de(palabra)


def _con_sus_tildes(texto: str, resto: str) -> list[str]:
    """Las palabras de `resto` (el texto plegado, sin sus claves) como se escribieron en `texto`,
    con sus tildes: la raíz se calcula sobre ellas."""
    escritas = {lexico.normalizar(p): p for p in lexico.fichas(texto)}
    return [escritas.get(f, f) for f in lexico.fichas(resto)]


def interpretar(
    texto: str, desde: date | None = None, hasta: date | None = None, tipo: str | None = None
) -> Consulta:
    """Separa claves y palabras (sin las vacías) y traduce los filtros a fichas del índice."""
    if desde and hasta and desde > hasta:
        raise ErrorDominio(
            "No se pudo buscar.", [f"La fecha «desde» ({desde}) es posterior a «hasta» ({hasta})."]
        )
    claves, resto = lexico.claves(texto[:MAX_CONSULTA])
    palabras = [p for p in _con_sus_tildes(texto[:MAX_CONSULTA], resto) if raices_de(p)]
    if claves:  # «NIT 0614-…», «N.º patronal 310145678»: la etiqueta no es una palabra buscada
        palabras = [p for p in palabras if lexico.normalizar(p) not in ETIQUETAS]
    palabras = palabras[:MAX_PALABRAS]
    filtros: list[tuple[str, ...]] = []
    if desde and hasta and (hasta.year - desde.year) <= 20:
        filtros.append(tuple(lexico.fichas_de_rango(desde, hasta)))
    tipo_normal = lexico.ficha_de("", tipo or "")
    solo_documentos = False
    if tipo and tipo_normal != lexico.RESERVADO:
        es_de_expediente = tipo_normal in {lexico.ficha_de("", t.value) for t in TipoExpediente}
        filtros.append((lexico.ficha_de("t" if es_de_expediente else "d", tipo),))
        solo_documentos = not es_de_expediente
    return Consulta(
        claves=frozenset(sorted(claves)[:MAX_PALABRAS]),
        palabras=tuple(dict.fromkeys(palabras)),
        filtros=tuple(filtros),
        desde=desde,
        hasta=hasta,
        solo_documentos=solo_documentos,
    )
