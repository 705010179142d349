"""Generar en lote desde la web: el jefe elige la plantilla y el tipo de expediente; la tarea
genera un borrador por cada expediente abierto de ese tipo y su página dice cómo va."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from expedientes import ErrorDominio, Permiso
from plantillas import anotar_lote, opciones_de_lote
from recupera.web.acceso import db, requiere, tareas
from recupera.web.documentos import bp
from recupera.web.recursos import quien


@bp.route("/documentos/lote", methods=["GET", "POST"])
@requiere(Permiso.GENERAR_EN_LOTE)
def lote() -> Response | str | tuple[str, int]:
    """El formulario (GET) o la tarea del lote ya empezada (POST)."""
    if request.method == "GET":
        return _formulario()
    plantilla, _, tipo = request.form.get("opcion", "").partition(":")
    try:
        tarea = anotar_lote(session=db(), usuario=quien(), plantilla=plantilla, tipo=tipo)
        db().commit()
    except ErrorDominio as exc:
        db().rollback()
        return _formulario(exc), 422
    tareas().empezar(tarea.id or 0)
    return redirect(url_for("tareas.ver", tarea_id=tarea.id))


def _formulario(error: ErrorDominio | None = None) -> str:
    return render_template("documentos/lote.html", opciones=opciones_de_lote(), error=error,
                           form=request.form)  # fmt: skip
