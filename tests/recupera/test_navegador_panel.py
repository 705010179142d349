"""Chromium real (Playwright) contra un Recupera real con la demostración: el jefe abre su panel,
lee el gráfico de convenios, hace clic en los incumplidos y llega a la lista de convenios
incumplidos, con la misma cifra que leyó."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.recupera.navegacion import captura, pestana
from tests.recupera.servidor import servidor_demo

pytestmark = pytest.mark.navegador
_CIFRA = re.compile(r"^Incumplidos: (\d+) \(")


@pytest.fixture(scope="module")
def base(plantilla_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """La demostración sirviendo (trae un convenio al día y otro incumplido, con sus pagos)."""
    with servidor_demo(plantilla_demo, tmp_path_factory.mktemp("navegador-panel")) as url:
        yield url


def test_el_jefe_lee_los_convenios_incumplidos_en_el_panel_y_abre_su_lista(
    navegador: Browser, base: str
) -> None:
    """Del inicio al panel; del segmento «Incumplidos» del gráfico a la lista filtrada, con la
    misma cantidad; de ahí a la ficha del convenio caído, cuota por cuota. Sin errores de CSP."""
    jefe = pestana(navegador, base, "jefe")
    errores: list[str] = []
    jefe.on("console", lambda m: errores.append(m.text) if m.type == "error" else None)
    jefe.goto(f"{base}/")
    captura(jefe, "panel-inicio-jefe")
    jefe.click("#ir-al-panel")
    expect(jefe.locator("h1")).to_have_text("Panel de control")
    grafico = jefe.locator('#reporte-convenios figure svg[aria-labelledby^="g-convenios-titulo"]')
    expect(grafico).to_be_visible()
    captura(jefe, "panel-jefe")
    grafico.scroll_into_view_if_needed()
    segmento = grafico.locator('a[aria-label^="Incumplidos:"]').last
    leida = _CIFRA.match(segmento.get_attribute("aria-label") or "")
    assert leida, segmento.get_attribute("aria-label")
    incumplidos = int(leida.group(1))
    assert incumplidos >= 1, "la demostración debe traer al menos un convenio incumplido"
    # La cifra escrita sobre el segmento rojo (el centro del segmento cae en el hueco de la dona).
    segmento.locator("text").first.click()

    expect(jefe).to_have_url(f"{base}/convenios/?estado=incumplido")
    expect(jefe.locator("#conteo")).to_have_attribute("data-cantidad", str(incumplidos))
    filas = jefe.locator("table.convenios tbody tr")
    expect(filas).to_have_count(incumplidos)
    expect(filas.locator(".estado-convenio")).to_have_text(["Incumplido"] * incumplidos)
    expect(jefe.locator("select[name=estado]")).to_have_value("incumplido")
    captura(jefe, "panel-convenios-incumplidos")

    filas.first.locator("td:nth-child(2) a").click()
    convenio = jefe.locator("#convenio")
    expect(convenio.locator(".estado-convenio").first).to_have_text("Incumplido")
    expect(convenio.locator("tr.cuota-vencida").first).to_be_visible()
    expect(convenio.locator("#form-rehabilitar")).to_be_visible()
    convenio.scroll_into_view_if_needed()
    captura(jefe, "panel-ficha-convenio-incumplido")

    jefe.goto(f"{base}/plan/")
    expect(jefe.locator("#tabla-plan")).to_be_visible()
    captura(jefe, "panel-plan-anual")
    assert errores == []
