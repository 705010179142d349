"""Filtros de plantilla en español: dinero, fechas, períodos, NIT, DUI, plazos de las cartas y
estados de los documentos."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from flask import Flask

from correspondencia.bandeja import limite_por_vencer
from correspondencia.estados import NOMBRES_ESTADO, PLAZO_CORRE
from correspondencia.reglas import TIPOS
from expedientes.calendario import dias_habiles_entre
from expedientes.etapas import ETAPAS_FINALES, NOMBRES_ETAPA, NOMBRES_TIPO, Etapa, Tipo
from expedientes.identificadores import formatear_dui, formatear_nit, formatear_periodo
from expedientes.politica import NOMBRES_ROL, Rol
from expedientes.tipos import ahora, hoy
from plantillas.modelos import NOMBRES_ESTADO as NOMBRES_ESTADO_DOCUMENTO

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


class Plazo(NamedTuple):
    """Cómo se muestra el plazo de una carta: el texto y la clase CSS (vencida, por-vencer…)."""

    texto: str
    clase: str


def _dias(n: int) -> str:
    return "1 día hábil" if n == 1 else f"{n} días hábiles"


def plazo_de_carta(vence_el: date | None, estado: str, dia: date | None = None) -> Plazo:
    """«Vence en 3 días hábiles», «Vencida hace 2 días hábiles»; sin clase si el plazo no corre."""
    if vence_el is None:
        return Plazo("Sin plazo", "")
    if estado not in PLAZO_CORRE:
        return Plazo(fecha_corta(vence_el), "")
    dia = dia or hoy()
    if vence_el < dia:
        n = dias_habiles_entre(vence_el, dia)
        return Plazo(f"Vencida hace {_dias(n)}" if n else "Vencida", "vencida")
    clase = "por-vencer" if vence_el <= limite_por_vencer(dia) else "en-plazo"
    if vence_el == dia:
        return Plazo("Vence hoy", clase)
    return Plazo(f"Vence en {_dias(dias_habiles_entre(dia, vence_el))}", clase)


def tamano(n: int | None) -> str:
    """`812 bytes`, `12.3 KB`, `4.1 MB` (el separador decimal de es_SV es el punto)."""
    if n is None:
        return "—"
    if n < 1024:
        return f"{n} bytes"
    for unidad, divisor in (("KB", 1024), ("MB", 1024**2), ("GB", 1024**3)):
        if n < divisor * 1024 or unidad == "GB":
            return f"{format_decimal(n / divisor, '#,##0.0', locale='es_SV')} {unidad}"
    raise AssertionError("inalcanzable")


def espera(desde: datetime | None, hasta: datetime | None = None) -> str:
    """Cuánto lleva esperando: «12 min», «5 h», «3 días»."""
    if desde is None:
        return "—"
    minutos = max(0, int(((hasta or ahora()) - desde).total_seconds() // 60))
    if minutos < 60:
        return f"{minutos} min"
    if minutos < 24 * 60:
        return f"{minutos // 60} h"
    dias = minutos // (24 * 60)
    return "1 día" if dias == 1 else f"{dias} días"


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
        estado_carta=lambda v: NOMBRES_ESTADO.get(v, v),
        tipo_carta=lambda v: TIPOS.get(v, v),
        plazo=plazo_de_carta,
        tamano=tamano,
        estado_documento=lambda v: NOMBRES_ESTADO_DOCUMENTO.get(v, v),
        espera=espera,
    )
