"""El Plan Anual de Recuperación de Mora: metas fijadas e importadas (todo o nada, idempotente) y
lo recuperado por sucursal y mes contra ellas, con totales exactos."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, col, select

from expedientes import ErrorDominio, Patrono
from seguimiento import plan
from seguimiento.modelos import MetaPlan, Pago
from tests.conftest import un_solo_motor
from tests.expedientes.datos import csv_texto, renglones_de

SAN_SALVADOR, SANTA_ANA, SAN_MIGUEL = "San Salvador", "Santa Ana", "San Miguel"
USULUTAN = "Usulután"
D = Decimal


def hacer_patrono(session: Session, numero: str, razon: str, sucursal: str) -> Patrono:
    """Un patrono insertado directamente (el registro con validaciones se prueba aparte)."""
    patrono = Patrono(
        numero_patronal=numero, nit=f"0614{numero:0>10}", razon_social=razon, sucursal=sucursal
    )
    session.add(patrono)
    session.flush()
    return patrono


def hacer_pago(session: Session, patrono: Patrono, fecha: date, monto: str, sucursal: str) -> Pago:
    """Un pago como lo dejaría la importación de pagos (que construye otra parte del sistema)."""
    pago = Pago(
        patrono_id=patrono.id,  # type: ignore[arg-type]
        fecha=fecha,
        monto=D(monto),
        referencia=f"REF-{sucursal or 'x'}-{fecha.isoformat()}-{monto}",
        sucursal=sucursal,
    )
    session.add(pago)
    session.flush()
    return pago


def patronos_de_sucursales(session: Session) -> dict[str, Patrono]:
    """Un patrono en cada sucursal (con nombres difíciles) y uno sin sucursal."""
    return {
        SAN_SALVADOR: hacer_patrono(
            session, "310145678", "Pérez & Cía <S.A. de C.V.>", SAN_SALVADOR
        ),
        SANTA_ANA: hacer_patrono(session, "320099001", "Distribuidora Ñandú, S.A.", SANTA_ANA),
        SAN_MIGUEL: hacer_patrono(
            session, "330011223", 'Panadería "La Espiga" {{ x }}', SAN_MIGUEL
        ),
        USULUTAN: hacer_patrono(session, "350000002", "Cafetalera Ñamú", USULUTAN),
        "": hacer_patrono(session, "340000001", "Comercial Sin Sucursal", ""),
    }


def sembrar_plan(session: Session) -> dict[str, Patrono]:
    """Metas de 2026 y pagos alrededor de los bordes de mes y de año."""
    p = patronos_de_sucursales(session)
    for sucursal, mes, meta in [
        (SAN_SALVADOR, 1, "1000.00"),
        (SAN_SALVADOR, 2, "1000.00"),
        (SAN_SALVADOR, 3, "1500.00"),
        (SANTA_ANA, 1, "800.00"),
    ]:
        plan.fijar_meta(session=session, anio=2026, mes=mes, sucursal=sucursal, meta=meta)
    for sucursal, fecha, monto in [
        (SAN_SALVADOR, date(2026, 1, 10), "600.25"),
        (SAN_SALVADOR, date(2026, 1, 31), "400.00"),
        (SAN_SALVADOR, date(2026, 2, 1), "333.33"),
        (SANTA_ANA, date(2026, 1, 15), "1000.00"),
        (SANTA_ANA, date(2025, 12, 31), "999.99"),  # otro año
        (SANTA_ANA, date(2027, 1, 1), "50.00"),  # otro año
        ("", date(2026, 3, 5), "10.01"),
        (SAN_MIGUEL, date(2026, 12, 31), "5.00"),
    ]:
        hacer_pago(session, p[sucursal], fecha, monto, sucursal)
    return p


# --- fijar ---------------------------------------------------------------------------------------


def test_fijar_meta_crea_y_luego_cambia_la_meta_y_la_bitacora_guarda_antes_y_despues(
    session: Session,
) -> None:
    """GIVEN una sucursal con patronos WHEN se fija su meta de marzo y luego se corrige
    THEN queda una sola meta con el monto nuevo y la bitácora tiene la creación y el cambio."""
    patronos_de_sucursales(session)
    meta = plan.fijar_meta(session=session, anio=2026, mes=3, sucursal=" Santa Ana ", meta="1500")
    session.flush()
    plan.fijar_meta(
        session=session, anio=2026, mes=3, sucursal=SANTA_ANA, meta=D("1750.50"), motivo="Ajuste"
    )
    metas = session.exec(select(MetaPlan)).all()
    assert [(m.sucursal, m.mes, m.meta) for m in metas] == [(SANTA_ANA, 3, D("1750.50"))]
    renglones = renglones_de(session, "meta_plan", meta.id)
    assert [r.accion for r in renglones] == ["crear", "modificar"]
    assert renglones[1].antes == {"meta": "1500.00"}
    assert renglones[1].despues == {"meta": "1750.50"}
    assert renglones[1].motivo == "Ajuste"


def test_fijar_la_misma_meta_otra_vez_no_escribe_en_la_bitacora(session: Session) -> None:
    """Fijar el mismo monto no es un cambio."""
    patronos_de_sucursales(session)
    meta = plan.fijar_meta(session=session, anio=2026, mes=1, sucursal=SAN_SALVADOR, meta="10")
    plan.fijar_meta(session=session, anio=2026, mes=1, sucursal=SAN_SALVADOR, meta="10.00")
    session.flush()
    assert [r.accion for r in renglones_de(session, "meta_plan", meta.id)] == ["crear"]


def test_fijar_meta_rechaza_sucursal_desconocida_mes_y_monto_y_dice_que_corregir(
    session: Session,
) -> None:
    """Una sucursal mal escrita nunca sumaría pagos: se rechaza, con las sucursales válidas."""
    patronos_de_sucursales(session)
    with pytest.raises(ErrorDominio) as exc:
        plan.fijar_meta(session=session, anio=2026, mes=13, sucursal="Sta. Ana", meta="1,000")
    problemas = exc.value.problemas
    assert any("«Sta. Ana» no es la de ningún patrono" in p and SANTA_ANA in p for p in problemas)
    assert "el mes 13 no está entre 1 y 12" in problemas
    assert any("use punto decimal" in p for p in problemas)
    assert session.exec(select(MetaPlan)).all() == []


# --- importar ------------------------------------------------------------------------------------


def _csv_metas(filas: list[list[str]], separador: str = ",") -> str:
    return csv_texto([["sucursal", "anio", "mes", "meta"], *filas], separador)


def test_importar_metas_en_windows_1252_con_punto_y_coma_y_reimportar_no_cambia_nada(
    session: Session,
) -> None:
    """GIVEN el CSV que guarda Excel en español (cp1252, «;») WHEN se importa dos veces
    THEN la primera crea las metas y la segunda no cambia nada; un monto cambiado actualiza."""
    patronos_de_sucursales(session)
    filas = [[SAN_SALVADOR, "2026", "1", "1000.00"], [USULUTAN, "2026", "02", "$800.5"]]
    contenido = _csv_metas(filas, ";").encode("cp1252")
    primera = plan.importar_metas(session=session, contenido=contenido)
    assert (primera.codificacion, primera.creados, primera.filas) == ("Windows-1252", 2, 2)
    segunda = plan.importar_metas(session=session, contenido=contenido)
    assert (segunda.creados, segunda.actualizados, segunda.sin_cambios) == (0, 0, 2)
    filas[1][3] = "850.00"
    tercera = plan.importar_metas(
        session=session, contenido=b"\xef\xbb\xbf" + _csv_metas(filas).encode()
    )
    assert (tercera.codificacion, tercera.actualizados, tercera.sin_cambios) == (
        "UTF-8 con BOM",
        1,
        1,
    )
    metas = session.exec(select(MetaPlan).order_by(col(MetaPlan.mes))).all()
    assert [(m.sucursal, m.mes, m.meta) for m in metas] == [
        (SAN_SALVADOR, 1, D("1000.00")),
        (USULUTAN, 2, D("850.00")),
    ]
    assert (
        tercera.resumen()
    ) == "2 filas leídas (UTF-8 con BOM): 0 nuevas, 1 actualizadas, 1 sin cambios."


def test_importar_metas_con_problemas_no_importa_nada_y_los_lista_por_linea(
    session: Session,
) -> None:
    """Todo o nada: una sola fila mala impide importar las buenas; cada problema con su línea."""
    patronos_de_sucursales(session)
    contenido = _csv_metas(
        [
            [SAN_SALVADOR, "2026", "1", "1000.00"],
            [SAN_SALVADOR, "2026", "13", "10"],
            ["Sonsonate", "2026", "1", "10"],
            [SANTA_ANA, "dos mil", "1", "10"],
            [SANTA_ANA, "2026", "1", "-5"],
            [SANTA_ANA, "2026", "2", "1.005"],
            [SAN_SALVADOR, "2026", "01", "900"],
        ]
    ).encode()
    with pytest.raises(ErrorDominio) as exc:
        plan.importar_metas(session=session, contenido=contenido)
    assert exc.value.mensaje == "El archivo tiene 6 problema(s); no se importó nada."
    problemas = exc.value.problemas
    assert problemas[0] == "línea 3: el mes 13 no está entre 1 y 12"
    assert problemas[1].startswith("línea 4: la sucursal «Sonsonate» no es la de ningún patrono")
    assert problemas[2] == "línea 5: el año «dos mil» no es un número entero"
    assert problemas[3] == "línea 6: la meta «-5» no puede ser menor que 0"
    assert problemas[4] == "línea 7: la meta «1.005» tiene más de dos decimales"
    assert problemas[5] == "línea 8: la meta de San Salvador para 01/2026 ya aparece en la línea 2"
    assert session.exec(select(MetaPlan)).all() == []


@un_solo_motor
def test_importar_metas_exige_las_columnas_del_plan(session: Session) -> None:
    """Un encabezado distinto se rechaza antes de leer filas."""
    with pytest.raises(ErrorDominio) as exc:
        plan.importar_metas(session=session, contenido=b"sucursal,anio,meta\nX,2026,1\n")
    assert "faltan las columnas: mes" in exc.value.problemas


# --- avance --------------------------------------------------------------------------------------


def test_avance_suma_los_pagos_por_sucursal_y_mes_del_pago_sin_otros_anios(
    session: Session,
) -> None:
    """GIVEN metas y pagos en bordes de mes y de año WHEN se pide el avance de 2026
    THEN cada sucursal tiene doce meses, lo recuperado es la suma exacta de sus pagos del mes,
    y los pagos de 2025 y 2027 no cuentan."""
    sembrar_plan(session)
    filas = plan.avance_del_plan(session=session, anio=2026)
    assert [f.sucursal for f in filas[::12]] == [SAN_MIGUEL, SAN_SALVADOR, SANTA_ANA, ""]
    assert len(filas) == 48
    por_clave = {(f.sucursal, f.mes): f for f in filas}
    enero = por_clave[(SAN_SALVADOR, 1)]
    assert (enero.meta, enero.recuperado, enero.diferencia, enero.porcentaje) == (
        D("1000.00"),
        D("1000.25"),
        D("0.25"),
        D("100.0"),
    )
    febrero = por_clave[(SAN_SALVADOR, 2)]
    assert (febrero.recuperado, febrero.diferencia, febrero.porcentaje) == (
        D("333.33"),
        D("-666.67"),
        D("33.3"),
    )
    assert por_clave[(SAN_SALVADOR, 3)].porcentaje == D("0.0")
    assert por_clave[(SANTA_ANA, 1)].recuperado == D("1000.00")
    assert por_clave[(SANTA_ANA, 12)].recuperado == D("0.00")
    assert por_clave[(SAN_MIGUEL, 12)].porcentaje is None  # pagos sin meta
    assert por_clave[("", 3)].recuperado == D("10.01")
    assert all(isinstance(f.recuperado, Decimal) for f in filas)


def test_el_total_del_plan_es_la_suma_exacta_de_las_filas_y_cuadra_por_mes_y_por_sucursal(
    session: Session,
) -> None:
    """Totales en Decimal: ni un centavo de diferencia entre filas, meses, sucursales y total."""
    sembrar_plan(session)
    filas = plan.avance_del_plan(session=session, anio=2026)
    total = plan.total_del_plan(filas)
    assert (total.meta, total.recuperado, total.diferencia, total.porcentaje) == (
        D("4300.00"),
        D("2348.59"),
        D("-1951.41"),
        D("54.6"),
    )
    assert total.recuperado == sum((f.recuperado for f in filas), D(0))
    meses = plan.plan_mes_a_mes(filas)
    sucursales = plan.por_sucursal(filas)
    assert [m.mes for m in meses] == list(range(1, 13))
    assert meses[0].recuperado == D("2000.25")
    for partes in (meses, sucursales):
        assert plan.total_del_plan(partes) == total
    assert [(s.sucursal, s.meta) for s in sucursales][:2] == [
        (SAN_MIGUEL, D("0.00")),
        (SAN_SALVADOR, D("3500.00")),
    ]


def test_centavos_de_muchos_pagos_no_se_pierden(session: Session) -> None:
    """Cien pagos de un centavo suman exactamente un dólar (en SQLite se guardan centavos)."""
    p = patronos_de_sucursales(session)
    for i in range(100):
        session.add(
            Pago(
                patrono_id=p[SANTA_ANA].id,  # type: ignore[arg-type]
                fecha=date(2026, 6, 1 + i % 28),
                monto=D("0.01"),
                referencia=f"C-{i}",
                sucursal=SANTA_ANA,
            )
        )
    session.flush()
    junio = [f for f in plan.avance_del_plan(session=session, anio=2026) if f.mes == 6]
    assert [f.recuperado for f in junio] == [D("1.00")]


def test_un_anio_sin_metas_ni_pagos_no_tiene_filas_y_su_total_es_cero(session: Session) -> None:
    """Sin datos, el avance está vacío y el total es cero sin porcentaje."""
    assert plan.avance_del_plan(session=session, anio=2030) == []
    assert plan.total_del_plan([]) == plan.FilaPlan(None, None, D("0.00"), D("0.00"))
    assert plan.total_del_plan([]).porcentaje is None
