"""Las copias programadas del servicio: una cada día, a partir de la hora local configurada, y
después la poda según la retención (si el servicio estuvo apagado a esa hora, la hace al volver);
y la que se hace antes de migrar una base de producción."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from archivo import Almacen
from expedientes import ZONA_LOCAL, ErrorDominio, crear_engine
from migraciones import revision_actual, ultima_revision
from respaldo.crear import InformeCopia, crear_copia
from respaldo.retencion import podar
from respaldo.verificar import copias_en

log = logging.getLogger(__name__)
REVISAR_CADA = timedelta(minutes=5)


def toca_copia(destino: Path, ahora: datetime, hora: int) -> bool:
    """¿Falta la copia de hoy? Si ya es la hora y la última copia es de antes de hoy (local)."""
    local = ahora.astimezone(ZONA_LOCAL)
    if local.hour < hora:
        return False
    copias = copias_en(destino)
    if not copias:
        return True
    ultima = datetime.strptime(copias[-1].name[:15], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    return ultima.astimezone(ZONA_LOCAL).date() < local.date()


def respaldar_periodicamente(
    *,
    engine: Engine,
    almacen: Almacen,
    destino: Path,
    hora: int,
    diarias: int,
    semanales: int,
    parar: threading.Event,
) -> None:
    """Hace la copia del día cuando toca y poda; nunca se cae (lo registra y sigue)."""
    while not parar.is_set():
        try:
            if toca_copia(destino, datetime.now(UTC), hora):
                informe = crear_copia(engine=engine, almacen=almacen, destino=destino)
                log.info(
                    "copia de respaldo %s (%d blobs nuevos)", informe.carpeta, informe.blobs_nuevos
                )
                for sha in informe.faltantes:
                    log.error("falta en el almacén el blob %s, que la base nombra", sha)
                podar(destino, diarias=diarias, semanales=semanales)
        except Exception:
            log.exception("la copia de respaldo programada falló; se reintenta")
        parar.wait(REVISAR_CADA.total_seconds())


def respaldar_antes_de_migrar(
    *, url: str, almacen: Almacen, destino: Path | None, produccion: bool, sin_copia: bool
) -> InformeCopia | None:
    """Antes de migrar una base con datos en producción se hace una copia en `destino`; sin
    carpeta para ella, no se migra (salvo que se diga expresamente `sin_copia`). None si no hizo
    falta: una base nueva o al día, desarrollo, o `sin_copia`."""
    antes = revision_actual(url)
    if antes is None or antes == ultima_revision() or not produccion or sin_copia:
        return None
    if destino is None:
        raise ErrorDominio(
            "No se migró: en producción se hace una copia de respaldo antes de migrar.",
            ["Configure RECUPERA_RESPALDO_DIR (la copia se hace allí, sola) o, si ya tiene una "
             "copia verificada, repita con --sin-copia."],
        )  # fmt: skip
    engine = crear_engine(url)
    try:
        return crear_copia(engine=engine, almacen=almacen, destino=destino)
    finally:
        engine.dispose()
