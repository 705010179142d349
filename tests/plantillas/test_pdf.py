"""Conversión a PDF/A-2b con un LibreOffice real que se mantiene corriendo, y su verificación."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader, PdfWriter
from pypdf.xmp import XmpInformation

from plantillas.pdf import (
    ConversorPdf,
    ErrorPdf,
    contar_paginas,
    verificar_pdf,
    vista_previa_png,
)

RAIZ = Path(__file__).resolve().parents[2]
TEXTOS = [
    "Señor José Ñúñez Peña, Pérez & Cía. <S.A. de C.V.>",
    "Asunto: \"Aviso de cobro\" y 'segundo aviso'",
    "Plantilla sin rellenar: {{ x }}",
    "ÁÉÍÓÚ Ü ¿Cuánto debe? ¡Pague antes del 15 de diciembre!",
]
_LIBREOFFICE = {"soffice.bin", "oosplash"}


def _docx(*parrafos: str, filas: int = 0, saltos: int = 0) -> bytes:
    """Un .docx con esos párrafos, una tabla de `filas` filas y `saltos` saltos de página."""
    documento = Document()
    for parrafo in parrafos:
        documento.add_paragraph(parrafo)
    if filas:
        tabla = documento.add_table(rows=filas, cols=3)
        for numero, fila in enumerate(tabla.rows, start=1):
            fila.cells[0].text = f"2025-{numero:02d}"
            fila.cells[1].text = f"Cotización {numero}"
            fila.cells[2].text = f"${numero * 125:,}.50"
    for numero in range(saltos):
        documento.add_page_break()
        documento.add_paragraph(f"Página {numero + 2}")
    salida = io.BytesIO()
    documento.save(salida)
    return salida.getvalue()


def _texto(pdf: bytes) -> str:
    """El texto de todas las páginas, con los espacios reducidos a uno."""
    lector = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(p.extract_text() for p in lector.pages).split())


def _pdf_de_pypdf(*, paginas: int = 1, pdfa: bool = False) -> bytes:
    """Un PDF de páginas en blanco hecho con pypdf; con `pdfa`, su XMP dice PDF/A-2b."""
    escritor = PdfWriter()
    for _ in range(paginas):
        escritor.add_blank_page(width=612, height=792)
    if pdfa:
        xmp = XmpInformation.create()
        xmp.pdfaid_part = "2"
        xmp.pdfaid_conformance = "B"
        escritor.xmp_metadata = xmp
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def _procesos_del_grupo(grupo: int) -> list[tuple[int, str, str]]:
    """(pid, programa, estado) de cada proceso del grupo, zombis incluidos, según /proc."""
    encontrados = []
    for entrada in os.scandir("/proc"):
        if not entrada.name.isdigit():
            continue
        try:
            estado = Path(entrada.path, "stat").read_text()
        except OSError:
            continue  # terminó mientras se leía
        programa = estado[estado.index("(") + 1 : estado.rindex(")")]
        campos = estado[estado.rindex(")") + 2 :].split()
        if int(campos[2]) == grupo:
            encontrados.append((int(entrada.name), programa, campos[0]))
    return encontrados


def _libreoffice_del_grupo(grupo: int) -> list[tuple[int, str, str]]:
    """Los soffice.bin y oosplash del grupo, vivos o zombis.

    Los gpg/gpgconf que LibreOffice lanza al arrancar se desprenden (pasan al proceso 1, que los
    recoge): no cuentan.
    """
    return [p for p in _procesos_del_grupo(grupo) if p[1] in _LIBREOFFICE]


@pytest.fixture(scope="module")
def propio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConversorPdf]:
    """Un LibreOffice para casi todo el módulo (arrancarlo cuesta un segundo), aparte del de la
    sesión (conftest): estas pruebas lo matan y le vencen el plazo."""
    with ConversorPdf(carpeta=tmp_path_factory.mktemp("libreoffice")) as conversor:
        yield conversor


@pytest.fixture(scope="module")
def carta(propio: ConversorPdf) -> bytes:
    """El PDF de una carta de una página con los textos difíciles y una tabla de 12 filas."""
    return propio.convertir(_docx(*TEXTOS, filas=12))


@pytest.mark.libreoffice
def test_convierte_un_docx_en_pdf_a2b_con_el_texto_exacto(carta: bytes) -> None:
    """GIVEN una carta con acentos, Ñ, & < >, comillas y {{ x }}
    WHEN se convierte THEN es un PDF/A-2b de una página con cada texto tal cual."""
    xmp = PdfReader(io.BytesIO(carta)).xmp_metadata
    assert xmp is not None
    assert (xmp.pdfaid_part, xmp.pdfaid_conformance) == ("2", "B")
    assert contar_paginas(carta) == 1
    texto = _texto(carta)
    for esperado in TEXTOS:
        assert esperado in texto
    assert verificar_pdf(carta, textos=TEXTOS) == []


@pytest.mark.libreoffice
def test_el_pdf_tiene_tantas_paginas_como_el_documento(propio: ConversorPdf) -> None:
    """Dos saltos de página en el .docx dan tres páginas en el PDF."""
    pdf = propio.convertir(_docx("Página 1", saltos=2))
    assert contar_paginas(pdf) == 3
    assert verificar_pdf(pdf, textos=["Página 1", "Página 2", "Página 3"]) == []


@pytest.mark.libreoffice
def test_convierte_desde_varios_hilos_a_la_vez(propio: ConversorPdf) -> None:
    """El conversor se comparte entre hilos: cada uno recibe el PDF de su propio documento."""
    nombres = [f"Patrono número {n} — Núñez & Hijos" for n in range(6)]
    with ThreadPoolExecutor(max_workers=3) as hilos:
        pdfs = list(hilos.map(lambda nombre: propio.convertir(_docx(nombre)), nombres))
    for nombre, pdf in zip(nombres, pdfs, strict=True):
        assert verificar_pdf(pdf, textos=[nombre]) == []


@pytest.mark.parametrize(
    "datos",
    [
        "Señor Pérez: este texto plano solo se llama .docx".encode(),
        b"",
        b"PK\x03\x04 zip truncado",
    ],
    ids=["texto-renombrado", "vacio", "zip-roto"],
)
def test_rechaza_lo_que_no_es_docx_sin_llamar_a_libreoffice(tmp_path: Path, datos: bytes) -> None:
    """LibreOffice «convertiría» un texto renombrado .docx: se rechaza antes de arrancarlo."""
    conversor = ConversorPdf(carpeta=tmp_path / "lo")
    with pytest.raises(ErrorPdf, match=r"no es un documento de Word \(\.docx\)"):
        conversor.convertir(datos)
    assert conversor.pid_soffice is None
    conversor.cerrar()


def test_rechaza_un_zip_sin_word_document_xml(propio: ConversorPdf) -> None:
    """Un zip cualquiera (p. ej. un .xlsx renombrado) no es un .docx."""
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w") as paquete:
        paquete.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ErrorPdf, match="no es un documento de Word"):
        propio.convertir(salida.getvalue())


@pytest.mark.libreoffice
def test_si_matan_libreoffice_entre_dos_conversiones_la_siguiente_funciona(
    propio: ConversorPdf,
) -> None:
    """GIVEN un LibreOffice que muere (kill -9 a soffice.bin) THEN la conversión siguiente
    lo arranca de nuevo sin error, y del viejo no queda ni un zombi."""
    propio.convertir(_docx("Antes"))
    grupo = propio.pid_soffice
    assert grupo is not None
    soffice = [pid for pid, programa, _ in _procesos_del_grupo(grupo) if programa == "soffice.bin"]
    assert len(soffice) == 1
    os.kill(soffice[0], signal.SIGKILL)

    pdf = propio.convertir(_docx("Después de la caída"))

    assert verificar_pdf(pdf, textos=["Después de la caída"]) == []
    assert propio.pid_soffice not in (None, grupo)
    assert _libreoffice_del_grupo(grupo) == []


@pytest.mark.libreoffice
def test_si_matan_el_puente_la_siguiente_conversion_funciona(propio: ConversorPdf) -> None:
    """El puente UNO muerto también se reemplaza, con su LibreOffice."""
    propio.convertir(_docx("Antes"))
    puente, grupo = propio.pid_puente, propio.pid_soffice
    assert puente is not None and grupo is not None
    os.kill(puente, signal.SIGKILL)

    pdf = propio.convertir(_docx("Puente nuevo"))

    assert verificar_pdf(pdf, textos=["Puente nuevo"]) == []
    assert propio.pid_puente != puente
    assert _libreoffice_del_grupo(grupo) == []


@pytest.mark.libreoffice
def test_una_conversion_que_vence_el_plazo_detiene_todo_sin_dejar_procesos(
    propio: ConversorPdf,
) -> None:
    """GIVEN un documento de decenas de páginas y un plazo de 0,3 s WHEN vence THEN ErrorPdf,
    y ni LibreOffice ni el puente quedan vivos o zombis; la conversión siguiente arranca otro."""
    propio.convertir(_docx("Arranque"))
    grupo, puente = propio.pid_soffice, propio.pid_puente
    assert grupo is not None and puente is not None
    largo = _docx(*(f"Párrafo {n}: " + "cuota patronal pendiente " * 12 for n in range(1500)))
    propio.segundos = 0.3
    try:
        with pytest.raises(ErrorPdf, match=r"no terminó en 0\.3 s"):
            propio.convertir(largo)
    finally:
        propio.segundos = 60
    assert propio.pid_soffice is None
    assert _libreoffice_del_grupo(grupo) == []
    assert not Path(f"/proc/{puente}").exists()
    assert verificar_pdf(propio.convertir(_docx("Otra vez")), textos=["Otra vez"]) == []


@pytest.mark.libreoffice
def test_dos_conversores_no_comparten_carpeta(propio: ConversorPdf) -> None:
    """LibreOffice no comparte su perfil: la carpeta en uso se rechaza con un mensaje claro."""
    propio.convertir(_docx("Ocupada"))
    otro = ConversorPdf(carpeta=propio.carpeta)
    with pytest.raises(ErrorPdf, match="ya la usa otro conversor"):
        otro.convertir(_docx("Intruso"))
    otro.cerrar()


_HIJO = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from plantillas.pdf import ConversorPdf

    carpeta, entrada, salida = map(Path, sys.argv[1:4])
    docx = entrada.read_bytes()
    with ConversorPdf(carpeta=carpeta) as conversor:
        conversor.convertir(docx)
        print("listo", flush=True)
        sys.stdin.readline()
        inicio = time.monotonic()
        for _ in range(4):
            pdf = conversor.convertir(docx)
        fin = time.monotonic()
    salida.write_bytes(pdf)
    print(json.dumps({"inicio": inicio, "fin": fin}), flush=True)
    """
)


def _hijo_que_convierte(carpeta: Path, entrada: Path, salida: Path) -> subprocess.Popen[str]:
    """Otro proceso de Python con su propio ConversorPdf (el guion `_HIJO`)."""
    orden = [sys.executable, "-c", _HIJO, str(carpeta), str(entrada), str(salida)]
    return subprocess.Popen(
        orden, cwd=RAIZ, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


@pytest.mark.libreoffice
@pytest.mark.lento
def test_dos_conversores_en_dos_procesos_convierten_a_la_vez(tmp_path: Path) -> None:
    """Cada proceso con su carpeta (su perfil) tiene su LibreOffice: convierten al mismo tiempo."""
    entrada = tmp_path / "carta.docx"
    entrada.write_bytes(_docx(*TEXTOS, filas=12))
    hijos = [
        _hijo_que_convierte(tmp_path / f"lo{n}", entrada, tmp_path / f"{n}.pdf") for n in range(2)
    ]
    for hijo in hijos:
        assert hijo.stdout is not None
        assert hijo.stdout.readline().strip() == "listo"
    for hijo in hijos:
        assert hijo.stdin is not None
        hijo.stdin.write("\n")
        hijo.stdin.flush()
    salidas = [hijo.communicate(timeout=60)[0] for hijo in hijos]

    assert [hijo.returncode for hijo in hijos] == [0, 0]
    tiempos = [json.loads(salida) for salida in salidas]
    assert max(t["inicio"] for t in tiempos) < min(t["fin"] for t in tiempos)
    for n in range(2):
        assert verificar_pdf((tmp_path / f"{n}.pdf").read_bytes(), textos=TEXTOS) == []


_SIN_CERRAR = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from plantillas.pdf import ConversorPdf

    conversor = ConversorPdf(carpeta=Path(sys.argv[1]))
    conversor.convertir(Path(sys.argv[2]).read_bytes())
    print(conversor.pid_soffice, flush=True)
    """
)


@pytest.mark.libreoffice
@pytest.mark.lento
def test_un_proceso_que_termina_sin_cerrar_no_deja_libreoffice(tmp_path: Path) -> None:
    """Si nadie llama a cerrar(), la limpieza de atexit cierra LibreOffice al salir."""
    entrada = tmp_path / "carta.docx"
    entrada.write_bytes(_docx("Sin cerrar"))
    orden = [sys.executable, "-c", _SIN_CERRAR, str(tmp_path / "lo"), str(entrada)]
    hijo = subprocess.run(orden, cwd=RAIZ, capture_output=True, text=True, timeout=60, check=True)
    grupo = int(hijo.stdout)
    try:
        assert _libreoffice_del_grupo(grupo) == []
    finally:
        for pid, _programa, _estado in _procesos_del_grupo(grupo):
            os.kill(pid, signal.SIGKILL)  # si la prueba falla, que no quede LibreOffice suelto


def test_verificar_pdf_rechaza_lo_que_no_es_pdf() -> None:
    """Sin la firma %PDF- no se intenta leer nada más."""
    assert verificar_pdf(b"PK\x03\x04 un docx, no un PDF") == [
        "El archivo no es un PDF: no empieza con «%PDF-»."
    ]


def test_verificar_pdf_avisa_de_un_pdf_ilegible() -> None:
    """Un PDF truncado o dañado se informa, sin que escape la excepción de pypdf."""
    problemas = verificar_pdf(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    assert len(problemas) == 1
    assert "está dañado y no se pudo leer" in problemas[0]


@pytest.mark.libreoffice
def test_verificar_pdf_avisa_de_un_pdf_comun_que_no_es_pdf_a(carta: bytes) -> None:
    """El mismo PDF sin su XMP (como lo deja un PdfWriter().append) ya no declara PDF/A."""
    escritor = PdfWriter(clone_from=io.BytesIO(carta))
    del escritor.root_object["/Metadata"]
    salida = io.BytesIO()
    escritor.write(salida)
    assert verificar_pdf(salida.getvalue(), textos=TEXTOS) == [
        "El PDF no declara ser PDF/A-2b: no tiene metadatos XMP en su catálogo."
    ]


def test_verificar_pdf_avisa_de_otra_version_de_pdf_a() -> None:
    """Un XMP que declara PDF/A-1b no basta: se pide PDF/A-2b."""
    escritor = PdfWriter(clone_from=io.BytesIO(_pdf_de_pypdf(pdfa=True)))
    xmp = XmpInformation.create()
    xmp.pdfaid_part = "1"
    xmp.pdfaid_conformance = "B"
    escritor.xmp_metadata = xmp
    salida = io.BytesIO()
    escritor.write(salida)
    problemas = verificar_pdf(salida.getvalue())
    assert "pdfaid:part «1», pdfaid:conformance «B»" in problemas[0]


def test_verificar_pdf_avisa_de_un_pdf_sin_texto() -> None:
    """Un PDF/A de páginas en blanco (o solo imágenes) no tiene texto que verificar."""
    assert verificar_pdf(_pdf_de_pypdf(pdfa=True)) == [
        "El PDF no tiene texto extraíble (¿solo imágenes?): no se puede buscar ni verificar."
    ]


def test_verificar_pdf_avisa_de_un_pdf_sin_paginas() -> None:
    """Un PDF sin páginas, y además sin XMP."""
    assert verificar_pdf(_pdf_de_pypdf(paginas=0)) == [
        "El PDF no tiene páginas.",
        "El PDF no declara ser PDF/A-2b: no tiene metadatos XMP en su catálogo.",
    ]


@pytest.mark.libreoffice
def test_verificar_pdf_dice_que_texto_esperado_falta(carta: bytes) -> None:
    """Cada texto que falta se nombra; los espacios y saltos de línea no cuentan."""
    problemas = verificar_pdf(
        carta, textos=["Señor   José\nÑúñez Peña", "Convenio de pago N.º 7", "{{ y }}"]
    )
    assert problemas == [
        "No aparece el texto esperado «Convenio de pago N.º 7».",
        "No aparece el texto esperado «{{ y }}».",
    ]


def test_contar_paginas_rechaza_lo_que_no_es_pdf() -> None:
    """Contar páginas de algo que no es un PDF es un ErrorPdf, no un error de pypdf."""
    with pytest.raises(ErrorPdf, match="no es un PDF"):
        contar_paginas(b"hola")


@pytest.mark.libreoffice
def test_vista_previa_png_dibuja_una_pagina(carta: bytes) -> None:
    """La vista previa es un PNG; una página que no existe es un ErrorPdf."""
    png = vista_previa_png(carta, dpi=40)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(ErrorPdf, match="no tiene la página 2"):
        vista_previa_png(carta, pagina=2)


@pytest.mark.libreoffice
def test_convertir_exige_los_textos_pedidos_en_el_pdf(propio: ConversorPdf) -> None:
    """Un PDF sin el número que debía decir se rechaza: su texto no es el del documento."""
    docx = _docx("DRP-2026-000001 & Pérez")
    assert propio.convertir(docx, ["DRP-2026-000001"]).startswith(b"%PDF-")
    with pytest.raises(ErrorPdf) as exc:
        propio.convertir(docx, ["EXP-2026-99999"])
    assert any("EXP-2026-99999" in p for p in exc.value.problemas), exc.value.problemas
