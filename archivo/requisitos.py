"""Los tipos de documento del archivo y la lista de lo que cada tipo de expediente exige para
cerrarse y archivarse: un dato (`requisitos.toml`), no código."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from expedientes import ErrorDominio, TipoExpediente

PREDETERMINADOS = Path(__file__).with_name("requisitos.toml")


@dataclass(frozen=True)
class Requisitos:
    """Los tipos de documento (nombre → título) y los requeridos por tipo de expediente."""

    tipos: dict[str, str]
    requeridos: dict[str, tuple[str, ...]]

    def titulo(self, tipo: str) -> str:
        """El nombre legible de un tipo de documento (el propio tipo si no está en la lista)."""
        return self.tipos.get(tipo, tipo.replace("_", " ").capitalize())


def _validar(datos: dict[str, object], origen: str) -> Requisitos:
    tipos, requeridos = datos.get("tipos"), datos.get("requeridos")
    if not isinstance(tipos, dict) or not isinstance(requeridos, dict):
        raise ErrorDominio(f"{origen} debe tener las secciones [tipos] y [requeridos].")
    problemas = [
        f"[requeridos] {t}: no es un tipo de expediente"
        for t in requeridos
        if t not in set(TipoExpediente)
    ]
    for tipo_expediente, lista in requeridos.items():
        if not isinstance(lista, list):
            problemas.append(f"[requeridos] {tipo_expediente}: debe ser una lista")
            continue
        problemas += [
            f"[requeridos] {tipo_expediente}: «{d}» no está en [tipos]"
            for d in lista
            if d not in tipos
        ]
    if problemas:
        raise ErrorDominio(f"{origen} no es válido.", problemas)
    return Requisitos(
        {str(k): str(v) for k, v in tipos.items()},
        {str(k): tuple(v) for k, v in requeridos.items()},
    )


@lru_cache(maxsize=4)
def cargar_requisitos(ruta: Path | None = None) -> Requisitos:
    """La lista de la instalación (o la del proyecto); ErrorDominio con cada problema."""
    archivo = ruta or PREDETERMINADOS
    try:
        datos = tomllib.loads(archivo.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ErrorDominio(
            f"No se pudo leer la lista de documentos requeridos {archivo}: {exc}"
        ) from None
    return _validar(datos, f"La lista de documentos requeridos {archivo}")
