"""Lo que el departamento pidió y las respuestas que espera: las cartas con plazo de respuesta
(oficios de solicitud) emitidas en un rango de fechas, por quien las redactó.

Las enviadas se reparten sin resto en respondidas, sin respuesta en plazo y sin respuesta
vencidas (a hoy); cada cifra lleva a la correspondencia enviada con el mismo filtro `espera` que
la cuenta (`correspondencia.condicion_de_espera`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from correspondencia import Saliente, condicion_de_espera
from expedientes import Usuario, fecha_larga
from panel.cifras import Columna, Destino, Reporte, Valor, armar

SIN_AUTOR = "Autor no registrado"
_PARTES = ("respondidas", "en_plazo", "vencidas")
_CIFRAS = (
    Columna("enviadas", "Enviadas", sumar=True, componentes=tuple((p, 1) for p in _PARTES)),
    Columna("respondidas", "Respondidas", sumar=True),
    Columna(
        "sin_respuesta", "Sin respuesta", sumar=True, componentes=(("en_plazo", 1), ("vencidas", 1))
    ),
    Columna("en_plazo", "En plazo", sumar=True),
    Columna("vencidas", "Vencidas", sumar=True),
)
# La lista (filtro `espera` de la correspondencia enviada) que reproduce cada cifra.
_ESPERA_DE_CIFRA = {
    "persona": "solicitudes",
    "enviadas": "solicitudes",
    "respondidas": "respondidas",
    "sin_respuesta": "sin_respuesta",
    "en_plazo": "en_plazo",
    "vencidas": "vencidas",
}


def _conteos(session: Session, desde: date, hasta: date, hoy: date) -> list[Any]:
    def contar(espera: str) -> Any:
        return func.coalesce(func.sum(case((condicion_de_espera(espera, hoy), 1), else_=0)), 0)

    consulta = (
        select(col(Saliente.autor_id), *(contar(p) for p in _PARTES))
        .where(
            condicion_de_espera("solicitudes"),
            col(Saliente.emitida_el) >= desde,
            col(Saliente.emitida_el) <= hasta,
        )
        .group_by(col(Saliente.autor_id))
    )
    return list(session.exec(consulta).all())


def _enlaces(filtros: dict[str, str]) -> dict[str, Destino]:
    return {
        clave: Destino("salida", {**filtros, "espera": espera})
        for clave, espera in _ESPERA_DE_CIFRA.items()
    }


def por_persona(*, session: Session, desde: date, hasta: date, hoy: date) -> Reporte:
    """Por quien redactó la solicitud (y las sin autor registrado, al final)."""
    conteos = _conteos(session, desde, hasta, hoy)
    ids = [uid for uid, *_ in conteos if uid is not None]
    nombres = dict(
        session.exec(
            select(col(Usuario.id), col(Usuario.nombre_completo)).where(col(Usuario.id).in_(ids))
        ).all()
    )
    rango = {"desde": desde.isoformat(), "hasta": hasta.isoformat()}
    filas: list[dict[str, Valor]] = []
    enlaces: list[dict[str, Destino]] = []
    for uid, *cifras in sorted(conteos, key=lambda f: (f[0] is None, nombres.get(f[0], ""))):
        persona = nombres[uid] if uid is not None else SIN_AUTOR
        filas.append(
            {"persona": persona, **{p: int(v) for p, v in zip(_PARTES, cifras, strict=True)}}
        )
        enlaces.append(_enlaces({**rango, "autor": str(uid) if uid is not None else "ninguno"}))
    return armar(
        nombre="solicitudes",
        titulo="Solicitudes y respuestas esperadas",
        columnas=(Columna("persona", "Persona", "texto"), *_CIFRAS),
        filas=filas,
        enlaces=enlaces,
        descripcion=(
            f"Cartas con plazo de respuesta emitidas del {fecha_larga(desde)} al "
            f"{fecha_larga(hasta)}; vencidas, a hoy {fecha_larga(hoy)}."
        ),
        enlaces_totales=_enlaces(rango),
        hoja="Solicitudes",
    )
