"""El ciclo del expediente: sus tipos, sus etapas y las transiciones permitidas, en un solo lugar."""

from __future__ import annotations

from enum import StrEnum

from expedientes.ciclos import Ciclo, Mensajes


class TipoExpediente(StrEnum):
    """El asunto del expediente."""

    COBRO = "cobro"
    CONVENIO = "convenio"
    TRANSACCION = "transaccion"
    JURIDICA = "juridica"


NOMBRES_TIPO_EXPEDIENTE = {
    TipoExpediente.COBRO: "Cobro administrativo",
    TipoExpediente.CONVENIO: "Convenio de pago",
    TipoExpediente.TRANSACCION: "Transacción (exoneración de multas y recargos)",
    TipoExpediente.JURIDICA: "Traslado a Unidad Jurídica",
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


CICLO_EXPEDIENTE: Ciclo[Etapa] = Ciclo(
    Etapa,
    NOMBRES_ETAPA,
    TRANSICIONES,
    REQUIEREN_MOTIVO,
    mensajes=Mensajes(
        desconocido="La etapa «{nuevo}» no existe.",
        no_permitida="Un expediente en etapa «{origen}» no puede pasar a «{destino}». "
        "Etapas posibles: {posibles}.",
        ninguno="ninguna",
    ),
)
