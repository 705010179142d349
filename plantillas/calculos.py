"""Los cálculos que un contrato pide sobre el contexto: plazo de pago, convenio y exoneración.

Cada cálculo lee el contexto (con las entradas ya validadas) y devuelve su raíz nueva y los
problemas que impiden generar. El dinero es `Decimal` con dos decimales; nada se redondea dos
veces.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from expedientes import (
    CENTAVO,
    dias_habiles_despues,
    es_habil,
    fecha_larga,
    habil_desde,
    sumar_meses,
)

Calculo = Callable[[dict[str, Any]], tuple[dict[str, Any] | None, list[str]]]
MAX_CUOTAS = 120
# Una cuota menor que un centavo no se puede pagar.
CUOTA_MINIMA = Decimal("0.01")


def plazo(ctx: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """`plazo`: la fecha límite a `plazo_dias` días hábiles de la fecha del documento."""
    dias = ctx.get("plazo_dias")
    if not isinstance(dias, int) or dias < 1:
        return None, []  # la entrada ya explicó el problema
    return {"dias": dias, "vence_el": dias_habiles_despues(ctx["documento"]["fecha"], dias)}, []


def tabla_de_amortizacion(financiado: Decimal, cuotas: int, primera: date) -> list[dict[str, Any]]:
    """Cuotas mensuales iguales truncadas al centavo; la diferencia va en la última.

    Los vencimientos conservan el día de la primera cuota y se corren al siguiente día hábil.
    """
    regular = (financiado / cuotas).quantize(CENTAVO, rounding=ROUND_DOWN)
    tabla, saldo = [], financiado
    for numero in range(1, cuotas + 1):
        monto = regular if numero < cuotas else saldo
        saldo -= monto
        vence = habil_desde(sumar_meses(primera, numero - 1))
        tabla.append({"numero": numero, "vence_el": vence, "monto": monto, "saldo": saldo})
    return tabla


def convenio(ctx: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """`convenio`: prima, monto financiado y tabla de amortización sobre la deuda al corte.

    Cada regla se revisa con los datos que sí son válidos, aunque otro esté mal: quien redacta ve
    todos los problemas de una vez."""
    prima, cuotas, primera = ctx.get("prima"), ctx.get("cuotas"), ctx.get("primera_fecha")
    total: Decimal = ctx["deuda"]["total"]
    problemas = _problemas_del_convenio(ctx, total)
    validos = isinstance(prima, Decimal) and isinstance(cuotas, int) and isinstance(primera, date)
    if problemas or not validos:
        return None, problemas
    assert isinstance(prima, Decimal) and isinstance(cuotas, int) and isinstance(primera, date)
    financiado = total - prima
    if (financiado / cuotas).quantize(CENTAVO, rounding=ROUND_DOWN) < CUOTA_MINIMA:
        return None, [
            f"Con {cuotas} cuotas, cada una sería menor que ${CUOTA_MINIMA} (se financian "
            f"${financiado}): reduzca el número de cuotas o la prima."
        ]
    tabla = tabla_de_amortizacion(financiado, cuotas, primera)
    return {
        "prima": prima,
        "financiado": financiado,
        "total": total,
        "cuotas": cuotas,
        "cuota": tabla[0]["monto"],
        "ultima_cuota": tabla[-1]["monto"],
        "primera_fecha": tabla[0]["vence_el"],
        "periodicidad": ctx.get("periodicidad") or "mensual",
        "tabla": tabla,
        "ultimo_vencimiento": tabla[-1]["vence_el"],
    }, []


def _problemas_del_convenio(ctx: dict[str, Any], total: Decimal) -> list[str]:
    """Las reglas del convenio que se pueden revisar con lo que es válido."""
    prima, cuotas, primera = ctx.get("prima"), ctx.get("cuotas"), ctx.get("primera_fecha")
    problemas = []
    if isinstance(prima, Decimal) and prima >= total:
        problemas.append(
            f"La prima ({prima}) debe ser menor que la deuda al corte ({total}); si se paga "
            "todo no hace falta convenio."
        )
    if isinstance(cuotas, int) and not 1 <= cuotas <= MAX_CUOTAS:
        problemas.append(f"El número de cuotas debe estar entre 1 y {MAX_CUOTAS}.")
    if isinstance(primera, date):
        if primera <= ctx["documento"]["fecha"]:
            problemas.append("La primera cuota debe vencer después de la fecha del convenio.")
        elif not es_habil(primera):
            # La tabla correría la fecha y el texto diría otra: se pide un día hábil.
            problemas.append(
                f"La primera cuota vencería el {fecha_larga(primera)}, que no es día hábil: "
                f"elija un día hábil (el siguiente es el {fecha_larga(habil_desde(primera))})."
            )
    return problemas


def exoneracion(ctx: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """`exoneracion`: el monto a exonerar, que nunca excede multas + recargos."""
    monto = ctx.get("monto_exonerar")
    if not isinstance(monto, Decimal):
        return None, []
    deuda = ctx["deuda"]
    maximo: Decimal = deuda["multas"] + deuda["recargos"]
    problemas = []
    if monto <= 0:
        problemas.append("El monto a exonerar debe ser mayor que cero.")
    if monto > maximo:
        problemas.append(
            f"El monto a exonerar ({monto}) excede las multas y recargos al corte ({maximo})."
        )
    datos = {
        "monto": monto,
        "maximo": maximo,
        "multas": deuda["multas"],
        "recargos": deuda["recargos"],
        "cuotas": deuda["cuotas"],
    }
    return (None, problemas) if problemas else (datos, [])


CALCULOS: dict[str, Calculo] = {
    "plazo": plazo,
    "convenio": convenio,
    "exoneracion": exoneracion,
}
