"""Cuántas copias se guardan: las de los últimos N días (la más nueva de cada día) y las de las
últimas M semanas (la más nueva de cada semana), y siempre la más nueva. Los blobs que ya no
nombra ninguna copia guardada se borran; los demás se comparten. También se borran los restos de
una copia interrumpida (su carpeta `.parcial` y sus blobs `.tmp`): con la carpeta bloqueada,
ninguna copia está en curso."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from respaldo.crear import blobs_del_almacen
from respaldo.formato import BLOBS, carpeta_bloqueada
from respaldo.verificar import copias_en, leer_manifiesto

DIARIAS = 7
SEMANALES = 4


@dataclass
class InformePoda:
    """Las copias que quedaron y las que se borraron, y cuántos blobs sobrantes se borraron."""

    conservadas: list[str] = field(default_factory=list)
    borradas: list[str] = field(default_factory=list)
    blobs_borrados: int = 0
    restos_borrados: int = 0


def _fecha(copia: Path) -> datetime:
    return datetime.strptime(copia.name[:15], "%Y%m%d-%H%M%S")


def copias_que_quedan(copias: list[Path], diarias: int, semanales: int) -> set[Path]:
    """De las copias (de la más vieja a la más nueva), cuáles se guardan."""
    quedan: set[Path] = set(copias[-1:])
    por_dia: dict[date, Path] = {}
    por_semana: dict[tuple[int, int], Path] = {}
    for copia in copias:  # la última de cada día y de cada semana gana
        por_dia[_fecha(copia).date()] = copia
        anio, semana, _ = _fecha(copia).isocalendar()
        por_semana[(anio, semana)] = copia
    quedan.update(por_dia[d] for d in sorted(por_dia)[-diarias:] if diarias > 0)
    quedan.update(por_semana[s] for s in sorted(por_semana)[-semanales:] if semanales > 0)
    return quedan


def podar(destino: Path, *, diarias: int = DIARIAS, semanales: int = SEMANALES) -> InformePoda:
    """Borra las copias que la retención no guarda, los blobs que ya ninguna nombra y los restos
    de copias interrumpidas; espera a que termine una copia en curso."""
    with carpeta_bloqueada(destino):
        informe = InformePoda()
        informe.restos_borrados = _borrar_restos(destino)
        copias = copias_en(destino)
        quedan = copias_que_quedan(copias, diarias, semanales)
        for copia in copias:
            if copia in quedan:
                informe.conservadas.append(copia.name)
            else:
                shutil.rmtree(copia)
                informe.borradas.append(copia.name)
        if informe.borradas:
            informe.blobs_borrados = _borrar_huerfanos(destino, quedan)
        return informe


def _borrar_restos(destino: Path) -> int:
    """Las carpetas `.AAAAMMDD-HHMMSS.parcial` y los blobs `.<sha>.tmp` de copias interrumpidas."""
    restos = [*destino.glob(".*.parcial"), *(destino / BLOBS).glob("*/.*.tmp")]
    for resto in restos:
        if resto.is_dir():
            shutil.rmtree(resto)
        else:
            resto.unlink()
    return len(restos)


def _borrar_huerfanos(destino: Path, quedan: set[Path]) -> int:
    nombrados: set[str] = set()
    for copia in sorted(quedan):
        nombrados.update(leer_manifiesto(copia)["blobs"])
    borrados = 0
    for blob in blobs_del_almacen(destino / BLOBS):
        if blob.name not in nombrados:
            blob.unlink()
            borrados += 1
    return borrados
