"""Administración de usuarios: alta, rol, activación y nueva contraseña."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from expedientes import (
    NOMBRES_ROL,
    ErrorDominio,
    NoEncontrado,
    Permiso,
    Usuario,
    actualizar_usuario,
    bloqueos_vigentes,
    cambiar_contrasena,
    crear_usuario,
    listar_usuarios,
    obtener_usuario,
)
from recupera.web.acceso import db, operacion, requiere

bp = Blueprint("usuarios", __name__, url_prefix="/usuarios")


def _usuario(nombre: str) -> Usuario:
    try:
        return obtener_usuario(session=db(), nombre_usuario=nombre)
    except NoEncontrado:
        abort(404)


@bp.route("/", methods=["GET", "POST"])
@requiere(Permiso.ADMINISTRAR_USUARIOS)
def lista():
    """Lista de usuarios y formulario de alta."""
    form = request.form
    if request.method == "POST":
        with operacion(f"Usuario «{form.get('nombre_usuario', '')}» creado.") as hecho:
            if form.get("contrasena", "") != form.get("confirmacion", ""):
                raise ErrorDominio("La confirmación no coincide con la contraseña.")
            crear_usuario(
                session=db(),
                nombre_usuario=form.get("nombre_usuario", ""),
                nombre_completo=form.get("nombre_completo", ""),
                rol=form.get("rol", ""),
                contrasena=form.get("contrasena", ""),
                correo=form.get("correo"),
                sucursal=form.get("sucursal"),
            )
        if hecho[0]:
            return redirect(url_for("usuarios.lista"))
    return render_template(
        "usuarios/lista.html", usuarios=listar_usuarios(session=db()), roles=NOMBRES_ROL, form=form
    )


@bp.route("/<nombre>", methods=["GET", "POST"])
@requiere(Permiso.ADMINISTRAR_USUARIOS)
def editar(nombre: str):
    """Cambia rol, estado y datos; o fija una contraseña nueva."""
    usuario = _usuario(nombre)
    form = request.form
    if request.method == "POST":
        if form.get("accion") == "contrasena":
            with operacion("Contraseña nueva fijada; sus sesiones abiertas se cerraron."):
                cambiar_contrasena(session=db(), usuario=usuario, nueva=form.get("contrasena", ""))
        else:
            with operacion("Usuario actualizado."):
                actualizar_usuario(
                    session=db(),
                    usuario=usuario,
                    rol=form.get("rol", ""),
                    activo=form.get("activo") == "si",
                    nombre_completo=form.get("nombre_completo", ""),
                    sucursal=form.get("sucursal"),
                    suplente=form.get("suplente") == "si",
                )
        return redirect(url_for("usuarios.editar", nombre=usuario.nombre_usuario))
    bloqueos = [intento for _, intento in bloqueos_vigentes(session=db(), usuario=usuario)]
    return render_template(
        "usuarios/editar.html", usuario=usuario, roles=NOMBRES_ROL, bloqueos=bloqueos
    )
