"""Aplicar un pago a los convenios del patrono: primero la prima, después las cuotas por orden de
vencimiento; lo que sobra pasa a las cuotas siguientes y, tras la última, queda sin aplicar.

Cada pieza queda en `AplicacionPago` (solo se agregan). Pagar la prima deja el convenio vigente;
pagar la última cuota lo deja cumplido y propone el siguiente paso.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, exists, insert
from sqlmodel import Session, col, select

from archivo import Sello
from expedientes import CERO, Expediente
from plantillas import DocumentoGenerado
from seguimiento.convenios_estados import (
    RECIBEN_PAGOS,
    EstadoConvenio,
    TipoAlerta,
    alertar,
    cambiar_estado_convenio,
)
from seguimiento.modelos import AplicacionPago, Convenio, CuotaConvenio, Pago


@dataclass
class ConvenioAbierto:
    """Un convenio que recibe pagos, con sus cuotas por vencimiento y la fecha de su documento
    (un pago anterior a esa fecha no es de este convenio)."""

    convenio: Convenio
    cuotas: list[CuotaConvenio]
    desde: date


@dataclass
class Efectos:
    """Lo que produjeron los pagos aplicados, con las piezas de aplicación por guardar."""

    aplicado: Decimal = CERO
    vigentes: list[str] = field(default_factory=list)
    cumplidos: list[str] = field(default_factory=list)
    piezas: list[dict[str, Any]] = field(default_factory=list)

    def guardar_piezas(self, session: Session) -> None:
        """Inserta las piezas pendientes de una vez (no son auditables: solo se agregan)."""
        if self.piezas:
            session.execute(insert(AplicacionPago), self.piezas)
            self.piezas = []


def sin_sellar() -> ColumnElement[bool]:
    """Condición: el expediente del convenio no está sellado (entonces ya nada suyo cambia)."""
    return ~exists().where(col(Sello.expediente_id) == col(Convenio.expediente_id))


def convenios_abiertos(
    session: Session, patrono_id: int | None = None
) -> dict[int, list[ConvenioAbierto]]:
    """Los convenios legalizados o vigentes de expedientes sin sellar, por patrono (del más
    antiguo al más reciente), bloqueados hasta el final de la transacción."""
    filtros: list[ColumnElement[bool]] = [
        col(Convenio.estado).in_(list(RECIBEN_PAGOS)),
        sin_sellar(),
    ]
    if patrono_id is not None:
        filtros.append(col(Expediente.patrono_id) == patrono_id)
    filas = session.exec(
        select(Convenio, col(Expediente.patrono_id), col(DocumentoGenerado.fecha))
        .join(Expediente, col(Expediente.id) == col(Convenio.expediente_id))
        .join(DocumentoGenerado, col(DocumentoGenerado.numero) == col(Convenio.documento_numero))
        .where(*filtros)
        .order_by(col(Convenio.id))
        .with_for_update(of=Convenio)
        .execution_options(populate_existing=True)
    ).all()
    cuotas: dict[int, list[CuotaConvenio]] = defaultdict(list)
    for cuota in session.exec(
        select(CuotaConvenio)
        .join(Convenio, col(Convenio.id) == col(CuotaConvenio.convenio_id))
        .join(Expediente, col(Expediente.id) == col(Convenio.expediente_id))
        .where(*filtros)
        .order_by(col(CuotaConvenio.vence_el), col(CuotaConvenio.numero))
        .execution_options(populate_existing=True)
    ).all():
        cuotas[cuota.convenio_id].append(cuota)
    abiertos: dict[int, list[ConvenioAbierto]] = defaultdict(list)
    for convenio, patrono, desde in filas:
        abiertos[patrono].append(ConvenioAbierto(convenio, cuotas[convenio.id or 0], desde))
    return abiertos


def _pieza(
    efectos: Efectos, pago: Pago, convenio: Convenio, cuota: CuotaConvenio | None, monto: Decimal
) -> None:
    efectos.aplicado += monto
    efectos.piezas.append(
        {
            "pago_id": pago.id,
            "convenio_id": convenio.id,
            "cuota_id": cuota.id if cuota else None,
            "monto": monto,
        }
    )


def _a_la_prima(session: Session, pago: Pago, abierto: ConvenioAbierto, efectos: Efectos) -> None:
    convenio = abierto.convenio
    parte = min(convenio.prima - convenio.prima_pagada, pago.sin_aplicar)
    if parte > 0:
        convenio.prima_pagada += parte
        pago.sin_aplicar -= parte
        _pieza(efectos, pago, convenio, None, parte)
    if convenio.estado == EstadoConvenio.LEGALIZADO and convenio.prima_pagada == convenio.prima:
        # No rige antes de firmarse aunque la prima se haya pagado antes.
        desde = max(pago.fecha, convenio.firmado_el or pago.fecha)
        cambiar_estado_convenio(session, convenio, EstadoConvenio.VIGENTE, vigente_desde=desde)
        efectos.vigentes.append(convenio.documento_numero)


def _a_las_cuotas(session: Session, pago: Pago, abierto: ConvenioAbierto, efectos: Efectos) -> None:
    for cuota in abierto.cuotas:
        if pago.sin_aplicar <= 0:
            return
        parte = min(cuota.monto - cuota.pagado, pago.sin_aplicar)
        if parte <= 0:
            continue
        cuota.pagado += parte
        pago.sin_aplicar -= parte
        _pieza(efectos, pago, abierto.convenio, cuota, parte)
        if cuota.pagado == cuota.monto:
            cuota.pagada_el = pago.fecha
        session.add(cuota)


def _cumplido(session: Session, pago: Pago, abierto: ConvenioAbierto, hoy: date) -> None:
    convenio = abierto.convenio
    cambiar_estado_convenio(session, convenio, EstadoConvenio.CUMPLIDO, cerrado_el=pago.fecha)
    alertar(
        session,
        convenio=convenio,
        tipo=TipoAlerta.PROPONER_SIGUIENTE_PASO,
        hoy=hoy,
        mensaje=(
            f"El convenio {convenio.documento_numero} quedó cumplido: se pagó su última cuota "
            f"el {pago.fecha:%d/%m/%Y} (pago {pago.referencia}). Proponga el siguiente paso: "
            "la solicitud de transacción (exoneración de multas y recargos) o el descargo."
        ),
    )


def aplicar_pago(
    session: Session, *, pago: Pago, abiertos: list[ConvenioAbierto], hoy: date, efectos: Efectos
) -> None:
    """Aplica lo que queda sin aplicar del pago (ya guardado, con id) a los convenios dados; las
    piezas quedan en `efectos` hasta `guardar_piezas`."""
    for abierto in abiertos:
        convenio = abierto.convenio
        if pago.sin_aplicar <= 0:
            break
        if convenio.estado not in RECIBEN_PAGOS or pago.fecha < abierto.desde:
            continue
        _a_la_prima(session, pago, abierto, efectos)
        if convenio.estado != EstadoConvenio.VIGENTE:
            continue
        _a_las_cuotas(session, pago, abierto, efectos)
        if all(c.pagado == c.monto for c in abierto.cuotas):
            _cumplido(session, pago, abierto, hoy)
            efectos.cumplidos.append(convenio.documento_numero)
        session.add(convenio)
    session.add(pago)


def aplicar_pendientes(
    session: Session, *, convenio: Convenio, patrono_id: int, hoy: date
) -> Efectos:
    """Aplica al convenio recién legalizado (o rehabilitado) los pagos del patrono que quedaron
    sin aplicar desde la fecha de su documento: la prima pudo pagarse e importarse antes de
    registrar la firma."""
    efectos = Efectos()
    abiertos = convenios_abiertos(session, patrono_id).get(patrono_id, [])
    propio = [a for a in abiertos if a.convenio.id == convenio.id]
    if not propio:
        return efectos
    pendientes = session.exec(
        select(Pago)
        .where(
            Pago.patrono_id == patrono_id,
            col(Pago.sin_aplicar) > 0,
            col(Pago.fecha) >= propio[0].desde,
        )
        .order_by(col(Pago.fecha), col(Pago.referencia))
    ).all()
    for pago in pendientes:
        aplicar_pago(session, pago=pago, abiertos=propio, hoy=hoy, efectos=efectos)
    efectos.guardar_piezas(session)
    return efectos
