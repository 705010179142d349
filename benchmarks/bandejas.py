"""Rendimiento de las listas que guardan un año de trabajo: la bandeja de correspondencia a
100.000 cartas, la lista de 30.000 expedientes y la bitácora a 200.000 renglones (con el resto del
departamento sintético de `datos_reportes`), página por página, contra el SQL pelado de la misma
página.

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

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from datos_reportes import CANTIDADES, HOY, sembrar
from importacion import base_de_datos

from archivo import Almacen
from correspondencia import FiltrosBandeja, contar_cartas, listar_cartas
from expedientes import (
    Actor,
    Auditoria,
    BaseDeDatos,
    FiltrosBitacora,
    FiltrosExpedientes,
    ahora,
    consultar_bitacora,
    contar_bitacora,
    contar_expedientes,
    listar_expedientes,
    pagina_de,
)
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


def _bitacora(bd: BaseDeDatos, renglones: int) -> None:
    """`renglones` cambios de cartas en la bitácora, de a 20.000 (como los deja el trabajo)."""
    with bd.sesion(Actor("benchmark")) as s:
        c = s.connection()
        for inicio in range(0, renglones, 20_000):
            c.execute(insert(Auditoria), [
                {"cuando": ahora(), "usuario_id": None, "actor": "benchmark", "accion": "modificar",
                 "entidad": "correspondencia", "entidad_id": str(i % 100_000 + 1), "motivo": "",
                 "antes": {"estado": "registrada"}, "despues": {"estado": "asignada"}}
                for i in range(inicio, min(renglones, inicio + 20_000))
            ])  # fmt: skip


def _otra_lista(
    bd: BaseDeDatos, nombre: str, numero: int, rondas: int
) -> tuple[float, float, float, float]:
    """p50/p95 de la página `numero` de los expedientes o de la bitácora y de su SQL pelado."""
    recupera, base = [], []
    for _ in range(rondas):
        with bd.sesion(Actor("benchmark"), solo_lectura=True) as s:
            inicio = time.perf_counter()
            if nombre == "expedientes":
                filtros = FiltrosExpedientes()
                pagina = pagina_de(
                    total=contar_expedientes(session=s, filtros=filtros), pedida=numero
                )
                listar_expedientes(session=s, filtros=filtros, limite=pagina.tamano,
                                   desplazamiento=pagina.desplazamiento)  # fmt: skip
                sql = "SELECT * FROM expediente ORDER BY abierto_el DESC, numero DESC LIMIT 50 OFFSET :n"
            else:
                filtros_b = FiltrosBitacora()
                pagina = pagina_de(
                    total=contar_bitacora(session=s, filtros=filtros_b), pedida=numero
                )
                consultar_bitacora(session=s, filtros=filtros_b, limite=pagina.tamano,
                                   desplazamiento=pagina.desplazamiento)  # fmt: skip
                sql = "SELECT * FROM auditoria ORDER BY id DESC LIMIT 50 OFFSET :n"
            recupera.append(time.perf_counter() - inicio)
            inicio = time.perf_counter()
            tabla = "expediente" if nombre == "expedientes" else "auditoria"
            s.connection().execute(text(f"SELECT count(*) FROM {tabla}")).scalar_one()
            s.connection().execute(text(sql), {"n": pagina.desplazamiento}).all()
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
        _bitacora(bd, int(200_000 * escala))
        listas = (("expedientes", n["expedientes"]), ("bitácora", int(200_000 * escala)))
        for nombre, total in listas:
            ultima = pagina_de(total=total, pedida="ultima").numero
            for numero in (1, ultima // 2, ultima):
                r50, r95, b50, b95 = _otra_lista(bd, nombre, numero, rondas)
                print(
                    f"  {nombre:<10} {numero:>7}   {r50:>9.1f} / {r95:>6.1f}   {b50:>11.1f} / {b95:>6.1f}"
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
