"""Un lote dice cómo va: preparando cada expediente, generando k de n a medida que terminan (en
un proceso o en varios) y guardando; lo que dice coincide con lo que hace."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from expedientes import abrir_expediente
from plantillas import Parametros, generar_lote
from tests.plantillas.conftest import HOY, Caso, entradas_de


@pytest.mark.parametrize("procesos", [1, 2])
def test_el_lote_dice_cada_paso_en_orden(
    session: Session, p: Parametros, caso: Caso, procesos: int
) -> None:
    """Tres expedientes, uno sin gestor: prepara 3, genera 2 (1 de 2, 2 de 2) y guarda."""
    otro = abrir_expediente(session=session, numero_patronal="310145678", tipo="cobro", hoy=HOY,
                            asunto="Mora «2026» & <otra>", gestor=caso.gestor)  # fmt: skip
    sin_gestor = abrir_expediente(
        session=session, numero_patronal="310145678", tipo="cobro", hoy=HOY
    )
    pasos: list[tuple[int, int, str]] = []
    lote = generar_lote(
        session=session, p=p, plantilla="aviso_cobro",
        expedientes=[caso.expediente, otro, sin_gestor], datos=entradas_de("aviso_cobro", caso),
        autor_de=lambda e: caso.gestor if e.gestor_id else None, hoy=HOY, procesos=procesos,
        avanzar=lambda k, n, etapa: pasos.append((k, n, etapa)),
    )  # fmt: skip
    assert len(lote.documentos) == 2 and list(lote.omitidos) == [sin_gestor.numero]
    assert pasos == [
        (1, 3, "Preparando los datos: expediente 1 de 3"),
        (2, 3, "Preparando los datos: expediente 2 de 3"),
        (3, 3, "Preparando los datos: expediente 3 de 3"),
        (1, 2, "Generando los documentos: 1 de 2"),
        (2, 2, "Generando los documentos: 2 de 2"),
        (2, 2, "Guardando los documentos"),
    ]
