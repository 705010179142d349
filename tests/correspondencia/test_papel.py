"""Cartas en papel con OCR real (ocrmypdf + tesseract en español)."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from archivo import Almacen, aplicar_ocr, ocr, sin_ocr
from correspondencia.modelos import Adjunto, Correspondencia
from correspondencia.papel import registrar_papel
from correspondencia.registro import DatosManuales
from correspondencia.reglas import ReglasDePlazo
from expedientes import ZONA_LOCAL, ErrorDominio, abrir_expediente
from tests.conftest import un_solo_motor
from tests.correspondencia.corpus import pdf_minimo
from tests.expedientes.datos import HacerPatrono

RECIBIDA = datetime(2026, 11, 16, 15, tzinfo=UTC)
DATOS = DatosManuales(
    remitente="Panadería Ñandú & Hijos <ventas@nandu.com.sv>",
    asunto='Solicitud "urgente" <prórroga> {{ x }}',
    referencia_remitente="REF/2026-15",
    fecha_documento=datetime(2026, 11, 12, tzinfo=UTC),
)


def _escaneo_png(tmp_path: Path, texto: str) -> bytes:
    """Un «escaneo»: el PDF con el texto, rasterizado a PNG a 200 dpi como lo haría un escáner."""
    pdf = tmp_path / "carta.pdf"
    pdf.write_bytes(pdf_minimo(texto))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf), str(tmp_path / "escaneo")],
        check=True,
    )
    return (tmp_path / "escaneo.png").read_bytes()


@pytest.mark.ocr
def test_el_ocr_de_una_imagen_vincula_y_guarda_escaneo_y_pdf_con_texto(
    session: Session,
    almacen: Almacen,
    reglas: ReglasDePlazo,
    hacer_patrono: HacerPatrono,
    tmp_path: Path,
) -> None:
    """GIVEN un escaneo PNG que cita el expediente; THEN el OCR lo lee, vincula y guarda ambos."""
    hacer_patrono()
    exp = abrir_expediente(
        session=session, numero_patronal="310145678", tipo="cobro", hoy=RECIBIDA.date()
    )
    escaneo = _escaneo_png(tmp_path, f"Referencia {exp.numero} numero patronal 310145678")
    ocr = aplicar_ocr(escaneo, segundos=120, dpi_imagen=200)
    assert ocr.pdf is not None and ocr.pdf.startswith(b"%PDF-"), ocr.advertencias
    carta = registrar_papel(
        session=session,
        almacen=almacen,
        escaneo=escaneo,
        nombre_archivo="escaneo 12-11.png",
        datos=DATOS,
        recibido_en=RECIBIDA,
        reglas=reglas,
        ocr=ocr,
    )
    assert "310145678" in carta.texto_ocr.replace(" ", "")
    assert carta.expediente_id == exp.id
    assert (carta.origen, carta.asunto, carta.remitente) == ("papel", DATOS.asunto, DATOS.remitente)
    assert carta.referencia_remitente == "REF/2026-15"
    adjuntos = session.exec(
        select(Adjunto).where(Adjunto.correspondencia_id == carta.id).order_by(col(Adjunto.orden))
    ).all()
    assert [(a.clase, a.tipo_mime) for a in adjuntos] == [
        ("escaneo", "image/png"),
        ("ocr", "application/pdf"),
    ]
    assert almacen.leer(adjuntos[0].sha256) == escaneo
    assert carta.sha256 == adjuntos[0].sha256


@pytest.mark.ocr
def test_un_pdf_que_ya_trae_texto_no_se_rasteriza(tmp_path: Path) -> None:
    """Un PDF con capa de texto pasa por el OCR sin perderla."""
    ocr = aplicar_ocr(pdf_minimo("Constancia de pago Nº 45 & otros"), segundos=120)
    assert ocr.pdf is not None
    assert "Constancia de pago" in ocr.texto


def test_un_archivo_que_no_es_pdf_ni_imagen_se_rechaza() -> None:
    """Un .docx o un texto no es un escaneo: mensaje en español."""
    with pytest.raises(ErrorDominio, match="PDF o una imagen"):
        aplicar_ocr(b"PK\x03\x04 esto es un docx")


def test_el_mismo_escaneo_no_se_registra_dos_veces(
    session: Session, almacen: Almacen, reglas: ReglasDePlazo
) -> None:
    """El segundo intento dice con qué número quedó el primero."""
    escaneo = pdf_minimo("Carta única")
    kw = dict(
        session=session,
        almacen=almacen,
        escaneo=escaneo,
        nombre_archivo="c.pdf",
        datos=DATOS,
        recibido_en=RECIBIDA,
        reglas=reglas,
        ocr=sin_ocr(),
    )
    primera = registrar_papel(**kw)  # type: ignore[arg-type]
    with pytest.raises(ErrorDominio, match=primera.numero):
        registrar_papel(**kw)  # type: ignore[arg-type]


@un_solo_motor
def test_remitente_y_asunto_son_obligatorios(
    session: Session, almacen: Almacen, reglas: ReglasDePlazo
) -> None:
    """Se listan todos los problemas a la vez."""
    with pytest.raises(ErrorDominio) as error:
        registrar_papel(
            session=session,
            almacen=almacen,
            escaneo=pdf_minimo("x"),
            nombre_archivo="c.pdf",
            datos=DatosManuales(remitente=" ", asunto=""),
            recibido_en=RECIBIDA,
            reglas=reglas,
            ocr=sin_ocr(),
        )
    assert error.value.problemas == ["El remitente es obligatorio.", "El asunto es obligatorio."]


def test_una_carta_fechada_despues_de_recibida_se_rechaza_en_el_servicio(
    session: Session, almacen: Almacen, reglas: ReglasDePlazo
) -> None:
    """GIVEN una carta fechada un día después de su recepción WHEN se registra por el servicio
    (como lo hacen la web y la consola) THEN se rechaza, y nada queda registrado; fechada el mismo
    día de recibida (en El Salvador), se registra."""
    recibida_tarde = datetime(2026, 11, 17, 3, tzinfo=UTC)  # 16/11 a las 21:00 en El Salvador
    kw = dict(
        session=session, almacen=almacen, escaneo=pdf_minimo("Carta del futuro"),
        nombre_archivo="c.pdf", recibido_en=recibida_tarde, reglas=reglas, ocr=sin_ocr(),
    )  # fmt: skip
    futura = DatosManuales(
        "Pérez & Cía", "Prórroga", fecha_documento=datetime(2026, 11, 17, tzinfo=ZONA_LOCAL)
    )
    with pytest.raises(ErrorDominio) as error:
        registrar_papel(datos=futura, **kw)  # type: ignore[arg-type]
    assert error.value.problemas == ["La fecha de la carta no puede ser posterior a hoy."]
    assert session.exec(select(Correspondencia)).all() == []
    del_dia = DatosManuales(
        "Pérez & Cía", "Prórroga", fecha_documento=datetime(2026, 11, 16, tzinfo=ZONA_LOCAL)
    )
    assert registrar_papel(datos=del_dia, **kw).numero.startswith("CE-2026-")  # type: ignore[arg-type]


def test_sin_ocrmypdf_se_registra_con_advertencia(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sin el programa de OCR la carta no se pierde: la advertencia dice qué falta."""
    monkeypatch.setattr(ocr.shutil, "which", lambda _: None)
    resultado = aplicar_ocr(pdf_minimo("x"))
    assert resultado.pdf is None and "falta ocrmypdf" in resultado.advertencias[0]
