"""Las listas no se cortan: la bandeja pagina de 50 en 50 con su total, conserva filtros, orden y
página en la URL, y ordena por sus columnas principales sin repetir ni saltar cartas."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape

from flask import Flask
from sqlalchemy import Engine
from sqlmodel import select

from correspondencia import Correspondencia
from expedientes import Auditoria, FiltroGuardado, Patrono, Rol, abrir_expediente, pagina_de
from tests.recupera.conftest import (
    NUMERO_PEREZ,
    CrearUsuarios,
    cliente_de,
    csrf,
    escribir,
    registrar,
    texto,
)

_NUMEROS = re.compile(r'href="/correspondencia/(CE-2026-\d{6})"')


def _cartas(engine: Engine, cuantas: int) -> None:
    """`cuantas` cartas, una por hora hacia atrás; una de cada tres es de la Unidad Jurídica."""
    inicio = datetime(2026, 11, 30, 20, tzinfo=UTC)
    with escribir(engine) as s:
        for i in range(cuantas):
            s.add(Correspondencia(
                numero=f"CE-2026-{i + 1:06d}", origen="papel", bytes=10, sha256=f"{i:064x}",
                recibido_en=inicio - timedelta(hours=i), asunto=f"Carta «{i}» & <x>",
                remitente=f"Remitente {chr(65 + i % 26)}{i:03d}", estado="registrada",
                tipo="unidad_juridica" if i % 3 == 0 else "general",
                vence_el=date(2026, 12, 1) + timedelta(days=i % 7),
            ))  # fmt: skip


def test_la_bandeja_pagina_con_su_total_y_conserva_filtros_y_orden(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """120 cartas: tres páginas (50, 50, 20) que juntas son todas, una vez; el filtro de tipo y
    el orden viajan en los enlaces de página; «Última» lleva a la última."""
    crear_usuarios(Rol.SECRETARIA)
    secretaria = cliente_de(app, Rol.SECRETARIA)
    _cartas(engine, 120)
    vistas: list[str] = []
    for n in (1, 2, 3):
        html = texto(secretaria.get(f"/correspondencia/?pagina={n}"))
        assert 'id="conteo" data-cantidad="120"' in html
        vistas += _NUMEROS.findall(html)
    assert len(vistas) == 120 and len(set(vistas)) == 120
    assert vistas[:2] == ["CE-2026-000001", "CE-2026-000002"], "las más recientes primero"
    assert "Cartas 101 a 120 de 120 · página 3 de 3" in texto(
        secretaria.get("/correspondencia/?pagina=ultima")
    )
    # Filtro y orden en la URL: los enlaces de página los conservan.
    html = unescape(texto(secretaria.get("/correspondencia/?tipo=general&orden=numero")))
    assert 'id="conteo" data-cantidad="80"' in html
    assert _NUMEROS.findall(html)[:2] == ["CE-2026-000002", "CE-2026-000003"]
    assert 'href="/correspondencia/?tipo=general&orden=numero&pagina=2"' in html
    assert 'aria-sort="ascending"' in html
    # Ordenar por remitente al revés, y una página pedida fuera de rango cae en la última.
    html = texto(secretaria.get("/correspondencia/?orden=-remitente&pagina=99"))
    assert "página 3 de 3" in html
    ultimos = _NUMEROS.findall(html)
    assert len(ultimos) == 20


def test_la_pagina_pedida_se_acota_a_las_que_hay() -> None:
    """Números raros, negativos o enormes no rompen nada: van a la primera o a la última."""
    assert pagina_de(total=0, pedida="3").numero == 1
    assert pagina_de(total=101, pedida="ultima").numero == 3
    assert pagina_de(total=101, pedida="²").numero == 1
    assert pagina_de(total=101, pedida="-2").numero == 1
    assert pagina_de(total=101, pedida="99999999999").numero == 1
    p = pagina_de(total=101, pedida=3)
    assert (p.desde, p.hasta, p.anterior, p.siguiente) == (101, 101, 2, None)


def test_mis_filtros_se_guardan_se_usan_y_se_borran_y_son_de_cada_quien(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """La secretaria guarda «Jurídica & pendientes» (sin la página); el enlace reproduce la lista;
    el jefe no lo ve ni lo puede borrar; ella lo borra."""
    crear_usuarios(Rol.SECRETARIA, Rol.JEFE)
    secretaria, jefe = cliente_de(app, Rol.SECRETARIA), cliente_de(app, Rol.JEFE)
    _cartas(engine, 60)
    token = csrf(secretaria, "/correspondencia/")
    guardado = secretaria.post("/filtros/", data={
        "csrf_token": token, "lista": "/correspondencia/", "nombre": "Jurídica & pendientes",
        "consulta": "tipo=unidad_juridica&orden=-recibido&pagina=2",
    })  # fmt: skip
    assert guardado.status_code == 302
    assert (
        guardado.headers["Location"]
        == "/correspondencia/?tipo=unidad_juridica&orden=-recibido&pagina=2"
    )
    html = texto(secretaria.get("/correspondencia/"))
    enlace = re.search(r'<a href="(/correspondencia/\?[^"]+)">Jurídica &amp; pendientes</a>', html)
    assert (
        enlace
        and unescape(enlace.group(1)) == "/correspondencia/?tipo=unidad_juridica&orden=-recibido"
    )
    assert 'id="conteo" data-cantidad="20"' in texto(secretaria.get(unescape(enlace.group(1))))
    assert "Jurídica &amp; pendientes" not in texto(jefe.get("/correspondencia/"))
    with escribir(engine) as s:
        (filtro,) = s.exec(select(FiltroGuardado)).all()
    jefe.post(f"/filtros/{filtro.id}/borrar", data={"csrf_token": csrf(jefe, "/correspondencia/"),
                                                    "lista": "/correspondencia/"})  # fmt: skip
    assert "Jurídica &amp; pendientes" in texto(secretaria.get("/correspondencia/"))
    secretaria.post(
        f"/filtros/{filtro.id}/borrar", data={"csrf_token": token, "lista": "/correspondencia/"}
    )
    assert "Jurídica &amp; pendientes" not in texto(secretaria.get("/correspondencia/"))
    vacio = secretaria.post("/filtros/", data={"csrf_token": token, "lista": "/correspondencia/",
                                               "nombre": "Nada", "consulta": "pagina=3"},
                            follow_redirects=True)  # fmt: skip
    assert "No hay filtros que guardar" in unescape(texto(vacio))


def test_la_secretaria_asigna_varias_cartas_de_la_bandeja_de_una_vez(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Elige tres cartas de la segunda página y las asigna al gestor: las tres quedan a su cargo
    y vuelve a la misma página; el gestor no ve el formulario ni puede usarlo."""
    usuarios = crear_usuarios(Rol.SECRETARIA, Rol.GESTOR)
    secretaria, gestor = cliente_de(app, Rol.SECRETARIA), cliente_de(app, Rol.GESTOR)
    _cartas(engine, 60)
    html = texto(secretaria.get("/correspondencia/?pagina=2"))
    assert 'id="form-lote"' in html
    elegidas = _NUMEROS.findall(html)[:3]
    respuesta = secretaria.post("/correspondencia/asignar", data={
        "csrf_token": csrf(secretaria, "/correspondencia/"), "carta": elegidas,
        "usuario": str(usuarios[Rol.GESTOR].id), "motivo": "Reparto «semanal»",
        "volver": "/correspondencia/?pagina=2",
    })  # fmt: skip
    assert (
        respuesta.status_code == 302
        and respuesta.headers["Location"] == "/correspondencia/?pagina=2"
    )
    with escribir(engine) as s:
        asignadas = s.exec(
            select(Correspondencia).where(Correspondencia.asignado_id == usuarios[Rol.GESTOR].id)
        ).all()
    assert sorted(c.numero for c in asignadas) == sorted(elegidas)
    assert ">Asignar</button>" not in texto(gestor.get("/correspondencia/"))
    assert gestor.post("/correspondencia/asignar", data={
        "csrf_token": csrf(gestor, "/correspondencia/"), "carta": elegidas, "usuario": "1",
    }).status_code == 403  # fmt: skip


def test_los_expedientes_paginan_y_se_ordenan_por_numero(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """55 expedientes: 50 y 5, sin repetir; por número ascendente empiezan por el 1."""
    crear_usuarios(Rol.JEFE)
    jefe = cliente_de(app, Rol.JEFE)
    registrar(engine)
    with escribir(engine) as s:
        for i in range(55):
            abrir_expediente(session=s, numero_patronal=NUMERO_PEREZ, tipo="cobro",
                             hoy=date(2026, 1, 1) + timedelta(days=i))  # fmt: skip
    numeros = re.compile(r'href="/expedientes/(EXP-2026-\d{5})"')
    primera = texto(jefe.get("/expedientes/"))
    segunda = texto(jefe.get("/expedientes/?pagina=2"))
    vistos = numeros.findall(primera) + numeros.findall(segunda)
    assert len(vistos) == 55 and len(set(vistos)) == 55
    assert vistos[0] == "EXP-2026-00055", "los más recientes primero"
    assert "Expedientes 51 a 55 de 55" in segunda
    por_numero = numeros.findall(texto(jefe.get("/expedientes/?orden=numero")))
    assert por_numero[:2] == ["EXP-2026-00001", "EXP-2026-00002"]


def test_la_secretaria_corrige_el_representante_por_una_carta_y_queda_en_la_bitacora(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Desde la carta que avisa el cambio: el motivo viene propuesto; sin motivo no se guarda;
    con él, el nuevo representante queda y la bitácora dice qué cambió y por qué. El archivo no
    puede corregirlo."""
    crear_usuarios(Rol.SECRETARIA, Rol.ARCHIVO)
    secretaria, archivo = cliente_de(app, Rol.SECRETARIA), cliente_de(app, Rol.ARCHIVO)
    patrono = registrar(engine)
    url = f"/patronos/{patrono.numero_patronal}/datos"
    formulario = texto(secretaria.get(url, query_string={"carta": "CE-2026-000123"}))
    assert 'value="Según la carta CE-2026-000123"' in formulario
    token = csrf(secretaria, url)
    datos = {"csrf_token": token, "direccion": patrono.direccion, "municipio": patrono.municipio,
             "departamento": patrono.departamento, "representante_legal": "Ana Ñúñez de Peña & Asoc.",
             "dui_representante": "", "correo": "gerencia@perezcia.com.sv", "telefono": "2222-3333"}  # fmt: skip
    sin_motivo = secretaria.post(url, data={**datos, "motivo": " "})
    assert "Indique el motivo del cambio" in unescape(texto(sin_motivo))
    hecho = secretaria.post(url, data={**datos, "motivo": "Según la carta CE-2026-000123"})
    assert hecho.status_code == 302
    ficha = unescape(texto(secretaria.get(f"/patronos/{patrono.numero_patronal}")))
    assert "Ana Ñúñez de Peña & Asoc." in ficha and "gerencia@perezcia.com.sv" in ficha
    with escribir(engine) as s:
        ultimo = s.exec(
            select(Auditoria).where(Auditoria.entidad == "patrono").order_by(Auditoria.id.desc())
        ).first()  # type: ignore[union-attr]
    assert ultimo is not None and ultimo.motivo == "Según la carta CE-2026-000123"
    assert ultimo.despues["representante_legal"] == "Ana Ñúñez de Peña & Asoc."
    assert archivo.get(url).status_code == 403


def test_los_patronos_paginan_por_razon_social_con_su_total(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """60 patronos: 50 y 10, en orden de razón social; la búsqueda cuenta lo que encuentra."""
    crear_usuarios(Rol.ARCHIVO)
    archivo = cliente_de(app, Rol.ARCHIVO)
    with escribir(engine) as s:
        for i in range(60):
            s.add(Patrono(numero_patronal=f"{500000000 + i}", nit=f"0614{i:010d}",
                          razon_social=f"Empresa {i:02d} Ñandú & Cía", busqueda=f"empresa {i:02d} nandu cia"))  # fmt: skip
    enlaces = re.compile(r'href="/patronos/(\d{9})"')
    primera, segunda = texto(archivo.get("/patronos/")), texto(archivo.get("/patronos/?pagina=2"))
    vistos = enlaces.findall(primera) + enlaces.findall(segunda)
    assert len(vistos) == 60 and len(set(vistos)) == 60 and vistos[0] == "500000000"
    assert 'id="conteo" data-cantidad="60"' in primera
    assert 'id="conteo" data-cantidad="1"' in texto(archivo.get("/patronos/?q=Empresa 07"))
    assert 'id="conteo" data-cantidad="60"' in texto(archivo.get("/patronos/?q=ÑANDÚ"))
