"""Los convenios vistos desde fuera: cada uno con su expediente, su patrono y lo pagado, y los que
todavía no terminaron (impiden archivar el expediente)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from expedientes import (
    CERO,
    FILTRO_SIN_SUCURSAL,
    ErrorDominio,
    Expediente,
    Patrono,
    Permiso,
    Usuario,
    exigir,
    moneda,
    solo_lo_de,
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
    filas = session.exec(
        select(Convenio, Expediente.numero, Patrono.numero_patronal, Patrono.razon_social)
        .join(Expediente, col(Expediente.id) == col(Convenio.expediente_id))
        .join(Patrono, col(Patrono.id) == col(Expediente.patrono_id))
        .where(*filtros)
        .order_by(col(Convenio.id))
    ).all()
    cuotas: dict[int, list[CuotaConvenio]] = {}
    for cuota in session.exec(
        select(CuotaConvenio)
        .join(Convenio, col(Convenio.id) == col(CuotaConvenio.convenio_id))
        .where(*filtros)
        .order_by(col(CuotaConvenio.vence_el), col(CuotaConvenio.numero))
    ).all():
        cuotas.setdefault(cuota.convenio_id, []).append(cuota)
    return [FilaConvenio(c, e, n, r, cuotas.get(c.id or 0, [])) for c, e, n, r in filas]


def convenios_sin_terminar(session: Session, expediente_id: int) -> list[str]:
    """Los convenios del expediente que no han terminado (un `Bloqueo` de `archivo.sellado`)."""
    return [
        f"Convenio {c.documento_numero} {NOMBRES_ESTADO_CONVENIO[EstadoConvenio(c.estado)].lower()}: "
        f"saldo {moneda(fila.saldo)}."
        for fila in listar_convenios(session=session, expediente_id=expediente_id)
        if (c := fila.convenio).estado in CONVENIOS_EN_CURSO
    ]


@dataclass(frozen=True)
class RenglonConvenio:
    """Un convenio de la lista: su fila, su sucursal, lo que falta por cobrar y lo vencido sin
    pagar a hoy."""

    fila: FilaConvenio
    sucursal: str
    saldo: Decimal
    vencido: Decimal
    mas_antigua: date | None


def _renglon(fila: FilaConvenio, sucursal: str, dia: date) -> RenglonConvenio:
    """Las cifras como las cuenta el panel: lo que falta de cada cuota (lo pagado de más a una no
    descuenta otra) más la prima sin pagar, y lo vencido, de las cuotas con vencimiento anterior
    a hoy que no están pagadas del todo."""
    falta = [c.monto - c.pagado for c in fila.cuotas if c.pagado < c.monto]
    saldo = fila.convenio.prima - fila.convenio.prima_pagada + sum(falta, CERO)
    atrasadas = [c for c in fila.cuotas if c.vence_el < dia and c.pagado < c.monto]
    vencido = sum((c.monto - c.pagado for c in atrasadas), CERO)
    mas_antigua = min((c.vence_el for c in atrasadas), default=None)
    return RenglonConvenio(fila, sucursal, saldo, vencido, mas_antigua)


def estados_pedidos(valor: str) -> list[str]:
    """Los estados pedidos en un filtro (`vigente,incumplido`); uno que no existe se ignora."""
    return [e for e in dict.fromkeys(valor.split(",")) if e in set(EstadoConvenio)]


@dataclass(frozen=True)
class ConveniosVisibles:
    """Los convenios que esta persona ve con esos filtros, y si son solo los de sus expedientes."""

    renglones: list[RenglonConvenio]
    solo_lo_suyo: bool


def convenios_visibles(
    *,
    session: Session,
    usuario: Usuario,
    estados: list[str],
    sucursal: str,
    con_vencidas: bool,
    hoy: date,
) -> ConveniosVisibles:
    """Los convenios que cumplen los filtros, del más antiguo al más reciente: un gestor, los de
    sus expedientes (AccesoDenegado si la persona no sigue los casos)."""
    exigir(usuario, Permiso.VER_SEGUIMIENTO)
    gestor_id = solo_lo_de(usuario)
    pedidos: list[str | None] = [*estados] or [None]
    filas = [f for e in pedidos for f in listar_convenios(session=session, estado=e)]
    datos = {
        numero: (suc or "", gestor)
        for numero, suc, gestor in session.exec(
            select(Expediente.numero, Expediente.sucursal, Expediente.gestor_id).join(
                Convenio, col(Convenio.expediente_id) == Expediente.id
            )
        ).all()
    }
    pedida = "" if sucursal == FILTRO_SIN_SUCURSAL else sucursal
    lista = []
    for f in sorted(filas, key=lambda f: f.convenio.id or 0):
        suc, gestor = datos[f.expediente]
        if (gestor_id is not None and gestor != gestor_id) or (sucursal and suc != pedida):
            continue
        renglon = _renglon(f, suc, hoy)
        if not con_vencidas or renglon.vencido:
            lista.append(renglon)
    return ConveniosVisibles(lista, gestor_id is not None)
