"""El índice de búsqueda del archivo: sus tablas y cómo se mantiene al día sin que nadie lo pida.

Tres tablas derivadas (se pueden reconstruir en cualquier momento con `reindexar_todo`); lo que
lleva cada fila lo arma `indice_filas`:
- `busqueda_expediente`: la cabecera de cada expediente (razón social, nombre comercial, número,
  asunto) con las fichas de su fecha de apertura y de su tipo;
- `busqueda_documento`: cada documento (título, referencia, texto) con las de su fecha y tipos;
- `busqueda_clave`: los identificadores exactos (NIT, número patronal, EXP-, CE-, CS-, DRP-,
  acuerdos y actas) con el expediente y, si viene de uno, el documento.

La columna `vector` lleva, en los dos motores, las raíces que calcula `lexico` (cada palabra
reducida con sus tildes y plegada después) y las fichas de los filtros: en PostgreSQL, un
`tsvector` hecho con ellas tal cual (`array_to_tsvector`: ninguna configuración de texto las
vuelve a reducir ni a partir; índice GIN); en SQLite, el texto que lee la tabla FTS5
`<tabla>_fts` (contenido externo, la mantienen triggers). Las tablas FTS5 no están en los
metadatos: las crea la migración 0005.

Como la bitácora (`expedientes.auditoria`), el índice se escribe en el flush de SQLAlchemy, en la
misma transacción que el cambio: ningún servicio puede olvidarse de reindexar. Los UPDATE masivos
de Core no pasan por la sesión; tras uno de ellos, `reindexar_todo`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any

from sqlalchemy import (
    Connection,
    Index,
    Text,
    bindparam,
    delete,
    event,
    func,
    insert,
    inspect,
    literal,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import Field, SQLModel, col

from archivo.documentos import DocumentoExpediente
from archivo.indice_filas import (
    FilasDelIndice,
    consulta_cabeceras,
    consulta_documentos,
    filas_de_cabecera,
    filas_de_documento,
)
from expedientes import Expediente, Patrono

VECTOR = Text().with_variant(TSVECTOR(), "postgresql")
# En SQLite el índice GIN no existe: el mismo nombre queda como índice parcial vacío (`WHERE 0`)
# para que el esquema declarado sea uno solo; allí busca la tabla FTS5.
_VACIO_EN_SQLITE = text("0")
LOTE = 1000


class BusquedaExpediente(SQLModel, table=True):
    """La cabecera de un expediente en el índice (una fila por expediente)."""

    __tablename__ = "busqueda_expediente"
    __table_args__ = (
        Index(
            "ix_busqueda_expediente_vector",
            "vector",
            postgresql_using="gin",
            sqlite_where=_VACIO_EN_SQLITE,
        ),
    )

    expediente_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    fecha: date
    vector: str = Field(sa_type=VECTOR)


class BusquedaDocumento(SQLModel, table=True):
    """Un documento del expediente en el índice (una fila por documento)."""

    __tablename__ = "busqueda_documento"
    __table_args__ = (
        Index(
            "ix_busqueda_documento_vector",
            "vector",
            postgresql_using="gin",
            sqlite_where=_VACIO_EN_SQLITE,
        ),
    )

    documento_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    expediente_id: int = Field(index=True)
    fecha: date
    vector: str = Field(sa_type=VECTOR)


class BusquedaClave(SQLModel, table=True):
    """Un identificador exacto de un expediente (o de uno de sus documentos)."""

    __tablename__ = "busqueda_clave"
    __table_args__ = (Index("ix_busqueda_clave_clave", "clave", "expediente_id"),)

    id: int | None = Field(default=None, primary_key=True)
    clave: str = Field(max_length=60)
    expediente_id: int = Field(index=True)
    documento_id: int | None = None


# Las tablas FTS5 de SQLite (las crea la migración 0005; no están en los metadatos).
TABLAS_FTS = ("busqueda_expediente_fts", "busqueda_documento_fts")


def es_postgres(conexion: Connection) -> bool:
    """¿El índice de esta conexión es un `tsvector` de PostgreSQL?"""
    return conexion.dialect.name == "postgresql"


def escribir_indice(conexion: Connection, filas: FilasDelIndice) -> None:
    """Inserta las filas (en PostgreSQL, el `tsvector` de sus raíces tal cual, sin reducirlas)."""
    postgres = es_postgres(conexion)
    for modelo, valores in (
        (BusquedaExpediente, filas.cabeceras),
        (BusquedaDocumento, filas.documentos),
    ):
        if not valores:
            continue
        sentencia = insert(modelo)
        if postgres:
            # El texto viaja como `v` y cada raíz entra tal cual (sin posiciones): `to_tsvector`
            # la volvería a partir con su analizador («1e5x» → «1e5», «x»).
            lexemas = func.string_to_array(bindparam("v", type_=Text), literal(" "))
            sentencia = sentencia.values(vector=func.array_to_tsvector(lexemas))
            valores = [{**_sin_vector(v), "v": v["vector"]} for v in valores]
        conexion.execute(sentencia, valores)
    if filas.claves:
        conexion.execute(insert(BusquedaClave), filas.claves)


def _sin_vector(valores: dict[str, Any]) -> dict[str, Any]:
    """La fila sin su columna `vector` (en PostgreSQL la calcula la propia sentencia)."""
    return {k: v for k, v in valores.items() if k != "vector"}


def _lotes(ids: Iterable[int]) -> Iterator[list[int]]:
    """Los ids, sin repetir y ordenados, en lotes de `LOTE` (para no pasar listas enormes)."""
    iterador = iter(sorted(set(ids)))
    while lote := list(islice(iterador, LOTE)):
        yield lote


def reindexar_expedientes(conexion: Connection, ids: Iterable[int]) -> None:
    """Vuelve a escribir la cabecera y sus claves de estos expedientes."""
    for lote in _lotes(ids):
        conexion.execute(
            delete(BusquedaExpediente).where(col(BusquedaExpediente.expediente_id).in_(lote))
        )
        conexion.execute(
            delete(BusquedaClave).where(
                col(BusquedaClave.expediente_id).in_(lote),
                col(BusquedaClave.documento_id).is_(None),
            )
        )
        filas = FilasDelIndice()
        for fila in conexion.execute(consulta_cabeceras().where(col(Expediente.id).in_(lote))):
            filas_de_cabecera(fila, filas)
        escribir_indice(conexion, filas)


def reindexar_documentos(conexion: Connection, ids: Iterable[int]) -> None:
    """Vuelve a escribir estos documentos y sus claves (los que ya no existen, se quitan)."""
    for lote in _lotes(ids):
        conexion.execute(
            delete(BusquedaDocumento).where(col(BusquedaDocumento.documento_id).in_(lote))
        )
        conexion.execute(delete(BusquedaClave).where(col(BusquedaClave.documento_id).in_(lote)))
        filas = FilasDelIndice()
        consulta = consulta_documentos().where(col(DocumentoExpediente.id).in_(lote))
        for fila in conexion.execute(consulta):
            filas_de_documento(fila, filas)
        escribir_indice(conexion, filas)


def reindexar_todo(session: OrmSession) -> None:
    """Reconstruye el índice entero desde expedientes, patronos y documentos (en la transacción)."""
    session.flush()
    reconstruir_indice(session.connection())


def reconstruir_indice(conexion: Connection) -> None:
    """Vacía el índice y lo vuelve a llenar por lotes (lo usan también las migraciones 0005 y
    0013)."""
    for modelo in (BusquedaClave, BusquedaDocumento, BusquedaExpediente):
        conexion.execute(delete(modelo))
    reindexar_expedientes(conexion, _ids(conexion, select(col(Expediente.id))))
    reindexar_documentos(conexion, _ids(conexion, select(col(DocumentoExpediente.id))))


def _ids(conexion: Connection, consulta: Any) -> list[int]:
    """Los ids (no nulos) que devuelve una consulta de una columna."""
    return [i for i in conexion.execute(consulta).scalars() if i is not None]


# --- Mantenimiento en el flush -----------------------------------------------------------------

_CAMPOS_PATRONO = ("razon_social", "nombre_comercial", "numero_patronal", "nit")
_CAMPOS_EXPEDIENTE = ("numero", "tipo", "asunto", "abierto_el", "patrono_id")
_CAMPOS_DOCUMENTO = ("titulo", "referencia", "texto", "tipo", "fecha", "expediente_id")


def _cambio(obj: Any, campos: tuple[str, ...]) -> bool:
    """¿Cambió en esta sesión alguno de estos campos del objeto?"""
    estado = inspect(obj)
    return any(estado.attrs[c].history.has_changes() for c in campos)


def _pendientes(session: OrmSession) -> tuple[set[int], set[int], set[int], set[int]]:
    """Patronos, expedientes (cabecera), expedientes (todos sus documentos) y documentos."""
    patronos: set[int] = set()
    cabeceras: set[int] = set()
    completos: set[int] = set()
    documentos: set[int] = set()
    for obj in session.new:
        if isinstance(obj, Expediente) and obj.id is not None:
            cabeceras.add(obj.id)
        elif isinstance(obj, DocumentoExpediente) and obj.id is not None:
            documentos.add(obj.id)
    for obj in session.dirty:
        if isinstance(obj, Patrono) and obj.id is not None and _cambio(obj, _CAMPOS_PATRONO):
            patronos.add(obj.id)
        elif isinstance(obj, Expediente) and obj.id is not None:
            if _cambio(obj, ("tipo",)):
                completos.add(obj.id)
            if _cambio(obj, _CAMPOS_EXPEDIENTE):
                cabeceras.add(obj.id)
        elif (
            isinstance(obj, DocumentoExpediente)
            and obj.id is not None
            and _cambio(obj, _CAMPOS_DOCUMENTO)
        ):
            documentos.add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, Expediente) and obj.id is not None:
            cabeceras.add(obj.id)
            completos.add(obj.id)
        elif isinstance(obj, DocumentoExpediente) and obj.id is not None:
            documentos.add(obj.id)
    return patronos, cabeceras, completos, documentos


def _despues_del_flush(session: OrmSession, _ctx: UOWTransaction) -> None:
    """Reescribe en el índice lo que este flush cambió, con la misma conexión y transacción."""
    patronos, cabeceras, completos, documentos = _pendientes(session)
    if not (patronos or cabeceras or completos or documentos):
        return
    conexion = session.connection()
    if patronos:
        consulta = select(col(Expediente.id)).where(col(Expediente.patrono_id).in_(patronos))
        cabeceras |= set(_ids(conexion, consulta))
    for lote in _lotes(completos):
        conexion.execute(
            delete(BusquedaDocumento).where(col(BusquedaDocumento.expediente_id).in_(lote))
        )
        conexion.execute(delete(BusquedaClave).where(col(BusquedaClave.expediente_id).in_(lote)))
        consulta = select(col(DocumentoExpediente.id)).where(
            col(DocumentoExpediente.expediente_id).in_(lote)
        )
        documentos |= set(_ids(conexion, consulta))
    reindexar_expedientes(conexion, cabeceras)
    reindexar_documentos(conexion, documentos)


def instalar_indice(clase_sesion: type[OrmSession]) -> None:
    """Engancha el índice a las sesiones de esta clase (una extensión de `BaseDeDatos`)."""
    event.listen(clase_sesion, "after_flush", _despues_del_flush)
