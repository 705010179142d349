"""El trabajo largo de una persona (el OCR de un escaneo, generar un lote de documentos) corre fuera
de su petición: queda anotado como una tarea, la persona ve cómo avanza y vuelve a su resultado.

La tarea se anota en la base con lo necesario para hacerla (los escaneos ya guardados por su hash:
si el proceso muere, no se pierde nada) y cualquiera de los procesos del servicio la toma: el que
la anotó, enseguida, en un hilo propio; si ese proceso cae, el barrido del servicio la retoma
cuando su latido envejece. Tomarla es una sola sentencia condicionada, así que dos procesos nunca
hacen la misma tarea a la vez. El avance se escribe en su propia transacción corta, sin retener la
base mientras la tarea trabaja. En SQLite, donde una escritura espera a la otra, se escribe sin
esperar: si la base está tomada (una tarea que guarda todo en una transacción), el avance queda
solo en la memoria del proceso que la hace, el único de esa instalación, que también atiende la
página. Hacerlas: `expedientes.tareas_ejecucion`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from sqlalchemy import Column, or_
from sqlmodel import Field, Session, SQLModel, col, select

from expedientes.auditoria import Actor
from expedientes.errores import ErrorDominio, NoEncontrado
from expedientes.modelos import JSON_VARIANTE, Usuario
from expedientes.politica import puede_ver_tarea
from expedientes.tipos import FechaHoraUTC, ahora

# Una tarea en curso cuyo latido no se renovó en este tiempo se da por abandonada y se retoma.
LATIDO_VENCIDO = timedelta(minutes=10)
MAX_INTENTOS = 3


class EstadoTarea(StrEnum):
    """Dónde está una tarea."""

    PENDIENTE = "pendiente"
    EN_CURSO = "en_curso"
    HECHA = "hecha"
    FALLIDA = "fallida"


NOMBRES_ESTADO_TAREA = {
    EstadoTarea.PENDIENTE: "En espera",
    EstadoTarea.EN_CURSO: "En curso",
    EstadoTarea.HECHA: "Terminada",
    EstadoTarea.FALLIDA: "No se pudo terminar",
}
TERMINADAS = frozenset({EstadoTarea.HECHA, EstadoTarea.FALLIDA})


class Tarea(SQLModel, table=True):
    """Un trabajo largo pedido por una persona: qué es, cómo va y en qué terminó."""

    __tablename__ = "tarea"

    id: int | None = Field(default=None, primary_key=True)
    clase: str = Field(max_length=40)
    titulo: str = Field(max_length=300)
    estado: str = Field(default=EstadoTarea.PENDIENTE, max_length=20, index=True)
    parametros: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON_VARIANTE))
    avance: int = 0
    total: int = 0
    etapa: str = Field(default="", max_length=300)
    resultado: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON_VARIANTE))
    problemas: list[str] = Field(default_factory=list, sa_column=Column(JSON_VARIANTE))
    intentos: int = 0
    creada_por_id: int = Field(foreign_key="usuario.id", index=True)
    creada_en: datetime = Field(default_factory=ahora, sa_type=FechaHoraUTC)
    latido_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    terminada_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)

    @property
    def terminada(self) -> bool:
        """¿Ya hecha o fallida? Entonces la página deja de preguntar."""
        return self.estado in TERMINADAS


@dataclass(frozen=True)
class Avance:
    """Cómo va una tarea, para mostrarlo: cuánto de cuánto y qué está haciendo."""

    avance: int
    total: int
    etapa: str
    terminada: bool

    @property
    def porcentaje(self) -> int | None:
        """De 0 a 100 (None si aún no se sabe cuánto hay que hacer)."""
        if self.terminada:
            return 100
        return min(100, self.avance * 100 // self.total) if self.total else None


@dataclass(frozen=True)
class Resultado:
    """En qué terminó una tarea: la cosa que produjo (su clase de objeto y su referencia, p. ej.
    `carta` y `CE-2026-000123`; vacías si fueron varias), lo que se le dice a la persona, sus
    advertencias y, si produjo varias cosas, cada una (objeto, referencia, texto)."""

    objeto: str
    referencia: str
    mensaje: str
    advertencias: tuple[str, ...] = ()
    producidos: tuple[tuple[str, str, str], ...] = ()

    def como_datos(self) -> dict[str, Any]:
        """Lo que se guarda en la tarea."""
        return {
            "objeto": self.objeto,
            "referencia": self.referencia,
            "mensaje": self.mensaje,
            "advertencias": list(self.advertencias),
            "producidos": [list(x) for x in self.producidos],
        }


# Avanzar: (cuánto va, de cuánto, qué está haciendo).
Avanzar = Callable[[int, int, str], None]


class Manejador(Protocol):
    """Hace una tarea de su clase con sus parámetros; dice cómo avanza."""

    def __call__(self, tarea: Tarea, avanzar: Avanzar) -> Resultado: ...


class Bd(Protocol):
    """Lo que las tareas usan de la base: su engine y sesiones con actor."""

    @property
    def engine(self) -> Any: ...

    def sesion(self, actor: Actor, *, solo_lectura: bool = False) -> Any: ...


def anotar_tarea(
    *, session: Session, usuario: Usuario, clase: str, titulo: str, parametros: dict[str, Any]
) -> Tarea:
    """Anota una tarea pendiente de esta persona (se confirma con la transacción de quien pide)."""
    tarea = Tarea(clase=clase, titulo=titulo[:300], parametros=parametros,
                  creada_por_id=usuario.id or 0, etapa="En espera de un proceso libre")  # fmt: skip
    session.add(tarea)
    session.flush()
    return tarea


def tarea_de(*, session: Session, tarea_id: int, usuario: Usuario) -> Tarea:
    """La tarea, si es de esta persona: cada quien ve solo las suyas, y la de otra persona es, para
    él, una que no existe (ni su existencia se revela)."""
    tarea = session.get(Tarea, tarea_id)
    if tarea is None or not puede_ver_tarea(usuario, tarea.creada_por_id):
        raise NoEncontrado("Esa tarea no existe o es de otra persona.")
    return tarea


def tareas_de(*, session: Session, usuario: Usuario, limite: int = 30) -> list[Tarea]:
    """Las tareas recientes de la persona, las más nuevas primero."""
    consulta = select(Tarea).where(Tarea.creada_por_id == usuario.id)
    return list(session.exec(consulta.order_by(col(Tarea.id).desc()).limit(limite)).all())


def reintentar_tarea(*, session: Session, tarea: Tarea) -> Tarea:
    """Una tarea fallida vuelve a la espera con los mismos datos (nada se volvió a subir)."""
    if tarea.estado != EstadoTarea.FALLIDA:
        raise ErrorDominio("Solo se reintenta una tarea que no se pudo terminar.")
    tarea.estado, tarea.problemas, tarea.intentos = EstadoTarea.PENDIENTE, [], 0
    tarea.avance, tarea.etapa, tarea.terminada_en = 0, "En espera de un proceso libre", None
    session.add(tarea)
    return tarea


def tareas_por_hacer(*, session: Session) -> list[int]:
    """Las tareas en espera y las abandonadas (en curso sin latido reciente), las más viejas
    primero: las que el barrido del servicio toma."""
    vencido = ahora() - LATIDO_VENCIDO
    consulta = select(Tarea.id).where(
        or_(
            col(Tarea.estado) == EstadoTarea.PENDIENTE,
            (col(Tarea.estado) == EstadoTarea.EN_CURSO) & (col(Tarea.latido_en) < vencido),
        )
    )
    return [i for i in session.exec(consulta.order_by(col(Tarea.id))).all() if i is not None]
