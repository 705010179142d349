"""Los estados de una carta entrante y sus transiciones: el único lugar donde se deciden."""

from __future__ import annotations

from enum import StrEnum

from expedientes.errores import TransicionNoPermitida


class Estado(StrEnum):
    """Dónde está una carta en su trámite."""

    REGISTRADA = "registrada"
    ASIGNADA = "asignada"
    EN_TRAMITE = "en_tramite"
    RESPONDIDA = "respondida"
    ARCHIVADA = "archivada"


NOMBRES_ESTADO = {
    Estado.REGISTRADA: "Registrada",
    Estado.ASIGNADA: "Asignada",
    Estado.EN_TRAMITE: "En trámite",
    Estado.RESPONDIDA: "Respondida",
    Estado.ARCHIVADA: "Archivada",
}

# La asignación lleva de `registrada` a `asignada` (servicio `asignar`); aquí, el resto.
TRANSICIONES: dict[Estado, frozenset[Estado]] = {
    Estado.REGISTRADA: frozenset({Estado.ASIGNADA, Estado.ARCHIVADA}),
    Estado.ASIGNADA: frozenset({Estado.EN_TRAMITE, Estado.RESPONDIDA, Estado.ARCHIVADA}),
    Estado.EN_TRAMITE: frozenset({Estado.RESPONDIDA, Estado.ARCHIVADA}),
    Estado.RESPONDIDA: frozenset({Estado.ARCHIVADA, Estado.EN_TRAMITE}),
    Estado.ARCHIVADA: frozenset({Estado.EN_TRAMITE}),
}

# Estos cambios se explican: archivar sin respuesta, reabrir, o dar por respondida a mano.
REQUIEREN_MOTIVO: frozenset[tuple[Estado, Estado]] = frozenset(
    {
        (Estado.REGISTRADA, Estado.ARCHIVADA),
        (Estado.ASIGNADA, Estado.ARCHIVADA),
        (Estado.EN_TRAMITE, Estado.ARCHIVADA),
        (Estado.ASIGNADA, Estado.RESPONDIDA),
        (Estado.EN_TRAMITE, Estado.RESPONDIDA),
        (Estado.RESPONDIDA, Estado.EN_TRAMITE),
        (Estado.ARCHIVADA, Estado.EN_TRAMITE),
    }
)

# Mientras la carta está en uno de estos estados, su plazo de respuesta corre.
PLAZO_CORRE = frozenset({Estado.REGISTRADA, Estado.ASIGNADA, Estado.EN_TRAMITE})

# Se puede (re)asignar mientras no esté respondida ni archivada.
ASIGNABLES = PLAZO_CORRE


def validar_transicion(actual: str, nuevo: str, motivo: str) -> None:
    """Lanza TransicionNoPermitida si el cambio no existe o le falta el motivo."""
    try:
        desde, hacia = Estado(actual), Estado(nuevo)
    except ValueError:
        raise TransicionNoPermitida(f"Estado desconocido: «{nuevo}».") from None
    if hacia not in TRANSICIONES[desde]:
        raise TransicionNoPermitida(
            f"Una carta {NOMBRES_ESTADO[desde].lower()} no puede pasar a "
            f"{NOMBRES_ESTADO[hacia].lower()}."
        )
    if (desde, hacia) in REQUIEREN_MOTIVO and not motivo.strip():
        raise TransicionNoPermitida(
            f"Pasar de {NOMBRES_ESTADO[desde].lower()} a {NOMBRES_ESTADO[hacia].lower()} "
            "requiere un motivo."
        )
