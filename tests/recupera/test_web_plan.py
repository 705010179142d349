"""El Plan Anual en la web: la tabla del año por sucursal y mes con su gráfico, fijar una meta e
importar las metas en CSV (todo o nada), con sucursales de nombre hostil."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlmodel import col, select

from expedientes import Auditoria, Rol, hoy
from seguimiento import MetaPlan, importar_pagos
from tests.expedientes.datos import csv_texto
from tests.recupera.conftest import (
    NUMERO_PEREZ,
    CrearUsuarios,
    cliente_de,
    csrf,
    escribir,
    registrar,
    texto,
)
from tests.recupera.seguimiento import csv_pagos, subir

SUCURSAL = 'Centro & "Norte" <Sur>'
SUCURSAL_ESCAPADA = "Centro &amp; &#34;Norte&#34; &lt;Sur&gt;"


@pytest.fixture
def jefe(app: Flask, engine: Engine, crear_usuarios: CrearUsuarios) -> FlaskClient:
    """Un patrono de una sucursal de nombre hostil con dos pagos este año, y la jefa dentro."""
    crear_usuarios(Rol.JEFE)
    registrar(engine, sucursal=SUCURSAL)
    anio = hoy().year
    with escribir(engine) as s:
        importar_pagos(
            session=s,
            contenido=csv_pagos(
                [
                    [NUMERO_PEREZ, f"{anio}-01-15", "600.25", "PAGO-1"],
                    [NUMERO_PEREZ, f"{anio}-01-31", "400.00", "PAGO-2"],
                ]
            ),
        )
    return cliente_de(app, Rol.JEFE)


def _meta(jefe: FlaskClient, **campos: str) -> str:
    datos = {"csrf_token": csrf(jefe, "/plan/"), "sucursal": SUCURSAL, "anio": str(hoy().year), **campos}  # fmt: skip
    respuesta = jefe.post("/plan/meta", data=datos, follow_redirects=True)
    assert respuesta.status_code == 200
    return texto(respuesta)


def _metas(engine: Engine) -> list[tuple[str, int, Decimal]]:
    with escribir(engine) as s:
        filas = s.exec(select(MetaPlan).order_by(col(MetaPlan.mes))).all()
        return [(m.sucursal, m.mes, m.meta) for m in filas]


def test_la_jefa_fija_una_meta_y_la_tabla_compara_con_lo_recuperado(
    jefe: FlaskClient, engine: Engine
) -> None:
    """Una meta mal escrita se explica; la buena se guarda con su motivo en la bitácora y la
    tabla muestra meta, recuperado (enlazado a sus pagos), diferencia y avance."""
    html = unescape(_meta(jefe, mes="1", meta="1,000.00"))
    assert "No se pudo fijar la meta del Plan Anual." in html
    assert "use punto decimal y sin separador de miles" in html
    html = unescape(_meta(jefe, mes="1", meta="900", sucursal="Marte"))
    assert "la sucursal «Marte» no es la de ningún patrono registrado" in html
    assert _metas(engine) == []
    html = _meta(jefe, mes="1", meta="800.00", motivo='Ajuste "del plan" & <acta>')
    assert "Meta del Plan Anual guardada." in html
    assert _metas(engine) == [(SUCURSAL, 1, Decimal("800.00"))]
    with escribir(engine) as s:
        motivos = s.exec(select(Auditoria.motivo).where(Auditoria.entidad == "meta_plan")).all()
    assert motivos == ['Ajuste "del plan" & <acta>']
    anio = hoy().year
    tabla = html[html.index('id="tabla-plan"') :]
    assert SUCURSAL_ESCAPADA in tabla and SUCURSAL not in tabla
    assert "$1,000.25" in tabla and "$800.00" in tabla and "125.0 %" in tabla
    enlace = re.search(r'<a href="(/pagos/\?[^"]*desde=\d{4}-01-01[^"]*)">\$1,000.25</a>', tabla)
    assert enlace, tabla[:2000]
    pagos = texto(jefe.get(unescape(enlace.group(1))))
    assert 'data-monto="1000.25"' in pagos and 'data-cantidad="2"' in pagos
    assert f"Plan Anual de Recuperación de Mora {anio}" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html


def test_importar_metas_es_todo_o_nada_y_lista_los_problemas_por_linea(
    jefe: FlaskClient, engine: Engine
) -> None:
    """Un archivo con una línea mala no importa nada (422 con la línea); el bueno, todo."""
    anio = hoy().year
    malo = csv_texto(
        [
            ["sucursal", "anio", "mes", "meta"],
            [SUCURSAL, str(anio), "1", "500.00"],
            ["Marte", str(anio), "13", "x"],
        ]
    ).encode("utf-8")
    token = csrf(jefe, "/plan/")
    respuesta = subir(jefe, f"/plan/importar?anio={anio}", token, ("archivo", malo, "metas.csv"))
    html = unescape(texto(respuesta))
    assert respuesta.status_code == 422
    assert "no se importó nada" in html and "línea 3:" in html and _metas(engine) == []
    bueno = csv_texto(
        [
            ["sucursal", "anio", "mes", "meta"],
            [SUCURSAL, str(anio), "1", "500.00"],
            [SUCURSAL, str(anio), "2", "650.50"],
        ]
    ).encode("utf-8")
    respuesta = subir(jefe, "/plan/importar", token, ("archivo", bueno, "metas.csv"), seguir=True)
    html = unescape(texto(respuesta))
    assert "Metas del Plan Anual importadas: 2 filas leídas" in html
    assert _metas(engine) == [(SUCURSAL, 1, Decimal("500.00")), (SUCURSAL, 2, Decimal("650.50"))]
