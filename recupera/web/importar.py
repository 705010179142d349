"""Importación de los CSV de patronos y de mora desde el navegador (todo o nada)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from expedientes.errores import ErrorDominio
from expedientes.importacion import importar_mora, importar_patronos
from expedientes.politica import Permiso
from recupera.web.acceso import db, operacion, requiere

bp = Blueprint("importar", __name__, url_prefix="/importar")
_IMPORTADORES = {"patronos": importar_patronos, "mora": importar_mora}


@bp.route("/", methods=["GET", "POST"])
@requiere(Permiso.IMPORTAR_DATOS)
def importar():
    """Sube un CSV de patronos o de mora; si una fila tiene problemas no se importa nada."""
    if request.method == "POST":
        clase = request.form.get("clase", "")
        archivo = request.files.get("archivo")
        resultado = None
        with operacion("Importación terminada.") as hecho:
            if clase not in _IMPORTADORES:
                raise ErrorDominio("Elija qué importa: patronos o mora.")
            if archivo is None or not archivo.filename:
                raise ErrorDominio("Elija el archivo CSV.")
            resultado = _IMPORTADORES[clase](session=db(), contenido=archivo.read())
        if hecho[0] and resultado is not None:
            return render_template("importar.html", resultado=resultado, clase=clase)
        return redirect(url_for("importar.importar"))
    return render_template("importar.html", resultado=None, clase=None)
