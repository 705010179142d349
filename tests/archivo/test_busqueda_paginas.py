"""La búsqueda del archivo es una lista completa: con más de mil expedientes que coinciden, el
total es exacto y cada página (la primera, una del medio, la última) trae lo que debe, en el orden
de relevancia y en cada orden de la lista, en SQLite (FTS5) y en PostgreSQL (`tsvector`); y un
gestor cuenta y ve solo lo que la política le deja ver."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

import archivo.busqueda_sql
from archivo.busqueda import PaginaDeBusqueda, buscar_en_archivo, buscar_pagina_en_archivo
from expedientes import Usuario, crear_usuario
from tests.archivo.muchos import (
    CUANTOS,
    PALABRA,
    PATRONOS,
    Sembrado,
    en_orden,
    por_relevancia,
    repartir,
    sembrar_muchos,
)
from tests.archivo.test_busqueda import LECTOR

PAGINAS = -(-CUANTOS // 50)


@pytest.fixture
def sembrados(session: Session) -> list[Sembrado]:
    """Los 1.130 expedientes que coinciden con `PALABRA`, en la base de cada motor."""
    return sembrar_muchos(session)


def _pagina(
    session: Session, pedida: str | int, orden: str = "relevancia", **extra: object
) -> PaginaDeBusqueda:
    """La página pedida de la búsqueda de `PALABRA` (o de `texto`), como la pide la web."""
    argumentos = {"texto": PALABRA, **extra}
    return buscar_pagina_en_archivo(
        session=session,
        usuario=LECTOR,
        pedida=pedida,
        orden=orden,
        **argumentos,  # type: ignore[arg-type]
    )


def _numeros(pagina: PaginaDeBusqueda) -> list[str]:
    """Los números de expediente de la página, en su orden."""
    return [r.expediente.numero for r in pagina.resultados]


def test_el_total_es_exacto_con_mas_de_mil_coincidencias_y_cada_pagina_se_alcanza(
    session: Session, sembrados: list[Sembrado]
) -> None:
    """GIVEN 1.130 expedientes que coinciden (por su cabecera, sus documentos o ambos) WHEN se
    pide la primera página, una del medio, la última (por número y por «ultima») y una que no
    existe THEN el total es 1.130 en cada una y cada página trae su tramo del orden de relevancia;
    la que no existe da la última."""
    esperados = por_relevancia(sembrados, lambda s: True)
    assert len(esperados) == CUANTOS > 1000
    for pedida, numero in (
        (1, 1),
        (12, 12),
        (PAGINAS, PAGINAS),
        ("ultima", PAGINAS),
        (999, PAGINAS),
    ):
        pagina = _pagina(session, pedida)
        assert pagina.pagina.total == CUANTOS and pagina.pagina.numero == numero, pedida
        assert _numeros(pagina) == esperados[(numero - 1) * 50 : numero * 50], pedida
    ultima = _pagina(session, "ultima")
    assert len(ultima.resultados) == CUANTOS - (PAGINAS - 1) * 50 == 30
    assert ultima.pagina.desde == 1101 and ultima.pagina.hasta == CUANTOS


@pytest.mark.parametrize("clave", ["abierto", "numero", "patrono"])
def test_cada_orden_da_la_primera_una_del_medio_y_la_ultima_pagina_en_su_orden(
    session: Session, sembrados: list[Sembrado], clave: str
) -> None:
    """Por fecha de apertura, número de expediente o patrono (razón social sin tildes), en ambos
    sentidos y con el número de desempate: cada página es su tramo de la lista completa."""
    for orden in (clave, f"-{clave}"):
        esperados = en_orden(sembrados, orden)
        for numero in (1, PAGINAS // 2, PAGINAS):
            pagina = _pagina(session, numero, orden)
            assert pagina.pagina.total == CUANTOS
            assert _numeros(pagina) == esperados[(numero - 1) * 50 : numero * 50], (orden, numero)


def test_un_orden_desconocido_es_el_de_relevancia(
    session: Session, sembrados: list[Sembrado]
) -> None:
    """Un orden que no existe (escrito a mano en la URL) no falla: ordena por relevancia."""
    esperados = por_relevancia(sembrados, lambda s: True)
    assert _numeros(_pagina(session, 1, "-rowid; DROP TABLE patrono")) == esperados[:50]


@pytest.mark.parametrize("leer_todos", [0, 10**9])
def test_los_documentos_de_cada_resultado_son_los_que_coinciden_del_mas_reciente(
    session: Session, sembrados: list[Sembrado], monkeypatch: pytest.MonkeyPatch, leer_todos: int
) -> None:
    """Por los dos caminos de SQLite (leer de FTS5 todo lo que coincide, o preguntar por cada
    documento de la página), cada resultado trae sus documentos con la palabra, el más reciente
    primero, y el fragmento que la muestra."""
    monkeypatch.setattr(archivo.busqueda_sql, "DOCUMENTOS_PARA_LEER_TODOS", leer_todos)
    por_numero = {s.numero: s for s in sembrados}
    for numero in (1, PAGINAS):
        for r in _pagina(session, numero).resultados:
            s = por_numero[r.expediente.numero]
            assert [d.orden for d in r.documentos] == sorted(
                (s.documentos.index(d) + 1 for d in s.documentos), reverse=True
            )
            assert all(PALABRA in d.fragmento for d in r.documentos)


def test_claves_y_palabras_pagina_lo_del_patrono_que_coincide(
    session: Session, sembrados: list[Sembrado]
) -> None:
    """Un número patronal con la palabra: solo los expedientes de ese patrono que la tienen, con
    el total exacto; el número patronal solo: todos los suyos, los más nuevos primero."""
    numero_patronal = sembrados[3].numero_patronal
    suyos = [s for s in sembrados if s.numero_patronal == numero_patronal]
    assert len(suyos) in (CUANTOS // PATRONOS, CUANTOS // PATRONOS + 1)
    pagina = _pagina(session, 1, texto=f"{numero_patronal} {PALABRA}")
    assert _numeros(pagina) == por_relevancia(suyos, lambda s: True)
    assert pagina.pagina.total == len(suyos)
    solo = _pagina(session, 1, texto=numero_patronal)
    assert _numeros(solo) == [s.numero for s in sorted(suyos, key=lambda s: -s.id)]


def test_las_fechas_acotan_el_total(session: Session, sembrados: list[Sembrado]) -> None:
    """Con un rango de apertura, el total es el de los expedientes abiertos en él (por cabecera)
    más los que tienen un documento con la palabra en el rango (ninguno: son de febrero de 2026)."""
    desde, hasta = date(2019, 1, 1), date(2020, 12, 31)
    pagina = _pagina(session, 1, desde=desde, hasta=hasta)
    esperados = [s for s in sembrados if s.cabecera and desde <= s.abierto <= hasta]
    assert pagina.pagina.total == len(esperados) > 50


def test_un_gestor_cuenta_y_ve_solo_lo_que_la_politica_le_deja(
    session: Session, sembrados: list[Sembrado]
) -> None:
    """GIVEN un gestor a cargo de un cuarto de los expedientes y un sexto sellados WHEN busca la
    palabra THEN de los suyos y los sellados cuenta cabecera y documentos; de los demás solo los
    que coinciden por su cabecera, sin documentos; los que coinciden solo en documentos ajenos no
    cuentan. Cada página, y la última, en ese orden."""
    gestor = crear_usuario(session=session, nombre_usuario="carlos.nunez", rol="gestor",
                           nombre_completo="Carlos Núñez", contrasena="Cuscatlán-2026-segura")  # fmt: skip
    repartir(session, sembrados, gestor.id or 0)

    def ve(s: Sembrado) -> bool:
        return s.gestor_id == gestor.id or s.sellado

    esperados = por_relevancia(sembrados, ve)
    assert 0 < len(esperados) < CUANTOS
    paginas = -(-len(esperados) // 50)
    for numero in (1, paginas // 2, paginas):
        pagina = buscar_pagina_en_archivo(
            session=session, texto=PALABRA, usuario=gestor, pedida=numero
        )
        assert pagina.pagina.total == len(esperados)
        assert _numeros(pagina) == esperados[(numero - 1) * 50 : numero * 50]
        por_numero = {s.numero: s for s in sembrados}
        for r in pagina.resultados:
            assert bool(r.documentos) == (
                ve(por_numero[r.expediente.numero])
                and bool(por_numero[r.expediente.numero].documentos)
            )
    assert [
        r.expediente.numero
        for r in buscar_en_archivo(session=session, texto=PALABRA, usuario=gestor)
    ] == esperados[:50]
    numero_patronal = sembrados[3].numero_patronal
    del_patrono = [s for s in sembrados if s.numero_patronal == numero_patronal]
    claves_y_palabra = buscar_pagina_en_archivo(
        session=session, texto=f"{numero_patronal} {PALABRA}", usuario=gestor
    )
    # Con claves y palabras, de lo ajeno no se muestra nada; de lo que ve, lo que coincide.
    assert _numeros(claves_y_palabra) == por_relevancia([s for s in del_patrono if ve(s)], ve)
    solo_clave = buscar_pagina_en_archivo(session=session, texto=numero_patronal, usuario=gestor)
    assert solo_clave.pagina.total == len(del_patrono)  # el número patronal está en cada cabecera


def test_quien_no_ve_el_contenido_no_encuentra_nada(
    session: Session, sembrados: list[Sembrado]
) -> None:
    """El administrador no ve el contenido de ningún expediente: ni resultados ni total."""
    admin = Usuario(id=5, nombre_usuario="admin", nombre_completo="Admin", rol="admin",
                    password_hash="x", token_sesion="x", activo=True)  # fmt: skip
    pagina = buscar_pagina_en_archivo(session=session, texto=PALABRA, usuario=admin)
    assert pagina.pagina.total == 0 and pagina.resultados == []
