"""Los estados de la transacción ante el Consejo Directivo, sus pasos y lo que falta en cada uno.

`solicitada` (la carta registrada del patrono) → `anteproyecto` (el Anteproyecto de Acuerdo final
que la cita) → `en_consejo` → `acordada` (el Acuerdo y la carta del Consejo, que entra al
expediente) o `denegada` (el expediente vuelve a gestión, con motivo) → `aplicada` (en la cuenta
patronal) → `descargada`. Cada paso tiene su fecha, que no retrocede ni es futura; quién lo dio
queda en la bitácora. Nada cambia en un expediente sellado.
"""

from __future__ import annotations

from enum import StrEnum

from expedientes import Ciclo, Mensajes

PLANTILLA_ANTEPROYECTO = "anteproyecto_acuerdo"
TIPO_SOLICITUD = "solicitud_patrono"
TIPO_ACUERDO = "acuerdo_consejo"
TIPO_CONSTANCIA = "constancia_aplicacion"


class EstadoTransaccion(StrEnum):
    """Dónde está la solicitud de exoneración."""

    SOLICITADA = "solicitada"
    ANTEPROYECTO = "anteproyecto"
    EN_CONSEJO = "en_consejo"
    ACORDADA = "acordada"
    APLICADA = "aplicada"
    DESCARGADA = "descargada"
    DENEGADA = "denegada"


E = EstadoTransaccion
NOMBRES_ESTADO_TRANSACCION = {
    E.SOLICITADA: "Solicitada",
    E.ANTEPROYECTO: "Con Anteproyecto de Acuerdo",
    E.EN_CONSEJO: "En el Consejo Directivo",
    E.ACORDADA: "Acordada por el Consejo Directivo",
    E.APLICADA: "Aplicada en la cuenta patronal",
    E.DESCARGADA: "Descargada",
    E.DENEGADA: "Denegada por el Consejo Directivo",
}
# El paso que lleva a cada estado, como se lista en la situación.
NOMBRES_PASO_TRANSACCION = {
    E.SOLICITADA: "Solicitud del patrono",
    E.ANTEPROYECTO: "Anteproyecto de Acuerdo",
    E.EN_CONSEJO: "Envío al Consejo Directivo",
    E.ACORDADA: "Acuerdo del Consejo Directivo",
    E.APLICADA: "Aplicación en la cuenta patronal",
    E.DESCARGADA: "Descargo",
    E.DENEGADA: "Denegación del Consejo Directivo",
}
TRANSICIONES: dict[EstadoTransaccion, frozenset[EstadoTransaccion]] = {
    E.SOLICITADA: frozenset({E.ANTEPROYECTO}),
    E.ANTEPROYECTO: frozenset({E.EN_CONSEJO}),
    E.EN_CONSEJO: frozenset({E.ACORDADA, E.DENEGADA}),
    E.ACORDADA: frozenset({E.APLICADA}),
    E.APLICADA: frozenset({E.DESCARGADA}),
    E.DESCARGADA: frozenset(),
    E.DENEGADA: frozenset(),
}
# Lo que hace falta para salir de cada estado (o por qué ya no se sale).
FALTA = {
    None: "Falta registrar la solicitud del patrono: una carta registrada y vinculada a este "
    "expediente.",
    E.SOLICITADA: "Falta registrar el Anteproyecto de Acuerdo final que cite la solicitud.",
    E.ANTEPROYECTO: "Falta registrar el envío al Consejo Directivo.",
    E.EN_CONSEJO: "Falta registrar el Acuerdo del Consejo Directivo (o su denegación).",
    E.ACORDADA: "Falta confirmar la aplicación en la cuenta patronal.",
    E.APLICADA: "Falta registrar el descargo.",
    E.DESCARGADA: "La transacción ya está descargada: no admite más pasos.",
    E.DENEGADA: "El Consejo Directivo denegó la transacción: no admite más pasos.",
}
ORDEN = [E.SOLICITADA, E.ANTEPROYECTO, E.EN_CONSEJO, E.ACORDADA, E.APLICADA, E.DESCARGADA]


CICLO_TRANSACCION: Ciclo[EstadoTransaccion] = Ciclo(
    EstadoTransaccion,
    NOMBRES_ESTADO_TRANSACCION,
    TRANSICIONES,
    iniciales=frozenset({E.SOLICITADA}),
    mensajes=Mensajes(
        no_permitida="La transacción está «{origen}»: no puede pasar a «{destino}». {falta}",
        sin_origen="La transacción no tiene solicitud registrada: no puede pasar a «{destino}». "
        "{falta}",
    ),
)


def validar_paso(actual: str | None, nuevo: EstadoTransaccion) -> None:
    """TransicionNoPermitida, diciendo qué falta, si la transacción no puede dar ese paso."""
    CICLO_TRANSACCION.validar(actual, nuevo, falta=FALTA[E(actual) if actual else None])
