"""Rendimiento del archivo: carga masiva y latencia de la búsqueda (p50/p95), en ambos motores.

Datos sintéticos pero con la forma de los reales: razones sociales salvadoreñas con tildes y `&`,
NIT válidos, números patronales, expedientes EXP-AAAA-NNNNN de 2016 a 2026, documentos con
referencias CE-/CS-/DRP-, acuerdos y actas, y textos de cartas de cobro. Se cargan con inserciones
masivas (COPY en PostgreSQL) y el índice se construye en bloque con el mismo código que lo
mantiene en producción (`archivo.indice`). Meta: p95 < 50 ms por consulta. Uso:

    .venv/bin/python benchmarks/archivo.py [--expedientes 100000] [--documentos 1000000]
        [--consultas 200] [--postgres URL] [--sin-postgres] [--sin-sqlite]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, insert, text
from sqlmodel import select
from stdnum.sv import nit as stdnum_nit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from importacion import base_de_datos

from archivo import indice
from archivo.busqueda import buscar
from archivo.documentos import DocumentoExpediente
from expedientes.db import crear_engine, nueva_sesion
from expedientes.identificadores import formatear_nit
from expedientes.modelos import Expediente, Patrono
from expedientes.texto import normalizar_busqueda

META_MS = 50.0
GIROS = ["Distribuidora", "Comercial", "Inversiones", "Panadería", "Transportes", "Ferretería",
         "Farmacia", "Constructora", "Agroindustrias", "Servicios Técnicos", "Clínica", "Textiles",
         "Librería", "Importadora", "Cafetalera", "Lácteos", "Imprenta", "Maquila", "Hotel",
         "Restaurante", "Taller", "Laboratorio", "Consultores", "Seguridad"]  # fmt: skip
APELLIDOS = ["Pérez", "Núñez", "Peña", "Muñoz", "Hernández", "Martínez", "Gómez", "López",
             "Ramírez", "Flores", "Álvarez", "Cañas", "Ibáñez", "Rodríguez", "Castañeda",
             "Mejía", "Orellana", "Quintanilla", "Zelaya", "Aguilar", "Chávez", "Guzmán",
             "Menéndez", "Argueta", "Escalón", "Durán", "Márquez", "Sandoval", "Fuentes", "Ayala"]  # fmt: skip
LUGARES = ["San Miguel", "Santa Ana", "Sonsonate", "La Unión", "Usulután", "Chalatenango",
           "Ahuachapán", "Cuscatlán", "Morazán", "San Vicente", "La Paz", "Cabañas",
           "Soyapango", "Apopa", "Ilopango", "Mejicanos", "Antiguo Cuscatlán", "Zacatecoluca"]  # fmt: skip
SOCIEDADES = ["S.A. de C.V.", "& Cía.", "& Asociados, S.A. de C.V.", "S. de R.L.", "& Hijos",
              "Ltda. de C.V.", "y Compañía", ""]  # fmt: skip
TIPOS_EXPEDIENTE = ["cobro"] * 5 + ["convenio"] * 3 + ["transaccion", "juridica"]
ETAPAS = ["abierto", "en_gestion", "en_convenio", "cerrado"]
TIPOS_DOCUMENTO = ["aviso_cobro", "carta", "correo", "acta", "acuerdo_consejo", "estado_cuenta",
                   "solicitud_patrono", "constancia", "escrito_patrono", "notificacion"]  # fmt: skip
FRASES = [
    "Por este medio se le notifica que {razon} adeuda cotizaciones del período {mes} de {anio}.",
    "Se le concede un plazo de {n} días hábiles para presentarse a las oficinas del Departamento "
    "de Recuperación Prejudicial.",
    "De no atender este requerimiento, el caso será trasladado a la Unidad Jurídica para el cobro "
    "judicial.",
    "El monto adeudado asciende a ${monto} en concepto de cuotas, multas y recargos.",
    "Adjuntamos el estado de cuenta actualizado y la planilla de trabajadores cotizantes.",
    "El patrono solicita la exoneración de multas y recargos por dificultades económicas.",
    "Se verificó el pago de la cuota {n} del convenio suscrito con el Instituto.",
    "Se programa visita de inspección a la sucursal de {lugar}.",
    "Favor remitir copia de la escritura de constitución y del NIT de la sociedad.",
    "La mora corresponde a {n} meses de cotizaciones no enteradas al Instituto.",
    "El representante legal manifestó su voluntad de pago y pidió una prórroga.",
    "Se recibió el escrito del patrono con la propuesta de pago en cuotas mensuales.",
    "Se hace constar la {extra} presentada por el patrono en esta fecha.",
    "Queda pendiente la {extra} para continuar con el trámite del expediente.",
]
EXTRAS = ["liquidación", "constancia de pago", "apelación", "solicitud de embargo", "planilla",
          "certificación", "inspección", "audiencia", "citación", "comparecencia", "finiquito",
          "declaración jurada", "transferencia bancaria", "garantía hipotecaria", "fianza",
          "auditoría", "peritaje", "conciliación", "notificación", "resolución"]  # fmt: skip
PALABRAS = ["embargo", "prórroga", "exoneración", "inspección", "planilla", "convenio", "recargos",
            "audiencia", "peritaje", "fianza", "garantía", "apelación", "finiquito", "escritura",
            "conciliación", "liquidación", "citación", "auditoría", "transferencia", "mora"]  # fmt: skip


@dataclass
class Datos:
    """Las filas a cargar y las muestras con que se arman las consultas."""

    patronos: list[dict[str, Any]] = field(default_factory=list)
    expedientes: list[dict[str, Any]] = field(default_factory=list)
    documentos: list[dict[str, Any]] = field(default_factory=list)
    correlativos: list[str] = field(default_factory=list)
    acuerdos: list[str] = field(default_factory=list)


def _nit(azar: random.Random, i: int) -> str:
    primeros = f"06{14 + i % 3:02d}{azar.randint(1, 28):02d}{azar.randint(1, 12):02d}"
    primeros += f"{azar.randint(60, 99):02d}{i % 1000:03d}"
    return primeros + stdnum_nit.calc_check_digit(primeros)


def generar(expedientes: int, documentos: int, semilla: int = 7) -> Datos:
    """Patronos (uno por cada dos expedientes), expedientes y documentos, reproducibles."""
    azar, datos, instante = random.Random(semilla), Datos(), datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(max(1, expedientes // 2)):
        nombre = f"{azar.choice(GIROS)} {azar.choice(APELLIDOS)} {azar.choice(SOCIEDADES)}"
        datos.patronos.append({
            "id": i + 1, "numero_patronal": f"{300000000 + i * 7}", "nit": _nit(azar, i),
            "razon_social": " ".join(nombre.split()), "sucursal": azar.choice(LUGARES),
            "nombre_comercial": f"{azar.choice(GIROS)} {azar.choice(LUGARES)}",
            "direccion": "Calle Arce #12", "municipio": "San Salvador", "departamento": "San Salvador",
            "representante_legal": "María José Castañeda", "correo": "", "telefono": "",
            "busqueda": "", "creado_en": instante, "actualizado_en": instante,
        })  # fmt: skip
    por_anio: dict[int, int] = {}
    for i in range(expedientes):
        anio = 2016 + i * 11 // expedientes
        por_anio[anio] = por_anio.get(anio, 0) + 1
        abierto = date(anio, 1, 1) + timedelta(days=azar.randint(0, 364))
        datos.expedientes.append({
            "id": i + 1, "numero": f"EXP-{anio}-{por_anio[anio]:05d}",
            "patrono_id": i * 7919 % len(datos.patronos) + 1,
            "tipo": azar.choice(TIPOS_EXPEDIENTE), "etapa": azar.choice(ETAPAS),
            "asunto": "Mora en cotizaciones & recargos", "sucursal": azar.choice(LUGARES),
            "abierto_el": abierto, "creado_en": instante, "actualizado_en": instante,
        })  # fmt: skip
    series: dict[tuple[str, int], int] = {}
    ordenes: dict[int, int] = {}
    for i in range(documentos):
        expediente = datos.expedientes[i * expedientes // documentos]
        patrono = datos.patronos[expediente["patrono_id"] - 1]
        fecha = expediente["abierto_el"] + timedelta(days=azar.randint(0, 700))
        serie = azar.choice(["CE", "CS", "DRP", ""])
        referencia = ""
        if serie:
            series[serie, fecha.year] = numero = series.get((serie, fecha.year), 0) + 1
            referencia = f"{serie}-{fecha.year}-{numero:06d}"
            if serie == "CE" and len(datos.correlativos) < 5000:
                datos.correlativos.append(referencia)
        frases = azar.sample(FRASES, azar.randint(3, 5))
        texto = " ".join(frases).format(
            razon=patrono["razon_social"], mes=azar.randint(1, 12), anio=fecha.year,
            n=azar.randint(2, 30), monto=f"{azar.randint(100, 90000):,}.{azar.randint(0, 99):02d}",
            lugar=azar.choice(LUGARES), extra=azar.choice(EXTRAS),
        )  # fmt: skip
        if azar.random() < 0.08:
            acuerdo = f"Acuerdo N.º {fecha.year}-{azar.randint(1, 9999):04d}"
            if azar.random() < 0.3:
                acuerdo = f"ACTA Nº {azar.randint(1000, 99999)}"
            texto += f" Según {acuerdo} del Consejo Directivo."
            if len(datos.acuerdos) < 5000:
                datos.acuerdos.append(acuerdo)
        ordenes[expediente["id"]] = orden = ordenes.get(expediente["id"], 0) + 1
        datos.documentos.append({
            "id": i + 1, "expediente_id": expediente["id"], "orden": orden,
            "tipo": azar.choice(TIPOS_DOCUMENTO), "titulo": f"{azar.choice(EXTRAS).capitalize()} {orden}",
            "referencia": referencia, "fecha": fecha, "origen": "entrante", "folios": azar.randint(1, 9),
            "sha256": f"{i:064x}", "nombre_archivo": f"doc{i}.pdf", "tipo_mime": "application/pdf",
            "texto": texto, "correccion": "", "creado_en": instante,
        })  # fmt: skip
    return datos


def _lote_del_indice(trabajo: tuple[list[dict[str, Any]], dict[int, str], bool]) -> indice.Filas:
    """Filas del índice de un lote de documentos (en un proceso aparte)."""
    documentos, tipos, postgres = trabajo
    filas = indice.Filas()
    for d in documentos:
        fila = SimpleNamespace(**d, tipo_expediente=tipos[d["expediente_id"]])
        indice.filas_de_documento(fila, postgres, filas)
    return filas


def _filas_del_indice(datos: Datos, postgres: bool, lote: int = 20_000) -> Iterator[indice.Filas]:
    """Las filas del índice por lotes, calculadas por el código de producción en paralelo."""
    patronos = {p["id"]: p for p in datos.patronos}
    filas = indice.Filas()
    for e in datos.expedientes:
        p = patronos[e["patrono_id"]]
        fila = SimpleNamespace(**e, **{k: p[k] for k in ("razon_social", "nombre_comercial")})
        fila.numero_patronal, fila.nit = p["numero_patronal"], p["nit"]
        indice.filas_de_cabecera(fila, postgres, filas)
    yield filas
    tipos = {e["id"]: e["tipo"] for e in datos.expedientes}
    trabajos = (
        (datos.documentos[i : i + lote], tipos, postgres)
        for i in range(0, len(datos.documentos), lote)
    )
    with multiprocessing.get_context("fork").Pool(2) as grupo:
        yield from grupo.imap(_lote_del_indice, trabajos)


def cargar_sqlite(engine: Engine, datos: Datos) -> None:
    """Inserciones masivas (executemany) en una transacción; los triggers llenan FTS5."""
    with engine.begin() as c:
        for modelo, filas in ((Patrono, datos.patronos), (Expediente, datos.expedientes)):
            c.execute(insert(modelo), filas)
        for i in range(0, len(datos.documentos), 50_000):
            c.execute(insert(DocumentoExpediente), datos.documentos[i : i + 50_000])
        for filas in _filas_del_indice(datos, postgres=False):
            indice.escribir(c, filas)
        for tabla in indice.TABLAS_FTS:
            c.execute(text(f"INSERT INTO {tabla}({tabla}) VALUES ('optimize')"))
        c.execute(text("ANALYZE"))


def _copiar(cursor: Any, tabla: str, columnas: list[str], filas: list[dict[str, Any]]) -> None:
    with cursor.copy(f"COPY {tabla} ({', '.join(columnas)}) FROM STDIN") as copia:
        for fila in filas:
            copia.write_row([fila.get(c) for c in columnas])


def cargar_postgres(engine: Engine, datos: Datos) -> None:
    """COPY de las tablas y del texto del índice; `tsvector` e índices GIN se construyen al final."""
    crudo = engine.raw_connection()
    try:
        cur = crudo.driver_connection.cursor()  # type: ignore[union-attr]
        for tabla, filas in (
            ("patrono", datos.patronos),
            ("expediente", datos.expedientes),
            ("documento_expediente", datos.documentos),
        ):
            _copiar(cur, tabla, list(filas[0]), filas)
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{tabla}', 'id'), {len(filas)})")
        for tabla in ("busqueda_expediente", "busqueda_documento"):
            cur.execute(f"DROP INDEX ix_{tabla}_vector")
        cur.execute("CREATE TEMP TABLE palabras (tabla text, id int, exp int, fecha date, v text)")
        for filas in _filas_del_indice(datos, postgres=True):
            cabeceras = [{"tabla": "e", "id": f["expediente_id"], **f} for f in filas.cabeceras]
            docs = [{"tabla": "d", "id": f["documento_id"], **f} for f in filas.documentos]
            for f in cabeceras + docs:
                f["exp"], f["v"] = f["expediente_id"], f["vector"]
            _copiar(cur, "palabras", ["tabla", "id", "exp", "fecha", "v"], cabeceras + docs)
            _copiar(cur, "busqueda_clave", ["clave", "expediente_id", "documento_id"], filas.claves)
        configuracion = f"'{indice.CONFIGURACION}'::regconfig"
        cur.execute(
            "INSERT INTO busqueda_expediente SELECT id, fecha, "
            f"strip(to_tsvector({configuracion}, v)) FROM palabras WHERE tabla = 'e'"
        )
        cur.execute(
            "INSERT INTO busqueda_documento SELECT id, exp, fecha, "
            f"strip(to_tsvector({configuracion}, v)) FROM palabras WHERE tabla = 'd'"
        )
        cur.execute("SET maintenance_work_mem = '1GB'")
        for tabla in ("busqueda_expediente", "busqueda_documento"):
            cur.execute(f"CREATE INDEX ix_{tabla}_vector ON {tabla} USING gin (vector)")
        crudo.commit()
        cur.execute("ANALYZE")
        crudo.commit()
    finally:
        crudo.close()


def consultas(datos: Datos, cuantas: int, semilla: int = 11) -> dict[str, list[dict[str, Any]]]:
    """Consultas de cada clase, armadas con valores que existen en los datos."""
    azar = random.Random(semilla)
    patronos = azar.choices(datos.patronos, k=cuantas)

    def fragmento(p: dict[str, Any]) -> str:
        palabras = normalizar_busqueda(p["razon_social"]).replace("&", " ").split()
        return " ".join(palabras[:2])

    def rango() -> dict[str, Any]:
        desde = date(azar.randint(2016, 2026), azar.randint(1, 12), 1)
        return {"desde": desde, "hasta": desde + timedelta(days=azar.choice([30, 60, 90]))}

    return {
        "número patronal": [{"texto": p["numero_patronal"]} for p in patronos],
        "NIT con guiones": [{"texto": formatear_nit(p["nit"])} for p in patronos],
        "razón social sin tildes": [{"texto": fragmento(p)} for p in patronos],
        "número CE": [{"texto": c} for c in azar.choices(datos.correlativos, k=cuantas)],
        "acuerdo o acta": [{"texto": a} for a in azar.choices(datos.acuerdos, k=cuantas)],
        "palabra+fechas+tipo": [
            {"texto": azar.choice(PALABRAS), "tipo": azar.choice(TIPOS_EXPEDIENTE), **rango()}
            for _ in range(cuantas)
        ],
        "palabra frecuente sola": [{"texto": azar.choice(["cotizaciones", "multas"])}] * 20,
    }


def linea_base(engine: Engine, numeros: list[str]) -> float:
    """p50 (ms) de la consulta más simple posible: SQL crudo por el índice único del número
    patronal y sus expedientes, sin índice de texto ni resultados armados (misma corrida)."""
    tiempos = []
    for numero in numeros:
        inicio = time.perf_counter()
        with nueva_sesion(engine, solo_lectura=True) as s:
            s.execute(
                text(
                    "SELECT e.numero FROM expediente e JOIN patrono p ON p.id = e.patrono_id "
                    "WHERE p.numero_patronal = :n"
                ),
                {"n": numero},
            ).all()
        tiempos.append((time.perf_counter() - inicio) * 1000)
    return statistics.median(tiempos)


def medir_consultas(engine: Engine, clases: dict[str, list[dict[str, Any]]]) -> None:
    """Imprime p50/p95/máx de cada clase; una sesión de solo lectura por consulta, como la web."""
    print(f"  {'consulta':<24} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'máx ms':>8} {'halló':>6}")
    medianas: dict[str, float] = {}
    for nombre, lista in clases.items():
        tiempos, halladas = [], 0
        for argumentos in lista[:5]:  # calentamiento
            with nueva_sesion(engine, solo_lectura=True) as s:
                buscar(session=s, **argumentos)
        for argumentos in lista:
            inicio = time.perf_counter()
            with nueva_sesion(engine, solo_lectura=True) as s:
                resultados = buscar(session=s, **argumentos)
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
    base = linea_base(engine, [str(a["texto"]) for a in clases[primera]])
    print(
        f"  línea base (SQL crudo por número patronal, p50): {base:.1f} ms; "
        f"`buscar` por {primera}: {medianas[primera] / base:.1f}×"
    )


def _pdf_de_paginas(titulo: str, paginas: int) -> bytes:
    """Un documento de `paginas` páginas carta con 40 renglones de texto cada una."""
    from io import BytesIO

    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas

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


def medir_exportacion(engine: Engine, carpeta: Path) -> None:
    """Exportar un expediente de 300 folios (30 documentos de 10 páginas) desde la base, contra
    pegar los mismos 30 PDF con pypdf sin carátula, índice ni folios (misma corrida)."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    from archivo.almacen import Almacen
    from archivo.documentos import Origen, incorporar
    from archivo.exportar import pdf_del_expediente
    from archivo.requisitos import cargar_requisitos
    from expedientes.auditoria import Actor
    from expedientes.casos import abrir_expediente
    from expedientes.db import sesion

    almacen = Almacen(carpeta / f"blobs-{engine.dialect.name}")
    pdfs = [_pdf_de_paginas(f"Documento {n} — Pérez & Cía", 10) for n in range(30)]
    with sesion(engine, Actor("benchmark")) as s:
        patrono = s.exec(select(Patrono)).first()
        assert patrono is not None
        expediente = abrir_expediente(
            session=s, numero_patronal=patrono.numero_patronal, tipo="cobro", hoy=date(2099, 1, 5)
        )
        for n, pdf in enumerate(pdfs):
            sha = almacen.guardar(pdf)
            incorporar(session=s, expediente=expediente, tipo="estado_cuenta", titulo=f"Documento {n}",
                       fecha=date(2026, 11, 30), origen=Origen.ESCANEADO, sha256=sha, sha256_pdf=sha,
                       folios=len(PdfReader(BytesIO(pdf)).pages))  # fmt: skip
    tiempos, base = [], []
    for _ in range(3):
        with sesion(engine, Actor("benchmark"), solo_lectura=True) as s:
            expediente = s.get(Expediente, expediente.id)
            inicio = time.perf_counter()
            pdf_del_expediente(
                session=s, almacen=almacen, expediente=expediente, requisitos=cargar_requisitos()
            )
            tiempos.append(time.perf_counter() - inicio)
        inicio = time.perf_counter()
        escritor = PdfWriter()
        for pdf in pdfs:
            escritor.append(PdfReader(BytesIO(almacen.leer(almacen.guardar(pdf)))))
        escritor.write(BytesIO())
        base.append(time.perf_counter() - inicio)
    folios = sum(len(PdfReader(BytesIO(p)).pages) for p in pdfs)
    mejor, pelado = min(tiempos), min(base)
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
            engine = crear_engine(url)
            try:
                inicio = time.perf_counter()
                (cargar_postgres if motor == "postgresql" else cargar_sqlite)(engine, datos)
                print(f"{motor}: carga con índice en {time.perf_counter() - inicio:.0f} s")
                medir_consultas(engine, clases)
                medir_exportacion(engine, Path(tmp))
            finally:
                engine.dispose()
                if args.conservar and motor == "postgresql":
                    print(f"  esquema conservado: {url}")
                else:
                    borrar()


if __name__ == "__main__":
    main()
