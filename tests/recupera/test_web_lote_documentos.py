"""Generar en lote desde la web: el jefe pide un aviso por cada expediente de cobro abierto; la
tarea los genera fuera de la petición (en procesos, desde el hilo de la tarea) y su página lista
cada borrador y cada expediente que quedó sin el suyo, con la razón."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask
from sqlalchemy import Engine
from sqlmodel import col, select

from expedientes import Rol
from plantillas import DocumentoGenerado
from tests.recupera.conftest import (
    NUMERO_PEREZ,
    CrearUsuarios,
    abrir,
    cliente_de,
    csrf,
    escribir,
    esperar_tarea,
    registrar,
    texto,
)
from tests.recupera.documentos import cargar_mora, dar_correos

RAZON = "Pérez & Cía «Hermanos» <S.A.> {{ x }}"


def _lote(cliente, opcion: str):  # type: ignore[no-untyped-def]
    return cliente.post("/documentos/lote", data={
        "csrf_token": csrf(cliente, "/documentos/lote"), "opcion": opcion})  # fmt: skip


def test_el_jefe_genera_un_aviso_por_expediente_abierto_y_ve_los_que_no(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Dos expedientes de cobro con gestor y uno sin gestor: dos borradores, cada uno de su
    gestor y con su número, y el tercero explicado; el gestor no puede pedir un lote."""
    usuarios = crear_usuarios(Rol.JEFE, Rol.GESTOR)
    jefe, gestor = cliente_de(app, Rol.JEFE), cliente_de(app, Rol.GESTOR)
    dar_correos(engine)
    registrar(engine, razon_social=RAZON)
    cargar_mora(engine)
    con_gestor = [abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR]) for _ in range(2)]
    sin_gestor = abrir(engine, NUMERO_PEREZ)
    formulario = unescape(texto(jefe.get("/documentos/lote")))
    assert 'value="aviso_cobro:cobro"' in formulario
    assert "Aviso de cobro — expedientes de cobro administrativo" in formulario.replace("\n", " ")

    malo = _lote(jefe, "aviso_cobro:unidad_juridica")
    assert malo.status_code == 422
    assert "«Aviso de cobro» no se usa en expedientes de ese tipo" in unescape(texto(malo))
    assert _lote(gestor, "aviso_cobro:cobro").status_code == 403

    pedido = _lote(jefe, "aviso_cobro:cobro")
    assert pedido.status_code == 302 and pedido.headers["Location"].startswith("/tareas/")
    final = unescape(texto(esperar_tarea(jefe, pedido.headers["Location"], segundos=180)))
    assert "Se generaron 2 borrador(es) de 3 expediente(s)." in final, final
    assert f"{sin_gestor.numero}: No tiene un gestor que pueda redactar." in final
    with escribir(engine) as s:
        documentos = s.exec(select(DocumentoGenerado).order_by(col(DocumentoGenerado.numero))).all()
    assert sorted(d.expediente_id for d in documentos) == sorted(e.id for e in con_gestor)
    assert {(d.plantilla, d.estado, d.autor_id) for d in documentos} == {
        ("aviso_cobro", "borrador", usuarios[Rol.GESTOR].id)
    }
    enlaces = re.findall(r'href="/documentos/(\d+)"', final)
    assert sorted(map(int, enlaces)) == sorted(d.id for d in documentos)
