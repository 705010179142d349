"""Cada petición: de quién viene de verdad, su código para citarla y su línea en el registro.

Detrás del proxy (nginx), la conexión llega del proxy: la dirección del cliente, el esquema
(https) y el nombre con que se pidió vienen en X-Forwarded-For, -Proto y -Host. Solo se creen
cuando la conexión viene de una dirección de RECUPERA_PROXIES (werkzeug `ProxyFix`, un salto);
de cualquier otra se ignoran, y sin RECUPERA_PROXIES no se cree a nadie. Lo mismo el código de
la petición (`X-Request-Id`, el `$request_id` de nginx): de otro origen se genera uno propio. El
código vuelve en la respuesta, sale en las páginas de error y en cada línea del registro.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import time
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

from expedientes import Settings
from recupera.registro import ID_PETICION, contexto_de_peticion

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger("recupera.peticiones")
CABECERA = "X-Request-Id"
_INICIO = "recupera.inicio_peticion"
# El `$request_id` de nginx son 32 hexadecimales; se admite algo más, pero nada que ensucie el
# registro o las cabeceras.
_CODIGO_VALIDO = re.compile(r"[A-Za-z0-9._-]{8,64}")
_REENVIADAS = (
    "HTTP_X_REQUEST_ID", "HTTP_FORWARDED", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_PREFIX",
)  # fmt: skip


def es_de_confianza(
    direccion: str | None, redes: Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network]
) -> bool:
    """¿Viene la conexión de una de las redes de los proxies de confianza?"""
    try:
        ip = ipaddress.ip_address((direccion or "").strip("[]"))
    except ValueError:
        return False
    mapeada = getattr(ip, "ipv4_mapped", None)
    return any(ip in red or (mapeada is not None and mapeada in red) for red in redes)


class Peticiones:
    """Middleware WSGI: cree al proxy de confianza (y a nadie más) y da a cada petición su código."""

    def __init__(self, app: WSGIApplication, settings: Settings) -> None:
        """Envuelve `app`; sin proxies configurados, las cabeceras X-Forwarded-* no se usan."""
        self._directa = app
        self._tras_el_proxy = ProxyFix(app, x_for=1, x_proto=1, x_host=1)
        self._redes = settings.redes_de_proxies

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Fija el código y la hora de inicio; pasa por ProxyFix solo si viene del proxy."""
        environ[_INICIO] = time.perf_counter()
        del_proxy = bool(self._redes) and es_de_confianza(environ.get("REMOTE_ADDR"), self._redes)
        # Lo que no trajo el proxy no se cree: alguien lo pondría para pasar por otro cliente o
        # confundir el registro. (waitress deja pasar estas cabeceras: `recupera serve` le pide no
        # tocarlas, para que decida solo esto, igual con cualquier servidor.)
        entrante = environ.pop("HTTP_X_REQUEST_ID", "") if del_proxy else ""
        if not del_proxy:
            for cabecera in _REENVIADAS:
                environ.pop(cabecera, None)
        codigo = entrante if _CODIGO_VALIDO.fullmatch(entrante) else uuid.uuid4().hex
        environ[ID_PETICION] = codigo

        def con_codigo(estado: str, cabeceras: list[tuple[str, str]], *resto: object) -> object:
            cabeceras = [c for c in cabeceras if c[0].lower() != CABECERA.lower()]
            return start_response(estado, [*cabeceras, (CABECERA, codigo)], *resto)  # type: ignore[arg-type]

        app = self._tras_el_proxy if del_proxy else self._directa
        return app(environ, con_codigo)  # type: ignore[arg-type]


def iniciar(app: Flask) -> None:
    """Envuelve la aplicación, deja el código a las plantillas y anota cada respuesta."""
    app.wsgi_app = Peticiones(app.wsgi_app, app.config["RECUPERA"])  # type: ignore[method-assign]

    @app.context_processor
    def _codigo() -> dict[str, str]:
        return {"id_peticion": str(request.environ.get(ID_PETICION, ""))}

    @app.after_request
    def _anotar(respuesta: Response) -> Response:
        anotar_peticion(respuesta.status_code)
        return respuesta


def anotar_peticion(estado: int) -> None:
    """La línea del registro de la petición en curso: qué se pidió, quién, cómo terminó, cuánto
    tardó, desde dónde y por qué esquema (http o https: lo que la aplicación cree)."""
    inicio = request.environ.get(_INICIO)
    duracion = round((time.perf_counter() - inicio) * 1000, 1) if inicio else None
    quien = contexto_de_peticion().get("usuario", "anónimo")
    campos = {
        "metodo": request.method,
        "ruta": request.path,
        "vista": request.endpoint,
        "estado": estado,
        "duracion_ms": duracion,
        "cliente": request.remote_addr,
        "esquema": request.scheme,
    }
    nivel = logging.ERROR if estado >= 500 else logging.INFO
    log.log(
        nivel,
        "%s %s → %s en %s ms (%s desde %s)",
        request.method, request.path, estado, duracion, quien, request.remote_addr,
        extra=campos,
    )  # fmt: skip
