"""Acciones en lote de la bandeja: cambiar el estado de varias cartas e incorporarlas a sus
expedientes, todas o ninguna, cada una en la bitácora; cada quien ve solo las acciones que puede."""

from __future__ import annotations

from html import unescape
from pathlib import Path

from flask import Flask
from sqlalchemy import Engine
from sqlmodel import select

from correspondencia import Correspondencia, asignar_carta, vincular_carta
from expedientes import Auditoria, Rol
from tests.recupera.archivo import documentos, incompleto
from tests.recupera.cartas import carta_de_correo, carta_de_papel
from tests.recupera.conftest import CrearUsuarios, cliente_de, csrf, escribir, texto


def _estados(engine: Engine, numeros: list[str]) -> list[str]:
    with escribir(engine) as s:
        return [
            s.exec(select(Correspondencia).where(Correspondencia.numero == n)).one().estado
            for n in numeros
        ]


def _en_lote(cliente, accion: str, numeros: list[str], **datos: str):  # type: ignore[no-untyped-def]
    return cliente.post(
        f"/correspondencia/{accion}",
        data={
            "csrf_token": csrf(cliente, "/correspondencia/"),
            "carta": numeros,
            "volver": "/correspondencia/?estado=registrada",
            **datos,
        },
        follow_redirects=True,
    )


def test_archivar_varias_exige_motivo_y_el_gestor_solo_las_suyas(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Sin motivo, ninguna de las tres se archiva y se dice cuáles; con él, las tres, cada una
    con su renglón. El gestor ve «Cambiar el estado» pero no «Asignar», y no toca cartas ajenas:
    lo que pide se niega entero, también la suya."""
    usuarios = crear_usuarios(Rol.SECRETARIA, Rol.GESTOR)
    secretaria, gestor = cliente_de(app, Rol.SECRETARIA), cliente_de(app, Rol.GESTOR)
    cartas = [
        carta_de_papel(engine, tmp_path, asunto=f"Duplicado «{i}» & <copia>", texto=f"Copia {i}")
        for i in range(4)
    ]
    numeros = [c.numero for c in cartas[:3]]
    sin_motivo = unescape(texto(_en_lote(secretaria, "estado", numeros, estado="archivada")))
    assert "Ninguna de las 3 cartas pasó a archivada." in sin_motivo
    for n in numeros:
        assert f"{n}: Pasar de registrada a archivada requiere un motivo." in sin_motivo
    assert _estados(engine, numeros) == ["registrada"] * 3

    hecho = unescape(
        texto(_en_lote(secretaria, "estado", numeros, estado="archivada", motivo="Duplicadas"))
    )
    assert "3 carta(s) cambiaron de estado." in hecho
    assert _estados(engine, numeros) == ["archivada"] * 3
    with escribir(engine) as s:
        for carta in cartas[:3]:
            (renglon,) = s.exec(
                select(Auditoria).where(
                    Auditoria.entidad == "correspondencia",
                    Auditoria.entidad_id == carta.id,
                    Auditoria.motivo == "Duplicadas",
                )
            ).all()
            assert renglon.despues == {"estado": "archivada"}

    with escribir(engine) as s:
        propia = s.get(Correspondencia, cartas[3].id)
        assert propia is not None
        asignar_carta(session=s, carta=propia, destinatario=usuarios[Rol.GESTOR])
    bandeja = texto(gestor.get("/correspondencia/"))
    assert "Cambiar el estado" in bandeja and ">Asignar</button>" not in bandeja
    ajena = unescape(
        texto(
            _en_lote(
                gestor,
                "estado",
                [cartas[3].numero, numeros[0]],
                estado="en_tramite",
                motivo="Reabro",
            )
        )
    )
    assert f"{numeros[0]}: no le corresponde tramitarla." in ajena
    assert _estados(engine, [cartas[3].numero, numeros[0]]) == ["asignada", "archivada"]
    assert "1 carta(s) cambiaron de estado." in unescape(
        texto(_en_lote(gestor, "estado", [cartas[3].numero], estado="en_tramite"))
    )
    assert _estados(engine, [cartas[3].numero]) == ["en_tramite"]


def test_incorporar_varias_las_deja_en_su_expediente_o_dice_cual_no_puede(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Una sin vincular impide el lote entero; sin ella, cada carta vinculada es un documento
    entrante de su expediente con su número CE; pedirlo otra vez dice que ya lo es."""
    crear_usuarios(Rol.SECRETARIA, Rol.ARCHIVO)
    secretaria = cliente_de(app, Rol.SECRETARIA)
    numero = incompleto(engine, tmp_path, cuantos=0)
    vinculadas = [
        carta_de_correo(engine, tmp_path, asunto=f"Planilla {{{{ mes }}}} «{i}» & <b>")
        for i in range(2)
    ]
    suelta = carta_de_papel(engine, tmp_path, texto="Sin expediente")
    with escribir(engine) as s:
        for carta in vinculadas:
            vincular_carta(session=s, carta=s.get(Correspondencia, carta.id),  # type: ignore[arg-type]
                           numero_expediente=numero)  # fmt: skip
    elegidas = [c.numero for c in vinculadas]
    negado = unescape(texto(_en_lote(secretaria, "incorporar", [*elegidas, suelta.numero])))
    assert "No se incorporó ninguna de las 3 cartas." in negado
    assert f"{suelta.numero}: no está vinculada a un expediente." in negado
    assert documentos(engine, numero) == []

    hecho = unescape(texto(_en_lote(secretaria, "incorporar", elegidas)))
    assert "2 carta(s) incorporada(s) a sus expedientes." in hecho
    incorporados = documentos(engine, numero)
    assert [(d.referencia, d.origen) for d in incorporados] == [(n, "entrante") for n in elegidas]
    assert all(d.folios >= 1 and d.sha256_pdf for d in incorporados)

    otra_vez = unescape(texto(_en_lote(secretaria, "incorporar", elegidas[:1])))
    assert f"{elegidas[0]}: ya es el documento N.º 1 de {numero}." in otra_vez
    assert len(documentos(engine, numero)) == 2
    archivo = cliente_de(app, Rol.ARCHIVO)
    assert 'id="form-lote"' not in texto(archivo.get("/correspondencia/"))
    assert _en_lote(archivo, "incorporar", elegidas).status_code == 403
