"""Chromium real contra un Recupera real con años de cartas (3.000 más que la demostración): la
secretaria llega a la última página (más allá de la 50), asigna dos cartas de una vez al gestor,
guarda un filtro y vuelve a él."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import insert
from sqlmodel import col, func, select

from correspondencia import Correspondencia
from expedientes import Usuario, crear_engine
from tests.recupera.conftest import escribir
from tests.recupera.navegacion import captura, entrar
from tests.recupera.servidor import servidor_demo

pytestmark = pytest.mark.navegador


CARTAS = 3000  # 61 páginas de 50 con las de la demostración
PAGINA_PROFUNDA = 50


def _sembrar(carpeta: Path) -> None:
    """Una carta cada medio día hacia atrás desde enero de 2026, insertadas de una vez (como las
    siembra el benchmark de las bandejas): numeradas lejos de las de la demostración."""
    engine = crear_engine(f"sqlite:///{carpeta / 'recupera.db'}")
    inicio = datetime(2026, 1, 5, 15, tzinfo=UTC)
    try:
        with escribir(engine) as s:
            assert s.exec(select(func.count()).select_from(Correspondencia)).one() > 0
            s.connection().execute(
                insert(Correspondencia), [_carta(i, inicio) for i in range(CARTAS)]
            )
    finally:
        engine.dispose()


def _carta(i: int, inicio: datetime) -> dict[str, object]:
    recibido = inicio - timedelta(hours=12 * i)
    return {
        "numero": f"CE-{recibido.year}-{500_001 + i:06d}", "origen": "papel", "bytes": 10,
        "sha256": f"{i + 7:064x}", "recibido_en": recibido, "asunto": f"Constancia de pago {i}",
        "remitente": f"Empresa {i} S.A. de C.V.", "estado": "registrada",
        "tipo": "unidad_juridica" if i % 5 == 0 else "general", "in_reply_to": [],
        "referencias": [], "destinatarios": [], "advertencias": [],
    }  # fmt: skip


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
        assert int(ultima or 0) > PAGINA_PROFUNDA
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
