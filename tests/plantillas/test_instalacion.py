"""El LibreOffice de una instalación: uno por proceso y carpeta de datos, con su perfil en
`<data dir>/libreoffice/proceso-<pid>`, y los perfiles de procesos muertos se borran.

Las demás pruebas en proceso comparten el LibreOffice de la sesión (tests/conftest.py); esta prueba
usa la función de la instalación. No convierte nada: LibreOffice arranca con la primera conversión.
"""

from __future__ import annotations

import os
from pathlib import Path

from expedientes import cargar_settings
from tests.conftest import CONVERSOR_DE_LA_INSTALACION as conversor


def test_un_conversor_por_carpeta_de_datos_y_los_perfiles_huerfanos_se_borran(
    tmp_path: Path,
) -> None:
    """El mismo conversor para la misma carpeta; otro para otra; el perfil de un proceso que ya
    no existe se borra y el de uno vivo (este) no."""
    perfiles = tmp_path / "datos" / "libreoffice"
    huerfano = perfiles / "proceso-999999999"  # más que cualquier pid posible en Linux
    huerfano.mkdir(parents=True)
    settings = cargar_settings(env="development", data_dir=tmp_path / "datos")
    primero = conversor(settings)
    assert not huerfano.exists()
    assert primero.carpeta == (perfiles / f"proceso-{os.getpid()}").resolve()
    assert conversor(cargar_settings(env="development", data_dir=tmp_path / "datos")) is primero
    otro = conversor(cargar_settings(env="development", data_dir=tmp_path / "otros"))
    assert otro is not primero
    assert otro.carpeta == (tmp_path / "otros" / "libreoffice" / f"proceso-{os.getpid()}").resolve()
    assert primero.pid_soffice is None and otro.pid_soffice is None
