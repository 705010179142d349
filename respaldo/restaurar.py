"""Restaurar una copia en una instalación vacía (otra carpeta de datos y, si se quiere, otra base
y otro motor): primero se verifica entera; una copia incompleta o alterada se rechaza con la
lista. Se copian los blobs, se crea el esquema en la revisión de la copia, se cargan las filas tal
como estaban (sin pasar por los servicios: la bitácora y la numeración siguen donde iban) en una
sola transacción que comprueba que cada tabla tenga las filas que la copia dice, se migra a la
versión de este código (con sus pasos de datos) y se reconstruye el índice de búsqueda. Así una
copia hecha antes de actualizar se restaura con la versión nueva. Si algo falla a medio camino, se
deshace lo hecho: la carpeta y la base quedan vacías otra vez, listas para otro intento.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, inspect, make_url, select, text

from archivo import reconstruir_indice
from expedientes import ErrorDominio, crear_engine
from migraciones import aplicar_migraciones, conoce_revision
from respaldo.formato import BLOBS, DATOS, de_texto, leer_filas, ruta_de_blob
from respaldo.tablas import tablas_de, vaciar_base
from respaldo.verificar import leer_manifiesto, verificar_copia

LOTE = 1000
log = logging.getLogger(__name__)


@dataclass
class InformeRestauracion:
    """Lo que se restauró: filas por tabla y blobs."""

    filas: dict[str, int] = field(default_factory=dict)
    blobs: int = 0


def restaurar_copia(*, carpeta: Path, data_dir: Path, url: str) -> InformeRestauracion:
    """Restaura la copia de `carpeta` en `data_dir` (vacía) y en la base de `url` (vacía)."""
    verificacion = verificar_copia(carpeta)
    if not verificacion.correcta:
        raise ErrorDominio(
            "No se restauró: la copia está incompleta o alterada.", verificacion.problemas[:200]
        )
    manifiesto = leer_manifiesto(carpeta)
    carpeta_nueva = not data_dir.exists()
    _exigir_destino_vacio(data_dir, url)
    revision = manifiesto["revision"]
    if not conoce_revision(revision):
        raise ErrorDominio(
            f"La copia es del esquema {revision}, más nuevo que el de esta versión de Recupera.",
            ["Restáurela con una versión de Recupera igual o más nueva que la que la hizo."],
        )
    try:
        return _restaurar(carpeta, manifiesto, data_dir, url)
    except BaseException:
        try:
            _deshacer(data_dir, carpeta_nueva, url)
        except Exception:  # lo que importa es lo primero que falló; esto queda en el registro
            log.exception("no se pudo deshacer la restauración a medias en %s", data_dir)
        raise


def _restaurar(
    carpeta: Path, manifiesto: dict[str, Any], data_dir: Path, url: str
) -> InformeRestauracion:
    revision = manifiesto["revision"]
    informe = InformeRestauracion()
    informe.blobs = _copiar_blobs(carpeta.parent, manifiesto["blobs"], data_dir / BLOBS)
    aplicar_migraciones(url, hasta=revision)  # el esquema de la copia, para cargarla tal cual
    engine = crear_engine(url)
    try:
        with engine.begin() as c:
            tablas = _tablas_iguales(tablas_de(c), manifiesto["tablas"])
            for tabla in tablas:
                informe.filas[tabla.name] = _cargar(c, tabla, carpeta / DATOS)
            _seguir_secuencias(c, tablas)
            _comprobar_conteos(c, tablas, manifiesto["tablas"])
        aplicar_migraciones(url)  # y de ahí a la versión de este código, con sus pasos de datos
        with engine.begin() as c:
            reconstruir_indice(c)
    finally:
        engine.dispose()
    return informe


def _deshacer(data_dir: Path, carpeta_nueva: bool, url: str) -> None:
    """Borra lo que la restauración escribió: el destino estaba vacío, así que es todo lo que hay
    (primero la base, que puede ser un SQLite dentro de la carpeta, y después la carpeta)."""
    engine = crear_engine(url)
    try:
        with engine.begin() as c:
            vaciar_base(c)
    finally:
        engine.dispose()
    if data_dir.exists():
        for hijo in data_dir.iterdir():
            if hijo.is_dir() and not hijo.is_symlink():
                shutil.rmtree(hijo, onerror=_hacer_escribible)
            else:
                hijo.unlink()
        if carpeta_nueva:
            data_dir.rmdir()


def _hacer_escribible(funcion: Any, ruta: str, _error: Any) -> None:
    """Los blobs se guardan de solo lectura: se les da permiso de escritura para borrarlos."""
    Path(ruta).parent.chmod(0o755)
    Path(ruta).chmod(0o644)
    funcion(ruta)


def _tablas_iguales(tablas: list[Table], de_la_copia: dict[str, Any]) -> list[Table]:
    """Las tablas del esquema de la copia, que deben ser las mismas que ella trae."""
    nombres = {t.name for t in tablas}
    distintas = [
        f"La copia trae la tabla «{n}», que su esquema no tiene."
        for n in sorted(set(de_la_copia) - nombres)
    ]
    distintas += [f"Falta en la copia la tabla «{n}»." for n in sorted(nombres - set(de_la_copia))]
    if distintas:
        raise ErrorDominio("No se restauró: la copia no coincide con su esquema.", distintas)
    return tablas


def _exigir_destino_vacio(data_dir: Path, url: str) -> None:
    """Solo en una carpeta vacía y una base sin tablas: restaurar nunca mezcla ni pisa. En la
    carpeta solo puede estar la propia base de destino, si es un SQLite vacío que vive allí."""
    problemas = []
    base = make_url(url).database if url.startswith("sqlite") else None
    propios = {f"{base}{fin}" for fin in ("", "-wal", "-shm", "-journal")} if base else set()
    if data_dir.exists() and any(str(h.resolve()) not in propios for h in data_dir.iterdir()):
        problemas.append(f"La carpeta de datos {data_dir} no está vacía.")
    engine = crear_engine(url)
    try:
        if inspect(engine).get_table_names():
            problemas.append("La base de datos de destino ya tiene tablas.")
    finally:
        engine.dispose()
    if problemas:
        raise ErrorDominio("No se restauró: el destino debe estar vacío.", problemas)


def _copiar_blobs(raiz: Path, blobs: list[str], destino: Path) -> int:
    """Copia cada blob de la copia al almacén nuevo, de solo lectura como allí se guardan."""
    for sha in blobs:
        final = destino / sha[:2] / sha
        final.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ruta_de_blob(raiz, sha), final)
        final.chmod(0o444)
    return len(blobs)


def _cargar(c: Connection, tabla: Table, datos: Path) -> int:
    """Inserta las filas de la tabla por lotes, cada valor vuelto al tipo de su columna."""
    ruta = datos / f"{tabla.name}.jsonl.gz"
    if not ruta.exists():
        raise ErrorDominio(f"La copia no trae la tabla «{tabla.name}».")
    columnas = {col.name: col for col in tabla.columns}

    def filas() -> Iterator[dict[str, Any]]:
        for fila in leer_filas(ruta):
            yield {n: de_texto(columnas[n], v) for n, v in fila.items() if n in columnas}

    total, lector = 0, filas()
    while lote := list(islice(lector, LOTE)):
        c.execute(tabla.insert(), lote)
        total += len(lote)
    return total


def _seguir_secuencias(c: Connection, tablas: list[Table]) -> None:
    """En PostgreSQL, cada secuencia sigue después del mayor id restaurado (nada se repite)."""
    if c.dialect.name != "postgresql":
        return
    for tabla in tablas:
        clave = list(tabla.primary_key.columns)
        if len(clave) != 1 or clave[0].autoincrement is False:
            continue
        secuencia = c.execute(
            text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": tabla.name, "c": clave[0].name}
        ).scalar()
        if secuencia:
            maximo = c.execute(select(func.max(clave[0]))).scalar()
            c.execute(text("SELECT setval(:s, :v, :llamada)"),
                      {"s": secuencia, "v": maximo or 1, "llamada": maximo is not None})  # fmt: skip


def _comprobar_conteos(c: Connection, tablas: list[Table], de_la_copia: dict[str, Any]) -> None:
    """Cada tabla con las filas que la copia dice; si no, nada queda (la transacción se revierte)."""
    distintas = []
    for tabla in tablas:
        cuantas = c.execute(select(func.count()).select_from(tabla)).scalar_one()
        esperadas = de_la_copia[tabla.name]["filas"]
        if cuantas != esperadas:
            distintas.append(f"«{tabla.name}»: {cuantas} filas, la copia dice {esperadas}.")
    if distintas:
        raise ErrorDominio("No se restauró: las filas no coinciden con la copia.", distintas)
