"""Conexión a la base de datos (SQLite incrustado o PostgreSQL) y sesiones."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine.url import make_url
from sqlmodel import Session

from expedientes.auditoria import Actor, instalar_auditoria

SOLO_LECTURA = "recupera_solo_lectura"
# Cuánto espera en SQLite una escritura a que otra suelte la base.
ESPERA_SQLITE_MS = 30_000


def crear_engine(url: str) -> Engine:
    """Un engine listo para el motor: en SQLite, WAL, claves foráneas y transacciones inmediatas."""
    dialecto = make_url(url).get_backend_name()
    if dialecto == "sqlite":
        ruta = make_url(url).database
        if ruta and ruta != ":memory:":
            Path(ruta).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        _configurar_sqlite(engine)
    elif dialecto == "postgresql":
        engine = create_engine(url, pool_pre_ping=True)
    else:
        raise ValueError(f"motor de base de datos no soportado: {dialecto}")
    return engine


def _configurar_sqlite(engine: Engine) -> None:
    """Claves foráneas, WAL y BEGIN IMMEDIATE: el escritor toma el candado al empezar.

    Con transacciones diferidas, dos escritores que leyeron antes de escribir chocan con
    SQLITE_BUSY sin esperar; IMMEDIATE los pone en fila (como PostgreSQL con sus candados).
    Una conexión marcada `solo_lectura` empieza diferida y no bloquea a nadie.
    """

    @event.listens_for(engine, "connect")
    def _al_conectar(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # el driver no emite BEGIN por su cuenta
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute(f"PRAGMA busy_timeout = {ESPERA_SQLITE_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _al_empezar(conn: Any) -> None:
        lectura = conn.get_execution_options().get(SOLO_LECTURA)
        conn.exec_driver_sql("BEGIN" if lectura else "BEGIN IMMEDIATE")


# Algo que se engancha a la clase de sesión de una base (p. ej., el índice de búsqueda del archivo).
Extension = Callable[[type[Session]], None]


class BaseDeDatos:
    """Una base de datos: su engine y la clase de sesión con que se abre.

    Cada sesión lleva la bitácora de auditoría y las extensiones que se dieron al crearla, y nada
    más: los oyentes se enganchan a una subclase propia de `Session`, no a todas las sesiones del
    proceso, así que importar un paquete no cambia ninguna sesión.
    """

    def __init__(self, engine: Engine, extensiones: Sequence[Extension] = ()) -> None:
        self.engine = engine
        self._clase: type[Session] = type("SesionRecupera", (Session,), {})
        instalar_auditoria(self._clase)
        for extension in extensiones:
            extension(self._clase)

    @classmethod
    def desde_url(cls, url: str, extensiones: Sequence[Extension] = ()) -> BaseDeDatos:
        """La base en `url` (crea la carpeta del archivo SQLite si hace falta)."""
        return cls(crear_engine(url), extensiones)

    @property
    def url(self) -> str:
        """La URL con la contraseña incluida, tal como se abrió."""
        return self.engine.url.render_as_string(hide_password=False)

    def nueva_sesion(self, *, solo_lectura: bool = False) -> Session:
        """Una sesión suelta (para peticiones web); quien la abre la cierra.

        Con `solo_lectura`, en SQLite su transacción no toma el candado de escritura.
        """
        s = self._clase(self.engine, expire_on_commit=False)
        if solo_lectura:
            s.connection(execution_options={SOLO_LECTURA: True})
        return s

    @contextmanager
    def sesion(self, actor: Actor, *, solo_lectura: bool = False) -> Iterator[Session]:
        """Una sesión transaccional: confirma al salir sin error, revierte si hubo excepción."""
        with self.nueva_sesion(solo_lectura=solo_lectura) as s:
            s.info["actor"] = actor
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def cerrar(self) -> None:
        """Cierra las conexiones del engine."""
        self.engine.dispose()
