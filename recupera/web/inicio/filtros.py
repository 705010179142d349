"""«Mis filtros»: guardar con un nombre los filtros de la lista que se está viendo, y borrarlos.
Cada persona ve y borra solo los suyos."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, request
from flask_login import login_required
from werkzeug.wrappers import Response

from expedientes import FiltroGuardado, borrar_filtro, filtros_de, guardar_filtro
from recupera.web.acceso import db, operacion, usuario_actual
from recupera.web.recursos import quien

bp = Blueprint("filtros", __name__, url_prefix="/filtros")


def _volver(lista: str, consulta: str = "") -> Response:
    """De vuelta a la lista (solo rutas de esta aplicación)."""
    ruta = lista if lista.startswith("/") and not lista.startswith("//") else "/"
    return redirect(f"{urlsplit(ruta).path}?{consulta}" if consulta else urlsplit(ruta).path)


@bp.post("/")
@login_required
def guardar() -> Response:
    """Guarda los filtros de la lista con el nombre dado (el mismo nombre los reemplaza)."""
    lista, consulta = request.form.get("lista", ""), request.form.get("consulta", "")
    with operacion(f"Filtro «{request.form.get('nombre', '').strip()[:80]}» guardado."):
        guardar_filtro(session=db(), usuario=quien(), lista=lista, nombre=request.form.get("nombre", ""),
                       consulta=consulta)  # fmt: skip
    return _volver(lista, consulta)


@bp.post("/<id:filtro_id>/borrar")
@login_required
def borrar(filtro_id: int) -> Response:
    """Borra uno de los filtros de la persona."""
    lista = request.form.get("lista", "")
    with operacion("Filtro borrado."):
        borrar_filtro(session=db(), usuario=quien(), filtro_id=filtro_id)
    return _volver(lista)


@bp.app_template_global()
def mis_filtros() -> list[FiltroGuardado]:
    """Los filtros de la persona en sesión para la lista que está viendo (para las plantillas)."""
    usuario = usuario_actual()
    return filtros_de(session=db(), usuario=usuario, lista=request.path) if usuario else []
