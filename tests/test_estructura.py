"""La forma del código que protege sus reglas: la web no consulta la base (pregunta a los
servicios), y ningún paquete engancha nada a las sesiones al importarse."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RAIZ = Path(__file__).resolve().parents[1]
WEB = sorted((RAIZ / "recupera" / "web").rglob("*.py"))
# Llamadas que son consultas a la base: solo los servicios las hacen.
CONSULTAS = {"select", "exec", "execute", "scalar", "scalars"}


def _consultas(ruta: Path) -> list[str]:
    """Cada llamada a una consulta del módulo, como «línea: código»."""
    hallazgos = []
    for nodo in ast.walk(ast.parse(ruta.read_text(encoding="utf-8"))):
        if not isinstance(nodo, ast.Call):
            continue
        funcion = nodo.func
        nombre = funcion.attr if isinstance(funcion, ast.Attribute) else getattr(funcion, "id", "")
        # `db().get(Modelo, id)` también es una consulta (`session.get` de flask es otra cosa).
        de_sesion = isinstance(funcion, ast.Attribute) and ast.unparse(funcion.value) == "db()"
        if nombre in CONSULTAS or (de_sesion and nombre == "get"):
            hallazgos.append(f"{nodo.lineno}: {ast.unparse(nodo)[:80]}")
    return hallazgos


@pytest.mark.parametrize("ruta", WEB, ids=lambda r: str(r.relative_to(RAIZ)))
def test_ninguna_pagina_consulta_la_base(ruta: Path) -> None:
    """Las rutas piden a los servicios lo que muestran: ni `select` ni `db().get` en la web."""
    assert _consultas(ruta) == []


def test_la_prueba_de_consultas_ve_una_consulta(tmp_path: Path) -> None:
    """El detector mira de verdad: las consultas escritas en un módulo se encuentran."""
    ejemplo = tmp_path / "vista.py"
    ejemplo.write_text(
        "def f():\n    a = db().exec(select(X)).all()\n    return db().get(Y, 1)\n",
        encoding="utf-8",
    )
    assert len(_consultas(ejemplo)) == 3
