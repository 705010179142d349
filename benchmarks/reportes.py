"""Rendimiento de los reportes del panel del jefe: cada uno de `panel.reportes.REPORTES` y
todos juntos (lo que calcula una carga de /panel/), contra el SQL de agregación pelado.

Datos de un departamento tras algunos años (escala 1): 20.000 patronos en 8 sucursales (el 5 %
sin sucursal), 30.000 expedientes de 2019 a 2026 en todas las etapas, tipos y sucursales,
repartidos entre 8 personas (gestores, secretaria, jefe, archivo y un gestor inactivo que aún
tiene pendientes); 100.000 cartas entrantes de 2025 y 2026 en todos los estados y tipos
(respondidas, archivadas con y sin respuesta, por responder y vencidas); 3.000 convenios de 12
cuotas vigentes, incumplidos o cumplidos con pagos aplicados en parte; documentos abiertos;
60.000 pagos de diciembre de 2025 a hoy y las metas del Plan Anual por sucursal y mes. Todo con
inserciones masivas y azar reproducible (`datos_reportes.py`). Línea base medida en
la misma corrida: por reporte, las consultas GROUP BY con sumas condicionales que dan las mismas
cifras, con `session.execute(text(...)).all()`, sin armar filas, totales, enlaces ni
`reconciliar`. Se comprueba que ambos lados den el mismo gran total. Uso:

    .venv/bin/python benchmarks/reportes.py [--escala 1.0] [--repeticiones 5]
        [--postgres URL | --sin-postgres]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Date, Integer, TextClause, bindparam, text
from sqlalchemy.types import TypeEngine
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from datos_reportes import CANTIDADES, HOY, sembrar
from importacion import base_de_datos

from archivo import Almacen
from correspondencia import PLAZO_CORRE
from expedientes import ETAPAS_FINALES, ZONA_LOCAL, BaseDeDatos, Etapa, FechaHoraUTC
from panel import DOCUMENTOS_ABIERTOS, REPORTES, generar_reporte
from recupera.composicion import EXTENSIONES_DE_SESION


def _lista(valores: Any) -> str:
    """Los valores, ordenados, como lista SQL de literales: `('a', 'b')`."""
    return "(" + ", ".join(f"'{v}'" for v in sorted(valores)) + ")"


CORRE, ACTIVAS = _lista(PLAZO_CORRE), _lista(set(Etapa) - ETAPAS_FINALES)
_CARTAS = f"""SELECT {{g}}, count(*),
 sum(CASE WHEN estado NOT IN {CORRE} AND respondida_en IS NOT NULL THEN 1 ELSE 0 END),
 sum(CASE WHEN estado IN {CORRE} THEN 1 ELSE 0 END),
 sum(CASE WHEN estado NOT IN {CORRE} AND respondida_en IS NULL THEN 1 ELSE 0 END),
 sum(CASE WHEN estado IN {CORRE} AND vence_el < :hoy THEN 1 ELSE 0 END)
 FROM correspondencia WHERE recibido_en >= :desde AND recibido_en < :hasta GROUP BY {{g}}"""
_PLAN = """WITH r AS (SELECT sucursal, {mes} AS mes, sum(monto) AS s FROM pago
 WHERE fecha >= :inicio AND fecha < :fin GROUP BY sucursal, {mes})
 SELECT m.sucursal, m.mes, m.meta, r.s FROM meta_plan m
 LEFT JOIN r ON r.sucursal = m.sucursal AND r.mes = m.mes WHERE m.anio = :anio
 UNION ALL SELECT r.sucursal, r.mes, NULL, r.s FROM r WHERE NOT EXISTS (SELECT 1 FROM meta_plan m
 WHERE m.anio = :anio AND m.sucursal = r.sucursal AND m.mes = r.mes)"""
_MES = {"sqlite": "CAST(strftime('%m', fecha) AS INTEGER)",
        "postgresql": "EXTRACT(MONTH FROM fecha)"}  # fmt: skip
# Reporte → (consultas, clave del gran total en el reporte, cómo sumarlo de las filas crudas).
LINEA_BASE: dict[str, tuple[list[str], str, Callable[[list[list[Any]]], Any]]] = {
    "correspondencia": ([_CARTAS.format(g="asignado_id")], "recibidas", lambda r: sum(f[1] for f in r[0])),
    "correspondencia_tipo": ([_CARTAS.format(g="tipo")], "vencidas", lambda r: sum(f[5] for f in r[0])),
    "solicitudes": (["""SELECT autor_id, count(*),
 sum(CASE WHEN respondida_por_id IS NULL AND vence_el < :hoy THEN 1 ELSE 0 END)
 FROM saliente WHERE vence_el IS NOT NULL AND estado NOT IN ('reservada', 'anulada')
 AND emitida_el >= :inicio AND emitida_el <= :hoy GROUP BY autor_id"""],
                    "enviadas", lambda r: sum(f[1] for f in r[0])),
    "expedientes": (["SELECT etapa, sucursal, count(*) FROM expediente GROUP BY etapa, sucursal"],
                    "total", lambda r: sum(f[2] for f in r[0])),
    "convenios": (["""SELECT e.sucursal, c.estado, count(DISTINCT c.id),
 sum(CASE WHEN q.monto > q.pagado THEN q.monto - q.pagado ELSE 0 END),
 sum(CASE WHEN q.monto > q.pagado AND q.vence_el < :hoy THEN q.monto - q.pagado ELSE 0 END),
 min(CASE WHEN q.monto > q.pagado AND q.vence_el < :hoy THEN q.vence_el END)
 FROM convenio c JOIN expediente e ON e.id = c.expediente_id
 JOIN cuota_convenio q ON q.convenio_id = c.id
 WHERE c.estado IN ('vigente', 'incumplido') GROUP BY e.sucursal, c.estado"""],
                  "saldo", lambda r: sum(f[3] for f in r[0])),
    "plan": ([_PLAN], "recuperado", lambda r: sum(f[3] or 0 for f in r[0])),
    "carga": ([f"SELECT gestor_id, count(*) FROM expediente WHERE etapa IN {ACTIVAS} GROUP BY gestor_id",
               f"""SELECT asignado_id, count(*), sum(CASE WHEN vence_el < :hoy THEN 1 ELSE 0 END)
 FROM correspondencia WHERE estado IN {CORRE} GROUP BY asignado_id""",
               f"SELECT autor_id, count(*) FROM documento_generado WHERE estado IN "
               f"{_lista(DOCUMENTOS_ABIERTOS)} GROUP BY autor_id"],
              "cartas", lambda r: sum(f[1] for f in r[1])),
}  # fmt: skip


# Los del reporte: del 1 de enero a hoy (días de El Salvador) y el año de hoy.
PARAMETROS: dict[str, tuple[object, TypeEngine[Any]]] = {
    "hoy": (HOY, Date()), "anio": (HOY.year, Integer()), "inicio": (date(HOY.year, 1, 1), Date()),
    "fin": (date(HOY.year + 1, 1, 1), Date()),
    "desde": (datetime(HOY.year, 1, 1, tzinfo=ZONA_LOCAL), FechaHoraUTC()),
    "hasta": (datetime.combine(HOY + timedelta(days=1), dtime(0), ZONA_LOCAL), FechaHoraUTC()),
}  # fmt: skip


def _consultas(motor: str) -> dict[str, list[TextClause]]:
    """Las consultas de la línea base de cada reporte, con sus parámetros ya puestos."""
    consultas = {}
    for nombre, (sqls, _, _) in LINEA_BASE.items():
        consultas[nombre] = [
            text(sql.format(mes=_MES[motor])).bindparams(
                *(bindparam(p, v, type_=t) for p, (v, t) in PARAMETROS.items() if f":{p}" in sql)
            )
            for sql in sqls
        ]
    return consultas


def _reporte(nombres: list[str]) -> Callable[[Session], object]:
    """Una función que genera esos reportes del panel en la sesión que reciba."""
    return lambda s: [generar_reporte(n, session=s, hoy=HOY) for n in nombres]


def _base(consultas: list[TextClause]) -> Callable[[Session], list[list[Any]]]:
    """Una función que corre esas consultas de la línea base y devuelve sus filas crudas."""
    return lambda s: [list(s.execute(c).all()) for c in consultas]


def _tiempos(
    bd: BaseDeDatos, funciones: list[Callable[[Session], Any]], n: int
) -> list[list[float]]:
    """Segundos de cada función en `n` rondas intercaladas (tras una de calentamiento), cada
    una en su sesión de solo lectura, como una petición web."""
    tiempos: list[list[float]] = [[] for _ in funciones]
    for ronda in range(n + 1):
        for i, funcion in enumerate(funciones):
            with bd.nueva_sesion(solo_lectura=True) as s:
                inicio = time.perf_counter()
                funcion(s)
                if ronda:
                    tiempos[i].append(time.perf_counter() - inicio)
    return tiempos


def _comprobar(bd: BaseDeDatos, consultas: dict[str, list[TextClause]], motor: str) -> list[int]:
    """Que cada reporte y su línea base den el mismo gran total; devuelve las filas de cada uno."""
    filas = []
    with bd.nueva_sesion(solo_lectura=True) as s:
        for nombre, (_, clave, sumar) in LINEA_BASE.items():
            reporte = generar_reporte(nombre, session=s, hoy=HOY)
            base = sumar(_base(consultas[nombre])(s))
            if motor == "sqlite" and clave in ("saldo", "recuperado"):
                base = Decimal(base) / 100  # SQLite guarda el dinero en centavos enteros
            total = reporte.totales[clave]
            assert total == base, f"{nombre}: el reporte da {total} y la línea base {base}"
            filas.append(len(reporte.filas))
    return filas


def medir(motor: str, escala: float, veces: int, carpeta: Path, postgres: str | None) -> None:
    """Siembra una base e imprime reporte contra línea base, por reporte y del panel completo."""
    url, borrar = base_de_datos(motor, carpeta, postgres)
    bd = BaseDeDatos.desde_url(url, EXTENSIONES_DE_SESION)
    inicio = time.perf_counter()
    sembrar(bd, Almacen(carpeta / f"blobs-{motor}"), escala)
    print(f"{motor}: datos cargados en {time.perf_counter() - inicio:.0f} s")
    consultas = _consultas(motor)
    filas = _comprobar(bd, consultas, motor)
    nombres = [*REPORTES, "panel (todos)"]
    funciones: list[Callable[[Session], Any]] = []
    for nombre in REPORTES:
        funciones += [_reporte([nombre]), _base(consultas[nombre])]
    funciones += [_reporte(list(REPORTES)), _base([c for cs in consultas.values() for c in cs])]
    tiempos = _tiempos(bd, funciones, veces)
    print(f"  {'reporte':<21} {'filas':>5} {'reporte ms (máx)':>18} {'línea base ms (máx)':>21} "
          f"{'razón':>6}")  # fmt: skip
    for i, nombre in enumerate(nombres):
        rep, base = tiempos[2 * i], tiempos[2 * i + 1]
        mr, mb = statistics.median(rep) * 1000, statistics.median(base) * 1000
        print(f"  {nombre:<21} {filas[i] if i < len(filas) else '':>5} {mr:>10.1f} "
              f"({max(rep) * 1000:>5.0f}) {mb:>13.1f} ({max(base) * 1000:>5.0f}) {mr / mb:>5.1f}×")  # fmt: skip
    # La última fila es el panel entero.
    print(f"{motor}: una carga de /panel/ calcula los siete reportes en {mr:.0f} ms (mediana de "
          f"{veces}); el SQL pelado, en {mb:.0f} ms: {mr / mb:.1f}× la línea base")  # fmt: skip
    bd.cerrar()
    borrar()


def main() -> None:
    """Imprime, por motor, la mediana de cada reporte y la razón contra la línea base."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--escala", type=float, default=1.0, help="1 = 30.000 expedientes…")
    parser.add_argument("--repeticiones", type=int, default=5)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--sin-postgres", action="store_true")
    args = parser.parse_args()
    motores = ["sqlite"] if args.sin_postgres else ["sqlite", "postgresql"]
    cuantos = ", ".join(f"{v * args.escala:,.0f} {k}" for k, v in CANTIDADES.items())
    print(
        f"Reportes del panel al {HOY.isoformat()} (escala {args.escala:g}): {cuantos}; "
        f"convenios de 12 cuotas; mediana y máximo de {args.repeticiones} rondas"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for motor in motores:
            medir(motor, args.escala, args.repeticiones, Path(tmp), args.postgres)


if __name__ == "__main__":
    main()
