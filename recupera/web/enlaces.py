"""La página de cada cosa de la que se avisa, sin Flask: la usan la lista de avisos y los correos
que el servicio envía fuera de una petición (una prueba la compara con `url_for`)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from avisos import Aviso

_RUTAS = {
    "carta": "/correspondencia/{}",
    "salida": "/correspondencia/enviada/{}",
    "documento": "/documentos/{}",
    "expediente": "/expedientes/{}",
    "verificacion": "/archivo/verificacion",
}


def ruta_de_aviso(aviso: Aviso) -> str:
    """La ruta (sin servidor) de la página a la que lleva el aviso."""
    return _RUTAS.get(aviso.objeto, "/avisos/").format(quote(aviso.referencia, safe=""))


def enlace_absoluto(base: str) -> Callable[[Aviso], str]:
    """La dirección completa de un aviso para los correos (`base`: RECUPERA_URL_PUBLICA): la
    página del aviso, que pide iniciar sesión, lo marca leído y lleva a su objeto."""
    raiz = base.rstrip("/")
    return lambda aviso: f"{raiz}/avisos/{aviso.id}"
