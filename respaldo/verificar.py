"""Verificar una copia: rehacer la suma de cada archivo de datos y de cada blob y compararla con el
manifiesto (que a su vez se compara con su propia suma). Nombra cada archivo que falta o cambió."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from expedientes import ErrorDominio
from respaldo.formato import DATOS, FORMATO, MANIFIESTO, SUMA_DEL_MANIFIESTO, ruta_de_blob, suma

_NOMBRE_DE_COPIA = re.compile(r"\d{8}-\d{6}(-\d+)?")


@dataclass
class InformeVerificacion:
    """Lo que se revisó de una copia y cada problema, en español."""

    carpeta: Path
    archivos: int = 0
    blobs: int = 0
    problemas: list[str] = field(default_factory=list)

    @property
    def correcta(self) -> bool:
        """¿Está entera e intacta?"""
        return not self.problemas


def copias_en(destino: Path) -> list[Path]:
    """Las copias terminadas de una carpeta de copias, de la más vieja a la más nueva."""
    if not destino.is_dir():
        return []
    return sorted(
        c for c in destino.iterdir()
        if c.is_dir() and _NOMBRE_DE_COPIA.fullmatch(c.name) and (c / MANIFIESTO).exists()
    )  # fmt: skip


def fecha_de_copia(copia: Path) -> datetime:
    """Cuándo se hizo la copia (su nombre es la hora UTC en que empezó, `AAAAMMDD-HHMMSS`)."""
    return datetime.strptime(copia.name[:15], "%Y%m%d-%H%M%S").replace(tzinfo=UTC)


def copia_elegida(ruta: Path) -> Path:
    """La copia que se pide: la carpeta de una copia, o la más nueva de una carpeta de copias."""
    if (ruta / MANIFIESTO).exists():
        return ruta
    copias = copias_en(ruta)
    if not copias:
        raise ErrorDominio(f"En {ruta} no hay ninguna copia terminada.")
    return copias[-1]


def leer_manifiesto(carpeta: Path) -> dict[str, Any]:
    """El manifiesto, si está y coincide con su suma; si no, ErrorDominio que lo dice."""
    ruta, ruta_suma = carpeta / MANIFIESTO, carpeta / SUMA_DEL_MANIFIESTO
    if not ruta.exists() or not ruta_suma.exists():
        raise ErrorDominio(f"La copia {carpeta.name} no tiene su manifiesto o la suma de este.")
    texto = ruta.read_bytes()
    if hashlib.sha256(texto).hexdigest() != ruta_suma.read_text("ascii").strip():
        raise ErrorDominio(f"El manifiesto de la copia {carpeta.name} está alterado.")
    manifiesto: dict[str, Any] = json.loads(texto)
    if manifiesto.get("formato") != FORMATO:
        raise ErrorDominio(f"La copia {carpeta.name} tiene un formato que esta versión no lee.")
    return manifiesto


def verificar_copia(carpeta: Path) -> InformeVerificacion:
    """Rehace la suma de todo lo que la copia lleva y dice cada archivo que falta o cambió."""
    informe = InformeVerificacion(carpeta)
    try:
        manifiesto = leer_manifiesto(carpeta)
    except ErrorDominio as exc:
        informe.problemas.append(exc.mensaje)
        return informe
    for tabla, datos in sorted(manifiesto["tablas"].items()):
        ruta = carpeta / DATOS / f"{tabla}.jsonl.gz"
        informe.archivos += 1
        if not ruta.exists():
            informe.problemas.append(f"Falta el archivo de datos de la tabla «{tabla}».")
        elif suma(ruta) != datos["sha256"]:
            informe.problemas.append(f"El archivo de datos de la tabla «{tabla}» está alterado.")
    for sha in manifiesto["blobs"]:
        ruta = ruta_de_blob(carpeta.parent, sha)
        informe.blobs += 1
        if not ruta.exists():
            informe.problemas.append(f"Falta el blob {sha}.")
        elif suma(ruta) != sha:
            informe.problemas.append(f"El blob {sha} está alterado.")
    informe.problemas += [
        f"El blob {sha} ya faltaba en el almacén cuando se hizo la copia."
        for sha in manifiesto.get("faltantes", [])
    ]
    return informe
