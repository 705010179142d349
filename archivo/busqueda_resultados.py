"""Lo que muestra una búsqueda en el archivo: cada expediente elegido, su patrono y sus documentos.

Los datos se leen por sus ids en dos consultas (expedientes con su patrono, documentos con el
comienzo de su texto) y cada documento lleva un fragmento alrededor de la primera palabra buscada.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, text

from archivo import lexico
from archivo.busqueda_consulta import Consulta, raices_de
from expedientes import formatear_nit

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
class ResultadoBusqueda:
    """Un expediente encontrado: sus datos, su patrono, si está sellado y qué documentos coinciden."""

    expediente: ExpedienteEncontrado
    patrono: PatronoEncontrado
    sellado: bool
    documentos: list[DocumentoEncontrado] = field(default_factory=list)

    def como_dict(self) -> dict[str, Any]:
        """Para JSON: las fechas en ISO 8601."""

        def iso(valor: Any) -> Any:
            """El valor con sus fechas (también dentro de listas y diccionarios) en ISO 8601."""
            if isinstance(valor, date):
                return valor.isoformat()
            if isinstance(valor, dict):
                return {k: iso(v) for k, v in valor.items()}
            if isinstance(valor, list):
                return [iso(v) for v in valor]
            return valor

        return iso(asdict(self))


def presentar(
    conexion: Connection, consulta: Consulta, elegidos: list[tuple[int, list[int]]]
) -> list[ResultadoBusqueda]:
    """Los datos de cada expediente elegido y de sus documentos, en el orden dado."""
    if not elegidos:
        return []
    expedientes = _expedientes_elegidos(conexion, [e for e, _ in elegidos])
    documentos = _documentos_elegidos(conexion, [d for _, ds in elegidos for d in ds])
    resultados = []
    for expediente_id, ids in elegidos:
        e = expedientes.get(expediente_id)
        if e is None:  # borrado después de indexado: el índice se pone al día en su flush
            continue
        resultados.append(
            ResultadoBusqueda(
                expediente=ExpedienteEncontrado(
                    e.numero, e.tipo, e.etapa, _fecha(e.abierto_el), _fecha(e.cerrado_el)
                ),
                patrono=PatronoEncontrado(e.numero_patronal, nit_legible(e.nit), e.razon_social),
                sellado=bool(e.sellado),
                documentos=[_documento(documentos[d], consulta) for d in ids if d in documentos],
            )
        )
    return resultados


def _expedientes_elegidos(conexion: Connection, ids: list[int]) -> dict[int, Any]:
    """Las filas de estos expedientes con su patrono y si están sellados, por id."""
    return {
        fila.id: fila
        for fila in conexion.execute(
            text(
                "SELECT e.id, e.numero, e.tipo, e.etapa, e.abierto_el, e.cerrado_el, "
                "p.numero_patronal, p.nit, p.razon_social, "
                "EXISTS (SELECT 1 FROM sello s WHERE s.expediente_id = e.id) AS sellado "
                "FROM expediente e JOIN patrono p ON p.id = e.patrono_id WHERE e.id IN :ids"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": ids},
        )
    }


def _documentos_elegidos(conexion: Connection, ids: list[int]) -> dict[int, Any]:
    """Las filas de estos documentos con el comienzo de su texto (para el fragmento), por id."""
    return {
        fila.id: fila
        for fila in conexion.execute(
            text(
                "SELECT id, orden, tipo, titulo, referencia, fecha, "
                "substr(texto, 1, :largo) AS texto FROM documento_expediente WHERE id IN :ids"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": ids or [0], "largo": MAX_TEXTO_FRAGMENTO},
        )
    }


def _fecha(valor: Any) -> Any:
    """SQLite devuelve las fechas de una consulta textual como texto ISO."""
    return date.fromisoformat(valor) if isinstance(valor, str) else valor


def _documento(fila: Any, consulta: Consulta) -> DocumentoEncontrado:
    """El documento encontrado de una fila, con el fragmento de su texto que toca la consulta."""
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
    for raiz in {r for p in consulta.palabras for r in raices_de(p)}:
        for m in _patron_de_raiz(raiz).finditer(texto, 0, inicio):
            if raiz in (r for f in lexico.fichas(m.group()) for r in raices_de(f)):
                inicio = m.start()
                break
    inicio = 0 if inicio == len(texto) else max(0, inicio - LARGO_FRAGMENTO // 3)
    trozo = " ".join(texto[inicio : inicio + LARGO_FRAGMENTO].split())
    return ("…" if inicio else "") + trozo + ("…" if inicio + LARGO_FRAGMENTO < len(texto) else "")


def nit_legible(nit: str) -> str:
    """El NIT con sus guiones (o como esté guardado si no tiene 9 ni 14 dígitos)."""
    return formatear_nit(nit) if nit.isdigit() and len(nit) in (9, 14) else nit
