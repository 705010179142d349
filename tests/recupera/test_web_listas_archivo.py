"""La búsqueda del archivo es una lista completa: pagina lo encontrado (en el orden de relevancia)
con su total exacto, se ordena por fecha de apertura, número de expediente o patrono en ambos
sentidos, conserva búsqueda, filtros y orden en los enlaces de página y vuelve a ellos desde «Mis
filtros»; con más de mil expedientes que coinciden, cuenta todos y llega a la última página."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from flask import Flask
from markupsafe import escape
from sqlalchemy import Engine

from expedientes import Rol, abrir_expediente
from tests.archivo.muchos import CUANTOS, PALABRA, en_orden, por_relevancia, sembrar_muchos
from tests.recupera.conftest import (
    NUMERO_PEREZ,
    CrearUsuarios,
    cliente_de,
    escribir,
    registrar,
    texto,
)
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
    assert 'id="conteo" data-cantidad="110">110 expedientes para «perez»' in html and RAZON in html
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
    for orden, nombre in (
        ("numero", "por número de expediente, del menor al mayor"),
        ("-numero", "por número de expediente, del mayor al menor"),
        ("patrono", "por patrono, de la A a la Z"),
        ("-patrono", "por patrono, de la Z a la A"),
    ):
        assert f'href="/archivo/?q=perez&orden={orden}">{nombre}</a>' in html, orden
        vistas, html_orden = filas(cliente, f"/archivo/?q=perez&orden={orden}", PATRON)
        esperadas = sorted((d["id"] for d in datos), reverse=orden.startswith("-"))
        assert vistas == esperadas[:50], orden  # un solo patrono: por número en ambos casos
        assert f'<strong aria-current="true">{nombre}</strong>' in html_orden
    convenios = [d for d in datos if d["tipo"] == "convenio"]
    vistas, html = filas(cliente, "/archivo/?q=perez&tipo=convenio&orden=abierto", PATRON)
    assert vistas == ordenadas(convenios, lambda d: d["abierto"], desc=False)[:50]
    assert 'id="conteo" data-cantidad="55"' in html
    assert 'href="/archivo/?q=perez&tipo=convenio&orden=abierto&pagina=2"' in html
    html = abrir_filtro_guardado(cliente, "/archivo/", "q=perez&tipo=cobro&orden=-abierto")
    cobros = [d for d in datos if d["tipo"] == "cobro"]
    assert 'id="conteo" data-cantidad="55"' in html and str(escape(RAZON)) in html
    assert PATRON.findall(html) == ordenadas(cobros, lambda d: d["abierto"], desc=True)[:50]


def test_la_busqueda_cuenta_mas_de_mil_expedientes_y_llega_a_la_ultima_pagina(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """1.130 expedientes que coinciden (más de los mil que antes examinaba el motor): el total es
    exacto, sin «Al menos»; la última página, por su enlace o por «ultima», trae los últimos 30 de
    la relevancia; ordenada por patrono, la del medio trae su tramo; los nombres hostiles salen
    escapados."""
    crear_usuarios(Rol.ARCHIVO)
    cliente = cliente_de(app, Rol.ARCHIVO)
    with escribir(engine) as s:
        sembrados = sembrar_muchos(s)
    relevancia = por_relevancia(sembrados, lambda s: True)
    numeros = re.compile(r'class="mono numero-resultado" href="/archivo/(EXP-\d{4}-\d{5})"')
    primera, html = filas(cliente, f"/archivo/?q={PALABRA}", numeros)
    assert primera == relevancia[:50]
    assert f'data-cantidad="{CUANTOS}">{CUANTOS} expedientes' in html and "Al menos" not in html
    assert "Expedientes 1 a 50 de 1130 · página 1 de 23" in html
    assert f'href="/archivo/?q={PALABRA}&pagina=23" rel="last"' in html
    for url in (f"/archivo/?q={PALABRA}&pagina=23", f"/archivo/?q={PALABRA}&pagina=ultima"):
        ultima, html = filas(cliente, url, numeros)
        assert ultima == relevancia[1100:] and len(ultima) == 30, url
        assert "Expedientes 1101 a 1130 de 1130 · página 23 de 23" in html
    medio, _ = filas(cliente, f"/archivo/?q={PALABRA}&orden=patrono&pagina=12", numeros)
    assert medio == en_orden(sembrados, "patrono")[550:600]
    respuesta = texto(cliente.get(f"/archivo/?q={PALABRA}&orden=patrono&pagina=12"))
    razones = {s.razon_social for s in sembrados if s.numero in medio}
    assert any("<" in r for r in razones) or any("{{" in r for r in razones)
    for razon in razones:
        assert str(escape(razon)) in respuesta, razon
        assert "<" not in razon or razon not in respuesta, razon
