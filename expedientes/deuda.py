"""La deuda de un patrono por período y el recargo del Art. 33 al corte."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from expedientes.identificadores import formatear_periodo
from expedientes.modelos import DeudaPeriodo
from expedientes.tipos import a_dinero

CERO = Decimal("0.00")


def sumar_meses(d: date, meses: int) -> date:
    """El mismo día `meses` después; si ese día no existe, el último del mes destino."""
    total = d.month - 1 + meses
    anio, mes = d.year + total // 12, total % 12 + 1
    # El día se ajusta al último del mes destino (31 de enero + 1 mes = 28/29 de febrero).
    for dia in (d.day, 30, 29, 28):
        try:
            return date(anio, mes, dia)
        except ValueError:
            continue
    raise AssertionError("inalcanzable")


def meses_de_mora(fecha_limite: date, corte: date) -> int:
    """Meses o fracción de mes transcurridos desde el vencimiento hasta el corte (0 si no venció)."""
    if corte <= fecha_limite:
        return 0
    meses = (corte.year - fecha_limite.year) * 12 + corte.month - fecha_limite.month
    meses = max(meses, 1)
    while sumar_meses(fecha_limite, meses) < corte:
        meses += 1
    while meses > 1 and sumar_meses(fecha_limite, meses - 1) >= corte:
        meses -= 1
    return meses


def recargo(*, cuota: Decimal, fecha_limite: date, corte: date, tasa_mensual: Decimal) -> Decimal:
    """Art. 33: la tasa sobre la cuota no pagada por cada mes o fracción de retraso."""
    return a_dinero(cuota * tasa_mensual * meses_de_mora(fecha_limite, corte))


@dataclass(frozen=True)
class LineaDeuda:
    """Un período adeudado con su recargo al corte."""

    periodo: date
    cuota: Decimal
    recargo: Decimal
    multa: Decimal
    fecha_limite_pago: date
    meses_mora: int
    # Lo que el Consejo Directivo exoneró (multa y recargo al corte): ya no se cobra ni suma.
    exonerado_el: date | None = None
    multa_exonerada: Decimal = Decimal("0.00")
    recargo_exonerado: Decimal = Decimal("0.00")

    @property
    def periodo_texto(self) -> str:
        """`MM/AAAA`."""
        return formatear_periodo(self.periodo)

    @property
    def total(self) -> Decimal:
        """Cuota + recargo + multa."""
        return self.cuota + self.recargo + self.multa


@dataclass(frozen=True)
class EstadoDeuda:
    """La mora de un patrono al corte: líneas por período y totales que suman exactamente.

    Solo es mora lo que venció antes del corte: un período cuyo plazo de pago vence el día del
    corte o después no se cobra ni se cuenta en el total; queda aparte, en `no_vencidas`.
    """

    corte: date
    lineas: list[LineaDeuda]
    no_vencidas: list[LineaDeuda] = field(default_factory=list)

    @property
    def cuotas(self) -> Decimal:
        """Suma de cuotas."""
        return sum((linea.cuota for linea in self.lineas), CERO)

    @property
    def recargos(self) -> Decimal:
        """Suma de recargos."""
        return sum((linea.recargo for linea in self.lineas), CERO)

    @property
    def multas(self) -> Decimal:
        """Suma de multas."""
        return sum((linea.multa for linea in self.lineas), CERO)

    @property
    def total(self) -> Decimal:
        """Cuotas + recargos + multas."""
        return self.cuotas + self.recargos + self.multas

    @property
    def exonerado(self) -> Decimal:
        """Las multas y los recargos que el Consejo Directivo exoneró (no están en el total)."""
        return sum((linea.multa_exonerada + linea.recargo_exonerado for linea in self.lineas), CERO)


def _linea(f: DeudaPeriodo, corte: date, tasa_mensual: Decimal) -> LineaDeuda:
    """El período al corte; si se exoneró, con su multa y su recargo aparte, sin cobrarse."""
    calculado = recargo(
        cuota=f.cuota, fecha_limite=f.fecha_limite_pago, corte=corte, tasa_mensual=tasa_mensual
    )
    exonerado = f.exonerado_el is not None
    return LineaDeuda(
        periodo=f.periodo,
        cuota=f.cuota,
        recargo=CERO if exonerado else calculado,
        multa=CERO if exonerado else f.multa,
        fecha_limite_pago=f.fecha_limite_pago,
        meses_mora=meses_de_mora(f.fecha_limite_pago, corte),
        exonerado_el=f.exonerado_el,
        multa_exonerada=f.multa if exonerado else CERO,
        recargo_exonerado=calculado if exonerado else CERO,
    )


def estado_de_deuda(
    *, session: Session, patrono_id: int, corte: date, tasa_mensual: Decimal
) -> EstadoDeuda:
    """Los períodos no pagados del patrono, con recargo calculado al corte."""
    filas = session.exec(
        select(DeudaPeriodo)
        .where(DeudaPeriodo.patrono_id == patrono_id, DeudaPeriodo.pagado == False)  # noqa: E712
        .order_by(DeudaPeriodo.periodo)  # type: ignore[arg-type]
    ).all()
    todas = [_linea(f, corte, tasa_mensual) for f in filas]
    return EstadoDeuda(
        corte=corte,
        lineas=[linea for linea in todas if linea.fecha_limite_pago < corte],
        no_vencidas=[linea for linea in todas if linea.fecha_limite_pago >= corte],
    )
