"""Las tablas del seguimiento: convenios con sus cuotas, pagos y cómo se aplicaron, transacciones
ante el Consejo Directivo, lo que informa la Unidad Jurídica, alertas y el Plan Anual."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from expedientes import Auditable, Dinero, FechaHoraUTC, ahora


def _dinero(**kw: Any) -> Any:
    return Field(sa_type=Dinero, **kw)


def _instante() -> Any:
    return Field(default_factory=ahora, sa_type=FechaHoraUTC)


class Convenio(Auditable, SQLModel, table=True):
    """Un convenio de pago firmado: su prima, lo financiado y el estado de su cumplimiento.

    Nace del documento final `convenio_pago` (su número DRP); sus cuotas son las de la tabla de
    amortización de ese documento, exactamente como se firmaron.
    """

    __tablename__ = "convenio"
    __entidad__ = "convenio"
    __etiqueta__ = ("documento_numero", "Convenio")

    id: int | None = Field(default=None, primary_key=True)
    expediente_id: int = Field(foreign_key="expediente.id", index=True)
    documento_numero: str = Field(max_length=20, unique=True)
    estado: str = Field(max_length=20, index=True)
    prima: Decimal = _dinero()
    prima_pagada: Decimal = _dinero(default=Decimal("0.00"))
    financiado: Decimal = _dinero()
    total: Decimal = _dinero()
    # Cuotas vencidas que hacen caer el convenio (la cláusula de incumplimiento del documento).
    cuotas_para_incumplir: int
    firmado_el: date | None = None
    # El escaneo del convenio firmado, incorporado al expediente (su orden allí).
    escaneo_orden: int | None = None
    vigente_desde: date | None = None
    cerrado_el: date | None = None
    creado_en: datetime = _instante()
    actualizado_en: datetime = _instante()


class CuotaConvenio(Auditable, SQLModel, table=True):
    """Una cuota del convenio: cuánto, cuándo vence, cuánto se le ha pagado."""

    __tablename__ = "cuota_convenio"
    __entidad__ = "cuota_convenio"
    __etiqueta__ = ("numero", "Cuota de convenio")
    __table_args__ = (UniqueConstraint("convenio_id", "numero", name="uq_cuota_numero"),)

    id: int | None = Field(default=None, primary_key=True)
    convenio_id: int = Field(foreign_key="convenio.id", index=True)
    numero: int
    vence_el: date = Field(index=True)
    monto: Decimal = _dinero()
    pagado: Decimal = _dinero(default=Decimal("0.00"))
    pagada_el: date | None = None
    # El requerimiento de pago generado cuando venció sin pagarse (su número DRP).
    requerimiento_numero: str | None = Field(default=None, max_length=20)


class Pago(Auditable, SQLModel, table=True):
    """Un pago del patrono, importado del sistema de la institución (su referencia es única)."""

    __tablename__ = "pago"
    __entidad__ = "pago"
    __etiqueta__ = ("referencia", "Pago")

    id: int | None = Field(default=None, primary_key=True)
    patrono_id: int = Field(foreign_key="patrono.id", index=True)
    fecha: date = Field(index=True)
    monto: Decimal = _dinero()
    referencia: str = Field(max_length=60, unique=True)
    # La sucursal del patrono al pagar: el Plan Anual cuenta lo recuperado por sucursal.
    sucursal: str = Field(default="", max_length=100, index=True)
    # Lo que no se aplicó a un convenio (sin convenio vigente, o pagado de más).
    sin_aplicar: Decimal = _dinero(default=Decimal("0.00"))
    creado_en: datetime = _instante()


class AplicacionPago(SQLModel, table=True):
    """Qué parte de un pago fue a la prima o a una cuota (solo se agregan)."""

    __tablename__ = "aplicacion_pago"

    id: int | None = Field(default=None, primary_key=True)
    pago_id: int = Field(foreign_key="pago.id", index=True)
    convenio_id: int = Field(foreign_key="convenio.id", index=True)
    cuota_id: int | None = Field(default=None, foreign_key="cuota_convenio.id")  # None: la prima
    monto: Decimal = _dinero()


class Transaccion(Auditable, SQLModel, table=True):
    """Una solicitud de exoneración ante el Consejo Directivo, paso a paso hasta el descargo."""

    __tablename__ = "transaccion"
    __entidad__ = "transaccion"
    __etiqueta__ = ("solicitud_numero", "Transacción")

    id: int | None = Field(default=None, primary_key=True)
    expediente_id: int = Field(foreign_key="expediente.id", unique=True)
    estado: str = Field(max_length=20, index=True)
    solicitud_numero: str = Field(max_length=20)  # la carta CE- del patrono
    solicitud_el: date
    anteproyecto_numero: str | None = Field(default=None, max_length=20)  # el documento DRP-
    enviado_consejo_el: date | None = None
    acuerdo_numero: str | None = Field(default=None, max_length=40)
    acuerdo_fecha: date | None = None
    acuerdo_sesion: str = Field(default="", max_length=100)
    acuerdo_acta: str = Field(default="", max_length=40)
    acuerdo_otorga: str = Field(default="", sa_type=Text)
    acuerdo_carta_numero: str | None = Field(default=None, max_length=20)  # la carta del Consejo
    aplicado_el: date | None = None
    aplicado_por: str = Field(default="", max_length=200)
    aplicacion_referencia: str = Field(default="", max_length=100)
    descargo_el: date | None = None
    creado_en: datetime = _instante()
    actualizado_en: datetime = _instante()


class InformeJuridica(Auditable, SQLModel, table=True):
    """Lo que la Unidad Jurídica informa de un expediente trasladado, con la carta que lo dice."""

    __tablename__ = "informe_juridica"
    __entidad__ = "informe_juridica"
    __etiqueta__ = ("estado", "Informe de Jurídica")

    id: int | None = Field(default=None, primary_key=True)
    expediente_id: int = Field(foreign_key="expediente.id", index=True)
    fecha: date
    estado: str = Field(max_length=30)
    detalle: str = Field(default="", max_length=2000)
    carta_numero: str | None = Field(default=None, max_length=20)
    registrado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    creado_en: datetime = _instante()


class Alerta(Auditable, SQLModel, table=True):
    """Algo que el jefe o el gestor deben atender: una cuota vencida, proponer un traslado o el
    siguiente paso de un convenio cumplido. Una sola por motivo (`clave`)."""

    __tablename__ = "alerta"
    __entidad__ = "alerta"
    __etiqueta__ = ("clave", "Alerta")
    __table_args__ = (UniqueConstraint("expediente_id", "clave", name="uq_alerta_clave"),)

    id: int | None = Field(default=None, primary_key=True)
    expediente_id: int = Field(foreign_key="expediente.id", index=True)
    convenio_id: int | None = Field(default=None, foreign_key="convenio.id")
    clave: str = Field(max_length=60)  # p. ej. "cuota-3-vencida", "proponer-traslado"
    tipo: str = Field(max_length=30, index=True)
    mensaje: str = Field(max_length=1000)
    creada_el: date
    atendida_el: date | None = None
    atendida_por_id: int | None = Field(default=None, foreign_key="usuario.id")


class MetaPlan(Auditable, SQLModel, table=True):
    """La meta del Plan Anual de Recuperación de Mora de una sucursal en un mes."""

    __tablename__ = "meta_plan"
    __entidad__ = "meta_plan"
    __etiqueta__ = ("sucursal", "Meta del Plan Anual")
    __table_args__ = (UniqueConstraint("anio", "mes", "sucursal", name="uq_meta_plan"),)

    id: int | None = Field(default=None, primary_key=True)
    anio: int = Field(index=True)
    mes: int
    sucursal: str = Field(max_length=100)
    meta: Decimal = _dinero()
    creado_en: datetime = _instante()
    actualizado_en: datetime = _instante()
