"""Importación de los CSV de patronos y de mora desde el navegador (todo o nada)."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from expedientes import ErrorDominio, Permiso, importar_mora, importar_patronos
from recupera.web.acceso import db, requiere

bp = Blueprint("importar", __name__, url_prefix="/importar")
_IMPORTADORES = {"patronos": importar_patronos, "mora": importar_mora}


@bp.route("/", methods=["GET", "POST"])
@requiere(Permiso.IMPORTAR_DATOS)
def importar():
    """Sube un CSV de patronos o de mora; si una fila tiene problemas no se importa nada."""
    if request.method == "GET":
        return render_template("importar.html", resultado=None, error=None, clase=None)
    clase = request.form.get("clase", "")
    archivo = request.files.get("archivo")
    try:
        if clase not in _IMPORTADORES:
            raise ErrorDominio("Elija qué importa: patronos o mora.")
        if archivo is None or not archivo.filename:
            raise ErrorDominio("Elija el archivo CSV.")
        resultado = _IMPORTADORES[clase](session=db(), contenido=archivo.read())
        db().commit()
    except ErrorDominio as exc:
        # Se muestra aquí mismo: la lista de problemas puede ser larga para un mensaje de sesión.
        db().rollback()
        return render_template("importar.html", resultado=None, error=exc, clase=clase), 422
    return render_template("importar.html", resultado=resultado, error=None, clase=clase)
