"""Cada plantilla del catálogo con datos realistas y hostiles, en ambos motores: el `.docx` y su
PDF/A se leen de vuelta con los datos exactos; cada regla de validación rechaza su caso malo y
nada inválido se guarda (ni consume número)."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from expedientes import DeudaPeriodo, Secuencia, estado_de_deuda
from plantillas.borradores import crear_borrador
from plantillas.generacion import DocumentoInvalido
from plantillas.instalacion import Parametros
from plantillas.lectura import leer_docx, normalizar_espacios
from plantillas.modelos import DocumentoGenerado
from plantillas.pdf_verificacion import verificar_pdf
from plantillas.versiones import catalogo_del_proyecto, contrato_de, version_vigente
from tests.plantillas.conftest import (
    ASUNTO_CARTA,
    HOSTILES,
    HOY,
    RAZON,
    REFERENCIA_CARTA,
    TIPO_DE,
    Caso,
    crear_caso,
    entradas_de,
)

PLANTILLAS = sorted(catalogo_del_proyecto())


def _crear(
    session: Session, p: Parametros, caso: Caso, plantilla: str, **cambios: Any
) -> DocumentoGenerado:
    datos = {**entradas_de(plantilla, caso), **cambios}
    return crear_borrador(
        session=session, p=p, expediente=caso.expediente, plantilla=plantilla,
        datos=datos, autor=caso.gestor, hoy=HOY,
    )  # fmt: skip


def test_el_catalogo_trae_las_siete_plantillas() -> None:
    """Las plantillas que el departamento necesita están todas."""
    assert PLANTILLAS == [
        "anteproyecto_acuerdo", "aviso_cobro", "convenio_pago", "oficio_respuesta",
        "oficio_solicitud", "requerimiento_pago", "traslado_juridica",
    ]  # fmt: skip


@pytest.mark.parametrize("plantilla", PLANTILLAS)
def test_cada_plantilla_genera_un_documento_valido_con_los_datos_hostiles_intactos(
    session: Session, p: Parametros, plantilla: str
) -> None:
    """GIVEN un patrono «Pérez & Cía <S.A.> "La Espiga" {{ x }} Ñandú» WHEN se genera THEN
    el .docx dice exactamente eso, trae cada contenido obligatorio y su plantilla exacta."""
    caso = crear_caso(session, p.almacen, TIPO_DE[plantilla])
    documento = _crear(session, p, caso, plantilla)
    texto = leer_docx(p.almacen.leer(documento.docx_sha256))
    normal = texto.normalizado
    assert RAZON in normal
    for contenido in contrato_de(
        version_vigente(session=session, almacen=p.almacen, nombre=plantilla)
    ).contenidos:
        assert normalizar_espacios(contenido.texto) in normal
    assert documento.numero in normal and re.fullmatch(r"DRP-2026-\d{6}", documento.numero)
    assert "{{ x }}" in normal and "\ue000" not in texto.texto
    # El documento guarda la plantilla exacta que lo generó.
    enviada = catalogo_del_proyecto()[plantilla]
    assert (documento.plantilla, documento.plantilla_version) == (
        plantilla,
        enviada.contrato.version,
    )
    assert documento.plantilla_sha256 == enviada.docx_sha256
    if plantilla == "oficio_respuesta":
        assert caso.carta.numero in normal and REFERENCIA_CARTA in normal
        assert documento.responde_a == caso.carta.numero
        assert documento.destinatario and documento.asunto == ASUNTO_CARTA


@pytest.mark.libreoffice
@pytest.mark.parametrize("plantilla", PLANTILLAS)
def test_el_pdf_a_de_cada_plantilla_se_lee_con_los_datos_exactos(
    session: Session, p: Parametros, plantilla: str
) -> None:
    """El PDF/A-2b que hace LibreOffice dice lo mismo que el .docx, con tildes, & y comillas."""
    caso = crear_caso(session, p.almacen, TIPO_DE[plantilla])
    documento = _crear(session, p, caso, plantilla)
    pdf = p.convertir_pdf(p.almacen.leer(documento.docx_sha256), [documento.numero])
    assert verificar_pdf(pdf, textos=[documento.numero, *HOSTILES[:1]]) == []
    extraido = normalizar_espacios(
        " ".join(pg.extract_text() for pg in PdfReader(BytesIO(pdf)).pages)
    )
    assert RAZON in extraido
    assert caso.expediente.numero in extraido or plantilla == "convenio_pago"


def test_el_convenio_lleva_su_tabla_de_amortizacion_exacta(session: Session, p: Parametros) -> None:
    """Siete cuotas iguales, la diferencia en la última, y suman la deuda menos la prima."""
    caso = crear_caso(session, p.almacen, "convenio")
    documento = _crear(session, p, caso, "convenio_pago")
    deuda = estado_de_deuda(
        session=session, patrono_id=caso.patrono.id or 0, corte=HOY, tasa_mensual=Decimal("0.01")
    )
    texto = leer_docx(p.almacen.leer(documento.docx_sha256))
    tabla = next(t for t in texto.tablas if t and t[0][:2] == ["N.º", "Vencimiento"])
    filas = [f for f in tabla[1:] if f[0].strip().isdigit()]
    montos = [Decimal(f[2].lstrip("$").replace(",", "")) for f in filas]
    assert len(filas) == 7
    assert len(set(montos[:-1])) == 1 and montos[-1] >= montos[0]
    assert sum(montos) == deuda.total - Decimal("1500.00")
    assert filas[-1][3] == "$0.00"


def _numero_drp(session: Session) -> int:
    fila = session.exec(select(Secuencia).where(Secuencia.serie == "DRP")).first()
    return fila.ultimo if fila else 0


@pytest.mark.parametrize(
    ("plantilla", "cambios", "problema"),
    [
        ("aviso_cobro", {"plazo_dias": "90"}, "no puede ser mayor que 30"),
        ("aviso_cobro", {"corte": "2026-12-31"}, "no puede ser una fecha futura"),
        ("convenio_pago", {"prima": "999999.00"}, "debe ser menor que la deuda"),
        ("convenio_pago", {"primera_fecha": "2026-11-01"}, "no puede ser una fecha pasada"),
        ("convenio_pago", {"periodicidad": "semanal"}, "debe ser una de: mensual"),
        ("anteproyecto_acuerdo", {"monto_exonerar": "999999.00"}, "excede las multas y recargos"),
        ("anteproyecto_acuerdo", {"solicitud": "CE-2026-999999"}, "no es una carta registrada"),
        ("oficio_respuesta", {"cuerpo": ""}, "Falta"),
        ("traslado_juridica", {"monto_certificado": "1.234,00"}, "monto positivo"),
    ],
)
def test_una_entrada_invalida_se_rechaza_con_su_problema_y_no_se_guarda_nada(
    session: Session, p: Parametros, plantilla: str, cambios: dict[str, Any], problema: str
) -> None:
    """El documento no se genera, se dice por qué, y el número DRP no se consume."""
    caso = crear_caso(session, p.almacen, TIPO_DE[plantilla])
    antes = _numero_drp(session)
    with pytest.raises(DocumentoInvalido) as exc, session.begin_nested():
        _crear(session, p, caso, plantilla, **cambios)
    assert any(problema in x for x in exc.value.problemas), exc.value.problemas
    assert session.exec(select(DocumentoGenerado)).all() == []
    assert _numero_drp(session) == antes


def test_sin_representante_ni_dui_el_convenio_se_rechaza_con_ambos_problemas(
    session: Session, p: Parametros
) -> None:
    """Un convenio sin quién lo firme por el patrono no se genera; se listan todas las faltas."""
    caso = crear_caso(session, p.almacen, "convenio", representante_legal="", dui_representante="")
    with pytest.raises(DocumentoInvalido) as exc:
        _crear(session, p, caso, "convenio_pago")
    assert len(exc.value.problemas) >= 2
    texto = " ".join(exc.value.problemas).lower()
    assert "representante" in texto and "dui" in texto


def test_una_plantilla_en_un_expediente_de_otro_tipo_se_rechaza(
    session: Session, p: Parametros
) -> None:
    """Un anteproyecto de acuerdo no se genera en un expediente de cobro."""
    caso = crear_caso(session, p.almacen, "cobro")
    with pytest.raises(DocumentoInvalido) as exc:
        _crear(session, p, caso, "anteproyecto_acuerdo")
    assert any("no se genera en un expediente de este tipo" in x for x in exc.value.problemas)


def test_un_patrono_sin_mora_no_recibe_aviso(session: Session, p: Parametros) -> None:
    """Sin períodos pendientes al corte no hay nada que cobrar."""
    caso = crear_caso(session, p.almacen, "cobro")
    for fila in session.exec(select(DeudaPeriodo)).all():
        fila.pagado = True
        session.add(fila)
    session.flush()
    with pytest.raises(DocumentoInvalido) as exc:
        _crear(session, p, caso, "aviso_cobro")
    assert any("mora" in x.lower() for x in exc.value.problemas), exc.value.problemas


def test_los_numeros_drp_son_correlativos_y_el_de_un_rechazo_se_reutiliza(
    session: Session, p: Parametros
) -> None:
    """Generado, rechazado, generado: DRP-2026-000001 y DRP-2026-000002, sin hueco."""
    caso = crear_caso(session, p.almacen, "cobro")
    primero = _crear(session, p, caso, "aviso_cobro")
    with pytest.raises(DocumentoInvalido), session.begin_nested():
        _crear(session, p, caso, "requerimiento_pago", plazo_dias="99")
    segundo = _crear(session, p, caso, "requerimiento_pago")
    assert [primero.numero, segundo.numero] == ["DRP-2026-000001", "DRP-2026-000002"]
