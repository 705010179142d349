"""Los gráficos SVG: XML válido, textos hostiles escapados, cada barra con su enlace y su cifra,
título y descripción accesibles, nada que se salga de su lugar en la página."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from urllib.parse import urlencode

import pytest

from panel.cifras import Columna, Destino, armar
from panel.graficos import Barra, Serie, barras_agrupadas, barras_horizontales, dona
from panel.graficos_panel import barras_de_reporte, barras_de_totales, plan_por_mes
from panel.graficos_svg import COLOR_DE, partir
from seguimiento import FilaPlan

SVG = "{http://www.w3.org/2000/svg}"
HOSTIL = 'Pérez & Cía <S.A.> "x" {{ x }}'
HOSTIL_ESCAPADO = "Pérez &amp; Cía &lt;S.A.&gt; &quot;x&quot; {{ x }}"
D = Decimal


def enlace(destino: Destino) -> str:
    """Como lo hará la web: la lista y sus filtros en la URL."""
    return f"/{destino.lista}/?{urlencode(dict(destino.filtros))}"


def _raiz(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (el SVG lo generó la prueba, no es de afuera)


def _textos(raiz: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in raiz.iter(f"{SVG}text")]


def _enlaces(raiz: ET.Element) -> list[str]:
    return [a.attrib["href"] for a in raiz.iter(f"{SVG}a")]


def _barras() -> list[Barra]:
    return [
        Barra(HOSTIL, 12, Destino("correspondencia", {"asignado": "5", "vencimiento": "vencidas"})),
        Barra("Ana Gabriela Hernández Muñoz", 7, Destino("correspondencia", {"asignado": "6"})),
        Barra("Sin asignar", 0),
    ]


def test_barras_horizontales_escapan_las_etiquetas_y_enlazan_cada_barra() -> None:
    """GIVEN una etiqueta con &, <, comillas y llaves WHEN se dibuja THEN el SVG es XML válido,
    la etiqueta va escapada y se lee igual al analizarla, y cada barra con destino es un enlace."""
    svg = barras_horizontales("Cartas vencidas por persona", _barras(), enlace=enlace)
    assert HOSTIL_ESCAPADO in svg
    raiz = _raiz(svg)
    textos = _textos(raiz)
    assert HOSTIL in textos
    assert [t for t in textos if t.isdigit()] == ["12", "7", "0"]
    assert _enlaces(raiz) == [
        "/correspondencia/?asignado=5&vencimiento=vencidas",
        "/correspondencia/?asignado=6",
    ]
    assert "/correspondencia/?asignado=5&amp;vencimiento=vencidas" in svg
    assert raiz.attrib["viewBox"].startswith("0 0 860 ")
    assert raiz.attrib["font-family"].startswith("'Liberation Sans', 'DejaVu Sans'")


def test_el_titulo_y_la_descripcion_son_accesibles_y_la_descripcion_lista_las_cifras() -> None:
    """`<title>` y `<desc>` con ids referidos por aria-labelledby; cada enlace con su nombre."""
    svg = barras_horizontales(
        "Cartas <vencidas>", _barras(), descripcion="Al 16 de marzo.", enlace=enlace, ident="cartas"
    )
    raiz = _raiz(svg)
    titulo, desc = raiz.find(f"{SVG}title"), raiz.find(f"{SVG}desc")
    assert titulo is not None and desc is not None
    assert raiz.attrib["aria-labelledby"] == "cartas-titulo cartas-desc"
    assert (titulo.attrib["id"], titulo.text) == ("cartas-titulo", "Cartas <vencidas>")
    assert (
        desc.text
        == f"Al 16 de marzo. {HOSTIL}: 12; Ana Gabriela Hernández Muñoz: 7; Sin asignar: 0"
    )
    primero = next(raiz.iter(f"{SVG}a"))
    assert primero.attrib["aria-label"] == f"{HOSTIL}: 12"


def test_un_svg_incrustable_no_trae_estilos_globales_ni_scripts_ni_recursos_externos() -> None:
    """Un `<style>` en un SVG incrustado afecta a toda la página; nada de eso."""
    svgs = [
        barras_horizontales("Uno", _barras(), enlace=enlace),
        dona("Dos", _barras(), enlace=enlace),
        barras_agrupadas("Tres", ["Enero"], [Serie("Meta", [D("1.00")])], enlace=enlace),
    ]
    for svg in svgs:
        minusculas = svg.lower()
        for prohibido in (
            "<style",
            "<script",
            "javascript:",
            "http://cdn",
            "<foreignobject",
            "onclick",
            "xlink",
        ):
            assert prohibido not in minusculas


def test_un_enlace_que_no_es_ruta_ni_http_se_rechaza() -> None:
    """Si el llamador se equivoca y arma `javascript:`, el gráfico no lo dibuja."""
    with pytest.raises(ValueError, match="enlace no permitido"):
        barras_horizontales("X", _barras(), enlace=lambda d: "javascript:alert(1)")


def test_sin_enlace_las_barras_no_son_enlaces_pero_llevan_su_titulo_emergente() -> None:
    """Sin función de enlace, cada barra es un grupo con `<title>`."""
    raiz = _raiz(barras_horizontales("X", _barras()))
    assert _enlaces(raiz) == []
    titulos = [
        "".join(t.itertext()) for g in raiz.iter(f"{SVG}g") for t in g.findall(f"{SVG}title")
    ]
    assert f"{HOSTIL}: 12" in titulos


def test_etiquetas_largas_se_ven_enteras_en_renglones_y_caracteres_de_control_no_rompen_el_xml() -> (
    None
):
    """Una razón social larga se ve entera, partida entre palabras en renglones que caben (y la
    fila crece para ella); en la leyenda de la dona, igual. Los caracteres de control no rompen."""
    larga = "Distribuidora Internacional de Productos Alimenticios del Pacífico, S.A. de C.V."
    for svg in (
        barras_horizontales("X", [Barra(larga, 3), Barra("Campana\x07", 1)]),
        dona("X", [Barra(larga, 3), Barra("Campana\x07", 1)]),
    ):
        raiz = _raiz(svg)
        (texto,) = [t for t in raiz.iter(f"{SVG}text") if "Distribuidora" in "".join(t.itertext())]
        renglones = ["".join(r.itertext()) for r in texto.findall(f"{SVG}tspan")]
        assert len(renglones) >= 3 and " ".join(renglones) == larga
        assert all(len(r) <= 34 for r in renglones)
        alturas = [float(r.attrib["y"]) for r in texto.findall(f"{SVG}tspan")]
        assert alturas == sorted(alturas) and len(set(alturas)) == len(alturas)
        assert "Campana " in _textos(raiz)
    # La barra que sigue empieza debajo del último renglón de la etiqueta larga.
    raiz = _raiz(barras_horizontales("X", [Barra(larga, 3), Barra("Campana", 1)]))
    textos = list(raiz.iter(f"{SVG}text"))
    (larga_t,) = [t for t in textos if "Distribuidora" in "".join(t.itertext())]
    ultimo_renglon = max(float(r.attrib["y"]) for r in larga_t.findall(f"{SVG}tspan"))
    campana = next(t for t in textos if "".join(t.itertext()) == "Campana")
    assert float(campana.findall(f"{SVG}tspan")[0].attrib["y"]) > ultimo_renglon + 10


def test_partir_corta_entre_palabras_y_parte_una_palabra_que_no_cabe() -> None:
    assert partir("", 10) == [""]
    assert partir("San Salvador", 34) == ["San Salvador"]
    assert partir("Pérez & Cía <S.A.> {{ x }}", 10) == ["Pérez &", "Cía <S.A.>", "{{ x }}"]
    assert partir("Supercalifragilístico abc", 8) == ["Supercal", "ifragilí", "stico", "abc"]


def test_montos_escritos_en_dolares_y_sin_datos_lo_dice() -> None:
    """Decimal se escribe «$1,234.56»; una lista vacía dibuja «Sin datos para mostrar.»."""
    raiz = _raiz(barras_horizontales("Saldos", [Barra("San Salvador", D("1234.56"))]))
    assert "$1,234.56" in _textos(raiz)
    vacio = _raiz(barras_horizontales("Saldos", []))
    assert "Sin datos para mostrar." in _textos(vacio)


def test_plan_por_mes_dibuja_meta_y_recuperado_y_lo_recuperado_lleva_a_los_pagos_del_mes() -> None:
    """Doce grupos con dos barras; la leyenda dice Meta y Recuperado; cada cifra escrita."""
    meses = [FilaPlan(None, m, D("1000.00"), D(m * 100) + D("0.25")) for m in range(1, 13)]
    svg = plan_por_mes("Plan Anual 2026", 2026, meses, enlace=enlace)
    raiz = _raiz(svg)
    textos = _textos(raiz)
    assert {"Meta", "Recuperado", "Enero", "Diciembre", "$1,000.00", "$1,200.25"} <= set(textos)
    enlaces = _enlaces(raiz)
    assert len(enlaces) == 12  # solo lo recuperado lleva a una lista
    assert enlaces[1] == "/pagos/?desde=2026-02-01&hasta=2026-02-28"


def test_dona_de_etapas_con_total_porcentajes_y_enlaces_por_segmento_y_leyenda() -> None:
    """Cada etapa con cifra y porcentaje en la leyenda; segmento y leyenda enlazados; un cero
    aparece en la leyenda pero no dibuja segmento."""
    etapas = [
        Barra("En gestión de cobro", 6, Destino("expedientes", {"etapa": "en_gestion"})),
        Barra(HOSTIL, 2, Destino("expedientes", {"etapa": "abierto"})),
        Barra("Anulado", 0, Destino("expedientes", {"etapa": "anulado"})),
    ]
    raiz = _raiz(dona("Expedientes por etapa", etapas, enlace=enlace))
    textos = _textos(raiz)
    assert {"8", "Total", "75.0 %", "25.0 %", "0 %", HOSTIL} <= set(textos)
    assert len(list(raiz.iter(f"{SVG}path"))) == 2
    assert _enlaces(raiz).count("/expedientes/?etapa=en_gestion") == 2  # leyenda y segmento
    assert _enlaces(raiz).count("/expedientes/?etapa=anulado") == 1


def test_dona_de_un_solo_segmento_y_dona_vacia() -> None:
    """Un solo valor es el anillo completo; sin valores, un anillo gris y total cero."""
    completo = _raiz(dona("Uno", [Barra("Todo", 5)]))
    assert len(list(completo.iter(f"{SVG}path"))) == 1
    vacia = _raiz(dona("Nada", [Barra("Nada", 0)]))
    assert list(vacia.iter(f"{SVG}path")) == []
    assert "0" in _textos(vacia)


def test_barras_de_reporte_toman_etiqueta_cifra_y_destino_de_cada_fila() -> None:
    """Del reporte al gráfico sin perder el destino de cada cifra."""
    reporte = armar(
        nombre="x",
        titulo="X",
        columnas=[
            Columna("persona", "Persona", "texto"),
            Columna("vencidas", "Vencidas", sumar=True),
        ],
        filas=[{"persona": HOSTIL, "vencidas": 4}, {"persona": "Ana", "vencidas": 1}],
        enlaces=[
            {"vencidas": Destino("correspondencia", {"asignado": "5"})},
            {"persona": Destino("correspondencia", {"asignado": "6"})},
        ],
    )
    barras = barras_de_reporte(reporte, "vencidas")
    assert barras == [
        Barra(HOSTIL, 4, Destino("correspondencia", {"asignado": "5"})),
        Barra("Ana", 1, Destino("correspondencia", {"asignado": "6"})),
    ]


def test_varios_graficos_en_una_pagina_tienen_ids_distintos_y_el_mismo_grafico_sale_igual() -> None:
    """Funciones puras: mismos datos, mismo SVG; títulos distintos, ids distintos."""
    uno = barras_horizontales("Uno", _barras())
    assert uno == barras_horizontales("Uno", _barras())
    id_uno = _raiz(uno).attrib["aria-labelledby"]
    id_dos = _raiz(barras_horizontales("Dos", _barras())).attrib["aria-labelledby"]
    assert id_uno != id_dos


def test_barras_de_totales_dan_la_dona_de_etapas_de_toda_la_cartera() -> None:
    """Cada etapa con el título de su columna, su total y el destino del total."""
    reporte = armar(
        nombre="expedientes",
        titulo="Expedientes",
        columnas=[
            Columna("sucursal", "Sucursal", "texto"),
            Columna("abierto", "Abierto", sumar=True),
            Columna("en_gestion", "En gestión de cobro", sumar=True),
        ],
        filas=[
            {"sucursal": "Santa Ana", "abierto": 1, "en_gestion": 2},
            {"sucursal": "San Miguel", "abierto": 3, "en_gestion": 0},
        ],
        enlaces=[{}, {}],
        enlaces_totales={"abierto": Destino("expedientes", {"etapa": "abierto"})},
    )
    assert barras_de_totales(reporte, ["abierto", "en_gestion"]) == [
        Barra("Abierto", 4, Destino("expedientes", {"etapa": "abierto"})),
        Barra("En gestión de cobro", 2, None),
    ]


def test_cada_significado_tiene_su_color_en_todos_los_graficos() -> None:
    """Lo vencido o incumplido en rojo, lo respondido en verde, lo vigente en azul, en la dona y
    en las barras agrupadas, sin importar el orden en que vengan."""
    rojo, verde = COLOR_DE["vencidas"], COLOR_DE["respondidas"]
    assert COLOR_DE["incumplidos"] == rojo and COLOR_DE["vigentes"] != rojo
    svg = dona("Cartas", [Barra("Respondidas", 3, None, verde), Barra("Vencidas", 2, None, rojo)])
    assert f'fill="{verde}"' in svg and f'fill="{rojo}"' in svg
    agrupadas = barras_agrupadas("Por persona", ["Ana"], [Serie("Vencidas", [1], (), rojo)])
    assert f'fill="{rojo}"' in agrupadas


def test_una_cifra_que_no_cabe_en_su_segmento_no_se_dibuja_encima_del_borde() -> None:
    """Un segmento del 7 % no lleva «$3,286.07» dentro (se desbordaría): la leyenda la dice; el
    del 93 %, sí."""
    svg = dona(
        "Saldo", [Barra("Vigentes", Decimal("3286.07")), Barra("Incumplidos", Decimal("42432.91"))],
        formato=lambda v: f"${v:,.2f}",
    )  # fmt: skip
    dentro = re.findall(r'fill="#ffffff"[^>]*>([^<]+)</text>', svg)
    assert "$42,432.91" in dentro and "$3,286.07" not in dentro
    assert "$3,286.07" in svg  # en la leyenda
