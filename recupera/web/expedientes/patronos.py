"""Patronos: búsqueda, ficha con su deuda al día y sus expedientes, y la corrección de sus datos de
contacto (dirección, representante, correo, teléfono) con el motivo."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from expedientes import (
    CAMPOS_DE_CONTACTO,
    ORDEN_PATRONOS,
    ORDENES_PATRONOS,
    FiltrosExpedientes,
    NoEncontrado,
    Permiso,
    buscar_patronos,
    contar_patronos,
    editar_contacto_patrono,
    estado_de_deuda,
    hoy,
    listar_expedientes,
    obtener_patrono,
    orden_pedido,
    pagina_de,
)
from recupera.web.acceso import db, operacion, requiere, settings
from recupera.web.recursos import quien

bp = Blueprint("patronos", __name__, url_prefix="/patronos")


@bp.get("/")
@requiere(Permiso.VER_PATRONOS)
def lista():
    """Busca por número patronal, NIT en cualquier formato o razón social, de 50 en 50 en el orden
    pedido (por razón social); búsqueda, orden y página van en la URL."""
    texto = request.args.get("q", "")[:200]
    orden = orden_pedido(request.args.get("orden"), tuple(ORDENES_PATRONOS), ORDEN_PATRONOS)
    pagina = pagina_de(
        total=contar_patronos(session=db(), texto=texto), pedida=request.args.get("pagina")
    )
    patronos = buscar_patronos(session=db(), texto=texto, limite=pagina.tamano, orden=orden,
                               desplazamiento=pagina.desplazamiento)  # fmt: skip
    return render_template(
        "patronos/lista.html", patronos=patronos, pagina=pagina, q=texto, orden=orden
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


@bp.route("/<numero_patronal>/datos", methods=["GET", "POST"])
@requiere(Permiso.EDITAR_PATRONO)
def editar(numero_patronal: str) -> Response | str:
    """Corrige los datos de contacto, con el motivo (la carta que avisa el cambio, si la hay)."""
    try:
        patrono = obtener_patrono(session=db(), numero_patronal=numero_patronal)
    except NoEncontrado:
        abort(404)
    if request.method == "POST":
        with operacion("Datos del patrono actualizados.") as hecho:
            editar_contacto_patrono(
                session=db(), usuario=quien(), patrono=patrono,
                campos={c: request.form.get(c, "") for c in CAMPOS_DE_CONTACTO},
                motivo=request.form.get("motivo", ""),
            )  # fmt: skip
        if hecho[0]:
            return redirect(url_for("patronos.ficha", numero_patronal=patrono.numero_patronal))
    carta = request.args.get("carta", "")[:20]
    return render_template(
        "patronos/editar.html",
        patrono=patrono,
        form=request.form,
        motivo=request.form.get("motivo") or (f"Según la carta {carta}" if carta else ""),
    )
