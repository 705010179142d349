"""Las áreas web, un blueprint cada una; las rutas son delgadas y llaman a un servicio."""

from __future__ import annotations

from flask import Flask


def registrar_blueprints(app: Flask) -> None:
    """Registra todas las áreas en la aplicación."""
    from recupera.web import (
        archivo,
        auth,
        buzones,
        correspondencia,
        documentos,
        expedientes,
        importar,
        inicio,
        patronos,
        plantillas,
        redaccion,
        seguimiento,
        usuarios,
    )

    for modulo in (
        auth,
        inicio,
        patronos,
        expedientes,
        correspondencia,
        documentos,
        archivo,
        redaccion,
        seguimiento,
        plantillas,
        importar,
        usuarios,
        buzones,
    ):
        app.register_blueprint(modulo.bp)
