"""Los avisos en la web: el contador del encabezado, la lista con los nuevos marcados, abrir uno
(queda leído y lleva a su página), marcarlos, nunca los de otra persona, y la preferencia de
correo en «Mi cuenta»."""

from __future__ import annotations

from html import unescape

from flask import Flask, url_for
from sqlalchemy import Engine
from sqlmodel import select

from avisos import Aviso
from expedientes import Rol, Usuario
from recupera.web.enlaces import ruta_de_aviso
from tests.recupera.conftest import CrearUsuarios, cliente_de, csrf, escribir, texto

HOSTIL = 'La carta CE-2026-000001 vence el 9 de diciembre: «Pérez & Cía <S.A.> "{{ x }}"»'


def _aviso(engine: Engine, usuario: Usuario, titulo: str, objeto: str, referencia: str) -> int:
    with escribir(engine) as s:
        aviso = Aviso(usuario_id=usuario.id or 0, clave=f"prueba:{titulo}", evento="prueba",
                      titulo=titulo, objeto=objeto, referencia=referencia)  # fmt: skip
        s.add(aviso)
        s.flush()
        return aviso.id or 0


def test_el_gestor_ve_su_contador_abre_un_aviso_y_lo_marca_leido(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Dos avisos nuevos: el encabezado dice 2; el título hostil va escapado; abrir el primero
    lleva a la carta y baja el contador; «marcar todos» lo deja en cero."""
    usuarios = crear_usuarios(Rol.GESTOR, Rol.JEFE)
    gestor = cliente_de(app, Rol.GESTOR)
    primero = _aviso(engine, usuarios[Rol.GESTOR], HOSTIL, "carta", "CE-2026-000001")
    _aviso(engine, usuarios[Rol.GESTOR], "Su Aviso de cobro DRP-2026-000003 fue aprobado",
           "documento", "3")  # fmt: skip
    ajeno = _aviso(engine, usuarios[Rol.JEFE], "Solo para el jefe", "expediente", "EXP-2026-00001")
    inicio = texto(gestor.get("/"))
    assert 'id="contador-avisos"' in inicio and 'data-cantidad="2"' in inicio
    lista = texto(gestor.get("/avisos/"))
    assert "Pérez &amp; Cía &lt;S.A.&gt; &#34;{{ x }}&#34;" in lista and "<S.A.>" not in lista
    assert lista.count('class="aviso-nuevo"') == 2 and "Solo para el jefe" not in lista
    abierto = gestor.get(f"/avisos/{primero}")
    assert (
        abierto.status_code == 302
        and abierto.headers["Location"] == "/correspondencia/CE-2026-000001"
    )
    assert 'data-cantidad="1"' in texto(gestor.get("/avisos/"))
    # El aviso del jefe no se abre ni se marca desde la cuenta del gestor.
    assert gestor.get(f"/avisos/{ajeno}").headers["Location"] == "/avisos/"
    token = csrf(gestor, "/avisos/")
    gestor.post("/avisos/leidos", data={"csrf_token": token, "todos": "1"})
    assert 'data-cantidad="0"' in texto(gestor.get("/avisos/"))
    with escribir(engine) as s:
        del_jefe = s.get(Aviso, ajeno)
        assert del_jefe is not None and del_jefe.leido_en is None


def test_la_preferencia_de_correo_se_guarda_en_mi_cuenta(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Resumen diario elegido y guardado; un valor inventado se rechaza en español."""
    crear_usuarios(Rol.SECRETARIA)
    secretaria = cliente_de(app, Rol.SECRETARIA)
    cuenta = texto(secretaria.get("/cuenta"))
    assert 'name="preferencia" value="inmediato" checked' in cuenta
    token = csrf(secretaria, "/cuenta")
    secretaria.post("/avisos/correo", data={"csrf_token": token, "preferencia": "diario"})
    assert 'name="preferencia" value="diario" checked' in texto(secretaria.get("/cuenta"))
    malo = secretaria.post("/avisos/correo", data={"csrf_token": token, "preferencia": "fax"},
                           follow_redirects=True)  # fmt: skip
    assert "No se pudo guardar la preferencia" in unescape(texto(malo))
    with escribir(engine) as s:
        (persona,) = s.exec(select(Usuario).where(Usuario.rol == "secretaria")).all()
        assert persona.avisos_correo == "diario"


def test_cada_aviso_lleva_a_la_misma_pagina_que_arma_la_web(app: Flask) -> None:
    """Las rutas que usan los correos (sin Flask) son las de `url_for`."""
    casos = {
        ("carta", "CE-2026-000001"): ("correspondencia.detalle", {"numero": "CE-2026-000001"}),
        ("salida", "CS-2026-000007"): ("correspondencia.salida", {"salida": "CS-2026-000007"}),
        ("documento", "12"): ("documentos.ficha", {"documento_id": 12}),
        ("expediente", "EXP-2026-00001"): ("expedientes.ficha", {"numero": "EXP-2026-00001"}),
        ("verificacion", "4"): ("archivo.verificaciones", {}),
    }
    with app.test_request_context():
        for (objeto, referencia), (endpoint, argumentos) in casos.items():
            aviso = Aviso(usuario_id=1, clave="x", evento="x", titulo="x", objeto=objeto,
                          referencia=referencia)  # fmt: skip
            assert ruta_de_aviso(aviso) == url_for(endpoint, **argumentos), objeto
