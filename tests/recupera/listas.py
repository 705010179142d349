"""Ayudantes de las pruebas de listas: leer las filas de una página en su orden, recorrer todas las
páginas, y guardar un filtro de «Mis filtros» para abrirlo después desde su enlace."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask.testing import FlaskClient
from markupsafe import escape

from tests.recupera.conftest import csrf, texto

# Un nombre de filtro hostil: acentos, `&`, `<`, comillas y llaves de plantilla.
NOMBRE_HOSTIL = 'Míos & «urgentes» <1> "{{ x }}"'


def filas(cliente: FlaskClient, url: str, patron: re.Pattern[str]) -> tuple[list[str], str]:
    """Las filas de la página (lo que captura `patron`, en orden) y su HTML sin escapes."""
    respuesta = cliente.get(url)
    assert respuesta.status_code == 200, (url, respuesta.status_code)
    html = texto(respuesta)
    return patron.findall(html), unescape(html)


def ordenadas(
    datos: Sequence[dict[str, Any]],
    clave: Callable[[dict[str, Any]], Any],
    *,
    desc: bool,
    desempate_fijo: bool = False,
) -> list[str]:
    """Los identificadores (`id`) de los datos en el orden que la lista debe dar: por la clave y,
    como desempate, por el orden en que se crearon (`i`), en el mismo sentido; o, con
    `desempate_fijo`, por el propio `id` siempre ascendente (sort estable)."""
    if desempate_fijo:
        por_id = sorted(datos, key=lambda d: d["id"])
        return [d["id"] for d in sorted(por_id, key=clave, reverse=desc)]
    return [d["id"] for d in sorted(datos, key=lambda d: (clave(d), d["i"]), reverse=desc)]


def comprobar_ordenes(
    cliente: FlaskClient,
    ruta: str,
    patron: re.Pattern[str],
    datos: Sequence[dict[str, Any]],
    claves: dict[str, Callable[[dict[str, Any]], Any]],
    *,
    desempate_fijo: bool = False,
) -> None:
    """Cada columna en cada sentido: la primera página trae las primeras 50 de ese orden, y el
    encabezado lo dice (`aria-sort`) y ofrece el sentido contrario."""
    for nombre, clave in claves.items():
        for desc in (False, True):
            orden = f"-{nombre}" if desc else nombre
            vistas, html = filas(cliente, f"{ruta}?orden={orden}", patron)
            esperadas = ordenadas(datos, clave, desc=desc, desempate_fijo=desempate_fijo)
            assert vistas == esperadas[:50], orden
            sentido = "descending" if desc else "ascending"
            assert f'aria-sort="{sentido}"><a class="ordenar" href="{ruta}?orden=' in html, orden
            contrario = nombre if desc else f"-{nombre}"
            assert f'href="{ruta}?orden={contrario}"' in html, orden


def abrir_filtro_guardado(cliente: FlaskClient, lista: str, consulta: str) -> str:
    """Guarda `consulta` (con su página, que no se guarda) como NOMBRE_HOSTIL en «Mis filtros» de
    `lista`, y abre la lista desde el enlace que aparece: su HTML."""
    respuesta = cliente.post("/filtros/", data={
        "csrf_token": csrf(cliente, lista), "lista": lista, "nombre": NOMBRE_HOSTIL,
        "consulta": f"{consulta}&pagina=2",
    })  # fmt: skip
    assert respuesta.status_code == 302, texto(respuesta)
    html = texto(cliente.get(lista))
    assert str(escape(NOMBRE_HOSTIL)) in html, "el nombre sale escapado"
    enlace = re.search(rf'<a href="({re.escape(lista)}\?[^"]+)">{re.escape(escape(NOMBRE_HOSTIL))}</a>', html)  # fmt: skip
    assert enlace, f"no hay enlace al filtro en {lista}"
    esperada = urlencode(parse_qsl(consulta))
    assert unescape(enlace.group(1)) == f"{lista}?{esperada}", "la página no se guarda"
    abierta = cliente.get(unescape(enlace.group(1)))
    assert abierta.status_code == 200
    return texto(abierta)
