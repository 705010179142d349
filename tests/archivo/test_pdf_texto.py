"""La versión PDF legible de un correo: el texto sale igual que entró, partido y paginado."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from archivo.pdf_texto import (
    ANCHO,
    FUENTE,
    FUENTE_NEGRITA,
    MARGEN,
    FuenteFaltante,
    pdf_de_texto,
    rutas_de_fuentes,
)

TITULO = "Correo electrónico CE-2026-000123"
CAMPOS = [
    ("De:", "María José Ñúñez <ventas@trigal.com.sv>"),
    ("Para:", "Unidad Jurídica <juridica@isss.gob.sv>"),
    ("Fecha:", "16 de noviembre de 2026, 09:30"),
    ("Asunto:", 'Solicitud de prórroga «urgente» & <convenio> "n.º 45" {{ patrono.razon_social }}'),
    ("Adjuntos:", "planilla enero.pdf, constancia & anexo <1>.pdf"),
]
PARRAFOS = [
    "Estimados señores de la Unidad Jurídica:",
    'Solicitamos prórroga del convenio de pago n.º 45 & sus cuotas <pendientes>. El "monto" '
    "adeudado es $1,234.50; l'Écluse & Cía. {% for c in cuotas %}{{ c }}{% endfor %}.",
    "Atentamente,\nMaría José Ñúñez\nPanadería El Trigal & Cía., S.A. de C.V.",
]
_PIE = re.compile(r"Página (\d+) de (\d+)")


def _paginas(pdf: bytes) -> list[str]:
    """El texto extraído de cada página."""
    return [pagina.extract_text() for pagina in PdfReader(BytesIO(pdf)).pages]


def _sin_pies(paginas: list[str]) -> str:
    """El texto de todas las páginas sin su pie, después de comprobar que dice «Página i de n»."""
    cuerpos = []
    for numero, texto in enumerate(paginas, start=1):
        cuerpo, _, pie = texto.rstrip("\n").rpartition("\n")
        assert pie == f"Página {numero} de {len(paginas)}"
        cuerpos.append(cuerpo)
    return "\n".join(cuerpos)


def _normal(texto: str) -> str:
    """Los espacios y saltos de línea seguidos, en un solo espacio."""
    return " ".join(texto.split())


def _esperado(titulo: str, campos: list[tuple[str, str]], parrafos: list[str]) -> str:
    """El texto que debe salir, en orden: título, «etiqueta valor» y párrafos."""
    return _normal(" ".join([titulo, *(f"{e} {v}" for e, v in campos), *parrafos]))


def _trozos(pdf: bytes) -> list[tuple[int, float, float, float, str]]:
    """Cada texto dibujado: página, x e y de su base, su ancho en puntos y el texto."""
    trozos: list[tuple[int, float, float, float, str]] = []
    for numero, pagina in enumerate(PdfReader(BytesIO(pdf)).pages, start=1):

        def visitar(
            texto: str,
            cm: list[float],
            tm: list[float],
            fuente: object,
            tamano: float,
            n: int = numero,
        ) -> None:
            if texto.strip():
                base = str(fuente.get("/BaseFont", "")) if isinstance(fuente, dict) else ""
                nombre = FUENTE_NEGRITA if "Bold" in base else FUENTE
                ancho = pdfmetrics.stringWidth(texto.strip(), nombre, tamano * tm[0])
                trozos.append((n, tm[4] + cm[4], tm[5] + cm[5], ancho, texto.strip()))

        pagina.extract_text(visitor_text=visitar)
    return trozos


def _dentro_de_los_margenes(pdf: bytes) -> None:
    """Ningún texto sale de los márgenes laterales ni baja del inferior (salvo el pie)."""
    trozos = _trozos(pdf)
    assert trozos
    for _, x, y, ancho, texto in trozos:
        if _PIE.fullmatch(texto):
            assert y < MARGEN
            continue
        assert x >= MARGEN - 0.01 and y >= MARGEN - 0.01, texto
        assert x + ancho <= ANCHO - MARGEN + 0.01, texto


def test_el_texto_extraido_es_el_que_entro() -> None:
    """Título, campos y párrafos con tildes, Ñ, &, <, comillas y {{ }} se extraen tal cual."""
    paginas = _paginas(pdf_de_texto(titulo=TITULO, campos=CAMPOS, parrafos=PARRAFOS))
    assert len(paginas) == 1
    assert _normal(_sin_pies(paginas)) == _esperado(TITULO, CAMPOS, PARRAFOS)


def test_los_parrafos_largos_siguen_en_paginas_nuevas_dentro_de_los_margenes() -> None:
    """40 párrafos largos: varias páginas numeradas, todo el texto en orden y nada fuera del margen."""
    parrafos = [
        f"Párrafo {n}: el patrono Panadería El Trigal & Cía. adeuda las cotizaciones <ISSS> "
        "de los períodos indicados en el estado de cuenta adjunto, con sus recargos. " * 4
        for n in range(1, 41)
    ]
    pdf = pdf_de_texto(titulo=TITULO, campos=CAMPOS, parrafos=parrafos)
    paginas = _paginas(pdf)
    assert len(paginas) >= 5
    assert _normal(_sin_pies(paginas)) == _esperado(TITULO, CAMPOS, parrafos)
    _dentro_de_los_margenes(pdf)
    # Cada página va llena hasta abajo antes de seguir en la siguiente (salvo la última).
    for numero in range(1, len(paginas)):
        ultima = min(y for n, _, y, _, t in _trozos(pdf) if n == numero and not _PIE.fullmatch(t))
        assert ultima < MARGEN + 20


def test_las_palabras_mas_anchas_que_la_pagina_se_parten() -> None:
    """Un enlace de 400 caracteres se parte en varias líneas; sin espacios es el mismo texto."""
    enlace = "https://isss.gob.sv/" + "planilla-de-cotizaciones-" * 15 + "final"
    pdf = pdf_de_texto(
        titulo=TITULO, campos=[("Enlace:", enlace)], parrafos=[f"Véase {enlace} hoy."]
    )
    texto = _sin_pies(_paginas(pdf))
    assert re.sub(r"\s", "", texto) == re.sub(
        r"\s", "", f"{TITULO} Enlace: {enlace} Véase {enlace} hoy."
    )
    assert texto.count("\n") >= 8
    _dentro_de_los_margenes(pdf)


def test_los_saltos_de_linea_del_cuerpo_se_respetan() -> None:
    """La firma sigue en sus propias líneas, no corrida en un solo renglón."""
    lineas = _sin_pies(_paginas(pdf_de_texto(titulo=TITULO, campos=[], parrafos=PARRAFOS))).split(
        "\n"
    )
    i = lineas.index("Atentamente,")
    assert lineas[i + 1 : i + 3] == ["María José Ñúñez", "Panadería El Trigal & Cía., S.A. de C.V."]


def test_los_caracteres_de_control_no_llegan_al_pdf() -> None:
    """Un NUL o una campana en el correo se vuelven espacios (en el PDF serían cajas vacías)."""
    texto = _sin_pies(
        _paginas(pdf_de_texto(titulo="T\x001", campos=[], parrafos=["a\x00b\x07c\r\nd"]))
    )
    assert texto.split("\n") == ["T 1", "a b c", "d"]


def test_un_correo_sin_cuerpo_da_una_pagina_con_su_titulo() -> None:
    """Sin campos ni párrafos: una sola página, con el título y «Página 1 de 1»."""
    paginas = _paginas(pdf_de_texto(titulo=TITULO, campos=[], parrafos=[]))
    assert _normal(_sin_pies(paginas)) == TITULO


def test_el_mismo_correo_da_los_mismos_bytes() -> None:
    """Sin fechas ni identificadores al azar: el almacén guarda una sola vez la misma versión."""
    primero = pdf_de_texto(titulo=TITULO, campos=CAMPOS, parrafos=PARRAFOS)
    assert primero == pdf_de_texto(titulo=TITULO, campos=CAMPOS, parrafos=PARRAFOS)
    assert primero != pdf_de_texto(titulo=TITULO, campos=CAMPOS, parrafos=[*PARRAFOS, "."])


def test_sin_dejavu_se_usa_liberation_y_sin_ninguna_se_dice_que_instalar(tmp_path: Path) -> None:
    """La primera pareja (normal, negrita) que existe; si no hay ninguna, FuenteFaltante."""
    normal, negrita = tmp_path / "Sans.ttf", tmp_path / "Sans-Bold.ttf"
    normal.write_bytes(b"")
    faltan = (str(tmp_path / "DejaVuSans.ttf"), str(tmp_path / "DejaVuSans-Bold.ttf"))
    with pytest.raises(FuenteFaltante):  # sin su negrita, la pareja no sirve
        rutas_de_fuentes([faltan, (str(normal), str(negrita))])
    negrita.write_bytes(b"")
    assert rutas_de_fuentes([faltan, (str(normal), str(negrita))]) == (normal, negrita)
    with pytest.raises(FuenteFaltante, match="fonts-dejavu-core"):
        rutas_de_fuentes([faltan])
