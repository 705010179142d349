"""Rendimiento de los reportes del panel del jefe: cada uno de `seguimiento.reportes.REPORTES` y
los seis juntos (lo que calcula una carga de /panel/), contra el SQL de agregación pelado.

Datos de un departamento tras algunos años (escala 1): 20.000 patronos en 8 sucursales (el 5 %
sin sucursal), 30.000 expedientes de 2019 a 2026 en todas las etapas, tipos y sucursales,
repartidos entre 8 personas (gestores, secretaria, jefe, archivo y un gestor inactivo que aún
tiene pendientes); 100.000 cartas entrantes de 2025 y 2026 en todos los estados y tipos
(respondidas, archivadas con y sin respuesta, por responder y vencidas); 3.000 convenios de 12
cuotas vigentes, incumplidos o cumplidos con pagos aplicados en parte; documentos abiertos;
60.000 pagos de diciembre de 2025 a hoy y las metas del Plan Anual por sucursal y mes. Todo con
inserciones masivas (`insert(Modelo)` en executemany) y azar reproducible. Línea base medida en
la misma corrida: por reporte, las consultas GROUP BY con sumas condicionales que dan las mismas
cifras, con `session.execute(text(...)).all()`, sin armar filas, totales, enlaces ni
`reconciliar`. Se comprueba que ambos lados den el mismo gran total. Uso:

    .venv/bin/python benchmarks/reportes.py [--escala 1.0] [--repeticiones 5]
        [--postgres URL | --sin-postgres]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Date, Engine, Integer, TextClause, bindparam, insert, text
from sqlalchemy.types import TypeEngine
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from importacion import base_de_datos, datos

from archivo.almacen import Almacen
from correspondencia.estados import PLAZO_CORRE, Estado
from correspondencia.modelos import Correspondencia
from correspondencia.reglas import TIPOS
from expedientes.auditoria import Actor
from expedientes.db import crear_engine, nueva_sesion, sesion
from expedientes.deuda import sumar_meses
from expedientes.etapas import ETAPAS_FINALES, Etapa, Tipo
from expedientes.modelos import Expediente, Patrono, Usuario
from expedientes.tipos import ZONA_LOCAL, FechaHoraUTC
from plantillas.modelos import DocumentoGenerado
from plantillas.versiones import vigente
from seguimiento.modelos import Convenio, CuotaConvenio, MetaPlan, Pago
from seguimiento.reportes import REPORTES, generar
from seguimiento.reportes_carga import DOCUMENTOS_ABIERTOS

HOY = date(2026, 11, 30)
CANTIDADES = {"patronos": 20_000, "expedientes": 30_000, "cartas": 100_000, "convenios": 3_000,
              "pagos": 60_000}  # fmt: skip
SUCURSALES = ["San Salvador", "Santa Ana", "San Miguel", "Sonsonate", "La Libertad",
              "Usulután", "Chalatenango", "La Unión"]  # fmt: skip
PERSONAS = [("jefe", "Ana Gómez Peña", "jefe", True), ("secretaria", "María José Castañeda",
            "secretaria", True), ("cnunez", "Carlos Núñez", "gestor", True), ("rmartinez",
            "Rosa Martínez", "gestor", True), ("lhernandez", "Luis Hernández", "gestor", True),
            ("sramirez", "Sofía Ramírez", "gestor", True), ("jflores", "Julio Flores", "archivo",
            True), ("palvarez", "Pedro Álvarez", "gestor", False)]  # fmt: skip
ETAPAS = {"abierto": 10, "en_gestion": 25, "en_convenio": 8, "en_consejo": 4, "en_juridica": 6,
          "cerrado": 42, "anulado": 5}  # fmt: skip
FIRMADOS = {"vigente": (date(2025, 6, 1), date(2026, 9, 30)),
            "incumplido": (date(2024, 12, 1), date(2026, 3, 31)),
            "cumplido": (date(2024, 6, 1), date(2025, 9, 30))}  # fmt: skip
ETAPA_DEL_CONVENIO = {"vigente": "en_convenio", "incumplido": "en_gestion", "cumplido": "cerrado"}


def _lista(valores: Any) -> str:
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


def _fecha(azar: random.Random, desde: date, hasta: date) -> date:
    return desde + timedelta(days=azar.randint(0, (hasta - desde).days))


def _sembrar(engine: Engine, almacen: Almacen, escala: float) -> dict[str, int]:
    """Carga los datos del departamento; devuelve cuántas filas de cada clase."""
    azar = random.Random(2026)
    n = {clave: max(1, round(v * escala)) for clave, v in CANTIDADES.items()}
    n["convenios"] = min(n["convenios"], n["expedientes"])
    with sesion(engine, Actor("benchmark")) as s:
        version = vigente(session=s, almacen=almacen, nombre="convenio_pago")
        c = s.connection()
        c.execute(insert(Usuario), [
            {"nombre_usuario": u, "nombre_completo": nombre, "rol": rol, "activo": activo,
             "password_hash": "x", "token_sesion": f"{i:032d}"}
            for i, (u, nombre, rol, activo) in enumerate(PERSONAS)
        ])  # fmt: skip
        ids: dict[str, int] = dict(c.execute(text("SELECT nombre_usuario, id FROM usuario")).all())
        gestores = [ids[u] for u, _, rol, _ in PERSONAS if rol in ("gestor", "jefe")] + [None]
        con_cartas = [ids[u] for u, _, rol, _ in PERSONAS if rol != "archivo"]
        lector = csv.DictReader(io.StringIO(datos(n["patronos"] * 10)[0].decode("utf-8-sig")))
        c.execute(insert(Patrono), [
            {**f, "sucursal": "" if azar.random() < 0.05 else azar.choice(SUCURSALES)}
            for f in lector
        ])  # fmt: skip
        patronos = c.execute(text("SELECT id, sucursal FROM patrono ORDER BY id")).all()
        estados = azar.choices(list(FIRMADOS), [55, 25, 20], k=n["convenios"])
        por_anio: dict[int, int] = {}
        expedientes = []
        for i in range(n["expedientes"]):
            anio = 2019 + i * 8 // n["expedientes"]
            por_anio[anio] = por_anio.get(anio, 0) + 1
            pid, sucursal = azar.choice(patronos)
            etapa = azar.choices(list(ETAPAS), list(ETAPAS.values()))[0]
            if i < n["convenios"]:
                etapa = ETAPA_DEL_CONVENIO[estados[i]]
            expedientes.append({
                "numero": f"EXP-{anio}-{por_anio[anio]:05d}", "patrono_id": pid,
                "tipo": Tipo.CONVENIO if i < n["convenios"] else azar.choice(list(Tipo)),
                "etapa": etapa, "sucursal": sucursal, "abierto_el": _fecha(azar, date(anio, 1, 1),
                min(date(anio, 12, 31), HOY)), "gestor_id": azar.choice(gestores),
            })  # fmt: skip
        c.execute(insert(Expediente), expedientes)
        exp_ids = list(c.execute(text("SELECT id FROM expediente ORDER BY id")).scalars())
        abiertos = azar.choices(sorted(DOCUMENTOS_ABIERTOS | {"anulado"}), k=n["convenios"] // 2)
        documentos = [("final", eid) for eid in exp_ids[: n["convenios"]]]
        documentos += [(estado, azar.choice(exp_ids)) for estado in abiertos]
        c.execute(insert(DocumentoGenerado), [
            {"numero": f"DRP-2026-{i:06d}", "expediente_id": eid, "plantilla": "convenio_pago",
             "plantilla_version_id": version.id, "plantilla_version": version.version,
             "plantilla_sha256": version.docx_sha256, "titulo": "Convenio de pago",
             "estado": estado, "fecha": date(2026, 1, 1), "entradas": {},
             "docx_sha256": version.docx_sha256, "autor_id": (autor := azar.choice(gestores[:-1])),
             "editado_por_id": autor}
            for i, (estado, eid) in enumerate(documentos, start=1)
        ])  # fmt: skip
        convenios, cuotas = [], []
        for i, estado in enumerate(estados):
            firmado = _fecha(azar, *FIRMADOS[estado])
            cuota = Decimal(azar.randint(25_000, 300_000)) / 100
            convenios.append({
                "expediente_id": exp_ids[i], "documento_numero": f"DRP-2026-{i + 1:06d}",
                "estado": estado, "prima": cuota, "prima_pagada": cuota, "financiado": cuota * 12,
                "total": cuota * 13, "cuotas_para_incumplir": 2, "firmado_el": firmado,
                "vigente_desde": firmado, "cerrado_el": HOY if estado == "cumplido" else None,
            })  # fmt: skip
            vencidas = sum(sumar_meses(firmado, k) < HOY for k in range(1, 13))
            # Vigente: al día o con una cuota atrasada; incumplido: dejó de pagar hace meses.
            pagadas = vencidas - azar.randint(0, 1) if estado == "vigente" else 12
            pagadas = azar.randint(0, max(0, vencidas - 2)) if estado == "incumplido" else pagadas
            for k in range(1, 13):
                parcial = k == pagadas + 1 and azar.random() < 0.4
                pagado = cuota if k <= pagadas else (cuota / 2 if parcial else Decimal(0))
                cuotas.append({
                    "convenio_id": i + 1, "numero": k, "vence_el": sumar_meses(firmado, k),
                    "monto": cuota, "pagado": pagado.quantize(Decimal("0.01")),
                })  # fmt: skip
        c.execute(insert(Convenio), convenios)
        primero = c.execute(text("SELECT min(id) FROM convenio")).scalar_one()
        for q in cuotas:
            q["convenio_id"] += primero - 1
        c.execute(insert(CuotaConvenio), cuotas)
        cartas, inicio = [], datetime(2025, 1, 1, 6, tzinfo=UTC)
        segundos = int((datetime(2026, 11, 30, 23, tzinfo=ZONA_LOCAL) - inicio).total_seconds())
        for i in range(n["cartas"]):
            recibido = inicio + timedelta(seconds=azar.randint(0, segundos))
            vieja = (HOY - recibido.date()).days > 45
            estado = azar.choices(
                list(Estado), [1, 1, 2, 76, 20] if vieja else [20, 20, 20, 35, 5]
            )[0]
            respondida = estado == "respondida" or (estado == "archivada" and azar.random() < 0.5)
            cartas.append({
                "numero": f"CE-{recibido.year}-{i + 1:06d}", "origen": "papel",
                "sha256": f"{i:064x}", "bytes": 20_000, "in_reply_to": [], "referencias": [],
                "destinatarios": [], "advertencias": [], "recibido_en": recibido,
                "tipo": azar.choices(list(TIPOS), [30, 25, 10, 10, 10, 15])[0], "estado": estado,
                "asignado_id": None if estado == "registrada" else azar.choice(con_cartas),
                "vence_el": recibido.date() + timedelta(days=14),
                "respondida_en": recibido + timedelta(days=azar.randint(1, 20)) if respondida else None,
                "patrono_id": azar.choice(patronos)[0],
            })  # fmt: skip
        for k in range(0, len(cartas), 20_000):
            c.execute(insert(Correspondencia), cartas[k : k + 20_000])
        c.execute(insert(Pago), [
            {"patrono_id": pid, "fecha": _fecha(azar, date(2025, 12, 1), HOY),
             "monto": (m := Decimal(azar.randint(5_000, 500_000)) / 100), "sin_aplicar": m,
             "referencia": f"BCO-{i:07d}", "sucursal": sucursal}
            for i, (pid, sucursal) in enumerate(azar.choices(patronos, k=n["pagos"]))
        ])  # fmt: skip
        c.execute(insert(MetaPlan), [
            {"anio": anio, "mes": mes, "sucursal": sucursal,
             "meta": Decimal(azar.randint(1_000_000, 2_000_000) * escala).quantize(Decimal(1))}
            for anio in (2025, 2026) for mes in range(1, 13) for sucursal in SUCURSALES
        ])  # fmt: skip
        c.execute(text("ANALYZE"))
    return n


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
    return lambda s: [generar(n, session=s, hoy=HOY) for n in nombres]


def _base(consultas: list[TextClause]) -> Callable[[Session], list[list[Any]]]:
    return lambda s: [list(s.execute(c).all()) for c in consultas]


def _tiempos(
    engine: Engine, funciones: list[Callable[[Session], Any]], n: int
) -> list[list[float]]:
    """Segundos de cada función en `n` rondas intercaladas (tras una de calentamiento), cada
    una en su sesión de solo lectura, como una petición web."""
    tiempos: list[list[float]] = [[] for _ in funciones]
    for ronda in range(n + 1):
        for i, funcion in enumerate(funciones):
            with nueva_sesion(engine, solo_lectura=True) as s:
                inicio = time.perf_counter()
                funcion(s)
                if ronda:
                    tiempos[i].append(time.perf_counter() - inicio)
    return tiempos


def _comprobar(engine: Engine, consultas: dict[str, list[TextClause]], motor: str) -> list[int]:
    """Que cada reporte y su línea base den el mismo gran total; devuelve las filas de cada uno."""
    filas = []
    with nueva_sesion(engine, solo_lectura=True) as s:
        for nombre, (_, clave, sumar) in LINEA_BASE.items():
            reporte = generar(nombre, session=s, hoy=HOY)
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
    engine = crear_engine(url)
    inicio = time.perf_counter()
    _sembrar(engine, Almacen(carpeta / f"blobs-{motor}"), escala)
    print(f"{motor}: datos cargados en {time.perf_counter() - inicio:.0f} s")
    consultas = _consultas(motor)
    filas = _comprobar(engine, consultas, motor)
    nombres = [*REPORTES, "panel (los seis)"]
    funciones: list[Callable[[Session], Any]] = []
    for nombre in REPORTES:
        funciones += [_reporte([nombre]), _base(consultas[nombre])]
    funciones += [_reporte(list(REPORTES)), _base([c for cs in consultas.values() for c in cs])]
    tiempos = _tiempos(engine, funciones, veces)
    print(f"  {'reporte':<21} {'filas':>5} {'reporte ms (máx)':>18} {'línea base ms (máx)':>21} "
          f"{'razón':>6}")  # fmt: skip
    for i, nombre in enumerate(nombres):
        rep, base = tiempos[2 * i], tiempos[2 * i + 1]
        mr, mb = statistics.median(rep) * 1000, statistics.median(base) * 1000
        print(f"  {nombre:<21} {filas[i] if i < len(filas) else '':>5} {mr:>10.1f} "
              f"({max(rep) * 1000:>5.0f}) {mb:>13.1f} ({max(base) * 1000:>5.0f}) {mr / mb:>5.1f}×")  # fmt: skip
    # La última fila es el panel entero.
    print(f"{motor}: una carga de /panel/ calcula los seis reportes en {mr:.0f} ms (mediana de "
          f"{veces}); el SQL pelado, en {mb:.0f} ms: {mr / mb:.1f}× la línea base")  # fmt: skip
    engine.dispose()
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
