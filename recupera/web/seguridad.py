"""Cabeceras de seguridad, CSRF en todo formulario y páginas de error en español."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from flask import Flask, Response, abort, g, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

csrf = CSRFProtect()

_CABECERAS = {
    # Sin CDN ni scripts en línea: todo lo sirve la aplicación.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}

_ERRORES = {
    400: ("Solicitud no válida", "La solicitud no se pudo procesar."),
    403: ("Acceso denegado", "Su rol no tiene permiso para esta página o acción."),
    404: ("No encontrado", "La página o el registro que busca no existe."),
    405: ("Método no permitido", "Esta dirección no admite esa operación."),
    413: ("Archivo demasiado grande", "El archivo excede el tamaño máximo permitido."),
    500: (
        "Error interno",
        "Ocurrió un error inesperado. Revise si la operación quedó hecha antes de repetirla; "
        "si el error persiste, avise al administrador.",
    ),
}


def iniciar(app: Flask) -> None:
    """Activa CSRF, las cabeceras y los manejadores de error."""
    csrf.init_app(app)

    @app.before_request
    def _desarrollo_solo_desde_esta_maquina() -> tuple[str, int] | None:
        # En desarrollo la clave secreta es pública: aunque otro servidor WSGI (o un `--host`
        # que se colara) abra el puerto a la red, nadie de fuera llega a la aplicación.
        if app.config["RECUPERA"].desarrollo and not es_loopback(request.remote_addr):
            return render_template(
                "errores/error.html",
                titulo="Solo desde esta máquina",
                mensaje="En modo desarrollo Recupera solo atiende a la propia máquina: su clave "
                "secreta es pública. Para servir a la red use RECUPERA_ENV=production con su "
                "RECUPERA_SECRET_KEY.",
            ), 403
        return None

    @app.before_request
    def _sin_caracteres_nulos() -> None:
        # Ningún dato legítimo lleva NUL; PostgreSQL lo rechazaría más adelante con un error 500.
        valores = [request.path, *request.args.values(), *request.form.values()]
        valores += [f.filename or "" for f in request.files.values()]
        if any("\x00" in v for v in valores):
            abort(400)

    @app.after_request
    def _cabeceras(respuesta: Response) -> Response:
        for nombre, valor in _CABECERAS.items():
            respuesta.headers.setdefault(nombre, valor)
        if respuesta.mimetype == "text/html":
            respuesta.headers.setdefault("Cache-Control", "no-store")
        return respuesta

    @app.errorhandler(CSRFError)
    def _csrf(_e: CSRFError) -> tuple[str, int]:
        return render_template(
            "errores/error.html",
            titulo="Formulario vencido",
            mensaje="El formulario venció o no es válido. Recargue la página e inténtelo de nuevo.",
        ), 400

    for codigo, (titulo, mensaje) in _ERRORES.items():
        app.register_error_handler(codigo, _manejador(titulo, mensaje, codigo))


def es_loopback(direccion: str | None) -> bool:
    """¿Viene la petición de la propia máquina (127.0.0.0/8, ::1 o su forma IPv4 en IPv6)?"""
    try:
        ip = ipaddress.ip_address((direccion or "").strip("[]"))
    except ValueError:
        return False
    mapeada = getattr(ip, "ipv4_mapped", None)
    return bool(ip.is_loopback or (mapeada is not None and mapeada.is_loopback))


def _manejador(titulo: str, mensaje: str, codigo: int) -> Callable[[Exception], tuple[str, int]]:
    def manejar(_e: Exception) -> tuple[str, int]:
        if codigo == 500 and "db" in g:
            # La transacción que falló no sirve ni para mostrar la página de error.
            g.db.rollback()
        return render_template("errores/error.html", titulo=titulo, mensaje=mensaje), codigo

    return manejar
