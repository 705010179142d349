"""Las reglas de cronología que valen para todas las tablas de la demostración: nada en el futuro,
todo en días hábiles y en horario de oficina, la bitácora en el orden en que pasaron las cosas, los
números correlativos en el orden en que se dieron, y nada que nombre a algo que aún no existía."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

from sqlmodel import SQLModel

from expedientes import es_habil
from tests.recupera.demo_cronologia import (
    INSTALACION,
    Foto,
    Revision,
    dia,
    en_horario,
    nacimiento,
    valores_de_fecha,
)

# Plazos: lo único que puede caer después de hoy.
FUTURAS = frozenset({"vence_el"})
# Fechas que no son de un trámite del departamento: el periodo de la mora (el primero del mes) y
# el día 10 en que vence su pago, que fija la ley aunque caiga en fin de semana.
NO_TRAMITES = frozenset({("deuda_periodo", "periodo"), ("deuda_periodo", "fecha_limite_pago")})
# Referencias a algo que llega después: la carta que responde a una solicitud nuestra.
POSTERIORES = frozenset({("saliente", "respondida_por_id")})
# (tabla, columna del número, columna de su día) de cada serie correlativa.
SERIES = [
    ("expediente", "numero", "abierto_el"),
    ("correspondencia", "numero", "creado_en"),
    ("saliente", "numero", "creado_en"),
    ("documento_generado", "numero", "creado_en"),
]
UN_MINUTO = timedelta(minutes=1)


def nada_en_el_futuro(foto: Foto) -> Revision:
    """Ninguna fecha pasa de hoy ni ningún instante de ahora, salvo los plazos."""
    r = Revision()
    for tabla, columna, fila, valor in valores_de_fecha(foto):
        if columna in FUTURAS:
            continue
        tope = foto.ahora if isinstance(valor, datetime) else foto.hoy
        r.exigir(valor <= tope, f"{tabla}.{columna} de {fila.get('id')} es futura: {valor}")
    return r


def en_dias_habiles(foto: Foto) -> Revision:
    """Cada fecha de un trámite cae en día hábil, y cada instante en horario de oficina."""
    r = Revision()
    for tabla, columna, fila, valor in valores_de_fecha(foto):
        if (tabla, columna) in NO_TRAMITES:
            continue
        bien = en_horario(valor) if isinstance(valor, datetime) else es_habil(valor)
        r.exigir(bien, f"{tabla}.{columna} de {fila.get('id')} fuera de un día hábil: {valor}")
    return r


def bitacora_en_orden(foto: Foto) -> Revision:
    """La bitácora de la demostración es una sola historia: cada renglón después del anterior, y
    la de cada objeto empieza con su creación."""
    r = Revision()
    renglones = sorted(
        (f for f in foto.filas["auditoria"] if f["id"] > foto.inicio_bitacora),
        key=lambda f: f["id"],
    )
    for antes, despues in pairwise(renglones):
        r.exigir(
            antes["cuando"] <= despues["cuando"],
            f"bitácora {despues['id']} ({despues['cuando']}) antes que {antes['id']} ({antes['cuando']})",
        )
    primeros: dict[tuple[str, str], str] = {}
    for f in renglones:
        primeros.setdefault((f["entidad"], f["entidad_id"]), f["accion"])
    for (entidad, ident), accion in primeros.items():
        r.exigir(accion == "crear", f"la bitácora de {entidad} {ident} empieza con «{accion}»")
    return r


def nacimiento_en_la_bitacora(foto: Foto) -> Revision:
    """Cada fila nace (`creado_en`) cuando la bitácora dice que se creó, y no cambia antes."""
    r = Revision()
    for f in foto.filas["auditoria"]:
        if f["accion"] != "crear" or f["id"] <= foto.inicio_bitacora:
            continue
        fila = (
            foto.por(f["entidad"]).get(int(f["entidad_id"])) if f["entidad"] in foto.filas else None
        )
        nacio = nacimiento(fila) if fila else None
        if nacio is not None:
            r.exigir(abs(nacio - f["cuando"]) < UN_MINUTO,
                     f"{f['entidad']} {f['entidad_id']} nació {nacio}; la bitácora dice {f['cuando']}")  # fmt: skip
    for tabla, filas in foto.filas.items():
        for fila in filas:
            if isinstance(fila.get("actualizado_en"), datetime) and tabla not in INSTALACION:
                r.exigir(fila["actualizado_en"] >= fila["creado_en"],
                         f"{tabla} {fila['id']} cambió antes de crearse")  # fmt: skip
    return r


def _orden(numero: str) -> tuple[int, int]:
    """«EXP-2026-00012» → (2026, 12)."""
    _, anio, n = numero.split("-")
    return int(anio), int(n)


def correlativos_en_orden(foto: Foto) -> Revision:
    """Cada número (EXP, CE, CS, DRP) se dio en el orden de la serie, del año en que se dio."""
    r = Revision()
    for tabla, columna, cuando in SERIES:
        filas = [t[2] for t in sorted((_orden(f[columna]), f["id"], f) for f in foto.filas[tabla])]
        for antes, despues in pairwise(filas):
            r.exigir(
                antes[cuando] <= despues[cuando],
                f"{despues[columna]} ({despues[cuando]}) es de antes que {antes[columna]} ({antes[cuando]})",
            )
        for f in filas:
            r.exigir(_orden(f[columna])[0] == dia(f[cuando]).year,
                     f"{f[columna]} es de {dia(f[cuando])}")  # fmt: skip
    return r


def lo_nombrado_ya_existia(foto: Foto) -> Revision:
    """Una fila solo nombra (por clave foránea) filas que nacieron antes que ella."""
    r = Revision()
    for nombre, tabla in SQLModel.metadata.tables.items():
        if nombre in INSTALACION:
            continue
        for clave in tabla.foreign_keys:
            destino, columna = clave.column.table.name, clave.parent.name
            if destino in INSTALACION or destino == nombre or (nombre, columna) in POSTERIORES:
                continue
            nombradas = foto.por(destino, clave.column.name)
            for fila in foto.filas[nombre]:
                nombrada = nombradas.get(fila[columna])
                nacio, antes = nacimiento(fila), nacimiento(nombrada) if nombrada else None
                if nacio is not None and antes is not None:
                    r.exigir(antes <= nacio,
                             f"{nombre} {fila.get('id')} ({nacio}) nombra a {destino} {fila[columna]} de {antes}")  # fmt: skip
    return r


REGLAS_GENERALES = [
    nada_en_el_futuro,
    en_dias_habiles,
    bitacora_en_orden,
    nacimiento_en_la_bitacora,
    correlativos_en_orden,
    lo_nombrado_ya_existia,
]
