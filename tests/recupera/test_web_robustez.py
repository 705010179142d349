"""Entradas hostiles y límites de la sesión: nada termina en error 500 ni pasa la política."""

from __future__ import annotations

import time
from html import unescape

from flask import Flask
from sqlalchemy import Engine
from sqlmodel import select

from expedientes import Expediente, Rol
from tests.bd import nueva_sesion
from tests.recupera.conftest import (
    NUMERO_PEREZ,
    PERSONAS,
    CrearUsuarios,
    HacerApp,
    cliente_de,
    csrf,
    entrar,
    registrar,
    texto,
)


def _expedientes(engine: Engine) -> list[Expediente]:
    with nueva_sesion(engine) as s:
        return list(s.exec(select(Expediente)).all())


def test_un_nul_en_la_url_o_el_formulario_es_400_y_no_500(
    app: Flask, crear_usuarios: CrearUsuarios
) -> None:
    """PostgreSQL rechaza NUL: la aplicación lo detiene antes, con su página de error en español."""
    crear_usuarios(Rol.JEFE)
    anonimo = app.test_client()
    token = csrf(anonimo)
    respuesta = anonimo.post(
        "/acceso", data={"usuario": "je\x00fe", "contrasena": "x", "csrf_token": token}
    )
    assert respuesta.status_code == 400
    assert "Solicitud no válida" in texto(respuesta)
    jefe = cliente_de(app, Rol.JEFE)
    for url in ("/patronos/?q=a%00b", "/expedientes/EXP-2026-00001%00", "/expedientes/?q=%00"):
        assert jefe.get(url).status_code == 400, url


def test_un_gestor_con_digitos_raros_o_enormes_no_rompe_el_listado(
    app: Flask, crear_usuarios: CrearUsuarios
) -> None:
    """`²` y un número de 23 cifras se ignoran como filtro en vez de causar un error 500."""
    crear_usuarios(Rol.JEFE)
    jefe = cliente_de(app, Rol.JEFE)
    for valor in ("²", "99999999999999999999999", "١٢"):
        respuesta = jefe.get("/expedientes/", query_string={"gestor": valor})
        assert respuesta.status_code == 200, valor


def test_el_gestor_que_abre_un_expediente_solo_puede_asignarselo_a_si_mismo(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Sin permiso de asignar, el gestor no deja expedientes a cargo de otra persona."""
    usuarios = crear_usuarios(Rol.GESTOR, Rol.JEFE)
    registrar(engine)
    gestor = cliente_de(app, Rol.GESTOR)
    token = csrf(gestor, "/expedientes/nuevo")
    formulario = {"numero_patronal": NUMERO_PEREZ, "tipo": "cobro", "csrf_token": token}
    respuesta = gestor.post(
        "/expedientes/nuevo",
        data={**formulario, "gestor": str(usuarios[Rol.JEFE].id)},
        follow_redirects=True,
    )
    assert "Solo puede dejar a su cargo los expedientes que abre." in unescape(texto(respuesta))
    assert _expedientes(engine) == []
    gestor.post("/expedientes/nuevo", data={**formulario, "gestor": str(usuarios[Rol.GESTOR].id)})
    (expediente,) = _expedientes(engine)
    assert expediente.gestor_id == usuarios[Rol.GESTOR].id


def test_el_formulario_de_apertura_del_gestor_solo_lo_ofrece_a_el(
    app: Flask, crear_usuarios: CrearUsuarios
) -> None:
    """La lista de responsables que ve el gestor tiene solo su nombre (la secretaria ve a todos)."""
    usuarios = crear_usuarios(Rol.GESTOR, Rol.JEFE, Rol.SECRETARIA)
    html_gestor = texto(cliente_de(app, Rol.GESTOR).get("/expedientes/nuevo"))
    html_secretaria = texto(cliente_de(app, Rol.SECRETARIA).get("/expedientes/nuevo"))
    jefe = usuarios[Rol.JEFE].nombre_completo
    assert usuarios[Rol.GESTOR].nombre_completo in html_gestor
    assert jefe not in html_gestor
    assert jefe in html_secretaria


def test_un_asunto_demasiado_largo_se_rechaza_y_no_se_recorta(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Un asunto de 301 caracteres no se guarda cortado: se explica el límite."""
    crear_usuarios(Rol.SECRETARIA)
    registrar(engine)
    secretaria = cliente_de(app, Rol.SECRETARIA)
    token = csrf(secretaria, "/expedientes/nuevo")
    respuesta = secretaria.post(
        "/expedientes/nuevo",
        data={
            "numero_patronal": NUMERO_PEREZ,
            "tipo": "cobro",
            "asunto": "Ñ" * 301,
            "csrf_token": token,
        },
        follow_redirects=True,
    )
    assert "El asunto excede 300 caracteres (tiene 301)" in unescape(texto(respuesta))
    assert _expedientes(engine) == []


def test_una_cookie_copiada_antes_de_salir_ya_no_sirve(
    app: Flask, crear_usuarios: CrearUsuarios
) -> None:
    """Salir invalida la sesión en el servidor, no solo en el navegador que sale."""
    crear_usuarios(Rol.JEFE)
    jefe = cliente_de(app, Rol.JEFE)
    cookie = jefe.get_cookie("recupera_sesion")
    assert cookie is not None
    copia = app.test_client()
    copia.set_cookie("recupera_sesion", cookie.value)
    assert copia.get("/").status_code == 200
    jefe.post("/salir", data={"csrf_token": csrf(jefe, "/cuenta")})
    assert copia.get("/").status_code == 302


def test_la_sesion_vence_a_las_horas_configuradas_aunque_se_use(
    hacer_app: HacerApp, crear_usuarios: CrearUsuarios
) -> None:
    """El límite es absoluto: una sesión iniciada hace más de `sesion_horas` pide entrar de nuevo."""
    app = hacer_app(sesion_horas=1)
    crear_usuarios(Rol.JEFE)
    jefe = cliente_de(app, Rol.JEFE)
    assert jefe.get("/").status_code == 200
    with jefe.session_transaction() as sesion:
        sesion["inicio_sesion"] = time.time() - 3601
    respuesta = jefe.get("/")
    assert respuesta.status_code == 302
    assert respuesta.headers["Location"].startswith("/acceso")


def test_entrar_con_un_nombre_imposible_da_el_mensaje_generico(
    app: Flask, crear_usuarios: CrearUsuarios
) -> None:
    """Un nombre que no puede existir (espacios, símbolos, 200 caracteres) da el mensaje genérico."""
    crear_usuarios(Rol.JEFE)
    for nombre in ("jefe; DROP TABLE usuario", "ñ" * 200, "<script>"):
        respuesta = entrar(app.test_client(), nombre, "cualquier-cosa")
        assert respuesta.status_code == 401
        assert "Usuario o contraseña incorrectos." in texto(respuesta)
    assert entrar(app.test_client(), PERSONAS[Rol.JEFE][0]).status_code == 302


def test_adivinar_la_contrasena_actual_en_mi_cuenta_cuenta_para_el_bloqueo(
    hacer_app: HacerApp, crear_usuarios: CrearUsuarios
) -> None:
    """Con una sesión robada no se puede probar contraseñas sin límite en «Mi cuenta»."""
    app = hacer_app(intentos_login=2)
    crear_usuarios(Rol.JEFE)
    jefe = cliente_de(app, Rol.JEFE)
    for intento in ("adivina-1", "adivina-2"):
        respuesta = jefe.post(
            "/cuenta",
            data={
                "actual": intento,
                "nueva": "Nueva-clave-2027",
                "confirmacion": "Nueva-clave-2027",
                "csrf_token": csrf(jefe, "/cuenta"),
            },
            follow_redirects=True,
        )
        assert "La contraseña actual no es correcta." in unescape(texto(respuesta))
    bloqueado = entrar(app.test_client(), PERSONAS[Rol.JEFE][0])
    assert bloqueado.status_code == 401
