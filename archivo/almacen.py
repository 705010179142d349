"""Almacén de contenido inmutable: cada documento se guarda una sola vez, con su sha256 por nombre.

Disposición: `<raiz>/ab/<sha256>` (256 carpetas: ninguna crece sin medida),
archivos de solo lectura. Escribir es: archivo temporal en el mismo sistema de archivos, fsync,
enlace al nombre final (que falla si ya existe: nunca se sobrescribe) y fsync de la carpeta.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from expedientes import ErrorDominio

_SHA256 = re.compile(r"[0-9a-f]{64}")
_BLOQUE = 1024 * 1024
MODO_BLOB = 0o444
# Los temporales de `guardar_archivo` (cuyo sha256 no se conoce hasta terminar de copiar) viven
# aquí: en el mismo sistema de archivos que los blobs, para poder enlazarlos sin copiar.
_TEMPORALES = ".temporales"


class BlobCorrupto(ErrorDominio):
    """Un blob cuyo contenido ya no coincide con su sha256."""


class BlobInexistente(ErrorDominio):
    """Se pidió un blob que no está en el almacén."""


@dataclass(frozen=True)
class Almacen:
    """Blobs de solo escritura una vez, direccionados por sha256, bajo `raiz`."""

    raiz: Path

    def ruta(self, sha256: str) -> Path:
        """La ruta del blob; el nombre debe ser un sha256 en hexadecimal minúsculo."""
        # Validar antes de tocar el disco: el nombre llega de afuera y no debe salir de `raiz`.
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise ValueError(f"nombre de blob no válido (se esperaba un sha256): {sha256!r}")
        # Un solo nivel de 256 carpetas: crear carpetas es caro y un millón de blobs deja unos
        # 4.000 archivos por carpeta, que ext4 y xfs manejan sin pena.
        return self.raiz / sha256[:2] / sha256

    def guardar(self, datos: bytes) -> str:
        """Guarda los bytes (una sola vez aunque se repitan) y devuelve su sha256."""
        sha256 = hashlib.sha256(datos).hexdigest()
        destino = self.ruta(sha256)
        if destino.exists():
            self._comprobar_existente(sha256)
            return sha256
        _crear_carpetas(destino.parent)
        with _temporal(destino.parent) as (temporal, archivo):
            archivo.write(datos)
            self._instalar(temporal, archivo, sha256)
        return sha256

    def guardar_archivo(self, origen: Path) -> str:
        """Guarda el contenido de un archivo sin cargarlo entero en memoria; su sha256."""
        with origen.open("rb") as entrada:
            return self.guardar_flujo(entrada)

    def guardar_flujo(self, entrada: BinaryIO) -> str:
        """Guarda lo que queda por leer de un archivo abierto, por bloques; su sha256."""
        carpeta = self.raiz / _TEMPORALES
        _crear_carpetas(carpeta)
        with _temporal(carpeta) as (temporal, archivo):
            suma = hashlib.sha256()
            while bloque := entrada.read(_BLOQUE):
                suma.update(bloque)
                archivo.write(bloque)
            sha256 = suma.hexdigest()
            destino = self.ruta(sha256)
            if destino.exists():
                self._comprobar_existente(sha256)
                return sha256
            _crear_carpetas(destino.parent)
            self._instalar(temporal, archivo, sha256)
        return sha256

    def leer(self, sha256: str) -> bytes:
        """El contenido del blob, tras comprobar que su sha256 sigue coincidiendo."""
        ruta = self.ruta(sha256)
        try:
            datos = ruta.read_bytes()
        except FileNotFoundError:
            raise BlobInexistente(
                f"El documento {sha256} no está en el archivo ({self.raiz})."
            ) from None
        if hashlib.sha256(datos).hexdigest() != sha256:
            raise _corrupto(sha256)
        return datos

    def existe(self, sha256: str) -> bool:
        """Si hay un blob con ese nombre (sin verificar su contenido)."""
        return self.ruta(sha256).is_file()

    def verificar(self, sha256: str) -> bool:
        """Si el blob existe y su contenido sigue dando ese sha256."""
        ruta = self.ruta(sha256)
        try:
            with ruta.open("rb") as archivo:
                return hashlib.file_digest(archivo, "sha256").hexdigest() == sha256
        except FileNotFoundError:
            return False

    def probar_escritura(self) -> None:
        """Escribe y borra un temporal donde se arman los blobs (la salud del servicio); OSError
        si el almacén no admite escritura."""
        carpeta = self.raiz / _TEMPORALES
        _crear_carpetas(carpeta)
        with _temporal(carpeta) as (_ruta, archivo):
            archivo.write(b"salud")
            archivo.flush()

    def _comprobar_existente(self, sha256: str) -> None:
        """Un blob ya guardado se conserva tal cual; si está dañado, se avisa (nunca se pisa)."""
        if not self.verificar(sha256):
            raise BlobCorrupto(
                f"El documento {sha256} ya estaba en el archivo pero está dañado; no se "
                "sobrescribe para no borrar evidencia.",
                ["Restáurelo desde la copia de respaldo y vuelva a intentarlo."],
            )

    def _instalar(self, temporal: Path, archivo: BinaryIO, sha256: str) -> None:
        """Lleva el temporal ya escrito a su nombre final sin pisar uno existente."""
        archivo.flush()
        os.fsync(archivo.fileno())
        # Solo lectura antes de aparecer con su nombre: nunca se ve un blob escribible.
        os.chmod(temporal, MODO_BLOB)
        destino = self.ruta(sha256)
        try:
            # A diferencia de rename/replace, link falla si el nombre ya existe: si otro proceso
            # guardó los mismos bytes a la vez, el suyo se conserva.
            os.link(temporal, destino)
        except FileExistsError:
            self._comprobar_existente(sha256)
            return
        _fsync_carpeta(destino.parent)


def almacen_de(data_dir: Path) -> Almacen:
    """El almacén de blobs de una instalación: `<data_dir>/blobs`."""
    return Almacen(data_dir / "blobs")


def _corrupto(sha256: str) -> BlobCorrupto:
    """El error de un blob cuyo contenido ya no coincide con su nombre."""
    return BlobCorrupto(
        f"El documento {sha256} está dañado: su contenido ya no coincide con su huella sha256.",
        ["Restáurelo desde la copia de respaldo; no lo use como constancia."],
    )


@contextlib.contextmanager
def _temporal(carpeta: Path) -> Iterator[tuple[Path, BinaryIO]]:
    """Un archivo temporal oculto en la carpeta; se borra siempre al salir (el blob es un enlace)."""
    descriptor, nombre = tempfile.mkstemp(dir=carpeta, prefix=".", suffix=".tmp")
    temporal = Path(nombre)
    try:
        with os.fdopen(descriptor, "wb") as archivo:
            yield temporal, archivo
    finally:
        temporal.unlink(missing_ok=True)


def _crear_carpetas(carpeta: Path) -> None:
    """Crea la carpeta y las que le falten, con fsync del padre de cada una que se creó."""
    if carpeta.is_dir():
        return
    faltan = [c for c in [carpeta, *carpeta.parents] if not c.exists()]
    for nueva in reversed(faltan):
        try:
            nueva.mkdir()
        except FileExistsError:
            # Otro hilo o proceso la creó a la vez: da igual quién.
            continue
        # Sin esto, tras un corte de luz el blob podría existir en una carpeta que no.
        _fsync_carpeta(nueva.parent)


def _fsync_carpeta(carpeta: Path) -> None:
    """Asegura en disco las entradas de una carpeta (archivos creados o enlazados en ella)."""
    descriptor = os.open(carpeta, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
