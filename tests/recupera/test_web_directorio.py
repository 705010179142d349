"""El acceso con las cuentas del directorio por la página de inicio de sesión, de punta a punta:
la aplicación real, un OpenLDAP real con StartTLS y la CA propia, y el cliente de pruebas de Flask."""

from __future__ import annotations

import pytest
from flask import Flask
from markupsafe import escape
from sqlalchemy import Engine

from expedientes import Rol
from expedientes.ingreso import SIN_GRUPO
from recupera.web.inicio.sesion import SIN_CONTRASENA_LOCAL
from tests.conftest import un_solo_motor
from tests.dovecot import puerto_libre
from tests.recupera.conftest import (
    CONTRASENA,
    PERSONAS,
    CrearUsuarios,
    HacerApp,
    csrf,
    entrar,
    texto,
)
from tests.slapd import CONTRASENA as CONTRASENA_DIRECTORIO
from tests.slapd import Slapd

pytestmark = [pytest.mark.slapd, un_solo_motor]
NOMBRE = 'José Ñúñez & <Cía> "El Chele"'


def _app(hacer_app: HacerApp, slapd: Slapd, **cambios: object) -> Flask:
    """La aplicación con el acceso por directorio (StartTLS, CA propia)."""
    return hacer_app(**slapd.ajustes("starttls", **cambios))


def test_una_persona_del_directorio_entra_por_la_pagina_y_ve_su_nombre(
    hacer_app: HacerApp, slapd: Slapd
) -> None:
    """GIVEN una gestora del directorio que nunca entró WHEN escribe su usuario y la contraseña
    del directorio en /acceso THEN entra a su inicio, que muestra su nombre escapado, y en «Mi
    cuenta» se le dice que su contraseña se cambia en el directorio (sin formulario)."""
    uid = slapd.nueva_persona(grupos=["recupera-gestores"])
    cliente = _app(hacer_app, slapd).test_client()
    respuesta = entrar(cliente, uid, CONTRASENA_DIRECTORIO)
    assert respuesta.status_code == 302, texto(respuesta)
    inicio = cliente.get("/")
    assert inicio.status_code == 200
    assert str(escape(NOMBRE)) in texto(inicio)
    cuenta = texto(cliente.get("/cuenta"))
    assert "su contraseña se cambia allí, no en Recupera" in cuenta
    assert 'name="actual"' not in cuenta


def test_una_persona_del_directorio_no_puede_fijarse_una_contrasena_local(
    hacer_app: HacerApp, slapd: Slapd
) -> None:
    """Aunque envíe el formulario a mano, no se le fija una contraseña local: sigue entrando
    solo con la del directorio."""
    uid = slapd.nueva_persona(grupos=["recupera-gestores"])
    app = _app(hacer_app, slapd)
    cliente = app.test_client()
    assert entrar(cliente, uid, CONTRASENA_DIRECTORIO).status_code == 302
    nueva = "Clave-Local-Nueva-2026"
    respuesta = cliente.post(
        "/cuenta",
        data={
            "actual": CONTRASENA_DIRECTORIO,
            "nueva": nueva,
            "confirmacion": nueva,
            "csrf_token": csrf(cliente, "/cuenta"),
        },
        follow_redirects=True,
    )
    assert str(escape(SIN_CONTRASENA_LOCAL)) in texto(respuesta)
    otro = app.test_client()
    assert entrar(otro, uid, nueva).status_code == 401
    assert entrar(otro, uid, CONTRASENA_DIRECTORIO).status_code == 302


def test_quien_no_esta_en_ningun_grupo_ve_por_que_no_entra(
    hacer_app: HacerApp, slapd: Slapd
) -> None:
    """Contraseña correcta sin grupo: 401 con el mensaje que dice a quién pedir acceso."""
    uid = slapd.nueva_persona()
    cliente = _app(hacer_app, slapd).test_client()
    respuesta = entrar(cliente, uid, CONTRASENA_DIRECTORIO)
    assert respuesta.status_code == 401
    assert str(escape(SIN_GRUPO)) in texto(respuesta)
    assert cliente.get("/").status_code == 302


def test_con_el_directorio_caido_se_dice_claramente_y_el_admin_local_sigue_entrando(
    hacer_app: HacerApp, crear_usuarios: CrearUsuarios, slapd: Slapd
) -> None:
    """GIVEN el directorio sin contestar (puerto cerrado) WHEN entra una persona del directorio
    THEN 503 con «No se pudo consultar el directorio institucional…» y sin sesión; el
    administrador local de emergencia entra igual con su contraseña local."""
    crear_usuarios(Rol.ADMIN)
    uid = slapd.nueva_persona(grupos=["recupera-jefes"])
    app = _app(hacer_app, slapd, ldap_port=puerto_libre())
    cliente = app.test_client()
    respuesta = entrar(cliente, uid, CONTRASENA_DIRECTORIO)
    assert respuesta.status_code == 503
    assert "No se pudo consultar el directorio institucional" in texto(respuesta)
    assert "avise a Informática" in texto(respuesta)
    assert cliente.get("/").status_code == 302
    admin = app.test_client()
    assert entrar(admin, PERSONAS[Rol.ADMIN][0], CONTRASENA).status_code == 302
    assert admin.get("/").status_code == 200


def test_quien_sale_del_grupo_pierde_el_acceso_en_su_siguiente_ingreso(
    hacer_app: HacerApp, slapd: Slapd, engine: Engine
) -> None:
    """Entró ayer; hoy ya no está en el grupo: la página lo rechaza con el mensaje del grupo."""
    uid = slapd.nueva_persona(grupos=["recupera-jefes"])
    app = _app(hacer_app, slapd)
    assert entrar(app.test_client(), uid, CONTRASENA_DIRECTORIO).status_code == 302
    slapd.quitar_de_grupo(uid, "recupera-jefes")
    respuesta = entrar(app.test_client(), uid, CONTRASENA_DIRECTORIO)
    assert respuesta.status_code == 401
    assert str(escape(SIN_GRUPO)) in texto(respuesta)
