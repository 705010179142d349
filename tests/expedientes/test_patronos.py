"""Patronos: búsqueda tolerante y validación de sus datos."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from expedientes.errores import ErrorDominio
from expedientes.patronos import buscar_patronos, registrar_patrono, validar_datos_patrono
from tests.expedientes.datos import NANDU, NIT_NANDU, NIT_PEREZ, PEREZ, HacerPatrono


@pytest.mark.parametrize(
    "texto",
    [
        "310145678",
        "3101",
        NIT_PEREZ,
        NIT_PEREZ.replace("-", ""),
        NIT_PEREZ.replace("-", " "),
        "perez & cia",
        "PÉREZ",
        "cía",
    ],
)
def test_buscar_encuentra_por_numero_nit_en_cualquier_formato_o_razon_sin_tildes(
    session: Session, hacer_patrono: HacerPatrono, texto: str
) -> None:
    """Número patronal (o su inicio), NIT con o sin guiones o espacios, razón social sin tildes."""
    hacer_patrono()
    hacer_patrono(numero_patronal="420987654", razon_social=NANDU, nit=NIT_NANDU)
    assert [p.razon_social for p in buscar_patronos(session=session, texto=texto)] == [PEREZ]


def test_buscar_con_solo_signos_que_se_borran_no_devuelve_a_todos(
    session: Session, hacer_patrono: HacerPatrono
) -> None:
    """Un acento suelto se normaliza a nada: la búsqueda no se vuelve «todos los patronos»."""
    hacer_patrono()
    assert buscar_patronos(session=session, texto="\u0301") == []


def test_un_campo_con_caracteres_de_control_o_muy_largo_se_reporta_con_su_nombre() -> None:
    """NUL en la dirección y una razón social de 251 caracteres se listan, nombrando el campo."""
    _, problemas = validar_datos_patrono(
        {
            "numero_patronal": "310145678",
            "nit": NIT_PEREZ,
            "razon_social": "Ñ" * 251,
            "direccion": "Calle Arce\x00 #12",
        }
    )
    assert problemas == [
        "razon_social excede 250 caracteres (tiene 251)",
        "direccion contiene caracteres de control no permitidos",
    ]


def test_registrar_un_numero_patronal_repetido_se_rechaza(
    session: Session, hacer_patrono: HacerPatrono
) -> None:
    """Dos patronos no comparten número patronal; el mensaje dice cuál."""
    hacer_patrono()
    with pytest.raises(ErrorDominio) as exc:
        registrar_patrono(
            session=session,
            campos={"numero_patronal": "310-145-678", "nit": NIT_NANDU, "razon_social": NANDU},
        )
    assert exc.value.problemas == ["ya existe un patrono con número patronal 310145678"]
