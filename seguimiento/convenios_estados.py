"""El ciclo de un convenio de pago: sus estados y transiciones en una sola tabla, y sus alertas.

`borrador` (registrado desde el documento final) → `legalizado` (firmado, con el escaneo en el
expediente) → `vigente` (prima pagada) → `cumplido` (última cuota pagada) o `incumplido` (cuotas
vencidas sin pagar). Cada cambio queda en la bitácora (el convenio es auditable); el que revierte
una decisión exige motivo.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from sqlmodel import Session, select

from expedientes import Ciclo, Mensajes, con_motivo
from seguimiento.modelos import Alerta, Convenio


class EstadoConvenio(StrEnum):
    """Dónde está el convenio."""

    BORRADOR = "borrador"
    LEGALIZADO = "legalizado"
    VIGENTE = "vigente"
    CUMPLIDO = "cumplido"
    INCUMPLIDO = "incumplido"


NOMBRES_ESTADO_CONVENIO = {
    EstadoConvenio.BORRADOR: "Borrador",
    EstadoConvenio.LEGALIZADO: "Legalizado",
    EstadoConvenio.VIGENTE: "Vigente",
    EstadoConvenio.CUMPLIDO: "Cumplido",
    EstadoConvenio.INCUMPLIDO: "Incumplido",
}

TRANSICIONES: dict[EstadoConvenio, frozenset[EstadoConvenio]] = {
    EstadoConvenio.BORRADOR: frozenset({EstadoConvenio.LEGALIZADO}),
    EstadoConvenio.LEGALIZADO: frozenset({EstadoConvenio.VIGENTE}),
    EstadoConvenio.VIGENTE: frozenset({EstadoConvenio.CUMPLIDO, EstadoConvenio.INCUMPLIDO}),
    # Rehabilitar un convenio caído (el patrono se puso al día y el jefe lo acepta).
    EstadoConvenio.INCUMPLIDO: frozenset({EstadoConvenio.VIGENTE}),
    EstadoConvenio.CUMPLIDO: frozenset(),
}
REQUIEREN_MOTIVO = frozenset({(EstadoConvenio.INCUMPLIDO, EstadoConvenio.VIGENTE)})
# Los convenios que reciben pagos.
RECIBEN_PAGOS = frozenset({EstadoConvenio.LEGALIZADO, EstadoConvenio.VIGENTE})
# Los que todavía no terminaron: un expediente no tiene dos a la vez.
CONVENIOS_EN_CURSO = frozenset({EstadoConvenio.BORRADOR, *RECIBEN_PAGOS})


class TipoAlerta(StrEnum):
    """Qué pide atender una alerta de convenio."""

    CUOTA_VENCIDA = "cuota-vencida"
    PROPONER_TRASLADO = "proponer-traslado"
    PROPONER_SIGUIENTE_PASO = "proponer-siguiente-paso"


CICLO_CONVENIO: Ciclo[EstadoConvenio] = Ciclo(
    EstadoConvenio,
    NOMBRES_ESTADO_CONVENIO,
    TRANSICIONES,
    REQUIEREN_MOTIVO,
    mensajes=Mensajes(
        desconocido="El estado de convenio «{nuevo}» no existe.",
        no_permitida="Un convenio «{origen}» no puede pasar a «{destino}». "
        "Estados posibles: {posibles}.",
        sin_motivo="Pasar un convenio de «{origen}» a «{destino}» requiere un motivo.",
    ),
)


def cambiar_estado_convenio(
    session: Session, convenio: Convenio, nuevo: str, *, motivo: str = "", **campos: Any
) -> None:
    """Pasa el convenio a `nuevo` si la tabla lo permite, con los `campos` que cambian con él
    (fechas); el motivo va a la bitácora junto con todo el cambio."""
    destino = CICLO_CONVENIO.validar(convenio.estado, nuevo, motivo)

    def aplicar() -> None:
        convenio.estado = destino
        for campo, valor in campos.items():
            setattr(convenio, campo, valor)
        session.add(convenio)

    if not motivo.strip():
        aplicar()
        return
    with con_motivo(session, motivo.strip()):
        aplicar()


def clave_alerta(tipo: TipoAlerta, convenio: Convenio, cuota: int | None = None) -> str:
    """La clave única de la alerta en el expediente: `cuota-3-vencida:DRP-2026-000123`.

    Lleva el número del convenio: un expediente puede tener otro convenio después de uno caído.
    """
    base = f"cuota-{cuota}-vencida" if tipo == TipoAlerta.CUOTA_VENCIDA else str(tipo)
    return f"{base}:{convenio.documento_numero}"


def alertar(
    session: Session,
    *,
    convenio: Convenio,
    tipo: TipoAlerta,
    mensaje: str,
    hoy: date,
    cuota: int | None = None,
) -> tuple[Alerta, bool]:
    """La alerta de ese motivo (creada ahora si no existía) y si es nueva: una sola por motivo."""
    clave = clave_alerta(tipo, convenio, cuota)
    pendiente = (
        a
        for a in session.new
        if isinstance(a, Alerta) and (a.expediente_id, a.clave) == (convenio.expediente_id, clave)
    )
    # Sin autoflush: buscar una alerta no debe escribir a mitad de una importación grande.
    with session.no_autoflush:
        existente = (
            next(pendiente, None)
            or session.exec(
                select(Alerta).where(
                    Alerta.expediente_id == convenio.expediente_id, Alerta.clave == clave
                )
            ).first()
        )
    if existente is not None:
        return existente, False
    alerta = Alerta(
        expediente_id=convenio.expediente_id,
        convenio_id=convenio.id,
        clave=clave,
        tipo=tipo,
        mensaje=mensaje[:1000],
        creada_el=hoy,
    )
    session.add(alerta)
    return alerta, True
