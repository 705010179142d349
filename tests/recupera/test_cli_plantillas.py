"""La consola de plantillas: listar, revisar, generar un documento (y su PDF/A) o uno por cada
expediente de cobro abierto, en paralelo; salida 0 solo si todo fue válido."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import create_engine
from sqlmodel import col, select

from archivo import Almacen
from expedientes import Actor, Expediente, abrir_expediente
from plantillas import DocumentoGenerado, catalogo_del_proyecto, leer_docx
from tests.bd import nueva_sesion, sesion
from tests.conftest import un_solo_motor
from tests.plantillas.conftest import HOY, RAZON, Caso, crear_caso
from tests.recupera.test_cli import Ejecutar, entorno, recupera

__all__ = ["entorno", "recupera"]


@pytest.fixture
def caso_cli(recupera: Ejecutar, url_bd: str, tmp_path: Path) -> Caso:
    """Un caso de cobro confirmado en la base que usa la consola (almacén en su carpeta)."""
    engine = create_engine(url_bd)
    with sesion(engine, Actor("prueba:cli")) as s:
        caso = crear_caso(s, Almacen(tmp_path / "datos" / "blobs"))
    engine.dispose()
    return caso


def _documentos(url: str) -> list[DocumentoGenerado]:
    engine = create_engine(url)
    with nueva_sesion(engine) as s:
        filas = list(
            s.exec(select(DocumentoGenerado).order_by(col(DocumentoGenerado.numero))).all()
        )
    engine.dispose()
    return filas


def test_list_json_muestra_cada_plantilla_con_su_version_y_huella(recupera: Ejecutar) -> None:
    """Las seis plantillas del proyecto, cada una en la versión que trae, con su sha256."""
    resultado = recupera("plantillas", "list", "--json")
    assert resultado.exit_code == 0, resultado.output
    filas = json.loads(resultado.stdout)
    catalogo = catalogo_del_proyecto()
    assert {(f["nombre"], f["version"]) for f in filas} == {
        (n, c.contrato.version) for n, c in catalogo.items()
    }
    assert {f["sha256"] for f in filas} == {c.docx_sha256 for c in catalogo_del_proyecto().values()}


@un_solo_motor
def test_check_revisa_todas_las_plantillas_y_una_mala_sale_con_1(
    recupera: Ejecutar, tmp_path: Path
) -> None:
    """El catálogo está bien; una plantilla con una variable no declarada, no."""
    todas = recupera("plantillas", "check")
    assert todas.exit_code == 0, todas.output
    assert todas.stdout.count(": bien") == len(catalogo_del_proyecto())
    from docx import Document

    doc = Document(BytesIO(catalogo_del_proyecto()["aviso_cobro"].docx))
    doc.add_paragraph("{{ sin_declarar }}")
    mala = tmp_path / "aviso.docx"
    doc.save(mala)
    contrato = tmp_path / "aviso.toml"
    contrato.write_text((Path("plantillas/catalogo/aviso_cobro.toml")).read_text("utf-8"), "utf-8")
    resultado = recupera("plantillas", "check", "--docx", str(mala), "--contrato", str(contrato))
    assert resultado.exit_code == 1
    assert "La plantilla usa «sin_declarar» y el contrato no lo declara." in resultado.stderr


@pytest.mark.libreoffice
def test_render_escribe_el_docx_y_el_pdf_a_y_lo_guarda_como_borrador(
    recupera: Ejecutar, caso_cli: Caso, url_bd: str, tmp_path: Path
) -> None:
    """GIVEN un expediente de cobro WHEN `render aviso_cobro` THEN el .docx y el PDF/A dicen
    la razón social exacta, y queda un borrador DRP; repetirlo no crea otro."""
    datos = tmp_path / "entradas.json"
    datos.write_text(json.dumps({"corte": "2026-11-30", "plazo_dias": 10}), "utf-8")
    salida, pdf = tmp_path / "aviso.docx", tmp_path / "aviso.pdf"
    argumentos = ["plantillas", "render", "aviso_cobro", "--expediente", caso_cli.expediente.numero,
                  "--data", str(datos), "--out", str(salida)]  # fmt: skip
    resultado = recupera(*argumentos, "--pdf", str(pdf))
    assert resultado.exit_code == 0, resultado.output
    assert RAZON in leer_docx(salida.read_bytes()).normalizado
    texto_pdf = " ".join(" ".join(pg.extract_text().split()) for pg in PdfReader(pdf).pages)
    assert RAZON in texto_pdf
    documentos = _documentos(url_bd)
    assert [(d.numero, d.estado) for d in documentos] == [("DRP-2026-000001", "borrador")]
    assert documentos[0].pdf_de_sha256 == documentos[0].docx_sha256
    otra = recupera(*argumentos)
    assert otra.exit_code == 0, otra.output
    assert [d.numero for d in _documentos(url_bd)] == ["DRP-2026-000001"]


def test_render_con_datos_invalidos_sale_con_1_lista_cada_problema_y_no_guarda(
    recupera: Ejecutar, caso_cli: Caso, url_bd: str, tmp_path: Path
) -> None:
    """Dos problemas, los dos en la salida de errores; ni archivo ni borrador."""
    datos = tmp_path / "entradas.json"
    datos.write_text(json.dumps({"plazo_dias": 99, "prima": "1.00"}), "utf-8")
    salida = tmp_path / "aviso.docx"
    resultado = recupera("plantillas", "render", "aviso_cobro", "--expediente",
                         caso_cli.expediente.numero, "--data", str(datos), "--out", str(salida))  # fmt: skip
    assert resultado.exit_code == 1
    assert "«Plazo" in resultado.stderr and "no puede ser mayor que 30" in resultado.stderr
    assert "El dato «prima» no lo pide la plantilla aviso_cobro." in resultado.stderr
    assert not salida.exists() and _documentos(url_bd) == []


def test_render_all_genera_uno_por_expediente_de_cobro_abierto_en_paralelo(
    recupera: Ejecutar, caso_cli: Caso, url_bd: str, tmp_path: Path
) -> None:
    """Tres expedientes de cobro con gestor y uno sin gestor: tres avisos y el cuarto explicado."""
    engine = create_engine(url_bd)
    with sesion(engine, Actor("prueba:cli")) as s:
        gestor = s.merge(caso_cli.gestor)
        for asunto in ("Segundo & <otro>", "Tercero"):
            abrir_expediente(session=s, numero_patronal="310145678", tipo="cobro", hoy=HOY,
                             asunto=asunto, gestor=gestor)  # fmt: skip
        sin_gestor = abrir_expediente(session=s, numero_patronal="310145678", tipo="cobro", hoy=HOY)
        abrir_expediente(
            session=s, numero_patronal="310145678", tipo="convenio", hoy=HOY, gestor=gestor
        )
        numero_sin_gestor = sin_gestor.numero
    engine.dispose()
    carpeta = tmp_path / "avisos"
    resultado = recupera("plantillas", "render", "aviso_cobro", "--all", "--out-dir", str(carpeta),
                         "--procesos", "2")  # fmt: skip
    assert resultado.exit_code == 1
    assert f"{numero_sin_gestor}: no se generó" in resultado.stderr
    archivos = sorted(p.name for p in carpeta.iterdir())
    assert archivos == ["DRP-2026-000001.docx", "DRP-2026-000002.docx", "DRP-2026-000003.docx"]
    for archivo in carpeta.iterdir():
        assert RAZON in leer_docx(archivo.read_bytes()).normalizado
    documentos = _documentos(url_bd)
    assert len({d.expediente_id for d in documentos}) == 3
    # De nuevo: los mismos borradores se regeneran con su número; no aparecen otros.
    recupera("plantillas", "render", "aviso_cobro", "--all", "--out-dir", str(carpeta))
    assert [d.numero for d in _documentos(url_bd)] == [d.numero for d in documentos]
    engine = create_engine(url_bd)
    with nueva_sesion(engine) as s:
        tipos = {e.id: e.tipo for e in s.exec(select(Expediente)).all()}
    engine.dispose()
    assert {tipos[d.expediente_id] for d in documentos} == {"cobro"}
