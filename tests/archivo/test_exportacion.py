"""La exportación del expediente: PDF foliado (carátula, índice, «Folio k» en cada página) y zip.

Los documentos son PDF reales (reportlab y `pdf_de_texto`), guardados en un `Almacen` real; el
zip se verifica con `unzip` y `sha256sum -c` de verdad.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import time
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PageObject, PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from archivo import pdf_texto
from archivo.almacen import Almacen
from archivo.exportacion_datos import Caratula, DatosSello, DocumentoExportable
from archivo.exportacion_pdf import ErrorExportacion, exportar_pdf
from archivo.exportacion_zip import exportar_zip, nombre_seguro
from archivo.pdf_texto import pdf_de_texto

PATRONO = 'Panadería "El Trigal" & Ñandú <S.A. de C.V.> {{ razon_social }} — l\'Écluse'
HUELLA_MANIFIESTO = hashlib.sha256(b"manifiesto v3").hexdigest()
EXPORTADO_EN = datetime(2026, 11, 21, 16, 30, tzinfo=UTC)  # 10:30 en El Salvador
MANIFIESTO = b'{"expediente": "EXP-2026-00012", "version": 3}\n'
_FOLIO = re.compile(r"\bFolio (\d+)\b")


@pytest.fixture
def almacen(tmp_path: Path) -> Almacen:
    """Un almacén real, vacío."""
    return Almacen(tmp_path / "blobs")


def caratula_de_prueba(*, sellada: bool = True) -> Caratula:
    """Una carátula con datos difíciles: tildes, Ñ, &, <, comillas y llaves de plantilla."""
    sello = DatosSello(
        3, HUELLA_MANIFIESTO, datetime(2026, 11, 20, 21, 5, tzinfo=UTC), "María José Ñúñez"
    )
    return Caratula(
        numero_expediente="EXP-2026-00012",
        tipo_nombre="Recuperación de mora",
        asunto='Mora de cotizaciones «enero a marzo» & recargos <2026> "urgente"',
        razon_social=PATRONO,
        numero_patronal="400123456",
        nit="06141234567890",
        sucursal="San Miguel",
        abierto_el=date(2026, 1, 5),
        cerrado_el=None,
        sello=sello if sellada else None,
    )


def pdf_de_paginas(
    textos: list[str],
    *,
    tamano: tuple[float, float] = LETTER,
    rotacion: int = 0,
    recorte: tuple[float, float, float, float] | None = None,
    lineas: int = 1,
) -> bytes:
    """Un PDF con una página por texto (y `lineas` líneas de relleno), girada y recortada a gusto."""
    salida = BytesIO()
    lienzo = Canvas(salida, pagesize=tamano, invariant=True, cropBox=recorte)
    for texto in textos:
        lienzo.setPageRotation(rotacion)
        lienzo.setFont("Helvetica", 11)
        lienzo.drawString(120, 500, texto)
        for i in range(1, lineas):
            relleno = f"Línea {i}: el patrono adeuda las cotizaciones del período indicado."
            lienzo.drawString(90, 480 - 11 * i, relleno)
        lienzo.showPage()
    lienzo.save()
    return salida.getvalue()


def _documento(
    almacen: Almacen, orden: int, titulo: str, pdf: bytes, **cambios: Any
) -> DocumentoExportable:
    """Un documento cuyo original es su propia versión PDF, guardado en el almacén."""
    sha = almacen.guardar(pdf)
    documento = DocumentoExportable(
        orden=orden,
        tipo_nombre="Aviso de cobro",
        titulo=titulo,
        referencia=f"AC-2026-{orden:05d}",
        fecha=_fecha(orden),
        folios=len(PdfReader(BytesIO(pdf)).pages),
        sha256=sha,
        sha256_pdf=sha,
        nombre_original=f"{titulo}.pdf",
    )
    return replace(documento, **cambios)


def _fecha(orden: int) -> date:
    """La fecha del documento N.º `orden`: un día después de la del anterior."""
    return date(2026, 1, 31) + timedelta(days=orden)


def documentos_de_prueba(almacen: Almacen) -> list[DocumentoExportable]:
    """Cinco documentos: carta, girado 90°, A4, correo (pdf_de_texto) y recortado girado 270°."""
    correo = pdf_de_texto(
        titulo="Correo electrónico CE-2026-000123",
        campos=[("De:", f"{PATRONO} <ventas@trigal.com.sv>"), ("Asunto:", "Convenio")],
        parrafos=["Solicitamos un convenio de pago & prórroga. " * 40] * 6,
    )
    return [
        _documento(
            almacen,
            1,
            "Aviso inicial",
            pdf_de_paginas([f"Aviso inicial, página {i}" for i in (1, 2, 3)]),
        ),
        _documento(
            almacen, 2, "Acta apaisada", pdf_de_paginas(["Acta apaisada, página 1"], rotacion=90)
        ),
        _documento(
            almacen,
            3,
            'Estado de cuenta A4 & "Ñ" <{{ x }}>',
            pdf_de_paginas(["Estado A4, página 1", "Estado A4, página 2"], tamano=A4),
            tipo_nombre="Estado de cuenta",
        ),
        _documento(almacen, 4, "Solicitud de convenio", correo, tipo_nombre="Correo electrónico"),
        _documento(
            almacen,
            5,
            "Constancia escaneada",
            pdf_de_paginas(["Constancia, página 1"], rotacion=270, recorte=(40, 30, 560, 760)),
            tipo_nombre="Escaneado",
        ),
    ]


def expediente_de_prueba(
    almacen: Almacen, *, documentos: int = 30, paginas: int = 10
) -> tuple[Caratula, list[DocumentoExportable]]:
    """Un expediente de `documentos` × `paginas` páginas de texto, guardado en `almacen`.

    Para medir: `caratula, docs = expediente_de_prueba(almacen)` y luego
    `exportar_pdf(caratula, docs, almacen.leer)` (30 × 10 = 300 folios).
    """
    lista = [
        _documento(
            almacen,
            orden,
            f"Documento {orden}",
            pdf_de_paginas(
                [f"Documento {orden}, página {i}" for i in range(1, paginas + 1)], lineas=35
            ),
        )
        for orden in range(1, documentos + 1)
    ]
    return caratula_de_prueba(), lista


def medir_exportacion_pdf(
    carpeta: Path, *, documentos: int = 30, paginas: int = 10, repeticiones: int = 3
) -> list[float]:
    """Segundos de cada `exportar_pdf` de un expediente de prueba guardado bajo `carpeta`.

    La preparación (generar y guardar los PDF) no se cuenta; sí la lectura de los blobs.
    """
    almacen = Almacen(carpeta / "blobs")
    caratula, lista = expediente_de_prueba(almacen, documentos=documentos, paginas=paginas)
    tiempos = []
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        exportar_pdf(caratula, lista, almacen.leer)
        tiempos.append(time.perf_counter() - inicio)
    return tiempos


def _lector(pdf: bytes) -> PdfReader:
    """Un lector del PDF exportado."""
    return PdfReader(BytesIO(pdf))


def _paginas_de_indice(lector: PdfReader) -> int:
    """Cuántas páginas seguidas, después de la carátula, son del índice."""
    cuenta = 0
    while "ÍNDICE DE DOCUMENTOS" in lector.pages[1 + cuenta].extract_text():
        cuenta += 1
    return cuenta


def _renglones(pagina: PageObject) -> list[str]:
    """El texto de la página por renglones visuales (misma altura), de arriba abajo."""
    trozos: list[tuple[float, float, str]] = []

    def visitar(texto: str, cm: list[float], tm: list[float], *_: object) -> None:
        if texto.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            trozos.append((round(-y), x, texto.strip()))

    pagina.extract_text(visitor_text=visitar)
    renglones: dict[float, list[tuple[float, str]]] = {}
    for y, x, texto in trozos:
        renglones.setdefault(y, []).append((x, texto))
    return [" ".join(t for _, t in sorted(renglones[y])) for y in sorted(renglones)]


def test_el_pdf_tiene_caratula_indice_y_un_folio_por_pagina_de_documento(almacen: Almacen) -> None:
    """Páginas = 1 carátula + las del índice + la suma de los folios declarados."""
    documentos = documentos_de_prueba(almacen)
    lector = _lector(exportar_pdf(caratula_de_prueba(), documentos, almacen.leer))
    indice = _paginas_de_indice(lector)
    assert indice == 1
    assert len(lector.pages) == 1 + indice + sum(d.folios for d in documentos)
    assert "EXPEDIENTE" in lector.pages[0].extract_text()


def test_el_visor_numera_las_paginas_por_folio_y_marca_cada_documento(almacen: Almacen) -> None:
    """Números de página del visor = folios; un marcador por documento, en su primer folio."""
    documentos = documentos_de_prueba(almacen)
    lector = _lector(exportar_pdf(caratula_de_prueba(), documentos, almacen.leer))
    folios = sum(d.folios for d in documentos)
    assert lector.page_labels == ["Carátula", "Índice 1", *(str(k) for k in range(1, folios + 1))]
    marcadores = [(m.title, lector.get_destination_page_number(m)) for m in lector.outline]
    assert marcadores[:3] == [
        ("Carátula", 0),
        ("Índice", 1),
        ("1. Aviso de cobro: Aviso inicial (folios 1–3)", 2),
    ]
    assert marcadores[4] == (f"3. Estado de cuenta: {documentos[2].titulo} (folios 5–6)", 6)
    assert len(marcadores) == 2 + len(documentos)


def test_cada_pagina_de_documento_lleva_su_folio_corrido_y_su_contenido(almacen: Almacen) -> None:
    """La página k de los documentos dice «Folio k» (y ningún otro), en el orden del expediente."""
    documentos = documentos_de_prueba(almacen)
    lector = _lector(exportar_pdf(caratula_de_prueba(), documentos, almacen.leer))
    primera = 1 + _paginas_de_indice(lector)
    textos = [pagina.extract_text() for pagina in lector.pages]
    assert [_FOLIO.findall(t) for t in textos[:primera]] == [[]] * primera
    for k, texto in enumerate(textos[primera:], start=1):
        assert _FOLIO.findall(texto) == [str(k)], f"página {primera + k}"
        assert "EXP-2026-00012" in texto
    esperado = ["Aviso inicial, página 1", "Aviso inicial, página 2", "Aviso inicial, página 3"]
    esperado += ["Acta apaisada, página 1", "Estado A4, página 1", "Estado A4, página 2"]
    assert [next(e for e in esperado if e in t) for t in textos[primera : primera + 6]] == esperado
    assert "CE-2026-000123" in textos[primera + 6]
    assert "Constancia, página 1" in textos[-1]


def _en_pantalla(pagina: PageObject, x: float, y: float) -> tuple[float, float, float, float]:
    """Un punto del espacio de la página en coordenadas de lo que se ve (u, v, ancho, alto)."""
    caja = pagina.cropbox
    x0, y0, x1, y1 = (float(v) for v in (caja.left, caja.bottom, caja.right, caja.top))
    rotacion = pagina.rotation % 360
    u, v = {
        0: (x - x0, y - y0),
        90: (y - y0, x1 - x),
        180: (x1 - x, y1 - y),
        270: (y1 - y, x - x0),
    }[rotacion]
    ancho, alto = (y1 - y0, x1 - x0) if rotacion in (90, 270) else (x1 - x0, y1 - y0)
    return u, v, ancho, alto


def _sellos(pagina: PageObject) -> list[tuple[float, float, float, float]]:
    """Dónde está cada «Folio k» de la página, en lo que se ve: distancia al borde derecho y al
    de arriba, y hacia dónde avanza el texto (u, v)."""
    sellos: list[tuple[float, float, float, float]] = []

    def visitar(texto: str, cm: list[float], tm: list[float], *_: object) -> None:
        if _FOLIO.search(texto):
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            avance_x, avance_y = cm[0] * tm[0] + cm[2] * tm[1], cm[1] * tm[0] + cm[3] * tm[1]
            u, v, ancho, alto = _en_pantalla(pagina, x, y)
            u2, v2, _, _ = _en_pantalla(pagina, x + avance_x, y + avance_y)
            sellos.append((ancho - u, alto - v, u2 - u, v2 - v))

    pagina.extract_text(visitor_text=visitar)
    return sellos


def test_el_folio_queda_derecho_arriba_a_la_derecha_de_lo_que_se_ve(almacen: Almacen) -> None:
    """En páginas giradas (90°, 270°), A4 y recortadas, el sello está en la esquina visible."""
    documentos = documentos_de_prueba(almacen)
    lector = _lector(exportar_pdf(caratula_de_prueba(), documentos, almacen.leer))
    primera = 1 + _paginas_de_indice(lector)
    for pagina in lector.pages[primera:]:
        [(a_la_derecha, arriba, avance_u, avance_v)] = _sellos(pagina)
        assert 22 < a_la_derecha < 90 and 22 < arriba < 40
        assert avance_u == pytest.approx(1) and avance_v == pytest.approx(0, abs=1e-6)
    rotaciones = [p.rotation % 360 for p in lector.pages[primera:]]
    assert set(rotaciones) == {0, 90, 270}
    tamanos = {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in lector.pages[primera:]
    }
    assert (595, 842) in tamanos and (612, 792) in tamanos


def test_la_caratula_muestra_los_datos_tal_cual_y_el_sello(almacen: Almacen) -> None:
    """Tildes, Ñ, &, <, comillas y {{ }} se leen igual; también sello, NIT y fecha de exportación."""
    documentos = documentos_de_prueba(almacen)
    pdf = exportar_pdf(caratula_de_prueba(), documentos, almacen.leer, exportado_en=EXPORTADO_EN)
    renglones = _renglones(_lector(pdf).pages[0])
    assert renglones[:5] == [
        "INSTITUTO SALVADOREÑO DEL SEGURO SOCIAL",
        "Departamento de Recuperación Prejudicial",
        "EXPEDIENTE",
        "EXP-2026-00012",
        "Recuperación de mora",
    ]
    # Los valores largos se parten en renglones, siempre entre palabras: unidos con un espacio
    # deben dar el texto exacto, entre una etiqueta y la siguiente.
    texto = " ".join(renglones)
    assert (
        'Asunto: Mora de cotizaciones «enero a marzo» & recargos <2026> "urgente" '
        f"Patrono: {PATRONO} Número patronal: 400123456 NIT: 0614-123456-789-0 "
        "Sucursal: San Miguel Abierto el: 5 de enero de 2026 Cerrado el: En trámite "
        f"Contenido: 5 documentos, {sum(d.folios for d in documentos)} folios "
        "Sello: Versión 3, sellada el 20 de noviembre de 2026 a las 15:05 (hora de El Salvador) "
        "por María José Ñúñez. "
        f"Manifiesto: {HUELLA_MANIFIESTO} "
        "Exportado el: 21 de noviembre de 2026 a las 10:30 (hora de El Salvador) "
    ) in texto
    assert f"Manifiesto: {HUELLA_MANIFIESTO}" in renglones  # la huella, entera en un renglón


def test_la_caratula_de_un_expediente_sin_sellar_lo_dice(almacen: Almacen) -> None:
    """Sin sello no hay huella de manifiesto: la carátula avisa que no es una versión sellada."""
    lector = _lector(
        exportar_pdf(caratula_de_prueba(sellada=False), documentos_de_prueba(almacen), almacen.leer)
    )
    texto = " ".join(_renglones(lector.pages[0]))
    assert "Sello: Sin sellar" in texto
    assert "Manifiesto" not in texto and HUELLA_MANIFIESTO not in texto


def test_el_indice_lista_cada_documento_con_fecha_y_rango_de_folios(almacen: Almacen) -> None:
    """Un renglón por documento: N.º, tipo, fecha y «del–al»; debajo título y referencia."""
    documentos = documentos_de_prueba(almacen)
    lector = _lector(exportar_pdf(caratula_de_prueba(), documentos, almacen.leer))
    renglones = _renglones(lector.pages[1])
    folio = 1
    for documento in documentos:
        hasta = folio + documento.folios - 1
        fila = (
            f"{documento.orden} {documento.tipo_nombre} {documento.fecha:%d/%m/%Y} {folio}–{hasta}"
        )
        i = renglones.index(fila)
        assert renglones[i + 1 : i + 3] == [documento.titulo, f"Ref. {documento.referencia}"]
        folio = hasta + 1
    assert "Índice, página 1 de 1" in renglones


def test_un_indice_largo_sigue_en_mas_paginas_sin_partir_filas(almacen: Almacen) -> None:
    """60 documentos (algunos de título largo) no caben en una página de índice: siguen en otras,
    con la cabecera repetida, sin perder ninguno y sin separar una fila de su título."""
    pdf = pdf_de_paginas(["Hoja única"])
    anexo = " con anexo de planillas del período de enero a diciembre"
    documentos = [
        _documento(almacen, n, f"Constancia número {n}" + anexo * (n % 4), pdf)
        for n in range(1, 61)
    ]
    lector = _lector(exportar_pdf(caratula_de_prueba(), documentos, almacen.leer))
    paginas = _paginas_de_indice(lector)
    assert paginas >= 3
    assert len(lector.pages) == 1 + paginas + 60
    filas: list[str] = []
    for numero, pagina in enumerate(lector.pages[1 : 1 + paginas], start=1):
        renglones = _renglones(pagina)
        assert renglones[1] == "N.º Documento Fecha Folios"
        assert renglones[-1] == f"Índice, página {numero} de {paginas}"
        for i, renglon in enumerate(renglones):
            if fila := re.fullmatch(r"(\d+) Aviso de cobro \S+ \d+–\d+", renglon):
                filas.append(renglon)
                assert renglones[i + 1].startswith(f"Constancia número {fila[1]}")
                # Su referencia (el último renglón de la fila) está en la misma página.
                assert f"Ref. AC-2026-{int(fila[1]):05d}" in renglones[i + 1 :]
    assert filas == [f"{n} Aviso de cobro {_fecha(n):%d/%m/%Y} {n}–{n}" for n in range(1, 61)]


def test_se_niega_si_los_folios_declarados_no_son_las_paginas(almacen: Almacen) -> None:
    """Un documento que dice 4 folios y tiene 3 páginas: no se exporta, y se dice cuál es."""
    documentos = documentos_de_prueba(almacen)
    documentos[0] = replace(documentos[0], folios=4)
    with pytest.raises(ErrorExportacion) as error:
        exportar_pdf(caratula_de_prueba(), documentos, almacen.leer)
    assert error.value.problemas == [
        "Documento N.º 1 (Aviso de cobro: «Aviso inicial»): declara 4 folios pero su versión PDF "
        "tiene 3 páginas; corrija los folios o la versión PDF."
    ]
    assert "EXP-2026-00012" in error.value.mensaje


def _danar(almacen: Almacen, sha256: str) -> None:
    """Cambia el contenido de un blob en disco (hay que quitarle antes el solo lectura)."""
    ruta = almacen.ruta(sha256)
    ruta.chmod(0o644)
    ruta.write_bytes(ruta.read_bytes().replace(b"%%EOF", b"%%EOX"))


def test_se_niega_si_un_blob_esta_danado_y_lo_nombra(almacen: Almacen) -> None:
    """El mensaje de BlobCorrupto llega a la lista de problemas, con el sha256 del blob."""
    documentos = documentos_de_prueba(almacen)
    _danar(almacen, documentos[2].sha256)
    with pytest.raises(ErrorExportacion) as error:
        exportar_pdf(caratula_de_prueba(), documentos, almacen.leer)
    [problema] = error.value.problemas
    assert problema.startswith("Documento N.º 3 (Estado de cuenta: ")
    assert f"El documento {documentos[2].sha256} está dañado" in problema


def test_lista_todos_los_problemas_juntos(almacen: Almacen) -> None:
    """Blob que falta, documento sin versión PDF y folios mal declarados: los tres a la vez."""
    documentos = documentos_de_prueba(almacen)
    almacen.ruta(documentos[1].sha256).unlink()
    documentos[3] = replace(documentos[3], sha256_pdf=None)
    documentos[4] = replace(documentos[4], folios=2)
    with pytest.raises(ErrorExportacion) as error:
        exportar_pdf(caratula_de_prueba(), documentos, almacen.leer)
    problemas = error.value.problemas
    assert len(problemas) == 3
    assert problemas[0].startswith("Documento N.º 2 ") and "no está en el archivo" in problemas[0]
    assert problemas[1].startswith("Documento N.º 4 ") and "no tiene versión PDF" in problemas[1]
    assert problemas[2].startswith("Documento N.º 5 ") and "declara 2 folios" in problemas[2]
    assert all(p in str(error.value) for p in problemas)


def test_se_niega_si_un_lector_devuelve_bytes_que_no_son_los_del_sha256(almacen: Almacen) -> None:
    """Aunque el lector no verifique, la exportación comprueba la huella de lo que recibe."""
    documentos = documentos_de_prueba(almacen)
    with pytest.raises(ErrorExportacion, match=r"Documento N\.º 1 .*ya no coincide"):
        exportar_pdf(caratula_de_prueba(), documentos, lambda sha: almacen.leer(sha) + b"\n")


def _cifrado(pdf: bytes, *, usuario: str) -> bytes:
    """El PDF cifrado con AES-256; con `usuario` vacío solo tiene contraseña de propietario."""
    escritor = PdfWriter(clone_from=BytesIO(pdf))
    escritor.encrypt(user_password=usuario, owner_password="propietario", algorithm="AES-256")
    salida = BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def test_un_pdf_con_contrasena_para_abrirlo_se_niega(almacen: Almacen) -> None:
    """Lo que no se puede abrir no se puede foliar: se pide una versión sin contraseña."""
    documentos = documentos_de_prueba(almacen)
    cifrado = _cifrado(pdf_de_paginas(["Acta apaisada, página 1"]), usuario="secreto")
    documentos[1] = replace(documentos[1], sha256_pdf=almacen.guardar(cifrado))
    with pytest.raises(ErrorExportacion) as error:
        exportar_pdf(caratula_de_prueba(), documentos, almacen.leer)
    [problema] = error.value.problemas
    assert problema.startswith("Documento N.º 2 ") and "pide contraseña" in problema


def test_un_pdf_con_solo_contrasena_de_propietario_se_folia(almacen: Almacen) -> None:
    """Restricciones de impresión sin contraseña de apertura: se abre, se copia y se folia."""
    documentos = documentos_de_prueba(almacen)
    cifrado = _cifrado(pdf_de_paginas(["Acta apaisada, página 1"]), usuario="")
    documentos[1] = replace(documentos[1], sha256_pdf=almacen.guardar(cifrado))
    lector = _lector(exportar_pdf(caratula_de_prueba(), documentos, almacen.leer))
    texto = lector.pages[1 + _paginas_de_indice(lector) + 3].extract_text()
    assert "Acta apaisada, página 1" in texto and _FOLIO.findall(texto) == ["4"]


def test_un_pdf_que_falla_al_copiarse_se_niega_nombrando_el_documento(
    almacen: Almacen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pypdf lee objetos al copiar: si un PDF falla ahí (KeyError…), se dice cuál, sin traza."""
    documentos = documentos_de_prueba(almacen)
    copiar = PdfWriter.append

    def copiar_o_fallar(escritor: PdfWriter, lector: PdfReader, *args: Any, **kwargs: Any) -> None:
        if "Acta apaisada" in lector.pages[0].extract_text():
            raise KeyError("/Kids")
        copiar(escritor, lector, *args, **kwargs)

    monkeypatch.setattr(PdfWriter, "append", copiar_o_fallar)
    with pytest.raises(ErrorExportacion) as error:
        exportar_pdf(caratula_de_prueba(), documentos, almacen.leer)
    assert error.value.problemas == [
        "Documento N.º 2 (Aviso de cobro: «Acta apaisada»): su versión PDF no se puede copiar "
        "('/Kids')."
    ]


def test_sin_fuente_con_tildes_se_niega_con_instrucciones(
    almacen: Almacen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sin DejaVu ni Liberation instaladas: ErrorExportacion dice qué paquete instalar."""
    documentos = documentos_de_prueba(almacen)
    monkeypatch.setattr(
        pdf_texto, "FUENTES_CANDIDATAS", (("/no/hay/Sans.ttf", "/no/hay/Bold.ttf"),)
    )
    pdf_texto.registrar_fuentes.cache_clear()
    try:
        with pytest.raises(ErrorExportacion, match="fonts-dejavu-core"):
            exportar_pdf(caratula_de_prueba(), documentos, almacen.leer)
    finally:
        pdf_texto.registrar_fuentes.cache_clear()


# --- zip ---------------------------------------------------------------------------------------


def _descomprimir(zip_: bytes, destino: Path) -> Path:
    """Descomprime con `unzip` de verdad, como lo haría el personal del archivo."""
    archivo = destino.with_suffix(".zip")
    archivo.write_bytes(zip_)
    subprocess.run(
        ["unzip", "-q", str(archivo), "-d", str(destino)],
        check=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    return destino


def _sha256sum(carpeta: Path) -> subprocess.CompletedProcess[str]:
    """`sha256sum -c SHA256SUMS` dentro de la carpeta."""
    return subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"],
        cwd=carpeta,
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )


@pytest.fixture
def con_version_pdf(almacen: Almacen) -> list[DocumentoExportable]:
    """Los documentos de prueba; el 4 es un correo (.eml) con su versión PDF aparte."""
    documentos = documentos_de_prueba(almacen)
    correo = "From: ventas@trigal.com.sv\r\nSubject: Convenio\r\n\r\nSolicitamos convenio.\r\n"
    documentos[3] = replace(
        documentos[3], sha256=almacen.guardar(correo.encode()), nombre_original="Re: convenio ñ.eml"
    )
    return documentos


def test_el_zip_se_verifica_con_sha256sum(
    almacen: Almacen, con_version_pdf: list[DocumentoExportable], tmp_path: Path
) -> None:
    """unzip + `sha256sum -c SHA256SUMS`: todo OK, y SHA256SUMS nombra cada archivo del zip."""
    zip_ = exportar_zip(caratula_de_prueba(), con_version_pdf, MANIFIESTO, almacen.leer)
    carpeta = _descomprimir(zip_, tmp_path / "x")
    resultado = _sha256sum(carpeta)
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    lineas = resultado.stdout.splitlines()
    archivos = sorted(p.name for p in carpeta.iterdir())
    assert sorted(linea.removesuffix(": OK") for linea in lineas) == [
        a for a in archivos if a != "SHA256SUMS"
    ]
    assert all(linea.endswith(": OK") for linea in lineas)
    assert len(lineas) == 7  # 5 originales, la versión PDF del correo y manifest.json


def test_el_zip_trae_originales_version_pdf_y_manifiesto_en_orden(
    almacen: Almacen, con_version_pdf: list[DocumentoExportable]
) -> None:
    """Originales `NNN-nombre`, la versión PDF solo cuando es otro archivo, y el manifiesto dado."""
    zip_ = exportar_zip(caratula_de_prueba(), con_version_pdf, MANIFIESTO, almacen.leer)
    with zipfile.ZipFile(BytesIO(zip_)) as archivo:
        nombres = archivo.namelist()
        assert nombres == [
            "001-Aviso inicial.pdf",
            "002-Acta apaisada.pdf",
            "003-Estado de cuenta A4 & _Ñ_ _{{ x }}_.pdf",
            "004-Re_ convenio ñ.eml",
            "004-Re_ convenio ñ.pdf",
            "005-Constancia escaneada.pdf",
            "manifest.json",
            "SHA256SUMS",
        ]
        correo = con_version_pdf[3]
        assert archivo.read("004-Re_ convenio ñ.eml") == almacen.leer(correo.sha256)
        assert archivo.read("004-Re_ convenio ñ.pdf") == almacen.leer(correo.sha256_pdf or "")
        assert archivo.read("manifest.json") == MANIFIESTO
        sumas = archivo.read("SHA256SUMS").decode()
    assert f"{correo.sha256}  004-Re_ convenio ñ.eml\n" in sumas
    assert sumas.endswith(f"{hashlib.sha256(MANIFIESTO).hexdigest()}  manifest.json\n")


def test_sha256sum_detecta_un_archivo_alterado_despues_de_descomprimir(
    almacen: Almacen, con_version_pdf: list[DocumentoExportable], tmp_path: Path
) -> None:
    """Un byte cambiado en un original extraído: `sha256sum -c` falla y dice cuál."""
    zip_ = exportar_zip(caratula_de_prueba(), con_version_pdf, MANIFIESTO, almacen.leer)
    carpeta = _descomprimir(zip_, tmp_path / "x")
    alterado = carpeta / "002-Acta apaisada.pdf"
    alterado.write_bytes(alterado.read_bytes() + b"%")
    resultado = _sha256sum(carpeta)
    assert resultado.returncode != 0
    assert "002-Acta apaisada.pdf: FAILED" in resultado.stdout.splitlines()
    assert resultado.stdout.count(": OK") == 6


def test_nombres_hostiles_no_salen_de_la_carpeta_ni_chocan(
    almacen: Almacen, tmp_path: Path
) -> None:
    """`../../x.pdf`, NUL, saltos de línea, rutas absolutas y nombres repetidos: todo adentro."""
    pdf = pdf_de_paginas(["Hoja"])
    hostiles = [
        "../../x.pdf",
        "x.pdf",
        "x.pdf",
        "a\x00b\nc.pdf",
        "/etc/passwd",
        "..",
        "C:\\Windows\\..\\evil.pdf",
        "carta.PDF",
        "\u202efdp.exe",
    ]
    documentos = [
        _documento(almacen, n, f"Hoja {n}", pdf, nombre_original=nombre)
        for n, nombre in enumerate(hostiles, start=1)
    ]
    # La versión PDF de «carta.PDF» es otro archivo y no debe pisar el original (ni en Windows).
    documentos[7] = replace(documentos[7], sha256=almacen.guardar(b"%PDF-1.4 escaneo original"))
    zip_ = exportar_zip(caratula_de_prueba(), documentos, MANIFIESTO, almacen.leer)
    with zipfile.ZipFile(BytesIO(zip_)) as archivo:
        nombres = archivo.namelist()
    assert nombres[:10] == [
        "001-x.pdf",
        "002-x.pdf",
        "003-x.pdf",
        "004-a_b c.pdf",
        "005-passwd",
        "006-documento",
        "007-evil.pdf",
        "008-carta.PDF",
        "008-carta (versión PDF).pdf",
        "009-_fdp.exe",
    ]
    assert len({n.casefold() for n in nombres}) == len(nombres)
    carpeta = _descomprimir(zip_, tmp_path / "x")
    assert sorted(p.relative_to(carpeta).as_posix() for p in carpeta.rglob("*")) == sorted(nombres)
    assert _sha256sum(carpeta).returncode == 0


def test_con_mas_de_999_documentos_los_nombres_siguen_en_orden_alfabetico(almacen: Almacen) -> None:
    """El prefijo crece a 4 cifras para todos: «0007-…» va antes de «1234-…» al listarlos."""
    pdf = pdf_de_paginas(["Hoja"])
    documentos = [_documento(almacen, n, f"Hoja {n}", pdf) for n in (7, 1234)]
    with zipfile.ZipFile(
        BytesIO(exportar_zip(caratula_de_prueba(), documentos, MANIFIESTO, almacen.leer))
    ) as archivo:
        assert archivo.namelist()[:2] == ["0007-Hoja 7.pdf", "1234-Hoja 1234.pdf"]


@pytest.mark.parametrize(
    ("nombre", "seguro"),
    [
        ("Resolución Nº 12.pdf", "Resolución Nº 12.pdf"),
        ("Resolucio\u0301n.pdf", "Resolución.pdf"),  # NFD (macOS) queda en NFC
        ("..\\..\\boot.ini", "boot.ini"),
        ("informe.pdf.", "informe.pdf"),
        ("   .oculto  ", "oculto"),
        ('a<b>c:d"e|f?g*h.pdf', "a_b_c_d_e_f_g_h.pdf"),
        ("tab\there.pdf", "tab here.pdf"),
        ("", "documento"),
        ("á" * 200 + ".pdf", "á" * 73 + ".pdf"),
    ],
)
def test_nombre_seguro(nombre: str, seguro: str) -> None:
    """Sin carpetas, controles ni caracteres que Windows rechaza; recortado sin perder la extensión."""
    assert nombre_seguro(nombre) == seguro
    assert len(nombre_seguro(nombre).encode()) <= 150


def test_el_zip_sale_identico_si_se_genera_dos_veces(
    almacen: Almacen, con_version_pdf: list[DocumentoExportable]
) -> None:
    """Mismos datos, mismos bytes (fechas fijas: las del sello); otro manifiesto, otro zip."""
    primero = exportar_zip(caratula_de_prueba(), con_version_pdf, MANIFIESTO, almacen.leer)
    segundo = exportar_zip(caratula_de_prueba(), list(con_version_pdf), MANIFIESTO, almacen.leer)
    assert primero == segundo
    assert (
        exportar_zip(caratula_de_prueba(), con_version_pdf, MANIFIESTO + b" ", almacen.leer)
        != primero
    )
    with zipfile.ZipFile(BytesIO(primero)) as archivo:
        # 20 de noviembre, 21:05 UTC: 15:05 en El Salvador.
        assert {i.date_time for i in archivo.infolist()} == {(2026, 11, 20, 15, 5, 0)}


def test_el_zip_se_niega_si_un_original_esta_danado(
    almacen: Almacen, con_version_pdf: list[DocumentoExportable]
) -> None:
    """Un original alterado en el almacén no se empaca: se dice cuál."""
    _danar(almacen, con_version_pdf[0].sha256)
    with pytest.raises(ErrorExportacion) as error:
        exportar_zip(caratula_de_prueba(), con_version_pdf, MANIFIESTO, almacen.leer)
    [problema] = error.value.problemas
    assert problema.startswith("Documento N.º 1 ") and "está dañado" in problema


def test_un_orden_repetido_se_niega_en_ambas_exportaciones(almacen: Almacen) -> None:
    """Dos documentos con el mismo N.º dejarían folios y nombres ambiguos."""
    documentos = documentos_de_prueba(almacen)
    documentos[1] = replace(documentos[1], orden=1)
    for exportar in (
        lambda: exportar_pdf(caratula_de_prueba(), documentos, almacen.leer),
        lambda: exportar_zip(caratula_de_prueba(), documentos, MANIFIESTO, almacen.leer),
    ):
        with pytest.raises(ErrorExportacion, match="El número de orden 1 está repetido"):
            exportar()


@pytest.fixture
def expediente_grande(
    tmp_path: Path,
) -> Iterator[tuple[Almacen, Caratula, list[DocumentoExportable]]]:
    """30 documentos de 10 páginas (300 folios), como el expediente del benchmark."""
    almacen = Almacen(tmp_path / "grande")
    caratula, documentos = expediente_de_prueba(almacen)
    yield almacen, caratula, documentos


def test_un_expediente_de_300_folios_se_folia_completo(
    expediente_grande: tuple[Almacen, Caratula, list[DocumentoExportable]],
) -> None:
    """Los 300 folios, del 1 al 300, cada uno en la página que le toca."""
    almacen, caratula, documentos = expediente_grande
    lector = _lector(exportar_pdf(caratula, documentos, almacen.leer))
    primera = 1 + _paginas_de_indice(lector)
    assert len(lector.pages) == primera + 300
    for k in (1, 10, 11, 150, 299, 300):
        texto = lector.pages[primera + k - 1].extract_text()
        assert _FOLIO.findall(texto) == [str(k)]
        assert f"Documento {(k - 1) // 10 + 1}, página {(k - 1) % 10 + 1}" in texto
