"""Rendimiento de la importación de pagos con su aplicación a los convenios: filas/s validadas,
aplicadas (prima, cuotas por vencimiento, excedentes) y auditadas contra una carga cruda.

Datos: 2.000 patronos, 1.500 de ellos con un convenio vigente de 12 cuotas de $1,000.00; 10 pagos
por patrono (20.000 filas) de montos variados: parciales, exactos y de más. Línea base medida en la
misma corrida: leer el mismo CSV con `csv.reader` e insertar los pagos con un `executemany`, sin
validar, aplicar ni auditar. Uso:

    .venv/bin/python benchmarks/pagos.py [--filas 20000] [--postgres URL | --sin-postgres]
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, func, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from importacion import base_de_datos, datos

from archivo import Almacen
from expedientes import (
    Actor,
    BaseDeDatos,
    Expediente,
    Usuario,
    escribir_csv,
    importar_patronos,
    sumar_meses,
)
from plantillas import DocumentoGenerado, version_vigente
from recupera.composicion import EXTENSIONES_DE_SESION
from seguimiento import (
    COLUMNAS_PAGOS,
    AplicacionPago,
    Convenio,
    CuotaConvenio,
    Pago,
    importar_pagos,
)

PAGOS_POR_PATRONO = 10
CUOTAS = 12
CUOTA = Decimal("1000.00")
HOY = date(2026, 11, 30)


def _pagos_csv(numeros: list[str]) -> bytes:
    """10 pagos por patrono entre enero y octubre de 2026, de $700.00 a $1,500.00."""
    filas = []
    for i, numero in enumerate(numeros):
        for k in range(PAGOS_POR_PATRONO):
            monto = Decimal(700 + (i * 37 + k * 113) % 801) + Decimal(k) / 100
            filas.append(
                {
                    "numero_patronal": numero,
                    "fecha": date(2026, k + 1, 1 + (i + k) % 28).isoformat(),
                    "monto": str(monto),
                    "referencia": f"BCO-{i:05d}-{k:02d}",
                }
            )
    return escribir_csv(COLUMNAS_PAGOS, filas)


def _convenios(bd: BaseDeDatos, almacen: Almacen, con_convenio: int) -> None:
    """Expediente, documento final y convenio vigente de 12 cuotas para los primeros patronos
    (carga directa: lo que se mide es la importación de pagos)."""
    with bd.sesion(Actor("benchmark")) as s:
        version = version_vigente(session=s, almacen=almacen, nombre="convenio_pago")
        autor = Usuario(
            nombre_usuario="gestor", nombre_completo="Gestor Peña", rol="gestor",
            password_hash="x", token_sesion="0" * 32,
        )  # fmt: skip
        s.add(autor)
        s.flush()
        patronos = [r[0] for r in s.execute(text("SELECT id FROM patrono ORDER BY id")).all()]
        c = s.connection()
        c.execute(insert(Expediente), [
            {"numero": f"EXP-2025-{i:05d}", "patrono_id": pid, "tipo": "convenio",
             "etapa": "en_gestion", "abierto_el": date(2025, 11, 1), "sucursal": "San Salvador"}
            for i, pid in enumerate(patronos[:con_convenio], start=1)
        ])  # fmt: skip
        expedientes = dict(c.execute(text("SELECT patrono_id, id FROM expediente")).all())
        c.execute(insert(DocumentoGenerado), [
            {"numero": f"DRP-2025-{i:06d}", "expediente_id": expedientes[pid],
             "plantilla_version_id": version.id, "plantilla": "convenio_pago",
             "plantilla_version": version.version, "plantilla_sha256": version.docx_sha256,
             "titulo": "Convenio de pago", "estado": "final", "fecha": date(2025, 12, 1),
             "entradas": {}, "docx_sha256": version.docx_sha256, "autor_id": autor.id,
             "editado_por_id": autor.id}
            for i, pid in enumerate(patronos[:con_convenio], start=1)
        ])  # fmt: skip
        c.execute(insert(Convenio), [
            {"expediente_id": expedientes[pid], "documento_numero": f"DRP-2025-{i:06d}",
             "estado": "vigente", "prima": Decimal("500.00"), "prima_pagada": Decimal("500.00"),
             "financiado": CUOTA * CUOTAS, "total": CUOTA * CUOTAS + 500,
             "cuotas_para_incumplir": 2, "firmado_el": date(2025, 12, 2),
             "vigente_desde": date(2025, 12, 2)}
            for i, pid in enumerate(patronos[:con_convenio], start=1)
        ])  # fmt: skip
        _cuotas(c)


def _cuotas(c: Connection) -> None:
    """Las doce cuotas mensuales de cada convenio, desde el 15 de enero de 2026."""
    ids = [r[0] for r in c.execute(text("SELECT id FROM convenio ORDER BY id")).all()]
    c.execute(insert(CuotaConvenio), [
        {"convenio_id": cid, "numero": n, "vence_el": sumar_meses(date(2026, 1, 15), n - 1),
         "monto": CUOTA, "pagado": Decimal("0.00")}
        for cid in ids for n in range(1, CUOTAS + 1)
    ])  # fmt: skip


def _cruda(bd: BaseDeDatos, contenido: bytes) -> float:
    """csv.reader + un executemany de los pagos, sin validar, aplicar ni auditar (con otra
    referencia: los pagos importados no se pueden borrar, su aplicación solo se agrega)."""
    with bd.engine.begin() as c:
        ids = dict(c.execute(text("SELECT numero_patronal, id FROM patrono")).all())
    inicio = time.perf_counter()
    lector = csv.reader(io.StringIO(contenido.decode("utf-8")))
    next(lector)
    valores = [
        {"patrono_id": ids[numero], "fecha": date.fromisoformat(fecha), "monto": Decimal(monto),
         "referencia": f"CRUDA-{referencia}", "sucursal": "", "sin_aplicar": Decimal(monto)}
        for numero, fecha, monto, referencia in lector
    ]  # fmt: skip
    with bd.engine.begin() as c:
        c.execute(insert(Pago), valores)
    return time.perf_counter() - inicio


def medir(motor: str, filas: int, carpeta: Path, postgres: str | None) -> tuple[float, float, str]:
    """Segundos de la importación con aplicación, de la línea base, y qué se aplicó."""
    patronos = filas // PAGOS_POR_PATRONO
    csv_patronos, _ = datos(patronos * 10)
    url, borrar = base_de_datos(motor, carpeta, postgres)
    bd = BaseDeDatos.desde_url(url, EXTENSIONES_DE_SESION)
    almacen = Almacen(carpeta / f"blobs-{motor}")
    with bd.sesion(Actor("benchmark")) as s:
        importar_patronos(session=s, contenido=csv_patronos)
    _convenios(bd, almacen, patronos * 3 // 4)
    with bd.nueva_sesion() as s:
        numeros = list(s.execute(text("SELECT numero_patronal FROM patrono ORDER BY id")).scalars())
    contenido = _pagos_csv(numeros)
    inicio = time.perf_counter()
    with bd.sesion(Actor("benchmark")) as s:
        resultado = importar_pagos(session=s, contenido=contenido, hoy=HOY)
    validada = time.perf_counter() - inicio
    assert resultado.nuevos == filas, resultado.resumen()
    with bd.nueva_sesion() as s:
        piezas = s.execute(select(func.count()).select_from(AplicacionPago)).scalar_one()
        cumplidos = s.execute(text("SELECT count(*) FROM convenio WHERE estado = 'cumplido'"))
        detalle = (
            f"{piezas:,} aplicaciones, {cumplidos.scalar_one():,} convenios cumplidos, "
            f"aplicado ${resultado.aplicado:,.2f}, sin aplicar ${resultado.sin_aplicar:,.2f}"
        )
    cruda = _cruda(bd, contenido)
    bd.cerrar()
    borrar()
    return validada, cruda, detalle


def main() -> None:
    """Imprime filas/s y la razón contra la línea base, por motor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filas", type=int, default=20_000)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sin-postgres", action="store_true")
    args = parser.parse_args()
    motores = ["sqlite"] if args.sin_postgres else ["sqlite", "postgresql"]
    patronos = args.filas // PAGOS_POR_PATRONO
    print(
        f"Importación de pagos: {args.filas} filas ({patronos} patronos, "
        f"{patronos * 3 // 4} con convenio vigente de {CUOTAS} cuotas)"
    )
    print(f"{'motor':<11} {'aplicada+auditada':>18} {'línea base':>16} {'razón':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for motor in motores:
            validada, cruda, detalle = medir(motor, args.filas, Path(tmp), args.postgres)
            print(
                f"{motor:<11} {args.filas / validada:>10,.0f} filas/s {args.filas / cruda:>8,.0f} "
                f"filas/s {validada / cruda:>6.1f}×   ({validada:.1f} s; {detalle})"
            )


if __name__ == "__main__":
    main()
