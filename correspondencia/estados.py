"""El ciclo de una carta entrante: sus estados y transiciones, el único lugar donde se deciden."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from expedientes import Ciclo, Mensajes


class EstadoCarta(StrEnum):
    """Dónde está una carta en su trámite."""

    REGISTRADA = "registrada"
    ASIGNADA = "asignada"
    EN_TRAMITE = "en_tramite"
    RESPONDIDA = "respondida"
    ARCHIVADA = "archivada"


NOMBRES_ESTADO_CARTA = {
    EstadoCarta.REGISTRADA: "Registrada",
    EstadoCarta.ASIGNADA: "Asignada",
    EstadoCarta.EN_TRAMITE: "En trámite",
    EstadoCarta.RESPONDIDA: "Respondida",
    EstadoCarta.ARCHIVADA: "Archivada",
}

# La asignación lleva de `registrada` a `asignada` (servicio `asignar`); aquí, el resto.
TRANSICIONES: dict[EstadoCarta, frozenset[EstadoCarta]] = {
    EstadoCarta.REGISTRADA: frozenset({EstadoCarta.ASIGNADA, EstadoCarta.ARCHIVADA}),
    EstadoCarta.ASIGNADA: frozenset(
        {EstadoCarta.EN_TRAMITE, EstadoCarta.RESPONDIDA, EstadoCarta.ARCHIVADA}
    ),
    EstadoCarta.EN_TRAMITE: frozenset({EstadoCarta.RESPONDIDA, EstadoCarta.ARCHIVADA}),
    EstadoCarta.RESPONDIDA: frozenset({EstadoCarta.ARCHIVADA, EstadoCarta.EN_TRAMITE}),
    EstadoCarta.ARCHIVADA: frozenset({EstadoCarta.EN_TRAMITE}),
}

# Estos cambios se explican: archivar sin respuesta, reabrir, o dar por respondida a mano.
REQUIEREN_MOTIVO: frozenset[tuple[EstadoCarta, EstadoCarta]] = frozenset(
    {
        (EstadoCarta.REGISTRADA, EstadoCarta.ARCHIVADA),
        (EstadoCarta.ASIGNADA, EstadoCarta.ARCHIVADA),
        (EstadoCarta.EN_TRAMITE, EstadoCarta.ARCHIVADA),
        (EstadoCarta.ASIGNADA, EstadoCarta.RESPONDIDA),
        (EstadoCarta.EN_TRAMITE, EstadoCarta.RESPONDIDA),
        (EstadoCarta.RESPONDIDA, EstadoCarta.EN_TRAMITE),
        (EstadoCarta.ARCHIVADA, EstadoCarta.EN_TRAMITE),
    }
)

# Mientras la carta está en uno de estos estados, su plazo de respuesta corre.
PLAZO_CORRE = frozenset({EstadoCarta.REGISTRADA, EstadoCarta.ASIGNADA, EstadoCarta.EN_TRAMITE})

# Se puede (re)asignar mientras no esté respondida ni archivada.
ASIGNABLES = PLAZO_CORRE


CICLO_CARTA: Ciclo[EstadoCarta] = Ciclo(
    EstadoCarta,
    NOMBRES_ESTADO_CARTA,
    TRANSICIONES,
    REQUIEREN_MOTIVO,
    mensajes=Mensajes(
        desconocido="Estado desconocido: «{nuevo}».",
        no_permitida="Una carta {origen_min} no puede pasar a {destino_min}.",
        sin_motivo="Pasar de {origen_min} a {destino_min} requiere un motivo.",
    ),
)


@dataclass(frozen=True)
class CambioDeEstado:
    """Un estado al que la carta puede pasar a mano y si ese paso exige motivo."""

    estado: EstadoCarta
    requiere_motivo: bool


def cambios_posibles(actual: str) -> list[CambioDeEstado]:
    """Los cambios de estado que se hacen a mano (asignar va aparte: se elige a la persona)."""
    return [
        CambioDeEstado(e, CICLO_CARTA.requiere_motivo(actual, e))
        for e in CICLO_CARTA.siguientes(actual)
        if e != EstadoCarta.ASIGNADA
    ]


def cambios_posibles_en_lote() -> list[EstadoCarta]:
    """Los estados a los que se pasan varias cartas a la vez (cada una, si su estado lo admite)."""
    return [e for e in EstadoCarta if e not in (EstadoCarta.ASIGNADA, EstadoCarta.REGISTRADA)]
