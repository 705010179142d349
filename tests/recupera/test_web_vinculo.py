"""Vincular una carta desde su ficha: la búsqueda (razón social sin tildes, NIT, expediente en
formas tolerantes) y sus resultados con nombre, asunto y etapa; vincular desde un resultado queda
en la bitácora; los candidatos con sus nombres; quien no vincula no ve la búsqueda."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlmodel import col, select

from correspondencia import Correspondencia, asignar_carta
from expedientes import Auditoria, Rol
from tests.expedientes.datos import ESPIGA, NIT_ESPIGA, NIT_NANDU, NIT_PEREZ, PEREZ
from tests.recupera.cartas import carta_de_papel
from tests.recupera.conftest import (
    NUMERO_PEREZ,
    CrearUsuarios,
    abrir,
    cliente_de,
    csrf,
    escribir,
    registrar,
    texto,
)

ASUNTO = "Mora de cotizaciones según estado de cuenta"  # el de `abrir`
NANDU = "Panadería Ñandú & Hijos, S.A. de C.V."  # quien firma la carta de `carta_de_papel`


def _legible(html: str) -> str:
    """El texto que ve la persona: sin etiquetas, sin escapes y con los espacios juntos."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _buscar(cliente: FlaskClient, carta: str, texto_buscado: str) -> str:
    respuesta = cliente.get(f"/correspondencia/{carta}", query_string={"buscar": texto_buscado})
    assert respuesta.status_code == 200, texto(respuesta)
    return texto(respuesta)


def _carta(engine: Engine, numero: str) -> Correspondencia:
    with escribir(engine) as s:
        return s.exec(select(Correspondencia).where(Correspondencia.numero == numero)).one()


def _ultimo_cambio(engine: Engine, carta: Correspondencia) -> Auditoria:
    """El último renglón de la bitácora de la carta."""
    with escribir(engine) as s:
        ultimo = s.exec(
            select(Auditoria)
            .where(Auditoria.entidad == "correspondencia", Auditoria.entidad_id == str(carta.id))
            .order_by(col(Auditoria.id).desc())
        ).first()
    assert ultimo is not None and ultimo.despues is not None
    return ultimo


def test_la_secretaria_busca_sin_tildes_y_vincula_desde_un_resultado(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """GIVEN Pérez & Cía <S.A. de C.V.> con un expediente de otro gestor; WHEN la secretaria busca
    «perez CIA» en la ficha de una carta sin vincular THEN ve el expediente con su patrono, asunto
    y etapa; un clic la vincula, y la bitácora guarda quién y lo buscado."""
    usuarios = crear_usuarios(Rol.SECRETARIA, Rol.GESTOR)
    registrar(engine)
    registrar(engine, numero_patronal="412000111", nit=NIT_ESPIGA, razon_social=ESPIGA)
    exp = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR])
    carta = carta_de_papel(engine, tmp_path)
    secretaria = cliente_de(app, Rol.SECRETARIA)
    html = _buscar(secretaria, carta.numero, "perez CIA")
    assert 'value="perez CIA"' in html
    assert f"{exp.numero} — {PEREZ} — {ASUNTO} — Abierto" in _legible(html)
    assert f"Solo el patrono {NUMERO_PEREZ} — {PEREZ} NIT {NIT_PEREZ}" in _legible(html)
    assert "Pérez &amp; Cía &lt;S.A. de C.V.&gt;" in html and ESPIGA not in _legible(html)
    motivo = re.search(
        rf'name="expediente" value="{exp.numero}">\s*<input type="hidden" name="motivo" '
        r'value="([^"]*)"',
        html,
    )
    assert motivo is not None
    token = csrf(secretaria, f"/correspondencia/{carta.numero}")
    respuesta = secretaria.post(
        f"/correspondencia/{carta.numero}/vinculo",
        data={"expediente": exp.numero, "motivo": unescape(motivo[1]), "csrf_token": token},
        follow_redirects=True,
    )
    assert "Carta vinculada." in texto(respuesta)
    assert "Vinculada a mano: Elegido al buscar «perez CIA»" in unescape(texto(respuesta))
    vinculada = _carta(engine, carta.numero)
    assert (vinculada.expediente_id, vinculada.patrono_id) == (exp.id, exp.patrono_id)
    ultimo = _ultimo_cambio(engine, carta)
    assert (ultimo.accion, ultimo.motivo, ultimo.usuario_id) == (
        "modificar",
        "Elegido al buscar «perez CIA»",
        usuarios[Rol.SECRETARIA].id,
    )
    assert ultimo.despues["expediente_id"] == exp.id


def test_la_busqueda_tolera_nit_y_expediente_y_escapa_lo_escrito(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """El NIT con o sin guiones y el expediente como `exp-AAAA-1` o `EXPAAAA001` lo hallan; lo
    escrito con <, comillas y {{ }} vuelve escapado y sin resultados."""
    crear_usuarios(Rol.JEFE)
    registrar(engine)
    exp = abrir(engine, NUMERO_PEREZ)
    anio = exp.numero.split("-")[1]
    carta = carta_de_papel(engine, tmp_path)
    jefe = cliente_de(app, Rol.JEFE)
    for forma in (NIT_PEREZ, NIT_PEREZ.replace("-", ""), f"exp-{anio}-1", f"EXP{anio}001"):
        html = _buscar(jefe, carta.numero, forma)
        assert f'name="expediente" value="{exp.numero}"' in html, forma
    html = _buscar(jefe, carta.numero, '<b>"{{ 7*7 }}"</b> & Cía')
    assert '<b>"{{' not in html
    assert "&lt;b&gt;&#34;{{ 7*7 }}&#34;&lt;/b&gt; &amp; Cía" in html
    assert "Ningún patrono ni expediente coincide con" in html
    assert 'name="expediente" value=' not in html


def test_los_candidatos_de_la_carta_muestran_nombre_asunto_y_etapa(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """La firma la Panadería Ñandú & Hijos: su expediente abierto y el patrono solo se ofrecen
    con su razón social, el asunto y la etapa, no solo con números."""
    crear_usuarios(Rol.SECRETARIA)
    registrar(engine, numero_patronal="520111222", nit=NIT_NANDU, razon_social=NANDU)
    exp = abrir(engine, "520111222")
    carta = carta_de_papel(engine, tmp_path)
    assert carta.expediente_id is None
    html = texto(cliente_de(app, Rol.SECRETARIA).get(f"/correspondencia/{carta.numero}"))
    candidatos = _legible(html.split('class="opciones-vinculo candidatos-vinculo"')[1])
    assert f"{exp.numero} — {NANDU} — {ASUNTO} — Abierto" in candidatos
    assert f"Solo el patrono 520111222 — {NANDU}" in candidatos


def test_quien_no_vincula_cartas_no_ve_la_busqueda(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """El gestor con la carta asignada y el archivo abren la ficha con `?buscar=`: ni buscador ni
    resultados, aunque el expediente sea del gestor."""
    usuarios = crear_usuarios(Rol.GESTOR, Rol.ARCHIVO)
    registrar(engine)
    exp = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR])
    carta = carta_de_papel(engine, tmp_path)
    with escribir(engine) as s:
        asignar_carta(
            session=s,
            carta=s.exec(select(Correspondencia).where(Correspondencia.id == carta.id)).one(),
            destinatario=usuarios[Rol.GESTOR],
        )
    for rol in (Rol.GESTOR, Rol.ARCHIVO):
        html = _buscar(cliente_de(app, rol), carta.numero, "pérez")
        assert "form-buscar-vinculo" not in html and "resultados-vinculo" not in html, rol
        assert exp.numero not in html, rol
