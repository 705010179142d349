"""`verificar`: un archivo intacto pasa; cada forma de alterarlo (bytes de un documento, un
manifiesto, un sello quitado, una fila cambiada por debajo de los triggers, los últimos sellos
quitados) se detecta y se dice cuál."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from archivo import sellado
from archivo.almacen import Almacen
from archivo.documentos import documentos_de
from archivo.modelos import Sello
from archivo.requisitos import cargar_requisitos
from archivo.verificacion import registrar_verificacion, ultima_verificacion, verificar_archivo
from tests.archivo.casos import HOY, Archivable, alterar_blob, completo


@pytest.fixture
def almacen(tmp_path: Path) -> Almacen:
    """El almacén de la prueba."""
    return Almacen(tmp_path / "blobs")


@pytest.fixture
def archivados(session: Session, almacen: Almacen) -> list[tuple[Archivable, Sello]]:
    """Tres expedientes sellados, en cadena."""
    salida = []
    for _ in range(3):
        caso = completo(session, almacen)
        sello = sellado.sellar(
            session=session, almacen=almacen, expediente=caso.expediente, usuario=caso.jefe,
            requisitos=cargar_requisitos(), hoy=HOY, bloqueos=(),
        )  # fmt: skip
        salida.append((caso, sello))
    return salida


@contextmanager
def sin_triggers(session: Session, tabla: str) -> Iterator[None]:
    """Lo que haría alguien con acceso directo a la base: quitar las protecciones un momento."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"ALTER TABLE {tabla} DISABLE TRIGGER USER"))
        yield
        session.execute(text(f"ALTER TABLE {tabla} ENABLE TRIGGER USER"))
        return
    nombres = session.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
        {"t": tabla},
    ).all()
    for nombre, _ in nombres:
        session.execute(text(f'DROP TRIGGER "{nombre}"'))
    yield
    for _, sql in nombres:
        session.execute(text(sql))


def test_un_archivo_intacto_pasa_la_verificacion(
    session: Session, almacen: Almacen, archivados: list
) -> None:
    """Tres sellos encadenados, quince documentos con original y PDF: ningún problema."""
    informe = verificar_archivo(session=session, almacen=almacen)
    assert informe.problemas == []
    assert (informe.sellos, informe.documentos) == (3, 15)
    assert informe.cabeza == archivados[-1][1].manifiesto_sha256


def test_los_bytes_alterados_de_un_documento_se_detectan_y_se_nombran(
    session: Session, almacen: Almacen, archivados: list
) -> None:
    """Un PDF escaneado cambiado en el disco: se dice de qué expediente y documento es."""
    caso, _ = archivados[1]
    documento = documentos_de(session=session, expediente_id=caso.expediente.id)[2]
    alterar_blob(almacen, documento.sha256)
    informe = verificar_archivo(session=session, almacen=almacen)
    assert not informe.correcta
    assert f"el documento 3 de {caso.expediente.numero}" in informe.problemas[0]
    assert "fue alterado" in informe.problemas[0]


def test_un_documento_borrado_del_disco_se_detecta(
    session: Session, almacen: Almacen, archivados: list
) -> None:
    """El archivo falta: «Falta el original…»."""
    caso, _ = archivados[0]
    documento = documentos_de(session=session, expediente_id=caso.expediente.id)[0]
    almacen.ruta(documento.sha256).unlink()
    problemas = verificar_archivo(session=session, almacen=almacen).problemas
    assert any(
        p.startswith(f"Falta el original del documento 1 de {caso.expediente.numero}")
        for p in problemas
    )


def test_un_manifiesto_alterado_se_detecta(
    session: Session, almacen: Almacen, archivados: list
) -> None:
    """Cambiar el JSON sellado cambia su huella: el sello lo delata."""
    _, sello = archivados[0]
    alterar_blob(almacen, sello.manifiesto_sha256)
    problemas = verificar_archivo(session=session, almacen=almacen).problemas
    assert problemas == [
        f"El manifiesto del sello N.º 1 ({archivados[0][0].expediente.numero}, versión 1) fue alterado."
    ]


def test_un_sello_quitado_de_en_medio_rompe_la_cadena(
    session: Session, almacen: Almacen, archivados: list
) -> None:
    """Quitar el sello 2 deja un hueco y el 3 ya no se enlaza con su anterior."""
    with sin_triggers(session, "sello"):
        session.execute(text("DELETE FROM sello WHERE secuencia = 2"))
    problemas = verificar_archivo(session=session, almacen=almacen).problemas
    assert "Falta el sello N.º 2 de la cadena: se quitó un registro archivado." in problemas
    assert any("no se enlaza con el sello anterior" in p for p in problemas)


def test_una_fila_de_documento_cambiada_por_debajo_se_detecta(
    session: Session, almacen: Almacen, archivados: list
) -> None:
    """Cambiar el título o la huella de un documento en la base no coincide con el manifiesto."""
    caso, _ = archivados[2]
    with sin_triggers(session, "documento_expediente"):
        session.execute(
            text(
                "UPDATE documento_expediente SET folios = 99 WHERE expediente_id = :id AND orden = 4"
            ),
            {"id": caso.expediente.id},
        )
        session.execute(
            text("DELETE FROM documento_expediente WHERE expediente_id = :id AND orden = 5"),
            {"id": caso.expediente.id},
        )
    problemas = verificar_archivo(session=session, almacen=almacen).problemas
    numero = caso.expediente.numero
    assert any(p.startswith(f"Los datos del documento 4 de {numero}") for p in problemas)
    assert any(p.startswith(f"Falta en la base el documento 5 de {numero}") for p in problemas)


def test_quitar_los_ultimos_sellos_se_detecta_con_el_contador_y_la_verificacion_anterior(
    session: Session, almacen: Almacen, archivados: list
) -> None:
    """Sin el sello 3 (y con el contador «arreglado»), la cabeza vista antes ya no está."""
    registrar_verificacion(
        session=session,
        informe=verificar_archivo(session=session, almacen=almacen),
        alcance="todo",
        origen="prueba",
    )
    with sin_triggers(session, "sello"):
        session.execute(text("DELETE FROM sello WHERE secuencia = 3"))
    problemas = verificar_archivo(session=session, almacen=almacen).problemas
    assert "Se sellaron 3 manifiestos y la cadena tiene 2: faltan sellos." in problemas
    session.execute(text("UPDATE secuencia SET ultimo = 2 WHERE serie = 'SELLO'"))
    problemas = verificar_archivo(session=session, almacen=almacen).problemas
    assert len(problemas) == 1 and "ya no está: se quitaron sellos" in problemas[0]


def test_verificar_un_expediente_revisa_solo_sus_documentos_y_se_registra(
    session: Session, almacen: Almacen, archivados: list
) -> None:
    """El alcance de un expediente: cinco documentos; el resultado queda para el administrador."""
    otro, _ = archivados[0]
    alterar_blob(
        almacen, documentos_de(session=session, expediente_id=otro.expediente.id)[0].sha256
    )
    caso, _ = archivados[1]
    informe = verificar_archivo(
        session=session, almacen=almacen, numero_expediente=caso.expediente.numero
    )
    assert informe.correcta and informe.documentos == 5
    guardada = registrar_verificacion(
        session=session, informe=informe, alcance=caso.expediente.numero, origen="cli:ana"
    )
    assert ultima_verificacion(session=session) == guardada and guardada.correcta
