"""La bitácora ordenada por persona y por clase de cosa, grupo por grupo: recorrida página por
página, en ambos sentidos y con filtros, da exactamente el orden completo (nombre sin mayúsculas
ni tildes, y el id de desempate), sin repetir ni saltar renglones en el paso de un grupo a otro."""

from __future__ import annotations

import unicodedata

import pytest
from sqlmodel import Session, select

from expedientes import (
    Auditoria,
    FiltrosBitacora,
    Usuario,
    consultar_bitacora,
    crear_usuario,
    entidades_auditadas,
)

# Nombres que el orden binario pondría mal: minúsculas, tildes, un nombre repetido.
PERSONAS = {
    "zoila": "Zoila Ábrego & Cía",
    "angel": "Ángel Ñúñez <jefe>",
    "ana": 'ana lucía "la chele" {{ x }}',
    "ana2": 'Ana Lucía "La Chele" {{ x }}',
    "bea": "Beatriz Ortiz",
}
ENTIDADES = ("correspondencia", "expediente", "patrono", "convenio", "usuario")


def _clave(texto: str) -> tuple[str, str]:
    sin = unicodedata.normalize("NFKD", texto.casefold())
    return "".join(c for c in sin if not unicodedata.combining(c)), texto


@pytest.fixture
def renglones(session: Session) -> list[Auditoria]:
    """Unos 60 renglones de cinco personas y dos procesos sobre cinco clases de cosa."""
    ids = []
    for nombre, completo in PERSONAS.items():
        usuario = crear_usuario(session=session, nombre_usuario=nombre, nombre_completo=completo,
                                rol="gestor", contrasena="Correspondencia-Diaria-Soyapango-7")  # fmt: skip
        ids.append(usuario.id)
    session.flush()
    quienes = [*((i, PERSONAS[n]) for i, n in zip(ids, PERSONAS, strict=True)),
               (None, "sondeo"), (None, "Revisión de cuotas")]  # fmt: skip
    for n in range(60):
        usuario_id, actor = quienes[(n * 5) % len(quienes)]
        session.add(Auditoria(usuario_id=usuario_id, actor=actor, accion="modificar",
                              entidad=ENTIDADES[(n * 3) % len(ENTIDADES)], entidad_id=str(n)))  # fmt: skip
    session.flush()
    return list(session.exec(select(Auditoria).order_by(Auditoria.id)).all())  # type: ignore[arg-type]


def _recorrer(session: Session, orden: str, filtros: FiltrosBitacora, tamano: int) -> list[int]:
    ids: list[int] = []
    while True:
        pagina = consultar_bitacora(session=session, filtros=filtros, limite=tamano,
                                    desplazamiento=len(ids), orden=orden)  # fmt: skip
        ids += [r.auditoria.id for r in pagina if r.auditoria.id is not None]
        if len(pagina) < tamano:
            return ids


@pytest.mark.parametrize("tamano", [1, 4, 7, 50])
@pytest.mark.parametrize("orden", ["persona", "-persona", "entidad", "-entidad"])
def test_cada_pagina_sigue_el_orden_completo_sin_repetir_ni_saltar(
    session: Session, renglones: list[Auditoria], orden: str, tamano: int
) -> None:
    nombres = {u.id: u.nombre_completo for u in session.exec(select(Usuario)).all()}
    titulos = entidades_auditadas()
    sin_filtros = FiltrosBitacora()
    solo_cambios = FiltrosBitacora(accion="modificar", entidad=None)

    def etiqueta(r: Auditoria) -> str:
        if orden.lstrip("-") == "entidad":
            return titulos.get(r.entidad, r.entidad)
        return nombres.get(r.usuario_id, r.actor) if r.usuario_id else r.actor

    for filtros in (sin_filtros, solo_cambios):
        todos = [r for r in session.exec(select(Auditoria)).all()
                 if filtros.accion is None or r.accion == filtros.accion]  # fmt: skip
        esperado = [r.id for r in sorted(todos, key=lambda r: (_clave(etiqueta(r)), r.id),
                                         reverse=orden.startswith("-"))]  # fmt: skip
        assert _recorrer(session, orden, filtros, tamano) == esperado
    assert len(renglones) == 60 + len(PERSONAS)  # y el alta de cada persona
