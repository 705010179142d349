"""Filtros de plantilla en español: dinero, fechas, períodos, NIT y DUI."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency
from flask import Flask

from expedientes.etapas import ETAPAS_FINALES, NOMBRES_ETAPA, NOMBRES_TIPO, Etapa, Tipo
from expedientes.identificadores import formatear_dui, formatear_nit, formatear_periodo
from expedientes.politica import NOMBRES_ROL, Rol

ZONA = ZoneInfo("America/El_Salvador")


def dinero(valor: Decimal | None) -> str:
    """`$1,234.56`."""
    return "—" if valor is None else format_currency(valor, "USD", locale="es_SV")


def fecha_larga(valor: date | None) -> str:
    """`21 de noviembre de 2026`."""
    return "—" if valor is None else format_date(valor, format="long", locale="es_SV")


def fecha_corta(valor: date | datetime | None) -> str:
    """`21/11/2026`, o con hora local si es fecha-hora."""
    if valor is None:
        return "—"
    if isinstance(valor, datetime):
        return format_datetime(valor.astimezone(ZONA), "dd/MM/yyyy HH:mm", locale="es_SV")
    return f"{valor:%d/%m/%Y}"


ACCIONES = {"crear": "Alta", "modificar": "Cambio", "eliminar": "Baja"}


def valor_bitacora(valor: object) -> str:
    """Un valor de la bitácora legible: vacío como «—», verdadero/falso como Sí/No."""
    if valor is None or valor == "":
        return "—"
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    return str(valor)


def iniciar(app: Flask) -> None:
    """Registra los filtros en Jinja."""
    app.jinja_env.filters.update(
        dinero=dinero,
        fecha_larga=fecha_larga,
        fecha=fecha_corta,
        periodo=formatear_periodo,
        nit=lambda v: formatear_nit(v) if v else "—",
        dui=lambda v: formatear_dui(v) if v else "—",
        etapa=lambda v: NOMBRES_ETAPA.get(Etapa(v), v),
        tipo=lambda v: NOMBRES_TIPO.get(Tipo(v), v),
        rol=lambda v: NOMBRES_ROL.get(Rol(v), v),
        accion=lambda v: ACCIONES.get(v, v),
        final=lambda v: v in ETAPAS_FINALES,
        valor=valor_bitacora,
    )
