"""Fixtures compartidas: base de datos real (SQLite y PostgreSQL), actores, datos realistas y el
LibreOffice de la sesión; las marcas de los componentes reales y el orden de las pruebas."""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel

import plantillas.instalacion
from expedientes import Actor, Settings, configurar_calendario, crear_engine, usuarios
from migraciones import aplicar_migraciones
from plantillas.pdf import ConversorPdf
from tests.bd import nueva_sesion
from tests.slapd import Slapd

POSTGRES_URL = os.environ.get(
    "RECUPERA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
MOTORES = ["sqlite", "postgresql"]
# Para las pruebas cuyo resultado no depende del motor (validan antes de tocar la base, o prueban
# la capa HTTP o la consola): corren una sola vez, sobre SQLite, en vez de una por motor.
un_solo_motor = pytest.mark.parametrize("url_bd", ["sqlite"], indirect=True)
# El engine con que se vacía cada esquema de PostgreSQL, uno por URL durante la sesión, y si su
# usuario es superusuario (puede apagar triggers y claves foráneas por transacción).
_ADMINISTRADORES: dict[str, Engine] = {}
_SUPERUSUARIO: dict[str, bool] = {}
# El engine de las pruebas sobre el esquema de PostgreSQL de la sesión (fixture `engine`).
_ENGINES: dict[str, Engine] = {}
# Argon2id de verdad con costo mínimo: ~1 ms por hash en vez de ~150 ms (dos núcleos).
ARGON2_RAPIDO = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


# --- componentes reales: marcas, su comprobación y el orden de las pruebas ----------------------

# Programas de los componentes reales y las marcas que admiten: la prueba que arranca uno (o que
# convierte a PDF con LibreOffice, `conversión a PDF`) sin llevar alguna de ellas falla; así
# `make rapido`, que las excluye, nunca los necesita.
MARCAS_DE_PROGRAMAS: dict[str, tuple[str, ...]] = {
    "soffice": ("libreoffice",),
    "conversión a PDF": ("libreoffice",),
    "ocrmypdf": ("ocr",),
    "tesseract": ("ocr",),
    "dovecot": ("dovecot",),
    "doveadm": ("dovecot",),
    "slapd": ("slapd",),
    "nginx": ("nginx",),
    "systemd-analyze": ("systemd",),
    "make": ("lento",),
    "recupera": ("lento", "navegador"),
    "playwright": ("navegador",),
}
# Lo que arrancaron la preparación y el cuerpo de la prueba en curso.
_ARRANCADOS: list[str] = []


def _programa(ejecutable: object, argumentos: object) -> str:
    """El nombre con que `MARCAS_DE_PROGRAMAS` conoce a un subproceso (o su nombre de archivo)."""
    lista = [argumentos] if isinstance(argumentos, str | bytes | os.PathLike) else argumentos
    orden = [os.fsdecode(a) for a in lista or () if isinstance(a, str | bytes | os.PathLike)]
    nombre = os.path.basename(os.fsdecode(ejecutable)) if ejecutable else ""
    nombre = nombre or (os.path.basename(orden[0]) if orden else "")
    if "playwright" in " ".join([os.fsdecode(ejecutable or ""), *orden[:2]]):
        return "playwright"
    return nombre


def _al_auditar(evento: str, argumentos: tuple[Any, ...]) -> None:
    if evento == "subprocess.Popen":
        _ARRANCADOS.append(_programa(argumentos[0], argumentos[1]))


sys.addaudithook(_al_auditar)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    """Empieza a anotar los programas que arranca la prueba (también sus fixtures)."""
    _ARRANCADOS.clear()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Tras el cuerpo de la prueba, exige la marca de cada componente real que arrancó."""
    resultado = yield
    faltan = sorted(
        {
            f"{programa} → {' o '.join(marcas)}"
            for programa in _ARRANCADOS
            if (marcas := MARCAS_DE_PROGRAMAS.get(programa))
            and not any(item.get_closest_marker(m) for m in marcas)
        }
    )
    if faltan:
        pytest.fail(
            f"La prueba usa componentes reales sin su marca ({'; '.join(faltan)}): márquela con "
            "@pytest.mark.<marca> (las marcas están en pyproject.toml).",
            pytrace=False,
        )
    return resultado


def _en_postgresql(item: pytest.Item) -> bool:
    """Si la prueba corre sobre PostgreSQL: por el parámetro del motor o por pedir su esquema."""
    callspec = getattr(item, "callspec", None)
    parametros = callspec.params if callspec else {}
    motores = {parametros.get("url_bd"), parametros.get("url_modulo")}
    return "postgresql" in motores or "esquema_postgres" in getattr(item, "fixturenames", ())


# Segundos aproximados de una prueba según sus marcas y si usa una base, solo para ordenar los
# archivos: basta con que lo largo no quede para el final.
SEGUNDOS_POR_MARCA = {
    "lento": 20.0,
    "navegador": 5.0,
    "ocr": 3.0,
    "libreoffice": 1.0,
    "dovecot": 1.0,
    "slapd": 0.5,
    "nginx": 20.0,
    "systemd": 0.5,
}
SEGUNDOS_CON_BASE = 0.2
SEGUNDOS_SIN_BASE = 0.02


def _segundos(item: pytest.Item) -> float:
    marcas = [s for m, s in SEGUNDOS_POR_MARCA.items() if item.get_closest_marker(m)]
    fixtures = getattr(item, "fixturenames", ())
    con_base = "url_bd" in fixtures or "url_modulo" in fixtures
    return max(marcas, default=SEGUNDOS_CON_BASE if con_base else SEGUNDOS_SIN_BASE)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marca `postgres` las pruebas sobre PostgreSQL y ordena los archivos de más a menos largos.

    `make test` reparte archivos enteros entre los procesos (`--dist loadfile`) en el orden de la
    colección: si el archivo más largo saliera último, un solo proceso trabajaría al final.
    """
    for item in items:
        if _en_postgresql(item):
            item.add_marker(pytest.mark.postgres)
    por_archivo: dict[str, list[pytest.Item]] = {}
    for item in items:
        por_archivo.setdefault(item.nodeid.split("::")[0], []).append(item)
    ordenados = sorted(por_archivo.values(), key=lambda g: -sum(map(_segundos, g)))
    items[:] = [item for pruebas in ordenados for item in pruebas]


# --- fixtures -----------------------------------------------------------------------------------


# Los de producción, para las pruebas marcadas `argon2_produccion`.
_HASHER_PRODUCCION = usuarios._hasher
_HASH_FICTICIO_PRODUCCION = usuarios._HASH_FICTICIO


@pytest.fixture(scope="session", autouse=True)
def argon2_de_pruebas() -> Iterator[None]:
    """Las pruebas en proceso prueban la lógica (acceso, bloqueo, sesiones), no el costo del hash:
    usan argon2id barato, también las fixtures de módulo que crean usuarios para todo un módulo.
    Las marcadas `argon2_produccion` comprueban los parámetros reales, y los servidores que las
    pruebas de navegador arrancan en otro proceso los usan siempre."""
    with pytest.MonkeyPatch.context() as parche:
        parche.setattr(usuarios, "_hasher", ARGON2_RAPIDO)
        parche.setattr(usuarios, "_HASH_FICTICIO", ARGON2_RAPIDO.hash(secrets.token_hex(16)))
        yield


@pytest.fixture(autouse=True)
def argon2_de_produccion(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Las pruebas marcadas `argon2_produccion` vuelven a los parámetros reales."""
    if request.node.get_closest_marker("argon2_produccion"):
        monkeypatch.setattr(usuarios, "_hasher", _HASHER_PRODUCCION)
        monkeypatch.setattr(usuarios, "_HASH_FICTICIO", _HASH_FICTICIO_PRODUCCION)


@pytest.fixture(autouse=True)
def calendario_por_omision() -> Iterator[None]:
    """Cada prueba deja el calendario del proceso como lo encontró: feriados de San Salvador y
    sin cierres (la aplicación que compone una prueba lo ata a su base de datos)."""
    yield
    configurar_calendario()


@pytest.fixture(scope="session")
def slapd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Slapd]:
    """Un OpenLDAP real para toda la sesión (tests/slapd.py); cada prueba crea sus cuentas.

    Las pruebas que lo usan llevan la marca `slapd`; si falta el paquete, fallan (no se saltan).
    """
    with Slapd(tmp_path_factory.mktemp("slapd")) as servidor:
        yield servidor


@pytest.fixture(scope="session")
def plantilla_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Un archivo SQLite migrado una vez por sesión; cada prueba usa su propia copia."""
    ruta = tmp_path_factory.mktemp("plantilla") / "recupera.db"
    aplicar_migraciones(f"sqlite:///{ruta}")
    return ruta


@contextmanager
def esquema_vacio(prefijo: str) -> Iterator[str]:
    """Un esquema propio y vacío en PostgreSQL, que se borra al salir; entrega su URL.

    Si PostgreSQL no responde, la prueba falla (no se salta): el CI debe probar ambos motores.
    """
    admin = create_engine(POSTGRES_URL)
    try:
        with admin.connect() as c:
            c.execute(text("SELECT 1"))
    except OperationalError as exc:
        admin.dispose()
        pytest.fail(
            f"No se pudo conectar a PostgreSQL en {POSTGRES_URL}: {exc.orig}\n"
            "Inícielo con `pg_ctlcluster 15 main start` o indique otro servidor en "
            "RECUPERA_TEST_POSTGRES_URL.",
            pytrace=False,
        )
    esquema = f"{prefijo}_{secrets.token_hex(4)}"
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{esquema}"'))
    separador = "&" if "?" in POSTGRES_URL else "?"
    # Sin esperar el fsync de cada COMMIT: las pruebas no prueban la durabilidad ante una caída, y
    # confirman mucho. La atomicidad, los bloqueos y el aislamiento no cambian.
    opciones = f"-csearch_path%3D{esquema}%20-csynchronous_commit%3Doff"
    try:
        yield f"{POSTGRES_URL}{separador}options={opciones}"
    finally:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{esquema}" CASCADE'))
        admin.dispose()


@contextmanager
def esquema_migrado(prefijo: str) -> Iterator[str]:
    """Un esquema propio en PostgreSQL, migrado, que se borra al salir; entrega su URL."""
    with esquema_vacio(prefijo) as url:
        aplicar_migraciones(url)
        yield url


@pytest.fixture(scope="session")
def esquema_postgres() -> Iterator[str]:
    """El esquema de PostgreSQL de toda la sesión de pruebas."""
    with esquema_migrado("prueba") as url:
        yield url
        for engines in (_ADMINISTRADORES, _ENGINES):
            if url in engines:
                engines.pop(url).dispose()


def vaciar_postgres(url: str) -> None:
    """Vacía las tablas que tienen filas y reinicia todas las secuencias (la mayoría de las
    pruebas toca pocas tablas).

    Con DELETE y no con TRUNCATE: en tablas de pocas filas, TRUNCATE cuesta medio segundo (archivos
    nuevos y su fsync) y DELETE, milisegundos. `session_replication_role = replica` apaga, solo en
    esta transacción, los triggers (el de solo-agregar de la bitácora, los del sellado) y las
    claves foráneas, así que el orden no importa. Exige superusuario; si no lo es, TRUNCATE con el
    trigger de la bitácora desactivado.
    """
    engine = _ADMINISTRADORES.get(url) or _ADMINISTRADORES.setdefault(url, create_engine(url))
    tablas = list(SQLModel.metadata.tables)
    con_filas = " UNION ALL ".join(
        f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in tablas
    )
    with engine.begin() as c:
        if url not in _SUPERUSUARIO:
            consulta = text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            _SUPERUSUARIO[url] = bool(c.execute(consulta).scalar())
        llenas = [t for (t,) in c.execute(text(con_filas))]
        if llenas and _SUPERUSUARIO[url]:
            c.execute(text("SET LOCAL session_replication_role = replica"))
            for tabla in llenas:
                c.execute(text(f'DELETE FROM "{tabla}"'))
        elif llenas:
            c.execute(text("ALTER TABLE auditoria DISABLE TRIGGER USER"))
            c.execute(
                text(f"TRUNCATE {', '.join(f'{chr(34)}{t}{chr(34)}' for t in llenas)} CASCADE")
            )
            c.execute(text("ALTER TABLE auditoria ENABLE TRIGGER USER"))
        c.execute(
            text(
                "SELECT setval(c.oid, 1, false) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'S' AND n.nspname = current_schema()"
            )
        )


@pytest.fixture(params=MOTORES)
def url_bd(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """La URL de una base vacía y migrada, en cada motor."""
    if request.param == "sqlite":
        destino = tmp_path / "recupera.db"
        shutil.copy(request.getfixturevalue("plantilla_sqlite"), destino)
        return f"sqlite:///{destino}"
    url: str = request.getfixturevalue("esquema_postgres")
    vaciar_postgres(url)
    return url


# Lo que distingue un LibreOffice de otro en la configuración de la instalación.
CLAVE_LIBREOFFICE = ("soffice", "python_uno", "pdf_segundos")
# El de la instalación (uno por proceso y carpeta de datos), que `libreoffice_de_la_sesion`
# reemplaza durante las pruebas; tests/plantillas/test_instalacion.py lo prueba.
CONVERSOR_DE_LA_INSTALACION = plantillas.instalacion.conversor
ConversorDe = Callable[[Settings], ConversorPdf]


@pytest.fixture(scope="session", autouse=True)
def libreoffice_de_la_sesion(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConversorDe]:
    """Un LibreOffice real por configuración (programa, Python del puente y plazo) para toda la
    sesión, que arranca con la primera conversión.

    La aplicación y la consola en proceso lo piden a `plantillas.instalacion.conversor`, que
    arranca uno por carpeta de datos: cada prueba web tiene la suya y arrancarlo cuesta segundos.
    Aquí lo comparten; lo que se prueba (convertir con un LibreOffice real) no cambia. Además anota
    cada conversión, para exigir la marca `libreoffice`.
    """
    carpeta = tmp_path_factory.mktemp("libreoffice")
    conversores: dict[tuple[Any, ...], ConversorPdf] = {}
    candado = threading.Lock()

    def conversor_de(settings: Settings) -> ConversorPdf:
        clave = tuple(getattr(settings, c) for c in CLAVE_LIBREOFFICE)
        with candado:
            if clave not in conversores:
                soffice, python_uno, segundos = clave
                conversores[clave] = ConversorPdf(
                    carpeta=carpeta / f"conversor-{len(conversores)}",
                    soffice=soffice,
                    python_uno=python_uno,
                    segundos=segundos,
                )
            return conversores[clave]

    convertir = ConversorPdf._convertir

    def convertir_anotado(self: ConversorPdf, docx: bytes) -> bytes:
        _ARRANCADOS.append("conversión a PDF")
        return convertir(self, docx)

    with pytest.MonkeyPatch.context() as parche:
        parche.setattr(plantillas.instalacion, "conversor", conversor_de)
        # Cada conversión que llega a LibreOffice cuenta para la marca `libreoffice`.
        parche.setattr(ConversorPdf, "_convertir", convertir_anotado)
        try:
            yield conversor_de
        finally:
            for conversor in conversores.values():
                conversor.cerrar()


@pytest.fixture(scope="session")
def conversor(libreoffice_de_la_sesion: ConversorDe) -> ConversorPdf:
    """El LibreOffice de la sesión con la configuración por omisión: el mismo de la aplicación."""
    por_omision = {c: Settings.model_fields[c].default for c in CLAVE_LIBREOFFICE}
    return libreoffice_de_la_sesion(Settings.model_construct(**por_omision))


@pytest.fixture
def engine(url_bd: str) -> Iterator[Engine]:
    """El engine de la base de la prueba.

    En PostgreSQL el esquema es el de toda la sesión, y su engine también, como el de la
    aplicación en un proceso: sin conectarse de nuevo ni recompilar cada consulta en cada prueba.
    Las conexiones vuelven al pool sin transacción abierta; si alguna quedó tomada, se descarta.
    """
    if not url_bd.startswith("postgresql"):
        e = crear_engine(url_bd)
        yield e
        e.dispose()
        return
    if url_bd not in _ENGINES:
        _ENGINES[url_bd] = crear_engine(url_bd)
    e = _ENGINES[url_bd]
    yield e
    if e.pool.checkedout():  # type: ignore[attr-defined]
        e.dispose()


@pytest.fixture
def actor() -> Actor:
    """Quien hace los cambios en las pruebas de servicios."""
    return Actor("prueba:servicios")


@pytest.fixture
def session(engine: Engine, actor: Actor) -> Iterator[Session]:
    """Una sesión con actor; lo no confirmado se revierte al final."""
    with nueva_sesion(engine) as s:
        s.info["actor"] = actor
        yield s
        s.rollback()


RAZONES_DIFICILES = [
    "Pérez & Cía <S.A. de C.V.>",
    'Panadería "La Espiga" {{ x }}',
    "Distribuidora Ñandú, S.A. de C.V.",
]
