"""La búsqueda del archivo ya no se corta en 50: pagina lo encontrado (en el orden de relevancia)
con su total, se ordena por fecha de apertura en ambos sentidos, conserva búsqueda, filtros y
orden en los enlaces de página, vuelve a ellos desde «Mis filtros», y dice cuándo un tope del
motor cortó lo examinado."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from markupsafe import escape
from sqlalchemy import Engine

import archivo.busqueda
from expedientes import Rol, abrir_expediente
from tests.recupera.conftest import NUMERO_PEREZ, CrearUsuarios, cliente_de, escribir, registrar
from tests.recupera.listas import abrir_filtro_guardado, filas, ordenadas

N = 110  # tres páginas: 50, 50 y 10
RAZON = 'Pérez & Cía <S.A.> "{{ x }}"'
PATRON = re.compile(r'class="mono numero-resultado" href="/archivo/(EXP-2025-\d{5})"')


def _expedientes(engine: Engine) -> list[dict[str, Any]]:
    """N expedientes del mismo patrono, abiertos cada uno otro día (no en el orden de su número),
    la mitad de cobro y la mitad de convenio."""
    registrar(engine, razon_social=RAZON)
    datos = []
    with escribir(engine) as s:
        for i in range(N):
            dia, tipo = (
                date(2025, 1, 1) + timedelta(days=(i * 53) % N),
                "cobro" if i % 2 else "convenio",
            )
            e = abrir_expediente(session=s, numero_patronal=NUMERO_PEREZ, tipo=tipo, hoy=dia)
            datos.append({"i": i, "id": e.numero, "abierto": dia, "tipo": tipo})
    return datos


def test_la_busqueda_del_archivo_pagina_con_su_total_y_ordena_por_apertura(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """110 expedientes que coinciden por su patrono: los más nuevos primero (relevancia) en tres
    páginas con el total; por apertura en ambos sentidos; el tipo y el orden viajan en los
    enlaces de página; «Mis filtros» devuelve la búsqueda filtrada y ordenada."""
    crear_usuarios(Rol.ARCHIVO)
    cliente = cliente_de(app, Rol.ARCHIVO)
    datos = _expedientes(engine)
    relevancia = ordenadas(datos, lambda d: 0, desc=True)
    primera, html = filas(cliente, "/archivo/?q=perez", PATRON)
    assert primera == relevancia[:50]
    assert 'id="conteo" data-cantidad="110" data-completa="si"' in html and RAZON in html
    assert filas(cliente, "/archivo/?q=perez&pagina=2", PATRON)[0] == relevancia[50:100]
    ultima, html = filas(cliente, "/archivo/?q=perez&pagina=ultima", PATRON)
    assert ultima == relevancia[100:] and "Expedientes 101 a 110 de 110 · página 3 de 3" in html
    assert "Al menos" not in html and "+ expedientes" not in html
    for orden, desc in (("-abierto", True), ("abierto", False)):
        vistas, html = filas(cliente, f"/archivo/?q=perez&orden={orden}", PATRON)
        assert vistas == ordenadas(datos, lambda d: d["abierto"], desc=desc)[:50], orden
        assert 'href="/archivo/?q=perez">por relevancia</a>' in html
        assert (
            f'<strong aria-current="true">abiertos más {"recientes" if desc else "antiguos"}'
            in html
        )
    convenios = [d for d in datos if d["tipo"] == "convenio"]
    vistas, html = filas(cliente, "/archivo/?q=perez&tipo=convenio&orden=abierto", PATRON)
    assert vistas == ordenadas(convenios, lambda d: d["abierto"], desc=False)[:50]
    assert 'id="conteo" data-cantidad="55"' in html
    assert 'href="/archivo/?q=perez&tipo=convenio&orden=abierto&pagina=2"' in html
    html = abrir_filtro_guardado(cliente, "/archivo/", "q=perez&tipo=cobro&orden=-abierto")
    cobros = [d for d in datos if d["tipo"] == "cobro"]
    assert 'id="conteo" data-cantidad="55"' in html and str(escape(RAZON)) in html
    assert PATRON.findall(html) == ordenadas(cobros, lambda d: d["abierto"], desc=True)[:50]


def test_la_busqueda_dice_cuando_un_tope_corto_lo_examinado(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Con el tope de filas del motor en 30, «perez» examina solo las 30 más recientes: la página
    dice «Al menos 30 expedientes» y cómo acotar la búsqueda, en vez de un total falso."""
    crear_usuarios(Rol.ARCHIVO)
    cliente = cliente_de(app, Rol.ARCHIVO)
    datos = _expedientes(engine)
    monkeypatch.setattr(archivo.busqueda, "TOPE_FILAS", 30)
    vistas, html = filas(cliente, "/archivo/?q=perez", PATRON)
    assert 'id="conteo" data-cantidad="30" data-completa="no"' in html
    assert "Al menos 30 expedientes" in html and "agregue palabras" in html
    assert vistas == ordenadas(datos, lambda d: 0, desc=True)[:30]
