"""Buscar en el archivo: un expediente por sus identificadores, sus nombres o sus documentos.

Una consulta se parte en claves exactas (NIT en cualquier formato, número patronal, EXP-, CE-,
CS-, DRP-, acuerdos, actas) y palabras (sin tildes ni mayúsculas, reducidas a su raíz). Un
expediente resulta cuando tiene todas las claves (en su cabecera o en sus documentos), todas las
palabras aparecen juntas en su cabecera o en uno de sus documentos, y esa fila cae en los filtros
(fechas `desde`/`hasta` del documento o de la apertura; tipo del expediente o del documento).

Orden: primero lo hallado por clave exacta; luego donde coincide la cabecera (razón social,
nombre comercial, número); luego por cuántos documentos coinciden y cuán recientes son. Cada
motor examina a lo sumo las `TOPE_FILAS` filas más recientes que coinciden, las mismas en ambos:
SQLite y PostgreSQL dan el mismo resultado para los mismos datos.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlmodel import Session

from archivo import lexico
from archivo.indice import es_postgres
from expedientes.errores import ErrorDominio
from expedientes.etapas import Tipo
from expedientes.identificadores import formatear_nit

MAX_CONSULTA = 200
MAX_PALABRAS = 12
LIMITE_MAXIMO = 500
TOPE_FILAS = 1000
TOPE_CLAVES = 5000
TOPE_EXPEDIENTES_CLAVE = 1000
MAX_DOCUMENTOS = 5
ETIQUETAS = frozenset(
    lexico.lista("nit dui nrc n no num numero patronal expediente exp ref referencia")
)
LARGO_FRAGMENTO = 160
MAX_TEXTO_FRAGMENTO = 20_000


@dataclass(frozen=True)
class ExpedienteEncontrado:
    """Los datos del expediente que muestra un resultado."""

    numero: str
    tipo: str
    etapa: str
    abierto_el: date
    cerrado_el: date | None


@dataclass(frozen=True)
class PatronoEncontrado:
    """El patrono del expediente encontrado."""

    numero_patronal: str
    nit: str
    razon_social: str


@dataclass(frozen=True)
class DocumentoEncontrado:
    """Un documento del expediente que coincide con la búsqueda, con un fragmento de su texto."""

    orden: int
    tipo: str
    titulo: str
    referencia: str
    fecha: date
    fragmento: str


@dataclass(frozen=True)
class Resultado:
    """Un expediente encontrado: sus datos, su patrono, si está sellado y qué documentos coinciden."""

    expediente: ExpedienteEncontrado
    patrono: PatronoEncontrado
    sellado: bool
    documentos: list[DocumentoEncontrado] = field(default_factory=list)

    def como_dict(self) -> dict[str, Any]:
        """Para JSON: las fechas en ISO 8601."""

        def iso(valor: Any) -> Any:
            if isinstance(valor, date):
                return valor.isoformat()
            if isinstance(valor, dict):
                return {k: iso(v) for k, v in valor.items()}
            if isinstance(valor, list):
                return [iso(v) for v in valor]
            return valor

        return iso(asdict(self))


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
        grupos = [(r,) for r in dict.fromkeys(map(_raiz, self.palabras))] + list(self.filtros)
        return " AND ".join(
            "(" + " OR ".join(f'"{f}"' for f in g) + ")" if len(g) > 1 else f'"{g[0]}"'
            for g in grupos
        )

    def tsquery(self) -> str:
        """El texto para `to_tsquery('spanish', …)`: PostgreSQL reduce las palabras él mismo."""
        grupos = [(p,) for p in self.palabras] + list(self.filtros)
        return " & ".join("(" + " | ".join(g) + ")" if len(g) > 1 else g[0] for g in grupos)


@lru_cache(maxsize=65536)
def _raiz(palabra: str) -> str | None:
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
    palabras = [f for f in lexico.fichas(resto) if _raiz(f) is not None]
    if claves:  # «NIT 0614-…», «N.º patronal 310145678»: la etiqueta no es una palabra buscada
        palabras = [p for p in palabras if p not in ETIQUETAS]
    palabras = palabras[:MAX_PALABRAS]
    filtros: list[tuple[str, ...]] = []
    if desde and hasta and (hasta.year - desde.year) <= 20:
        filtros.append(tuple(lexico.fichas_de_rango(desde, hasta)))
    tipo_normal = lexico.ficha_de("", tipo or "")
    solo_documentos = False
    if tipo and tipo_normal != lexico.RESERVADO:
        es_de_expediente = tipo_normal in {lexico.ficha_de("", t.value) for t in Tipo}
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


def _filas(
    conexion: Connection, tabla: str, rowid: str, consulta: Consulta, en: Sequence[int] | None
) -> list[tuple[int, int]]:
    """Las filas (id, expediente) de una tabla del índice que coinciden, las más recientes."""
    condiciones: list[str] = []
    valores: dict[str, Any] = {"tope": TOPE_FILAS}
    desde_fts, orden = "", f"t.{rowid}"
    if consulta.palabras or consulta.filtros:
        if es_postgres(conexion):
            condiciones.append("t.vector @@ to_tsquery('spanish', :q)")
            valores["q"] = consulta.tsquery()
        else:
            # Sin restricción, FTS5 entrega las filas en orden de rowid descendente y se detiene
            # en el tope; con una lista corta de expedientes, conviene recorrer esos y preguntar
            # a FTS5 fila por fila (CROSS JOIN fija ese orden en SQLite).
            union = "CROSS JOIN" if en is not None else "JOIN"
            desde_fts = f"{union} {tabla}_fts f ON f.rowid = t.{rowid} "
            orden = f"t.{rowid}" if en is not None else "f.rowid"
            condiciones.append(f"f.{tabla}_fts MATCH :q")
            valores["q"] = consulta.fts5()
    if consulta.desde:
        condiciones.append("t.fecha >= :desde")
        valores["desde"] = consulta.desde
    if consulta.hasta:
        condiciones.append("t.fecha <= :hasta")
        valores["hasta"] = consulta.hasta
    if en is not None:
        condiciones.append("t.expediente_id IN :en")
        valores["en"] = list(en)
    sql = (
        f"SELECT t.{rowid}, t.expediente_id FROM {tabla} t {desde_fts}"  # noqa: S608 (nombres fijos)
        f"WHERE {' AND '.join(condiciones) or '1 = 1'} ORDER BY {orden} DESC LIMIT :tope"
    )
    sentencia = text(sql)
    if en is not None:
        sentencia = sentencia.bindparams(bindparam("en", expanding=True))
    return [(a, b) for a, b in conexion.execute(sentencia, valores).all()]


@dataclass
class _Coincidencia:
    cabecera: bool = False
    documentos: list[int] = field(default_factory=list)


def _por_claves(conexion: Connection, consulta: Consulta) -> dict[int, _Coincidencia]:
    """Los expedientes que tienen todas las claves, con las filas que las llevan."""
    sentencia = text(
        "SELECT clave, expediente_id, documento_id FROM busqueda_clave "
        "WHERE clave IN :claves ORDER BY expediente_id DESC, COALESCE(documento_id, 0) DESC "
        "LIMIT :tope"
    ).bindparams(bindparam("claves", expanding=True))
    tiene: dict[int, set[str]] = {}
    coincidencias: dict[int, _Coincidencia] = {}
    for clave, expediente_id, documento_id in conexion.execute(
        sentencia, {"claves": sorted(consulta.claves), "tope": TOPE_CLAVES}
    ):
        tiene.setdefault(expediente_id, set()).add(clave)
        c = coincidencias.setdefault(expediente_id, _Coincidencia())
        if documento_id is None:
            c.cabecera = True
        elif documento_id not in c.documentos:
            c.documentos.append(documento_id)
    completos = sorted((e for e, cs in tiene.items() if cs == consulta.claves), reverse=True)
    return {e: coincidencias[e] for e in completos[:TOPE_EXPEDIENTES_CLAVE]}


def _por_texto(
    conexion: Connection, consulta: Consulta, en: Sequence[int] | None
) -> dict[int, _Coincidencia]:
    """Los expedientes cuya cabecera o alguno de cuyos documentos coincide con palabras y filtros."""
    coincidencias: dict[int, _Coincidencia] = {}
    if not consulta.solo_documentos:
        for expediente_id, _ in _filas(
            conexion, "busqueda_expediente", "expediente_id", consulta, en
        ):
            coincidencias.setdefault(expediente_id, _Coincidencia()).cabecera = True
    for documento_id, expediente_id in _filas(
        conexion, "busqueda_documento", "documento_id", consulta, en
    ):
        coincidencias.setdefault(expediente_id, _Coincidencia()).documentos.append(documento_id)
    return coincidencias


def _orden(item: tuple[int, _Coincidencia]) -> tuple[int, int, int, int]:
    expediente_id, c = item
    return (
        0 if c.cabecera else 1,
        -len(c.documentos),
        -max(c.documentos, default=0),
        -expediente_id,
    )


def buscar(
    *,
    session: Session,
    texto: str,
    desde: date | None = None,
    hasta: date | None = None,
    tipo: str | None = None,
    limite: int = 50,
) -> list[Resultado]:
    """Los expedientes que coinciden, los mejores primero (ver el docstring del módulo)."""
    if limite < 1:
        raise ErrorDominio("No se pudo buscar.", ["El límite de resultados debe ser al menos 1."])
    consulta = interpretar(texto, desde, hasta, tipo)
    if consulta.vacia:
        return []
    conexion = session.connection()
    if consulta.claves:
        coincidencias = _por_claves(conexion, consulta)
        if coincidencias and (consulta.palabras or consulta.filtros or desde or hasta):
            coincidencias = _por_texto(conexion, consulta, list(coincidencias))
    else:
        coincidencias = _por_texto(conexion, consulta, None)
    elegidos = sorted(coincidencias.items(), key=_orden)[: min(limite, LIMITE_MAXIMO)]
    return _presentar(conexion, consulta, [(e, c.documentos[:MAX_DOCUMENTOS]) for e, c in elegidos])


def _presentar(
    conexion: Connection, consulta: Consulta, elegidos: list[tuple[int, list[int]]]
) -> list[Resultado]:
    """Los datos de cada expediente elegido y de sus documentos, en el orden dado."""
    if not elegidos:
        return []
    expedientes = {
        fila.id: fila
        for fila in conexion.execute(
            text(
                "SELECT e.id, e.numero, e.tipo, e.etapa, e.abierto_el, e.cerrado_el, "
                "p.numero_patronal, p.nit, p.razon_social, "
                "EXISTS (SELECT 1 FROM sello s WHERE s.expediente_id = e.id) AS sellado "
                "FROM expediente e JOIN patrono p ON p.id = e.patrono_id WHERE e.id IN :ids"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": [e for e, _ in elegidos]},
        )
    }
    documentos = {
        fila.id: fila
        for fila in conexion.execute(
            text(
                "SELECT id, orden, tipo, titulo, referencia, fecha, "
                "substr(texto, 1, :largo) AS texto FROM documento_expediente WHERE id IN :ids"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": [d for _, ds in elegidos for d in ds] or [0], "largo": MAX_TEXTO_FRAGMENTO},
        )
    }
    resultados = []
    for expediente_id, ids in elegidos:
        e = expedientes.get(expediente_id)
        if e is None:  # borrado después de indexado: el índice se pone al día en su flush
            continue
        resultados.append(
            Resultado(
                expediente=ExpedienteEncontrado(
                    e.numero, e.tipo, e.etapa, _fecha(e.abierto_el), _fecha(e.cerrado_el)
                ),
                patrono=PatronoEncontrado(e.numero_patronal, nit_legible(e.nit), e.razon_social),
                sellado=bool(e.sellado),
                documentos=[_documento(documentos[d], consulta) for d in ids if d in documentos],
            )
        )
    return resultados


def _fecha(valor: Any) -> Any:
    """SQLite devuelve las fechas de una consulta textual como texto ISO."""
    return date.fromisoformat(valor) if isinstance(valor, str) else valor


def _documento(fila: Any, consulta: Consulta) -> DocumentoEncontrado:
    return DocumentoEncontrado(
        orden=fila.orden,
        tipo=fila.tipo,
        titulo=fila.titulo,
        referencia=fila.referencia,
        fecha=_fecha(fila.fecha),
        fragmento=fragmento(fila.texto or "", consulta),
    )


_VARIANTES = {"a": "aáàâä", "e": "eéèêë", "i": "iíìîï", "o": "oóòôö", "u": "uúùûü", "n": "nñ"}


@lru_cache(maxsize=4096)
def _patron_de_raiz(raiz: str) -> re.Pattern[str]:
    """Palabras que empiezan como la raíz, con o sin tildes (`cotiz` → «Cotización»)."""
    clases = "".join(f"[{_VARIANTES[c]}]" if c in _VARIANTES else re.escape(c) for c in raiz)
    return re.compile(rf"(?<![^\W_]){clases}[^\W_]*", re.IGNORECASE)


def fragmento(texto: str, consulta: Consulta) -> str:
    """Un trozo del texto alrededor de la primera palabra buscada (o su comienzo)."""
    inicio = len(texto)
    for raiz in {r for r in map(_raiz, consulta.palabras) if r}:
        for m in _patron_de_raiz(raiz).finditer(texto, 0, inicio):
            if raiz in (_raiz(f) for f in lexico.fichas(m.group())):
                inicio = m.start()
                break
    inicio = 0 if inicio == len(texto) else max(0, inicio - LARGO_FRAGMENTO // 3)
    trozo = " ".join(texto[inicio : inicio + LARGO_FRAGMENTO].split())
    return ("…" if inicio else "") + trozo + ("…" if inicio + LARGO_FRAGMENTO < len(texto) else "")


def nit_legible(nit: str) -> str:
    """El NIT con sus guiones (o como esté guardado si no tiene 9 ni 14 dígitos)."""
    return formatear_nit(nit) if nit.isdigit() and len(nit) in (9, 14) else nit
