"""Incorporar al expediente escaneos y cartas entrantes, y exportarlo desde la base: el PDF
foliado cuenta carátula + índice + folios, y el zip lleva el manifiesto sellado."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session

from archivo import sellado
from archivo.almacen import Almacen
from archivo.exportacion import pdf_del_expediente, zip_del_expediente
from archivo.incorporacion import incorporar_escaneo
from archivo.ocr import ResultadoOcr, sin_ocr
from archivo.pdf_texto import pdf_de_texto
from archivo.requisitos import cargar_requisitos
from correspondencia import (
    OrigenCarta,
    ReglasDePlazo,
    incorporar_carta,
    preparar_correo,
    registrar_carta,
    vincular_carta,
)
from expedientes import AccesoDenegado, ErrorDominio
from tests.archivo.casos import HOY, RAZON, completo, expediente_en_gestion, pdf_de, usuario
from tests.correspondencia.corpus import mensaje

REQUISITOS = cargar_requisitos()


@pytest.fixture
def almacen(tmp_path: Path) -> Almacen:
    """El almacén de la prueba."""
    return Almacen(tmp_path / "blobs")


def _escaneo(session: Session, almacen: Almacen, caso: object, **cambios: object) -> object:
    datos = {
        "escaneo": pdf_de(3, "estado de cuenta"), "nombre_archivo": "estado & <cuenta>.pdf",
        "tipo": "estado_cuenta", "titulo": 'Estado de cuenta "al corte" & <firmado>',
        "fecha": date(2026, 10, 31), "ocr": sin_ocr(), "requisitos": REQUISITOS,
    }  # fmt: skip
    return incorporar_escaneo(
        session=session,
        almacen=almacen,
        expediente=caso.expediente,  # type: ignore[attr-defined]
        usuario=caso.jefe,
        **{**datos, **cambios},  # type: ignore[attr-defined, arg-type]
    )


def test_un_escaneo_pdf_se_incorpora_con_sus_folios(session: Session, almacen: Almacen) -> None:
    """Tres páginas: tres folios; el original y su PDF en el almacén."""
    caso = expediente_en_gestion(session)
    documento = _escaneo(session, almacen, caso)
    assert (documento.origen, documento.folios, documento.tipo) == ("escaneado", 3, "estado_cuenta")  # type: ignore[attr-defined]
    assert almacen.verificar(documento.sha256) and documento.sha256_pdf == documento.sha256  # type: ignore[attr-defined]


def test_una_imagen_sin_ocr_no_se_puede_foliar(session: Session, almacen: Almacen) -> None:
    """Sin PDF que foliar, el documento no entra (y se dice por qué)."""
    caso = expediente_en_gestion(session)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    with pytest.raises(ErrorDominio, match="no se pudo pasar a PDF"):
        _escaneo(session, almacen, caso, escaneo=png, ocr=ResultadoOcr(None, "", ("OCR falló",)))


def test_un_tipo_desconocido_y_un_rol_sin_permiso_se_rechazan(
    session: Session, almacen: Almacen
) -> None:
    """El tipo sale de la lista del archivo; el personal de archivo no agrega documentos."""
    caso = expediente_en_gestion(session)
    with pytest.raises(ErrorDominio, match="no existe"):
        _escaneo(session, almacen, caso, tipo="recibo_de_luz")
    caso.jefe = usuario(session, "rosa", "archivo")
    with pytest.raises(AccesoDenegado):
        _escaneo(session, almacen, caso)


def test_en_un_expediente_sellado_el_escaneo_entra_solo_como_correccion(
    session: Session, almacen: Almacen
) -> None:
    """Sin motivo: rechazado; con motivo: agregado y sellado como versión 2."""
    caso = completo(session, almacen)
    sellado.sellar(session=session, almacen=almacen, expediente=caso.expediente, usuario=caso.jefe,
                   requisitos=REQUISITOS, hoy=HOY, bloqueos=())  # fmt: skip
    with pytest.raises(ErrorDominio, match="archivado lleva su motivo"):
        _escaneo(session, almacen, caso)
    documento = _escaneo(session, almacen, caso, correccion="Faltaba la hoja 3 del estado")
    assert documento.correccion == "Faltaba la hoja 3 del estado"  # type: ignore[attr-defined]
    assert [
        s.version for s in sellado.sellos_de(session=session, expediente_id=caso.expediente.id)
    ] == [1, 2]


def _correo(session: Session, almacen: Almacen, caso: object, adjuntos: list) -> object:
    preparado = preparar_correo(
        mensaje(asunto=f"Solicitud de exoneración — {RAZON}", adjuntos=adjuntos), almacen=almacen
    )
    carta = registrar_carta(
        session=session, preparado=preparado, origen=OrigenCarta("carpeta", nombre_archivo="sol.eml"),
        recibido_en=datetime(2026, 11, 16, 15, 0, tzinfo=UTC), reglas=ReglasDePlazo(10, {}),
        tipo="solicitud_patrono",
    )  # fmt: skip
    return vincular_carta(session=session, carta=carta, numero_expediente=caso.expediente.numero)  # type: ignore[attr-defined]


def test_un_correo_se_incorpora_con_su_mensaje_y_sus_adjuntos_pdf_foliados(
    session: Session, almacen: Almacen
) -> None:
    """El .eml es el original; el PDF es el mensaje (1 página) más el adjunto PDF (2 páginas)."""
    caso = expediente_en_gestion(session)
    adjunto = pdf_de_texto(titulo="Solicitud firmada", campos=[], parrafos=["Página 1"] * 70)
    carta = _correo(session, almacen, caso, [("solicitud.pdf", "application/pdf", adjunto)])
    documento = incorporar_carta(
        session=session, almacen=almacen, carta=carta, tipo="solicitud_patrono",  # type: ignore[arg-type]
        usuario=caso.jefe, requisitos=REQUISITOS,
    )  # fmt: skip
    paginas_adjunto = len(PdfReader(BytesIO(adjunto)).pages)
    assert documento.origen == "entrante" and documento.referencia == carta.numero  # type: ignore[attr-defined]
    assert documento.sha256 == carta.sha256 and documento.tipo_mime == "message/rfc822"  # type: ignore[attr-defined]
    assert documento.folios == 1 + paginas_adjunto
    texto = " ".join(
        p.extract_text() for p in PdfReader(BytesIO(almacen.leer(documento.sha256_pdf or ""))).pages
    )
    assert f"Correo electrónico {carta.numero}" in texto and RAZON in " ".join(texto.split())  # type: ignore[attr-defined]
    with pytest.raises(ErrorDominio, match="ya está incorporada"):
        incorporar_carta(session=session, almacen=almacen, carta=carta, tipo="solicitud_patrono",  # type: ignore[arg-type]
                         usuario=caso.jefe, requisitos=REQUISITOS)  # fmt: skip


def test_exportar_desde_la_base_folia_todo_y_el_zip_trae_el_manifiesto_sellado(
    session: Session, almacen: Almacen
) -> None:
    """Cinco documentos (1+2+3+4+5 folios): el PDF tiene carátula, índice y 15 páginas foliadas;
    el manifest.json del zip es exactamente el manifiesto sellado."""
    caso = completo(session, almacen)
    sello = sellado.sellar(session=session, almacen=almacen, expediente=caso.expediente,
                           usuario=caso.jefe, requisitos=REQUISITOS, hoy=HOY, bloqueos=())  # fmt: skip
    pdf = PdfReader(
        BytesIO(
            pdf_del_expediente(
                session=session,
                almacen=almacen,
                expediente=caso.expediente,
                requisitos=REQUISITOS,
                usuario=caso.jefe,
            )
        )
    )
    textos = [p.extract_text() for p in pdf.pages]
    indice = sum(1 for t in textos[1:] if "ÍNDICE" in t.upper() and "Folio" not in t.split("\n")[0])
    assert len(pdf.pages) == 1 + indice + 15
    assert all(f"Folio {k}" in textos[-15 + k - 1] for k in range(1, 16))
    contenido = zip_del_expediente(
        session=session,
        almacen=almacen,
        expediente=caso.expediente,
        requisitos=REQUISITOS,
        usuario=caso.jefe,
    )
    with zipfile.ZipFile(BytesIO(contenido)) as z:
        assert z.read("manifest.json") == almacen.leer(sello.manifiesto_sha256)
        assert json.loads(z.read("manifest.json"))["version"] == 1
