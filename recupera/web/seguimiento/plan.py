"""El Plan Anual de Recuperación de Mora: la tabla del año (sucursal × mes: meta, recuperado,
diferencia y avance) con su gráfico, y para el jefe fijar una meta o importar las metas en CSV."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from expedientes import FILTRO_SIN_SUCURSAL, SIN_SUCURSAL, ErrorDominio, Permiso, hoy
from panel import Destino, plan_por_mes
from recupera.web.acceso import db, operacion, requiere
from recupera.web.seguimiento import bp
from recupera.web.seguimiento.panel import periodo_de
from recupera.web.seguimiento.panel_datos import incrustable, url_de
from seguimiento import (
    ANIO_MAXIMO,
    ANIO_MINIMO,
    COLUMNAS_PLAN,
    MESES,
    FilaPlan,
    avance_del_plan,
    plan_mes_a_mes,
    rango_del_mes,
    sucursales_conocidas,
    total_del_plan,
)
from seguimiento import fijar_meta as fijar_meta_del_plan
from seguimiento import importar_metas as importar_metas_del_plan


@dataclass(frozen=True)
class FilaSucursal:
    """Una sucursal (o todas) en el año: sus doce meses, el año entero y adónde lleva cada
    monto recuperado (a los pagos de ese mes)."""

    nombre: str
    meses: list[FilaPlan]
    anual: FilaPlan
    pagos: list[str | None]
    pagos_anual: str | None


def _fila(nombre: str, filtro: dict[str, str], meses: list[FilaPlan], anio: int) -> FilaSucursal:  # fmt: skip
    destinos = [Destino("pagos", {**filtro, **rango_del_mes(anio, m)}) for m in range(1, 13)]
    anual = Destino("pagos", {**filtro, "desde": f"{anio}-01-01", "hasta": f"{anio}-12-31"})
    return FilaSucursal(
        nombre, meses, total_del_plan(meses), [url_de(d) for d in destinos], url_de(anual)
    )


def tabla(anio: int) -> tuple[list[FilaSucursal], FilaSucursal, list[FilaPlan]]:
    """Las sucursales con meta o pagos en el año, el total de todas y los meses sumados."""
    filas = avance_del_plan(session=db(), anio=anio)
    sucursales = []
    for s in dict.fromkeys(f.sucursal for f in filas):
        meses = [f for f in filas if f.sucursal == s]
        filtro = {"sucursal": s or FILTRO_SIN_SUCURSAL}
        sucursales.append(_fila(s or SIN_SUCURSAL, filtro, meses, anio))
    por_mes = plan_mes_a_mes(filas)
    return sucursales, _fila("Todas las sucursales", {}, por_mes, anio), por_mes


def _pagina(anio: int, error: ErrorDominio | None = None) -> str:
    sucursales, total, por_mes = tabla(anio)
    grafico = plan_por_mes(
        f"Recuperado contra la meta, mes a mes ({anio})", anio, por_mes, enlace=url_de
    )
    dia = hoy()
    return render_template(
        "seguimiento/plan.html",
        anio=anio,
        anios=range(max(ANIO_MINIMO, dia.year - 5), min(ANIO_MAXIMO, dia.year + 1) + 1),
        sucursales=sucursales,
        total=total,
        grafico=incrustable(grafico),
        # Los meses que aún no llegan se leen aparte: su diferencia todavía no es un atraso.
        desde_mes=dia.month + 1 if anio == dia.year else (13 if anio < dia.year else 1),
        mes_actual=dia.month,
        meses=MESES,
        conocidas=sorted(sucursales_conocidas(session=db())),
        columnas=COLUMNAS_PLAN,
        error=error,
        form=request.form,
    )


@bp.get("/plan/")
@requiere(Permiso.VER_PANEL)
def plan_anual():
    """El avance del Plan Anual del año pedido (el actual si no se pide)."""
    return _pagina(periodo_de(request.args).anio or hoy().year)


def _anio_del_formulario() -> int:
    texto = request.form.get("anio", "").strip()
    if not (texto.isascii() and texto.isdigit() and len(texto) == 4):
        raise ErrorDominio("No se pudo fijar la meta del Plan Anual.", [f"el año «{texto[:10]}» no es válido"])  # fmt: skip
    return int(texto)


@bp.post("/plan/meta")
@requiere(Permiso.GESTIONAR_PLAN)
def fijar_meta() -> Response:
    """Fija (o cambia) la meta de una sucursal en un mes; la bitácora guarda antes y después."""
    form = request.form
    anio = hoy().year
    with operacion("Meta del Plan Anual guardada."):
        anio = _anio_del_formulario()
        mes = form.get("mes", "")
        fijar_meta_del_plan(
            session=db(),
            anio=anio,
            mes=int(mes) if mes.isascii() and mes.isdigit() and len(mes) <= 2 else 0,
            sucursal=form.get("sucursal", ""),
            meta=form.get("meta", "").strip(),
            motivo=form.get("motivo", "")[:1000],
        )
    return redirect(url_for("seguimiento.plan_anual", anio=anio))


@bp.post("/plan/importar")
@requiere(Permiso.GESTIONAR_PLAN)
def importar_metas():
    """Importa el CSV del Plan Anual (`sucursal,anio,mes,meta`): todo o nada."""
    archivo = request.files.get("archivo")
    anio = periodo_de(request.args).anio or hoy().year
    try:
        if archivo is None or not archivo.filename:
            raise ErrorDominio("Elija el archivo CSV de metas.")
        resultado = importar_metas_del_plan(session=db(), contenido=archivo.read())
        db().commit()
    except ErrorDominio as exc:
        db().rollback()
        return _pagina(anio, exc), 422
    flash(f"Metas del Plan Anual importadas: {resultado.resumen()}", "exito")
    return redirect(url_for("seguimiento.plan_anual", anio=anio))
