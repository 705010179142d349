"""Rendimiento de los avisos: un barrido que convierte N asignaciones de cartas en N avisos,
contra el SQL pelado de lo mismo en la misma corrida.

Se siembran N cartas y se asignan con el servicio real (`asignar_carta`: N renglones en la
bitácora). Se mide:

1. línea base: leer los N renglones de la bitácora con un SELECT y escribir N filas en `aviso`
   con un INSERT de muchas filas (lo mínimo que el barrido debe hacer), sin reglas ni controles;
2. Recupera: `generar_avisos` (leer la bitácora, aplicar las reglas, mirar los plazos, no repetir
   lo que ya existe, solo personas activas);
3. el barrido siguiente, sin nada nuevo (vuelve a mirar la ventana de los últimos minutos).

Uso: .venv/bin/python benchmarks/avisos.py [--cartas 5000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from importacion import base_de_datos

from avisos import Aviso, generar_avisos, lectura_de_avisos
from correspondencia import Correspondencia, asignar_carta
from expedientes import Actor, Auditoria, BaseDeDatos, Usuario, ahora
from recupera.composicion import EXTENSIONES_DE_SESION

HOY = date(2026, 11, 30)
RECIBIDA = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def _sembrar(bd: BaseDeDatos, cartas: int) -> None:
    """20 gestores y `cartas` cartas registradas; se empieza la lectura de la bitácora."""
    with bd.sesion(Actor("benchmark")) as s:
        lectura_de_avisos(s)
        for g in range(20):
            s.add(Usuario(nombre_usuario=f"gestor{g}", nombre_completo=f"Gestor {g} Ñúñez",
                          rol="gestor", password_hash="x", token_sesion=f"{g:032d}"))  # fmt: skip
        for i in range(cartas):
            s.add(Correspondencia(
                numero=f"CE-2026-{i + 1:06d}", origen="carpeta", bytes=100, recibido_en=RECIBIDA,
                sha256=hashlib.sha256(str(i).encode()).hexdigest(), asunto=f"Solicitud {i} «x»",
                vence_el=date(2026, 12, 31), estado="registrada",
            ))  # fmt: skip


def _asignar(bd: BaseDeDatos, cartas: int) -> None:
    with bd.sesion(Actor("benchmark")) as s:
        gestores = list(s.exec(select(Usuario)).scalars())  # type: ignore[call-overload]
        for i, carta in enumerate(s.exec(select(Correspondencia)).scalars()):  # type: ignore[call-overload]
            asignar_carta(session=s, carta=carta, destinatario=gestores[i % len(gestores)])


def _base(bd: BaseDeDatos) -> float:
    """El SELECT de los renglones y el INSERT de los avisos, en una transacción que se revierte."""
    inicio = time.perf_counter()
    with bd.engine.connect() as c, c.begin() as t:
        filas = c.execute(
            text(
                "SELECT id, entidad_id, despues FROM auditoria WHERE entidad = 'correspondencia' "
                "AND id > 0 ORDER BY id"
            )
        ).all()
        avisos = [
            {"usuario_id": 1, "clave": f"base:{f.id}", "evento": "x", "titulo": "x",
             "objeto": "carta", "referencia": str(f.entidad_id), "creado_en": ahora(),
             "correo": "pendiente"}
            for f in filas
        ]  # fmt: skip
        c.execute(insert(Aviso), avisos)
        t.rollback()
    return time.perf_counter() - inicio


def medir(cartas: int, carpeta: Path, postgres: str | None) -> tuple[float, float, float]:
    """Segundos de la línea base, del barrido con todo nuevo y del barrido sin nada nuevo."""
    url, borrar = base_de_datos("postgresql" if postgres else "sqlite", carpeta, postgres)
    bd = BaseDeDatos.desde_url(url, EXTENSIONES_DE_SESION)
    try:
        _sembrar(bd, cartas)
        _asignar(bd, cartas)
        base = _base(bd)
        tiempos = []
        for _ in range(2):
            inicio = time.perf_counter()
            with bd.sesion(Actor("benchmark")) as s:
                creados = generar_avisos(session=s, hoy=HOY, ahora=ahora(), dias=2)
            tiempos.append(time.perf_counter() - inicio)
            assert len(creados) == (cartas if len(tiempos) == 1 else 0), len(creados)
        with bd.sesion(Actor("benchmark"), solo_lectura=True) as s:
            assert len(s.exec(select(Auditoria.id)).all()) >= cartas  # type: ignore[call-overload]
    finally:
        bd.cerrar()
        borrar()
    return base, tiempos[0], tiempos[1]


def main() -> None:
    """Imprime avisos/s del barrido y del SQL pelado, su razón y el barrido sin nada nuevo."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cartas", type=int, default=5000)
    parser.add_argument("--postgres", help="URL de un PostgreSQL (un esquema propio, borrado)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base, barrido, vacio = medir(args.cartas, Path(tmp), args.postgres)
    motor = "PostgreSQL" if args.postgres else "SQLite"
    print(f"Avisos de {args.cartas} cartas asignadas, {motor}:")
    print(
        f"  SQL pelado (SELECT de la bitácora + INSERT de los avisos): {args.cartas / base:,.0f} avisos/s"
    )
    print(
        f"  Recupera (generar_avisos):                                 {args.cartas / barrido:,.0f} avisos/s"
    )
    print(f"  razón: {barrido / base:.1f}× más lento que la línea base")
    print(f"  barrido siguiente sin nada nuevo: {vacio * 1000:,.0f} ms")


if __name__ == "__main__":
    main()
