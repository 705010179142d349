"""Rendimiento de las tareas largas: cuánto cuesta hacer un trabajo como tarea (anotarla, tomarla,
decir su avance 20 veces y terminarla) frente a las escrituras peladas de lo mismo, en la misma
corrida.

Se mide, por tarea:
1. línea base: un INSERT de la fila, 20 UPDATE de su avance y el UPDATE final, cada uno en su
   transacción, con SQL pelado (lo mínimo que cualquier cola en la base escribe);
2. Recupera: `anotar_tarea` + `hacer_tarea` con un manejador que avanza 20 veces y no hace nada
   más (la toma condicionada, el latido, el resultado, la memoria del proceso).

El costo importa comparado con lo que la tarea hace: un OCR tarda segundos por página.

Uso: .venv/bin/python benchmarks/tareas.py [--tareas 200] [--postgres URL]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from importacion import base_de_datos

from expedientes import (
    Actor,
    Avanzar,
    BaseDeDatos,
    Resultado,
    Tarea,
    Usuario,
    ahora,
    anotar_tarea,
    hacer_tarea,
)
from recupera.composicion import EXTENSIONES_DE_SESION

PASOS = 20
ACTOR = Actor("benchmark")


def _nada(tarea: Tarea, avanzar: Avanzar) -> Resultado:
    for i in range(1, PASOS + 1):
        avanzar(i, PASOS, f"Paso {i} de {PASOS}")
    return Resultado("carta", "CE-2026-000001", "Hecha")


def _base(bd: BaseDeDatos, usuario_id: int) -> float:
    """Segundos de una tarea escrita con SQL pelado, cada escritura en su transacción."""
    inicio = time.perf_counter()
    with bd.engine.begin() as c:
        tarea_id = c.execute(
            text(
                "INSERT INTO tarea (clase, titulo, estado, avance, total, etapa, intentos, "
                "creada_por_id, creada_en) VALUES ('x', 'x', 'pendiente', 0, 0, '', 0, :u, :t) "
                "RETURNING id"
            ),
            {"u": usuario_id, "t": ahora()},
        ).scalar_one()
    for i in range(1, PASOS + 1):
        with bd.engine.begin() as c:
            c.execute(text("UPDATE tarea SET avance = :a, total = :n, etapa = :e, latido_en = :t "
                           "WHERE id = :i"),
                      {"a": i, "n": PASOS, "e": f"Paso {i}", "t": ahora(), "i": tarea_id})  # fmt: skip
    with bd.engine.begin() as c:
        c.execute(text("UPDATE tarea SET estado = 'hecha', terminada_en = :t WHERE id = :i"),
                  {"t": ahora(), "i": tarea_id})  # fmt: skip
    return time.perf_counter() - inicio


def _recupera(bd: BaseDeDatos, usuario: Usuario) -> float:
    """Segundos de una tarea anotada y hecha por el servicio."""
    inicio = time.perf_counter()
    with bd.sesion(ACTOR) as s:
        tarea_id = anotar_tarea(session=s, usuario=usuario, clase="nada", titulo="x",
                                parametros={}).id  # fmt: skip
    assert tarea_id is not None and hacer_tarea(bd, tarea_id, {"nada": _nada})
    return time.perf_counter() - inicio


def medir(tareas: int, carpeta: Path, postgres: str | None) -> tuple[list[float], list[float]]:
    """Los segundos de cada tarea: línea base y Recupera, alternadas."""
    url, borrar = base_de_datos("postgresql" if postgres else "sqlite", carpeta, postgres)
    bd = BaseDeDatos.desde_url(url, EXTENSIONES_DE_SESION)
    try:
        with bd.sesion(ACTOR) as s:
            usuario = Usuario(nombre_usuario="ana", nombre_completo="Ana Núñez", rol="secretaria",
                              password_hash="x", token_sesion="0" * 32)  # fmt: skip
            s.add(usuario)
        base, propio = [], []
        for _ in range(tareas):
            base.append(_base(bd, usuario.id or 0))
            propio.append(_recupera(bd, usuario))
    finally:
        bd.cerrar()
        borrar()
    return base, propio


def _p(valores: list[float], q: int) -> float:
    return statistics.quantiles(valores, n=100)[q - 1] * 1000


def main() -> None:
    """Imprime p50/p95 por tarea de la línea base y de Recupera, y su razón."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tareas", type=int, default=200)
    parser.add_argument("--postgres", help="URL de un PostgreSQL (un esquema propio, borrado)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base, propio = medir(args.tareas, Path(tmp), args.postgres)
    motor = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{args.tareas} tareas de {PASOS} pasos de avance, {motor}:")
    print(f"  SQL pelado (INSERT + {PASOS} UPDATE + UPDATE final): p50 {_p(base, 50):.2f} ms, "
          f"p95 {_p(base, 95):.2f} ms")  # fmt: skip
    print(f"  Recupera (anotar_tarea + hacer_tarea):         p50 {_p(propio, 50):.2f} ms, "
          f"p95 {_p(propio, 95):.2f} ms")  # fmt: skip
    print(f"  razón (p50): {_p(propio, 50) / _p(base, 50):.2f}× la línea base")


if __name__ == "__main__":
    main()
