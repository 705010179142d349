"""La página de cada cosa de la que se avisa o que produjo una tarea, sin Flask: la usan la lista de
avisos, las tareas y los correos que el servicio envía fuera de una petición (una prueba la
compara con `url_for`)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from avisos import Aviso

_RUTAS = {
    "carta": "/correspondencia/{}",
    "salida": "/correspondencia/enviada/{}",
    "documento": "/documentos/{}",
    "expediente": "/expedientes/{}",
    "archivo": "/archivo/{}",
    "verificacion": "/archivo/verificacion",
}


def ruta_de(objeto: str, referencia: str, otra: str = "/") -> str:
    """La ruta (sin servidor) de la página de una cosa (`carta`, `CE-2026-000123`; con `#ancla`,
    a ese lugar de la página); `otra` si no tiene página."""
    clave, _, ancla = referencia.partition("#")
    ruta = _RUTAS.get(objeto, otra).format(quote(clave, safe=""))
    return f"{ruta}#{quote(ancla, safe='')}" if ancla else ruta


def ruta_de_aviso(aviso: Aviso) -> str:
    """La ruta (sin servidor) de la página a la que lleva el aviso."""
    return ruta_de(aviso.objeto, aviso.referencia, "/avisos/")


def enlace_absoluto(base: str) -> Callable[[Aviso], str]:
    """La dirección completa de un aviso para los correos (`base`: RECUPERA_URL_PUBLICA): la
    página del aviso, que pide iniciar sesión, lo marca leído y lleva a su objeto."""
    raiz = base.rstrip("/")
    return lambda aviso: f"{raiz}/avisos/{aviso.id}"
