"""Los avisos de la persona en sesión: la lista (los más nuevos primero, los no leídos marcados),
abrir uno (queda leído y lleva a su página), marcarlos como leídos, y cómo recibirlos por correo
(en «Mi cuenta»)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from avisos import aviso_de, avisos_de, elegir_avisos_por_correo, marcar_leidos
from expedientes import NoEncontrado
from recupera.web.acceso import db, id_numerico, operacion
from recupera.web.enlaces import ruta_de_aviso
from recupera.web.recursos import quien

bp = Blueprint("avisos", __name__, url_prefix="/avisos")
POR_PAGINA = 50


@bp.get("/")
@login_required
def lista() -> str:
    """Los avisos, de 50 en 50 (`antes`: los anteriores a ese aviso)."""
    antes = id_numerico(request.args.get("antes", ""))
    sin_leer = request.args.get("sin_leer") == "1"
    filas = avisos_de(session=db(), usuario=quien(), solo_sin_leer=sin_leer,
                      limite=POR_PAGINA + 1, antes_de=antes)  # fmt: skip
    return render_template(
        "avisos/lista.html",
        avisos=filas[:POR_PAGINA],
        siguiente=filas[POR_PAGINA - 1].id if len(filas) > POR_PAGINA else None,
        sin_leer=sin_leer,
        ruta=ruta_de_aviso,
    )


@bp.get("/<id:aviso_id>")
@login_required
def abrir(aviso_id: int) -> Response:
    """Lo marca leído y lleva a la página de lo que avisa."""
    try:
        aviso = aviso_de(session=db(), usuario=quien(), aviso_id=aviso_id)
    except NoEncontrado:
        return redirect(url_for("avisos.lista"))
    marcar_leidos(session=db(), usuario=quien(), ids=[aviso_id])
    db().commit()
    return redirect(ruta_de_aviso(aviso))


@bp.post("/leidos")
@login_required
def leidos() -> Response:
    """Marca como leídos los elegidos (o todos, con `todos`)."""
    ids = [i for i in (id_numerico(v) for v in request.form.getlist("aviso")) if i is not None]
    todos = request.form.get("todos") == "1"
    with operacion("Avisos marcados como leídos."):
        marcar_leidos(session=db(), usuario=quien(), ids=None if todos else ids)
    return redirect(url_for("avisos.lista"))


@bp.post("/correo")
@login_required
def correo() -> Response:
    """Cómo quiere la persona sus avisos por correo."""
    with operacion("Preferencia de avisos guardada."):
        elegir_avisos_por_correo(
            session=db(), usuario=quien(), preferencia=request.form.get("preferencia", "")
        )
    return redirect(url_for("auth.cuenta"))
