"""El calendario en la web (administrador): los días inhábiles del año con su clase, el alta de un
cierre con su motivo (escapado), el rechazo dicho en español y la baja con motivo."""

from __future__ import annotations

from datetime import date
from html import unescape

from flask import Flask
from sqlalchemy import Engine

from expedientes import Rol, es_habil, listar_cierres
from tests.recupera.conftest import CrearUsuarios, cliente_de, csrf, escribir, texto

MOTIVO = 'Decreto N.º 45 & «duelo» <b>nacional</b> "{{ 7*7 }}"'


def test_el_administrador_ve_el_anio_y_registra_y_quita_un_cierre(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """GIVEN el calendario de 2026 WHEN el administrador cierra el miércoles 18 de noviembre THEN
    aparece como cierre (motivo escapado), deja de ser hábil, y al quitarlo vuelve a serlo."""
    crear_usuarios(Rol.ADMIN)
    admin = cliente_de(app, Rol.ADMIN)
    html = texto(admin.get("/calendario/?anio=2026"))
    assert "Calendario laboral 2026" in html
    assert (
        "3 de agosto de 2026</td>\n      <td>Fiesta de San Salvador</td>\n      <td>Feriado local"
        in html
    )
    assert "6 de agosto de 2026" in html and "Feriado nacional" in html
    token = csrf(admin, "/calendario/?anio=2026")
    malo = admin.post("/calendario/cierres", data={"fecha": "2026-11-21", "motivo": "", "csrf_token": token},
                      follow_redirects=True)  # fmt: skip
    assert "cae en fin de semana" in unescape(texto(malo)) and "Indique el motivo" in unescape(
        texto(malo)
    )
    respuesta = admin.post("/calendario/cierres", data={"fecha": "2026-11-18", "motivo": MOTIVO, "csrf_token": token})  # fmt: skip
    assert respuesta.status_code == 302 and respuesta.headers["Location"].endswith("anio=2026")
    html = texto(admin.get("/calendario/?anio=2026"))
    assert "<b>nacional</b>" not in html and "&lt;b&gt;nacional&lt;/b&gt;" in html
    assert "49" not in html.split("18 de noviembre de 2026")[1][:300]
    assert "Cierre institucional" in html
    assert not es_habil(date(2026, 11, 18))
    with escribir(engine) as s:
        assert [c.motivo for c in listar_cierres(session=s, anio=2026)] == [MOTIVO]
    admin.post("/calendario/cierres/quitar", data={"fecha": "2026-11-18", "motivo": "Registrado por error", "csrf_token": token})  # fmt: skip
    assert es_habil(date(2026, 11, 18))
    with escribir(engine) as s:
        assert listar_cierres(session=s, anio=2026) == []
