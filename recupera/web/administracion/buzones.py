"""Buzones IMAP (administrador): lista con la salud del sondeo, alta y edición.

La contraseña solo entra: el formulario la muestra siempre vacía (ni puntos ni largo) y, al
editar, dejarla vacía conserva la guardada.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlmodel import Session

from correspondencia import (
    Buzon,
    DatosBuzon,
    EstadoCarpeta,
    estados_de_fuentes,
    guardar_buzon,
    listar_buzones,
    obtener_buzon,
)
from expedientes import ErrorDominio, NoEncontrado, Permiso
from recupera.web.acceso import db, id_numerico, operacion, requiere, settings

bp = Blueprint("buzones", __name__, url_prefix="/buzones")
CARPETA_DE_ENTRADA = "Carpeta de entrada"
NOMBRES_SEGURIDAD = {"tls": "TLS", "starttls": "STARTTLS", "ninguna": "Sin cifrado (solo local)"}


def fuente_de(buzon: Buzon) -> str:
    """La clave del buzón en `EstadoCarpeta`."""
    return f"buzon:{buzon.id}"


def salud_de_fuentes(session: Session) -> list[tuple[str, EstadoCarpeta]]:
    """Cada fuente sondeada (carpeta de entrada y buzones) con su último sondeo y error."""
    nombres = {fuente_de(b): b.nombre for b in listar_buzones(session=session)}
    nombres["carpeta"] = CARPETA_DE_ENTRADA
    estados = estados_de_fuentes(session=session)
    return [(nombres.get(e.fuente, e.fuente), e) for e in estados]


def _datos(form: Mapping[str, str]) -> DatosBuzon:
    puerto = id_numerico(form.get("puerto", "").strip())
    if puerto is None:
        raise ErrorDominio("El buzón no se puede guardar.", ["El puerto debe ser un número."])
    return DatosBuzon(
        nombre=form.get("nombre", ""),
        host=form.get("host", ""),
        puerto=puerto,
        usuario=form.get("usuario", ""),
        contrasena=form.get("contrasena", ""),
        seguridad=form.get("seguridad", ""),
        carpeta=form.get("carpeta", ""),
        carpeta_procesados=form.get("carpeta_procesados", ""),
        activo=form.get("activo") == "si",
    )


def _formulario(buzon: Buzon | None, form: Mapping[str, str]) -> str:
    # El formulario nunca lleva la contraseña: ni la guardada ni la que se acaba de escribir.
    valores = {k: v for k, v in form.items() if k not in ("contrasena", "csrf_token")}
    return render_template(
        "buzones/formulario.html", buzon=buzon, form=valores, seguridades=NOMBRES_SEGURIDAD
    )


@bp.get("/")
@requiere(Permiso.ADMINISTRAR_BUZONES)
def lista():
    """Los buzones con su último sondeo y su último error."""
    estados: dict[str, EstadoCarpeta] = {}
    for _nombre, estado in salud_de_fuentes(db()):
        estados.setdefault(estado.fuente, estado)
    return render_template(
        "buzones/lista.html",
        buzones=listar_buzones(session=db()),
        estados=estados,
        seguridades=NOMBRES_SEGURIDAD,
    )


@bp.route("/nuevo", methods=["GET", "POST"])
@requiere(Permiso.ADMINISTRAR_BUZONES)
def nuevo():
    """Da de alta un buzón; la contraseña se guarda cifrada."""
    if request.method == "POST":
        with operacion(f"Buzón «{request.form.get('nombre', '').strip()}» creado.") as hecho:
            guardar_buzon(
                session=db(), datos=_datos(request.form), secret_key=settings().secret_key
            )
        if hecho[0]:
            return redirect(url_for("buzones.lista"))
    return _formulario(None, request.form)


@bp.route("/<id:buzon_id>", methods=["GET", "POST"])
@requiere(Permiso.ADMINISTRAR_BUZONES)
def editar(buzon_id: int):
    """Cambia los datos de un buzón; con la contraseña vacía se conserva la guardada."""
    try:
        buzon = obtener_buzon(session=db(), buzon_id=buzon_id)
    except NoEncontrado:
        abort(404)
    if request.method == "POST":
        with operacion("Buzón actualizado.") as hecho:
            guardar_buzon(
                session=db(),
                datos=_datos(request.form),
                secret_key=settings().secret_key,
                buzon_id=buzon_id,
            )
        if hecho[0]:
            return redirect(url_for("buzones.lista"))
        buzon = obtener_buzon(session=db(), buzon_id=buzon_id)
    return _formulario(buzon, request.form)
