"""Rendimiento de las listas que guardan un año de trabajo: la bandeja de correspondencia a
100.000 cartas, la lista de 30.000 expedientes, la bitácora a 200.000 renglones, los 3.000
convenios (con sus cuotas), los 60.000 pagos, el registro de salida, los documentos, los 20.000
patronos (el resto del departamento sintético de `datos_reportes`) y los resultados de una
búsqueda en el archivo (`bandejas_archivo`), página por página, contra el SQL pelado de la misma
página.

Para la primera página, una del medio y la última, en el orden por omisión (las más recientes
primero) y ordenada por remitente, se mide lo que hace la página: contar el total con los filtros
y traer las 50 cartas de la página con su expediente, patrono y persona asignada
(`contar_cartas` + `listar_cartas`). La línea base es un SELECT de una sola tabla con
`ORDER BY … LIMIT 50 OFFSET n` y un COUNT(*), sin uniones. p50 y p95 de 20 rondas.

Uso: .venv/bin/python benchmarks/bandejas.py [--escala 1.0] [--rondas 20] [--postgres URL]
     [--sin-postgres] [--listas bandeja,expedientes,…,patronos,archivo]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, text
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bandejas_archivo import medir_archivo, sembrar_archivo
from datos_reportes import CANTIDADES, HOY, sembrar
from importacion import base_de_datos

from archivo import Almacen
from correspondencia import (
    FiltrosBandeja,
    FiltrosSalida,
    contar_cartas,
    contar_salidas,
    listar_cartas,
    listar_salidas,
)
from expedientes import (
    Actor,
    Auditoria,
    BaseDeDatos,
    FiltrosBitacora,
    FiltrosExpedientes,
    Pagina,
    Usuario,
    ahora,
    buscar_patronos,
    consultar_bitacora,
    contar_bitacora,
    contar_expedientes,
    contar_patronos,
    listar_expedientes,
    obtener_usuario,
    pagina_de,
)
from plantillas import FiltrosDocumentos, contar_documentos, listar_documentos
from recupera.composicion import EXTENSIONES_DE_SESION
from seguimiento import (
    FiltrosConvenios,
    FiltrosPagos,
    convenios_visibles,
    pagos_visibles,
    totales_de_convenios,
    totales_de_pagos,
)

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
    """`renglones` cambios en la bitácora, de a 20.000: de cada persona y de dos procesos, sobre
    varias clases de cosa (el orden por persona y por cosa tiene grupos de verdad)."""
    cosas = ("correspondencia", "expediente", "documento_generado", "convenio", "patrono")
    with bd.sesion(Actor("benchmark")) as s:
        c = s.connection()
        quienes = [(i, u) for i, u in c.execute(text("SELECT id, nombre_usuario FROM usuario"))]
        quienes += [(None, "sondeo"), (None, "revision-de-cuotas")]
        for inicio in range(0, renglones, 20_000):
            c.execute(insert(Auditoria), [
                {"cuando": ahora(), "usuario_id": quienes[i % len(quienes)][0],
                 "actor": quienes[i % len(quienes)][1], "accion": "modificar",
                 "entidad": cosas[i % 7 % len(cosas)], "entidad_id": str(i % 100_000 + 1),
                 "motivo": "", "antes": {"estado": "registrada"}, "despues": {"estado": "asignada"}}
                for i in range(inicio, min(renglones, inicio + 20_000))
            ])  # fmt: skip


def _expedientes(s: Session, numero: int, orden: str, jefe: Usuario) -> Pagina:
    filtros = FiltrosExpedientes()
    pagina = pagina_de(total=contar_expedientes(session=s, filtros=filtros), pedida=numero)
    listar_expedientes(session=s, filtros=filtros, limite=pagina.tamano, orden=orden,
                       desplazamiento=pagina.desplazamiento)  # fmt: skip
    return pagina


def _bitacora_pagina(s: Session, numero: int, orden: str, jefe: Usuario) -> Pagina:
    filtros = FiltrosBitacora()
    pagina = pagina_de(total=contar_bitacora(session=s, filtros=filtros), pedida=numero)
    consultar_bitacora(session=s, filtros=filtros, limite=pagina.tamano, orden=orden,
                       desplazamiento=pagina.desplazamiento)  # fmt: skip
    return pagina


def _convenios(s: Session, numero: int, orden: str, jefe: Usuario) -> Pagina:
    filtros = FiltrosConvenios()
    totales = totales_de_convenios(session=s, usuario=jefe, filtros=filtros, hoy=HOY)
    pagina = pagina_de(total=totales.cantidad, pedida=numero)
    convenios_visibles(session=s, usuario=jefe, filtros=filtros, hoy=HOY, orden=orden,
                       limite=pagina.tamano, desplazamiento=pagina.desplazamiento)  # fmt: skip
    return pagina


def _pagos(s: Session, numero: int, orden: str, jefe: Usuario) -> Pagina:
    filtros = FiltrosPagos()
    totales = totales_de_pagos(session=s, usuario=jefe, filtros=filtros)
    pagina = pagina_de(total=totales.cantidad, pedida=numero)
    pagos_visibles(session=s, usuario=jefe, filtros=filtros, orden=orden, limite=pagina.tamano,
                   desplazamiento=pagina.desplazamiento)  # fmt: skip
    return pagina


def _enviada(s: Session, numero: int, orden: str, jefe: Usuario) -> Pagina:
    filtros = FiltrosSalida()
    pagina = pagina_de(total=contar_salidas(session=s, filtros=filtros), pedida=numero)
    listar_salidas(session=s, filtros=filtros, limite=pagina.tamano, orden=orden,
                   desplazamiento=pagina.desplazamiento)  # fmt: skip
    return pagina


def _documentos(s: Session, numero: int, orden: str, jefe: Usuario) -> Pagina:
    filtros = FiltrosDocumentos()
    pagina = pagina_de(total=contar_documentos(session=s, filtros=filtros), pedida=numero)
    listar_documentos(session=s, filtros=filtros, limite=pagina.tamano, orden=orden,
                      desde=pagina.desplazamiento)  # fmt: skip
    return pagina


def _patronos(s: Session, numero: int, orden: str, jefe: Usuario) -> Pagina:
    pagina = pagina_de(total=contar_patronos(session=s, texto=""), pedida=numero)
    buscar_patronos(session=s, texto="", limite=pagina.tamano, orden=orden,
                    desplazamiento=pagina.desplazamiento)  # fmt: skip
    return pagina


# Cada lista: lo que hace su página en Recupera (conteo o totales + las filas de la página con sus
# uniones), la tabla que cuenta la línea base y, por orden medido, el SQL pelado de esa página.
Lista = tuple[Callable[[Session, int, str, Usuario], Pagina], str, dict[str, str]]
LISTAS: dict[str, Lista] = {
    "expedientes": (_expedientes, "expediente",
                    {"-abierto": "SELECT * FROM expediente ORDER BY abierto_el DESC, numero DESC"}),
    "bitácora": (_bitacora_pagina, "auditoria", {
        "-cuando": "SELECT * FROM auditoria ORDER BY cuando DESC, id DESC",
        "persona": "SELECT * FROM auditoria ORDER BY usuario_id, actor, id",
        "-entidad": "SELECT * FROM auditoria ORDER BY entidad DESC, id DESC"}),
    "convenios": (_convenios, "convenio", {
        "registro": "SELECT * FROM convenio ORDER BY id",
        "-saldo": "SELECT convenio_id FROM cuota_convenio GROUP BY convenio_id "
                  "ORDER BY SUM(monto - pagado) DESC, convenio_id DESC"}),
    "pagos": (_pagos, "pago", {
        "-fecha": "SELECT * FROM pago ORDER BY fecha DESC, referencia",
        "patrono": "SELECT pago.* FROM pago JOIN patrono ON patrono.id = pago.patrono_id "
                   "ORDER BY patrono.busqueda, patrono.id, pago.id"}),
    "enviada": (_enviada, "saliente",
                {"-registro": "SELECT * FROM saliente ORDER BY creado_en DESC, id DESC"}),
    "documentos": (_documentos, "documento_generado",
                   {"-registro": "SELECT * FROM documento_generado ORDER BY id DESC"}),
    "patronos": (_patronos, "patrono", {"razon": "SELECT * FROM patrono ORDER BY razon_social, id",
                                        "-nit": "SELECT * FROM patrono ORDER BY nit DESC, id DESC"}),
}  # fmt: skip


def _otra_lista(
    bd: BaseDeDatos, nombre: str, orden: str, numero: int, rondas: int
) -> tuple[float, float, float, float]:
    """p50/p95 de la página `numero` de esa lista en ese orden y de su SQL pelado."""
    pagina_de_lista, tabla, sql = LISTAS[nombre]
    recupera, base = [], []
    for _ in range(rondas):
        with bd.sesion(Actor("benchmark"), solo_lectura=True) as s:
            jefe = obtener_usuario(session=s, nombre_usuario="jefe")
            inicio = time.perf_counter()
            pagina = pagina_de_lista(s, numero, orden, jefe)
            recupera.append(time.perf_counter() - inicio)
            inicio = time.perf_counter()
            s.connection().execute(text(f"SELECT count(*) FROM {tabla}")).scalar_one()
            s.connection().execute(
                text(f"{sql[orden]} LIMIT 50 OFFSET :n"), {"n": pagina.desplazamiento}
            ).all()
            base.append(time.perf_counter() - inicio)
    return (*_percentiles(recupera), *_percentiles(base))


def _otras_paginas(
    bd: BaseDeDatos, nombre: str, tabla: str, ordenes: list[str], rondas: int
) -> None:
    """Imprime la primera, una del medio y la última página de esa lista en cada orden."""
    with bd.sesion(Actor("benchmark"), solo_lectura=True) as s:
        total = s.connection().execute(text(f"SELECT count(*) FROM {tabla}")).scalar_one()
    ultima = pagina_de(total=total, pedida="ultima").numero
    for orden in ordenes:
        for numero in (1, ultima // 2, ultima):
            r50, r95, b50, b95 = _otra_lista(bd, nombre, orden, numero, rondas)
            print(
                f"  {nombre:<11} {orden:<9} {numero:>5}   {r50:>9.1f} / {r95:>6.1f}   {b50:>11.1f} / {b95:>6.1f}"
            )


def _bandeja(bd: BaseDeDatos, cartas: int, rondas: int) -> None:
    """Imprime la primera, una del medio y la última página de la bandeja en cada orden."""
    paginas = pagina_de(total=cartas, pedida="ultima").numero
    for orden in ORDENES:
        for numero in (1, paginas // 2, paginas):
            r50, r95, b50, b95 = _medir(bd, orden, numero, rondas)
            print(
                f"  {orden:<10} {numero:>7}   {r50:>9.1f} / {r95:>6.1f}   {b50:>11.1f} / {b95:>6.1f}"
            )


def medir(
    motor: str, escala: float, rondas: int, carpeta: Path, postgres: str | None, listas: set[str]
) -> None:
    """Siembra e imprime p50/p95 de la primera, una del medio y la última página de cada lista."""
    url, borrar = base_de_datos(motor, carpeta, postgres)
    bd = BaseDeDatos.desde_url(url, EXTENSIONES_DE_SESION)
    try:
        inicio = time.perf_counter()
        n = sembrar(bd, Almacen(carpeta / f"blobs-{motor}"), escala)
        if "archivo" in listas:
            n["documentos del archivo"] = sembrar_archivo(bd)
        print(f"{motor}: datos cargados en {time.perf_counter() - inicio:.0f} s ({n})")
        print(
            f"  {'lista, orden':<10} {'página':>7}   {'Recupera p50/p95 ms':>20}   {'SQL pelado p50/p95 ms':>22}"
        )
        if "bandeja" in listas:
            _bandeja(bd, n["cartas"], rondas)
        if "bitácora" in listas:
            _bitacora(bd, int(200_000 * escala))
        for nombre, (_, tabla, sql) in LISTAS.items():
            if nombre in listas:
                _otras_paginas(bd, nombre, tabla, list(sql), rondas)
        if "archivo" in listas:
            medir_archivo(bd, motor, rondas, _percentiles)
    finally:
        bd.cerrar()
        borrar()


def main() -> None:
    """Imprime, por motor, lista, orden y página, los tiempos de Recupera y de la línea base."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--escala", type=float, default=1.0, help="1 = 100.000 cartas…")
    parser.add_argument("--rondas", type=int, default=20)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sin-postgres", action="store_true")
    todas = ["bandeja", *LISTAS, "archivo"]
    parser.add_argument("--listas", default=",".join(todas), help=f"de: {','.join(todas)}")
    args = parser.parse_args()
    listas = set(args.listas.split(","))
    if listas - set(todas):
        parser.error(f"listas desconocidas: {', '.join(sorted(listas - set(todas)))}")
    motores = ["sqlite"] if args.sin_postgres else ["sqlite", "postgresql"]
    print(f"Listas (escala {args.escala:g}: {CANTIDADES['cartas'] * args.escala:,.0f} cartas), "
          f"50 por página, {args.rondas} rondas")  # fmt: skip
    for motor in motores:
        with tempfile.TemporaryDirectory() as tmp:
            postgres = args.postgres if motor == "postgresql" else None
            medir(motor, args.escala, args.rondas, Path(tmp), postgres, listas)


if __name__ == "__main__":
    main()
