"""La web: un paquete por área, cada uno con sus rutas, formularios y presentadores; las rutas son
delgadas, piden el recurso con su ayudante (`recursos`) y llaman a un servicio.

Lo común a todas: la sesión de base de datos, el usuario en sesión y los decoradores de permiso
(`acceso`), un ayudante por recurso (`recursos`), las descargas seguras (`entregas`), los
formularios compartidos (`formularios`), los filtros de formato (`formatos`), las cabeceras de
seguridad y páginas de error (`seguridad`), el código de cada petición, su línea en el registro y
el proxy de confianza (`peticiones`), y el estado del servicio para el monitoreo (`salud`).
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
        salud,
        seguimiento,
    )

    areas = (inicio, expedientes, correspondencia, documentos, archivo, seguimiento, administracion)
    for area in (*areas, salud):
        for bp in area.BLUEPRINTS:
            app.register_blueprint(bp)
