"""El registro del servicio: una línea por evento en la salida estándar (journald la recoge), en
JSON (`momento`, `nivel`, `registro`, `mensaje` y, dentro de una petición, `id_peticion` y
`usuario`, más los campos que el evento traiga) o en texto para el desarrollo.

Lo configuran `recupera serve` y `recupera worker` al arrancar, con RECUPERA_LOG_FORMATO.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, Literal

from flask import g, has_request_context, request

# La clave del entorno WSGI donde `recupera.web.peticiones` deja el código de la petición.
ID_PETICION = "recupera.id_peticion"
# Los campos que una línea de petición lleva además del mensaje (`extra=` de logging).
CAMPOS = ("metodo", "ruta", "vista", "estado", "duracion_ms", "cliente", "esquema")
_TEXTO = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def contexto_de_peticion() -> dict[str, str]:
    """El código de la petición en curso y quién la hace (si ya se sabe), o nada fuera de una."""
    if not has_request_context():
        return {}
    datos = {}
    if codigo := request.environ.get(ID_PETICION):
        datos["id_peticion"] = str(codigo)
    # Flask-Login deja aquí al usuario ya cargado; leerlo con `current_user` lo cargaría (una
    # consulta) en peticiones que no lo necesitaban, como los archivos estáticos.
    usuario = g.get("_login_user")
    if usuario is not None and getattr(usuario, "is_authenticated", False):
        datos["usuario"] = usuario.modelo.nombre_usuario
    return datos


class FormatoJson(logging.Formatter):
    """Cada evento como un objeto JSON en una sola línea."""

    def format(self, record: logging.LogRecord) -> str:
        """El evento, con su petición y sus campos, y la traza de la excepción si la hay."""
        objeto: dict[str, Any] = {
            "momento": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "nivel": record.levelname,
            "registro": record.name,
            "mensaje": record.getMessage(),
        }
        objeto.update(contexto_de_peticion())
        for campo in CAMPOS:
            if hasattr(record, campo):
                objeto[campo] = getattr(record, campo)
        if record.exc_info:
            objeto["excepcion"] = self.formatException(record.exc_info)
        return json.dumps(objeto, ensure_ascii=False, default=str)


def configurar_registro(formato: Literal["json", "texto"], nivel: int = logging.INFO) -> None:
    """Todo el registro del proceso a la salida estándar, en ese formato (reemplaza lo que hubiera:
    lo llama el comando antes de crear la aplicación)."""
    manejador = logging.StreamHandler(sys.stdout)
    manejador.setFormatter(FormatoJson() if formato == "json" else logging.Formatter(_TEXTO))
    raiz = logging.getLogger()
    for anterior in list(raiz.handlers):
        raiz.removeHandler(anterior)
    raiz.addHandler(manejador)
    raiz.setLevel(nivel)
    # Alembic anuncia en INFO cada complemento que carga: ruido en el registro del servicio.
    logging.getLogger("alembic").setLevel(max(nivel, logging.WARNING))
