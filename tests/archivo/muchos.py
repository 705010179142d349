"""Un archivo con más de mil expedientes que coinciden con una misma palabra, para probar que la
búsqueda cuenta todo y alcanza cada página en cada orden.

Se carga en bloque (como los benchmarks) y el índice lo escribe el código de producción
(`reindexar_todo`). Los nombres son hostiles (tildes, `&`, `<`, comillas, `{{ }}`); el número,
la fecha de apertura, el patrono y el id de cada expediente van en órdenes distintos, y la palabra
está en la cabecera de unos, en documentos de otros (de cero a tres por expediente) o en ambos.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session, col

from archivo.documentos import DocumentoExpediente
from archivo.indice import reindexar_todo
from expedientes import Expediente, Patrono, normalizar_busqueda

PALABRA = "cotizaciones"
CUANTOS = 1_130
PATRONOS = 40
_RAZONES = [
    "Ñandú & Hijos «{i}» <S.A.>",
    'Árbol "Verde" {{{{ x }}}} n.º {i}',
    "Zúñiga & Cía <{i}>",
    "Óptica O'Brien {i}",
    'éxito & "Cía" {i}',
    "Büro <{{{{ y }}}}> {i}",
]
_ABIERTO = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Sembrado:
    """Un expediente cargado y lo que la búsqueda de `PALABRA` debe hallar de él."""

    id: int
    numero: str
    abierto: date
    patrono: str  # la razón social y el nombre comercial plegados (`Patrono.busqueda`)
    razon_social: str
    numero_patronal: str
    cabecera: bool
    documentos: list[int] = field(default_factory=list)  # los que llevan la palabra, ids
    gestor_id: int | None = None
    sellado: bool = False


def _patronos(session: Session) -> list[tuple[int, str, str, str]]:
    """Los patronos de nombres hostiles: (id, busqueda, número patronal, razón social)."""
    filas = []
    for i in range(PATRONOS):
        razon = _RAZONES[i % len(_RAZONES)].format(i=(i * 17) % PATRONOS)
        filas.append({
            "numero_patronal": f"{410000000 + i}", "nit": f"0614{i:010d}", "razon_social": razon,
            "nombre_comercial": f"Librería «{i}»", "busqueda": normalizar_busqueda(f"{razon} Librería «{i}»"),
            "creado_en": _ABIERTO, "actualizado_en": _ABIERTO,
        })  # fmt: skip
    session.connection().execute(insert(Patrono), filas)
    consulta = select(
        col(Patrono.id),
        col(Patrono.busqueda),
        col(Patrono.numero_patronal),
        col(Patrono.razon_social),
    )
    return [
        (a, b, c, d) for a, b, c, d in session.connection().execute(consulta.order_by(Patrono.id))
    ]


def _expediente(k: int, patrono_id: int) -> dict[str, Any]:
    """El expediente k: número, apertura y patrono en órdenes distintos de k."""
    cabecera = k % 9 != 0
    return {
        "numero": f"EXP-{2016 + (k * 7) % 10}-{(k * 389) % 100_000:05d}",
        "patrono_id": patrono_id, "tipo": "cobro", "etapa": "en_gestion",
        "asunto": f"Mora en {PALABRA} & recargos <{k}>" if cabecera else f'Trámite «especial» "{{{{ y }}}}" {k}',
        "abierto_el": date(2016, 1, 1) + timedelta(days=(k * 53) % 3650),
        "creado_en": _ABIERTO, "actualizado_en": _ABIERTO,
    }  # fmt: skip


def _documentos(k: int, expediente_id: int) -> list[dict[str, Any]]:
    """Los documentos del expediente k: con la palabra (ninguno a tres) y, a veces, uno sin ella."""
    con_palabra = 1 if k % 9 == 0 else ((k // 5) % 4 if k % 5 == 0 else 0)
    textos = [f'Señores: la mora en {PALABRA} de "{{{{ plazo }}}}" <{k}> & más'] * con_palabra
    if k % 5 == 0:
        textos.append("Constancia de notificación «sin novedad» & <nada más>")
    return [
        {"expediente_id": expediente_id, "orden": orden, "tipo": "escrito_patrono",
         "titulo": 'Escrito «urgente» & <anexo> "{{ x }}"', "referencia": "",
         "fecha": date(2026, 2, 1), "origen": "entrante", "folios": 1, "sha256": "0" * 64,
         "texto": texto, "creado_en": _ABIERTO}
        for orden, texto in enumerate(textos, start=1)
    ]  # fmt: skip


def sembrar_muchos(session: Session) -> list[Sembrado]:
    """Carga `CUANTOS` expedientes de `PATRONOS` patronos con sus documentos e indexa todo."""
    patronos = _patronos(session)
    c = session.connection()
    elegidos = [patronos[(k * 13) % PATRONOS] for k in range(CUANTOS)]
    c.execute(insert(Expediente), [_expediente(k, p[0]) for k, p in enumerate(elegidos)])
    ids = list(c.execute(select(col(Expediente.id)).order_by(Expediente.id)).scalars())
    documentos = [d for k, e in enumerate(ids) for d in _documentos(k, e)]
    c.execute(insert(DocumentoExpediente), documentos)
    sembrados = []
    for k, (expediente_id, (_, busqueda, numero_patronal, razon)) in enumerate(
        zip(ids, elegidos, strict=True)
    ):
        datos = _expediente(k, 0)
        sembrados.append(
            Sembrado(expediente_id, datos["numero"], datos["abierto_el"], busqueda, razon,
                     numero_patronal, cabecera=PALABRA in datos["asunto"])
        )  # fmt: skip
    por_id = {s.id: s for s in sembrados}
    consulta = select(col(DocumentoExpediente.id), col(DocumentoExpediente.expediente_id)).where(
        col(DocumentoExpediente.texto).contains(PALABRA)
    )
    for documento_id, expediente_id in c.execute(consulta.order_by(DocumentoExpediente.id)):
        por_id[expediente_id].documentos.append(documento_id)
    reindexar_todo(session)
    return sembrados


def repartir(session: Session, sembrados: list[Sembrado], gestor_id: int) -> None:
    """Un cuarto de los expedientes a cargo de `gestor_id` y un sexto sellados (archivados)."""
    suyos = [s for s in sembrados if s.id % 4 == 1]
    sellados = [s for s in sembrados if s.id % 6 == 2]
    c = session.connection()
    c.execute(
        update(Expediente).where(col(Expediente.id).in_([s.id for s in suyos])).values(gestor_id=gestor_id)
    )  # fmt: skip
    c.execute(
        update(Expediente).where(col(Expediente.id).in_([s.id for s in sellados])).values(sellado_en=_ABIERTO)
    )  # fmt: skip
    for s in suyos:
        s.gestor_id = gestor_id
    for s in sellados:
        s.sellado = True


def por_relevancia(sembrados: list[Sembrado], ve: Callable[[Sembrado], bool]) -> list[str]:
    """Los números en el orden de relevancia para quien ve por dentro lo que `ve` dice: la
    cabecera primero, luego más documentos, el más reciente, el expediente más nuevo; de lo que
    no ve por dentro, solo lo hallado en su cabecera (sin documentos)."""
    vistos = [
        (s.cabecera, s.documentos if ve(s) else [], s) for s in sembrados if ve(s) or s.cabecera
    ]
    vistos = [v for v in vistos if v[0] or v[1]]
    vistos.sort(key=lambda v: (not v[0], -len(v[1]), -max(v[1], default=0), -v[2].id))
    return [s.numero for _, _, s in vistos]


# Cada orden de la lista, como lo da la lista de expedientes: por la clave y el número.
CLAVES: dict[str, Callable[[Sembrado], Any]] = {
    "abierto": lambda s: (s.abierto, s.numero),
    "numero": lambda s: s.numero,
    "patrono": lambda s: (s.patrono, s.numero),
}


def en_orden(sembrados: list[Sembrado], orden: str) -> list[str]:
    """Los números en el orden pedido (`clave` o `-clave`)."""
    clave = CLAVES[orden.lstrip("-")]
    return [s.numero for s in sorted(sembrados, key=clave, reverse=orden.startswith("-"))]
