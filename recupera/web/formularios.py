"""Lo que varias áreas leen de un formulario o de la URL: días de un filtro, fechas de un
formulario y el escaneo subido."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from werkzeug.datastructures import FileStorage

from archivo import tipo_de_escaneo
from expedientes import (
    ErrorDominio,
)


def dia_de_filtro(valor: str | None) -> date | None:
    """Un día AAAA-MM-DD de un filtro de la URL, o None si falta o no es una fecha."""
    try:
        return date.fromisoformat(valor or "")
    except ValueError:
        return None


def escaneo_subido(archivo: FileStorage | None) -> tuple[bytes, list[str]]:
    """Los bytes del escaneo subido y, si no sirve (falta, o no es PDF ni imagen), por qué."""
    escaneo = archivo.read() if archivo is not None and archivo.filename else b""
    if not escaneo:
        return escaneo, ["Elija el archivo escaneado (PDF, PNG, JPEG o TIFF)."]
    try:
        tipo_de_escaneo(escaneo)
    except ErrorDominio as exc:
        return escaneo, [exc.mensaje]
    return escaneo, []


def fecha(form: Mapping[str, str], campo: str, nombre: str, problemas: list[str]) -> date | None:
    """La fecha AAAA-MM-DD del campo; si falta o no es válida, anota el problema."""
    valor = form.get(campo, "").strip()
    if not valor:
        problemas.append(f"Indique {nombre}.")
        return None
    try:
        return date.fromisoformat(valor)
    except ValueError:
        problemas.append(
            f"{nombre[0].upper()}{nombre[1:]} «{valor[:20]}» no es válida (AAAA-MM-DD)."
        )
        return None


def fecha_exigida(form: Mapping[str, str], campo: str, nombre: str, que: str) -> date:
    """La fecha del campo, o ErrorDominio («no se pudo `que`») si falta o no es válida."""
    problemas: list[str] = []
    dia = fecha(form, campo, nombre, problemas)
    if dia is None:
        raise ErrorDominio(f"No se pudo {que}.", problemas)
    return dia
