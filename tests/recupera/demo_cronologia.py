"""La cronología de la demostración, para revisarla: una foto de todas sus tablas (cada fila como
diccionario, con los tipos de la aplicación: fechas, instantes con zona, dinero) y lo que las reglas
de `demo_cronologia_reglas` y `demo_cronologia_casos` comparten para leerla."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import SQLModel

import recupera.demo  # noqa: F401  (registra en los metadatos todos los modelos que la demo toca)
from avisos import LecturaBitacora
from expedientes import ZONA_LOCAL, es_habil

Fila = dict[str, Any]
# Lo que instaló `recupera db upgrade` antes de la demostración (las versiones de las plantillas):
# tiene la hora real de la instalación, no la de la historia que la demostración cuenta.
INSTALACION = frozenset({"plantilla_version", "alembic_version"})
MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip
_LARGA = re.compile(r"(\d{1,2}) de (" + "|".join(MESES) + r") de (\d{4})")
_CORTA = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")


@dataclass
class Foto:
    """Las filas de cada tabla, el día de la demostración (`hoy`) y el instante (`ahora`) que nada
    puede pasar, y el último renglón de la bitácora anterior a la demostración."""

    filas: dict[str, list[Fila]]
    hoy: date
    ahora: datetime
    inicio_bitacora: int = 0

    def por(self, tabla: str, clave: str = "id") -> dict[Any, Fila]:
        """Las filas de la tabla por el valor de una columna."""
        return {f[clave]: f for f in self.filas[tabla]}


@dataclass
class Revision:
    """Lo que una regla revisó y lo que encontró mal (una regla que no revisa nada no prueba
    nada: `vistos` lo dice)."""

    vistos: int = 0
    problemas: list[str] = field(default_factory=list)

    def exigir(self, bien: bool, problema: str) -> None:
        """Cuenta una comprobación y anota el problema si no se cumple."""
        self.vistos += 1
        if not bien:
            self.problemas.append(problema)


Regla = Callable[[Foto], Revision]


def tomar_foto(engine: Engine, hoy: date, ahora: datetime) -> Foto:
    """Todas las tablas de los modelos, leídas con sus tipos."""
    with engine.connect() as c:
        filas = {
            nombre: [dict(f._mapping) for f in c.execute(select(tabla)).all()]
            for nombre, tabla in SQLModel.metadata.tables.items()
        }
        lectura = c.execute(select(LecturaBitacora.inicio_id)).scalar()  # type: ignore[call-overload]
    return Foto(filas, hoy, ahora, int(lectura or 0))


def local(instante: datetime) -> datetime:
    """El instante en la hora de El Salvador."""
    return instante.astimezone(ZONA_LOCAL)


def dia(valor: date | datetime) -> date:
    """El día (en El Salvador, si es un instante)."""
    return local(valor).date() if isinstance(valor, datetime) else valor


def valores_de_fecha(foto: Foto) -> Iterator[tuple[str, str, Fila, date | datetime]]:
    """Cada fecha o instante de cada fila de la demostración: (tabla, columna, fila, valor). Lo
    de la instalación (sus tablas y sus renglones de la bitácora) no es de la demostración."""
    for tabla, filas in foto.filas.items():
        if tabla in INSTALACION:
            continue
        for fila in filas:
            if tabla == "auditoria" and fila["id"] <= foto.inicio_bitacora:
                continue
            for columna, valor in fila.items():
                if isinstance(valor, date):
                    yield tabla, columna, fila, valor


def en_horario(instante: datetime) -> bool:
    """De las 7:00 a las 18:00 de un día hábil, en El Salvador."""
    hora = local(instante)
    return es_habil(hora.date()) and time(7) <= hora.time() < time(18)


def fechas_en(texto: str) -> Iterator[tuple[int, date]]:
    """Cada fecha escrita en el texto («3 de marzo de 2026» o «03/03/2026»), con su posición."""
    for m in _LARGA.finditer(texto):
        yield m.start(), date(int(m[3]), MESES.index(m[2]) + 1, int(m[1]))
    for m in _CORTA.finditer(texto):
        yield m.start(), date(int(m[3]), int(m[2]), int(m[1]))


def fecha_larga(valor: date) -> str:
    """«3 de marzo de 2026»."""
    return f"{valor.day} de {MESES[valor.month - 1]} de {valor.year}"


def nacimiento(fila: Fila) -> datetime | None:
    """Cuándo nació la fila: su `creado_en` (o `cuando`, `sellado_en`, `iniciada_en`)."""
    for columna in ("creado_en", "cuando", "sellado_en", "iniciada_en"):
        if isinstance(fila.get(columna), datetime):
            return fila[columna]
    return None
