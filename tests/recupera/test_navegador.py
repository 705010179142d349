"""Chromium real (Playwright) contra un Recupera real: cada rol entra y ve su página de inicio."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from recupera.demo import CREDENCIALES
from tests.recupera.navegacion import CAPTURAS
from tests.recupera.servidor import servidor_demo

pytestmark = pytest.mark.navegador

TITULOS = {
    "secretaria": "Pendientes de la secretaría",
    "gestor": "Mis expedientes",
    "jefe": "Lo de hoy en el departamento",
    "archivo": "Archivo",
    "admin": "Administración",
}


@pytest.fixture(scope="module")
def base(plantilla_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """La URL de un servidor con la demostración cargada."""
    with servidor_demo(plantilla_demo, tmp_path_factory.mktemp("navegador")) as url:
        yield url


def _entrar(page: Page, base: str, usuario: str, contrasena: str) -> None:
    page.goto(f"{base}/")
    expect(page).to_have_url(f"{base}/acceso?next=%2F")
    page.fill("#usuario", usuario)
    page.fill("#contrasena", contrasena)
    page.click("button[type=submit]")


@pytest.mark.parametrize(
    ("usuario", "contrasena", "rol"), [c for c in CREDENCIALES if c[0] in TITULOS]
)
def test_cada_rol_entra_y_ve_su_pagina_de_inicio(
    pagina: Page, base: str, usuario: str, contrasena: str, rol: str
) -> None:
    """Tras entrar, cada rol llega a su inicio, con su nombre y rol en la barra y el menú en una
    fila a 1366 px, y puede salir."""
    _entrar(pagina, base, usuario, contrasena)
    expect(pagina).to_have_url(f"{base}/")
    expect(pagina.locator("h1")).to_have_text(TITULOS[rol])
    expect(pagina.locator(".sesion .rol")).not_to_be_empty()
    # A 1366 px el menú de cada rol cabe en una fila (una fila mide unos 32 px).
    assert pagina.viewport_size == {"width": 1366, "height": 900}
    alto = pagina.evaluate("document.querySelector('nav.menu').getBoundingClientRect().height")
    assert alto < 45, f"el menú de {rol} ocupa {alto} px: más de una fila"
    if CAPTURAS:
        CAPTURAS.mkdir(parents=True, exist_ok=True)
        pagina.screenshot(path=str(CAPTURAS / f"inicio-{rol}.png"), full_page=True)
    pagina.click(".sesion button")
    expect(pagina).to_have_url(f"{base}/acceso")
    expect(pagina.locator(".aviso-exito")).to_have_text("Sesión cerrada.")


def test_contrasena_incorrecta_muestra_el_mensaje_generico(pagina: Page, base: str) -> None:
    """Una contraseña incorrecta deja en el formulario con el mensaje que no revela nada."""
    _entrar(pagina, base, "jefe", "no-es-la-contraseña")
    expect(pagina.locator(".aviso-error")).to_have_text("Usuario o contraseña incorrectos.")
    expect(pagina.locator("#usuario")).to_have_value("jefe")
    _entrar(pagina, base, "nadie-se-llama-asi", "tampoco")
    expect(pagina.locator(".aviso-error")).to_have_text("Usuario o contraseña incorrectos.")


def test_gestor_registra_una_gestion_en_su_expediente(pagina: Page, base: str) -> None:
    """El gestor abre uno de sus expedientes, anota una gestión y la ve en la línea de tiempo."""
    _entrar(pagina, base, "gestor", "Gestor-Demo-2026")
    pagina.locator("#mis-expedientes table.tabla a").first.click()
    nota = 'Visita a «Pérez & Cía» <planta> "{{ x }}"'
    pagina.select_option("select[name=tipo]", "visita")
    pagina.fill("textarea[name=nota]", nota)
    pagina.click("form.en-linea button[type=submit]")
    expect(pagina.locator(".aviso-exito")).to_have_text("Gestión registrada.")
    expect(pagina.locator(".linea-tiempo li").first).to_contain_text(nota)
    if CAPTURAS:
        pagina.screenshot(path=str(CAPTURAS / "expediente.png"), full_page=True)
