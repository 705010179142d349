"""Los cierres institucionales: solo el administrador los registra o los quita, con motivo y en la
bitácora; desde ese momento cuentan en todos los plazos (cartas, cuotas, solicitudes)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from expedientes import (
    AccesoDenegado,
    ErrorDominio,
    dias_habiles_despues,
    es_habil,
    habil_desde,
    listar_cierres,
    quitar_cierre,
    registrar_cierre,
)
from tests.expedientes.datos import HacerUsuario, renglones_de

HOY = date(2026, 11, 16)
MOTIVO = "Decreto Ejecutivo N.º 45 & «duelo nacional» <sin atención>"


def test_el_administrador_cierra_un_dia_y_los_plazos_lo_saltan(
    session: Session, hacer_usuario: HacerUsuario
) -> None:
    """GIVEN el miércoles 18 de noviembre hábil WHEN el administrador lo cierra THEN ningún plazo
    vence ni cuenta ese día, y la bitácora guarda la fecha con el motivo."""
    admin = hacer_usuario("admin1", "admin")
    assert dias_habiles_despues(HOY, 2) == date(2026, 11, 18)
    cierre = registrar_cierre(
        session=session, usuario=admin, fecha=date(2026, 11, 18), motivo=f"  {MOTIVO} ", hoy=HOY
    )
    assert not es_habil(date(2026, 11, 18))
    assert dias_habiles_despues(HOY, 2) == date(2026, 11, 19)
    assert habil_desde(date(2026, 11, 18)) == date(2026, 11, 19)
    assert [(c.fecha, c.motivo) for c in listar_cierres(session=session, anio=2026)] == [
        (date(2026, 11, 18), MOTIVO)
    ]
    assert listar_cierres(session=session, anio=2027) == []
    (renglon,) = renglones_de(session, "cierre_institucional", cierre.id)
    assert (renglon.accion, renglon.motivo) == ("crear", MOTIVO)
    quitar_cierre(
        session=session, usuario=admin, fecha=date(2026, 11, 18), motivo="Se registró por error"
    )
    assert es_habil(date(2026, 11, 18))
    assert [r.accion for r in renglones_de(session, "cierre_institucional", cierre.id)] == [
        "crear", "eliminar",
    ]  # fmt: skip


def test_un_cierre_que_no_cabe_se_rechaza_con_todos_sus_problemas(
    session: Session, hacer_usuario: HacerUsuario
) -> None:
    """Sin motivo y en fin de semana, en feriado, repetido o lejos del año: cada problema dicho."""
    admin = hacer_usuario("admin1", "admin")
    with pytest.raises(ErrorDominio) as error:
        registrar_cierre(
            session=session, usuario=admin, fecha=date(2026, 11, 21), motivo=" ", hoy=HOY
        )
    assert error.value.problemas == [
        "Indique el motivo (p. ej. el decreto o la circular que lo declara).",
        "El 21 de noviembre de 2026 cae en fin de semana: ya es inhábil.",
    ]
    casos = {
        date(2026, 8, 5): "ya es inhábil",  # fiesta de San Salvador
        date(2029, 3, 1): "del año anterior, del actual o del siguiente",
        None: "Indique la fecha",
    }
    for fecha, problema in casos.items():
        with pytest.raises(ErrorDominio, match=problema):
            registrar_cierre(session=session, usuario=admin, fecha=fecha, motivo=MOTIVO, hoy=HOY)
    registrar_cierre(
        session=session, usuario=admin, fecha=date(2026, 11, 18), motivo=MOTIVO, hoy=HOY
    )
    with pytest.raises(ErrorDominio, match="ya es inhábil"):
        registrar_cierre(
            session=session, usuario=admin, fecha=date(2026, 11, 18), motivo=MOTIVO, hoy=HOY
        )
    with pytest.raises(ErrorDominio) as error:
        quitar_cierre(session=session, usuario=admin, fecha=date(2026, 11, 19), motivo="")
    assert len(error.value.problemas) == 2


@pytest.mark.parametrize("rol", ["jefe", "gestor", "secretaria", "archivo"])
def test_solo_el_administrador_lleva_los_cierres(
    session: Session, hacer_usuario: HacerUsuario, rol: str
) -> None:
    """La política lo decide en el servicio, no la página."""
    persona = hacer_usuario(f"{rol}1", rol)
    with pytest.raises(AccesoDenegado):
        registrar_cierre(
            session=session, usuario=persona, fecha=date(2026, 11, 18), motivo=MOTIVO, hoy=HOY
        )
    assert es_habil(date(2026, 11, 18))
