"""Bitácora de auditoría: cada cambio a datos del dominio queda con quién, cuándo, antes y después.

Se engancha al flush de SQLAlchemy, así que ningún servicio puede olvidarse de auditar. La tabla
solo admite inserciones: triggers en la base de datos rechazan UPDATE y DELETE.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Mapper, UOWTransaction
from sqlalchemy.orm import Session as OrmSession

from expedientes.errores import ErrorDominio
from expedientes.modelos import Auditable, Auditoria
from expedientes.texto import problemas_de_texto
from expedientes.tipos import ahora

OCULTO = "(oculto)"


@dataclass(frozen=True)
class Actor:
    """Quién hace el cambio: un usuario del sistema o un proceso con nombre (`cli:ana`)."""

    nombre: str
    usuario_id: int | None = None


@contextmanager
def con_motivo(session: OrmSession, motivo: str) -> Iterator[None]:
    """Los cambios escritos dentro del bloque llevan este motivo en la bitácora.

    Al salir se escribe lo pendiente y el motivo se olvida, haya cambios o no: un motivo nunca
    se pega a cambios posteriores de la misma sesión.
    """
    problemas = problemas_de_texto(motivo, "El motivo", 1000, multilinea=True)
    if problemas:
        raise ErrorDominio("El motivo no se puede guardar.", problemas)
    session.info["motivo"] = motivo
    try:
        yield
        session.flush()
    finally:
        session.info.pop("motivo", None)


def _valor(v: Any) -> Any:
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def _columnas(obj: Auditable) -> list[str]:
    return [a.key for a in inspect(obj).mapper.column_attrs if a.key not in obj.__no_auditar__]


def _mostrar(obj: Auditable, campo: str, valor: Any) -> Any:
    return OCULTO if campo in obj.__ocultar__ else _valor(valor)


def _foto(obj: Auditable) -> dict[str, Any]:
    return {c: _mostrar(obj, c, getattr(obj, c)) for c in _columnas(obj)}


def _diferencias(obj: Auditable) -> tuple[dict[str, Any], dict[str, Any]]:
    antes: dict[str, Any] = {}
    despues: dict[str, Any] = {}
    estado = inspect(obj)
    for campo in _columnas(obj):
        hist = estado.attrs[campo].history
        if not hist.has_changes():
            continue
        viejo = hist.deleted[0] if hist.deleted else None
        nuevo = hist.added[0] if hist.added else None
        if _valor(viejo) == _valor(nuevo):
            continue
        antes[campo] = _mostrar(obj, campo, viejo)
        despues[campo] = _mostrar(obj, campo, nuevo)
    return antes, despues


def _renglones(session: OrmSession) -> list[dict[str, Any]]:
    renglones: list[dict[str, Any]] = []

    def agregar(obj: Auditable, accion: str, antes: Any, despues: Any) -> None:
        clave = inspect(obj).mapper.primary_key_from_instance(obj)
        renglones.append(
            {
                "accion": accion,
                "entidad": obj.__entidad__,
                "entidad_id": ",".join(str(v) for v in clave),
                "antes": antes,
                "despues": despues,
            }
        )

    for obj in session.new:
        if isinstance(obj, Auditable):
            agregar(obj, "crear", None, _foto(obj))
    for obj in session.dirty:
        if isinstance(obj, Auditable) and session.is_modified(obj):
            antes, despues = _diferencias(obj)
            if despues:
                agregar(obj, "modificar", antes, despues)
    for obj in session.deleted:
        if isinstance(obj, Auditable):
            agregar(obj, "eliminar", _foto(obj), None)
    return renglones


def _despues_del_flush(session: OrmSession, _ctx: UOWTransaction) -> None:
    renglones = _renglones(session)
    if not renglones:
        return
    actor = session.info.get("actor")
    if not isinstance(actor, Actor):
        raise RuntimeError("cambio a datos del dominio sin actor: abra la sesión con un Actor")
    comunes = {
        "cuando": ahora(),
        "usuario_id": actor.usuario_id,
        "actor": actor.nombre,
        "motivo": session.info.get("motivo", ""),
    }
    session.connection().execute(
        insert(Auditoria),
        [{**comunes, **r} for r in renglones],
    )


def _marcar_actualizado(session: OrmSession, _ctx: UOWTransaction, _inst: Any) -> None:
    for obj in session.dirty:
        if (
            isinstance(obj, Auditable)
            and hasattr(obj, "actualizado_en")
            and session.is_modified(obj)
        ):
            obj.actualizado_en = ahora()


def _sin_efecto(_target: Any, valor: Any, _viejo: Any, _iniciador: Any) -> Any:
    return valor


_CON_HISTORIA: set[type] = set()


def _pedir_historia_activa(clase: type) -> None:
    """Al asignar una columna, SQLAlchemy carga antes el valor anterior aunque el objeto esté
    expirado (p. ej. tras un rollback): el «antes» de la bitácora nunca queda vacío."""
    if clase in _CON_HISTORIA:
        return
    _CON_HISTORIA.add(clase)
    mapper: Mapper[Any] = inspect(clase)
    for atributo in mapper.column_attrs:
        event.listen(
            getattr(clase, atributo.key), "set", _sin_efecto, active_history=True, retval=True
        )


def _al_configurar_mapper(_mapper: Mapper[Any], clase: type) -> None:
    if issubclass(clase, Auditable):
        _pedir_historia_activa(clase)


def instalar_auditoria(clase_sesion: type[OrmSession]) -> None:
    """Engancha la bitácora a las sesiones de esta clase y a toda tabla auditable, presente o
    futura. Lo hace `expedientes.db.BaseDeDatos` con la clase de sesión de cada base: ninguna
    sesión que abra escribe sin bitácora."""
    event.listen(clase_sesion, "before_flush", _marcar_actualizado)
    event.listen(clase_sesion, "after_flush", _despues_del_flush)
    if not event.contains(Mapper, "mapper_configured", _al_configurar_mapper):
        event.listen(Mapper, "mapper_configured", _al_configurar_mapper)
    for clase in Auditable.__subclasses__():
        _pedir_historia_activa(clase)
