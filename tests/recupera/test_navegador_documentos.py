"""Chromium real (Playwright) contra un Recupera real: un aviso de cobro de punta a punta.

El gestor lo redacta desde el expediente y lo envía a revisión; el jefe lo abre desde su cola, ve
la vista previa y lo devuelve con observaciones; el gestor las lee, corrige y reenvía; el jefe
aprueba; el gestor lo deja final y la página muestra su número de salida CS.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func
from sqlmodel import col, select

from expedientes import DeudaPeriodo, Etapa, Expediente, TipoExpediente, Usuario, crear_engine
from tests.recupera.navegacion import captura, pestana
from tests.recupera.servidor import servidor_demo

pytestmark = pytest.mark.navegador
CONVERSION = 90_000  # milisegundos: la primera conversión arranca LibreOffice en el servidor
OBSERVACION = 'Dé 15 días hábiles de plazo & cite el "convenio" <pendiente>.'


@dataclass(frozen=True)
class Demo:
    """El servidor y un expediente de cobro del gestor con mora."""

    base: str
    expediente: str


@pytest.fixture(scope="module")
def demo(plantilla_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """La demostración sirviendo; el expediente de cobro del gestor con más períodos en mora."""
    carpeta = tmp_path_factory.mktemp("navegador-documentos")
    with servidor_demo(plantilla_demo, carpeta) as base:
        engine = crear_engine(f"sqlite:///{carpeta / 'recupera.db'}")
        try:
            with engine.connect() as c:
                numero = c.execute(
                    select(Expediente.numero)
                    .join(Usuario, col(Usuario.id) == Expediente.gestor_id)
                    .join(DeudaPeriodo, col(DeudaPeriodo.patrono_id) == Expediente.patrono_id)
                    .where(
                        Usuario.nombre_usuario == "gestor", Expediente.tipo == TipoExpediente.COBRO
                    )
                    .where(col(Expediente.etapa).in_([Etapa.ABIERTO, Etapa.EN_GESTION]))
                    .group_by(col(Expediente.numero))
                    .order_by(func.count().desc(), col(Expediente.numero))
                    .limit(1)
                ).scalar_one()
        finally:
            engine.dispose()
        yield Demo(base, numero)


def _vista_previa_cargada(pagina: Page) -> None:
    """Cada página de la vista previa es una imagen que el navegador pudo dibujar."""
    imagenes = pagina.locator(".vista-previa img")
    expect(imagenes.first).to_be_visible()
    for i in range(imagenes.count()):
        imagenes.nth(i).scroll_into_view_if_needed()
        expect(imagenes.nth(i)).to_have_js_property("complete", True)
        assert imagenes.nth(i).evaluate("img => img.naturalWidth") > 500


def test_un_aviso_de_cobro_va_del_gestor_al_jefe_y_queda_final(
    navegador: Browser, demo: Demo
) -> None:
    """Redactar, enviar, observar, corregir, reenviar, aprobar y dejar final, cada uno con clics."""
    gestor = pestana(navegador, demo.base, "gestor")
    gestor.goto(f"{demo.base}/expedientes/{demo.expediente}")
    gestor.locator("#documentos").scroll_into_view_if_needed()
    captura(gestor, "expediente-documentos")
    gestor.click("#documentos >> text=Aviso de cobro")
    expect(gestor.locator("h1")).to_have_text("Redactar: Aviso de cobro")
    expect(gestor.locator("#dato_plazo_dias")).to_have_value("10")
    captura(gestor, "documento-formulario")
    gestor.click("#form-documento button[type=submit]")
    expect(gestor.locator(".aviso-exito")).to_contain_text("guardado como borrador")
    numero = gestor.locator("h1 .mono").inner_text()
    assert re.fullmatch(r"DRP-[0-9]{4}-[0-9]{6}", numero)
    url_documento = gestor.url
    captura(gestor, "documento-borrador")
    gestor.click("#form-enviar button[type=submit]")
    expect(gestor.locator(".aviso-exito")).to_contain_text("Enviado a revisión", timeout=CONVERSION)
    expect(gestor.locator(".estado-documento")).to_have_text("En revisión")

    jefe = pestana(navegador, demo.base, "jefe")
    cola = jefe.locator("#cola-revision")
    expect(cola).to_contain_text(numero)
    captura(jefe, "inicio-jefe")
    jefe.click("nav.menu >> text=Revisión")
    fila = jefe.locator("table.cola tr", has_text=numero)
    expect(fila).to_contain_text("Carlos Alberto Mejía Peña")
    captura(jefe, "documentos-revision")
    fila.locator("text=Revisar").click()
    expect(jefe.locator("h1")).to_contain_text(numero)
    _vista_previa_cargada(jefe)
    captura(jefe, "documento-revision-jefe")
    jefe.fill("#observaciones", OBSERVACION)
    jefe.click("#form-observar button[type=submit]")
    expect(jefe.locator(".aviso-exito")).to_have_text("Devuelto al autor con sus observaciones.")

    gestor.goto(f"{demo.base}/")
    mios = gestor.locator("#mis-documentos")
    expect(mios.locator("tr", has_text=numero)).to_contain_text(OBSERVACION)
    captura(gestor, "inicio-gestor-observado")
    mios.locator(f"text={numero}").click()
    expect(gestor.locator(".observaciones .texto-observacion")).to_have_text(OBSERVACION)
    captura(gestor, "documento-observado")
    gestor.click("a#editar")
    gestor.fill("#dato_plazo_dias", "15")
    captura(gestor, "documento-editar")
    gestor.click("#form-documento button[type=submit]")
    expect(gestor.locator(".aviso-exito")).to_contain_text("se volvió a generar")
    datos = gestor.locator(".entradas")
    expect(datos).to_contain_text("15")
    gestor.click("#form-enviar button[type=submit]")
    expect(gestor.locator(".aviso-exito")).to_contain_text("Enviado a revisión", timeout=CONVERSION)

    jefe.goto(url_documento)
    _vista_previa_cargada(jefe)
    jefe.click("#form-aprobar button[type=submit]")
    expect(jefe.locator(".aviso-exito")).to_contain_text("Aprobado")
    expect(jefe.locator(".estado-documento")).to_have_text("Aprobado")

    gestor.goto(url_documento)
    gestor.click("#form-finalizar button[type=submit]")
    expect(gestor.locator(".estado-documento")).to_have_text("Final", timeout=CONVERSION)
    salida = gestor.locator(".numero-salida")
    expect(salida).to_have_text(re.compile(r"^CS-[0-9]{4}-[0-9]{6}$"))
    expect(gestor.locator(".aviso-exito").last).to_contain_text(salida.inner_text())
    expect(gestor.locator(".historia-documento")).to_contain_text(OBSERVACION)
    captura(gestor, "documento-final")
    gestor.click("nav.menu >> text=Documentos")
    expect(gestor.locator("table.documentos tr", has_text=numero)).to_contain_text("Final")
    captura(gestor, "documentos-lista")
    gestor.context.close()
    jefe.context.close()


def test_el_administrador_consulta_el_catalogo_de_plantillas(
    navegador: Browser, demo: Demo
) -> None:
    """La página de plantillas con el contrato abierto y el formulario de una versión nueva."""
    admin = pestana(navegador, demo.base, "admin")
    admin.click("nav.menu summary:has-text('Más')")
    admin.click("nav.menu >> text=Plantillas")
    expect(admin.locator("h1")).to_have_text("Plantillas de documentos")
    seccion = admin.locator("#plantilla-aviso_cobro")
    seccion.locator("summary", has_text="Contrato").click()
    seccion.locator("summary", has_text="Publicar una versión nueva").click()
    expect(seccion).to_contain_text("Fecha de corte de la mora")
    captura(admin, "plantillas")
    admin.context.close()
