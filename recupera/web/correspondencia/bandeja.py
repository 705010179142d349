"""La bandeja de correspondencia: cifras de la cola, filtros y las cartas más recientes primero,
y los plazos por persona."""

from __future__ import annotations

from flask import render_template, request

from correspondencia import (
    TIPOS_DE_CARTA,
    VENCIMIENTOS,
    EstadoCarta,
    contar_cartas,
    conteos_de_bandeja,
    listar_cartas,
    plazos_por_persona,
)
from expedientes import (
    Permiso,
    cartas_solo_de,
    hoy,
)
from recupera.web.acceso import (
    db,
    requiere,
)
from recupera.web.correspondencia import bp
from recupera.web.correspondencia import formularios as cartas
from recupera.web.recursos import quien

LIMITE = 200


@bp.get("/", endpoint="bandeja")
@requiere(Permiso.VER_CORRESPONDENCIA)
def bandeja_de_entrada():
    """La bandeja: cifras de la cola, filtros y las cartas más recientes primero."""
    solo_de = cartas_solo_de(quien())
    dia = hoy()
    filtros = cartas.filtros_de(request.args, solo_de=solo_de)
    filas = listar_cartas(session=db(), filtros=filtros, hoy=dia, limite=LIMITE + 1)
    return render_template(
        "correspondencia/bandeja.html",
        filas=filas[:LIMITE],
        total=contar_cartas(session=db(), filtros=filtros, hoy=dia),
        hay_mas=len(filas) > LIMITE,
        cifras=conteos_de_bandeja(session=db(), hoy=dia, solo_de=solo_de),
        args=request.args,
        estados=list(EstadoCarta),
        vencimientos=VENCIMIENTOS,
        personas=cartas.asignables(db()) if solo_de is None else [],
        tipos=TIPOS_DE_CARTA,
        respuestas=cartas.RESPUESTAS,
        respuesta=cartas.respuesta_de(request.args),
        hoy=dia,
    )


@bp.get("/plazos")
@requiere(Permiso.ASIGNAR_CORRESPONDENCIA)
def plazos():
    """Por persona, cuántas cartas están vencidas, por vencer y en plazo."""
    return render_template(
        "correspondencia/plazos.html", filas=plazos_por_persona(session=db(), hoy=hoy())
    )
