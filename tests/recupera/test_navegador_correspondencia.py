"""Chromium real (Playwright) contra un Recupera real: la secretaria registra una carta en papel,
la encuentra en la bandeja y vincula una carta que llegó sin vincular buscando a su patrono."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, select

from expedientes import Expediente, Patrono, crear_engine, hoy, normalizar_busqueda
from tests.correspondencia.corpus import html_con_script, pdf_minimo
from tests.recupera.cartas import carta_de_correo
from tests.recupera.navegacion import CAPTURAS, captura, entrar
from tests.recupera.servidor import servidor_demo

pytestmark = pytest.mark.navegador
OCR_SEGUNDOS = 120_000  # milisegundos de espera: el OCR real puede tardar con la máquina cargada


@dataclass(frozen=True)
class Demo:
    """El servidor, su carpeta de datos, una carta sin vincular y un expediente abierto con la
    razón social de su patrono."""

    base: str
    carpeta: Path
    carta_sin_vincular: str
    expediente: str
    razon_social: str


@pytest.fixture(scope="module")
def demo(plantilla_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """La demostración sirviendo, con un correo HTML ya registrado que no cita ningún caso."""
    carpeta = tmp_path_factory.mktemp("navegador-correspondencia")
    with servidor_demo(plantilla_demo, carpeta) as base:
        engine = crear_engine(f"sqlite:///{carpeta / 'recupera.db'}")
        try:
            carta = carta_de_correo(engine, carpeta, html_con_script())
            with engine.connect() as c:
                expediente, razon_social = c.execute(
                    select(Expediente.numero, Patrono.razon_social)
                    .join(Patrono, col(Patrono.id) == col(Expediente.patrono_id))
                    .where(col(Expediente.sellado_en).is_(None), Expediente.etapa == "en_gestion")
                    .order_by(col(Expediente.numero))
                    .limit(1)
                ).one()
        finally:
            engine.dispose()
        yield Demo(base, carpeta, carta.numero, expediente, razon_social)


def test_la_secretaria_registra_una_carta_en_papel_y_la_ve_en_la_bandeja(
    pagina: Page, demo: Demo, tmp_path: Path
) -> None:
    """Sube el escaneo con el formulario; tras el OCR llega a la ficha y la carta está en la bandeja."""
    entrar(pagina, demo.base, "secretaria")
    pagina.click("nav.menu >> text=Correspondencia")
    pagina.click("text=Registrar carta en papel")
    escaneo = tmp_path / "escaneo ñandú.pdf"
    escaneo.write_bytes(pdf_minimo("Solicitud de prórroga del convenio de pago"))
    pagina.set_input_files("#escaneo", str(escaneo))
    remitente = "Panadería Ñandú & Hijos <ventas@ñandú.sv>"
    asunto = 'Solicitud "urgente" <prórroga> {{ x }}'
    pagina.fill("#remitente", remitente)
    pagina.fill("#asunto", asunto)
    pagina.fill("#referencia_remitente", "REF/2026-15")
    pagina.fill("#fecha_documento", (hoy() - timedelta(days=3)).isoformat())
    pagina.select_option("#tipo", "solicitud_patrono")
    captura(pagina, "correspondencia-nueva")
    pagina.click("#form-papel button[type=submit]")
    aviso = pagina.locator(".aviso-exito")
    expect(aviso).to_contain_text("Registrada CE-", timeout=OCR_SEGUNDOS)
    numero = aviso.inner_text().removeprefix("Registrada ").split(":")[0]
    expect(pagina.locator("#acuse")).to_have_attribute(
        "href", f"/correspondencia/{numero}/acuse.pdf"
    )
    expect(pagina.locator(".asunto-carta")).to_have_text(asunto)
    expect(pagina.locator("pre.cuerpo-texto")).to_contain_text("prórroga", ignore_case=True)
    captura(pagina, "correspondencia-ficha-papel")
    pagina.click("nav.menu >> text=Correspondencia")
    fila = pagina.locator("table.cartas tr", has_text=numero)
    expect(fila).to_contain_text("Panadería Ñandú & Hijos")  # el nombre; la dirección, aparte
    expect(fila).to_contain_text("ventas@ñandú.sv")
    expect(fila).to_contain_text(asunto)
    captura(pagina, "correspondencia-bandeja")


def test_la_secretaria_busca_al_patrono_y_vincula_una_carta_sin_vincular(
    pagina: Page, demo: Demo
) -> None:
    """Filtra las sin vincular, abre la carta, busca al patrono por su nombre en mayúsculas y sin
    tildes, ve su expediente con razón social y etapa, lo elige y ve «Vinculada a mano»."""
    entrar(pagina, demo.base, "secretaria")
    pagina.goto(f"{demo.base}/correspondencia/")
    pagina.check("input[name=sin_vincular]")
    pagina.click("form.filtros button[type=submit]")
    pagina.click(f"table.cartas >> text={demo.carta_sin_vincular}")
    expect(pagina.locator("h1")).to_contain_text(demo.carta_sin_vincular)
    # El cuerpo HTML se ve, saneado, dentro del iframe con sandbox.
    cuerpo = pagina.frame_locator("iframe.cuerpo-html").locator("body")
    expect(cuerpo).to_contain_text("Estimados señores & señoras")
    expect(cuerpo.locator("script")).to_have_count(0)
    captura(pagina, "correspondencia-ficha-correo")
    if CAPTURAS:
        # La captura de página completa no pinta el iframe aislado: se captura aparte.
        pagina.locator("iframe.cuerpo-html").screenshot(
            path=str(CAPTURAS / "correspondencia-html.png")
        )
    buscado = " ".join(normalizar_busqueda(demo.razon_social).split()[:2]).upper()
    pagina.fill("#buscar-vinculo", buscado)
    pagina.click("#form-buscar-vinculo button[type=submit]")
    resultado = pagina.locator(f"#resultados-vinculo li[data-numero='{demo.expediente}']")
    expect(resultado).to_contain_text(f"{demo.expediente} — {demo.razon_social}")
    expect(resultado).to_contain_text("En gestión de cobro")
    expect(pagina.locator("#buscar-vinculo")).to_have_value(buscado)
    captura(pagina, "correspondencia-buscar-vinculo")
    resultado.get_by_role("button", name=f"Vincular a expediente {demo.expediente}").click()
    expect(pagina.locator(".aviso-exito")).to_have_text("Carta vinculada.")
    expect(pagina.locator(".motivo-vinculo")).to_have_text(
        f"Vinculada a mano: Elegido al buscar «{buscado}»"
    )
    expect(pagina.locator(f"a.mono >> text={demo.expediente}")).to_be_visible()
    captura(pagina, "correspondencia-vinculada")
