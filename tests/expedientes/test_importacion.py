"""Importación todo-o-nada de patronos y mora: codificaciones, errores por línea, idempotencia."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, col, select

from expedientes.errores import ErrorDominio
from expedientes.importacion import importar_mora, importar_patronos
from expedientes.modelos import DeudaPeriodo, Patrono
from expedientes.patronos import CAMPOS_PATRONO
from tests.conftest import un_solo_motor
from tests.expedientes.datos import (
    DUI_JOSE,
    DUI_MARIA,
    ESPIGA,
    NANDU,
    NIT_ESPIGA,
    NIT_NANDU,
    NIT_PEREZ,
    PEREZ,
    HacerPatrono,
    csv_texto,
    renglones_de,
    total_bitacora,
)

ENCABEZADO = list(CAMPOS_PATRONO)
PATRONOS = [
    ENCABEZADO,
    [
        "310145678",
        NIT_PEREZ,
        PEREZ,
        "Pérez & Cía",
        "Calle Arce #1234, Col. Escalón",
        "San Salvador",
        "San Salvador",
        "María José Pérez Núñez",
        DUI_MARIA,
        "cobros@perez.com.sv",
        "2222-3333",
        "Sucursal San Salvador",
    ],
    [
        "420-111-222",
        NIT_ESPIGA,
        ESPIGA,
        "La Espiga",
        "Av. Independencia; local 5",
        "Santa Ana",
        "Santa Ana",
        "José Martínez",
        DUI_JOSE,
        "",
        "2440-1122",
        "Sucursal Santa Ana",
    ],
    [
        "530999888",
        "0511 150385 001 8",
        NANDU,
        "Ñandú",
        "Km 5 carretera a Sonsonate",
        "Sonsonate",
        "Sonsonate",
        "Ana Ñol",
        "",
        "ventas@nandu.com.sv",
        "",
        "Sucursal Sonsonate",
    ],
]
ESPERADOS = {
    "310145678": {
        "nit": "06140101901023",
        "razon_social": PEREZ,
        "dui_representante": "000162975",
        "representante_legal": "María José Pérez Núñez",
        "sucursal": "Sucursal San Salvador",
    },
    "420111222": {
        "nit": "06140507071048",
        "razon_social": ESPIGA,
        "dui_representante": "045678903",
        "direccion": "Av. Independencia; local 5",
        "correo": "",
    },
    "530999888": {
        "nit": "05111503850018",
        "razon_social": NANDU,
        "dui_representante": None,
        "nombre_comercial": "Ñandú",
        "busqueda": "distribuidora nandu, s.a. de c.v. nandu",
    },
}


def _patronos(session: Session) -> dict[str, Patrono]:
    return {p.numero_patronal: p for p in session.exec(select(Patrono)).all()}


# --- patronos -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contenido", "codificacion"),
    [
        (csv_texto(PATRONOS).encode("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + csv_texto(PATRONOS).encode("utf-8"), "UTF-8 con BOM"),
        (csv_texto(PATRONOS).encode("cp1252"), "Windows-1252"),
        (csv_texto(PATRONOS, separador=";").encode("cp1252"), "Windows-1252"),
        (csv_texto(PATRONOS, separador=";").encode("utf-8"), "UTF-8"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "cp1252-punto-y-coma", "utf8-punto-y-coma"],
)
def test_patronos_en_cualquier_codificacion_y_separador_importan_lo_mismo(
    session: Session, contenido: bytes, codificacion: str
) -> None:
    """UTF-8, BOM, Windows-1252 y `;` dan exactamente los mismos patronos, con datos normalizados."""
    resultado = importar_patronos(session=session, contenido=contenido)
    assert (resultado.codificacion, resultado.filas, resultado.creados) == (codificacion, 3, 3)
    assert resultado.resumen() == (
        f"3 filas leídas ({codificacion}): 3 nuevas, 0 actualizadas, 0 sin cambios."
    )
    session.expire_all()
    guardados = _patronos(session)
    assert set(guardados) == set(ESPERADOS)
    for numero, campos in ESPERADOS.items():
        for campo, valor in campos.items():
            assert getattr(guardados[numero], campo) == valor, (numero, campo)
    assert len(renglones_de(session, "patrono")) == 3


def test_patronos_con_filas_malas_no_escriben_nada_y_listan_cada_problema_con_su_linea(
    session: Session,
) -> None:
    """3 filas malas y 2 buenas: nada se guarda y cada problema lleva su línea física."""
    texto = (
        ",".join(ENCABEZADO) + "\r\n"  # 1
        f'310145678,{NIT_PEREZ},"{PEREZ}",,"Calle Arce #1234,\r\n'  # 2
        'Col. Escalón",San Salvador,San Salvador,,,,,\r\n'  # 3
        f'420111222,0614-050707-104-0,"Panadería ""La Espiga"" {{{{ x }}}}",,,,,,,,,\r\n'  # 4
        f"530999888,{NIT_NANDU},,Ñandú,,,,,,,,\r\n"  # 5
        f'640123456,{NIT_ESPIGA},"Otra ""Razón"" <S.A.>",,"Final Calle\n'  # 6
        'Poniente",,,,,,,\r\n'  # 7
        f"750123456,{NIT_PEREZ},Distribuidora Ñandú,,,,,Ana Ñol,00016297-4,,,\r\n"  # 8
    )
    with pytest.raises(ErrorDominio) as exc:
        importar_patronos(session=session, contenido=texto.encode("utf-8"))
    assert exc.value.mensaje == "El archivo tiene 3 problema(s); no se importó nada."
    assert exc.value.problemas == [
        "línea 4: el NIT «0614-050707-104-0» tiene un dígito verificador incorrecto",
        "línea 5: falta razon_social",
        "línea 8: el DUI «00016297-4» tiene un dígito verificador incorrecto",
    ]
    assert session.exec(select(Patrono)).all() == []
    assert total_bitacora(session) == 0


def test_numero_patronal_repetido_en_el_archivo_se_informa(session: Session) -> None:
    """El mismo número patronal dos veces (en otro formato) se rechaza citando la primera línea."""
    filas = [*PATRONOS, ["310-145-678", NIT_NANDU, NANDU, *[""] * 9]]
    with pytest.raises(ErrorDominio) as exc:
        importar_patronos(session=session, contenido=csv_texto(filas).encode("utf-8"))
    assert exc.value.problemas == ["línea 5: el número patronal 310145678 ya aparece en la línea 2"]
    assert session.exec(select(Patrono)).all() == []


def test_reimportar_el_mismo_archivo_no_cambia_nada_ni_audita(session: Session) -> None:
    """La segunda importación da 0 nuevos, 0 actualizados, N sin cambios y ningún renglón nuevo."""
    contenido = csv_texto(PATRONOS).encode("utf-8")
    importar_patronos(session=session, contenido=contenido)
    session.commit()
    bitacora = total_bitacora(session)
    # Reimportado en otra codificación y separador: sigue siendo el mismo contenido.
    for otro in (contenido, csv_texto(PATRONOS, separador=";").encode("cp1252")):
        resultado = importar_patronos(session=session, contenido=otro)
        assert (resultado.creados, resultado.actualizados, resultado.sin_cambios) == (0, 0, 3)
    session.commit()
    assert total_bitacora(session) == bitacora


def test_un_campo_cambiado_actualiza_ese_patrono_y_audita_antes_y_despues(
    session: Session,
) -> None:
    """Cambiar la razón social de un patrono lo actualiza y deja un renglón con viejo y nuevo."""
    importar_patronos(session=session, contenido=csv_texto(PATRONOS).encode("utf-8"))
    session.commit()
    bitacora = total_bitacora(session)
    cambiadas = [list(f) for f in PATRONOS]
    cambiadas[2][2] = 'Panadería "La Espiga" & Hnos. <S.A.>'
    resultado = importar_patronos(session=session, contenido=csv_texto(cambiadas).encode("utf-8"))
    session.commit()
    assert (resultado.creados, resultado.actualizados, resultado.sin_cambios) == (0, 1, 2)
    assert total_bitacora(session) == bitacora + 1
    espiga = _patronos(session)["420111222"]
    assert espiga.razon_social == 'Panadería "La Espiga" & Hnos. <S.A.>'
    assert espiga.busqueda.startswith('panaderia "la espiga" & hnos. <s.a.>')
    renglon = renglones_de(session, "patrono", espiga.id)[-1]
    assert renglon.accion == "modificar"
    assert renglon.antes == {"razon_social": ESPIGA}
    assert renglon.despues == {"razon_social": 'Panadería "La Espiga" & Hnos. <S.A.>'}


def test_encabezado_de_patronos_con_columnas_faltantes_o_desconocidas_se_rechaza(
    session: Session,
) -> None:
    """El error nombra las columnas que faltan y las que sobran; nada se importa."""
    filas = [
        [("fax" if c == "telefono" else c) for c in ENCABEZADO[:-1]],
        *(f[:-1] for f in PATRONOS[1:]),
    ]
    with pytest.raises(ErrorDominio) as exc:
        importar_patronos(session=session, contenido=csv_texto(filas).encode("utf-8"))
    assert exc.value.problemas == [
        "faltan las columnas: telefono, sucursal",
        "columnas desconocidas: fax",
    ]
    assert session.exec(select(Patrono)).all() == []


# --- mora -----------------------------------------------------------------------------------

ENCABEZADO_MORA = "numero_patronal,periodo,cuota,multa,fecha_limite_pago\r\n"
MORA = (
    ENCABEZADO_MORA
    + "310145678,01/2025,1234.56,25.00,2025-02-10\r\n"
    + "310-145-678,2/2025,$1234.56,,2025-03-10\r\n"
    + "420111222,12/2024,100.10,0,2025-01-10\r\n"
)


@pytest.fixture
def patronos_registrados(hacer_patrono: HacerPatrono) -> dict[str, Patrono]:
    """Pérez & Cía y la Panadería La Espiga, ya registrados."""
    return {
        "perez": hacer_patrono(numero_patronal="310145678"),
        "espiga": hacer_patrono(numero_patronal="420111222", razon_social=ESPIGA, nit=NIT_ESPIGA),
    }


def _deudas(session: Session) -> list[tuple[str, date, Decimal, Decimal, date]]:
    filas = session.exec(
        select(Patrono.numero_patronal, DeudaPeriodo)
        .join(Patrono, col(Patrono.id) == DeudaPeriodo.patrono_id)
        .order_by(col(Patrono.numero_patronal), col(DeudaPeriodo.periodo))
    ).all()
    return [(n, d.periodo, d.cuota, d.multa, d.fecha_limite_pago) for n, d in filas]


def test_mora_se_importa_con_periodos_y_montos_exactos(
    session: Session, patronos_registrados: dict[str, Patrono]
) -> None:
    """Cada fila crea su período con cuota y multa exactas; multa vacía es 0.00."""
    resultado = importar_mora(session=session, contenido=MORA.encode("utf-8"))
    assert (resultado.filas, resultado.creados) == (3, 3)
    session.commit()
    session.expire_all()
    assert _deudas(session) == [
        ("310145678", date(2025, 1, 1), Decimal("1234.56"), Decimal("25.00"), date(2025, 2, 10)),
        ("310145678", date(2025, 2, 1), Decimal("1234.56"), Decimal("0.00"), date(2025, 3, 10)),
        ("420111222", date(2024, 12, 1), Decimal("100.10"), Decimal("0.00"), date(2025, 1, 10)),
    ]


def test_mora_con_errores_no_escribe_nada_y_da_cada_problema_con_su_linea(
    session: Session, patronos_registrados: dict[str, Patrono]
) -> None:
    """Patrono desconocido, período, coma, tres decimales, multa negativa y fecha mala, por línea."""
    texto = (
        ENCABEZADO_MORA  # 1
        + "310145678,01/2025,1234.56,25.00,2025-02-10\r\n"  # 2 (buena)
        + "999888777,01/2025,100.00,0,2025-02-10\r\n"  # 3
        + "310145678,13/2025,100.00,0,2025-02-10\r\n"  # 4
        + '310145678,03/2025,"1,234.56",0,2025-04-10\r\n'  # 5
        + "310145678,04/2025,100.125,0,2025-05-10\r\n"  # 6
        + "420111222,01/2025,100.00,-5.00,2025-02-10\r\n"  # 7
        + "420111222,02/2025,100.00,0,10/03/2025\r\n"  # 8
    )
    with pytest.raises(ErrorDominio) as exc:
        importar_mora(session=session, contenido=texto.encode("utf-8"))
    assert exc.value.mensaje == "El archivo tiene 6 problema(s); no se importó nada."
    assert exc.value.problemas == [
        "línea 3: el número patronal 999888777 no está registrado (importe antes los patronos)",
        "línea 4: el período «13/2025» tiene un mes inexistente",
        "línea 5: la cuota «1,234.56»: use punto decimal y sin separador de miles",
        "línea 6: la cuota «100.125» tiene más de dos decimales",
        "línea 7: la multa «-5.00» no puede ser menor que 0",
        "línea 8: la fecha límite «10/03/2025» debe escribirse AAAA-MM-DD",
    ]
    assert session.exec(select(DeudaPeriodo)).all() == []
    assert renglones_de(session, "deuda_periodo") == []


def test_mora_junta_varios_problemas_de_una_misma_fila(
    session: Session, patronos_registrados: dict[str, Patrono]
) -> None:
    """Una fila con varios campos malos informa cada uno, todos con la misma línea."""
    texto = ENCABEZADO_MORA + "12345,2025-01,0.00,abc,2025-02-30\r\n"
    with pytest.raises(ErrorDominio) as exc:
        importar_mora(session=session, contenido=texto.encode("utf-8"))
    assert exc.value.problemas == [
        "línea 2: el número patronal «12345» debe tener entre 6 y 12 dígitos",
        "línea 2: el período «2025-01» debe escribirse MM/AAAA",
        "línea 2: la cuota «0.00» no puede ser menor que 0.01",
        "línea 2: la multa «abc» no es un monto",
        "línea 2: la fecha límite «2025-02-30» debe escribirse AAAA-MM-DD",
    ]


def test_mora_con_periodo_repetido_del_mismo_patrono_se_informa(
    session: Session, patronos_registrados: dict[str, Patrono]
) -> None:
    """El mismo (patrono, período) dos veces, aunque escrito distinto, se rechaza citando la línea."""
    texto = MORA + "310145678,1/2025,999.99,0,2025-02-10\r\n"
    with pytest.raises(ErrorDominio) as exc:
        importar_mora(session=session, contenido=texto.encode("utf-8"))
    assert exc.value.problemas == [
        "línea 5: el período 1/2025 del patrono 310145678 ya aparece en la línea 2"
    ]
    assert session.exec(select(DeudaPeriodo)).all() == []


def test_reimportar_la_misma_mora_no_cambia_nada_ni_audita(
    session: Session, patronos_registrados: dict[str, Patrono]
) -> None:
    """Importar dos veces la misma mora da 0 nuevas, 0 actualizadas, N sin cambios y nada en la bitácora."""
    importar_mora(session=session, contenido=MORA.encode("utf-8"))
    session.commit()
    bitacora = total_bitacora(session)
    resultado = importar_mora(session=session, contenido=MORA.replace(",", ";").encode("cp1252"))
    session.commit()
    assert (resultado.creados, resultado.actualizados, resultado.sin_cambios) == (0, 0, 3)
    assert total_bitacora(session) == bitacora


def test_una_cuota_cambiada_actualiza_ese_periodo_y_audita(
    session: Session, patronos_registrados: dict[str, Patrono]
) -> None:
    """Si el sistema central corrige una cuota, se actualiza ese período y la bitácora lo muestra."""
    importar_mora(session=session, contenido=MORA.encode("utf-8"))
    session.commit()
    bitacora = total_bitacora(session)
    corregida = MORA.replace("420111222,12/2024,100.10,", "420111222,12/2024,150.75,")
    resultado = importar_mora(session=session, contenido=corregida.encode("utf-8"))
    session.commit()
    assert (resultado.creados, resultado.actualizados, resultado.sin_cambios) == (0, 1, 2)
    assert total_bitacora(session) == bitacora + 1
    session.expire_all()
    deuda = session.exec(
        select(DeudaPeriodo).where(DeudaPeriodo.patrono_id == patronos_registrados["espiga"].id)
    ).one()
    assert deuda.cuota == Decimal("150.75")
    renglon = renglones_de(session, "deuda_periodo", deuda.id)[-1]
    assert (renglon.antes, renglon.despues) == ({"cuota": "100.10"}, {"cuota": "150.75"})


@un_solo_motor
def test_encabezado_de_mora_sin_columnas_se_rechaza_nombrandolas(
    session: Session, patronos_registrados: dict[str, Patrono]
) -> None:
    """Un archivo de mora sin multa ni fecha límite se rechaza diciendo cuáles faltan."""
    texto = "numero_patronal,periodo,cuota,recargo\r\n310145678,01/2025,100.00,1.00\r\n"
    with pytest.raises(ErrorDominio) as exc:
        importar_mora(session=session, contenido=texto.encode("utf-8"))
    assert exc.value.problemas == [
        "faltan las columnas: multa, fecha_limite_pago",
        "columnas desconocidas: recargo",
    ]
