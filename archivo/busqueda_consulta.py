"""Lo que se busca en el archivo: el texto del usuario interpretado en claves, palabras y filtros.

Nada de lo que escribe el usuario llega crudo a la base: la consulta sale de aquí ya partida en
claves exactas, palabras (sin las vacías) y fichas de filtro, y se traduce a la expresión de cada
motor (FTS5 en SQLite, `tsquery` en PostgreSQL).
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

    def fts5(self) -> str:
        """La expresión MATCH de FTS5: raíces entre comillas unidas con AND."""
        grupos = [(r,) for r in dict.fromkeys(map(raiz_de, self.palabras))] + list(self.filtros)
        return " AND ".join(
            "(" + " OR ".join(f'"{f}"' for f in g) + ")" if len(g) > 1 else f'"{g[0]}"'
            for g in grupos
        )

    def tsquery(self) -> str:
        """El texto para `to_tsquery('spanish', …)`: PostgreSQL reduce las palabras él mismo."""
        grupos = [(p,) for p in self.palabras] + list(self.filtros)
        return " & ".join("(" + " | ".join(g) + ")" if len(g) > 1 else g[0] for g in grupos)


@lru_cache(maxsize=65536)
def raiz_de(palabra: str) -> str | None:
    """La raíz de una palabra buscada, o nada si es vacía (en caché: se pide en cada fragmento)."""
    return lexico.lexema(palabra)


def interpretar(
    texto: str, desde: date | None = None, hasta: date | None = None, tipo: str | None = None
) -> Consulta:
    """Separa claves y palabras (sin las vacías) y traduce los filtros a fichas del índice."""
    if desde and hasta and desde > hasta:
        raise ErrorDominio(
            "No se pudo buscar.", [f"La fecha «desde» ({desde}) es posterior a «hasta» ({hasta})."]
        )
    claves, resto = lexico.claves(texto[:MAX_CONSULTA])
    palabras = [f for f in lexico.fichas(resto) if raiz_de(f) is not None]
    if claves:  # «NIT 0614-…», «N.º patronal 310145678»: la etiqueta no es una palabra buscada
        palabras = [p for p in palabras if p not in ETIQUETAS]
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
