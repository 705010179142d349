"""La aplicación: fábrica Flask, línea de comandos y plantillas web base.

Compone el dominio (`expedientes`) y las capacidades (`correspondencia`, `plantillas`, `archivo`);
nada la importa a ella y no contiene lógica del dominio.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from expedientes import Settings, get_settings


def create_app(settings: Settings | None = None) -> Flask:
    """Crea la aplicación web con la configuración dada (o la del entorno)."""
    from recupera.composicion import componer, registrar_plantillas
    from recupera.tareas import Ejecutor
    from recupera.web import acceso, formatos, peticiones, registrar_blueprints, seguridad

    settings = settings or get_settings()
    app = Flask(__name__)
    servicios = componer(settings)
    registrar_plantillas(servicios)  # aquí, para que ninguna consulta (GET) escriba
    app.extensions["recupera"] = servicios
    app.extensions["recupera_tareas"] = Ejecutor(servicios)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        RECUPERA=settings,
        SESSION_COOKIE_NAME="recupera_sesion",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not settings.desarrollo,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.sesion_horas),
        MAX_CONTENT_LENGTH=settings.max_subida_bytes,
        WTF_CSRF_TIME_LIMIT=None,  # el token vive lo que la sesión
    )
    peticiones.iniciar(app)
    acceso.iniciar(app)
    seguridad.iniciar(app)
    formatos.iniciar(app)
    registrar_blueprints(app)
    return app
