"""Hacer las tareas: tomarlas (una sola sentencia condicionada: gana un proceso), decir su avance
con el latido, terminarlas con su resultado o sus problemas, y el barrido que retoma las que
esperan o quedaron abandonadas. Ver `expedientes.tareas`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col

from expedientes.auditoria import Actor
from expedientes.db import ESPERA_SQLITE_MS, SOLO_LECTURA
from expedientes.errores import ErrorDominio
from expedientes.tareas import (
    LATIDO_VENCIDO,
    MAX_INTENTOS,
    Avance,
    Avanzar,
    Bd,
    EstadoTarea,
    Manejador,
    Resultado,
    Tarea,
    tareas_por_hacer,
)
from expedientes.tipos import ahora

_LOG = logging.getLogger(__name__)
# Las tareas que hace este proceso y su avance (en SQLite, solo aquí se ve mientras trabajan).
_EN_MEMORIA: dict[int, tuple[int, int, str]] = {}
_CANDADO = threading.Lock()


def avance_de(tarea: Tarea) -> Avance:
    """El avance más reciente: el de la memoria de este proceso si la está haciendo él."""
    with _CANDADO:
        vivo = None if tarea.terminada else _EN_MEMORIA.get(tarea.id or 0)
    avance, total, etapa = vivo or (tarea.avance, tarea.total, tarea.etapa)
    return Avance(avance, total, etapa, tarea.estado == EstadoTarea.HECHA)


def _tomar(session: Session, tarea_id: int) -> bool:
    """La toma para este proceso si nadie la tiene (una sola sentencia: gana uno)."""
    momento = ahora()
    tomada = session.connection().execute(
        update(Tarea)
        .where(
            col(Tarea.id) == tarea_id,
            or_(
                col(Tarea.estado) == EstadoTarea.PENDIENTE,
                (col(Tarea.estado) == EstadoTarea.EN_CURSO)
                & (col(Tarea.latido_en) < momento - LATIDO_VENCIDO),
            ),
        )
        .values(estado=EstadoTarea.EN_CURSO, latido_en=momento, intentos=Tarea.intentos + 1)
    )
    return tomada.rowcount == 1


def _anotar(bd: Bd, tarea_id: int, **valores: Any) -> None:
    """Escribe el avance o el final de la tarea en su propia transacción corta."""
    with bd.sesion(Actor("sistema:tareas")) as s:
        s.connection().execute(update(Tarea).where(col(Tarea.id) == tarea_id).values(**valores))


def _latir(bd: Bd, tarea_id: int, **valores: Any) -> None:
    """Escribe avance y latido si la base lo admite ya: en SQLite, con la base tomada por la misma
    tarea (un lote que guarda todo junto), no espera; el avance sigue en la memoria."""
    if bd.engine.dialect.name != "sqlite":
        _anotar(bd, tarea_id, **valores)
        return
    # Transacción diferida (no toma el candado al empezar) y sin espera: si la base está tomada,
    # la escritura falla enseguida y el avance queda solo en la memoria.
    with bd.engine.connect().execution_options(**{SOLO_LECTURA: True}) as c:
        try:
            c.exec_driver_sql("PRAGMA busy_timeout = 0")
            c.execute(update(Tarea).where(col(Tarea.id) == tarea_id).values(**valores))
            c.commit()
        except OperationalError:
            c.rollback()
        finally:
            c.exec_driver_sql(f"PRAGMA busy_timeout = {ESPERA_SQLITE_MS}")
            c.rollback()


def hacer_tarea(bd: Bd, tarea_id: int, manejadores: Mapping[str, Manejador]) -> bool:
    """Toma la tarea y la hace; False si otro proceso ya la tenía. Nunca deja escapar un error:
    lo que falle queda escrito en la tarea, en español, y se puede reintentar."""
    with bd.sesion(Actor("sistema:tareas")) as s:
        if not _tomar(s, tarea_id):
            return False
        tarea = s.get(Tarea, tarea_id)
        assert tarea is not None
    with _CANDADO:
        _EN_MEMORIA[tarea_id] = (tarea.avance, tarea.total, "Empezando")
    if tarea.intentos > MAX_INTENTOS:
        _terminar(bd, tarea_id, problemas=["Se interrumpió varias veces; revise el servidor."])
        return True

    def avanzar(avance: int, total: int, etapa: str) -> None:
        with _CANDADO:
            _EN_MEMORIA[tarea_id] = (avance, total, etapa[:300])
        _latir(bd, tarea_id, avance=avance, total=total, etapa=etapa[:300], latido_en=ahora())

    try:
        resultado = _hacer(tarea, avanzar, manejadores)
    except ErrorDominio as exc:
        _terminar(bd, tarea_id, problemas=[exc.mensaje, *exc.problemas])
    except Exception:
        _LOG.exception("la tarea %s (%s) falló", tarea_id, tarea.clase)
        _terminar(bd, tarea_id, problemas=["Un error interno la detuvo; puede reintentarla."])
    else:
        _terminar(bd, tarea_id, resultado=resultado)
    finally:
        with _CANDADO:
            _EN_MEMORIA.pop(tarea_id, None)
    return True


def _hacer(tarea: Tarea, avanzar: Avanzar, manejadores: Mapping[str, Manejador]) -> Resultado:
    """Llama al manejador de su clase (una clase desconocida es un error que se dice)."""
    manejador = manejadores.get(tarea.clase)
    if manejador is None:
        raise ErrorDominio(f"Este servicio no sabe hacer tareas «{tarea.clase}».")
    return manejador(tarea, avanzar)


def _terminar(
    bd: Bd, tarea_id: int, *, resultado: Resultado | None = None, problemas: list[str] | None = None
) -> None:
    """Deja la tarea hecha con su resultado, o fallida con sus problemas."""
    if resultado is not None:
        _anotar(bd, tarea_id, estado=EstadoTarea.HECHA, terminada_en=ahora(), etapa="Terminada",
                resultado=resultado.como_datos())  # fmt: skip
    else:
        _anotar(bd, tarea_id, estado=EstadoTarea.FALLIDA, terminada_en=ahora(),
                etapa="No se pudo terminar", problemas=problemas or [])  # fmt: skip


def hacer_las_pendientes(bd: Bd, manejadores: Mapping[str, Manejador]) -> int:
    """Un barrido: hace cada tarea en espera o abandonada; cuántas hizo este proceso."""
    with bd.sesion(Actor("sistema:tareas"), solo_lectura=True) as s:
        ids = tareas_por_hacer(session=s)
    with _CANDADO:
        ids = [i for i in ids if i not in _EN_MEMORIA]  # las que este proceso ya está haciendo
    return sum(hacer_tarea(bd, i, manejadores) for i in ids)
