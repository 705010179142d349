"""Una máquina de estados, la misma para todo lo que tiene ciclo: el expediente y sus etapas, las
cartas, los documentos, los convenios, las transacciones y lo que informa la Unidad Jurídica.

Cada ciclo declara sus estados (una `StrEnum`), cómo los lee una persona, a cuáles se pasa desde
cada uno y qué cambios exigen un motivo por escrito; opcionalmente, las acciones con nombre que
llevan de unos estados a otro (los documentos se «envían», se «aprueban»…). Los mensajes de error
son plantillas con `{origen}`, `{destino}` (y en minúsculas `{origen_min}`, `{destino_min}`),
`{nuevo}`, `{posibles}` y `{falta}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from expedientes.errores import TransicionNoPermitida

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class Mensajes:
    """Cómo dice cada ciclo que un cambio no se puede hacer."""

    desconocido: str = "El estado «{nuevo}» no existe."
    no_permitida: str = (
        "No se puede pasar de «{origen}» a «{destino}». Estados posibles: {posibles}."
    )
    sin_motivo: str = "Pasar de «{origen}» a «{destino}» requiere un motivo."
    # Cuando aún no hay estado (p. ej., una transacción sin solicitud registrada).
    sin_origen: str = "No se puede empezar en «{destino}»."
    ninguno: str = "ninguno"


@dataclass(frozen=True)
class Ciclo(Generic[E]):
    """Los estados de algo, sus nombres y sus transiciones, en una sola declaración."""

    estados: type[E]
    nombres: Mapping[E, str]
    transiciones: Mapping[E, frozenset[E]]
    requieren_motivo: frozenset[tuple[E, E]] = frozenset()
    # Los estados por donde se empieza (desde «ningún estado»).
    iniciales: frozenset[E] = frozenset()
    # Acciones con nombre: acción → (estados desde los que se puede, estado al que lleva).
    acciones: Mapping[str, tuple[frozenset[E], E]] = field(default_factory=dict)
    mensajes: Mensajes = Mensajes()

    def __post_init__(self) -> None:
        """Una declaración incompleta es un error de programación, no de quien usa el sistema."""
        faltan = [e for e in self.estados if e not in self.nombres or e not in self.transiciones]
        if faltan:
            raise ValueError(f"{self.estados.__name__}: sin nombre o sin transiciones: {faltan}")

    def estado(self, valor: str) -> E:
        """El estado de ese valor; TransicionNoPermitida si no existe."""
        try:
            return self.estados(valor)
        except ValueError:
            raise TransicionNoPermitida(self.mensajes.desconocido.format(nuevo=valor)) from None

    def nombre(self, estado: str) -> str:
        """El estado como lo lee una persona."""
        return self.nombres[self.estados(estado)]

    def siguientes(self, actual: str | None) -> list[E]:
        """Los estados a los que se puede pasar desde `actual`, en el orden de la enumeración."""
        permitidos = self.transiciones[self.estados(actual)] if actual else self.iniciales
        return [e for e in self.estados if e in permitidos]

    def permite(self, actual: str | None, nuevo: str) -> bool:
        """¿Se puede pasar de `actual` a `nuevo` (sin mirar el motivo)?"""
        return nuevo in {e.value for e in self.siguientes(actual)}

    def requiere_motivo(self, actual: str, nuevo: str) -> bool:
        """¿Este cambio exige un motivo por escrito?"""
        return (self.estados(actual), self.estados(nuevo)) in self.requieren_motivo

    def validar(self, actual: str | None, nuevo: str, motivo: str = "", falta: str = "") -> E:
        """El estado nuevo si el cambio vale; TransicionNoPermitida con el porqué si no.

        `falta` completa el mensaje con lo que haría falta (la transacción lo usa).
        """
        destino = self.estado(nuevo)
        origen, hacia = (self.nombre(actual) if actual else ""), self.nombres[destino]
        nombres = {
            "origen": origen,
            "destino": hacia,
            "origen_min": origen.lower(),
            "destino_min": hacia.lower(),
            "nuevo": nuevo,
            "falta": falta,
        }
        if not self.permite(actual, destino):
            plantilla = self.mensajes.no_permitida if actual else self.mensajes.sin_origen
            posibles = ", ".join(self.nombres[e] for e in self.siguientes(actual))
            raise TransicionNoPermitida(
                plantilla.format(posibles=posibles or self.mensajes.ninguno, **nombres).strip()
            )
        if actual and self.requiere_motivo(actual, destino) and not motivo.strip():
            raise TransicionNoPermitida(self.mensajes.sin_motivo.format(**nombres))
        return destino

    def acciones_desde(self, actual: str) -> list[str]:
        """Las acciones con nombre que se pueden hacer en el estado `actual`."""
        return [a for a, (desde, _) in self.acciones.items() if actual in desde]

    def destino_de(self, accion: str) -> E:
        """El estado al que lleva una acción."""
        return self.acciones[accion][1]


def transiciones_de(
    acciones: Mapping[str, tuple[frozenset[E], E]], estados: type[E]
) -> dict[E, frozenset[E]]:
    """Las transiciones que resultan de un juego de acciones con nombre."""
    return {
        e: frozenset(hacia for desde, hacia in acciones.values() if e in desde) for e in estados
    }
