"""La bitácora de auditoría en la web (jefe, administrador): filtros por persona, días, entidad y
acción, ordenada por cuándo, quién o qué cosa, de 50 en 50, y la misma consulta (en el mismo
orden) en CSV o XLSX."""

from __future__ import annotations

import io
from collections.abc import Mapping

from flask import make_response, render_template, request
from openpyxl import Workbook
from werkzeug.wrappers import Response

from expedientes import (
    ACCIONES_BITACORA,
    ORDEN_BITACORA,
    ORDENES_BITACORA,
    SISTEMA,
    FiltrosBitacora,
    Permiso,
    RenglonBitacora,
    consultar_bitacora,
    contar_bitacora,
    entidades_auditadas,
    fecha_u_hora,
    hoy,
    listar_usuarios,
    orden_pedido,
    pagina_de,
    tabla_csv,
    texto_seguro,
)
from recupera.web.acceso import db, requiere
from recupera.web.formatos import NOMBRES_EN_LA_BITACORA, valor_bitacora
from recupera.web.formularios import dia_de_filtro
from recupera.web.inicio.tablero import bp

MAX_EXPORTACION = 50_000
TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENCABEZADO = ["Cuándo", "Quién", "Acción", "Qué", "Motivo", "Cambios"]


def _filtros(args: Mapping[str, str]) -> FiltrosBitacora:
    entidad, accion = args.get("entidad", ""), args.get("accion", "")
    return FiltrosBitacora(
        persona=args.get("persona") or None,
        desde=dia_de_filtro(args.get("desde")),
        hasta=dia_de_filtro(args.get("hasta")),
        entidad=entidad if entidad in entidades_auditadas() else None,
        accion=accion if accion in ACCIONES_BITACORA else None,
    )


def _orden(args: Mapping[str, str]) -> str:
    return orden_pedido(args.get("orden"), ORDENES_BITACORA, ORDEN_BITACORA)


@bp.get("/bitacora")
@requiere(Permiso.VER_AUDITORIA)
def bitacora() -> str:
    """Los cambios registrados, en el orden pedido (los más recientes primero), con sus filtros y
    páginas; filtros, orden y página van en la URL."""
    filtros, orden = _filtros(request.args), _orden(request.args)
    pagina = pagina_de(
        total=contar_bitacora(session=db(), filtros=filtros), pedida=request.args.get("pagina")
    )
    return render_template(
        "inicio/bitacora.html",
        filas=consultar_bitacora(
            session=db(),
            filtros=filtros,
            limite=pagina.tamano,
            desplazamiento=pagina.desplazamiento,
            orden=orden,
            nombres=NOMBRES_EN_LA_BITACORA,
        ),
        pagina=pagina,
        orden=orden,
        args=request.args,
        entidades=entidades_auditadas(),
        acciones=ACCIONES_BITACORA,
        personas=listar_usuarios(session=db()),
        sistema=SISTEMA,
    )


def _renglones(filas: list[RenglonBitacora]) -> list[list[str]]:
    return [
        [
            fecha_u_hora(r.auditoria.cuando), r.quien, ACCIONES_BITACORA.get(r.auditoria.accion, r.auditoria.accion),
            r.que, r.auditoria.motivo,
            "; ".join(
                f"{c.campo}: {valor_bitacora(c.antes)} → {valor_bitacora(c.despues)}"
                if r.auditoria.accion == "modificar" else f"{c.campo}: {valor_bitacora(c.despues if r.auditoria.accion == 'crear' else c.antes)}"
                for c in r.cambios
            ),
        ]
        for r in filas
    ]  # fmt: skip


@bp.get("/bitacora.<formato>")
@requiere(Permiso.VER_AUDITORIA)
def exportar_bitacora(formato: str) -> Response:
    """La misma consulta, en el mismo orden (hasta 50.000 renglones), en CSV (UTF-8 con BOM) o
    XLSX."""
    if formato not in ("csv", "xlsx"):
        return make_response(("Formato desconocido: use csv o xlsx.", 404))
    renglones = consultar_bitacora(
        session=db(), filtros=_filtros(request.args), limite=MAX_EXPORTACION,
        orden=_orden(request.args), nombres=NOMBRES_EN_LA_BITACORA,
    )  # fmt: skip
    filas = _renglones(renglones)
    if formato == "csv":
        cuerpo, tipo = tabla_csv(ENCABEZADO, filas), "text/csv; charset=utf-8"
    else:
        libro = Workbook()
        hoja = libro.active
        assert hoja is not None
        hoja.title = "Bitácora"
        hoja.append(ENCABEZADO)
        for fila in filas:
            hoja.append([texto_seguro(v) for v in fila])
        salida = io.BytesIO()
        libro.save(salida)
        cuerpo, tipo = salida.getvalue(), TIPO_XLSX
    respuesta = make_response(cuerpo)
    respuesta.headers["Content-Type"] = tipo
    respuesta.headers["Content-Disposition"] = (
        f'attachment; filename="bitacora-{hoy().isoformat()}.{formato}"'
    )
    return respuesta
