"""La cartera en cifras: expedientes por etapa y sucursal, convenios vigentes e incumplidos con
sus saldos, y lo recuperado contra el Plan Anual.

Los conteos y las sumas se calculan en SQL; el renglón de totales sale de las filas.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import case, func, type_coerce
from sqlmodel import Session, col, select

from expedientes import (
    CERO,
    ETAPAS_FINALES,
    FILTRO_SIN_SUCURSAL,
    NOMBRES_ETAPA,
    SIN_SUCURSAL,
    Dinero,
    Etapa,
    Expediente,
    fecha_larga,
)
from panel.cifras import Columna, Destino, Fila, Reporte, armar
from seguimiento import MESES, Convenio, CuotaConvenio, avance_del_plan, rango_del_mes

ESTADOS_CONVENIO = {"vigente": "Vigentes", "incumplido": "Incumplidos"}


def _sucursal(valor: str | None) -> tuple[str, str]:
    """La sucursal como se lee y como se filtra."""
    return (valor, valor) if valor else (SIN_SUCURSAL, FILTRO_SIN_SUCURSAL)


def _ordenadas(sucursales: Any) -> list[str]:
    return sorted(set(sucursales), key=lambda s: (not s, s))


# --- expedientes --------------------------------------------------------------------------------

_ACTIVAS = [e for e in Etapa if e not in ETAPAS_FINALES]
_COLUMNAS_EXPEDIENTES = (
    Columna("sucursal", "Sucursal", "texto"),
    *(Columna(e.value, NOMBRES_ETAPA[e], sumar=True) for e in _ACTIVAS),
    Columna("activos", "Activos", sumar=True, componentes=tuple((e.value, 1) for e in _ACTIVAS)),
    *(Columna(e.value, NOMBRES_ETAPA[e], sumar=True) for e in Etapa if e in ETAPAS_FINALES),
    Columna("total", "Total", sumar=True, componentes=tuple((e.value, 1) for e in Etapa)),
)


def expedientes(*, session: Session) -> Reporte:
    """Cuántos expedientes hay en cada etapa, por sucursal."""
    conteo = {
        (s, e): int(n)
        for s, e, n in session.exec(
            select(Expediente.sucursal, Expediente.etapa, func.count()).group_by(
                Expediente.sucursal, Expediente.etapa
            )
        ).all()
    }
    filas: list[Fila] = []
    enlaces = []
    for s in _ordenadas(s for s, _ in conteo):
        nombre, filtro = _sucursal(s)
        filas.append({"sucursal": nombre, **{e.value: conteo.get((s, e.value), 0) for e in Etapa}})
        enlaces.append(
            {
                "sucursal": Destino("expedientes", {"sucursal": filtro}),
                "activos": Destino("expedientes", {"sucursal": filtro, "activos": "1"}),
                **{
                    e.value: Destino("expedientes", {"sucursal": filtro, "etapa": e.value})
                    for e in Etapa
                },
            }
        )
    return armar(
        nombre="expedientes",
        titulo="Expedientes por etapa y sucursal",
        columnas=_COLUMNAS_EXPEDIENTES,
        filas=filas,
        enlaces=enlaces,
        descripcion="Todos los expedientes, según la etapa en que están hoy.",
        hoja="Expedientes",
        enlaces_totales={
            "activos": Destino("expedientes", {"activos": "1"}),
            **{e.value: Destino("expedientes", {"etapa": e.value}) for e in Etapa},
        },
    )


# --- convenios ----------------------------------------------------------------------------------

_COLUMNAS_CONVENIOS = (
    Columna("sucursal", "Sucursal", "texto"),
    Columna("vigentes", "Vigentes", sumar=True),
    Columna("saldo_vigentes", "Saldo de vigentes", "dinero", sumar=True),
    Columna("incumplidos", "Incumplidos", sumar=True),
    Columna("saldo_incumplidos", "Saldo de incumplidos", "dinero", sumar=True),
    Columna(
        "saldo",
        "Saldo total",
        "dinero",
        sumar=True,
        componentes=(("saldo_vigentes", 1), ("saldo_incumplidos", 1)),
    ),
    Columna("vencido", "Cuotas vencidas sin pagar", "dinero", sumar=True),
    Columna("mas_antigua", "Cuota vencida más antigua", "fecha"),
)


def _saldos_por_convenio(hoy: date) -> Any:
    monto, pagado = col(CuotaConvenio.monto), col(CuotaConvenio.pagado)
    pendiente = case((monto > pagado, monto - pagado), else_=0)
    vencida = (col(CuotaConvenio.vence_el) < hoy) & (monto > pagado)
    return (
        select(
            col(CuotaConvenio.convenio_id),
            func.sum(pendiente).label("saldo"),
            func.sum(case((vencida, pendiente), else_=0)).label("vencido"),
            func.min(case((vencida, CuotaConvenio.vence_el), else_=None)).label("mas_antigua"),
        )
        .group_by(col(CuotaConvenio.convenio_id))
        .subquery()
    )


def _convenios_por_sucursal(session: Session, hoy: date) -> dict[tuple[str, str], tuple[Any, ...]]:
    """(sucursal, estado) → (cuántos, saldo, vencido, cuota vencida más antigua), en SQL."""
    saldos = _saldos_por_convenio(hoy)
    consulta = (
        select(  # type: ignore[call-overload]
            Expediente.sucursal,
            Convenio.estado,
            func.count(),
            type_coerce(func.coalesce(func.sum(saldos.c.saldo), 0), Dinero),
            type_coerce(func.coalesce(func.sum(saldos.c.vencido), 0), Dinero),
            func.min(saldos.c.mas_antigua),
        )
        .join(Expediente, col(Expediente.id) == Convenio.expediente_id)
        .outerjoin(saldos, saldos.c.convenio_id == Convenio.id)
        .where(col(Convenio.estado).in_(ESTADOS_CONVENIO))
        .group_by(Expediente.sucursal, Convenio.estado)
    )
    return {(s, e): (int(n), *cifras) for s, e, n, *cifras in session.exec(consulta).all()}


def convenios(*, session: Session, hoy: date) -> Reporte:
    """Convenios vigentes e incumplidos por sucursal: cuántos, su saldo (cuotas menos lo pagado)
    y cuánto de él está vencido."""
    datos = _convenios_por_sucursal(session, hoy)
    filas: list[Fila] = []
    enlaces = []
    for s in _ordenadas(s for s, _ in datos):
        nombre, filtro = _sucursal(s)
        vig = datos.get((s, "vigente"), (0, CERO, CERO, None))
        inc = datos.get((s, "incumplido"), (0, CERO, CERO, None))
        fechas = [f for f in (vig[3], inc[3]) if f is not None]
        filas.append(
            {
                "sucursal": nombre,
                "vigentes": vig[0],
                "saldo_vigentes": vig[1],
                "incumplidos": inc[0],
                "saldo_incumplidos": inc[1],
                "vencido": vig[2] + inc[2],
                "mas_antigua": min(fechas) if fechas else None,
            }
        )
        enlaces.append(_enlaces_convenios({"sucursal": filtro}))
    return armar(
        nombre="convenios",
        titulo="Convenios vigentes e incumplidos",
        columnas=_COLUMNAS_CONVENIOS,
        filas=filas,
        enlaces=enlaces,
        descripcion=f"Saldos al {fecha_larga(hoy)}: cuotas pactadas menos lo pagado a cada una.",
        hoja="Convenios",
        enlaces_totales=_enlaces_convenios({}),
    )


def _enlaces_convenios(base: dict[str, str]) -> dict[str, Destino]:
    vigentes = Destino("convenios", {**base, "estado": "vigente"})
    incumplidos = Destino("convenios", {**base, "estado": "incumplido"})
    vencidos = Destino("convenios", {**base, "estado": "vigente,incumplido", "con_vencidas": "1"})
    return {
        "sucursal": Destino("convenios", {**base, "estado": "vigente,incumplido"}),
        "vigentes": vigentes,
        "saldo_vigentes": vigentes,
        "incumplidos": incumplidos,
        "saldo_incumplidos": incumplidos,
        "saldo": Destino("convenios", {**base, "estado": "vigente,incumplido"}),
        "vencido": vencidos,
        "mas_antigua": vencidos,
    }


# --- Plan Anual ---------------------------------------------------------------------------------

_COLUMNAS_PLAN = (
    Columna("sucursal", "Sucursal", "texto"),
    Columna("mes", "Mes", "texto"),
    Columna("meta", "Meta", "dinero", sumar=True),
    Columna("recuperado", "Recuperado", "dinero", sumar=True),
    Columna(
        "diferencia",
        "Diferencia",
        "dinero",
        sumar=True,
        componentes=(("recuperado", 1), ("meta", -1)),
    ),
    Columna("porcentaje", "Avance", "porcentaje", razon=("recuperado", "meta")),
)


def plan_anual(*, session: Session, anio: int) -> Reporte:
    """Meta contra recuperado por sucursal y mes (los pagos por la sucursal y el mes del pago)."""
    filas: list[Fila] = []
    enlaces = []
    for f in avance_del_plan(session=session, anio=anio):
        nombre, filtro = _sucursal(f.sucursal)
        mes = f.mes or 1
        filas.append(
            {
                "sucursal": nombre,
                "mes": MESES[mes - 1],
                "meta": f.meta,
                "recuperado": f.recuperado,
            }
        )
        pagos = Destino("pagos", {"sucursal": filtro, **rango_del_mes(anio, mes)})
        enlaces.append({"sucursal": pagos, "recuperado": pagos})
    anual = {"desde": f"{anio}-01-01", "hasta": f"{anio}-12-31"}
    return armar(
        nombre="plan",
        titulo=f"Plan Anual de Recuperación de Mora {anio}",
        columnas=_COLUMNAS_PLAN,
        filas=filas,
        enlaces=enlaces,
        descripcion=f"Meta y recuperado por sucursal y mes de {anio}.",
        hoja=f"Plan Anual {anio}",
        enlaces_totales={"recuperado": Destino("pagos", anual)},
    )
