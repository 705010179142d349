"""Las tareas largas de cada persona (un OCR, un lote): la página que dice cómo va y se refresca
sola hasta que termina, y entonces lleva a lo que produjo; su estado en JSON para quien prefiera
preguntar; reintentar la que falló. Cada quien ve solo las suyas."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import login_required
from werkzeug.wrappers import Response

from expedientes import (
    NOMBRES_ESTADO_TAREA,
    EstadoTarea,
    NoEncontrado,
    Tarea,
    avance_de,
    reintentar_tarea,
    tarea_de,
    tareas_de,
)
from recupera.web.acceso import db, operacion, tareas
from recupera.web.enlaces import ruta_de
from recupera.web.recursos import quien

bp = Blueprint("tareas", __name__, url_prefix="/tareas")
# Cada cuántos segundos se refresca la página de una tarea que sigue en curso.
REFRESCO_SEGUNDOS = 2


def _tarea(tarea_id: int) -> Tarea | None:
    """La tarea de la persona; None (y el aviso) si no existe o es de otra."""
    try:
        return tarea_de(session=db(), tarea_id=tarea_id, usuario=quien())
    except NoEncontrado as exc:
        flash(exc.mensaje, "error")
        return None


def _destino(tarea: Tarea) -> str | None:
    """Adónde lleva una tarea hecha que produjo una sola cosa."""
    r = tarea.resultado or {}
    if tarea.estado != EstadoTarea.HECHA or not r.get("objeto"):
        return None
    return ruta_de(r["objeto"], r.get("referencia", ""))


@bp.get("/")
@login_required
def lista() -> str:
    """Las tareas recientes de la persona, las más nuevas primero."""
    return render_template("tareas/lista.html", tareas=tareas_de(session=db(), usuario=quien()),
                           nombres=NOMBRES_ESTADO_TAREA)  # fmt: skip


@bp.get("/<id:tarea_id>")
@login_required
def ver(tarea_id: int) -> Response | str:
    """Cómo va; al terminar bien, lleva a lo que produjo con su mensaje y advertencias."""
    tarea = _tarea(tarea_id)
    if tarea is None:
        return redirect(url_for("tareas.lista"))
    destino = _destino(tarea)
    if destino is not None:
        flash(tarea.resultado["mensaje"], "exito")
        advertencias = tarea.resultado.get("advertencias")
        if advertencias:
            aviso = {"mensaje": "Advertencias:", "problemas": advertencias}
            flash(aviso, "aviso")  # type: ignore[arg-type]
        return redirect(destino)
    return render_template("tareas/tarea.html", tarea=tarea, avance=avance_de(tarea),
                           nombres=NOMBRES_ESTADO_TAREA, refresco=REFRESCO_SEGUNDOS,
                           ruta_de=ruta_de)  # fmt: skip


@bp.post("/<id:tarea_id>/reintentar")
@login_required
def reintentar(tarea_id: int) -> Response:
    """La tarea fallida vuelve a empezar con lo que ya se había subido."""
    tarea = _tarea(tarea_id)
    if tarea is None:
        return redirect(url_for("tareas.lista"))
    with operacion("La tarea volvió a empezar.") as hecho:
        reintentar_tarea(session=db(), tarea=tarea)
    if hecho[0]:
        tareas().empezar(tarea_id)
    return redirect(url_for("tareas.ver", tarea_id=tarea_id))
