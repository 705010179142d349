"""Rendimiento de las copias de respaldo de un departamento entero: el de `datos_reportes` (100.000
cartas, 30.000 expedientes, 60.000 pagos…) con un blob real por carta, contra un `cp -a` de la
misma carpeta de datos en la misma corrida.

Se mide:
1. línea base: `cp -a` de la carpeta de datos entera (la base SQLite y los blobs), sin verificar
   nada ni garantizar una instantánea consistente;
2. la copia completa (`crear_copia` a una carpeta vacía): instantánea de la base en JSON por
   tabla, blobs copiados, manifiesto con sumas, un `sync`;
3. la copia incremental: después de registrar 1 % más de cartas con sus blobs, otra copia a la
   misma carpeta (solo copia los blobs nuevos);
4. la verificación de la copia (rehace la suma de todo) y su tamaño en disco;
5. la fijeza del almacén de la instalación: releer y sumar cada blob que la base nombra (lo que
   añade a `recupera archivo verify` y a su pasada programada).

En PostgreSQL (`--postgres URL`) la línea base es `pg_dump -Fc` del esquema más el `cp -a` de la
carpeta de datos (los blobs). `--bytes-por-blob` fija el tamaño de cada blob de carta: 3.000 mide
sobre todo el costo por archivo; 150.000 (un correo con su PDF, un escaneo de una página) mide el
de los bytes.

Con `--frio` (root) cada medida empieza sin la caché de páginas del sistema: lee del disco, como la
copia diaria.

Uso: .venv/bin/python benchmarks/respaldo.py [--escala 1.0] [--bytes-por-blob 3000] [--postgres URL]
     [--frio]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import inspect, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from datos_reportes import sembrar
from importacion import base_de_datos

from archivo import almacen_de, verificar_almacen
from expedientes import Actor, BaseDeDatos
from recupera.composicion import EXTENSIONES_DE_SESION
from respaldo import crear_copia, verificar_copia


def _blobs_reales(bd: BaseDeDatos, datos: Path, tamano: int, desde: int = 0) -> int:
    """Da a cada carta (desde el id `desde`) un blob propio en el almacén; cuántas."""
    almacen = almacen_de(datos)
    with bd.sesion(Actor("benchmark")) as s:
        c = s.connection()
        ids = [
            i
            for (i,) in c.execute(
                text("SELECT id FROM correspondencia WHERE id > :d"), {"d": desde}
            )
        ]
        cambios = []
        for i in ids:
            linea = f"From: patrono{i}@empresa.com.sv\\nSubject: Carta {i}\\n\\n".encode()
            cuerpo = linea * (tamano // len(linea) + 1)
            sha = almacen.guardar(cuerpo[:tamano] + str(i).encode())
            cambios.append({"s": sha, "i": i})
        c.execute(text("UPDATE correspondencia SET sha256 = :s WHERE id = :i"), cambios)
    return len(ids)


def _du(ruta: Path) -> int:
    return sum(f.stat().st_size for f in ruta.rglob("*") if f.is_file())


FRIO = {"activo": False}


def _enfriar() -> None:
    """Con `--frio`, vacía la caché de páginas del sistema (como la copia diaria, que lee blobs
    que nadie leyó en horas): lo medido lee del disco, no de la memoria. Exige root."""
    if FRIO["activo"]:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")


def _cronometrar(funcion, *argumentos, **opciones):  # type: ignore[no-untyped-def]
    _enfriar()
    inicio = time.perf_counter()
    resultado = funcion(*argumentos, **opciones)
    return time.perf_counter() - inicio, resultado


def _programa(nombre: str) -> str:
    ruta = shutil.which(nombre)
    assert ruta, f"falta {nombre}"
    return ruta


def _linea_base(url: str, datos: Path, destino: Path) -> float:
    """`cp -a` de la carpeta de datos (con la base, en SQLite); en PostgreSQL, más `pg_dump`."""
    _enfriar()
    inicio = time.perf_counter()
    subprocess.run([_programa("cp"), "-a", str(datos), str(destino)], check=True)
    if url.startswith("postgresql"):
        esquema = url.rsplit("search_path%3D", 1)[1]
        libpq = url.replace("postgresql+psycopg", "postgresql").split("?")[0]
        subprocess.run([_programa("pg_dump"), "-Fc", "-n", esquema, "-f", str(destino / "pg.dump"), libpq],
                       check=True)  # fmt: skip
    os.sync()
    return time.perf_counter() - inicio


def main() -> None:
    """Siembra el departamento, copia con `cp -a`, hace la copia completa y la incremental."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--escala", type=float, default=1.0)
    parser.add_argument("--bytes-por-blob", type=int, default=3000)
    parser.add_argument("--postgres", default=None, help="URL de PostgreSQL (por omisión, SQLite)")
    parser.add_argument("--frio", action="store_true", help="Sin caché de páginas en cada medida.")
    args = parser.parse_args()
    FRIO["activo"] = args.frio
    motor = "postgresql" if args.postgres else "sqlite"
    with tempfile.TemporaryDirectory() as tmp:
        datos, copias = Path(tmp) / "datos", Path(tmp) / "copias"
        datos.mkdir()
        url, borrar = base_de_datos(motor, datos, args.postgres)
        if motor == "sqlite":  # la base dentro de la carpeta de datos, como en una instalación
            Path(url.removeprefix("sqlite:///")).rename(datos / "recupera.db")
            url = f"sqlite:///{datos / 'recupera.db'}"
        bd = BaseDeDatos.desde_url(url, EXTENSIONES_DE_SESION)
        n = sembrar(bd, almacen_de(datos), args.escala)
        cartas = _blobs_reales(bd, datos, args.bytes_por_blob)
        os.sync()
        t_cp = _linea_base(url, datos, Path(tmp) / "cp")
        t_completa, completa = _cronometrar(
            crear_copia, engine=bd.engine, almacen=almacen_de(datos), destino=copias
        )
        tamano_completa = _du(copias)
        with bd.sesion(Actor("benchmark")) as s:
            maximo = (
                s.connection().execute(text("SELECT max(id) FROM correspondencia")).scalar_one()
            )
        nuevas = max(1, cartas // 100)
        _duplicar_cartas(bd, maximo, nuevas)
        _blobs_reales(bd, datos, args.bytes_por_blob, desde=maximo)
        t_incremental, incremental = _cronometrar(
            crear_copia, engine=bd.engine, almacen=almacen_de(datos), destino=copias
        )
        t_verificar, verificacion = _cronometrar(verificar_copia, incremental.carpeta)
        with bd.engine.connect() as c:
            t_fijeza, fijeza = _cronometrar(verificar_almacen, c, almacen_de(datos))
        assert not fijeza.problemas, fijeza.problemas[:5]
        assert verificacion.correcta, verificacion.problemas[:5]
        tamano_datos, tamano_copias = _du(datos), _du(copias)
        tamano_incremental = tamano_copias - tamano_completa
        bd.cerrar()
        borrar()
    base = "cp -a de la carpeta de datos" + (" y pg_dump -Fc" if motor == "postgresql" else "")
    print(f"Copias de respaldo de un departamento ({n['cartas']:,} cartas con su blob de "
          f"~{args.bytes_por_blob:,} bytes, {n['expedientes']:,} expedientes, {n['pagos']:,} pagos), "
          f"{'PostgreSQL' if motor == 'postgresql' else 'SQLite'}"
          f"{', sin caché de páginas' if args.frio else ''}:")  # fmt: skip
    print(f"  {base} ({tamano_datos / 1e6:,.0f} MB de datos): {t_cp:.1f} s")
    print(f"  copia completa: {t_completa:.1f} s, {tamano_completa / 1e6:,.0f} MB ({completa.blobs_nuevos:,} blobs, "
          f"{sum(completa.filas.values()):,} filas) — {t_completa / t_cp:.1f}× la línea base")  # fmt: skip
    print(f"  copia incremental tras {nuevas:,} cartas nuevas: {t_incremental:.1f} s, "
          f"{tamano_incremental / 1e6:,.0f} MB más ({incremental.blobs_nuevos:,} blobs nuevos) — "
          f"{t_incremental / t_cp:.2f}× la línea base")  # fmt: skip
    print(f"  verificar la copia (rehacer cada suma): {t_verificar:.1f} s")
    print(f"  fijeza del almacén de la instalación (releer los {fijeza.blobs:,} blobs que la base "
          f"nombra, como `recupera archivo verify`): {t_fijeza:.1f} s "
          f"({tamano_datos / 1e6 / t_fijeza:,.0f} MB/s)")  # fmt: skip
    print(
        f"  las dos copias ocupan {tamano_copias / 1e6:,.0f} MB (la carpeta de datos, {tamano_datos / 1e6:,.0f} MB)"
    )


def _duplicar_cartas(bd: BaseDeDatos, maximo: int, cuantas: int) -> None:
    """Cartas nuevas (copias de las primeras con otro número), como llegarían en un día."""
    with bd.sesion(Actor("benchmark")) as s:
        c = s.connection()
        pg = c.dialect.name == "postgresql"
        columnas = [col for col in inspect(c).get_columns("correspondencia") if col["name"] != "id"]
        nombres = [col["name"] for col in columnas]
        numero = "'CE-2027-' || " + ("lpad(id::text, 6, '0')" if pg else "printf('%06d', id)")
        sha = "lpad(to_hex(id + 900000000), 64, '0')" if pg else "printf('%064x', id + 900000000)"
        seleccion = ", ".join(
            numero if nombre == "numero" else sha if nombre == "sha256" else
            "NULL" if nombre == "message_id" else nombre
            for nombre in nombres
        )  # fmt: skip
        c.execute(text(f"INSERT INTO correspondencia ({', '.join(nombres)}) SELECT {seleccion} "
                       f"FROM correspondencia WHERE id <= :n"), {"n": cuantas})  # fmt: skip


if __name__ == "__main__":
    main()
