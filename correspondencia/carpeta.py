"""La carpeta de entrada (`<datos>/entrada/`): cada `.eml` que se deja ahí se registra una vez y
pasa a `entrada/procesados/` con el número que recibió.

Si el proceso muere tras registrar y antes de mover, el archivo sigue ahí: en el siguiente sondeo
su sha256 ya está registrado (índice único en la base) y solo se mueve.

Solo se leen archivos comunes: un enlace simbólico (que podría apuntar a `/etc/passwd` o a otra
instancia), una tubería FIFO (que colgaría el sondeo), una carpeta o un dispositivo llamados
`.eml` no se siguen ni se abren; se apartan a `entrada/rechazados/` con un aviso.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from archivo import Almacen
from correspondencia.modelos import Correspondencia
from correspondencia.registro import (
    OrigenCarta,
    Preparado,
    minimo,
    preparar_cabeceras,
    preparar_correo,
    registrar_carta,
)
from correspondencia.reglas import ReglasDePlazo
from expedientes import Actor, BaseDeDatos, ErrorDominio

log = logging.getLogger(__name__)
ACTOR = Actor("sondeo:carpeta de entrada")
RECHAZADOS = "rechazados"
_TIPOS = (
    (stat.S_ISLNK, "un enlace simbólico"),
    (stat.S_ISFIFO, "una tubería (FIFO)"),
    (stat.S_ISDIR, "una carpeta"),
    (stat.S_ISSOCK, "un socket"),
)


@dataclass
class ResultadoCarpeta:
    """Qué pasó con los archivos de la carpeta en una pasada."""

    registradas: list[str] = field(default_factory=list)
    ya_registradas: list[str] = field(default_factory=list)
    fallidas: list[str] = field(default_factory=list)


def sondear_carpeta_de_entrada(
    *,
    bd: BaseDeDatos,
    almacen: Almacen,
    entrada: Path,
    reglas: ReglasDePlazo,
    max_bytes: int,
    edad_minima: float = 2.0,
) -> ResultadoCarpeta:
    """Registra cada `.eml` de la carpeta (los más viejos primero) y lo mueve a procesados.

    Se ignoran los archivos modificados hace menos de `edad_minima` segundos: pueden estar
    copiándose todavía.
    """
    resultado = ResultadoCarpeta()
    procesados = entrada / "procesados"
    procesados.mkdir(parents=True, exist_ok=True)
    limite = time.time() - edad_minima
    for modificado, _, ruta in sorted(_archivos_eml(entrada, resultado)):
        if modificado > limite:
            continue
        try:
            numero, nuevo = _registrar_archivo(bd, almacen, ruta, reglas, max_bytes)
            (resultado.registradas if nuevo else resultado.ya_registradas).append(numero)
            _mover(ruta, procesados, numero)
        except (SQLAlchemyError, ErrorDominio, ValueError, OSError) as exc:
            # Un archivo ilegible (permisos, desaparecido) no detiene a los demás.
            log.exception("no se pudo registrar %s", ruta.name)
            resultado.fallidas.append(f"{ruta.name}: {exc}")
    return resultado


def _archivos_eml(entrada: Path, resultado: ResultadoCarpeta) -> list[tuple[float, str, Path]]:
    """Los .eml comunes de la carpeta con su fecha de modificación (los que desaparecen, se
    ignoran; los que no son archivos comunes se apartan sin seguirlos)."""
    archivos = []
    for ruta in entrada.iterdir():
        if ruta.suffix.lower() != ".eml" or ruta.name.startswith("."):
            continue
        try:
            info = ruta.lstat()  # lstat: de un enlace se mira el enlace, no adónde apunta
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            archivos.append((info.st_mtime, ruta.name, ruta))
            continue
        try:
            resultado.fallidas.append(_apartar(ruta, info.st_mode, entrada / RECHAZADOS))
        except OSError as exc:
            resultado.fallidas.append(
                f"{ruta.name}: no es un archivo común y no se pudo apartar ({exc}); no se leyó."
            )
    return archivos


def _apartar(ruta: Path, modo: int, rechazados: Path) -> str:
    """Mueve la entrada (el enlace, la tubería: nunca lo que haya detrás) a `rechazados/` y
    devuelve el aviso."""
    tipo = next((nombre for es, nombre in _TIPOS if es(modo)), "un archivo especial")
    rechazados.mkdir(exist_ok=True)
    destino, n = rechazados / ruta.name, 1
    while os.path.lexists(destino):
        n += 1
        destino = rechazados / f"{ruta.stem}-{n}{ruta.suffix}"
    os.replace(ruta, destino)
    aviso = (
        f"{ruta.name}: no es un archivo común sino {tipo}; no se leyó y se apartó a "
        f"{RECHAZADOS}/{destino.name}."
    )
    log.warning("carpeta de entrada: %s", aviso)
    return aviso


@contextmanager
def _abrir_comun(ruta: Path) -> Iterator[BinaryIO]:
    """Abre el archivo sin seguir enlaces ni esperar a una tubería, y comprueba sobre lo abierto
    que es un archivo común (si lo cambiaron desde que se listó, no se lee)."""
    descriptor = os.open(ruta, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as archivo:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise ValueError("dejó de ser un archivo común: no se leyó")
        yield archivo


def _registrar_archivo(
    bd: BaseDeDatos, almacen: Almacen, ruta: Path, reglas: ReglasDePlazo, max_bytes: int
) -> tuple[str, bool]:
    """Registra el archivo si su contenido no lo estaba; devuelve (número, si es nuevo)."""
    with _abrir_comun(ruta) as f:
        info = os.fstat(f.fileno())
        sha = _sha256_de_flujo(f)
        existente = _numero_registrado(bd, sha)
        if existente:
            return existente, False
        f.seek(0)
        if info.st_size > max_bytes:
            # No se analiza entero, pero el original completo sí se guarda: es un archivo local.
            sha = almacen.guardar_flujo(f)
            f.seek(0)
            cabeceras = f.read(256 * 1024).split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
            prep = preparar_cabeceras(cabeceras, almacen=almacen, tamano=info.st_size, sha256=sha)
        else:
            prep = preparar_correo(f.read(), almacen=almacen)
    llegada = datetime.fromtimestamp(info.st_mtime, UTC)
    origen = OrigenCarta("carpeta", nombre_archivo=ruta.name)
    try:
        return _registrar(bd, prep, origen, llegada, reglas), True
    except (SQLAlchemyError, ErrorDominio, ValueError) as exc:
        existente = _numero_registrado(bd, sha)
        if existente:  # otro proceso lo registró a la vez
            return existente, False
        return _registrar(bd, minimo(prep, exc), origen, llegada, reglas), True


def _registrar(
    bd: BaseDeDatos, prep: Preparado, origen: OrigenCarta, llegada: datetime, reglas: ReglasDePlazo
) -> str:
    with bd.sesion(ACTOR) as s:
        return registrar_carta(
            session=s, preparado=prep, origen=origen, recibido_en=llegada, reglas=reglas
        ).numero


def _numero_registrado(bd: BaseDeDatos, sha: str) -> str | None:
    with bd.sesion(ACTOR, solo_lectura=True) as s:
        return s.exec(
            select(Correspondencia.numero).where(
                Correspondencia.origen == "carpeta", Correspondencia.sha256 == sha
            )
        ).first()


def _sha256_de_flujo(f: BinaryIO) -> str:
    h = hashlib.sha256()
    for bloque in iter(lambda: f.read(1 << 20), b""):
        h.update(bloque)
    return h.hexdigest()


def _mover(ruta: Path, procesados: Path, numero: str) -> None:
    """Mueve a procesados con el número como nombre (sin pisar nada que ya esté ahí)."""
    destino = procesados / f"{numero}.eml"
    n = 1
    while destino.exists():
        n += 1
        destino = procesados / f"{numero}-{n}.eml"
    os.replace(ruta, destino)
