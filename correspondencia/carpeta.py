"""La carpeta de entrada (`<datos>/entrada/`): cada `.eml` que se deja ahí se registra una vez y
pasa a `entrada/procesados/` con el número que recibió.

Si el proceso muere tras registrar y antes de mover, el archivo sigue ahí: en el siguiente sondeo
su sha256 ya está registrado (índice único en la base) y solo se mueve.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

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
    for modificado, _, ruta in sorted(_archivos_eml(entrada)):
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


def _archivos_eml(entrada: Path) -> list[tuple[float, str, Path]]:
    """Los .eml de la carpeta con su fecha de modificación (los que desaparecen, se ignoran)."""
    archivos = []
    for ruta in entrada.iterdir():
        if ruta.suffix.lower() != ".eml" or ruta.name.startswith("."):
            continue
        try:
            if ruta.is_file():
                archivos.append((ruta.stat().st_mtime, ruta.name, ruta))
        except OSError:
            continue
    return archivos


def _registrar_archivo(
    bd: BaseDeDatos, almacen: Almacen, ruta: Path, reglas: ReglasDePlazo, max_bytes: int
) -> tuple[str, bool]:
    """Registra el archivo si su contenido no lo estaba; devuelve (número, si es nuevo)."""
    tamano = ruta.stat().st_size
    sha = _sha256_de_archivo(ruta)
    existente = _numero_registrado(bd, sha)
    if existente:
        return existente, False
    if tamano > max_bytes:
        # No se analiza entero, pero el original completo sí se guarda: es un archivo local.
        sha = almacen.guardar_archivo(ruta)
        with ruta.open("rb") as f:
            cabeceras = f.read(256 * 1024).split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
        prep = preparar_cabeceras(cabeceras, almacen=almacen, tamano=tamano, sha256=sha)
    else:
        prep = preparar_correo(ruta.read_bytes(), almacen=almacen)
    llegada = datetime.fromtimestamp(ruta.stat().st_mtime, UTC)
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


def _sha256_de_archivo(ruta: Path) -> str:
    h = hashlib.sha256()
    with ruta.open("rb") as f:
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
