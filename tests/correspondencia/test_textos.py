"""Texto de adjuntos (PDF dañados o cifrados, texto plano, HTML) y HTML saneado; nunca lanzan."""

from __future__ import annotations

import io
import logging
import warnings

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.errors import DependencyError, LimitReachedError

from archivo import pdf as lectura_pdf
from correspondencia.mime import analizar
from correspondencia.textos import sanear_html, texto_de_adjunto, texto_de_html, texto_de_pdf
from tests.correspondencia import corpus

PDF = corpus.pdf_minimo(corpus.TEXTO_PDF)


def _cifrado(*, usuario: str) -> bytes:
    """El PDF del corpus cifrado con AES-256 y la contraseña de usuario dada."""
    escritor = PdfWriter(clone_from=PdfReader(io.BytesIO(PDF)))
    escritor.encrypt(user_password=usuario, owner_password="dueño-2026", algorithm="AES-256")
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def _varias_paginas(*textos_de_pagina: str) -> bytes:
    """Un PDF con una página por texto."""
    escritor = PdfWriter()
    for texto in textos_de_pagina:
        escritor.append(PdfReader(io.BytesIO(corpus.pdf_minimo(texto))))
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


# --- PDF ------------------------------------------------------------------------------------------


def test_texto_de_pdf_lee_el_pdf_del_corpus_con_acentos_y_simbolos() -> None:
    """WinAnsi: tildes, ñ, º, raya y `&` vuelven exactos, línea por línea."""
    assert texto_de_pdf(PDF) == (corpus.TEXTO_PDF, ())


def test_el_pdf_adjunto_de_con_pdf_se_lee() -> None:
    """`corpus.con_pdf` lleva un PDF cuyo texto extraíble es el pedido."""
    (pdf,) = analizar(corpus.con_pdf("Constancia de pago Nº 45 & otros")).adjuntos
    assert texto_de_adjunto(pdf.nombre, pdf.tipo_mime, pdf.datos) == (
        "Constancia de pago Nº 45 & otros",
        (),
    )


def test_texto_de_pdf_de_bytes_basura_avisa_sin_lanzar() -> None:
    """Un archivo que no es PDF: texto vacío y la razón en español."""
    assert texto_de_pdf(b"esto no es un PDF") == (
        "",
        ("El PDF está dañado y no se pudo leer: PdfStreamError",),
    )


def test_texto_de_pdf_vacio_avisa_sin_lanzar() -> None:
    """Cero bytes: texto vacío y advertencia."""
    assert texto_de_pdf(b"") == ("", ("El PDF está dañado y no se pudo leer: EmptyFileError",))


@pytest.mark.parametrize("corte", [10, 100, 300, len(PDF) - 60])
def test_texto_de_pdf_truncado_avisa_sin_lanzar(corte: int) -> None:
    """Una descarga cortada: texto vacío y advertencia."""
    texto, avisos = texto_de_pdf(PDF[:corte])
    assert texto == ""
    assert len(avisos) == 1
    assert avisos[0].startswith("El PDF está dañado y no se pudo leer: Pdf")


def test_texto_de_pdf_con_defectos_menores_se_lee_y_avisa() -> None:
    """Con `%%EOF` cortado pypdf lo lee en modo tolerante: hay texto y una advertencia."""
    texto, avisos = texto_de_pdf(PDF[:-5])
    assert texto == corpus.TEXTO_PDF
    assert avisos == (
        "El PDF tiene defectos de estructura (pypdf: EOF marker seems truncated); "
        "puede faltar texto",
    )


def test_texto_de_pdf_no_escribe_avisos_de_pypdf_en_los_logs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Los avisos de pypdf se vuelven advertencias; los logs no se llenan de ellos."""
    with caplog.at_level(logging.DEBUG):
        texto_de_pdf(PDF[:-5])
        texto_de_pdf(b"basura")
    assert caplog.records == []
    registrador = logging.getLogger("pypdf")
    assert registrador.propagate is True
    assert not any(isinstance(h, lectura_pdf._RetenedorPypdf) for h in registrador.handlers)


def test_texto_de_pdf_cifrado_con_contrasena_avisa_sin_lanzar() -> None:
    """Sin la contraseña no hay texto: se dice por qué."""
    assert texto_de_pdf(_cifrado(usuario="secreto")) == (
        "",
        ("El PDF está protegido con contraseña: no se pudo leer su texto",),
    )


def test_texto_de_pdf_cifrado_solo_con_clave_de_propietario_se_lee() -> None:
    """Con contraseña de usuario vacía (solo restricciones de impresión o copia) se lee."""
    assert texto_de_pdf(_cifrado(usuario="")) == (corpus.TEXTO_PDF, ())


def test_texto_de_pdf_lee_solo_hasta_max_paginas_y_avisa() -> None:
    """Un PDF de 3 páginas con `max_paginas=2`: dos textos y la advertencia."""
    texto, avisos = texto_de_pdf(_varias_paginas("Uno", "Dos", "Tres"), max_paginas=2)
    assert texto == "Uno\nDos"
    assert avisos == ("El PDF tiene 3 páginas; solo se leyeron las primeras 2",)


def test_texto_de_pdf_quita_nul() -> None:
    """Un NUL en el texto del PDF no llega a la base de datos."""
    texto, _ = texto_de_pdf(corpus.pdf_minimo("Pago\x00 recibido"))
    assert texto == "Pago recibido"


@pytest.mark.parametrize(
    ("error", "aviso"),
    [
        (
            LimitReachedError("limit"),
            "El PDF excede los límites de descompresión: no se leyó su texto",
        ),
        (DependencyError("cryptography"), "Falta una dependencia para leer el PDF: cryptography"),
        (KeyError("/Root"), "El PDF está dañado y no se pudo leer: KeyError"),
        (RecursionError("profundo"), "El PDF está dañado y no se pudo leer: RecursionError"),
    ],
)
def test_errores_de_pypdf_se_vuelven_advertencias(
    monkeypatch: pytest.MonkeyPatch, error: Exception, aviso: str
) -> None:
    """pypdf lanza errores propios y ajenos (KeyError…) con archivos dañados: ninguno escapa."""

    def lector_que_falla(_: object) -> PdfReader:
        """Un PdfReader que falla como con un archivo dañado."""
        raise error

    monkeypatch.setattr(lectura_pdf, "PdfReader", lector_que_falla)
    assert texto_de_pdf(PDF) == ("", (aviso,))


def test_los_warnings_de_pypdf_se_vuelven_advertencias(monkeypatch: pytest.MonkeyPatch) -> None:
    """Un `warnings.warn` durante la lectura no rompe (ni con warnings como errores)."""

    def lector_que_avisa(flujo: io.BytesIO) -> PdfReader:
        """Un PdfReader que avisa con `warnings` antes de leer."""
        warnings.warn("xref roto", UserWarning, stacklevel=1)
        return PdfReader(flujo)

    monkeypatch.setattr(lectura_pdf, "PdfReader", lector_que_avisa)
    assert texto_de_pdf(PDF) == (corpus.TEXTO_PDF, ("Aviso al leer el PDF: xref roto",))


# --- Adjuntos según su tipo -----------------------------------------------------------------------


def test_texto_de_adjunto_reconoce_pdf_por_contenido_aunque_venga_como_octet_stream() -> None:
    """Muchos programas mandan PDF como application/octet-stream."""
    assert texto_de_adjunto("resolucion", "application/octet-stream", PDF)[0] == corpus.TEXTO_PDF


def test_texto_de_adjunto_pdf_ilegible_devuelve_su_advertencia() -> None:
    """Un `.pdf` que no lo es: advertencia, no excepción."""
    assert texto_de_adjunto("x.pdf", "application/pdf", b"no") == (
        "",
        ("El PDF está dañado y no se pudo leer: PdfStreamError",),
    )


@pytest.mark.parametrize(
    "datos",
    [
        "Cotización «n.º 45» & {{ x }}".encode(),
        "Cotización «n.º 45» & {{ x }}".encode("cp1252"),
        "Cotización «n.º 45» & {{ x }}".encode("utf-8-sig"),
        "Cotización «n.º 45» & {{ x }}".encode("utf-16"),
    ],
    ids=["utf8", "cp1252", "utf8-bom", "utf16"],
)
def test_texto_de_adjunto_texto_plano_en_cualquier_codificacion_comun(datos: bytes) -> None:
    """UTF-8 (con o sin BOM), UTF-16 con BOM y Windows-1252 se leen exactos."""
    assert texto_de_adjunto("notas.txt", "text/plain", datos) == (
        "Cotización «n.º 45» & {{ x }}",
        (),
    )


def test_texto_de_adjunto_html_da_texto_legible() -> None:
    """Un .html adjunto: texto sin etiquetas ni scripts."""
    html = b"<p>Pago &amp; recibo</p><script>alert(1)</script><p>fin</p>"
    assert texto_de_adjunto("aviso.html", "text/html", html) == ("Pago & recibo\n\nfin", ())


def test_texto_de_adjunto_de_otro_tipo_no_da_texto() -> None:
    """Imágenes y otros binarios: sin texto y sin advertencias (el OCR es otro paso)."""
    assert texto_de_adjunto("firma.png", "image/png", b"\x89PNG\r\n\x1a\n") == ("", ())


# --- HTML -----------------------------------------------------------------------------------------


def test_sanear_html_quita_script_manejadores_recursos_remotos_y_javascript() -> None:
    """Nada ejecutable ni nada que cargue del exterior (píxeles de rastreo incluidos)."""
    seguro = sanear_html(corpus.HTML_CON_SCRIPT)
    for prohibido in ("<script", "onerror", "onload", 'src="http://', "javascript:", "<iframe"):
        assert prohibido not in seguro.lower()
    assert "<form" not in seguro and "<style" not in seguro and "color: red" not in seguro


def test_sanear_html_conserva_texto_imagen_cid_y_enlace_web_con_rel_seguro() -> None:
    """Lo legítimo queda: el texto, la imagen incrustada (`cid:`) y el enlace https."""
    seguro = sanear_html(corpus.HTML_CON_SCRIPT)
    assert "Estimados señores &amp; señoras:" in seguro
    assert '<img src="cid:logo@nandu.com.sv" alt="logo">' in seguro
    assert (
        '<a href="https://www.isss.gob.sv/" rel="noopener noreferrer nofollow">Portal del ISSS</a>'
        in seguro
    )


@pytest.mark.parametrize(
    ("entrada", "prohibido"),
    [
        ('<td style="color:red;background:url(http://x.example/a.png)">x</td>', "url("),
        ('<table background="http://x.example/fondo.png"><tr><td>x</td></tr></table>', "http"),
        ('<img srcset="http://x.example/a.png 2x">', "srcset"),
        ('<img src="//x.example/pixel.gif">', "x.example"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "data:"),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', "javascript"),
        ('<svg onload="alert(1)"><circle/></svg>', "onload"),
        ('<meta http-equiv="refresh" content="0;url=http://x.example">', "refresh"),
        ('<link rel="stylesheet" href="http://x.example/a.css">', "x.example"),
    ],
)
def test_sanear_html_no_deja_pasar_recursos_remotos_ni_codigo(entrada: str, prohibido: str) -> None:
    """Cada vía conocida de carga remota o ejecución queda fuera."""
    assert prohibido not in sanear_html(entrada).lower()


def test_sanear_html_acepta_sustitutos_sueltos_y_nul() -> None:
    """Texto mal decodificado no hace fallar al saneador."""
    assert sanear_html("<p>a\udcc3b\x00c</p>") == "<p>a\ufffdbc</p>"


def test_texto_de_html_convierte_bloques_en_saltos_y_resuelve_entidades() -> None:
    """<br> un salto, <p> un párrafo, celdas separadas por espacio, `&nbsp;` un espacio."""
    html = (
        "<div>uno<br>dos<br/>tres</div><table><tr><td>a</td><td>b&nbsp;&lt;c&gt;</td></tr></table>"
    )
    assert texto_de_html(html) == "uno\ndos\ntres\n\na b <c>"


def test_texto_de_html_sobrevive_secciones_marcadas_de_outlook() -> None:
    """`<![if !supportLists]>` y otras `<![…]>` no hacen fallar a HTMLParser."""
    html = "<p>Lista:</p><![if !supportLists]>· <![endif]>pago<![raro[ x ]]><p>fin</p>"
    assert texto_de_html(html) == "Lista:\n· pago\nfin"
