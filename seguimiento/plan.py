"""El Plan Anual de Recuperación de Mora: metas por sucursal y mes, y lo recuperado contra ellas.

Las metas se fijan una a una (`fijar_meta`) o se importan de un CSV `sucursal,anio,mes,meta`
(todo o nada, idempotente, como las demás importaciones). Lo recuperado es la suma de los pagos
importados (`Pago.monto`) por la sucursal del pago y el mes de su fecha, sumada en SQL.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import extract, func, type_coerce
from sqlmodel import Session, col, select

from expedientes import (
    CERO,
    Dinero,
    ErrorDominio,
    Patrono,
    ResultadoImportacion,
    a_dinero,
    con_motivo,
    leer_csv,
    leer_monto,
    porcentaje,
    problemas_de_texto,
    rechazar_si_hay,
)
from seguimiento.modelos import MetaPlan, Pago

COLUMNAS_PLAN = ("sucursal", "anio", "mes", "meta")
ANIO_MINIMO, ANIO_MAXIMO = 2000, 2100
MESES = (
    "Enero",
    "Febrero",
    "Marzo",
    "Abril",
    "Mayo",
    "Junio",
    "Julio",
    "Agosto",
    "Septiembre",
    "Octubre",
    "Noviembre",
    "Diciembre",
)


@dataclass(frozen=True)
class FilaPlan:
    """Meta y recuperado de una sucursal en un mes; `None` en sucursal o mes: todas / el año."""

    sucursal: str | None
    mes: int | None
    meta: Decimal
    recuperado: Decimal

    @property
    def diferencia(self) -> Decimal:
        """Lo recuperado menos la meta (negativo: falta)."""
        return self.recuperado - self.meta

    @property
    def porcentaje(self) -> Decimal | None:
        """Avance contra la meta, en por ciento con un decimal; None sin meta."""
        return porcentaje(self.recuperado, self.meta)


def rango_del_mes(anio: int, mes: int) -> dict[str, str]:
    """El primer y el último día del mes, como filtros `desde`/`hasta` (AAAA-MM-DD)."""
    ultimo = calendar.monthrange(anio, mes)[1]
    return {"desde": date(anio, mes, 1).isoformat(), "hasta": date(anio, mes, ultimo).isoformat()}


def sucursales_conocidas(*, session: Session) -> set[str]:
    """Las sucursales que existen en los datos: las de los patronos y las de sus pagos."""
    de_patronos = session.exec(select(Patrono.sucursal).distinct()).all()
    de_pagos = session.exec(select(Pago.sucursal).distinct()).all()
    return {s for s in (*de_patronos, *de_pagos) if s}


def _problemas_de_meta(anio: int, mes: int, sucursal: str, conocidas: set[str]) -> list[str]:
    problemas = problemas_de_texto(sucursal, "La sucursal", 100)
    if not sucursal:
        problemas.append("falta la sucursal")
    elif sucursal not in conocidas:
        problemas.append(
            f"la sucursal «{sucursal}» no es la de ningún patrono registrado "
            f"(sucursales conocidas: {', '.join(sorted(conocidas)) or 'ninguna'})"
        )
    if not ANIO_MINIMO <= anio <= ANIO_MAXIMO:
        problemas.append(f"el año {anio} no está entre {ANIO_MINIMO} y {ANIO_MAXIMO}")
    if not 1 <= mes <= 12:
        problemas.append(f"el mes {mes} no está entre 1 y 12")
    return problemas


def _guardar(
    session: Session, anio: int, mes: int, sucursal: str, meta: Decimal
) -> tuple[MetaPlan, str]:
    existente = session.exec(
        select(MetaPlan).where(
            MetaPlan.anio == anio, MetaPlan.mes == mes, MetaPlan.sucursal == sucursal
        )
    ).first()
    if existente is None:
        nueva = MetaPlan(anio=anio, mes=mes, sucursal=sucursal, meta=meta)
        session.add(nueva)
        return nueva, "creado"
    if existente.meta == meta:
        return existente, "sin_cambios"
    existente.meta = meta
    session.add(existente)
    return existente, "actualizado"


def fijar_meta(
    *,
    session: Session,
    anio: int,
    mes: int,
    sucursal: str,
    meta: Decimal | str,
    motivo: str = "",
) -> MetaPlan:
    """Fija (o cambia) la meta de una sucursal en un mes; la bitácora guarda el antes y después."""
    sucursal = sucursal.strip()
    problemas = _problemas_de_meta(anio, mes, sucursal, sucursales_conocidas(session=session))
    monto = CERO
    texto = format(meta, "f") if isinstance(meta, Decimal) else meta.strip()
    try:
        monto = leer_monto(texto, "la meta")
    except ValueError as exc:
        problemas.append(str(exc))
    if problemas:
        raise ErrorDominio("No se pudo fijar la meta del Plan Anual.", problemas)
    with con_motivo(session, motivo.strip()):
        guardada, _ = _guardar(session, anio, mes, sucursal, a_dinero(monto))
    return guardada


def _entero(texto: str, campo: str) -> int:
    if not texto.isascii() or not texto.isdigit():
        raise ValueError(f"{campo} «{texto}» no es un número entero")
    return int(texto)


def _leer_fila(
    campos: dict[str, str], conocidas: set[str]
) -> tuple[tuple[int, int, str, Decimal] | None, list[str]]:
    problemas: list[str] = []
    valores: list[int] = []
    for campo, nombre in (("anio", "el año"), ("mes", "el mes")):
        try:
            valores.append(_entero(campos[campo], nombre))
        except ValueError as exc:
            problemas.append(str(exc))
    meta = CERO
    try:
        meta = leer_monto(campos["meta"], "la meta")
    except ValueError as exc:
        problemas.append(str(exc))
    sucursal = campos["sucursal"]
    if len(valores) == 2:
        problemas += _problemas_de_meta(valores[0], valores[1], sucursal, conocidas)
    if problemas:
        return None, problemas
    return (valores[0], valores[1], sucursal, a_dinero(meta)), []


def importar_metas(*, session: Session, contenido: bytes) -> ResultadoImportacion:
    """Importa el CSV del Plan Anual (`sucursal,anio,mes,meta`): todo o nada, idempotente."""
    archivo = leer_csv(contenido, COLUMNAS_PLAN)
    conocidas = sucursales_conocidas(session=session)
    errores: list[str] = []
    metas: list[tuple[int, int, str, Decimal]] = []
    vistas: dict[tuple[int, int, str], int] = {}
    for fila in archivo.filas:
        leida, problemas = _leer_fila(fila.campos, conocidas)
        errores += [f"línea {fila.linea}: {p}" for p in problemas]
        if leida is None:
            continue
        clave = leida[:3]
        if clave in vistas:
            errores.append(
                f"línea {fila.linea}: la meta de {leida[2]} para {leida[1]:02d}/{leida[0]} "
                f"ya aparece en la línea {vistas[clave]}"
            )
        vistas.setdefault(clave, fila.linea)
        metas.append(leida)
    rechazar_si_hay(errores)
    resultado = ResultadoImportacion(archivo.codificacion, filas=len(metas))
    with con_motivo(session, "Importación del Plan Anual de Recuperación de Mora"):
        for anio, mes, sucursal, meta in metas:
            _, que = _guardar(session, anio, mes, sucursal, meta)
            resultado.creados += que == "creado"
            resultado.actualizados += que == "actualizado"
            resultado.sin_cambios += que == "sin_cambios"
    return resultado


def recuperado_por_mes(*, session: Session, anio: int) -> dict[tuple[str, int], Decimal]:
    """Suma de los pagos del año por (sucursal del pago, mes de su fecha), calculada en SQL."""
    mes = extract("month", col(Pago.fecha))
    consulta = (
        select(
            col(Pago.sucursal),
            mes,
            type_coerce(func.coalesce(func.sum(Pago.monto), 0), Dinero),
        )
        .where(col(Pago.fecha) >= date(anio, 1, 1), col(Pago.fecha) < date(anio + 1, 1, 1))
        .group_by(col(Pago.sucursal), mes)
    )
    return {(s, int(m)): total_del_plan for s, m, total_del_plan in session.exec(consulta).all()}


def avance_del_plan(*, session: Session, anio: int) -> list[FilaPlan]:
    """Cada sucursal con meta o pagos en el año, mes por mes (doce filas por sucursal)."""
    metas = {
        (m.sucursal, m.mes): m.meta
        for m in session.exec(select(MetaPlan).where(MetaPlan.anio == anio)).all()
    }
    recuperado = recuperado_por_mes(session=session, anio=anio)
    # Las sucursales con nombre primero y en orden; los pagos sin sucursal al final.
    sucursales = sorted({s for s, _ in (*metas, *recuperado)}, key=lambda s: (s == "", s))
    return [
        FilaPlan(s, m, metas.get((s, m), CERO), recuperado.get((s, m), CERO))
        for s in sucursales
        for m in range(1, 13)
    ]


def total_del_plan(filas: list[FilaPlan]) -> FilaPlan:
    """La suma exacta de las filas (todas las sucursales, todo el año)."""
    return FilaPlan(
        None,
        None,
        sum((f.meta for f in filas), start=CERO),
        sum((f.recuperado for f in filas), start=CERO),
    )


def plan_mes_a_mes(filas: list[FilaPlan]) -> list[FilaPlan]:
    """Los doce meses, sumadas todas las sucursales (para graficar meta contra recuperado)."""
    return [FilaPlan(None, m, **_sumas([f for f in filas if f.mes == m])) for m in range(1, 13)]


def por_sucursal(filas: list[FilaPlan]) -> list[FilaPlan]:
    """Cada sucursal en el año, en el orden de las filas."""
    sucursales = list(dict.fromkeys(f.sucursal for f in filas))
    return [FilaPlan(s, None, **_sumas([f for f in filas if f.sucursal == s])) for s in sucursales]


def _sumas(filas: list[FilaPlan]) -> dict[str, Decimal]:
    suma = total_del_plan(filas)
    return {"meta": suma.meta, "recuperado": suma.recuperado}
