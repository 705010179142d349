"""Los servicios de documentos de una instalación: almacén, tasa de recargo, lugar y el
LibreOffice de este proceso, armados desde la configuración.

Cada proceso tiene su propio LibreOffice (dos procesos no pueden compartir un perfil), con el
perfil bajo `<data dir>/libreoffice/proceso-<pid>`; arranca con la primera conversión.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from threading import Lock

from archivo import Almacen, almacen_de
from expedientes import Settings
from plantillas.aislamiento import Limites
from plantillas.pdf import ConversorPdf
from plantillas.puertos import PuertoCorrespondencia


@dataclass(frozen=True)
class Parametros:
    """Lo que los servicios de documentos toman de la configuración de la instalación."""

    almacen: Almacen
    tasa_recargo: Decimal
    lugar: str
    # (docx, textos que debe contener) → PDF/A-2b verificado (LibreOffice); se inyecta para no
    # atar los servicios a un proceso.
    convertir_pdf: Callable[[bytes, Sequence[str]], bytes]
    # Las cartas que un documento cita y la numeración de las salidas (la conecta la aplicación).
    correspondencia: PuertoCorrespondencia
    # Tiempo y memoria de lo que hace una plantilla subida (revisarla, generar con ella).
    limites: Limites = field(default_factory=Limites)


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


def parametros(settings: Settings, *, correspondencia: PuertoCorrespondencia) -> Parametros:
    """Lo que necesitan los servicios de documentos en esta instalación, con la correspondencia
    que la aplicación les conecta."""
    return Parametros(
        almacen=almacen_de(settings.data_dir.resolve()),
        tasa_recargo=settings.recargo_mensual,
        lugar=settings.lugar_emision,
        convertir_pdf=conversor(settings).convertir,
        correspondencia=correspondencia,
        limites=Limites(settings.plantilla_segundos, settings.plantilla_memoria_mb),
    )
