"""«Marcar las elegidas como atendidas» desde el inicio (`POST /alertas/atendidas`): varias alertas
en una sola acción, cada una en la bitácora por separado; o ninguna, con la lista de las que no
se pueden atender (de otro gestor, ya atendidas, inexistentes)."""

from __future__ import annotations

import re
from html import unescape

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlmodel import col, select

from expedientes import Auditoria, Expediente, Rol, Usuario, hoy
from seguimiento import Alerta
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

MENSAJE = 'La cuota {} del convenio de «Pérez & Cía <S.A.>» "{{{{ x }}}}" está vencida.'


def _alertas(engine: Engine, expediente: Expediente, cuantas: int, desde: int = 1) -> list[int]:
    """Alertas de cuota vencida del expediente, con su mensaje hostil; sus ids."""
    with escribir(engine) as s:
        alertas = [
            Alerta(
                expediente_id=expediente.id or 0,
                clave=f"cuota-{n}-vencida",
                tipo="cuota_vencida",
                mensaje=MENSAJE.format(n),
                creada_el=hoy(),
            )
            for n in range(desde, desde + cuantas)
        ]
        s.add_all(alertas)
        s.flush()
        return [a.id or 0 for a in alertas]


def _atender(cliente: FlaskClient, ids: list[int]) -> str:
    """Marca las elegidas como atendidas desde el inicio; la página a la que vuelve, sin escapes."""
    respuesta = cliente.post(
        "/alertas/atendidas",
        data={"csrf_token": csrf(cliente, "/"), "alerta": [str(i) for i in ids]},
        follow_redirects=True,
    )
    assert respuesta.status_code == 200
    return unescape(texto(respuesta))


def _atendidas(engine: Engine, ids: list[int]) -> dict[int, int | None]:
    """Quién atendió cada alerta (None: pendiente)."""
    with escribir(engine) as s:
        alertas = s.exec(select(Alerta).where(col(Alerta.id).in_(ids))).all()
        return {a.id or 0: a.atendida_por_id for a in alertas}


def _renglones(engine: Engine, ids: list[int]) -> dict[str, list[tuple[int | None, object]]]:
    """Los cambios de la bitácora de cada alerta: (quién, a quién quedó atendida)."""
    with escribir(engine) as s:
        consulta = select(Auditoria).where(
            Auditoria.entidad == "alerta", Auditoria.accion == "modificar",
            col(Auditoria.entidad_id).in_([str(i) for i in ids]),
        )  # fmt: skip
        renglones: dict[str, list[tuple[int | None, object]]] = {}
        for r in s.exec(consulta).all():
            renglones.setdefault(r.entidad_id, []).append(
                (r.usuario_id, (r.despues or {}).get("atendida_por_id"))
            )
        return renglones


def test_el_gestor_atiende_varias_alertas_de_una_vez_o_ninguna(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """GIVEN tres alertas en el expediente del gestor y una en el de otra gestora
    WHEN el gestor elige las suyas y la ajena, y después solo las suyas
    THEN la primera vez no se atiende ninguna y se dice cuál no le toca; la segunda, las tres,
    cada una con su renglón en la bitácora a nombre del gestor."""
    usuarios = crear_usuarios(Rol.GESTOR, Rol.JEFE)
    gestor = usuarios[Rol.GESTOR]
    with escribir(engine) as s:
        otra = Usuario(nombre_usuario="ines", nombre_completo="Inés Ñúñez & <Cía>", rol="gestor",
                       password_hash="x", token_sesion="0" * 32)  # fmt: skip
        s.add(otra)
    registrar(engine)
    suyo, ajeno = abrir(engine, NUMERO_PEREZ, gestor=gestor), abrir(engine, NUMERO_PEREZ, otra)
    suyas, (ajena,) = _alertas(engine, suyo, 3), _alertas(engine, ajeno, 1, desde=7)
    cliente = cliente_de(app, Rol.GESTOR)

    inicio = unescape(texto(cliente.get("/")))
    assert 'id="form-alertas"' in inicio and MENSAJE.format(1) in inicio
    elegibles = re.findall(r'name="alerta" value="(\d+)" form="form-alertas"', inicio)
    assert sorted(map(int, elegibles)) == sorted(suyas), "solo ofrece las de sus expedientes"

    negado = _atender(cliente, [*suyas[:2], ajena])
    assert "No se atendió ninguna de las 3 alertas." in negado
    assert f"{ajeno.numero}: no le toca atender sus alertas." in negado
    assert set(_atendidas(engine, [*suyas, ajena]).values()) == {None}
    assert _renglones(engine, [*suyas, ajena]) == {}

    hecho = _atender(cliente, suyas)
    assert "3 alerta(s) atendida(s)." in hecho
    assert _atendidas(engine, suyas) == dict.fromkeys(suyas, gestor.id)
    assert _renglones(engine, suyas) == {str(i): [(gestor.id, gestor.id)] for i in suyas}
    assert 'id="form-alertas"' not in unescape(texto(cliente.get("/")))


def test_el_jefe_no_atiende_un_lote_con_una_ya_atendida_o_inexistente(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """GIVEN dos alertas pendientes y una ya atendida
    WHEN el jefe elige las tres (y una que no existe), o ninguna
    THEN no se atiende nada y se dice por qué cada una; sin la atendida ni la inexistente, las
    dos pendientes quedan atendidas por él, cada una auditada."""
    usuarios = crear_usuarios(Rol.GESTOR, Rol.JEFE)
    jefe = usuarios[Rol.JEFE]
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR])
    pendientes, (vieja,) = _alertas(engine, expediente, 2), _alertas(engine, expediente, 1, 5)
    cliente = cliente_de(app, Rol.JEFE)
    assert "1 alerta(s) atendida(s)." in _atender(cliente, [vieja])

    negado = _atender(cliente, [*pendientes, vieja, 999_999])
    assert "No se atendió ninguna de las 4 alertas." in negado
    assert f"{expediente.numero}: esa alerta ya se atendió el {hoy():%d/%m/%Y}." in negado
    assert "La alerta 999999 no existe." in negado
    assert _atendidas(engine, pendientes) == dict.fromkeys(pendientes, None)
    assert "Elija al menos una alerta." in _atender(cliente, [])

    assert "2 alerta(s) atendida(s)." in _atender(cliente, pendientes)
    assert _atendidas(engine, pendientes) == dict.fromkeys(pendientes, jefe.id)
    assert _renglones(engine, pendientes) == {str(i): [(jefe.id, jefe.id)] for i in pendientes}
