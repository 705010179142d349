"""Buscar en el archivo: por cada identificador, por nombre sin tildes, por el texto de los
documentos, con filtros; el índice al día tras cada cambio; consultas hostiles sin error; y el
mismo resultado en SQLite (FTS5) y PostgreSQL, con las raíces de `spanish_stem` (calculadas en
Python para los dos, con las tildes de cada palabra, y plegadas después)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial

import pytest
from alembic import command
from sqlalchemy import create_engine, delete, text
from sqlmodel import Session

from archivo import lexico
from archivo.busqueda import ResultadoBusqueda, buscar_en_archivo
from archivo.documentos import DocumentoExpediente, OrigenDocumento, incorporar_documento
from archivo.indice import BusquedaClave, BusquedaDocumento, BusquedaExpediente, reindexar_todo
from archivo.modelos import Sello
from archivo.raices import raiz
from expedientes import (
    Actor,
    BaseDeDatos,
    ErrorDominio,
    Expediente,
    Usuario,
    abrir_expediente,
    asignar_gestor,
    crear_engine,
    crear_usuario,
    guardar_patrono,
    normalizar_busqueda,
    obtener_expediente,
    registrar_patrono,
    validar_datos_patrono,
)
from migraciones import aplicar_migraciones, configuracion
from tests.archivo.palabras_con_tildes import ACENTUADAS
from tests.bd import nueva_sesion
from tests.expedientes.datos import ESPIGA, NANDU, NIT_NANDU, NIT_PEREZ, NIT_SANTA_ANA, PEREZ


@dataclass
class Archivo:
    """Los números de los expedientes de prueba."""

    perez_cobro: str
    perez_convenio: str
    nandu: str
    pena: str

    @property
    def todos(self) -> set[str]:
        """Los cuatro."""
        return {self.perez_cobro, self.perez_convenio, self.nandu, self.pena}


def _documento(
    session: Session, expediente: Expediente, tipo: str, titulo: str, fecha: date, **extra: str
) -> DocumentoExpediente:
    return incorporar_documento(
        session=session, expediente=expediente, tipo=tipo, titulo=titulo, fecha=fecha,
        origen=OrigenDocumento.ENTRANTE, sha256=f"{hash((expediente.numero, titulo)) & 0xFFFF:064x}",
        folios=1, **extra,
    )  # fmt: skip


def archivo_de_prueba(session: Session) -> Archivo:
    """Tres patronos de nombres difíciles, cuatro expedientes de tipos distintos y sus documentos."""
    for numero, nit, razon, comercial in [
        ("310145678", NIT_PEREZ, PEREZ, ESPIGA),
        ("320099001", NIT_NANDU, NANDU, ""),
        ("330011002", NIT_SANTA_ANA, "Comercial Peña & Núñez", "Librería «El Búho»"),
    ]:
        registrar_patrono(
            session=session,
            campos={"numero_patronal": numero, "nit": nit, "razon_social": razon,
                    "nombre_comercial": comercial, "sucursal": "San Salvador"},
        )  # fmt: skip
    pena = abrir_expediente(
        session=session, numero_patronal="330011002", tipo="transaccion", hoy=date(2025, 6, 1)
    )
    cobro = abrir_expediente(
        session=session, numero_patronal="310145678", tipo="cobro", hoy=date(2026, 1, 5),
        asunto="Mora en cotizaciones & recargos <2025>",
    )  # fmt: skip
    convenio = abrir_expediente(
        session=session, numero_patronal="310145678", tipo="convenio", hoy=date(2026, 2, 10)
    )
    nandu = abrir_expediente(
        session=session, numero_patronal="320099001", tipo="juridica", hoy=date(2026, 3, 1)
    )
    _documento(
        session, cobro, "aviso_cobro", "Aviso de cobro & <mora>", date(2026, 1, 20),
        referencia="CS-2026-000045",
        texto="Señores Pérez & Cía: se les notifica la mora en cotizaciones de enero <2026> y el "
        "embargo de sus cuentas si no se presentan.",
    )  # fmt: skip
    _documento(
        session, cobro, "escrito_patrono", 'Respuesta "urgente" del patrono', date(2026, 2, 3),
        referencia="CE-2026-000123",
        texto='El patrono solicita prórroga {{ plazo }} para pagar las cotizaciones "atrasadas".',
    )  # fmt: skip
    _documento(
        session, convenio, "acuerdo_consejo", "Acuerdo del Consejo Directivo", date(2026, 2, 15),
        referencia="DRP-2026-000001",
        texto="Según Acuerdo N.º 2026-1234 del Consejo Directivo se aprueba el convenio de pago "
        "en doce cuotas.",
    )  # fmt: skip
    _documento(
        session, nandu, "acta", "Acta de reunión", date(2026, 3, 10),
        texto="ACTA Nº 3742. Reunión con el representante legal de Distribuidora Ñandú, con copia "
        "al despacho Pérez; se discutió la exoneración de multas.",
    )  # fmt: skip
    _documento(
        session, pena, "estado_cuenta", "Estado de cuenta", date(2025, 6, 15),
        texto="Cotizaciones adeudadas al Instituto: $1,250.00 (NIT 0210-311299-103-5).",
    )  # fmt: skip
    session.flush()
    return Archivo(cobro.numero, convenio.numero, nandu.numero, pena.numero)


# Quien busca en las pruebas del motor de búsqueda: el jefe, que ve el contenido de todo.
LECTOR = Usuario(id=999_999, nombre_usuario="jose.aguilar", nombre_completo="José Aguilar",
                 rol="jefe", password_hash="x", token_sesion="x", activo=True)  # fmt: skip


@pytest.fixture
def archivo(session: Session) -> Archivo:
    """El archivo de prueba, en la base de cada motor."""
    return archivo_de_prueba(session)


def numeros(resultados: list[ResultadoBusqueda]) -> list[str]:
    """Los números de expediente, en el orden en que se encontraron."""
    return [r.expediente.numero for r in resultados]


def hallados(session: Session, texto: str, **filtros: object) -> set[str]:
    """Los números de expediente que devuelve la búsqueda."""
    return set(numeros(buscar_en_archivo(session=session, texto=texto, **filtros, usuario=LECTOR)))  # type: ignore[arg-type]


def test_un_gestor_no_ve_documentos_ni_fragmentos_de_expedientes_ajenos(
    session: Session, archivo: Archivo
) -> None:
    """GIVEN un gestor a cargo solo del convenio de Pérez WHEN busca palabras o claves que están
    solo en documentos del expediente de cobro (sin gestor) THEN no lo encuentra; por el número
    patronal (su cabecera) lo encuentra sin documentos ni fragmentos; WHEN ese expediente se
    archiva (sellado) THEN ve sus documentos como cualquiera que consulta el archivo."""
    carlos = crear_usuario(session=session, nombre_usuario="carlos.mejia", rol="gestor",
                           nombre_completo="Carlos Mejía", contrasena="Cuscatlán-2026-segura")  # fmt: skip
    convenio = obtener_expediente(session=session, numero=archivo.perez_convenio)
    asignar_gestor(session=session, expediente=convenio, gestor=carlos)
    como_carlos = partial(buscar_en_archivo, session=session, usuario=carlos)
    assert numeros(buscar_en_archivo(session=session, texto="prorroga", usuario=LECTOR)) == [
        archivo.perez_cobro
    ]
    assert como_carlos(texto="prorroga") == []
    assert como_carlos(texto="CE-2026-000123") == []
    por_patronal = {r.expediente.numero: r for r in como_carlos(texto="310145678")}
    assert set(por_patronal) == {archivo.perez_cobro, archivo.perez_convenio}
    assert por_patronal[archivo.perez_cobro].documentos == []
    cobro = obtener_expediente(session=session, numero=archivo.perez_cobro)
    cobro.sellado_en = datetime(2026, 11, 20, 15, tzinfo=UTC)
    session.add(cobro)
    session.flush()
    (archivado,) = como_carlos(texto="prorroga")
    assert archivado.expediente.numero == archivo.perez_cobro
    assert "prórroga" in archivado.documentos[0].fragmento


@pytest.mark.parametrize("texto", ["310145678", "3101-45678", " 310145678 "])
def test_encuentra_por_numero_patronal(session: Session, archivo: Archivo, texto: str) -> None:
    """Los dos expedientes del patrono, y solo esos."""
    assert hallados(session, texto) == {archivo.perez_cobro, archivo.perez_convenio}


@pytest.mark.parametrize(
    "texto", ["0614-010190-102-3", "06140101901023", "0614 010190 102 3", "NIT 0614-010190-1023"]
)
def test_encuentra_por_nit_en_cualquier_formato(
    session: Session, archivo: Archivo, texto: str
) -> None:
    """Con guiones, sin ellos o con espacios: son los mismos 14 dígitos."""
    assert hallados(session, texto) == {archivo.perez_cobro, archivo.perez_convenio}


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("perez cia", {"perez_cobro", "perez_convenio"}),
        ("PÉREZ & CÍA", {"perez_cobro", "perez_convenio"}),
        ("ñandu", {"nandu"}),
        ("Nandú distribuidora", {"nandu"}),
        ("la espiga", {"perez_cobro", "perez_convenio"}),
        ("pena nunez", {"pena"}),
        ("buho", {"pena"}),
    ],
)
def test_encuentra_por_razon_social_o_nombre_comercial_sin_tildes(
    session: Session, archivo: Archivo, texto: str, esperado: set[str]
) -> None:
    """Sin importar tildes, eñes ni mayúsculas; en la cabecera o en el texto de un documento."""
    assert hallados(session, texto) == {getattr(archivo, e) for e in esperado}


@pytest.mark.parametrize("texto", ["EXP-2026-00003", "exp-2026-3", "EXP 2026 00003", "exp2026-3"])
def test_encuentra_por_numero_de_expediente(session: Session, archivo: Archivo, texto: str) -> None:
    """Con o sin guiones y ceros a la izquierda."""
    assert numeros(buscar_en_archivo(session=session, texto=texto, usuario=LECTOR)) == [
        archivo.nandu
    ]


@pytest.mark.parametrize(
    ("texto", "cual", "orden"),
    [
        ("CE-2026-000123", "perez_cobro", 2),
        ("ce 2026 123", "perez_cobro", 2),
        ("CS-2026-000045", "perez_cobro", 1),
        ("DRP-2026-000001", "perez_convenio", 1),
    ],
)
def test_encuentra_por_numero_de_correspondencia(
    session: Session, archivo: Archivo, texto: str, cual: str, orden: int
) -> None:
    """El correlativo de entrada o de salida lleva al expediente y al documento exacto."""
    (resultado,) = buscar_en_archivo(session=session, texto=texto, usuario=LECTOR)
    assert resultado.expediente.numero == getattr(archivo, cual)
    assert [d.orden for d in resultado.documentos] == [orden]


@pytest.mark.parametrize(
    ("texto", "cual"),
    [
        ("Acuerdo N.º 2026-1234", "perez_convenio"),
        ("acuerdo no. 2026-1234", "perez_convenio"),
        ("2026-1234", "perez_convenio"),
        ("ACTA Nº 3742", "nandu"),
        ("acta 3742", "nandu"),
    ],
)
def test_encuentra_por_numero_de_acuerdo_o_acta(
    session: Session, archivo: Archivo, texto: str, cual: str
) -> None:
    """El número del acuerdo o del acta, escrito como venga, en el texto del documento."""
    assert numeros(buscar_en_archivo(session=session, texto=texto, usuario=LECTOR)) == [
        getattr(archivo, cual)
    ]


def test_un_numero_de_otro_acuerdo_no_coincide(session: Session, archivo: Archivo) -> None:
    """Las claves son exactas: ni otro número ni una parte de él."""
    assert hallados(session, "Acuerdo N.º 2026-1235") == set()
    assert hallados(session, "ACTA Nº 374") == set()
    assert hallados(session, "CE-2026-000124") == set()


def test_encuentra_palabras_del_texto_en_cualquier_forma(
    session: Session, archivo: Archivo
) -> None:
    """Singular o plural, con o sin tilde; el fragmento muestra dónde está."""
    (resultado,) = buscar_en_archivo(session=session, texto="prorrogas", usuario=LECTOR)
    assert resultado.expediente.numero == archivo.perez_cobro
    (documento,) = resultado.documentos
    assert documento.orden == 2 and "prórroga" in documento.fragmento
    assert hallados(session, "embargos") == {archivo.perez_cobro}
    assert hallados(session, "Exoneración MULTAS") == {archivo.nandu}
    assert hallados(session, "exoneracion embargo") == set()  # no están en un mismo documento


def test_filtra_por_fecha_del_documento_o_de_apertura(session: Session, archivo: Archivo) -> None:
    """El rango se aplica a la fecha de cada documento y a la de apertura del expediente."""
    assert hallados(session, "cotizaciones") == {archivo.perez_cobro, archivo.pena}
    febrero = {"desde": date(2026, 2, 1), "hasta": date(2026, 2, 28)}
    (resultado,) = buscar_en_archivo(
        session=session, texto="cotizaciones", **febrero, usuario=LECTOR
    )  # type: ignore[arg-type]
    assert [d.orden for d in resultado.documentos] == [2]
    assert hallados(session, "", desde=date(2026, 2, 10), hasta=date(2026, 2, 10)) == {
        archivo.perez_convenio
    }
    assert hallados(session, "cotizaciones", desde=date(2026, 3, 1)) == set()
    assert hallados(session, "cotizaciones", hasta=date(2025, 12, 31)) == {archivo.pena}


def test_una_fecha_desde_posterior_a_hasta_se_explica(session: Session, archivo: Archivo) -> None:
    """Error del usuario: se dice qué corregir."""
    with pytest.raises(ErrorDominio) as error:
        buscar_en_archivo(
            session=session,
            texto="mora",
            desde=date(2026, 3, 1),
            hasta=date(2026, 1, 1),
            usuario=LECTOR,
        )
    assert "posterior" in error.value.texto_completo()


@pytest.mark.parametrize(
    ("texto", "tipo", "esperado"),
    [
        ("cotizaciones", "transaccion", {"pena"}),
        ("cotizaciones", "TRANSACCIÓN", {"pena"}),
        ("cotizaciones", "cobro", {"perez_cobro"}),
        ("cotizaciones", "escrito_patrono", {"perez_cobro"}),
        ("", "juridica", {"nandu"}),
        ("", "acuerdo_consejo", {"perez_convenio"}),
        ("cotizaciones", "convenio", set()),
    ],
)
def test_filtra_por_tipo_de_expediente_o_de_documento(
    session: Session, archivo: Archivo, texto: str, tipo: str, esperado: set[str]
) -> None:
    """Un tipo de expediente filtra sus filas; cualquier otro, el tipo del documento."""
    assert hallados(session, texto, tipo=tipo) == {getattr(archivo, e) for e in esperado}


def test_el_indice_se_actualiza_al_renombrar_el_patrono(session: Session, archivo: Archivo) -> None:
    """Sin llamar a nada: el cambio del patrono reindexa sus expedientes en el mismo flush."""
    datos, problemas = validar_datos_patrono(
        {"numero_patronal": "330011002", "nit": NIT_SANTA_ANA,
         "razon_social": "Ferretería Ibáñez & Hijos", "sucursal": "San Salvador"}
    )  # fmt: skip
    assert not problemas
    guardar_patrono(session=session, datos=datos)
    session.flush()
    assert hallados(session, "ibanez hijos") == {archivo.pena}
    assert hallados(session, "pena nunez") == set()
    assert hallados(session, "330011002") == {archivo.pena}


def test_el_indice_se_actualiza_al_incorporar_un_documento(
    session: Session, archivo: Archivo
) -> None:
    """El documento nuevo se encuentra por su texto y por su referencia al momento."""
    assert hallados(session, "liquidación") == set()
    expediente = session.get(Expediente, 4)
    assert expediente is not None and expediente.numero == archivo.nandu
    _documento(
        session, expediente, "correo", "Correo del patrono", date(2026, 4, 2),
        referencia="CE-2026-000999", texto="Adjuntamos la liquidación solicitada.",
    )  # fmt: skip
    (resultado,) = buscar_en_archivo(session=session, texto="liquidacion", usuario=LECTOR)
    assert resultado.expediente.numero == archivo.nandu
    assert [d.titulo for d in resultado.documentos] == ["Correo del patrono"]
    assert hallados(session, "ce-2026-000999") == {archivo.nandu}


def test_reindexar_todo_reconstruye_un_indice_perdido(session: Session, archivo: Archivo) -> None:
    """Para una base anterior al índice, o tras cambios masivos fuera de la sesión."""
    for modelo in (BusquedaClave, BusquedaDocumento, BusquedaExpediente):
        session.connection().execute(delete(modelo))
    assert hallados(session, "prorroga") == set()
    reindexar_todo(session)
    assert hallados(session, "prorroga") == {archivo.perez_cobro}
    assert hallados(session, "0614-010190-102-3") == {archivo.perez_cobro, archivo.perez_convenio}


HOSTILES = [
    '"', "*", "(((", ")", "{{ }}", "\x00", "NEAR", "NEAR(a b, 2)", "OR", "AND NOT", '" OR ""="',
    "'; DROP TABLE expediente; --", "´´´", "¨ ^ ~ `", "\u0301\u0301\u0301", "   ", "", "-", "%_",
    "de la y", "x0tcobro", "x0a2026 x0m202601", "cotizaciones*", '"prórroga" OR embargo', "\\",
    "a" * 5000, "1" * 300, "CE-", "EXP-2026-", "acuerdo n.º", "-- /* */ ;", "Ω≈ç√ 漢字 🙂",
]  # fmt: skip


@pytest.mark.parametrize("texto", HOSTILES)
def test_una_consulta_hostil_no_falla_ni_devuelve_todo(
    session: Session, archivo: Archivo, texto: str
) -> None:
    """Comillas, operadores de FTS, NUL, solo tildes o palabras vacías: nunca todo el archivo."""
    resultados = buscar_en_archivo(session=session, texto=texto, usuario=LECTOR)
    assert len(resultados) < len(archivo.todos)


@pytest.mark.parametrize("texto", ["", "  ", "¿?¡!", "´", "de la"])
def test_sin_nada_que_buscar_ni_filtros_no_devuelve_nada(
    session: Session, archivo: Archivo, texto: str
) -> None:
    """Una consulta vacía nunca es «todo»."""
    assert buscar_en_archivo(session=session, texto=texto, usuario=LECTOR) == []


def test_los_operadores_se_buscan_como_palabras(session: Session, archivo: Archivo) -> None:
    """`OR` no une: «prórroga OR embargo» exige las tres palabras (y «or» no está)."""
    assert hallados(session, "prórroga OR embargo") == set()
    assert hallados(session, '"prórroga" (cotizaciones)') == {archivo.perez_cobro}


def test_lo_hallado_por_clave_va_primero_y_la_cabecera_antes_que_el_texto(
    session: Session, archivo: Archivo
) -> None:
    """«perez»: los expedientes del patrono (el que tiene más documentos que coinciden primero),
    y después el de Ñandú, cuyo acta lo menciona."""
    assert numeros(buscar_en_archivo(session=session, texto="perez", usuario=LECTOR)) == [
        archivo.perez_cobro, archivo.perez_convenio, archivo.nandu,
    ]  # fmt: skip


def test_el_limite_se_respeta(session: Session, archivo: Archivo) -> None:
    """Como mucho `limite` resultados; un límite menor que 1 se explica."""
    assert len(buscar_en_archivo(session=session, texto="perez", limite=2, usuario=LECTOR)) == 2
    with pytest.raises(ErrorDominio):
        buscar_en_archivo(session=session, texto="perez", limite=0, usuario=LECTOR)


def test_el_resultado_trae_expediente_patrono_sellado_y_documentos(
    session: Session, archivo: Archivo
) -> None:
    """El NIT con guiones, las fechas como fechas y el sello leído de la tabla `sello`."""
    convenio = session.get(Expediente, 3)
    assert convenio is not None and convenio.numero == archivo.perez_convenio
    session.add(
        Sello(secuencia=1, expediente_id=3, version=1, manifiesto_sha256="f" * 64, motivo="")
    )
    session.flush()
    por_numero = {
        r.expediente.numero: r
        for r in buscar_en_archivo(session=session, texto="310145678", usuario=LECTOR)
    }
    sellado = por_numero[archivo.perez_convenio]
    assert sellado.sellado and not por_numero[archivo.perez_cobro].sellado
    assert sellado.patrono.nit == "0614-010190-102-3"
    assert sellado.patrono.razon_social == PEREZ
    assert sellado.expediente.tipo == "convenio"
    assert sellado.expediente.abierto_el == date(2026, 2, 10)
    assert sellado.expediente.cerrado_el is None
    (documento,) = buscar_en_archivo(session=session, texto="DRP-2026-000001", usuario=LECTOR)[
        0
    ].documentos
    assert documento.fecha == date(2026, 2, 15)
    assert documento.referencia == "DRP-2026-000001"
    assert "Acuerdo N.º 2026-1234" in documento.fragmento
    assert (
        buscar_en_archivo(session=session, texto="DRP-2026-000001", usuario=LECTOR)[0].como_dict()[
            "documentos"
        ][0]["fecha"]
        == "2026-02-15"
    )


PALABRAS = lexico.lista(
    "cotizaciones cotización cobranza cobrándole notificándoles pagaremos debieron vencidas "
    "prórrogas exoneración embargos audiencia conciliación liquidación planillas patronales "
    "inspección requerimiento trasladado jurídicamente económicas administrativamente "
    "constitución sociedad escrituras averiguándolo persiguiendo huyendo argüir pingüino "
    "distribuidora ñandú peña núñez cañas ibáñez castañeda yendo oyéndolos decírselo "
    "recargos multas cuotas mensualidades abril diciembre atrasadas estado estados desde"
)


def test_las_raices_son_las_de_postgresql(esquema_postgres: str) -> None:
    """El Snowball de Python y `ts_lexize('spanish_stem')` dan lo mismo palabra por palabra, con
    sus tildes (cientos de palabras reales: -ación, -ución, -logía, -ía, -ió, pronombres pegados,
    esdrújulas, «ü» y «ñ»), y las mismas palabras vacías; el lexema es esa raíz plegada, y los de
    un texto son los de `to_tsvector('spanish', …)` plegados."""
    palabras = sorted({f for p in PALABRAS + ACENTUADAS for f in lexico.fichas(p)})
    palabras += sorted(lexico.VACIAS_POSTGRESQL)
    texto = " ".join(PALABRAS + ACENTUADAS) + " 2026 a1b2 06140101901023"
    engine = create_engine(esquema_postgres)
    with engine.connect() as c:
        filas = c.execute(
            text("SELECT w, ts_lexize('spanish_stem', w) FROM unnest(CAST(:w AS text[])) w"),
            {"w": palabras},
        ).all()
        vector = c.execute(
            text("SELECT tsvector_to_array(to_tsvector('spanish', :t))"), {"t": texto}
        ).scalar_one()
    engine.dispose()
    de_postgresql = {w: (lx[0] if lx else None) for w, lx in filas}
    vacias = lexico.VACIAS_POSTGRESQL
    assert de_postgresql == {w: None if w in vacias else raiz(w) for w in palabras}
    plegadas = {w: r and lexico.normalizar(r) for w, r in de_postgresql.items()}
    assert {w: lexico.lexema(w) for w in palabras} == plegadas
    de_python = {lexico.lexema(f) for f in lexico.fichas(texto)} - {None}
    assert {lexico.normalizar(x) for x in vector} == de_python


@pytest.mark.parametrize("texto", [PEREZ, ESPIGA, NANDU, "ﬁn ½ ß İ Ａ", "  a\tb\n c  ", "x"])
def test_la_normalizacion_rapida_es_la_del_dominio(texto: str) -> None:
    """`lexico.normalizar` (para textos largos) da lo mismo que `normalizar_busqueda`."""
    assert lexico.normalizar(texto) == normalizar_busqueda(texto)


@pytest.fixture
def url_en_0004(url_bd: str) -> Iterator[str]:
    """La base de la prueba llevada atrás a la revisión 0004 (sin índice); vuelve a la última."""
    command.downgrade(configuracion(url_bd), "0004")
    yield url_bd
    aplicar_migraciones(url_bd)


def test_la_migracion_0005_indexa_lo_que_ya_existia(url_en_0004: str, actor: Actor) -> None:
    """Datos escritos antes del índice (sesiones sin su extensión) se encuentran tras migrar:
    el paso de datos de `aplicar_migraciones` los indexa una vez."""
    engine = crear_engine(url_en_0004)
    with BaseDeDatos(engine).sesion(actor) as s:
        numeros_previos = archivo_de_prueba(s)
    aplicar_migraciones(url_en_0004)
    with nueva_sesion(engine) as s:
        assert hallados(s, "prórroga") == {numeros_previos.perez_cobro}
        assert hallados(s, "ACTA Nº 3742") == {numeros_previos.nandu}
    engine.dispose()
