"""La correspondencia enviada: el registro de salida con sus filtros, cada carta a su documento."""

from __future__ import annotations

from flask import render_template, request

from correspondencia import (
    NOMBRES_CANAL,
    NOMBRES_ESTADO_SALIDA,
    FiltrosSalida,
    listar_salidas,
)
from expedientes import Permiso, cartas_solo_de
from plantillas import ids_de_documentos
from recupera.web.acceso import db, requiere
from recupera.web.correspondencia import bp
from recupera.web.correspondencia.formularios import MAX_TEXTO_FILTRO
from recupera.web.formularios import dia_de_filtro
from recupera.web.recursos import quien

LIMITE = 300


@bp.get("/enviada", endpoint="enviada")
@requiere(Permiso.VER_CORRESPONDENCIA)
def correspondencia_enviada():
    """Las cartas que salieron (o están por salir), las más recientes primero."""
    args = request.args
    estado, canal = args.get("estado", ""), args.get("canal", "")
    filtros = FiltrosSalida(
        estado=estado if estado in NOMBRES_ESTADO_SALIDA else None,
        canal=canal if canal in NOMBRES_CANAL else None,
        texto=args.get("q", "")[:MAX_TEXTO_FILTRO],
        desde=dia_de_filtro(args.get("desde")),
        hasta=dia_de_filtro(args.get("hasta")),
        solo_de=cartas_solo_de(quien()),
    )
    filas = listar_salidas(session=db(), filtros=filtros, limite=LIMITE + 1)
    documentos = ids_de_documentos(
        session=db(), numeros=[f.saliente.documento for f in filas if f.saliente.documento]
    )
    return render_template(
        "correspondencia/enviada.html",
        filas=filas[:LIMITE],
        hay_mas=len(filas) > LIMITE,
        documentos=documentos,
        estados=NOMBRES_ESTADO_SALIDA,
        canales=NOMBRES_CANAL,
        args=args,
        solo_suyas=filtros.solo_de is not None,
    )
