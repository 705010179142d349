"""Buzones en la web: la contraseña nunca sale, se guarda cifrada; el del entorno solo se consulta;
la lista muestra la salud del sondeo."""

from __future__ import annotations

from html import unescape

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, text
from sqlmodel import select

from correspondencia import NOMBRE_DEL_ENTORNO, Buzon, EstadoCarpeta
from expedientes import Auditoria, Rol, ahora
from tests.recupera.conftest import CrearUsuarios, cliente_de, csrf, escribir, texto

CONTRASENA_BUZON = "Zorzal-Ñandú-2026-secreta"
DATOS = {
    "nombre": "Recuperación <Prejudicial> & Cía",
    "host": "correo.isss.gob.sv",
    "puerto": "993",
    "seguridad": "tls",
    "usuario": "recuperacion@isss.gob.sv",
    "carpeta": "INBOX",
    "carpeta_procesados": "Registrados",
    "activo": "si",
}


def _guardar(cliente: FlaskClient, url: str, **datos: str) -> list[str]:
    """Envía el formulario y devuelve el cuerpo de cada respuesta (la redirección y su destino)."""
    token = csrf(cliente, url)
    respuesta = cliente.post(url, data={**datos, "csrf_token": token})
    cuerpos = [texto(respuesta)]
    if respuesta.status_code == 302:
        cuerpos.append(texto(cliente.get(respuesta.headers["Location"])))
    return cuerpos


def _buzon(engine: Engine) -> Buzon:
    with escribir(engine) as s:
        return s.exec(select(Buzon)).one()


def test_la_contrasena_no_aparece_en_ninguna_respuesta_y_se_guarda_cifrada(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Ni al crear, ni al editar, ni en la lista, la bitácora o la base: solo el texto cifrado."""
    crear_usuarios(Rol.ADMIN)
    admin = cliente_de(app, Rol.ADMIN)
    cuerpos = _guardar(admin, "/buzones/nuevo", **DATOS, contrasena=CONTRASENA_BUZON)
    assert "Buzón «Recuperación <Prejudicial> & Cía» creado." in unescape(cuerpos[-1])
    buzon = _buzon(engine)
    url = f"/buzones/{buzon.id}"
    cuerpos += [texto(admin.get(url)), texto(admin.get("/buzones/")), texto(admin.get("/bitacora"))]
    cuerpos += _guardar(admin, url, **{**DATOS, "puerto": "x"}, contrasena=CONTRASENA_BUZON)
    for cuerpo in cuerpos:
        assert CONTRASENA_BUZON not in unescape(cuerpo)
    assert '<input id="contrasena" name="contrasena" type="password" value=""' in cuerpos[2]
    assert buzon.contrasena_cifrada and CONTRASENA_BUZON not in buzon.contrasena_cifrada
    with engine.connect() as c:
        volcado = " ".join(str(f) for f in c.execute(text("SELECT * FROM buzon")).all())
        volcado += " ".join(str(f) for f in c.execute(select(Auditoria.despues)).all())
    assert CONTRASENA_BUZON not in volcado


def test_editar_con_la_contrasena_vacia_conserva_la_guardada(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Cambiar la carpeta de procesados deja la contraseña como estaba; una nueva la reemplaza;
    la cuenta o la carpeta sondeada no se cambian (lo ya registrado depende de ellas)."""
    crear_usuarios(Rol.ADMIN)
    admin = cliente_de(app, Rol.ADMIN)
    _guardar(admin, "/buzones/nuevo", **DATOS, contrasena=CONTRASENA_BUZON)
    antes = _buzon(engine)
    url = f"/buzones/{antes.id}"
    cuerpos = _guardar(admin, url, **{**DATOS, "carpeta_procesados": "Hechos"}, contrasena="")
    assert "Buzón actualizado." in cuerpos[-1]
    despues = _buzon(engine)
    assert (despues.carpeta_procesados, despues.contrasena_cifrada) == (
        "Hechos",
        antes.contrasena_cifrada,
    )
    _guardar(admin, url, **DATOS, contrasena="Otra-Contraseña-2027")
    assert _buzon(engine).contrasena_cifrada != antes.contrasena_cifrada
    (rechazo,) = _guardar(admin, url, **{**DATOS, "usuario": "otra@isss.gob.sv"}, contrasena="")
    assert "desactive este buzón y cree uno nuevo" in unescape(rechazo)
    assert _buzon(engine).usuario == DATOS["usuario"]


def test_un_buzon_invalido_se_rechaza_en_espanol_y_conserva_lo_escrito(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Sin cifrado hacia otro servidor y sin contraseña: cada problema se dice; nada se guarda."""
    crear_usuarios(Rol.ADMIN)
    admin = cliente_de(app, Rol.ADMIN)
    (cuerpo,) = _guardar(
        admin, "/buzones/nuevo", **{**DATOS, "seguridad": "ninguna"}, contrasena=""
    )
    html = unescape(cuerpo)
    assert "El buzón no se puede guardar." in html
    assert "Sin cifrado solo se admite un servidor en la propia máquina." in html
    assert "La contraseña es obligatoria." in html
    assert 'value="correo.isss.gob.sv"' in html
    with escribir(engine) as s:
        assert s.exec(select(Buzon)).all() == []


def test_el_buzon_del_entorno_solo_se_consulta(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """El de RECUPERA_IMAP_* no tiene formulario, y un POST a mano se rechaza sin cambiarlo."""
    crear_usuarios(Rol.ADMIN)
    with escribir(engine) as s:
        buzon = Buzon(
            nombre=NOMBRE_DEL_ENTORNO,
            host="imap.isss.gob.sv",
            puerto=993,
            usuario="juridica",
            seguridad="tls",
            desde_entorno=True,
        )
        s.add(buzon)
    admin = cliente_de(app, Rol.ADMIN)
    url = f"/buzones/{buzon.id}"
    assert f'href="{url}"' not in texto(admin.get("/buzones/"))
    ficha = texto(admin.get(url))
    assert "RECUPERA_IMAP_" in ficha and 'name="contrasena"' not in ficha
    cuerpos = _guardar(admin, url, **DATOS, contrasena="x")
    assert "El buzón del entorno se cambia con las variables RECUPERA_IMAP_*." in cuerpos[-1]
    assert _buzon(engine).host == "imap.isss.gob.sv"


def test_la_lista_muestra_el_ultimo_sondeo_y_su_error(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """El último error del sondeo (y cuántas veces seguidas) se ve en la lista y en el inicio."""
    crear_usuarios(Rol.ADMIN)
    admin = cliente_de(app, Rol.ADMIN)
    _guardar(admin, "/buzones/nuevo", **DATOS, contrasena=CONTRASENA_BUZON)
    buzon = _buzon(engine)
    with escribir(engine) as s:
        s.add(
            EstadoCarpeta(
                fuente=f"buzon:{buzon.id}",
                carpeta="INBOX",
                ultimo_sondeo_en=ahora(),
                ultimo_error="Conexión con correo.isss.gob.sv perdida: tiempo agotado",
                errores_seguidos=3,
            )
        )
    for url in ("/buzones/", "/"):
        html = unescape(texto(admin.get(url)))
        assert "Conexión con correo.isss.gob.sv perdida: tiempo agotado" in html
        assert "(3 veces seguidas)" in html
