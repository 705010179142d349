"""Redactar una plantilla en un expediente: el borrador abierto se vuelve a generar con su número,
si no hay uno se crea; la consola (un expediente) y el lote (muchos) siguen la misma regla."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from expedientes import ErrorDominio
from plantillas import (
    DocumentoGenerado,
    Parametros,
    catalogo_del_proyecto,
    generar_lote,
    redactar,
    subir_version,
)
from tests.plantillas.conftest import HOY, Caso, entradas_de
from tests.plantillas.test_catalogo import _con_nota_al_pie


def _redactar(session: Session, p: Parametros, caso: Caso, **cambios: str) -> DocumentoGenerado:
    datos = {**entradas_de("aviso_cobro", caso), **cambios}
    return redactar(session=session, p=p, expediente=caso.expediente, plantilla="aviso_cobro",
                    datos=datos, autor=caso.gestor, hoy=HOY)  # fmt: skip


def test_redactar_otra_vez_regenera_el_borrador_abierto_con_su_numero(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un aviso en borrador WHEN se redacta otra vez con otro plazo THEN es el mismo
    documento (mismo número DRP), generado de nuevo; no hay un segundo borrador."""
    primero = _redactar(session, p, caso)
    sha = primero.docx_sha256
    segundo = _redactar(session, p, caso, plazo_dias="15")
    assert segundo.id == primero.id and segundo.numero == primero.numero
    assert segundo.docx_sha256 != sha and "15" in segundo.texto
    assert len(session.exec(select(DocumentoGenerado)).all()) == 1


def test_un_borrador_de_otra_version_se_rechaza_igual_en_la_consola_y_en_el_lote(
    session: Session, p: Parametros, caso: Caso
) -> None:
    """GIVEN un borrador abierto generado con la versión del proyecto y una versión subida después
    WHEN se redacta otra vez, solo o en lote THEN ambos caminos lo rechazan con el mismo problema y no
    tocan el borrador."""
    abierto = _redactar(session, p, caso)
    sha, version = abierto.docx_sha256, abierto.plantilla_version
    docx_v2 = _con_nota_al_pie(catalogo_del_proyecto()["aviso_cobro"].docx)
    subir_version(session=session, almacen=p.almacen, nombre="aviso_cobro", docx=docx_v2,
                  contrato_toml=None, usuario=caso.jefe, notas="v2 & <horario>")  # fmt: skip
    problema = (
        f"Tiene abierto {abierto.numero}, generado con la versión {abierto.plantilla_version}: "
        "edítelo o anúlelo."
    )
    with pytest.raises(ErrorDominio) as rechazo:
        _redactar(session, p, caso, plazo_dias="15")
    assert rechazo.value.mensaje == problema
    lote = generar_lote(session=session, p=p, plantilla="aviso_cobro",
                        expedientes=[caso.expediente], datos=entradas_de("aviso_cobro", caso),
                        autor_de=lambda _e: caso.gestor, hoy=HOY, procesos=1)  # fmt: skip
    assert lote.omitidos == {caso.expediente.numero: [problema]} and lote.documentos == []
    session.refresh(abierto)
    assert (abierto.docx_sha256, abierto.plantilla_version) == (sha, version)
