"""Un departamento con un solo jefe: lo que el jefe redacta lo aprueba su suplente y, si no hay
otro jefe ni suplente activo, el jefe mismo, y la historia del documento lo dice."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from expedientes import AccesoDenegado, Permiso, puede
from plantillas import acciones_sobre_documento, crear_borrador, revision
from plantillas.consultas import historia_del_documento
from plantillas.instalacion import Parametros
from plantillas.modelos import DocumentoGenerado
from tests.plantillas.conftest import HOY, Caso, entradas_de


def _del_jefe(session: Session, p: Parametros, caso: Caso) -> DocumentoGenerado:
    doc = crear_borrador(session=session, p=p, expediente=caso.expediente, plantilla="aviso_cobro",
                         datos=entradas_de("aviso_cobro", caso), autor=caso.jefe, hoy=HOY)  # fmt: skip
    revision.enviar_a_revision(session=session, p=p, documento=doc, expediente=caso.expediente,
                               usuario=caso.jefe)  # fmt: skip
    return doc


def _aprobar(session: Session, caso: Caso, doc: DocumentoGenerado, quien: object) -> None:
    revision.aprobar_documento(session=session, documento=doc, expediente=caso.expediente,
                               usuario=quien, sha256=doc.docx_sha256)  # type: ignore[arg-type]  # fmt: skip


def _inactivo(session: Session, usuario: object) -> None:
    usuario.activo = False  # type: ignore[attr-defined]
    session.add(usuario)
    session.flush()


@pytest.mark.libreoffice
def test_con_otro_jefe_activo_el_jefe_no_aprueba_lo_suyo(
    session: Session, p: Parametros, caso: Caso
) -> None:
    doc = _del_jefe(session, p, caso)
    assert "aprobar" not in acciones_sobre_documento(
        caso.jefe, doc, caso.expediente,
        sin_otro_revisor=revision.sin_otro_revisor(session, doc, caso.expediente, caso.jefe),
    )  # fmt: skip
    with pytest.raises(AccesoDenegado, match="Nadie revisa"):
        _aprobar(session, caso, doc, caso.jefe)
    _aprobar(session, caso, doc, caso.otro_jefe)
    assert doc.estado == "aprobado" and doc.aprobado_por_id == caso.otro_jefe.id


@pytest.mark.libreoffice
def test_un_jefe_solo_aprueba_lo_suyo_y_queda_dicho(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Sin otro jefe activo ni suplente: el jefe lo aprueba y la historia lo dice."""
    _inactivo(session, caso.otro_jefe)
    doc = _del_jefe(session, p, caso)
    assert revision.sin_otro_revisor(session, doc, caso.expediente, caso.jefe)
    _aprobar(session, caso, doc, caso.jefe)
    assert doc.estado == "aprobado" and doc.aprobado_por_id == caso.jefe.id
    ultimo, _nombre = historia_del_documento(session=session, documento=doc)[-1]
    assert (ultimo.accion, ultimo.comentario) == ("aprobar", revision.AUTOAPROBACION)
    revision.finalizar_documento(session=session, p=p, documento=doc, expediente=caso.expediente,
                                 usuario=caso.jefe, hoy=HOY)  # fmt: skip
    assert doc.estado == "final"


@pytest.mark.libreoffice
def test_con_suplente_lo_del_jefe_lo_aprueba_el_suplente(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """El gestor designado suplente revisa lo del jefe (un gestor cualquiera, no); el jefe ya no
    se aprueba a sí mismo, y el suplente tampoco aprueba lo que él redactó."""
    _inactivo(session, caso.otro_jefe)
    assert not puede(caso.gestor, Permiso.REVISAR_DOCUMENTO)
    caso.gestor.suplente = True
    session.add(caso.gestor)
    session.flush()
    assert puede(caso.gestor, Permiso.REVISAR_DOCUMENTO)
    doc = _del_jefe(session, p, caso)
    assert not revision.sin_otro_revisor(session, doc, caso.expediente, caso.jefe)
    with pytest.raises(AccesoDenegado):
        _aprobar(session, caso, doc, caso.jefe)
    _aprobar(session, caso, doc, caso.gestor)
    assert doc.aprobado_por_id == caso.gestor.id
    suyo = crear_borrador(session=session, p=p, expediente=caso.expediente, plantilla="aviso_cobro",
                          datos=entradas_de("aviso_cobro", caso), autor=caso.gestor, hoy=HOY)  # fmt: skip
    revision.enviar_a_revision(session=session, p=p, documento=suyo, expediente=caso.expediente,
                               usuario=caso.gestor)  # fmt: skip
    with pytest.raises(AccesoDenegado):
        _aprobar(session, caso, suyo, caso.gestor)
