"""Pagos de los patronos: la lista por sucursal y rango de fechas (lo recuperado del Plan Anual) y
la importación del CSV del sistema de la institución, todo o nada."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask import render_template, request
from sqlalchemy import func, type_coerce
from sqlmodel import col, select

from expedientes.deuda import CERO
from expedientes.errores import ErrorDominio
from expedientes.modelos import Expediente, Patrono
from expedientes.politica import Permiso
from expedientes.tipos import Dinero, hoy
from recupera.web.acceso import db, requiere
from recupera.web.cartas import dia_de_filtro
from recupera.web.seguimiento import bp
from recupera.web.seguimiento.comun import solo_de, usuario
from seguimiento.modelos import Pago
from seguimiento.pagos import COLUMNAS_PAGOS, importar_pagos
from seguimiento.reportes_cartera import FILTRO_SIN_SUCURSAL

LIMITE = 500


@dataclass(frozen=True)
class Totales:
    """Cuántos pagos cumplen los filtros, cuánto suman y cuánto de eso quedó sin aplicar."""

    cantidad: int
    monto: Decimal
    sin_aplicar: Decimal


def _condiciones(sucursal: str, desde: date | None, hasta: date | None, gestor_id: int | None) -> list[Any]:  # fmt: skip
    """Por la sucursal del pago (la del Plan Anual) y su fecha; un gestor, los de sus patronos."""
    condiciones: list[Any] = []
    if sucursal:
        condiciones.append(
            col(Pago.sucursal) == ("" if sucursal == FILTRO_SIN_SUCURSAL else sucursal)
        )
    if desde is not None:
        condiciones.append(col(Pago.fecha) >= desde)
    if hasta is not None:
        condiciones.append(col(Pago.fecha) <= hasta)
    if gestor_id is not None:
        suyos = select(Expediente.patrono_id).where(Expediente.gestor_id == gestor_id)
        condiciones.append(col(Pago.patrono_id).in_(suyos))
    return condiciones


def totales(condiciones: list[Any]) -> Totales:
    """Las sumas de todos los pagos que cumplen las condiciones, calculadas en SQL."""
    cantidad, monto, sin_aplicar = (
        db()
        .exec(
            select(
                func.count(),
                type_coerce(func.coalesce(func.sum(Pago.monto), 0), Dinero),
                type_coerce(func.coalesce(func.sum(Pago.sin_aplicar), 0), Dinero),
            ).where(*condiciones)
        )
        .one()
    )
    return Totales(int(cantidad), monto or CERO, sin_aplicar or CERO)


@bp.get("/pagos/")
@requiere(Permiso.VER_SEGUIMIENTO)
def pagos_lista():
    """Los pagos importados, los más recientes primero, con sus totales."""
    args = request.args
    condiciones = _condiciones(
        args.get("sucursal", ""),
        dia_de_filtro(args.get("desde")),
        dia_de_filtro(args.get("hasta")),
        solo_de(usuario()),
    )
    filas = (
        db()
        .exec(
            select(Pago, Patrono)
            .join(Patrono, col(Patrono.id) == Pago.patrono_id)
            .where(*condiciones)
            .order_by(col(Pago.fecha).desc(), col(Pago.referencia))
            .limit(LIMITE)
        )
        .all()
    )
    sucursales = sorted({s for s in db().exec(select(Pago.sucursal).distinct()).all() if s})
    return render_template(
        "seguimiento/pagos.html",
        filas=filas,
        totales=totales(condiciones),
        sucursales=sucursales,
        args=args,
        solo_lo_suyo=solo_de(usuario()) is not None,
    )


@bp.route("/pagos/importar", methods=["GET", "POST"])
@requiere(Permiso.IMPORTAR_DATOS)
def importar():
    """Sube el CSV de pagos; si una fila tiene problemas no se importa nada y se listan todos."""
    if request.method == "GET":
        return render_template("seguimiento/importar_pagos.html", columnas=COLUMNAS_PAGOS)
    archivo = request.files.get("archivo")
    try:
        if archivo is None or not archivo.filename:
            raise ErrorDominio("Elija el archivo CSV de pagos.")
        resultado = importar_pagos(session=db(), contenido=archivo.read(), hoy=hoy())
        db().commit()
    except ErrorDominio as exc:
        db().rollback()
        return render_template(
            "seguimiento/importar_pagos.html", columnas=COLUMNAS_PAGOS, error=exc
        ), 422
    return render_template(
        "seguimiento/importar_pagos.html", columnas=COLUMNAS_PAGOS, resultado=resultado
    )
