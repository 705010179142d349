"""El departamento sintético de `benchmarks/reportes.py`: sus datos, sembrados en bloque.

Usuarios, patronos, expedientes, documentos generados, convenios con sus cuotas, cartas, pagos,
metas del Plan Anual y solicitudes (cartas salientes que esperan respuesta), con inserciones masivas (`insert(Modelo)` en executemany) y azar
reproducible; el orden de las llamadas al azar es parte de los datos.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from importacion import datos
from sqlalchemy import Connection, Row, insert, text

from archivo import Almacen
from correspondencia import TIPOS_DE_CARTA, Correspondencia, EstadoCarta, Saliente
from expedientes import (
    ZONA_LOCAL,
    Actor,
    BaseDeDatos,
    Expediente,
    Patrono,
    TipoExpediente,
    Usuario,
    sumar_meses,
)
from panel import DOCUMENTOS_ABIERTOS
from plantillas import DocumentoGenerado, PlantillaVersion, version_vigente
from seguimiento import Convenio, CuotaConvenio, MetaPlan, Pago

HOY = date(2026, 11, 30)
CANTIDADES = {"patronos": 20_000, "expedientes": 30_000, "cartas": 100_000, "convenios": 3_000,
              "pagos": 60_000, "solicitudes": 5_000}  # fmt: skip
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


def _fecha(azar: random.Random, desde: date, hasta: date) -> date:
    """Un día al azar entre `desde` y `hasta`, ambos incluidos."""
    return desde + timedelta(days=azar.randint(0, (hasta - desde).days))


def _usuarios(c: Connection) -> dict[str, int]:
    """Las personas de `PERSONAS`; devuelve el id de cada nombre de usuario."""
    c.execute(insert(Usuario), [
        {"nombre_usuario": u, "nombre_completo": nombre, "rol": rol, "activo": activo,
         "password_hash": "x", "token_sesion": f"{i:032d}"}
        for i, (u, nombre, rol, activo) in enumerate(PERSONAS)
    ])  # fmt: skip
    ids: dict[str, int] = dict(c.execute(text("SELECT nombre_usuario, id FROM usuario")).all())
    return ids


def _patronos(c: Connection, azar: random.Random, cuantos: int) -> list[Row[Any]]:
    """Los patronos del CSV de la importación, el 5 % sin sucursal; devuelve (id, sucursal)."""
    lector = csv.DictReader(io.StringIO(datos(cuantos * 10)[0].decode("utf-8-sig")))
    c.execute(insert(Patrono), [
        {**f, "sucursal": "" if azar.random() < 0.05 else azar.choice(SUCURSALES)}
        for f in lector
    ])  # fmt: skip
    return list(c.execute(text("SELECT id, sucursal FROM patrono ORDER BY id")).all())


def _expedientes(
    c: Connection,
    azar: random.Random,
    n: dict[str, int],
    estados: list[str],
    patronos: list[Row[Any]],
    gestores: list[int | None],
) -> list[int]:
    """Expedientes de 2019 a 2026; los primeros, de convenio en la etapa de su convenio."""
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
            "tipo": TipoExpediente.CONVENIO if i < n["convenios"] else azar.choice(list(TipoExpediente)),
            "etapa": etapa, "sucursal": sucursal, "abierto_el": _fecha(azar, date(anio, 1, 1),
            min(date(anio, 12, 31), HOY)), "gestor_id": azar.choice(gestores),
        })  # fmt: skip
    c.execute(insert(Expediente), expedientes)
    return list(c.execute(text("SELECT id FROM expediente ORDER BY id")).scalars())


def _documentos(
    c: Connection,
    azar: random.Random,
    convenios: int,
    exp_ids: list[int],
    version: PlantillaVersion,
    autores: list[int | None],
) -> None:
    """El convenio final de cada expediente de convenio y documentos abiertos al azar."""
    abiertos = azar.choices(sorted(DOCUMENTOS_ABIERTOS | {"anulado"}), k=convenios // 2)
    documentos = [("final", eid) for eid in exp_ids[:convenios]]
    documentos += [(estado, azar.choice(exp_ids)) for estado in abiertos]
    c.execute(insert(DocumentoGenerado), [
        {"numero": f"DRP-2026-{i:06d}", "expediente_id": eid, "plantilla": "convenio_pago",
         "plantilla_version_id": version.id, "plantilla_version": version.version,
         "plantilla_sha256": version.docx_sha256, "titulo": "Convenio de pago",
         "estado": estado, "fecha": date(2026, 1, 1), "entradas": {},
         "docx_sha256": version.docx_sha256, "autor_id": (autor := azar.choice(autores)),
         "editado_por_id": autor}
        for i, (estado, eid) in enumerate(documentos, start=1)
    ])  # fmt: skip


def _cuotas(
    azar: random.Random, i: int, estado: str, firmado: date, cuota: Decimal
) -> list[dict[str, Any]]:
    """Las 12 cuotas del convenio `i`: pagadas según su estado, alguna pagada a medias."""
    vencidas = sum(sumar_meses(firmado, k) < HOY for k in range(1, 13))
    # Vigente: al día o con una cuota atrasada; incumplido: dejó de pagar hace meses.
    pagadas = vencidas - azar.randint(0, 1) if estado == "vigente" else 12
    pagadas = azar.randint(0, max(0, vencidas - 2)) if estado == "incumplido" else pagadas
    cuotas = []
    for k in range(1, 13):
        parcial = k == pagadas + 1 and azar.random() < 0.4
        pagado = cuota if k <= pagadas else (cuota / 2 if parcial else Decimal(0))
        cuotas.append({
            "convenio_id": i + 1, "numero": k, "vence_el": sumar_meses(firmado, k),
            "monto": cuota, "pagado": pagado.quantize(Decimal("0.01")),
        })  # fmt: skip
    return cuotas


def _convenios(c: Connection, azar: random.Random, estados: list[str], exp_ids: list[int]) -> None:
    """Un convenio de 12 cuotas por estado, en los primeros expedientes, con sus cuotas."""
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
        cuotas += _cuotas(azar, i, estado, firmado, cuota)
    c.execute(insert(Convenio), convenios)
    primero = c.execute(text("SELECT min(id) FROM convenio")).scalar_one()
    for q in cuotas:
        q["convenio_id"] += primero - 1
    c.execute(insert(CuotaConvenio), cuotas)


def _cartas(
    c: Connection,
    azar: random.Random,
    cuantas: int,
    con_cartas: list[int],
    patronos: list[Row[Any]],
) -> None:
    """Cartas de 2025 y 2026: las viejas casi todas cerradas, las recientes en todo estado."""
    cartas, inicio = [], datetime(2025, 1, 1, 6, tzinfo=UTC)
    segundos = int((datetime(2026, 11, 30, 23, tzinfo=ZONA_LOCAL) - inicio).total_seconds())
    for i in range(cuantas):
        recibido = inicio + timedelta(seconds=azar.randint(0, segundos))
        vieja = (HOY - recibido.date()).days > 45
        estado = azar.choices(
            list(EstadoCarta), [1, 1, 2, 76, 20] if vieja else [20, 20, 20, 35, 5]
        )[0]
        respondida = estado == "respondida" or (estado == "archivada" and azar.random() < 0.5)
        cartas.append({
            "numero": f"CE-{recibido.year}-{i + 1:06d}", "origen": "papel",
            "sha256": f"{i:064x}", "bytes": 20_000, "in_reply_to": [], "referencias": [],
            "destinatarios": [], "advertencias": [], "recibido_en": recibido,
            "tipo": azar.choices(list(TIPOS_DE_CARTA), [30, 25, 10, 10, 10, 15])[0], "estado": estado,
            "asignado_id": None if estado == "registrada" else azar.choice(con_cartas),
            "vence_el": recibido.date() + timedelta(days=14),
            "respondida_en": recibido + timedelta(days=azar.randint(1, 20)) if respondida else None,
            "patrono_id": azar.choice(patronos)[0],
        })  # fmt: skip
    for k in range(0, len(cartas), 20_000):
        c.execute(insert(Correspondencia), cartas[k : k + 20_000])


def _pagos_y_metas(
    c: Connection, azar: random.Random, pagos: int, patronos: list[Row[Any]], escala: float
) -> None:
    """Pagos de diciembre de 2025 a hoy y las metas de cada sucursal y mes de 2025 y 2026."""
    c.execute(insert(Pago), [
        {"patrono_id": pid, "fecha": _fecha(azar, date(2025, 12, 1), HOY),
         "monto": (m := Decimal(azar.randint(5_000, 500_000)) / 100), "sin_aplicar": m,
         "referencia": f"BCO-{i:07d}", "sucursal": sucursal}
        for i, (pid, sucursal) in enumerate(azar.choices(patronos, k=pagos))
    ])  # fmt: skip
    c.execute(insert(MetaPlan), [
        {"anio": anio, "mes": mes, "sucursal": sucursal,
         "meta": Decimal(azar.randint(1_000_000, 2_000_000) * escala).quantize(Decimal(1))}
        for anio in (2025, 2026) for mes in range(1, 13) for sucursal in SUCURSALES
    ])  # fmt: skip


def _solicitudes(c: Connection, azar: random.Random, cuantas: int, autores: list[int]) -> None:
    """Cartas salientes que esperan respuesta, de 2026: respondidas, en plazo y vencidas."""
    c.execute(insert(Saliente), [
        {"numero": f"CS-2026-{i + 1:06d}", "message_id": f"CS-2026-{i + 1:06d}@isss.gob.sv",
         "emitida_el": (emitida := _fecha(azar, date(2026, 1, 2), HOY)), "estado": "enviada",
         "vence_el": emitida + timedelta(days=14), "autor_id": azar.choice(autores),
         "asunto": f"Solicitud de planillas {i}", "destinatario": "Sección de Afiliación",
         "canal": "correo", "correo": "afiliacion@isss.gob.sv"}
        for i in range(cuantas)
    ])  # fmt: skip


def sembrar(bd: BaseDeDatos, almacen: Almacen, escala: float) -> dict[str, int]:
    """Carga los datos del departamento; devuelve cuántas filas de cada clase."""
    azar = random.Random(2026)
    n = {clave: max(1, round(v * escala)) for clave, v in CANTIDADES.items()}
    n["convenios"] = min(n["convenios"], n["expedientes"])
    with bd.sesion(Actor("benchmark")) as s:
        version = version_vigente(session=s, almacen=almacen, nombre="convenio_pago")
        c = s.connection()
        ids = _usuarios(c)
        gestores = [ids[u] for u, _, rol, _ in PERSONAS if rol in ("gestor", "jefe")] + [None]
        con_cartas = [ids[u] for u, _, rol, _ in PERSONAS if rol != "archivo"]
        patronos = _patronos(c, azar, n["patronos"])
        estados = azar.choices(list(FIRMADOS), [55, 25, 20], k=n["convenios"])
        exp_ids = _expedientes(c, azar, n, estados, patronos, gestores)
        _documentos(c, azar, n["convenios"], exp_ids, version, gestores[:-1])
        _convenios(c, azar, estados, exp_ids)
        _cartas(c, azar, n["cartas"], con_cartas, patronos)
        _pagos_y_metas(c, azar, n["pagos"], patronos, escala)
        _solicitudes(c, azar, n["solicitudes"], con_cartas)
        c.execute(text("ANALYZE"))
    return n
