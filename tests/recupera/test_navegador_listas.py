"""Chromium real contra un Recupera real con 150 cartas más que la demostración: la secretaria
llega a la última página, asigna dos cartas de una vez al gestor, guarda un filtro y vuelve a él."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, func, select

from correspondencia import Correspondencia
from expedientes import Usuario, crear_engine
from tests.recupera.conftest import escribir
from tests.recupera.navegacion import captura, entrar
from tests.recupera.servidor import servidor_demo

pytestmark = pytest.mark.navegador


def _sembrar(carpeta: Path) -> None:
    engine = crear_engine(f"sqlite:///{carpeta / 'recupera.db'}")
    try:
        with escribir(engine) as s:
            hay = s.exec(select(func.count()).select_from(Correspondencia)).one()
            inicio = datetime(2026, 1, 5, 15, tzinfo=UTC)
            for i in range(150):
                s.add(Correspondencia(
                    numero=f"CE-2025-{i + 1:06d}", origen="papel", bytes=10, sha256=f"{i + 7:064x}",
                    recibido_en=inicio - timedelta(days=i), asunto=f"Constancia de pago {i}",
                    remitente=f"Empresa {i} S.A. de C.V.", estado="registrada",
                    tipo="unidad_juridica" if i % 5 == 0 else "general",
                ))  # fmt: skip
            assert hay > 0
    finally:
        engine.dispose()


def test_ultima_pagina_asignar_varias_y_mis_filtros(
    pagina: Page, plantilla_demo: Path, tmp_path: Path
) -> None:
    carpeta = tmp_path / "instancia"
    with servidor_demo(plantilla_demo, carpeta) as base:
        _sembrar(carpeta)
        entrar(pagina, base, "secretaria")
        pagina.goto(f"{base}/correspondencia/")
        paginador = pagina.locator("nav.paginador")
        expect(paginador).to_contain_text("página 1 de")
        paginador.locator("a[rel=last]").click()
        ultima = pagina.locator("nav.paginador").get_attribute("data-paginas")
        expect(pagina.locator("nav.paginador")).to_have_attribute("data-pagina", ultima or "")
        captura(pagina, "bandeja-ultima-pagina")
        # Dos cartas de esta página, al gestor, de una vez.
        casillas = pagina.locator("table.cartas input[name=carta]")
        numeros = [casillas.nth(i).get_attribute("value") for i in range(2)]
        casillas.nth(0).check()
        casillas.nth(1).check()
        pagina.select_option("#form-lote select[name=usuario]", label="Carlos Alberto Mejía Peña")
        pagina.click("#form-lote button[type=submit]")
        expect(pagina.locator(".aviso-exito")).to_contain_text("2 carta(s) asignada(s).")
        expect(pagina.locator("nav.paginador")).to_have_attribute("data-pagina", ultima or "")
        engine = crear_engine(f"sqlite:///{carpeta / 'recupera.db'}")
        try:
            with escribir(engine) as s:
                gestor = s.exec(select(Usuario).where(Usuario.nombre_usuario == "gestor")).one()
                asignadas = s.exec(select(Correspondencia.numero).where(
                    col(Correspondencia.numero).in_(numeros), Correspondencia.asignado_id == gestor.id
                )).all()  # fmt: skip
        finally:
            engine.dispose()
        assert sorted(asignadas) == sorted(n for n in numeros if n)
        # Un filtro guardado: Unidad Jurídica, y de vuelta a él con un clic.
        pagina.goto(f"{base}/correspondencia/?tipo=unidad_juridica")
        total = pagina.locator("#conteo").get_attribute("data-cantidad")
        pagina.locator("details.mis-filtros summary").click()
        pagina.fill("#form-guardar-filtro input[name=nombre]", "Jurídica & más")
        pagina.click("#form-guardar-filtro button[type=submit]")
        expect(pagina.locator(".aviso-exito")).to_contain_text("Filtro «Jurídica & más» guardado.")
        pagina.goto(f"{base}/correspondencia/")
        pagina.click("ul.filtros-guardados >> text=Jurídica & más")
        expect(pagina).to_have_url(re.compile(r"tipo=unidad_juridica"))
        expect(pagina.locator("#conteo")).to_have_attribute("data-cantidad", total or "")
        captura(pagina, "bandeja-mis-filtros")
