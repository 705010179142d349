"""Pagos de los patronos: la lista por sucursal y rango de fechas (lo recuperado del Plan Anual) y
la importación del CSV del sistema de la institución, todo o nada."""

from __future__ import annotations

from flask import render_template, request

from expedientes import (
    ErrorDominio,
    Permiso,
    hoy,
    orden_pedido,
    pagina_de,
)
from recupera.web.acceso import db, requiere
from recupera.web.formularios import dia_de_filtro
from recupera.web.recursos import quien
from recupera.web.seguimiento import bp
from seguimiento import (
    COLUMNAS_PAGOS,
    ORDEN_PAGOS,
    ORDENES_PAGOS,
    FiltrosPagos,
    importar_pagos,
    pagos_visibles,
    sucursales_de_pagos,
    totales_de_pagos,
)


@bp.get("/pagos/")
@requiere(Permiso.VER_SEGUIMIENTO)
def pagos_lista():
    """Los pagos que esta persona ve, de 50 en 50 en el orden pedido (los más recientes primero),
    con los totales de todos; filtros, orden y página van en la URL."""
    args = request.args
    filtros = FiltrosPagos(
        sucursal=args.get("sucursal", ""),
        desde=dia_de_filtro(args.get("desde")),
        hasta=dia_de_filtro(args.get("hasta")),
    )
    orden = orden_pedido(args.get("orden"), tuple(ORDENES_PAGOS), ORDEN_PAGOS)
    totales = totales_de_pagos(session=db(), usuario=quien(), filtros=filtros)
    pagina = pagina_de(total=totales.cantidad, pedida=args.get("pagina"))
    pagos = pagos_visibles(session=db(), usuario=quien(), filtros=filtros, orden=orden,
                           limite=pagina.tamano, desplazamiento=pagina.desplazamiento)  # fmt: skip
    return render_template(
        "seguimiento/pagos.html",
        filas=pagos.filas,
        totales=totales,
        pagina=pagina,
        orden=orden,
        sucursales=sucursales_de_pagos(session=db()),
        args=args,
        solo_lo_suyo=pagos.solo_lo_suyo,
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
