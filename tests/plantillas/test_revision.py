"""La revisión de un documento: estados, aprobación de un sha256, nadie aprueba lo suyo, y lo
que ocurre al dejarlo final (PDF/A real, expediente, número de salida, carta respondida)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from archivo import documentos_de
from correspondencia import Saliente
from expedientes import AccesoDenegado, ErrorDominio, TransicionNoPermitida
from plantillas import documentos_estados, revision
from plantillas.borradores import crear_borrador, editar_borrador
from plantillas.consultas import cola_de_revision, historia_del_documento
from plantillas.instalacion import Parametros
from plantillas.modelos import DocumentoGenerado, EstadoDocumento, EventoDocumento
from plantillas.pdf_verificacion import verificar_pdf
from tests.plantillas.conftest import HOY, RAZON, Caso, crear_caso, entradas_de

E = EstadoDocumento


def _borrador(
    session: Session, p: Parametros, caso: Caso, plantilla: str = "aviso_cobro", **cambios: Any
) -> DocumentoGenerado:
    return crear_borrador(
        session=session, p=p, expediente=caso.expediente, plantilla=plantilla,
        datos={**entradas_de(plantilla, caso), **cambios}, autor=caso.gestor, hoy=HOY,
    )  # fmt: skip


def _enviar(session: Session, p: Parametros, caso: Caso, doc: DocumentoGenerado) -> None:
    revision.enviar_a_revision(
        session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.gestor
    )


def _aprobar(
    session: Session, caso: Caso, doc: DocumentoGenerado, quien: Any = None, sha: str | None = None
) -> None:
    revision.aprobar_documento(
        session=session, documento=doc, expediente=caso.expediente,
        usuario=quien or caso.jefe, sha256=sha or doc.docx_sha256,
    )  # fmt: skip


@pytest.mark.libreoffice
def test_del_borrador_a_final_con_una_observacion_en_medio(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un aviso del gestor WHEN el jefe lo observa, el gestor lo corrige y el jefe lo
    aprueba THEN queda final con su PDF/A, en el expediente, con número CS y su historia."""
    doc = _borrador(session, p, caso)
    _enviar(session, p, caso, doc)
    assert doc.estado == E.EN_REVISION and doc.pdf_de_sha256 == doc.docx_sha256
    assert [d.numero for d, _, _ in cola_de_revision(session=session)] == [doc.numero]
    revision.observar_documento(
        session=session, documento=doc, expediente=caso.expediente, usuario=caso.jefe,
        sha256=doc.docx_sha256, observaciones='Corrija el plazo: "8 días" & revise <montos>.',
    )  # fmt: skip
    assert doc.estado == E.OBSERVADO and cola_de_revision(session=session) == []
    sha_observado = doc.docx_sha256
    editar_borrador(
        session=session, p=p, documento=doc, expediente=caso.expediente,
        datos={"corte": "2026-11-30", "plazo_dias": "8"}, usuario=caso.gestor, hoy=HOY,
    )  # fmt: skip
    assert doc.docx_sha256 != sha_observado and doc.pdf_sha256 is None
    _enviar(session, p, caso, doc)
    _aprobar(session, caso, doc)
    assert doc.estado == E.APROBADO and doc.aprobado_sha256 == doc.docx_sha256
    revision.finalizar_documento(
        session=session,
        p=p,
        documento=doc,
        expediente=caso.expediente,
        usuario=caso.gestor,
        hoy=HOY,
    )
    assert doc.estado == E.FINAL
    pdf = p.almacen.leer(doc.pdf_sha256 or "")
    assert verificar_pdf(pdf, textos=[doc.numero, RAZON]) == []
    assert doc.folios == len(PdfReader(BytesIO(pdf)).pages)
    archivados = documentos_de(session=session, expediente_id=caso.expediente.id or 0)
    assert [(a.referencia, a.origen, a.sha256, a.sha256_pdf, a.folios) for a in archivados] == [
        (doc.numero, "generado", doc.docx_sha256, doc.pdf_sha256, doc.folios)
    ]
    assert doc.saliente_numero == "CS-2026-000001"
    assert doc.message_id == "CS-2026-000001@isss.gob.sv"
    acciones = [e.accion for e, _ in historia_del_documento(session=session, documento=doc)]
    assert acciones == ["crear", "enviar", "observar", "editar", "enviar", "aprobar", "finalizar"]
    observacion = next(
        e
        for e, _ in historia_del_documento(session=session, documento=doc)
        if e.accion == "observar"
    )
    assert observacion.comentario == 'Corrija el plazo: "8 días" & revise <montos>.'
    assert observacion.docx_sha256 == sha_observado


@pytest.mark.libreoffice
def test_el_oficio_final_deja_respondida_la_carta_y_enhebra_la_salida(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """La carta que responde queda `respondida` y la salida la cita, con su Message-ID."""
    doc = _borrador(session, p, caso, "oficio_respuesta")
    revision.elegir_envio_del_documento(
        session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.jefe,
        canal="correo", correo="gerencia@patrono.com.sv",
    )  # fmt: skip
    _enviar(session, p, caso, doc)
    _aprobar(session, caso, doc)
    revision.finalizar_documento(
        session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.jefe, hoy=HOY
    )
    session.refresh(caso.carta)
    assert caso.carta.estado == "respondida"
    salida = session.exec(select(Saliente).where(Saliente.numero == doc.saliente_numero)).one()
    assert salida.responde_a_id == caso.carta.id and salida.expediente_id == caso.expediente.id
    assert salida.message_id == doc.message_id


@pytest.mark.libreoffice
def test_un_documento_que_no_es_carta_no_recibe_numero_de_salida(
    session: Session, p: Parametros
) -> None:
    """El memorándum a Jurídica es interno: final, en el expediente, sin número CS."""
    caso = crear_caso(session, p.almacen, "juridica")
    doc = _borrador(session, p, caso, "traslado_juridica")
    _enviar(session, p, caso, doc)
    _aprobar(session, caso, doc)
    revision.finalizar_documento(
        session=session,
        p=p,
        documento=doc,
        expediente=caso.expediente,
        usuario=caso.gestor,
        hoy=HOY,
    )
    assert doc.estado == E.FINAL and doc.saliente_numero is None
    assert session.exec(select(Saliente)).all() == []


@pytest.mark.libreoffice
def test_nadie_aprueba_ni_observa_lo_que_escribio(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Un borrador del jefe lo revisa otro jefe; el autor no, aunque sea jefe."""
    doc = crear_borrador(
        session=session, p=p, expediente=caso.expediente, plantilla="aviso_cobro",
        datos=entradas_de("aviso_cobro", caso), autor=caso.jefe, hoy=HOY,
    )  # fmt: skip
    revision.enviar_a_revision(
        session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.jefe
    )
    with pytest.raises(AccesoDenegado, match="Nadie revisa ni aprueba un documento que escribió"):
        _aprobar(session, caso, doc, quien=caso.jefe)
    with pytest.raises(AccesoDenegado):
        revision.observar_documento(
            session=session, documento=doc, expediente=caso.expediente, usuario=caso.jefe,
            sha256=doc.docx_sha256, observaciones="Bien",
        )  # fmt: skip
    with pytest.raises(AccesoDenegado):
        _aprobar(session, caso, doc, quien=caso.gestor)
    _aprobar(session, caso, doc, quien=caso.otro_jefe)
    assert doc.aprobado_por_id == caso.otro_jefe.id


@pytest.mark.libreoffice
def test_aprobar_un_sha256_que_no_es_el_actual_se_rechaza(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """El jefe aprueba lo que vio: si el documento cambió, la aprobación no procede."""
    doc = _borrador(session, p, caso)
    _enviar(session, p, caso, doc)
    with pytest.raises(ErrorDominio, match="cambió desde que lo abrió"):
        _aprobar(session, caso, doc, sha="0" * 64)
    assert doc.estado == E.EN_REVISION and doc.aprobado_sha256 is None


@pytest.mark.libreoffice
def test_editar_despues_de_aprobado_anula_la_aprobacion(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Cualquier cambio tras aprobar devuelve el documento a borrador sin aprobación."""
    doc = _borrador(session, p, caso)
    _enviar(session, p, caso, doc)
    _aprobar(session, caso, doc)
    editar_borrador(
        session=session, p=p, documento=doc, expediente=caso.expediente,
        datos={"corte": "2026-11-30", "plazo_dias": "12"}, usuario=caso.gestor, hoy=HOY,
    )  # fmt: skip
    assert doc.estado == E.BORRADOR
    assert (doc.aprobado_sha256, doc.aprobado_por_id, doc.aprobado_en) == (None, None, None)
    with pytest.raises(TransicionNoPermitida):
        revision.finalizar_documento(
            session=session,
            p=p,
            documento=doc,
            expediente=caso.expediente,
            usuario=caso.gestor,
            hoy=HOY,
        )
    ultimo = session.exec(select(EventoDocumento).order_by(EventoDocumento.id.desc())).first()  # type: ignore[union-attr]
    assert ultimo is not None and "la aprobación queda sin efecto" in ultimo.comentario


@pytest.mark.libreoffice
def test_bytes_aprobados_alterados_en_el_almacen_impiden_el_final(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Si el .docx aprobado ya no coincide con su huella, no se firma ni se archiva."""
    doc = _borrador(session, p, caso)
    _enviar(session, p, caso, doc)
    _aprobar(session, caso, doc)
    ruta = p.almacen.ruta(doc.docx_sha256)
    ruta.chmod(0o644)
    ruta.write_bytes(ruta.read_bytes() + b"alterado")
    with pytest.raises(ErrorDominio, match="dañado"):
        revision.finalizar_documento(
            session=session,
            p=p,
            documento=doc,
            expediente=caso.expediente,
            usuario=caso.gestor,
            hoy=HOY,
        )


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("accion", "estado"),
    [
        ("observar", E.BORRADOR),
        ("aprobar", E.BORRADOR),
        ("finalizar", E.EN_REVISION),
        ("retirar", E.BORRADOR),
    ],
)
def test_las_transiciones_fuera_de_orden_se_rechazan(
    session: Session, p: Parametros, caso: Caso, accion: str, estado: str
) -> None:
    """No se aprueba un borrador no enviado, ni se finaliza lo no aprobado."""
    doc = _borrador(session, p, caso)
    if estado == E.EN_REVISION:
        _enviar(session, p, caso, doc)
    llamadas = {
        "observar": lambda: revision.observar_documento(session=session, documento=doc, expediente=caso.expediente, usuario=caso.jefe, sha256=doc.docx_sha256, observaciones="x"),
        "aprobar": lambda: _aprobar(session, caso, doc),
        "finalizar": lambda: revision.finalizar_documento(session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.gestor, hoy=HOY),
        "retirar": lambda: revision.retirar_de_revision(session=session, documento=doc, expediente=caso.expediente, usuario=caso.gestor),
    }  # fmt: skip
    with pytest.raises(TransicionNoPermitida):
        llamadas[accion]()
    assert doc.estado == estado


@pytest.mark.libreoffice
def test_observar_sin_observaciones_y_anular_sin_motivo_se_rechazan(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Devolver exige decir qué corregir; anular exige decir por qué (el número queda anulado)."""
    doc = _borrador(session, p, caso)
    _enviar(session, p, caso, doc)
    with pytest.raises(ErrorDominio, match="No se pudo devolver"):
        revision.observar_documento(
            session=session,
            documento=doc,
            expediente=caso.expediente,
            usuario=caso.jefe,
            sha256=doc.docx_sha256,
            observaciones="  ",
        )
    with pytest.raises(ErrorDominio, match="No se pudo anular"):
        revision.anular_documento(
            session=session,
            p=p,
            documento=doc,
            expediente=caso.expediente,
            usuario=caso.gestor,
            motivo="",
        )
    revision.anular_documento(
        session=session,
        p=p,
        documento=doc,
        expediente=caso.expediente,
        usuario=caso.gestor,
        motivo="Patrono pagó & canceló",
    )
    assert doc.estado == E.ANULADO and doc.motivo_anulacion == "Patrono pagó & canceló"
    with pytest.raises(ErrorDominio):
        editar_borrador(
            session=session,
            p=p,
            documento=doc,
            expediente=caso.expediente,
            datos=entradas_de("aviso_cobro", caso),
            usuario=caso.gestor,
            hoy=HOY,
        )


def test_un_gestor_ajeno_no_redacta_ni_envia_en_un_expediente_que_no_es_suyo(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """El servicio aplica la política aunque lo llame la consola."""
    from expedientes import Usuario

    ajeno = Usuario(
        nombre_usuario="otro",
        nombre_completo="Otro Gestor",
        rol="gestor",
        password_hash="x",
        token_sesion="y",
    )
    session.add(ajeno)
    session.flush()
    with pytest.raises(AccesoDenegado):
        crear_borrador(
            session=session,
            p=p,
            expediente=caso.expediente,
            plantilla="aviso_cobro",
            datos=entradas_de("aviso_cobro", caso),
            autor=ajeno,
            hoy=HOY,
        )
    doc = _borrador(session, p, caso)
    with pytest.raises(AccesoDenegado):
        revision.enviar_a_revision(
            session=session, p=p, documento=doc, expediente=caso.expediente, usuario=ajeno
        )


def test_la_historia_de_revision_no_se_puede_reescribir(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Los triggers de la base rechazan modificar o borrar eventos (en ambos motores)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError

    doc = _borrador(session, p, caso)
    session.flush()
    for sentencia in (
        "UPDATE evento_documento SET comentario = 'otro'",
        "DELETE FROM evento_documento",
    ):
        with pytest.raises(DatabaseError, match="solo admite agregar"), session.begin_nested():
            session.execute(text(sentencia))
    assert len(historia_del_documento(session=session, documento=doc)) == 1


@pytest.mark.libreoffice
def test_solo_quien_lo_redacto_lo_retira_de_revision(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """El jefe revisa, no retira: retirar es del autor (que sigue editando)."""
    doc = _borrador(session, p, caso)
    _enviar(session, p, caso, doc)
    assert "retirar" not in documentos_estados.acciones_sobre_documento(
        caso.jefe, doc, caso.expediente
    )
    assert {"aprobar", "observar"} <= set(
        documentos_estados.acciones_sobre_documento(caso.jefe, doc, caso.expediente)
    )
    with pytest.raises(AccesoDenegado, match="Solo quien lo redactó"):
        revision.retirar_de_revision(
            session=session, documento=doc, expediente=caso.expediente, usuario=caso.jefe
        )
    assert documentos_estados.acciones_sobre_documento(caso.gestor, doc, caso.expediente) == [
        "retirar",
        "anular",
    ]
    revision.retirar_de_revision(
        session=session, documento=doc, expediente=caso.expediente, usuario=caso.gestor
    )
    assert doc.estado == E.BORRADOR
