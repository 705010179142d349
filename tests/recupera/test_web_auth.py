"""Acceso: inicio y cierre de sesión, CSRF, cookie, `next`, bloqueo, cambio de contraseña, cabeceras."""

from __future__ import annotations

import re
import secrets
from urllib.parse import parse_qs, urlsplit

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event
from werkzeug.test import TestResponse

from expedientes import Rol, Usuario, actualizar_usuario
from recupera.composicion import base_de_datos
from tests.conftest import un_solo_motor
from tests.recupera.conftest import (
    CONTRASENA,
    NUMERO_PEREZ,
    PERSONAS,
    CrearUsuarios,
    HacerApp,
    abrir,
    cliente_de,
    csrf,
    entrar,
    escribir,
    registrar,
    texto,
)

GENERICO = "Usuario o contraseña incorrectos."
GESTOR = PERSONAS[Rol.GESTOR][0]


def _cookie_de_sesion(respuesta: TestResponse) -> str:
    """El Set-Cookie de la cookie de sesión de la respuesta."""
    cookies = [
        c for c in respuesta.headers.getlist("Set-Cookie") if c.startswith("recupera_sesion=")
    ]
    assert len(cookies) == 1, respuesta.headers.getlist("Set-Cookie")
    return cookies[0]


def _atributos(set_cookie: str) -> set[str]:
    """Los atributos de un Set-Cookie, en minúsculas (`httponly`, `samesite=lax`, ...)."""
    return {parte.strip().lower() for parte in set_cookie.split(";")[1:]}


def _sigue_dentro(cliente: FlaskClient) -> bool:
    """¿La sesión del cliente sigue iniciada? (la página de inicio responde sin redirigir)."""
    return cliente.get("/").status_code == 200


@un_solo_motor
def test_la_pagina_de_acceso_se_sirve_sin_sesion_con_campo_csrf(client: FlaskClient) -> None:
    """GET /acceso responde 200 en español con el formulario y su token CSRF oculto."""
    respuesta = client.get("/acceso")
    html = texto(respuesta)
    assert respuesta.status_code == 200
    assert "<h1>Iniciar sesión</h1>" in html
    assert re.search(r'<input type="hidden" name="csrf_token" value="[^"]{20,}">', html)
    assert 'name="usuario"' in html and 'name="contrasena"' in html


@un_solo_motor
def test_sin_sesion_toda_pagina_redirige_al_acceso_con_next(
    client: FlaskClient, engine: Engine
) -> None:
    """Cada página protegida, sin sesión, redirige a /acceso?next=<la página pedida>."""
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ)
    paginas = [
        "/",
        "/bitacora",
        "/cuenta",
        "/patronos/",
        "/patronos/?q=perez",
        f"/patronos/{NUMERO_PEREZ}",
        "/expedientes/",
        "/expedientes/nuevo",
        f"/expedientes/{expediente.numero}",
        "/importar/",
        "/usuarios/",
        "/usuarios/sistemas",
    ]
    for pagina in paginas:
        respuesta = client.get(pagina)
        assert respuesta.status_code == 302, pagina
        destino = urlsplit(respuesta.headers["Location"])
        assert destino.path == "/acceso", pagina
        assert parse_qs(destino.query)["next"] == [pagina], pagina


def test_contrasena_incorrecta_y_usuario_inexistente_dan_el_mismo_mensaje_y_401(
    app: Flask, crear_usuarios: CrearUsuarios
) -> None:
    """Ni el mensaje ni el código revelan si el usuario existe."""
    crear_usuarios(Rol.GESTOR)
    mala = entrar(app.test_client(), GESTOR, "Otra-contraseña-2026")
    inexistente = entrar(app.test_client(), "no.existe", CONTRASENA)
    for respuesta in (mala, inexistente):
        assert respuesta.status_code == 401
        assert GENERICO in texto(respuesta)
        assert "no existe" not in texto(respuesta)
    assert _quitar_token(texto(mala)).replace(GESTOR, "X") == _quitar_token(
        texto(inexistente)
    ).replace("no.existe", "X")


def _quitar_token(html: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def test_acceso_correcto_redirige_al_inicio_con_cookie_httponly_y_samesite_lax(
    client: FlaskClient, crear_usuarios: CrearUsuarios
) -> None:
    """La cookie `recupera_sesion` no es legible desde JavaScript ni viaja en POST de otro sitio."""
    crear_usuarios(Rol.GESTOR)
    respuesta = entrar(client, GESTOR)
    assert respuesta.status_code == 302
    assert respuesta.headers["Location"] == "/"
    atributos = _atributos(_cookie_de_sesion(respuesta))
    assert "httponly" in atributos
    assert "samesite=lax" in atributos
    assert "secure" not in atributos  # en desarrollo se sirve por http://localhost
    assert "<h1>Mis expedientes</h1>" in texto(client.get("/"))


@un_solo_motor
def test_en_produccion_la_cookie_de_sesion_es_secure(hacer_app: HacerApp) -> None:
    """Con RECUPERA_ENV=production la cookie solo viaja por HTTPS."""
    app = hacer_app(env="production", secret_key=secrets.token_hex(32))
    respuesta = app.test_client().get("/acceso")  # el token CSRF ya abre la sesión
    atributos = _atributos(_cookie_de_sesion(respuesta))
    assert {"secure", "httponly", "samesite=lax"} <= atributos


def test_salir_exige_post_con_token_csrf(app: Flask, crear_usuarios: CrearUsuarios) -> None:
    """GET /salir es 405; POST sin token es 400 y no cierra; con token cierra la sesión."""
    crear_usuarios(Rol.GESTOR)
    cliente = cliente_de(app, Rol.GESTOR)
    assert cliente.get("/salir").status_code == 405
    sin_token = cliente.post("/salir")
    assert sin_token.status_code == 400
    assert "Formulario vencido" in texto(sin_token)
    assert _sigue_dentro(cliente)
    respuesta = cliente.post("/salir", data={"csrf_token": csrf(cliente, "/")})
    assert respuesta.status_code == 302
    assert respuesta.headers["Location"] == "/acceso"
    assert not _sigue_dentro(cliente)


def test_post_al_acceso_sin_token_csrf_es_rechazado(
    client: FlaskClient, crear_usuarios: CrearUsuarios
) -> None:
    """Sin token CSRF el formulario de acceso responde 400 aunque la contraseña sea correcta."""
    crear_usuarios(Rol.GESTOR)
    client.get("/acceso")
    respuesta = client.post("/acceso", data={"usuario": GESTOR, "contrasena": CONTRASENA})
    assert respuesta.status_code == 400
    assert "El formulario venció o no es válido" in texto(respuesta)
    assert not _sigue_dentro(client)


def test_next_solo_acepta_rutas_locales(app: Flask, crear_usuarios: CrearUsuarios) -> None:
    """Un `next` a otro sitio lleva al inicio (no hay redirección abierta); uno local se respeta."""
    crear_usuarios(Rol.GESTOR)
    casos = {
        "https://evil.example/x": "/",
        "//evil.example": "/",
        "/\\evil.example": "/",
        "/patronos/": "/patronos/",
    }
    for siguiente, esperado in casos.items():
        respuesta = entrar(app.test_client(), GESTOR, siguiente=siguiente)
        assert respuesta.status_code == 302, siguiente
        assert respuesta.headers["Location"] == esperado, siguiente


def test_tras_los_intentos_fallidos_la_cuenta_se_bloquea_aun_con_la_contrasena_correcta(
    hacer_app: HacerApp, crear_usuarios: CrearUsuarios
) -> None:
    """Con intentos_login=3, el tercer fallo bloquea y la contraseña correcta recibe el genérico."""
    app = hacer_app(intentos_login=3)
    crear_usuarios(Rol.GESTOR)
    for _ in range(3):
        assert entrar(app.test_client(), GESTOR, "Adivinando-2026").status_code == 401
    cliente = app.test_client()
    respuesta = entrar(cliente, GESTOR, CONTRASENA)
    assert respuesta.status_code == 401
    assert GENERICO in texto(respuesta)
    assert not _sigue_dentro(cliente)


def test_cambiar_la_contrasena_cierra_las_otras_sesiones_y_conserva_la_actual(
    app: Flask, crear_usuarios: CrearUsuarios
) -> None:
    """Dos sesiones del mismo usuario; tras cambiar la contraseña en una, la otra vuelve al acceso."""
    crear_usuarios(Rol.GESTOR)
    esta, otra = cliente_de(app, Rol.GESTOR), cliente_de(app, Rol.GESTOR)
    respuesta = esta.post(
        "/cuenta",
        data={
            "actual": CONTRASENA,
            "nueva": "Nueva-clave-Izalco-2026",
            "confirmacion": "Nueva-clave-Izalco-2026",
            "csrf_token": csrf(esta, "/cuenta"),
        },
    )
    assert respuesta.status_code == 302
    assert respuesta.headers["Location"] == "/"
    inicio = esta.get("/")
    assert inicio.status_code == 200
    assert "Contraseña cambiada. Las demás sesiones se cerraron." in texto(inicio)
    expulsada = otra.get("/")
    assert expulsada.status_code == 302
    assert urlsplit(expulsada.headers["Location"]).path == "/acceso"


def test_un_usuario_inactivo_no_puede_entrar(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """La contraseña correcta de una cuenta desactivada recibe el mensaje genérico."""
    gestor = crear_usuarios(Rol.GESTOR)[Rol.GESTOR]
    with escribir(engine) as s:
        actualizar_usuario(
            session=s,
            usuario=s.get(Usuario, gestor.id),
            rol=Rol.GESTOR,
            activo=False,
            nombre_completo=gestor.nombre_completo,
            sucursal=gestor.sucursal,
        )
    cliente = app.test_client()
    respuesta = entrar(cliente, GESTOR)
    assert respuesta.status_code == 401
    assert GENERICO in texto(respuesta)
    assert not _sigue_dentro(cliente)


@un_solo_motor
def test_las_respuestas_llevan_cabeceras_de_seguridad(client: FlaskClient) -> None:
    """CSP sin orígenes externos, sin marcos y sin adivinar tipos, también en páginas de error."""
    for respuesta in (client.get("/acceso"), client.get("/no-existe")):
        csp = respuesta.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert respuesta.headers["X-Frame-Options"] == "DENY"
        assert respuesta.headers["X-Content-Type-Options"] == "nosniff"


def test_ninguna_pagina_enlaza_a_otro_sitio(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Ni CDN ni recursos externos: todo src, href y action apunta a la propia aplicación."""
    usuarios = crear_usuarios(Rol.JEFE, Rol.ADMIN)
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.JEFE])
    paginas = {
        None: ["/acceso"],
        Rol.JEFE: [
            "/",
            "/cuenta",
            "/bitacora",
            "/patronos/",
            f"/patronos/{NUMERO_PEREZ}",
            "/expedientes/",
            "/expedientes/nuevo",
            f"/expedientes/{expediente.numero}",
            "/importar/",
            "/no-existe",
        ],
        Rol.ADMIN: ["/", "/usuarios/", "/usuarios/sistemas"],
    }
    externos = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//)""", re.I)
    revisadas = 0
    for rol, urls in paginas.items():
        cliente = app.test_client() if rol is None else cliente_de(app, rol)
        for url in urls:
            html = texto(cliente.get(url))
            assert "<html" in html, url
            assert not externos.findall(html), (url, externos.findall(html))
            revisadas += 1
    assert revisadas == 14
    with app.test_client().get("/static/recupera.css") as hoja:  # cierra el archivo servido
        css = texto(hoja)
    assert "@import" not in css and "http" not in css and "//cdn" not in css


def test_una_peticion_con_sesion_carga_al_usuario_una_sola_vez(
    app: Flask, url_bd: str, crear_usuarios: CrearUsuarios
) -> None:
    """Cargar al usuario en sesión cuesta una consulta a `usuario`, no una por nivel de recursión."""
    crear_usuarios(Rol.GESTOR)
    cliente = cliente_de(app, Rol.GESTOR)
    consultas: list[str] = []

    def anotar(_conn: object, _cursor: object, sql: str, *_args: object) -> None:
        if re.search(r"\bFROM usuario\b", sql):
            consultas.append(sql)

    engine = base_de_datos(url_bd).engine  # el engine que usa la aplicación para esta URL
    event.listen(engine, "before_cursor_execute", anotar)
    try:
        assert cliente.get("/cuenta").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", anotar)
    assert len(consultas) == 1
