"""Los convenios vistos desde fuera: cada uno con su expediente, su patrono y lo pagado, y los que
todavía no terminaron (impiden archivar el expediente)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from expedientes import (
    ErrorDominio,
    Expediente,
    Patrono,
    moneda,
)
from seguimiento.convenios_estados import (
    CONVENIOS_EN_CURSO,
    NOMBRES_ESTADO_CONVENIO,
    EstadoConvenio,
)
from seguimiento.modelos import Convenio, CuotaConvenio


@dataclass(frozen=True)
class FilaConvenio:
    """Un convenio con su expediente, su patrono y cuánto lleva pagado."""

    convenio: Convenio
    expediente: str
    numero_patronal: str
    razon_social: str
    cuotas: list[CuotaConvenio]

    @property
    def pagado(self) -> Decimal:
        """La prima pagada más lo pagado de las cuotas."""
        return self.convenio.prima_pagada + sum((c.pagado for c in self.cuotas), Decimal("0.00"))

    @property
    def saldo(self) -> Decimal:
        """Lo que falta por pagar del total convenido."""
        return self.convenio.total - self.pagado

    @property
    def proxima(self) -> CuotaConvenio | None:
        """La primera cuota que no está pagada del todo."""
        return next((c for c in self.cuotas if c.pagado < c.monto), None)

    def como_dict(self) -> dict[str, Any]:
        """Para JSON: montos como texto exacto, fechas ISO."""
        c, proxima = self.convenio, self.proxima
        return {
            "convenio": c.documento_numero,
            "expediente": self.expediente,
            "numero_patronal": self.numero_patronal,
            "razon_social": self.razon_social,
            "estado": c.estado,
            "prima": str(c.prima),
            "prima_pagada": str(c.prima_pagada),
            "financiado": str(c.financiado),
            "total": str(c.total),
            "pagado": str(self.pagado),
            "saldo": str(self.saldo),
            "cuotas": len(self.cuotas),
            "cuotas_pagadas": sum(1 for q in self.cuotas if q.pagado == q.monto),
            "proxima_cuota": proxima.numero if proxima else None,
            "proximo_vencimiento": proxima.vence_el.isoformat() if proxima else None,
            "firmado_el": c.firmado_el.isoformat() if c.firmado_el else None,
            "vigente_desde": c.vigente_desde.isoformat() if c.vigente_desde else None,
            "cerrado_el": c.cerrado_el.isoformat() if c.cerrado_el else None,
        }


def listar_convenios(
    *, session: Session, estado: str | None = None, expediente_id: int | None = None
) -> list[FilaConvenio]:
    """Los convenios (de un estado o un expediente, si se indica), del más antiguo al más
    reciente."""
    if estado is not None and estado not in set(EstadoConvenio):
        raise ErrorDominio(
            f"El estado «{estado}» no existe; use uno de: {', '.join(EstadoConvenio)}."
        )
    filtros = []
    if estado is not None:
        filtros.append(col(Convenio.estado) == estado)
    if expediente_id is not None:
        filtros.append(col(Convenio.expediente_id) == expediente_id)
    return [fila for fila, _ in filas_de_convenios(session, filtros)]


def filas_de_convenios(
    session: Session, condiciones: list[Any]
) -> list[tuple[FilaConvenio, str | None]]:
    """Los convenios que cumplen las condiciones (sobre convenio, expediente o patrono), por id,
    cada uno con sus cuotas y la sucursal de su expediente."""
    filas = session.exec(
        select(  # type: ignore[call-overload]
            Convenio, Expediente.numero, Patrono.numero_patronal, Patrono.razon_social,
            Expediente.sucursal,
        )
        .join(Expediente, col(Expediente.id) == col(Convenio.expediente_id))
        .join(Patrono, col(Patrono.id) == col(Expediente.patrono_id))
        .where(*condiciones)
        .order_by(col(Convenio.id))
    ).all()  # fmt: skip
    cuotas: dict[int, list[CuotaConvenio]] = {}
    for cuota in session.exec(
        select(CuotaConvenio)
        .join(Convenio, col(Convenio.id) == col(CuotaConvenio.convenio_id))
        .join(Expediente, col(Expediente.id) == col(Convenio.expediente_id))
        .join(Patrono, col(Patrono.id) == col(Expediente.patrono_id))
        .where(*condiciones)
        .order_by(col(CuotaConvenio.vence_el), col(CuotaConvenio.numero))
    ).all():
        cuotas.setdefault(cuota.convenio_id, []).append(cuota)
    return [(FilaConvenio(c, e, n, r, cuotas.get(c.id or 0, [])), suc) for c, e, n, r, suc in filas]


def convenios_sin_terminar(session: Session, expediente_id: int) -> list[str]:
    """Los convenios del expediente que no han terminado (un `Bloqueo` de `archivo.sellado`)."""
    return [
        f"Convenio {c.documento_numero} {NOMBRES_ESTADO_CONVENIO[EstadoConvenio(c.estado)].lower()}: "
        f"saldo {moneda(fila.saldo)}."
        for fila in listar_convenios(session=session, expediente_id=expediente_id)
        if (c := fila.convenio).estado in CONVENIOS_EN_CURSO
    ]
