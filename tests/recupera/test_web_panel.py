"""El panel del jefe en la web sobre una cartera realista y hostil: cada gráfico y cada tabla, cada
cifra enlazada a una lista que muestra exactamente esa cifra, las exportaciones con sus totales, el
período elegido y el inicio del jefe con sus cifras principales."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import Engine

from expedientes import crear_usuario, hoy
from panel import REPORTES, Columna, Destino, Valor, generar_reporte, reportes
from recupera.web.seguimiento.panel_datos import url_de
from seguimiento import avance_del_plan, plan_mes_a_mes, rango_del_mes, total_del_plan
from tests.panel.test_reportes import DESDE, FORMULA, HASTA, HOSTIL, sembrar_cartera
from tests.recupera.conftest import CONTRASENA, entrar, escribir, texto

PERIODO = {"desde": DESDE.isoformat(), "hasta": HASTA.isoformat(), "anio": "2026"}
LISTAS = (
    "/correspondencia/?", "/correspondencia/enviada?", "/expedientes/?", "/convenios/?", "/pagos/?",
    "/documentos/?",
)  # fmt: skip
_HREF = re.compile(r'href="([^"]+)"')


@pytest.fixture
def jefe(app: Flask, engine: Engine) -> FlaskClient:
    """La cartera sembrada y una jefa con sesión iniciada (la del sembrado no tiene contraseña)."""
    with escribir(engine) as s:
        sembrar_cartera(s)
        crear_usuario(
            session=s, nombre_usuario="jefa.panel", nombre_completo="Lucía Beatriz Panameño",
            rol="jefe", contrasena=CONTRASENA, sucursal="San Salvador",
        )  # fmt: skip
    cliente = app.test_client()
    assert entrar(cliente, "jefa.panel").status_code == 302
    return cliente


Figura = tuple[str, Columna, Valor]


def _figuras(app: Flask, engine: Engine) -> dict[str, list[Figura]]:
    """Cada URL de lista que el panel debe enlazar, con las cifras que lleva a ella: las de cada
    celda y total de cada reporte, y las de las barras de lo recuperado mes a mes."""
    figuras: dict[str, list[Figura]] = defaultdict(list)
    dia = hoy()
    with escribir(engine) as s, app.test_request_context():
        for nombre in REPORTES:
            r = generar_reporte(nombre, session=s, hoy=dia, desde=DESDE, hasta=HASTA, anio=2026)
            renglones = [*zip(r.filas, r.enlaces, strict=True), (r.totales, r.enlaces_totales)]
            for fila, enlaces in renglones:
                for clave, destino in enlaces.items():
                    url = url_de(destino)
                    assert url is not None
                    figuras[url].append((destino.lista, r.columna(clave), fila.get(clave)))
        recuperado = reportes.Columna("recuperado", "Recuperado", "dinero")
        for f in plan_mes_a_mes(avance_del_plan(session=s, anio=2026)):
            url = url_de(Destino("pagos", rango_del_mes(2026, f.mes or 1)))
            assert url is not None
            figuras[url].append(("pagos", recuperado, f.recuperado))
    return figuras


def _atributo(html: str, ident: str, atributo: str) -> str:
    encontrado = re.search(rf'id="{ident}"[^>]*\b{atributo}="([^"]*)"', html)
    if encontrado is None:
        encontrado = re.search(rf'\b{atributo}="([^"]*)"[^>]*id="{ident}"', html)
    assert encontrado, f"no hay #{ident}[{atributo}]"
    return encontrado.group(1)


def _cifra_de_la_lista(html: str, lista: str, columna: Columna) -> Valor:
    """Lo que la lista dice de la cifra: cuántas filas o cuánto suman."""
    if columna.tipo == "entero":
        return int(_atributo(html, "conteo", "data-cantidad"))
    if lista == "pagos":
        return Decimal(_atributo(html, "monto", "data-monto"))
    clave = "vencido" if columna.clave == "vencido" else "saldo"
    return Decimal(_atributo(html, clave, "data-monto"))


def test_cada_cifra_del_panel_lleva_a_una_lista_que_muestra_exactamente_esa_cifra(
    app: Flask, engine: Engine, jefe: FlaskClient
) -> None:
    """GIVEN la cartera de los reportes (cartas en los bordes del día, sin sucursal, inactivos,
    sobrepagos) WHEN se recorre cada enlace del panel (barras, segmentos, celdas, totales y
    cifras principales) THEN la lista abierta cuenta o suma exactamente la cifra."""
    respuesta = jefe.get("/panel/", query_string=PERIODO)
    assert respuesta.status_code == 200
    html = texto(respuesta)
    contenido = html[html.index("<main") :]
    enlazadas = {unescape(h) for h in _HREF.findall(contenido) if unescape(h).startswith(LISTAS)}
    figuras = _figuras(app, engine)
    assert enlazadas == set(figuras), "el panel enlaza justo las listas de sus cifras"
    comprobadas = 0
    for url, cifras in sorted(figuras.items()):
        pagina = jefe.get(url)
        assert pagina.status_code == 200, url
        lista_html = texto(pagina)
        for lista, columna, valor in cifras:
            if columna.tipo in ("texto", "fecha"):
                continue  # el rótulo de la fila y la fecha más antigua llevan a su lista entera
            assert _cifra_de_la_lista(lista_html, lista, columna) == valor, (url, columna.clave)
            comprobadas += 1
    assert comprobadas > 150


def test_el_panel_dibuja_cada_reporte_con_su_grafico_su_tabla_y_sus_descargas(
    jefe: FlaskClient,
) -> None:
    """SVG incrustado sin estilos ni scripts, nombres hostiles escapados, totales y descargas."""
    html = texto(jefe.get("/panel/", query_string=PERIODO))
    graficos = re.findall(r"<svg\b.*?</svg>", html, re.S)
    ids = re.findall(r'aria-labelledby="(g-[a-z-_]+)-titulo', html)
    assert ids == [
        "g-convenios", "g-saldos", "g-convenios-sucursal", "g-plan", "g-correspondencia",
        "g-correspondencia_tipo", "g-solicitudes", "g-etapas", "g-sucursales", "g-carga",
    ]  # fmt: skip
    for svg in graficos:
        assert "<script" not in svg and "<style" not in svg and " style=" not in svg
        assert "<a href=" in svg
    for nombre in REPORTES:
        assert f'id="tabla-{nombre}"' in html
        assert f'href="/panel/{nombre}.csv?desde=2026-03-01&amp;hasta=2026-03-15&amp;anio=2026"' in html  # fmt: skip
        assert f'href="/panel/{nombre}.xlsx?' in html
    assert (
        HOSTIL not in html and "Carlos &#34;El Cobrador&#34; Mejía &amp; Cía &lt;S.A.&gt;" in html
    )
    assert "Carlos &quot;El Cobrador&quot; Mejía &amp; Cía &lt;S.A.&gt;" in html  # dentro del SVG
    assert FORMULA.replace("=", "=") in unescape(html)
    assert "Cartas recibidas del 1 de marzo de 2026 al 15 de marzo de 2026." in html


def test_un_periodo_invalido_se_avisa_y_se_usa_el_de_siempre(jefe: FlaskClient) -> None:
    """Fechas al revés, una fecha inventada o un año absurdo: aviso y el panel del año en curso."""
    html = unescape(texto(jefe.get("/panel/?desde=2026-03-15&hasta=2026-03-01&anio=1890")))
    assert "El rango termina antes de empezar" in html
    assert "El año «1890» no es válido" in html
    assert f'value="{date(hoy().year, 1, 1).isoformat()}"' in html
    assert jefe.get("/panel/inexistente.csv").status_code == 404


def test_las_descargas_tienen_su_tipo_su_nombre_y_el_renglon_de_totales(
    app: Flask, engine: Engine, jefe: FlaskClient
) -> None:
    """CSV UTF-8 con BOM y XLSX, con las mismas filas y el total del reporte."""
    with escribir(engine) as s:
        r = generar_reporte("convenios", session=s, hoy=hoy(), desde=DESDE, hasta=HASTA, anio=2026)
    respuesta = jefe.get("/panel/convenios.csv", query_string=PERIODO)
    assert respuesta.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert respuesta.headers["Content-Disposition"] == (
        f'attachment; filename="convenios-{hoy().isoformat()}.csv"'
    )
    assert respuesta.headers["X-Content-Type-Options"] == "nosniff"
    assert respuesta.data.startswith("\ufeff".encode())
    filas = list(csv.reader(io.StringIO(respuesta.data.decode("utf-8-sig"))))
    assert filas[0] == [c.titulo for c in r.columnas]
    assert len(filas) == len(r.filas) + 2
    assert filas[-1][:2] == ["Total", str(r.totales["vigentes"])]
    assert Decimal(filas[-1][5]) == r.totales["saldo"]
    respuesta = jefe.get("/panel/plan.xlsx", query_string=PERIODO)
    assert respuesta.headers["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    hoja = load_workbook(io.BytesIO(respuesta.data)).active
    assert hoja is not None
    ultima = [c.value for c in hoja[hoja.max_row]]
    with escribir(engine) as s:
        total = total_del_plan(avance_del_plan(session=s, anio=2026))
    assert ultima[0] == "Total" and Decimal(str(ultima[3])) == total.recuperado


def test_el_inicio_de_la_jefa_lleva_al_panel_con_sus_cifras_principales(
    jefe: FlaskClient,
) -> None:
    """Convenios vigentes e incumplidos con su saldo, lo recuperado del año y el enlace al panel."""
    html = unescape(texto(jefe.get("/")))
    assert 'id="ir-al-panel" href="/panel/"' in html
    assert "Convenios incumplidos · saldo $1,000.00" in html
    assert 'href="/convenios/?estado=incumplido"' in html
    # Las solicitudes sin respuesta del año (todas vencidas a hoy) llevan a su lista.
    assert "<strong>6</strong><span>Solicitudes vencidas</span>" in html
    assert "<strong>6</strong><span>Solicitudes sin respuesta</span>" in html
    enlace = re.search(r'href="(/correspondencia/enviada\?[^"]*espera=vencidas[^"]*)"', html)
    assert enlace, "la cifra de solicitudes vencidas enlaza su lista"
    lista = unescape(texto(jefe.get(unescape(enlace.group(1)))))
    assert 'id="conteo" data-cantidad="6"' in lista
    menu = html[html.index('class="menu"') : html.index("</nav>")]
    assert all(f">{n}</a>" in menu for n in ("Panel", "Convenios", "Pagos", "Plan"))
