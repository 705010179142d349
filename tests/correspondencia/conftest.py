"""Fixtures de correspondencia: almacén, reglas de plazo, cartas registradas y un Dovecot real."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from archivo import Almacen
from correspondencia.modelos import Correspondencia
from correspondencia.registro import OrigenCarta, preparar_correo, registrar_carta
from correspondencia.reglas import ReglasDePlazo
from tests.correspondencia.corpus import mensaje
from tests.dovecot import Dovecot
from tests.expedientes.conftest import hacer_patrono, hacer_usuario

__all__ = ["hacer_patrono", "hacer_usuario"]

# Un lunes hábil: el plazo de 10 días hábiles vence el lunes 30 de noviembre de 2026.
LUNES = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)

HacerCarta = Callable[..., Correspondencia]


@pytest.fixture
def almacen(tmp_path: Path) -> Almacen:
    """Un almacén de contenido vacío para la prueba."""
    return Almacen(tmp_path / "blobs")


@pytest.fixture
def reglas() -> ReglasDePlazo:
    """Diez días hábiles por omisión; cinco para la Unidad Jurídica."""
    return ReglasDePlazo(10, {"unidad_juridica": 5})


@pytest.fixture
def hacer_carta(session: Session, almacen: Almacen, reglas: ReglasDePlazo) -> HacerCarta:
    """Registra por correo (carpeta de entrada) un mensaje construido con `corpus.mensaje`."""

    def hacer(
        *, recibido_en: datetime = LUNES, tipo: str = "general", nombre: str = "", **campos: object
    ) -> Correspondencia:
        prep = preparar_correo(mensaje(**campos), almacen=almacen)  # type: ignore[arg-type]
        origen = OrigenCarta("carpeta", nombre_archivo=nombre or f"{prep.sha256[:12]}.eml")
        return registrar_carta(
            session=session,
            preparado=prep,
            origen=origen,
            recibido_en=recibido_en,
            reglas=reglas,
            tipo=tipo,
        )

    return hacer


@pytest.fixture(scope="session")
def dovecot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dovecot]:
    """Un Dovecot real para toda la sesión; cada prueba usa su propio usuario (buzón)."""
    servidor = Dovecot(tmp_path_factory.mktemp("dovecot"))
    servidor.iniciar()
    try:
        yield servidor
    finally:
        servidor.eliminar()
