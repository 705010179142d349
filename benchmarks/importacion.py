"""Rendimiento de la importación de mora: filas/s validadas y auditadas contra una carga cruda.

Línea base medida en la misma corrida: leer el mismo CSV con `csv.reader` e insertar las filas con
un `executemany` sin validar ni auditar. Uso:

    .venv/bin/python benchmarks/importacion.py [--filas 20000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import csv
import io
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from stdnum.sv import nit as stdnum_nit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from expedientes import (
    CAMPOS_PATRONO,
    COLUMNAS_MORA,
    Actor,
    BaseDeDatos,
    DeudaPeriodo,
    escribir_csv,
    importar_mora,
    importar_patronos,
)
from migraciones import aplicar_migraciones
from recupera.composicion import EXTENSIONES_DE_SESION

PERIODOS = 10


def datos(filas: int) -> tuple[bytes, bytes]:
    """CSV de patronos y de mora con `filas` filas de mora (10 períodos por patrono)."""
    patronos, mora = [], []
    for i in range(filas // PERIODOS):
        primeros = f"0614{(i % 28) + 1:02d}0190{i % 1000:03d}"
        numero = f"{500000000 + i}"
        patronos.append(
            {
                "numero_patronal": numero,
                "nit": primeros + stdnum_nit.calc_check_digit(primeros),
                "razon_social": f"Comercial Peña & Núñez N.º {i}, S.A. de C.V.",
                "nombre_comercial": "",
                "direccion": "Calle Arce #12",
                "municipio": "San Salvador",
                "departamento": "San Salvador",
                "representante_legal": "María José Castaneda",
                "dui_representante": "",
                "correo": "",
                "telefono": "",
                "sucursal": "San Salvador",
            }
        )
        for mes in range(1, PERIODOS + 1):
            mora.append(
                {
                    "numero_patronal": numero,
                    "periodo": f"{mes:02d}/2025",
                    "cuota": f"{1000 + i % 500}.{mes:02d}",
                    "multa": "12.50" if mes % 3 == 0 else "0.00",
                    "fecha_limite_pago": date(2025 + mes // 12, mes % 12 + 1, 10).isoformat(),
                }
            )
    return escribir_csv(CAMPOS_PATRONO, patronos), escribir_csv(COLUMNAS_MORA, mora)


def base_de_datos(
    motor: str, carpeta: Path, postgres: str | None
) -> tuple[str, Callable[[], None]]:
    """Una base migrada y vacía (en PostgreSQL, un esquema propio); su URL y cómo borrarla."""
    if motor == "sqlite":
        url = f"sqlite:///{carpeta / f'bench-{secrets.token_hex(3)}.db'}"
        aplicar_migraciones(url)
        return url, lambda: None
    assert postgres
    esquema = f"bench_{secrets.token_hex(4)}"
    admin = create_engine(postgres)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{esquema}"'))
    url = f"{postgres}{'&' if '?' in postgres else '?'}options=-csearch_path%3D{esquema}"
    aplicar_migraciones(url)

    def borrar() -> None:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{esquema}" CASCADE'))
        admin.dispose()

    return url, borrar


def medir(motor: str, filas: int, carpeta: Path, postgres: str | None) -> tuple[float, float]:
    """Segundos de la importación validada y de la línea base, cada una en su base vacía."""
    csv_patronos, csv_mora = datos(filas)
    url, borrar = base_de_datos(motor, carpeta, postgres)
    bd = BaseDeDatos.desde_url(url, EXTENSIONES_DE_SESION)
    with bd.sesion(Actor("benchmark")) as s:
        importar_patronos(session=s, contenido=csv_patronos)
    inicio = time.perf_counter()
    with bd.sesion(Actor("benchmark")) as s:
        resultado = importar_mora(session=s, contenido=csv_mora)
    validada = time.perf_counter() - inicio
    assert resultado.creados == filas, resultado.resumen()

    with bd.engine.begin() as c:
        ids = dict(c.execute(text("SELECT numero_patronal, id FROM patrono")).all())
        c.execute(text("DELETE FROM deuda_periodo"))
    inicio = time.perf_counter()
    lector = csv.reader(io.StringIO(csv_mora.decode("utf-8")))
    next(lector)
    valores = []
    for numero, periodo, cuota, multa, limite in lector:
        mes, anio = periodo.split("/")
        valores.append(
            {
                "patrono_id": ids[numero],
                "periodo": date(int(anio), int(mes), 1),
                "cuota": Decimal(cuota),
                "multa": Decimal(multa),
                "fecha_limite_pago": date.fromisoformat(limite),
                "pagado": False,
            }
        )
    with bd.engine.begin() as c:
        c.execute(insert(DeudaPeriodo), valores)
    cruda = time.perf_counter() - inicio
    bd.cerrar()
    borrar()
    return validada, cruda


def main() -> None:
    """Imprime filas/s y la razón contra la línea base, por motor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filas", type=int, default=20_000)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sin-postgres", action="store_true")
    args = parser.parse_args()
    motores = ["sqlite"] if args.sin_postgres else ["sqlite", "postgresql"]
    print(f"Importación de mora: {args.filas} filas ({args.filas // PERIODOS} patronos)")
    print(f"{'motor':<11} {'validada+auditada':>18} {'línea base':>12} {'razón':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for motor in motores:
            validada, cruda = medir(motor, args.filas, Path(tmp), args.postgres)
            print(
                f"{motor:<11} {args.filas / validada:>12,.0f} filas/s {args.filas / cruda:>6,.0f} filas/s "
                f"{validada / cruda:>6.1f}×"
            )


if __name__ == "__main__":
    main()
