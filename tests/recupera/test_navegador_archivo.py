"""Chromium real (Playwright) contra un Recupera real: el archivo busca un expediente archivado
escribiendo la razón social sin tildes, lo abre, ve sus documentos con sus folios y descarga el
PDF foliado; el jefe ve lo que le falta a otro para archivarse."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from pypdf import PdfReader
from sqlmodel import Session, select

from archivo import (
    Almacen,
    OrigenDocumento,
    almacen_de,
    cargar_requisitos,
    incorporar_documento,
    prestar_expediente,
    sellar,
)
from correspondencia import Correspondencia, vincular_carta
from expedientes import (
    Expediente,
    Patrono,
    Usuario,
    abrir_expediente,
    crear_engine,
    hoy,
    registrar_gestion,
)
from seguimiento import BLOQUEOS_DE_SELLADO
from tests.archivo.casos import pdf_de
from tests.recupera.archivo import paginas_de_indice
from tests.recupera.cartas import carta_de_papel
from tests.recupera.conftest import escribir
from tests.recupera.navegacion import captura, pestana
from tests.recupera.servidor import servidor_demo

pytestmark = pytest.mark.navegador
RAZON = "Distribuidora Ñandú, S.A. de C.V."
# (tipo, título, folios) de los documentos del expediente archivado.
DOCUMENTOS = [
    ("estado_cuenta", "Estado de cuenta al 31 de octubre de 2026", 3),
    ("aviso_cobro", "Aviso de cobro DRP-2026-000031", 2),
    ("correspondencia", "Respuesta del patrono: pago total de la mora", 1),
]


@dataclass(frozen=True)
class Demo:
    """El servidor, un expediente archivado de Ñandú y otro al que le falta el aviso."""

    base: str
    archivado: str
    incompleto: str
    carta: str


def _expediente(
    s: Session,
    almacen: Almacen,
    patrono: Patrono,
    jefe: Usuario,
    documentos: list[tuple[str, str, int]],
) -> Expediente:
    """Un expediente de cobro con una gestión y los documentos escaneados dados."""
    expediente = abrir_expediente(
        session=s, numero_patronal=patrono.numero_patronal, tipo="cobro",
        hoy=date(2026, 9, 1), asunto="Mora de julio y agosto de 2026", gestor=jefe,
    )  # fmt: skip
    registrar_gestion(
        session=s, expediente=expediente, tipo="visita", fecha=date(2026, 9, 10),
        nota="Se entregó el aviso de cobro.", autor=jefe, hoy=hoy(),
    )  # fmt: skip
    for tipo, titulo, folios in documentos:
        sha = almacen.guardar(pdf_de(folios, f"{expediente.numero} {titulo}"))
        incorporar_documento(
            session=s, expediente=expediente, tipo=tipo, titulo=titulo, fecha=date(2026, 10, 31),
            origen=OrigenDocumento.ESCANEADO, sha256=sha, sha256_pdf=sha, folios=folios,
            nombre_archivo=f"{tipo}.pdf", tipo_mime="application/pdf", registrado_por_id=jefe.id,
        )  # fmt: skip
    return expediente


@pytest.fixture(scope="module")
def demo(plantilla_demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """La demostración sirviendo; dos expedientes nuevos de Ñandú, uno sellado y prestado."""
    carpeta = tmp_path_factory.mktemp("navegador-archivo")
    with servidor_demo(plantilla_demo, carpeta) as base:
        engine = crear_engine(f"sqlite:///{carpeta / 'recupera.db'}")
        try:
            with escribir(engine) as s:
                patrono = s.exec(select(Patrono).where(Patrono.razon_social == RAZON)).one()
                jefe = s.exec(select(Usuario).where(Usuario.nombre_usuario == "jefe")).one()
                almacen = almacen_de(carpeta)
                archivado = _expediente(s, almacen, patrono, jefe, DOCUMENTOS)
                incompleto = _expediente(s, almacen, patrono, jefe, DOCUMENTOS[:1])
                sellar(
                    session=s, almacen=almacen, expediente=archivado, usuario=jefe,
                    requisitos=cargar_requisitos(), hoy=hoy(), bloqueos=BLOQUEOS_DE_SELLADO,
                )  # fmt: skip
                prestar_expediente(
                    session=s, expediente=incompleto, persona="Lic. Ana Martínez",
                    oficina="Unidad Jurídica", prestado_el=hoy() - timedelta(days=28),
                    vence_el=hoy() - timedelta(days=14), usuario=jefe,
                )  # fmt: skip
                numeros = (archivado.numero, incompleto.numero)
            carta = carta_de_papel(engine, carpeta, asunto="Constancia de pago total de la mora")
            with escribir(engine) as s:
                vincular_carta(
                    session=s,
                    carta=s.get(Correspondencia, carta.id),
                    numero_expediente=numeros[1],
                )
        finally:
            engine.dispose()
        yield Demo(base, *numeros, carta.numero)


def test_el_archivo_encuentra_un_expediente_sin_tildes_y_descarga_su_pdf_foliado(
    navegador: Browser, demo: Demo, tmp_path: Path
) -> None:
    """Buscar «distribuidora nandu», abrir el archivado, ver sus folios y exportar el PDF."""
    archivo = pestana(navegador, demo.base, "archivo", descargas=True)
    expect(archivo.locator("h1")).to_have_text("Archivo")
    expect(archivo.locator("#prestamos-vencidos")).to_contain_text(demo.incompleto)
    expect(archivo.locator("#sellados-recientes")).to_contain_text(demo.archivado)
    captura(archivo, "archivo-inicio")
    archivo.fill("#q", "distribuidora nandu")
    archivo.press("#q", "Enter")
    resultado = archivo.locator("article.resultado", has_text=demo.archivado)
    expect(resultado).to_contain_text(RAZON)
    expect(resultado.locator(".archivado")).to_have_text("Archivado")
    captura(archivo, "archivo-busqueda")

    resultado.locator(f"a:text-is('{demo.archivado}')").click()
    expect(archivo.locator("h1")).to_contain_text(demo.archivado)
    filas = archivo.locator("table.documentos-archivo tbody tr")
    expect(filas).to_have_count(3)
    for fila, (_, titulo, _), rango in zip(
        filas.all(), DOCUMENTOS, ["folios 1–3", "folios 4–5", "folio 6"], strict=True
    ):
        expect(fila).to_contain_text(titulo)
        expect(fila.locator(".rango-folios")).to_have_text(rango)
    expect(archivo.locator("#requeridos")).to_contain_text("✓")
    expect(archivo.locator("#sellos")).to_contain_text("José Roberto Aguilar Núñez")
    captura(archivo, "archivo-expediente")

    with archivo.expect_download() as descarga:
        archivo.click("text=Exportar PDF foliado")
    assert descarga.value.suggested_filename == f"{demo.archivado}.pdf"
    destino = tmp_path / descarga.value.suggested_filename
    descarga.value.save_as(destino)
    lector = PdfReader(BytesIO(destino.read_bytes()))
    indice = paginas_de_indice(lector)
    assert indice >= 1
    assert len(lector.pages) == 1 + indice + sum(f for _, _, f in DOCUMENTOS)
    assert "Folio 1" in lector.pages[1 + indice].extract_text()
    archivo.context.close()


def test_el_jefe_ve_lo_que_falta_para_archivar_y_los_prestamos(
    navegador: Browser, demo: Demo
) -> None:
    """Al incompleto le falta el aviso de cobro: «Cerrar y archivar» lo dice; está prestado."""
    jefe = pestana(navegador, demo.base, "jefe", descargas=True)
    jefe.goto(f"{demo.base}/archivo/{demo.incompleto}")
    expect(jefe.locator("#requeridos .falta")).to_contain_text("Aviso de cobro")
    expect(jefe.locator("#prestamo")).to_contain_text("Lic. Ana Martínez")
    jefe.check("#form-sellar input[name=confirmar]")
    jefe.click("#form-sellar button[type=submit]")
    expect(jefe.locator(".aviso-error")).to_contain_text("Falta: Aviso de cobro.")
    captura(jefe, "archivo-jefe-incompleto")
    jefe.click("nav.menu >> text=Archivo")
    jefe.click("text=Préstamos")
    expect(jefe.locator("#vencidos tr", has_text=demo.incompleto)).to_contain_text("de atraso")
    captura(jefe, "archivo-prestamos")
    jefe.goto(f"{demo.base}/archivo/verificacion")
    jefe.click("#form-verificar-todo button[type=submit]")
    expect(jefe.locator(".aviso-exito")).to_contain_text("Verificación correcta")
    captura(jefe, "archivo-verificacion")
    jefe.goto(f"{demo.base}/archivo/{demo.archivado}/correccion")
    captura(jefe, "archivo-correccion")
    jefe.goto(f"{demo.base}/expedientes/{demo.archivado}")
    expect(jefe.locator("#archivado")).to_contain_text("Archivado el")
    captura(jefe, "expediente-archivado")
    jefe.goto(f"{demo.base}/")
    expect(jefe.locator("#verificacion-archivo")).to_contain_text("Correcta")
    captura(jefe, "inicio-jefe-verificacion")
    jefe.context.close()


def test_el_jefe_incorpora_una_carta_vinculada_al_expediente(
    navegador: Browser, demo: Demo
) -> None:
    """Desde la carta: «Incorporar al expediente» con el tipo propuesto; queda con sus folios."""
    jefe = pestana(navegador, demo.base, "jefe", descargas=True)
    jefe.goto(f"{demo.base}/correspondencia/{demo.carta}")
    expect(jefe.locator("#form-incorporar select")).to_have_value("correspondencia")
    captura(jefe, "carta-incorporar")
    jefe.click("#form-incorporar button[type=submit]")
    expect(jefe.locator(".aviso-exito")).to_contain_text("quedó incorporada")
    expect(jefe.locator("#incorporada")).to_contain_text("documento N.º 2 (1 folio)")
    captura(jefe, "carta-incorporada")
    jefe.click("#incorporada a")
    fila = jefe.locator("#documento-2")
    expect(fila).to_contain_text(demo.carta)
    expect(fila.locator(".rango-folios")).to_have_text("folio 4")
    captura(jefe, "archivo-con-carta")
    jefe.context.close()
