"""El calendario laboral (administrador): los días inhábiles del año (feriados nacionales, locales
y cierres institucionales) y el alta o la baja de un cierre, con su motivo."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from expedientes import (
    NOMBRES_CLASE_DIA,
    ErrorDominio,
    Permiso,
    dias_inhabiles,
    hoy,
    listar_cierres,
    quitar_cierre,
    registrar_cierre,
    subdivision_vigente,
)
from recupera.web.acceso import db, operacion, requiere
from recupera.web.formularios import fecha
from recupera.web.recursos import quien

bp = Blueprint("calendario", __name__, url_prefix="/calendario")
ADMINISTRAR = Permiso.ADMINISTRAR_CALENDARIO


def _anio() -> int:
    """El año pedido en la URL, dentro de lo razonable; si no, el actual."""
    valor = request.args.get("anio", "")
    # Solo dígitos ASCII y pocos: `²` o un número de miles de cifras no llegan a `int`.
    anio = int(valor) if valor.isascii() and valor.isdigit() and len(valor) <= 4 else hoy().year
    return anio if abs(anio - hoy().year) <= 5 else hoy().year


@bp.get("/")
@requiere(ADMINISTRAR)
def calendario() -> str:
    """Los días de lunes a viernes en que no se trabaja ese año, y el formulario de cierres."""
    anio = _anio()
    return render_template(
        "calendario/calendario.html",
        anio=anio,
        dias=dias_inhabiles(anio),
        cierres={c.fecha: c for c in listar_cierres(session=db(), anio=anio)},
        clases=NOMBRES_CLASE_DIA,
        subdivision=subdivision_vigente(),
        form=request.args,
    )


@bp.post("/cierres")
@requiere(ADMINISTRAR)
def cerrar() -> Response:
    """Declara inhábil un día, con el motivo."""
    with operacion("Cierre registrado: los plazos que se calculen desde ahora lo saltan."):
        dia = fecha(request.form, "fecha", "la fecha del cierre", [])
        if request.form.get("fecha", "").strip() and dia is None:
            raise ErrorDominio(
                "No se pudo registrar el cierre.",
                [f"La fecha «{request.form['fecha'][:20]}» no es válida (AAAA-MM-DD)."],
            )
        registrar_cierre(
            session=db(), usuario=quien(), fecha=dia, motivo=request.form.get("motivo", ""),
            hoy=hoy(),
        )  # fmt: skip
    anio = dia.year if dia else hoy().year
    return redirect(url_for("calendario.calendario", anio=anio))


@bp.post("/cierres/quitar")
@requiere(ADMINISTRAR)
def quitar() -> Response:
    """Vuelve hábil un día cerrado por error, con el motivo."""
    dia = fecha(request.form, "fecha", "la fecha del cierre", [])
    with operacion("Cierre quitado: el día vuelve a ser hábil."):
        quitar_cierre(
            session=db(), usuario=quien(), fecha=dia, motivo=request.form.get("motivo", "")
        )
    anio = dia.year if dia else hoy().year
    return redirect(url_for("calendario.calendario", anio=anio))
