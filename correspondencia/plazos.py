"""Cómo se dice el plazo de respuesta de una carta: «Vence en 3 días hábiles», «Vencida hace 2
días hábiles», con la clase que lo pinta (vencida, por vencer, en plazo)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from correspondencia.bandeja import limite_por_vencer
from correspondencia.estados import PLAZO_CORRE
from expedientes import dias_habiles_entre, fecha_corta


class Plazo(NamedTuple):
    """El texto del plazo y su clase (`vencida`, `por-vencer`, `en-plazo` o vacía)."""

    texto: str
    clase: str


def _dias(n: int) -> str:
    return "1 día hábil" if n == 1 else f"{n} días hábiles"


def describir_plazo(vence_el: date | None, estado: str, dia: date) -> Plazo:
    """El plazo de una carta el día `dia`; sin clase si su plazo no corre."""
    if vence_el is None:
        return Plazo("Sin plazo", "")
    if estado not in PLAZO_CORRE:
        return Plazo(fecha_corta(vence_el), "")
    if vence_el < dia:
        n = dias_habiles_entre(vence_el, dia)
        return Plazo(f"Vencida hace {_dias(n)}" if n else "Vencida", "vencida")
    clase = "por-vencer" if vence_el <= limite_por_vencer(dia) else "en-plazo"
    if vence_el == dia:
        return Plazo("Vence hoy", clase)
    return Plazo(f"Vence en {_dias(dias_habiles_entre(dia, vence_el))}", clase)
