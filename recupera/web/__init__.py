"""La web: un paquete por área, cada uno con sus rutas, formularios y presentadores; las rutas son
delgadas, piden el recurso con su ayudante (`recursos`) y llaman a un servicio.

Lo común a todas: la sesión de base de datos, el usuario en sesión y los decoradores de permiso
(`acceso`), un ayudante por recurso (`recursos`), las descargas seguras (`entregas`), los
formularios compartidos (`formularios`), los filtros de formato (`formatos`) y las cabeceras de
seguridad y páginas de error (`seguridad`).
"""

from __future__ import annotations

from flask import Flask


def registrar_blueprints(app: Flask) -> None:
    """Registra todas las áreas en la aplicación."""
    from recupera.web import (
        administracion,
        archivo,
        correspondencia,
        documentos,
        expedientes,
        inicio,
        seguimiento,
    )

    areas = (inicio, expedientes, correspondencia, documentos, archivo, seguimiento, administracion)
    for area in areas:
        for bp in area.BLUEPRINTS:
            app.register_blueprint(bp)
