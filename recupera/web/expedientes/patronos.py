"""Patronos: búsqueda y ficha con su deuda al día y sus expedientes."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from expedientes import (
    FiltrosExpedientes,
    NoEncontrado,
    Permiso,
    buscar_patronos,
    estado_de_deuda,
    hoy,
    listar_expedientes,
    obtener_patrono,
)
from recupera.web.acceso import db, requiere, settings

bp = Blueprint("patronos", __name__, url_prefix="/patronos")
LIMITE = 100


@bp.get("/")
@requiere(Permiso.VER_PATRONOS)
def lista():
    """Busca por número patronal, NIT en cualquier formato o razón social."""
    texto = request.args.get("q", "")[:200]
    patronos = buscar_patronos(session=db(), texto=texto, limite=LIMITE + 1)
    return render_template(
        "patronos/lista.html", patronos=patronos[:LIMITE], hay_mas=len(patronos) > LIMITE, q=texto
    )


@bp.get("/<numero_patronal>")
@requiere(Permiso.VER_PATRONOS)
def ficha(numero_patronal: str):
    """Datos del patrono, su mora al día de hoy y sus expedientes."""
    try:
        patrono = obtener_patrono(session=db(), numero_patronal=numero_patronal)
    except NoEncontrado:
        abort(404)
    deuda = estado_de_deuda(
        session=db(),
        patrono_id=patrono.id,  # type: ignore[arg-type]
        corte=hoy(),
        tasa_mensual=settings().recargo_mensual,
    )
    expedientes = listar_expedientes(
        session=db(), filtros=FiltrosExpedientes(patrono_id=patrono.id)
    )
    return render_template(
        "patronos/ficha.html", patrono=patrono, deuda=deuda, expedientes=[e for e, _ in expedientes]
    )
