"""Cerrar y archivar: la lista de lo requerido, el manifiesto encadenado, que nada cambie después
por ningún camino (servicios y base de datos, en ambos motores) y las correcciones con motivo."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session, select

from archivo import sellado
from archivo.almacen import Almacen
from archivo.documentos import ExpedienteSellado, documentos_de
from archivo.modelos import Sello
from archivo.requisitos import cargar_requisitos
from expedientes import ErrorDominio, asignar_gestor, cambiar_etapa, registrar_gestion
from tests.archivo.casos import HOY, TRANSACCION, agregar, completo, expediente_en_gestion, pdf_de

REQUISITOS = cargar_requisitos()


@pytest.fixture
def almacen(tmp_path: Path) -> Almacen:
    """El almacén de la prueba."""
    return Almacen(tmp_path / "blobs")


def _sellar(session: Session, almacen: Almacen, caso: object) -> Sello:
    return sellado.sellar(
        session=session, almacen=almacen, expediente=caso.expediente,  # type: ignore[attr-defined]
        usuario=caso.jefe, requisitos=REQUISITOS, hoy=HOY, bloqueos=(),  # type: ignore[attr-defined]
    )  # fmt: skip


def test_sellar_se_rechaza_con_la_lista_de_lo_que_falta(session: Session, almacen: Almacen) -> None:
    """Una transacción sin acuerdo ni constancia no se archiva: se dice qué falta, en español."""
    caso = expediente_en_gestion(session)
    for tipo in TRANSACCION[:3]:
        agregar(session, almacen, caso.expediente, tipo)
    with pytest.raises(ErrorDominio, match="no se puede cerrar y archivar") as exc:
        _sellar(session, almacen, caso)
    assert exc.value.problemas == [
        "Falta: Acuerdo del Consejo Directivo.",
        "Falta: Constancia de aplicación en cuenta patronal.",
    ]
    assert session.exec(select(Sello)).all() == [] and caso.expediente.sellado_en is None


def test_sellar_se_rechaza_mientras_otra_capacidad_tenga_algo_pendiente(
    session: Session, almacen: Almacen
) -> None:
    """Un bloqueo que se le pasa (p. ej. un borrador sin terminar) impide sellar y se lista."""
    caso = completo(session, almacen)
    with pytest.raises(ErrorDominio) as exc:
        sellado.sellar(
            session=session, almacen=almacen, expediente=caso.expediente, usuario=caso.jefe,
            requisitos=REQUISITOS, hoy=HOY,
            bloqueos=[lambda _s, _id: ["Aviso de cobro DRP-2026-000007 en revisión."]],
        )  # fmt: skip
    assert exc.value.problemas == ["Aviso de cobro DRP-2026-000007 en revisión."]


def test_sellar_cierra_el_expediente_y_escribe_el_manifiesto_con_cada_huella(
    session: Session, almacen: Almacen
) -> None:
    """GIVEN los cinco documentos de una transacción WHEN se cierra y archiva THEN queda cerrado,
    sellado, con un manifiesto que lista cada documento con sus huellas y folios."""
    caso = completo(session, almacen)
    sello = _sellar(session, almacen, caso)
    assert (sello.secuencia, sello.version, sello.anterior_sha256) == (1, 1, None)
    assert caso.expediente.etapa == "cerrado" and caso.expediente.sellado_en is not None
    manifiesto = json.loads(almacen.leer(sello.manifiesto_sha256))
    documentos = documentos_de(session=session, expediente_id=caso.expediente.id or 0)
    assert [
        (d["orden"], d["tipo"], d["sha256"], d["folios"]) for d in manifiesto["documentos"]
    ] == [(d.orden, d.tipo, d.sha256, d.folios) for d in documentos]
    assert manifiesto["folios"] == 1 + 2 + 3 + 4 + 5
    assert manifiesto["patrono"]["razon_social"].startswith("Pérez & Cía <S.A. de C.V.>")
    assert manifiesto["expediente"]["numero"] == caso.expediente.numero


def test_cada_sello_se_encadena_al_anterior_de_todo_el_archivo(
    session: Session, almacen: Almacen
) -> None:
    """El segundo expediente sellado guarda la huella del manifiesto del primero."""
    primero = _sellar(session, almacen, completo(session, almacen))
    segundo = _sellar(session, almacen, completo(session, almacen))
    assert (segundo.secuencia, segundo.anterior_sha256) == (2, primero.manifiesto_sha256)
    assert (
        json.loads(almacen.leer(segundo.manifiesto_sha256))["anterior"] == primero.manifiesto_sha256
    )


def test_despues_de_sellar_los_servicios_rechazan_cada_cambio(
    session: Session, almacen: Almacen
) -> None:
    """Incorporar, cambiar etapa, reasignar, anotar gestiones y volver a sellar: todo rechazado."""
    caso = completo(session, almacen)
    _sellar(session, almacen, caso)
    with pytest.raises(ExpedienteSellado):
        agregar(session, almacen, caso.expediente, "otro")
    with pytest.raises(ErrorDominio, match="sellado y archivado"):
        cambiar_etapa(
            session=session,
            expediente=caso.expediente,
            nueva="en_gestion",
            hoy=HOY,
            motivo="Reabrir",
        )
    with pytest.raises(ErrorDominio, match="sellado y archivado"):
        asignar_gestor(session=session, expediente=caso.expediente, gestor=caso.jefe)
    with pytest.raises(ErrorDominio, match="ya no admite gestiones"):
        registrar_gestion(
            session=session, expediente=caso.expediente, tipo="llamada", fecha=HOY,
            nota="Llamada posterior", autor=caso.jefe, hoy=HOY,
        )  # fmt: skip
    with pytest.raises(ExpedienteSellado):
        _sellar(session, almacen, caso)


@pytest.mark.parametrize(
    "sentencia",
    [
        "UPDATE documento_expediente SET titulo = 'otro' WHERE expediente_id = :id",
        "DELETE FROM documento_expediente WHERE expediente_id = :id",
        "INSERT INTO documento_expediente (expediente_id, orden, tipo, titulo, referencia, fecha, origen,"
        " folios, sha256, nombre_archivo, tipo_mime, texto, correccion) VALUES (:id, 99, 'otro', 'x', '',"
        " '2026-11-30', 'escaneado', 1, 'aa', '', '', '', '')",
        "UPDATE expediente SET asunto = 'otro' WHERE id = :id",
        "DELETE FROM expediente WHERE id = :id",
        "INSERT INTO gestion (expediente_id, tipo, fecha, nota, creado_en, actualizado_en)"
        " VALUES (:id, 'llamada', '2026-11-30', 'x', '2026-11-30', '2026-11-30')",
        "UPDATE gestion SET nota = 'otra' WHERE expediente_id = :id",
        "DELETE FROM gestion WHERE expediente_id = :id",
        "UPDATE sello SET motivo = 'otro'",
        "DELETE FROM sello",
    ],
)
def test_la_base_de_datos_rechaza_cambiar_un_expediente_sellado(
    session: Session, almacen: Almacen, sentencia: str
) -> None:
    """Ni con SQL directo: los triggers de la base (ambos motores) lo impiden."""
    caso = completo(session, almacen)
    _sellar(session, almacen, caso)
    with pytest.raises(DatabaseError, match="sellado"), session.begin_nested():
        session.execute(text(sentencia), {"id": caso.expediente.id})


def test_un_expediente_sin_sellar_si_se_modifica_por_sql(
    session: Session, almacen: Almacen
) -> None:
    """El caso de control: los triggers solo actúan sobre lo sellado."""
    caso = completo(session, almacen)
    session.execute(
        text("UPDATE documento_expediente SET titulo = 'corregido' WHERE expediente_id = :id"),
        {"id": caso.expediente.id},
    )


def test_una_correccion_se_agrega_con_motivo_y_se_sella_como_version_nueva(
    session: Session, almacen: Almacen
) -> None:
    """GIVEN un expediente sellado WHEN se corrige con motivo THEN el documento se agrega, la
    versión 2 del manifiesto lo incluye y la cadena sigue; sin motivo, no."""
    caso = completo(session, almacen)
    v1 = _sellar(session, almacen, caso)
    nuevo = pdf_de(3, "constancia corregida")
    documento = {
        "tipo": "constancia_aplicacion", "titulo": "Constancia corregida & <firmada>",
        "fecha": date(2026, 11, 29), "sha256": almacen.guardar(nuevo), "sha256_pdf": None, "folios": 3,
    }  # fmt: skip
    with pytest.raises(ErrorDominio, match="No se pudo corregir"):
        sellado.corregir(session=session, almacen=almacen, expediente=caso.expediente,
                         usuario=caso.jefe, motivo="  ", documento=dict(documento))  # fmt: skip
    v2 = sellado.corregir(
        session=session, almacen=almacen, expediente=caso.expediente, usuario=caso.jefe,
        motivo="La constancia original traía otro número de cuenta", documento=dict(documento),
    )  # fmt: skip
    assert (v2.version, v2.secuencia, v2.anterior_sha256) == (2, 2, v1.manifiesto_sha256)
    manifiesto = json.loads(almacen.leer(v2.manifiesto_sha256))
    ultimo = manifiesto["documentos"][-1]
    assert (ultimo["orden"], ultimo["correccion"]) == (
        6,
        "La constancia original traía otro número de cuenta",
    )
    assert manifiesto["motivo"] == "La constancia original traía otro número de cuenta"
    assert len(json.loads(almacen.leer(v1.manifiesto_sha256))["documentos"]) == 5


def test_un_expediente_abierto_sin_gestion_no_se_archiva(
    session: Session, almacen: Almacen
) -> None:
    """Abierto pero nunca gestionado: la máquina de estados no lo deja cerrar."""
    from expedientes import abrir_expediente

    caso = expediente_en_gestion(session, tipo="cobro")
    agregar(session, almacen, caso.expediente, "aviso_cobro")
    vacio = abrir_expediente(session=session, numero_patronal="310145678", tipo="juridica", hoy=HOY)
    agregar(session, almacen, vacio, "traslado_juridica")
    with pytest.raises(ErrorDominio, match="primero debe tener gestión"):
        sellado.sellar(session=session, almacen=almacen, expediente=vacio, usuario=caso.jefe,
                       requisitos=REQUISITOS, hoy=HOY, bloqueos=())  # fmt: skip
    sello = _sellar(session, almacen, caso)
    assert sello.version == 1 and caso.expediente.etapa == "cerrado"
