"""Inicio y cierre de sesión, y cambio de la propia contraseña."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from avisos import NOMBRES_PREFERENCIA
from expedientes import (
    Actor,
    ErrorDominio,
    Ingreso,
    Usuario,
    ahora,
    autenticar,
    cambiar_contrasena,
    cerrar_sesiones,
    config_directorio,
    es_de_directorio,
    iniciar_sesion,
)
from recupera.web.acceso import INICIO_SESION, UsuarioWeb, db, operacion, settings, usuario_actual

bp = Blueprint("auth", __name__)
MENSAJE_GENERICO = "Usuario o contraseña incorrectos."
SIN_CONTRASENA_LOCAL = (
    "Usted entra con su cuenta del directorio institucional: su contraseña se cambia en el "
    "directorio, no en Recupera."
)


def _destino_seguro(siguiente: str | None) -> str:
    """Solo rutas locales: nada de redirigir a otro sitio (open redirect)."""
    if siguiente:
        partes = urlsplit(siguiente)
        if (
            not partes.scheme
            and not partes.netloc
            and siguiente.startswith("/")
            and "\\" not in siguiente
        ):
            return siguiente
    return url_for("inicio.inicio")


def _autenticar(nombre: str, contrasena: str) -> Usuario | None:
    """Verifica y confirma enseguida: los intentos fallidos cuentan aunque luego algo falle."""
    conf = settings()
    usuario = autenticar(
        session=db(),
        nombre_usuario=nombre,
        contrasena=contrasena,
        intentos=conf.intentos_login,
        bloqueo=timedelta(minutes=conf.bloqueo_minutos),
        origen=request.remote_addr,  # el bloqueo es por cuenta y por origen
    )
    db().commit()
    return usuario


def _ingresar(nombre: str, contrasena: str) -> Ingreso:
    """Como `_autenticar`, también con las cuentas del directorio si está configurado."""
    conf = settings()
    ingreso = iniciar_sesion(
        session=db(),
        nombre_usuario=nombre,
        contrasena=contrasena,
        intentos=conf.intentos_login,
        bloqueo=timedelta(minutes=conf.bloqueo_minutos),
        directorio=config_directorio(conf),
        origen=request.remote_addr,
    )
    db().commit()
    return ingreso


@bp.route("/acceso", methods=["GET", "POST"])
def acceso():
    """Formulario de inicio de sesión."""
    if current_user.is_authenticated:
        return redirect(url_for("inicio.inicio"))
    if request.method == "POST":
        nombre = request.form.get("usuario", "")[:64]
        db().info["actor"] = Actor(f"acceso:{nombre.strip().lower()}")
        ingreso = _ingresar(nombre, request.form.get("contrasena", ""))
        usuario = ingreso.usuario
        if usuario is None:
            flash(ingreso.mensaje or MENSAJE_GENERICO, "error")
            codigo = 503 if ingreso.directorio_caido else 401
            return render_template("auth/acceso.html", usuario=nombre), codigo
        session.clear()  # evita fijación de sesión
        session.permanent = True
        session[INICIO_SESION] = ahora().timestamp()
        login_user(UsuarioWeb(usuario))
        return redirect(_destino_seguro(request.args.get("next")))
    return render_template("auth/acceso.html", usuario="")


@bp.post("/salir")
@login_required
def salir():
    """Cierra la sesión (solo por POST, con token CSRF)."""
    usuario = usuario_actual()
    if usuario is not None:
        # Rota el token: una copia de la cookie robada antes de salir ya no sirve.
        cerrar_sesiones(session=db(), usuario=usuario)
        db().commit()
    logout_user()
    session.clear()
    flash("Sesión cerrada.", "exito")
    return redirect(url_for("auth.acceso"))


@bp.route("/cuenta", methods=["GET", "POST"])
@login_required
def cuenta():
    """Cambio de la propia contraseña y cómo recibir los avisos por correo."""
    if request.method == "POST":
        usuario = usuario_actual()
        assert usuario is not None
        if es_de_directorio(usuario):
            flash(SIN_CONTRASENA_LOCAL, "error")
            return redirect(url_for("auth.cuenta"))
        # La contraseña actual se comprueba como un inicio de sesión: cuenta para el bloqueo.
        correcta = _autenticar(usuario.nombre_usuario, request.form.get("actual", "")) is not None
        with operacion("Contraseña cambiada. Las demás sesiones se cerraron.") as hecho:
            if not correcta:
                raise ErrorDominio("La contraseña actual no es correcta.")
            nueva = request.form.get("nueva", "")
            if nueva != request.form.get("confirmacion", ""):
                raise ErrorDominio("La confirmación no coincide con la contraseña nueva.")
            cambiar_contrasena(session=db(), usuario=usuario, nueva=nueva)
        if hecho[0]:
            login_user(UsuarioWeb(usuario))  # la sesión actual sigue con el token nuevo
            return redirect(url_for("inicio.inicio"))
    usuario = usuario_actual()
    return render_template(
        "auth/cuenta.html",
        preferencias=NOMBRES_PREFERENCIA,
        de_directorio=usuario is not None and es_de_directorio(usuario),
    )
