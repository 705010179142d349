"""Los servicios de documentos de una instalación: almacén, tasa de recargo, lugar y el
LibreOffice de este proceso, armados desde la configuración.

Cada proceso tiene su propio LibreOffice (dos procesos no pueden compartir un perfil), con el
perfil bajo `<data dir>/libreoffice/proceso-<pid>`; arranca con la primera conversión.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from threading import Lock

from archivo.almacen import almacen_de
from expedientes.config import Settings
from plantillas.borradores import Parametros
from plantillas.pdf import ConversorPdf

_CONVERSORES: dict[tuple[str, int], ConversorPdf] = {}
_CANDADO = Lock()


def conversor(settings: Settings) -> ConversorPdf:
    """El conversor a PDF/A de este proceso para esta carpeta de datos."""
    datos = settings.data_dir.resolve()
    clave = (str(datos), os.getpid())
    with _CANDADO:
        if clave not in _CONVERSORES:
            _limpiar_perfiles_huerfanos(datos / "libreoffice")
            _CONVERSORES[clave] = ConversorPdf(
                carpeta=datos / "libreoffice" / f"proceso-{os.getpid()}",
                soffice=settings.soffice,
                python_uno=settings.python_uno,
                segundos=settings.pdf_segundos,
            )
        return _CONVERSORES[clave]


def _limpiar_perfiles_huerfanos(carpeta: Path) -> None:
    """Borra los perfiles de procesos que ya terminaron (medio megabyte cada uno)."""
    if not carpeta.is_dir():
        return
    for perfil in carpeta.glob("proceso-*"):
        pid = perfil.name.removeprefix("proceso-")
        if pid.isdigit() and int(pid) != os.getpid() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(perfil, ignore_errors=True)


def parametros(settings: Settings) -> Parametros:
    """Lo que necesitan los servicios de documentos en esta instalación."""
    return Parametros(
        almacen=almacen_de(settings.data_dir.resolve()),
        tasa_recargo=settings.recargo_mensual,
        lugar=settings.lugar_emision,
        convertir_pdf=conversor(settings).convertir,
    )
