"""Lo común a las pruebas con Chromium real (Playwright): el Chromium de Debian, pestañas con la
sesión de un usuario de la demostración iniciada y capturas de pantalla para mirarlas."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, expect, sync_playwright

from recupera.demo import CREDENCIALES

CHROMIUM = os.environ.get("RECUPERA_CHROMIUM", "/usr/bin/chromium")
ARGUMENTOS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CAPTURAS = (
    Path(os.environ.get("RECUPERA_CAPTURAS", "")) if os.environ.get("RECUPERA_CAPTURAS") else None
)
CONTRASENAS = {nombre: contrasena for nombre, contrasena, _ in CREDENCIALES}


@contextmanager
def chromium() -> Iterator[Browser]:
    """Chromium de Debian, sin descargar navegadores."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTOS)
        yield browser
        browser.close()


def nueva_pestana(navegador: Browser, *, descargas: bool = False) -> Page:
    """Una pestaña con su propio contexto (cookies aparte), en español de El Salvador."""
    contexto = navegador.new_context(
        locale="es-SV", viewport={"width": 1366, "height": 900}, accept_downloads=descargas
    )
    return contexto.new_page()


def entrar(pagina: Page, base: str, usuario: str) -> None:
    """Inicia sesión con el usuario de la demostración y espera la página de inicio."""
    pagina.goto(f"{base}/acceso")
    pagina.fill("#usuario", usuario)
    pagina.fill("#contrasena", CONTRASENAS[usuario])
    pagina.click("button[type=submit]")
    expect(pagina).to_have_url(f"{base}/")


def pestana(navegador: Browser, base: str, usuario: str, *, descargas: bool = False) -> Page:
    """Una pestaña nueva con la sesión de `usuario` iniciada."""
    pagina = nueva_pestana(navegador, descargas=descargas)
    entrar(pagina, base, usuario)
    return pagina


def captura(pagina: Page, nombre: str) -> None:
    """Guarda la página entera en RECUPERA_CAPTURAS, si se pidió."""
    if CAPTURAS:
        CAPTURAS.mkdir(parents=True, exist_ok=True)
        pagina.screenshot(path=str(CAPTURAS / f"{nombre}.png"), full_page=True)
