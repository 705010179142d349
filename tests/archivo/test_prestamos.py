"""Préstamos de expedientes físicos: prestar, devolver, no prestar dos veces, los vencidos."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from archivo.prestamos import (
    devolver_expediente,
    prestamo_activo,
    prestamos_de,
    prestamos_vencidos,
    prestar_expediente,
)
from expedientes import ErrorDominio
from tests.archivo.casos import expediente_en_gestion


def _prestar(session: Session, caso: object, **cambios: object) -> object:
    datos = {
        "persona": "Lic. Ana Ñúñez & Asociados", "oficina": 'Unidad Jurídica <sede "central">',
        "prestado_el": date(2026, 11, 2), "vence_el": date(2026, 11, 16),
    }  # fmt: skip
    return prestar_expediente(
        session=session,
        expediente=caso.expediente,
        usuario=caso.jefe,  # type: ignore[attr-defined]
        **{**datos, **cambios},  # type: ignore[arg-type]
    )


def test_prestar_y_devolver_deja_la_historia(session: Session) -> None:
    """GIVEN un expediente WHEN se presta y se devuelve THEN queda en su historia, sin activo."""
    caso = expediente_en_gestion(session)
    prestamo = _prestar(session, caso)
    assert prestamo_activo(session=session, expediente_id=caso.expediente.id) == prestamo
    devolver_expediente(
        session=session, prestamo=prestamo, devuelto_el=date(2026, 11, 10), nota="Completo"
    )  # type: ignore[arg-type]
    assert prestamo_activo(session=session, expediente_id=caso.expediente.id) is None
    historia = prestamos_de(session=session, expediente_id=caso.expediente.id)
    assert [(p.persona, p.devuelto_el) for p in historia] == [
        ("Lic. Ana Ñúñez & Asociados", date(2026, 11, 10))
    ]


def test_un_expediente_prestado_no_se_presta_otra_vez(session: Session) -> None:
    """El físico está fuera: el segundo préstamo se rechaza diciendo quién lo tiene."""
    caso = expediente_en_gestion(session)
    _prestar(session, caso)
    with pytest.raises(ErrorDominio) as exc:
        _prestar(session, caso, persona="Otra persona")
    assert "ya está prestado a Lic. Ana Ñúñez & Asociados" in exc.value.problemas[0]


@pytest.mark.parametrize(
    ("cambios", "problema"),
    [
        ({"persona": "  "}, "Indique a quién se presta."),
        ({"oficina": ""}, "Indique la oficina de quien lo recibe."),
        (
            {"vence_el": date(2026, 11, 1)},
            "La fecha de devolución no puede ser anterior a la del préstamo.",
        ),
        ({"persona": "a\x00b"}, "La persona contiene caracteres de control no permitidos"),
    ],
)
def test_un_prestamo_mal_llenado_se_rechaza(session: Session, cambios: dict, problema: str) -> None:
    """Cada dato que falta o no cuadra se dice."""
    caso = expediente_en_gestion(session)
    with pytest.raises(ErrorDominio) as exc:
        _prestar(session, caso, **cambios)
    assert problema in exc.value.problemas


def test_devolver_dos_veces_o_antes_del_prestamo_se_rechaza(session: Session) -> None:
    """Una devolución es una sola y no puede ser anterior a la salida."""
    caso = expediente_en_gestion(session)
    prestamo = _prestar(session, caso)
    with pytest.raises(ErrorDominio, match="anterior al préstamo"):
        devolver_expediente(session=session, prestamo=prestamo, devuelto_el=date(2026, 11, 1))  # type: ignore[arg-type]
    devolver_expediente(session=session, prestamo=prestamo, devuelto_el=date(2026, 11, 3))  # type: ignore[arg-type]
    with pytest.raises(ErrorDominio, match="ya se devolvió el 03/11/2026"):
        devolver_expediente(session=session, prestamo=prestamo, devuelto_el=date(2026, 11, 4))  # type: ignore[arg-type]


def test_los_vencidos_son_los_no_devueltos_con_fecha_pasada_el_mas_atrasado_primero(
    session: Session,
) -> None:
    """Vence hoy: todavía no; vencido ayer y hace una semana: sí, en ese orden inverso."""
    hoy = date(2026, 11, 30)
    casos = [expediente_en_gestion(session) for _ in range(4)]
    _prestar(session, casos[0], vence_el=hoy)
    ayer = _prestar(session, casos[1], vence_el=date(2026, 11, 29))
    semana = _prestar(session, casos[2], vence_el=date(2026, 11, 23))
    devuelto = _prestar(session, casos[3], vence_el=date(2026, 11, 20))
    devolver_expediente(session=session, prestamo=devuelto, devuelto_el=hoy)  # type: ignore[arg-type]
    lista = prestamos_vencidos(session=session, hoy=hoy)
    assert [(v.prestamo, v.dias) for v in lista] == [(semana, 7), (ayer, 1)]
    assert lista[0].expediente.numero == casos[2].expediente.numero
