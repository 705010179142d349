"""Rendimiento de las listas que guardan un año de trabajo: la bandeja de correspondencia a
100.000 cartas (con 30.000 expedientes y el resto del departamento sintético de
`datos_reportes`), página por página, contra el SQL pelado de la misma página.

Para la primera página, una del medio y la última, en el orden por omisión (las más recientes
primero) y ordenada por remitente, se mide lo que hace la página: contar el total con los filtros
y traer las 50 cartas de la página con su expediente, patrono y persona asignada
(`contar_cartas` + `listar_cartas`). La línea base es un SELECT de una sola tabla con
`ORDER BY … LIMIT 50 OFFSET n` y un COUNT(*), sin uniones. p50 y p95 de 20 rondas.

Uso: .venv/bin/python benchmarks/bandejas.py [--escala 1.0] [--rondas 20] [--postgres URL]
     [--sin-postgres]
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

from datos_reportes import CANTIDADES, HOY, sembrar
from importacion import base_de_datos

from archivo import Almacen
from correspondencia import FiltrosBandeja, contar_cartas, listar_cartas
from expedientes import Actor, BaseDeDatos, pagina_de
from recupera.composicion import EXTENSIONES_DE_SESION

ORDENES = {"-recibido": "recibido_en DESC, id DESC", "remitente": "lower(remitente), id"}


def _percentiles(tiempos: list[float]) -> tuple[float, float]:
    ordenados = sorted(tiempos)
    return statistics.median(ordenados) * 1000, ordenados[int(len(ordenados) * 0.95) - 1] * 1000


def _medir(
    bd: BaseDeDatos, orden: str, numero: int, rondas: int
) -> tuple[float, float, float, float]:
    """p50/p95 de Recupera y de la línea base para esa página."""
    recupera, base = [], []
    filtros = FiltrosBandeja()
    for _ in range(rondas):
        with bd.sesion(Actor("benchmark"), solo_lectura=True) as s:
            inicio = time.perf_counter()
            pagina = pagina_de(
                total=contar_cartas(session=s, filtros=filtros, hoy=HOY), pedida=numero
            )
            filas = listar_cartas(session=s, filtros=filtros, hoy=HOY, limite=pagina.tamano,
                                  orden=orden, desplazamiento=pagina.desplazamiento)  # fmt: skip
            recupera.append(time.perf_counter() - inicio)
            assert filas, (orden, numero)
            inicio = time.perf_counter()
            s.connection().execute(text("SELECT count(*) FROM correspondencia")).scalar_one()
            s.connection().execute(
                text(f"SELECT * FROM correspondencia ORDER BY {ORDENES[orden]} LIMIT 50 OFFSET :n"),
                {"n": pagina.desplazamiento},
            ).all()
            base.append(time.perf_counter() - inicio)
    return (*_percentiles(recupera), *_percentiles(base))


def medir(motor: str, escala: float, rondas: int, carpeta: Path, postgres: str | None) -> None:
    """Siembra e imprime p50/p95 de la primera, una del medio y la última página."""
    url, borrar = base_de_datos(motor, carpeta, postgres)
    bd = BaseDeDatos.desde_url(url, EXTENSIONES_DE_SESION)
    try:
        inicio = time.perf_counter()
        n = sembrar(bd, Almacen(carpeta / f"blobs-{motor}"), escala)
        print(
            f"{motor}: datos cargados en {time.perf_counter() - inicio:.0f} s ({n['cartas']:,} cartas)"
        )
        paginas = pagina_de(total=n["cartas"], pedida="ultima").numero
        print(
            f"  {'orden':<10} {'página':>7}   {'Recupera p50/p95 ms':>20}   {'SQL pelado p50/p95 ms':>22}"
        )
        for orden in ORDENES:
            for numero in (1, paginas // 2, paginas):
                r50, r95, b50, b95 = _medir(bd, orden, numero, rondas)
                print(
                    f"  {orden:<10} {numero:>7}   {r50:>9.1f} / {r95:>6.1f}   {b50:>11.1f} / {b95:>6.1f}"
                )
    finally:
        bd.cerrar()
        borrar()


def main() -> None:
    """Imprime, por motor, orden y página, los tiempos de la bandeja y de la línea base."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--escala", type=float, default=1.0, help="1 = 100.000 cartas…")
    parser.add_argument("--rondas", type=int, default=20)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sin-postgres", action="store_true")
    args = parser.parse_args()
    motores = ["sqlite"] if args.sin_postgres else ["sqlite", "postgresql"]
    print(f"Bandeja de correspondencia (escala {args.escala:g}: {CANTIDADES['cartas'] * args.escala:,.0f} cartas), "
          f"50 por página, {args.rondas} rondas")  # fmt: skip
    for motor in motores:
        with tempfile.TemporaryDirectory() as tmp:
            medir(
                motor,
                args.escala,
                args.rondas,
                Path(tmp),
                args.postgres if motor == "postgresql" else None,
            )


if __name__ == "__main__":
    main()
