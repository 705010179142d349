"""El número de salida de una carta: reservado con el borrador e impreso en él, el mismo al
regenerar, anulado (y nunca reutilizado) si el documento se anula, y emitido por un canal al
quedar final."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from docx import Document
from sqlmodel import Session, select

from correspondencia import EstadoSalida, Saliente, salida_por_numero
from expedientes import ErrorDominio, TransicionNoPermitida
from plantillas import revision
from plantillas.borradores import editar_borrador
from plantillas.instalacion import Parametros
from plantillas.lote import generar_lote
from plantillas.modelos import DocumentoGenerado
from plantillas.pdf_verificacion import verificar_pdf
from tests.plantillas.conftest import HOY, Caso, crear_caso, entradas_de
from tests.plantillas.test_revision import _borrador


def _texto_docx(p: Parametros, sha256: str) -> str:
    documento = Document(BytesIO(p.almacen.leer(sha256)))
    return "\n".join(parrafo.text for parrafo in documento.paragraphs)


def test_el_borrador_de_una_carta_lleva_impreso_su_numero_de_salida(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un aviso de cobro recién redactado THEN su `.docx` ya dice su número CS, y la carta
    saliente está «en redacción» con su destinatario, su documento y su Message-ID."""
    doc = _borrador(session, p, caso)
    assert doc.saliente_numero == "CS-2026-000001"
    assert "Correspondencia de salida CS-2026-000001" in _texto_docx(p, doc.docx_sha256)
    salida = salida_por_numero(session=session, numero="CS-2026-000001")
    assert (salida.estado, salida.documento, salida.expediente_id) == (
        EstadoSalida.RESERVADA,
        doc.numero,
        caso.expediente.id,
    )
    assert salida.destinatario == caso.patrono.razon_social
    assert salida.message_id == doc.message_id == "CS-2026-000001@isss.gob.sv"


def test_un_documento_interno_no_consume_numero_de_salida(session: Session, p: Parametros) -> None:
    """El memorándum a Jurídica no sale del Instituto: ni número CS ni carta saliente."""
    caso = crear_caso(session, p.almacen, "juridica")
    doc = _borrador(session, p, caso, "traslado_juridica")
    assert doc.saliente_numero is None
    assert session.exec(select(Saliente)).all() == []


def test_regenerar_el_borrador_conserva_su_numero_y_pone_al_dia_la_salida(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Editar el oficio (otro destinatario) no consume otro número: el mismo CS, ya corregido."""
    doc = _borrador(session, p, caso, "oficio_respuesta")
    numero = doc.saliente_numero
    editar_borrador(
        session=session, p=p, documento=doc, expediente=caso.expediente,
        datos={**entradas_de("oficio_respuesta", caso), "destinatario": "Lic. Ana «Pérez» & Asoc."},
        usuario=caso.gestor, hoy=HOY,
    )  # fmt: skip
    assert doc.saliente_numero == numero
    assert f"Correspondencia de salida {numero}" in _texto_docx(p, doc.docx_sha256)
    salidas = session.exec(select(Saliente)).all()
    assert [(s.numero, s.destinatario, s.responde_a_id) for s in salidas] == [
        (numero, "Lic. Ana «Pérez» & Asoc.", caso.carta.id)
    ]


def test_anular_el_documento_deja_el_numero_usado_y_anulado_con_su_motivo(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN dos avisos WHEN se anula el primero THEN su CS queda anulado con el motivo y el
    siguiente aviso no lo reutiliza."""
    primero = _borrador(session, p, caso)
    revision.anular_documento(
        session=session, p=p, documento=primero, expediente=caso.expediente,
        usuario=caso.gestor, motivo="El patrono pagó el 30 & pidió «constancia»",
    )  # fmt: skip
    salida = salida_por_numero(session=session, numero=primero.saliente_numero or "")
    assert salida.estado == EstadoSalida.ANULADA
    assert salida.motivo == "El patrono pagó el 30 & pidió «constancia»"
    segundo = _borrador(session, p, caso)
    assert (primero.saliente_numero, segundo.saliente_numero) == (
        "CS-2026-000001",
        "CS-2026-000002",
    )


def test_una_carta_anulada_no_se_emite(session: Session, p: Parametros, caso: Caso) -> None:
    """El ciclo de la salida lo impide aunque alguien llame al puerto directamente."""
    doc = _borrador(session, p, caso)
    revision.anular_documento(
        session=session, p=p, documento=doc, expediente=caso.expediente,
        usuario=caso.gestor, motivo="Duplicado",
    )  # fmt: skip
    with pytest.raises(TransicionNoPermitida, match="Anulada"):
        p.correspondencia.emitir_salida(
            session=session, numero=doc.saliente_numero or "", canal="mensajero", correo="",
            emitida_el=HOY, pdf_sha256=None,
        )  # fmt: skip


def test_el_lote_numera_la_carta_nueva_y_la_regenerada_conserva_su_numero(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """El lote reserva el CS del aviso nuevo y, al regenerarlo, conserva el mismo número."""

    def lote(plazo: str) -> DocumentoGenerado:
        hecho = generar_lote(
            session=session, p=p, plantilla="aviso_cobro", expedientes=[caso.expediente],
            datos={**entradas_de("aviso_cobro", caso), "plazo_dias": plazo},
            autor_de=lambda _e: caso.gestor, hoy=HOY, procesos=1,
        )  # fmt: skip
        assert hecho.omitidos == {}
        return hecho.documentos[0]

    nuevo = lote("10")
    assert nuevo.saliente_numero == "CS-2026-000001"
    assert "Correspondencia de salida CS-2026-000001" in _texto_docx(p, nuevo.docx_sha256)
    regenerado = lote("15")
    assert (regenerado.id, regenerado.saliente_numero) == (nuevo.id, "CS-2026-000001")
    assert [s.numero for s in session.exec(select(Saliente)).all()] == ["CS-2026-000001"]


def _aprobado(session: Session, p: Parametros, caso: Caso, plantilla: str) -> DocumentoGenerado:
    doc = _borrador(session, p, caso, plantilla)
    revision.enviar_a_revision(
        session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.gestor
    )
    revision.aprobar_documento(
        session=session, documento=doc, expediente=caso.expediente, usuario=caso.jefe,
        sha256=doc.docx_sha256,
    )  # fmt: skip
    return doc


@pytest.mark.libreoffice
def test_sin_canal_o_con_un_correo_invalido_no_queda_final(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Dejar final una carta pide elegir por dónde sale; por correo, una dirección válida."""
    doc = _aprobado(session, p, caso, "aviso_cobro")
    comunes = {"session": session, "p": p, "documento": doc, "expediente": caso.expediente,
               "usuario": caso.gestor, "hoy": HOY}  # fmt: skip
    with pytest.raises(ErrorDominio) as sin_canal:
        revision.finalizar_documento(**comunes)
    assert sin_canal.value.problemas == [
        "Elija cómo se envía la carta: correo electrónico, mensajero o courier, ventanilla."
    ]
    with pytest.raises(ErrorDominio) as sin_correo:
        revision.finalizar_documento(**comunes, canal="correo", correo="  ")
    assert sin_correo.value.problemas == [
        "Para enviarla por correo electrónico, indique la dirección del destinatario."
    ]
    with pytest.raises(ErrorDominio) as malo:
        revision.finalizar_documento(**comunes, canal="correo", correo="pagos<at>perez.com")
    assert malo.value.problemas == [
        "«pagos<at>perez.com» no es una dirección de correo electrónico válida."
    ]
    assert doc.estado == "aprobado"
    assert salida_por_numero(session=session, numero=doc.saliente_numero or "").estado == (
        EstadoSalida.RESERVADA
    )


@pytest.mark.libreoffice
def test_la_carta_final_sale_con_el_numero_que_aprobo_el_jefe(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un oficio aprobado WHEN queda final por correo THEN el PDF/A dice el mismo CS que
    el `.docx` aprobado, la salida queda «por enviar» a esa dirección y la carta, respondida."""
    doc = _aprobado(session, p, caso, "oficio_respuesta")
    numero, aprobado = doc.saliente_numero, doc.aprobado_sha256
    revision.finalizar_documento(
        session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.gestor,
        hoy=HOY, canal="correo", correo=" gerencia@perez-cia.com.sv ",
    )  # fmt: skip
    assert doc.saliente_numero == numero and doc.docx_sha256 == aprobado
    pdf = p.almacen.leer(doc.pdf_sha256 or "")
    assert verificar_pdf(pdf, textos=[f"Correspondencia de salida {numero}"]) == []
    salida = salida_por_numero(session=session, numero=numero or "")
    assert (salida.estado, salida.canal, salida.correo, salida.emitida_el) == (
        EstadoSalida.PENDIENTE,
        "correo",
        "gerencia@perez-cia.com.sv",
        HOY,
    )
    assert salida.pdf_sha256 == doc.pdf_sha256
    session.refresh(caso.carta)
    assert caso.carta.estado == "respondida"


def test_el_oficio_de_solicitud_pide_para_una_fecha_y_su_salida_espera_respuesta(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """El oficio dice su número CS, lo que pide y la fecha límite en días hábiles; su carta
    saliente guarda esa fecha: espera respuesta."""
    doc = _borrador(session, p, caso, "oficio_solicitud")
    texto = _texto_docx(p, doc.docx_sha256)
    # 10 días hábiles desde el lunes 30 de noviembre de 2026: el lunes 14 de diciembre.
    assert "a más tardar el 14 de diciembre de 2026" in texto
    assert f"citando en su respuesta nuestra referencia {doc.saliente_numero}" in texto
    salida = salida_por_numero(session=session, numero=doc.saliente_numero or "")
    assert salida.vence_el == date(2026, 12, 14)
    assert salida.destinatario == "Jefe de la Sección de Afiliación «Ñ» & <Planillas>"
    aviso = _borrador(session, p, caso)
    assert salida_por_numero(session=session, numero=aviso.saliente_numero or "").vence_el is None
