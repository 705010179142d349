"""Los avisos de la revisión de documentos, desde los servicios reales: el jefe sabe que un
borrador espera su revisión y su autor, que volvió con observaciones o que fue aprobado."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from avisos import generar_avisos
from expedientes import Usuario, ahora
from plantillas import revision
from plantillas.instalacion import Parametros
from tests.plantillas.conftest import HOY, Caso
from tests.plantillas.test_revision import _borrador, _enviar


def _barrer(session: Session) -> list[tuple[str, str, str]]:
    creados = generar_avisos(session=session, hoy=HOY, ahora=ahora(), dias=2)
    nombres = {u.id: u.nombre_usuario for u in session.exec(select(Usuario)).all()}
    return sorted((nombres[a.usuario_id], a.evento, a.titulo) for a in creados)


@pytest.mark.libreoffice
def test_la_revision_avisa_a_los_jefes_y_al_autor(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """Enviar a revisión avisa a cada jefe que puede revisarlo; observarlo y aprobarlo avisan a
    quien lo redactó, una vez cada paso."""
    _barrer(session)
    doc = _borrador(session, p, caso)
    _enviar(session, p, caso, doc)
    nombre = f"Aviso de cobro {doc.numero}"
    assert _barrer(session) == [
        ("ana.rivera", "documento_por_revisar", f"{nombre} espera su revisión"),
        ("jose.aguilar", "documento_por_revisar", f"{nombre} espera su revisión"),
    ]
    revision.observar_documento(
        session=session, documento=doc, expediente=caso.expediente, usuario=caso.jefe,
        sha256=doc.docx_sha256, observaciones="Revise el plazo & los «montos».",
    )  # fmt: skip
    assert _barrer(session) == [
        ("carlos.mejia", "documento_observado", f"Su {nombre} volvió con observaciones del jefe")
    ]
    _enviar(session, p, caso, doc)
    revision.aprobar_documento(session=session, documento=doc, expediente=caso.expediente,
                               usuario=caso.jefe, sha256=doc.docx_sha256)  # fmt: skip
    eventos = [(quien, evento) for quien, evento, _ in _barrer(session)]
    assert eventos == [
        ("ana.rivera", "documento_por_revisar"), ("carlos.mejia", "documento_aprobado"),
        ("jose.aguilar", "documento_por_revisar"),
    ]  # fmt: skip
    assert _barrer(session) == []
