"""Buscar con o sin tildes, en singular o en plural: «cotización», «cotizacion», «cotizaciones» y
«Cotizaciones» se encuentran entre sí, con el mismo resultado en SQLite y en PostgreSQL. Las
raíces se calculan con las tildes de cada palabra y se pliegan después (`archivo.lexico`); quien
escribe sin tildes encuentra lo escrito con ellas; las claves exactas siguen igual; y la
migración 0013 reescribe un índice hecho con las raíces de antes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import count

import pytest
from alembic import command
from sqlalchemy import text
from sqlmodel import Session

from archivo import lexico
from archivo.busqueda import buscar_en_archivo
from archivo.busqueda_consulta import interpretar
from archivo.documentos import OrigenDocumento, incorporar_documento
from expedientes import Actor, Usuario, abrir_expediente, crear_engine, registrar_patrono
from migraciones import aplicar_migraciones, configuracion
from tests.bd import nueva_sesion, sesion
from tests.expedientes.datos import NIT_ESPIGA, NIT_EXTRANJERO

# Quien busca: el jefe, que ve el contenido de todo.
LECTOR = Usuario(id=999_999, nombre_usuario="jose.aguilar", nombre_completo="José Aguilar",
                 rol="jefe", password_hash="x", token_sesion="x", activo=True)  # fmt: skip
_HUELLAS = count(1)


def expediente_con(session: Session, numero_patronal: str, nit: str, *textos: str) -> str:
    """Un patrono con su expediente de cobro y un documento por texto; el número del expediente."""
    registrar_patrono(
        session=session,
        campos={"numero_patronal": numero_patronal, "nit": nit, "sucursal": "San Salvador",
                "razon_social": f"Comercial Ibáñez {numero_patronal} & Hijos"},
    )  # fmt: skip
    expediente = abrir_expediente(
        session=session, numero_patronal=numero_patronal, tipo="cobro", hoy=date(2026, 3, 2)
    )
    for texto in textos:
        incorporar_documento(
            session=session, expediente=expediente, tipo="escrito_patrono", titulo="Escrito",
            fecha=date(2026, 3, 9), origen=OrigenDocumento.ENTRANTE,
            sha256=f"{next(_HUELLAS):064x}", folios=1, texto=texto,
        )  # fmt: skip
    session.flush()
    return expediente.numero


def hallados(session: Session, consulta: str) -> set[str]:
    """Los números de los expedientes que encuentra la búsqueda."""
    resultados = buscar_en_archivo(session=session, texto=consulta, usuario=LECTOR)
    return {r.expediente.numero for r in resultados}


@pytest.mark.parametrize(
    "consulta", ["cotización", "cotizacion", "cotizaciones", "Cotizaciones", "COTIZACIÓN"]
)
def test_cotizacion_y_cotizaciones_se_encuentran_entre_si(session: Session, consulta: str) -> None:
    """GIVEN un documento que dice «cotizaciones» y otro «Cotización» WHEN se busca la palabra en
    singular o plural, con tilde o sin ella, en mayúsculas o no THEN salen los dos, cada uno con
    el fragmento donde está la palabra."""
    plural = expediente_con(
        session, "310145678", NIT_ESPIGA, "Planilla de enero: cotizaciones adeudadas al ISSS."
    )
    singular = expediente_con(
        session, "320099001", NIT_EXTRANJERO, "Cotización de marzo, pendiente de pago."
    )
    resultados = buscar_en_archivo(session=session, texto=consulta, usuario=LECTOR)
    assert {r.expediente.numero for r in resultados} == {plural, singular}
    assert all("otizaci" in r.documentos[0].fragmento for r in resultados)


@pytest.mark.parametrize(
    ("consulta", "dice"),
    [
        ("notificacion", "Las notificaciones fueron recibidas por el patrono."),
        ("notificaciones", "Se adjunta la notificación de la mora."),
        ("resolucion", "Las resoluciones del Consejo Directivo."),
        ("metodologia", "Las metodologías de cálculo del recargo."),
        ("entregándole", "El gestor entregó el aviso en la sucursal."),
        ("entregar", "Se le notificó entregándole el aviso."),
        ("guzman", "Transportes Guzmán, S.A. de C.V."),
        ("Guzmán", "transportes guzman (escrito sin tildes)"),
        ("cuscatlan", "Distribuidora Cuscatlán"),
        ("debia", "El patrono debía tres cuotas del convenio."),
        ("debían", "los patronos debian tres cuotas"),
        ("pingüino", "Librería Los Pinguinos"),
        ("según", "segun el acta de la reunión"),
    ],
)
def test_una_palabra_se_encuentra_con_o_sin_tildes(
    session: Session, consulta: str, dice: str
) -> None:
    """Las terminaciones con tilde («-ación», «-ución», «-logía», «-ía», «-ó») se reducen igual
    escritas con tilde o sin ella, y un nombre con tilde se encuentra sin ella y al revés."""
    numero = expediente_con(session, "310145678", NIT_ESPIGA, dice)
    expediente_con(session, "320099001", NIT_EXTRANJERO, "Gómez y Compañía: recargos de abril.")
    assert hallados(session, consulta) == {numero}


def test_las_palabras_vacias_se_reconocen_con_o_sin_tildes(session: Session) -> None:
    """«más», «mas», «también», «tambien» son vacías (como en PostgreSQL, comparadas sin tildes):
    no se exigen en la consulta; una consulta de solo palabras vacías no devuelve nada."""
    numero = expediente_con(
        session, "310145678", NIT_ESPIGA, "Además, también se adeudan más cotizaciones."
    )
    for consulta in ("mas cotizaciones", "más cotizaciones", "tambien cotizaciones"):
        assert hallados(session, consulta) == {numero}
    assert hallados(session, "él está más") == set()


def test_los_identificadores_siguen_siendo_claves_exactas(session: Session) -> None:
    """Una resolución con tilde y su número, el NIT: claves exactas, no raíces."""
    numero = expediente_con(
        session, "310145678", NIT_ESPIGA, "Según Resolución N.º 2026-77 del Consejo Directivo."
    )
    assert hallados(session, "resolución no. 2026-77") == {numero}
    assert hallados(session, "Resolucion 2026-77") == {numero}
    assert hallados(session, "resolución 2026-78") == set()
    assert hallados(session, NIT_ESPIGA) == {numero}


def test_las_raices_se_calculan_con_tildes_y_se_pliegan_despues() -> None:
    """El lexema es la raíz Snowball de la palabra con sus tildes, plegada; una palabra con tildes
    lleva también el de su escritura sin ellas cuando es otro."""
    assert lexico.lexemas("Cotización cotizacion COTIZACIONES cotizaciones") == ["cotiz"]
    assert lexico.lexemas("notificación resolución metodología") == ["notif", "resolu", "metodolog"]
    assert lexico.lexemas_de("guzmán") == ("guzman", "guzm")
    assert lexico.lexemas_de("guzman") == ("guzm",)
    assert lexico.lexemas_de("entregándole") == ("entreg",)
    assert lexico.lexemas_de("2026") == ("2026",)
    for vacia in ("más", "mas", "también", "tambien", "qué", "él", "éste", "está"):
        assert lexico.lexemas_de(vacia) == ()


@pytest.mark.parametrize(
    ("escrita", "leida"),
    [
        ("cotizacion", "cotización"),
        ("ejecucion", "ejecución"),
        ("señalizacion", "señalización"),
        ("metodologia", "metodología"),
        ("tecnologias", "tecnologías"),
        ("logia", "logia"),  # sola no es «-logía»
        ("cotizaciones", "cotizaciones"),  # el plural no lleva tilde
        ("cotizacíon", "cotizacíon"),  # ya lleva una tilde: no se toca
        ("debia", "debia"),  # «debía» o «Debia»: no se sabe
    ],
)
def test_solo_se_pone_la_tilde_que_siempre_lleva_la_terminacion(escrita: str, leida: str) -> None:
    """-acion, -ucion y -logia(s) siempre llevan tilde en español; nada más se adivina."""
    assert lexico.con_tilde(escrita) == leida


def test_la_consulta_lleva_a_cada_motor_los_mismos_lexemas() -> None:
    """FTS5 y `tsquery` reciben los mismos grupos: cada palabra vale por cualquiera de los suyos."""
    consulta = interpretar("Cotización de Guzmán", tipo="cobro")
    assert consulta.fts5() == '"cotiz" AND ("guzman" OR "guzm") AND "x0tcobro"'
    assert consulta.tsquery() == "'cotiz' & ('guzman' | 'guzm') & 'x0tcobro'"


@pytest.fixture
def url_en_0012(url_bd: str) -> Iterator[str]:
    """La base de la prueba llevada atrás a la revisión 0012; vuelve a la última."""
    command.downgrade(configuracion(url_bd), "0012")
    yield url_bd
    aplicar_migraciones(url_bd)


def test_la_migracion_0013_reescribe_las_raices_de_antes(url_en_0012: str, actor: Actor) -> None:
    """GIVEN una base en la 0012 cuyo índice tiene las raíces de antes (la palabra plegada y
    reducida después: «Cotización» → `cotizacion`) WHEN se migra THEN el paso de datos de la 0013
    reescribe el índice y «cotizaciones» encuentra el documento."""
    engine = crear_engine(url_en_0012)
    with sesion(engine, actor) as s:
        numero = expediente_con(s, "310145678", NIT_ESPIGA, "Cotización de marzo pendiente.")
    if engine.dialect.name == "postgresql":
        de_antes = "ts_delete(vector, 'cotiz') || CAST('cotizacion' AS tsvector)"
    else:
        de_antes = "replace(vector, 'cotiz', 'cotizacion')"
    with engine.begin() as c:
        c.execute(text(f"UPDATE busqueda_documento SET vector = {de_antes}"))
    with nueva_sesion(engine) as s:
        assert hallados(s, "cotizaciones") == set()
    aplicar_migraciones(url_en_0012)
    with nueva_sesion(engine) as s:
        assert hallados(s, "cotizaciones") == {numero}
        assert hallados(s, "cotizacion") == {numero}
    engine.dispose()
