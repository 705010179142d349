"""El render: escape de datos hostiles, entorno aislado y estricto, restos de sintaxis, lectura."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from docx import Document

from plantillas.entorno import EntornoDocumentos, entorno
from plantillas.lectura import leer_docx
from plantillas.motor import SENTINELA, ErrorDeRender, generar

HOSTIL = 'Pérez & Cía <S.A. de C.V.> "La Espiga" {{ x }} {% if %} {_{ Ñandú \' ü'


def plantilla(*parrafos: str, encabezado: str = "", tabla: bool = False) -> bytes:
    """Un .docx de prueba con estos párrafos, un encabezado y, si se pide, una tabla con bucle."""
    doc = Document()
    if encabezado:
        doc.sections[0].header.paragraphs[0].text = encabezado
    for texto in parrafos:
        doc.add_paragraph(texto)
    if tabla:
        t = doc.add_table(rows=4, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "Período", "Cuota"
        t.cell(1, 0).text = "{%tr for l in filas %}"
        t.cell(2, 0).text, t.cell(2, 1).text = "{{ l.nombre }}", "{{ l.monto | moneda }}"
        t.cell(3, 0).text = "{%tr endfor %}"
    salida = BytesIO()
    doc.save(salida)
    return salida.getvalue()


def contexto(**extra: Any) -> dict[str, Any]:
    """Datos hostiles en todas partes: el nombre, cada fila de la tabla y una lista de párrafos."""
    return {
        "nombre": HOSTIL,
        "filas": [{"nombre": f"{HOSTIL} {i}", "monto": Decimal("1234.5") + i} for i in range(12)],
        "parrafos": ["Primero & <segundo>", "{{ tercero }}"],
        **extra,
    }


def test_los_datos_hostiles_se_leen_de_vuelta_exactos_en_cuerpo_tabla_y_encabezado() -> None:
    """GIVEN & < > comillas {{ }} {% %} {_{ y tildes WHEN se genera THEN se leen intactos."""
    docx = plantilla(
        "Señores: {{ nombre }}",
        "{%p for p in parrafos %}",
        "{{ p }}",
        "{%p endfor %}",
        encabezado="Ref. {{ nombre }}",
        tabla=True,
    )
    generado = generar(docx, contexto(), entorno())
    assert generado.restos == []
    texto = leer_docx(generado.docx)
    assert f"Señores: {HOSTIL}" in texto.parrafos
    assert f"Ref. {HOSTIL}" in texto.parrafos  # el encabezado también
    assert texto.tablas[0][1] == [f"{HOSTIL} 0", "$1,234.50"]
    assert texto.tablas[0][12] == [f"{HOSTIL} 11", "$1,245.50"]
    assert "Primero & <segundo>" in texto.parrafos and "{{ tercero }}" in texto.parrafos
    assert SENTINELA not in texto.texto


def test_el_xml_generado_lleva_las_entidades_escapadas_no_el_texto_crudo() -> None:
    """Sin escape, docxtpl pierde el `&` en silencio: el XML debe llevar &amp; y &lt;."""
    generado = generar(plantilla("{{ nombre }}"), contexto(), entorno())
    with zipfile.ZipFile(BytesIO(generado.docx)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "Pérez &amp; Cía &lt;S.A. de C.V.&gt;" in xml


def test_una_variable_que_falta_es_un_error_nunca_un_texto_vacio() -> None:
    """StrictUndefined: un dato ausente no deja un hueco en un documento legal."""
    with pytest.raises(ErrorDeRender) as exc:
        generar(plantilla("Total: {{ deuda.total }}"), contexto(), entorno())
    assert "no existe" in exc.value.mensaje
    assert "deuda" in " ".join(exc.value.problemas)


@pytest.mark.parametrize(
    "fuente",
    [
        "{{ filas.append(1) }}",  # modificar datos: el entorno es inmutable
        "{{ nombre.__class__.__mro__ }}",  # atributos internos de Python
        "{{ filas.clear() }}",
    ],
)
def test_el_entorno_aislado_impide_operaciones_peligrosas(fuente: str) -> None:
    """Una plantilla subida no puede modificar datos ni llegar a las entrañas de Python."""
    with pytest.raises(ErrorDeRender):
        generar(plantilla(fuente), contexto(), entorno())


def test_la_sintaxis_que_produce_la_propia_plantilla_se_informa_como_resto() -> None:
    """Un `{{` escrito por la plantilla (no por los datos) es un resto sin resolver."""
    generado = generar(plantilla("Dice {{ '{{' }} y {{ nombre }}"), contexto(), entorno())
    assert len(generado.restos) == 1
    assert generado.restos[0].startswith("Dice {{ y ")


def test_un_filtro_que_no_existe_es_un_error_de_plantilla() -> None:
    """Un filtro mal escrito no pasa en silencio."""
    with pytest.raises(ErrorDeRender, match="error"):
        generar(plantilla("{{ nombre | monedas }}"), contexto(), entorno())


def test_un_tipo_extrano_en_el_contexto_se_rechaza() -> None:
    """Solo datos simples llegan a una plantilla: nada de objetos con métodos."""
    with pytest.raises(TypeError):
        generar(plantilla("{{ nombre }}"), contexto(nombre=object()), entorno())


def test_un_dato_con_el_caracter_reservado_se_rechaza_en_vez_de_alterarse() -> None:
    """El sentinela interno nunca se confunde con un dato: el dato se rechaza con un mensaje."""
    with pytest.raises(ErrorDeRender, match="reservado"):
        generar(plantilla("{{ nombre }}"), contexto(nombre=f"a{SENTINELA}b"), entorno())


def test_la_compilacion_se_reutiliza_entre_documentos() -> None:
    """La misma plantilla se compila una vez: el segundo documento usa la compilada."""
    ent = EntornoDocumentos()
    docx = plantilla("{{ nombre }}", tabla=True)
    generar(docx, contexto(), ent)
    compiladas = len(ent._compiladas)
    generar(docx, contexto(nombre="Otra razón social"), ent)
    assert len(ent._compiladas) == compiladas


def test_leer_docx_rechaza_lo_que_no_es_un_documento_de_word() -> None:
    """Un texto con extensión .docx o un zip sin document.xml no se leen como documento."""
    from expedientes import ErrorDominio

    with pytest.raises(ErrorDominio, match="no es un documento de Word"):
        leer_docx(b"hola, no soy un docx")
    zip_vacio = BytesIO()
    with zipfile.ZipFile(zip_vacio, "w") as z:
        z.writestr("otra.xml", "<a/>")
    with pytest.raises(ErrorDominio, match=r"falta word/document\.xml"):
        leer_docx(zip_vacio.getvalue())
