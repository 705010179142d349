"""Números correlativos sin huecos por serie y año (`EXP-2026-00001`, `CE-2026-000123`).

El contador avanza en la misma transacción que guarda lo numerado: si esa transacción se revierte,
el número vuelve a quedar libre; si confirma, nadie más pudo tomarlo (el UPDATE bloquea la fila en
PostgreSQL y toda la base en SQLite hasta el final de la transacción).
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from expedientes.modelos import Secuencia


def siguiente_numero(*, session: Session, serie: str, anio: int, cantidad: int = 1) -> int:
    """Reserva el siguiente número de la serie en el año (o `cantidad` seguidos, y devuelve el
    primero), dentro de la transacción: quien llama debe usarlos todos en ella."""
    if cantidad < 1:
        raise ValueError("se reserva al menos un número")
    avanzar = (
        update(Secuencia)
        .where(col(Secuencia.serie) == serie, col(Secuencia.anio) == anio)
        .values(ultimo=col(Secuencia.ultimo) + cantidad)
        .returning(col(Secuencia.ultimo))
    )
    conexion = session.connection()
    numero = conexion.execute(avanzar).scalar_one_or_none()
    if numero is None:
        insertar = pg_insert if conexion.dialect.name == "postgresql" else sqlite_insert
        conexion.execute(
            insertar(Secuencia)
            .values(serie=serie, anio=anio, ultimo=0)
            .on_conflict_do_nothing(index_elements=["serie", "anio"])
        )
        numero = conexion.execute(avanzar).scalar_one()
    return int(numero) - cantidad + 1


def formatear_numero(serie: str, anio: int, numero: int, digitos: int) -> str:
    """`SERIE-AAAA-NNNN…` con el ancho de la serie."""
    return f"{serie}-{anio}-{numero:0{digitos}d}"
