"""Rendimiento del archivo: carga masiva y latencia de la búsqueda (p50/p95), en ambos motores.

Datos sintéticos pero con la forma de los reales (`datos_archivo.py`: razones sociales
salvadoreñas con tildes y `&`, NIT válidos, expedientes de 2016 a 2026, documentos con
referencias CE-/CS-/DRP-, acuerdos y actas). Se cargan con inserciones masivas, COPY en
PostgreSQL, y el índice se construye en bloque con el mismo código que lo mantiene en producción
(`carga_archivo.py`). Meta: p95 < 50 ms por consulta. Uso:

    .venv/bin/python benchmarks/archivo.py [--expedientes 100000] [--documentos 1000000]
        [--consultas 200] [--postgres URL] [--sin-postgres] [--sin-sqlite]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import text
from sqlmodel import select

# La raíz del repositorio va primero: `archivo` es el paquete, no este script (que se llama igual).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from carga_archivo import cargar_postgres, cargar_sqlite
from datos_archivo import consultas, generar
from importacion import base_de_datos

from archivo import (
    Almacen,
    OrigenDocumento,
    buscar_en_archivo,
    cargar_requisitos,
    incorporar_documento,
    pdf_del_expediente,
)
from expedientes import Actor, BaseDeDatos, Expediente, Patrono, Usuario, abrir_expediente
from recupera.composicion import EXTENSIONES_DE_SESION

META_MS = 50.0
# Quien busca y exporta: la archivista, que ve el contenido de todo el archivo.
LECTOR = Usuario(id=1, nombre_usuario="rosa.portillo", nombre_completo="Rosa María Portillo",
                 rol="archivo", password_hash="x", token_sesion="x", activo=True)  # fmt: skip


def linea_base(bd: BaseDeDatos, numeros: list[str]) -> float:
    """p50 (ms) de la consulta más simple posible: SQL crudo por el índice único del número
    patronal y sus expedientes, sin índice de texto ni resultados armados (misma corrida)."""
    tiempos = []
    for numero in numeros:
        inicio = time.perf_counter()
        with bd.nueva_sesion(solo_lectura=True) as s:
            s.execute(
                text(
                    "SELECT e.numero FROM expediente e JOIN patrono p ON p.id = e.patrono_id "
                    "WHERE p.numero_patronal = :n"
                ),
                {"n": numero},
            ).all()
        tiempos.append((time.perf_counter() - inicio) * 1000)
    return statistics.median(tiempos)


def medir_consultas(bd: BaseDeDatos, clases: dict[str, list[dict[str, Any]]]) -> None:
    """Imprime p50/p95/máx de cada clase; una sesión de solo lectura por consulta, como la web."""
    print(f"  {'consulta':<24} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'máx ms':>8} {'halló':>6}")
    medianas: dict[str, float] = {}
    for nombre, lista in clases.items():
        tiempos, halladas = [], 0
        for argumentos in lista[:5]:  # calentamiento
            with bd.nueva_sesion(solo_lectura=True) as s:
                buscar_en_archivo(session=s, **argumentos, usuario=LECTOR)
        for argumentos in lista:
            inicio = time.perf_counter()
            with bd.nueva_sesion(solo_lectura=True) as s:
                resultados = buscar_en_archivo(session=s, **argumentos, usuario=LECTOR)
            tiempos.append((time.perf_counter() - inicio) * 1000)
            halladas += bool(resultados)
        p95 = statistics.quantiles(tiempos, n=20)[-1]
        medianas[nombre] = statistics.median(tiempos)
        marca = "ok" if p95 < META_MS else f"SOBRE LA META ({META_MS:.0f} ms)"
        print(
            f"  {nombre:<24} {len(tiempos):>5} {statistics.median(tiempos):>8.1f} {p95:>8.1f} "
            f"{max(tiempos):>8.1f} {halladas:>5}/{len(tiempos)}  {marca}"
        )
    primera = next(iter(clases))
    base = linea_base(bd, [str(a["texto"]) for a in clases[primera]])
    print(
        f"  línea base (SQL crudo por número patronal, p50): {base:.1f} ms; "
        f"`buscar` por {primera}: {medianas[primera] / base:.1f}×"
    )


def _pdf_de_paginas(titulo: str, paginas: int) -> bytes:
    """Un documento de `paginas` páginas carta con 40 renglones de texto cada una."""
    salida = BytesIO()
    lienzo = Canvas(salida, pagesize=LETTER)
    for pagina in range(1, paginas + 1):
        for renglon in range(40):
            lienzo.drawString(
                72, 720 - 15 * renglon, f"{titulo}, página {pagina}: texto {renglon}."
            )
        lienzo.showPage()
    lienzo.save()
    return salida.getvalue()


def _expediente_escaneado(bd: BaseDeDatos, almacen: Almacen, pdfs: list[bytes]) -> int:
    """Abre un expediente y le incorpora los PDF como documentos escaneados; devuelve su id."""
    with bd.sesion(Actor("benchmark")) as s:
        patrono = s.exec(select(Patrono)).first()
        assert patrono is not None
        expediente = abrir_expediente(
            session=s, numero_patronal=patrono.numero_patronal, tipo="cobro", hoy=date(2099, 1, 5)
        )
        for n, pdf in enumerate(pdfs):
            sha = almacen.guardar(pdf)
            incorporar_documento(session=s, expediente=expediente, tipo="estado_cuenta", titulo=f"Documento {n}",
                       fecha=date(2026, 11, 30), origen=OrigenDocumento.ESCANEADO, sha256=sha, sha256_pdf=sha,
                       folios=len(PdfReader(BytesIO(pdf)).pages))  # fmt: skip
        assert expediente.id is not None
        return expediente.id


def _mejor_de_tres(
    bd: BaseDeDatos, almacen: Almacen, expediente_id: int, pdfs: list[bytes]
) -> tuple[float, float]:
    """Segundos (el mejor de tres) de exportar el expediente y de pegar sus PDF con pypdf."""
    tiempos, base = [], []
    for _ in range(3):
        with bd.sesion(Actor("benchmark"), solo_lectura=True) as s:
            expediente = s.get(Expediente, expediente_id)
            inicio = time.perf_counter()
            pdf_del_expediente(
                session=s,
                almacen=almacen,
                expediente=expediente,
                requisitos=cargar_requisitos(),
                usuario=LECTOR,
            )
            tiempos.append(time.perf_counter() - inicio)
        inicio = time.perf_counter()
        escritor = PdfWriter()
        for pdf in pdfs:
            escritor.append(PdfReader(BytesIO(almacen.leer(almacen.guardar(pdf)))))
        escritor.write(BytesIO())
        base.append(time.perf_counter() - inicio)
    return min(tiempos), min(base)


def medir_exportacion(bd: BaseDeDatos, carpeta: Path) -> None:
    """Exportar un expediente de 300 folios (30 documentos de 10 páginas) desde la base, contra
    pegar los mismos 30 PDF con pypdf sin carátula, índice ni folios (misma corrida)."""
    almacen = Almacen(carpeta / f"blobs-{bd.engine.dialect.name}")
    pdfs = [_pdf_de_paginas(f"Documento {n} — Pérez & Cía", 10) for n in range(30)]
    expediente_id = _expediente_escaneado(bd, almacen, pdfs)
    mejor, pelado = _mejor_de_tres(bd, almacen, expediente_id, pdfs)
    folios = sum(len(PdfReader(BytesIO(p)).pages) for p in pdfs)
    print(
        f"  exportación de {folios} folios: {mejor:.2f} s (meta < 10 s); pypdf pegando los mismos "
        f"PDF sin carátula, índice ni folios: {pelado:.2f} s ({mejor / pelado:.1f}×)"
    )


def main() -> None:
    """Genera los datos una vez y mide carga y búsqueda en cada motor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expedientes", type=int, default=100_000)
    parser.add_argument("--documentos", type=int, default=1_000_000)
    parser.add_argument("--consultas", type=int, default=200)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sin-postgres", action="store_true")
    parser.add_argument("--sin-sqlite", action="store_true")
    parser.add_argument(
        "--conservar", action="store_true", help="No borra el esquema de PostgreSQL (para EXPLAIN)."
    )
    args = parser.parse_args()
    inicio = time.perf_counter()
    datos = generar(args.expedientes, args.documentos)
    clases = consultas(datos, args.consultas)
    print(
        f"Archivo: {len(datos.patronos):,} patronos, {args.expedientes:,} expedientes, "
        f"{args.documentos:,} documentos (generados en {time.perf_counter() - inicio:.0f} s)"
    )
    pedidos = (("sqlite", args.sin_sqlite), ("postgresql", args.sin_postgres))
    motores = [motor for motor, fuera in pedidos if not fuera]
    with tempfile.TemporaryDirectory() as tmp:
        for motor in motores:
            url, borrar = base_de_datos(motor, Path(tmp), args.postgres)
            bd = BaseDeDatos.desde_url(url, EXTENSIONES_DE_SESION)
            try:
                inicio = time.perf_counter()
                (cargar_postgres if motor == "postgresql" else cargar_sqlite)(bd, datos)
                print(f"{motor}: carga con índice en {time.perf_counter() - inicio:.0f} s")
                medir_consultas(bd, clases)
                medir_exportacion(bd, Path(tmp))
            finally:
                bd.cerrar()
                if args.conservar and motor == "postgresql":
                    print(f"  esquema conservado: {url}")
                else:
                    borrar()


if __name__ == "__main__":
    main()
