"""La máquina de estados del expediente: las etapas y las transiciones permitidas, en un solo lugar."""

from __future__ import annotations

from enum import StrEnum

from expedientes.errores import TransicionNoPermitida


class Tipo(StrEnum):
    """El asunto del expediente."""

    COBRO = "cobro"
    CONVENIO = "convenio"
    TRANSACCION = "transaccion"
    JURIDICA = "juridica"


NOMBRES_TIPO = {
    Tipo.COBRO: "Cobro administrativo",
    Tipo.CONVENIO: "Convenio de pago",
    Tipo.TRANSACCION: "Transacción (exoneración de multas y recargos)",
    Tipo.JURIDICA: "Traslado a Unidad Jurídica",
}


class Etapa(StrEnum):
    """Dónde está el caso."""

    ABIERTO = "abierto"
    EN_GESTION = "en_gestion"
    EN_CONVENIO = "en_convenio"
    EN_CONSEJO = "en_consejo"
    EN_JURIDICA = "en_juridica"
    CERRADO = "cerrado"
    ANULADO = "anulado"


NOMBRES_ETAPA = {
    Etapa.ABIERTO: "Abierto",
    Etapa.EN_GESTION: "En gestión de cobro",
    Etapa.EN_CONVENIO: "Convenio vigente",
    Etapa.EN_CONSEJO: "En Consejo Directivo",
    Etapa.EN_JURIDICA: "En Unidad Jurídica",
    Etapa.CERRADO: "Cerrado",
    Etapa.ANULADO: "Anulado",
}

TRANSICIONES: dict[Etapa, frozenset[Etapa]] = {
    Etapa.ABIERTO: frozenset({Etapa.EN_GESTION, Etapa.ANULADO}),
    Etapa.EN_GESTION: frozenset(
        {Etapa.EN_CONVENIO, Etapa.EN_CONSEJO, Etapa.EN_JURIDICA, Etapa.CERRADO}
    ),
    Etapa.EN_CONVENIO: frozenset(
        {Etapa.EN_GESTION, Etapa.EN_CONSEJO, Etapa.EN_JURIDICA, Etapa.CERRADO}
    ),
    # El Consejo puede denegar (vuelve a gestión) o acordar (se cierra tras aplicarlo).
    Etapa.EN_CONSEJO: frozenset({Etapa.EN_GESTION, Etapa.CERRADO}),
    # Jurídica puede devolver el caso (con motivo) para seguir el cobro administrativo.
    Etapa.EN_JURIDICA: frozenset({Etapa.EN_GESTION, Etapa.CERRADO}),
    # Reabrir un caso cerrado exige motivo; anulado es definitivo.
    Etapa.CERRADO: frozenset({Etapa.EN_GESTION}),
    Etapa.ANULADO: frozenset(),
}

ETAPAS_FINALES = frozenset({Etapa.CERRADO, Etapa.ANULADO})
# Las transiciones que piden motivo por escrito: revierten o terminan un caso.
REQUIEREN_MOTIVO = frozenset(
    {
        (Etapa.CERRADO, Etapa.EN_GESTION),
        (Etapa.ABIERTO, Etapa.ANULADO),
        (Etapa.EN_CONSEJO, Etapa.EN_GESTION),
        (Etapa.EN_JURIDICA, Etapa.EN_GESTION),
    }
)


def siguientes(actual: str) -> list[Etapa]:
    """Las etapas a las que se puede pasar desde `actual`, en el orden de la enumeración."""
    permitidas = TRANSICIONES[Etapa(actual)]
    return [e for e in Etapa if e in permitidas]


def validar_transicion(actual: str, nueva: str, motivo: str) -> Etapa:
    """La etapa nueva si la transición es válida; TransicionNoPermitida con el porqué si no."""
    try:
        destino = Etapa(nueva)
    except ValueError:
        raise TransicionNoPermitida(f"La etapa «{nueva}» no existe.") from None
    origen = Etapa(actual)
    if destino not in TRANSICIONES[origen]:
        posibles = ", ".join(NOMBRES_ETAPA[e] for e in siguientes(origen)) or "ninguna"
        raise TransicionNoPermitida(
            f"Un expediente en etapa «{NOMBRES_ETAPA[origen]}» no puede pasar a "
            f"«{NOMBRES_ETAPA[destino]}». Etapas posibles: {posibles}."
        )
    if (origen, destino) in REQUIEREN_MOTIVO and not motivo.strip():
        raise TransicionNoPermitida(
            f"Pasar de «{NOMBRES_ETAPA[origen]}» a «{NOMBRES_ETAPA[destino]}» requiere un motivo."
        )
    return destino
