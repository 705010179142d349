"""Lo que el documento dice de sí mismo: el PDF/A declara español de El Salvador (/Lang) y el
`.docx` nombra al departamento, al documento y a la aplicación, no a una biblioteca."""

from __future__ import annotations

from io import BytesIO
from zipfile import ZipFile

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader
from sqlmodel import Session

from plantillas import catalogo_del_proyecto, revision
from plantillas.instalacion import Parametros
from tests.plantillas.conftest import Caso
from tests.plantillas.test_revision import _borrador


def test_el_docx_generado_nombra_al_departamento_al_documento_y_a_recupera(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Título con el número DRP, palabras clave con los números, autor el departamento, la
    aplicación Recupera (no la de la plantilla vacía de python-docx) e idioma es-SV."""
    doc = _borrador(session, p, caso, "oficio_respuesta")
    docx = p.almacen.leer(doc.docx_sha256)
    propiedades = Document(BytesIO(docx)).core_properties
    assert propiedades.title == f"Oficio de respuesta {doc.numero}"
    assert propiedades.keywords == (
        f"{doc.numero}; {doc.saliente_numero}; {caso.expediente.numero}"
    )
    assert propiedades.author.startswith("Departamento de Recuperación Prejudicial")
    assert propiedades.language == "es-SV"
    extendidas = ZipFile(BytesIO(docx)).read("docProps/app.xml").decode()
    assert "<Application>Recupera</Application>" in extendidas
    assert "Word" not in extendidas


@pytest.mark.libreoffice
def test_el_pdf_declara_espanol_de_el_salvador(session: Session, p: Parametros, caso: Caso) -> None:
    """LibreOffice pondría el idioma de su instalación (en-US): el PDF dice es-SV."""
    doc = _borrador(session, p, caso)
    revision.enviar_a_revision(
        session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.gestor
    )
    pdf = PdfReader(BytesIO(p.almacen.leer(doc.pdf_sha256 or "")))
    assert pdf.trailer["/Root"]["/Lang"] == "es-SV"
    assert pdf.metadata is not None and pdf.metadata.title == f"Aviso de cobro {doc.numero}"


@pytest.mark.parametrize("nombre", sorted(catalogo_del_proyecto()))
def test_la_linea_de_copias_va_con_las_firmas_y_no_queda_sola_en_una_pagina(nombre: str) -> None:
    """La línea «c. c.» está dentro del cierre indivisible (una fila que no se parte): si las
    firmas pasan a otra página, ella va con ellas."""
    documento = Document(BytesIO(catalogo_del_proyecto()[nombre].docx))
    copias = [
        p for p in documento.element.body.iter(qn("w:p"))
        if "".join(t.text or "" for t in p.iter(qn("w:t"))).startswith("c. c.")
    ]  # fmt: skip
    # El anteproyecto es un acuerdo del Consejo: no lleva copias.
    assert len(copias) == (0 if nombre == "anteproyecto_acuerdo" else 1), nombre
    for copia in copias:
        fila = next(a for a in copia.iterancestors() if a.tag == qn("w:tr"))
        assert fila.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
