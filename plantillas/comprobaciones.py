"""Las reglas de consistencia sobre el documento ya generado, leído de vuelta como texto.

No se fían del contexto: leen las cifras que quedaron escritas en las tablas y en el texto, así un
error de la plantilla (una columna equivocada, un total mal puesto) también se detecta.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Any

from plantillas import letras
from plantillas.contrato import Tabla
from plantillas.lectura import TextoDocumento, normalizar_espacios

Regla = Callable[[TextoDocumento, dict[str, Any], Tabla | None], list[str]]
_MONTO = re.compile(r"^(-?)\$\s?([0-9]{1,3}(?:,[0-9]{3})*\.[0-9]{2})$")
_FECHA = re.compile(r"^([0-9]{2})/([0-9]{2})/([0-9]{4})$")
# «$1,234.56 (MIL … 56/100 DÓLARES …)»: la cifra y, entre paréntesis, sus letras.
_CIFRA_Y_LETRAS = re.compile(
    r"\$\s?([0-9]{1,3}(?:,[0-9]{3})*\.[0-9]{2})\s*\(([^()]*?/100[^()]*?)\)", re.IGNORECASE
)


def _clave(texto: str) -> str:
    return normalizar_espacios(texto).casefold()


def monto_impreso(texto: str) -> Decimal | None:
    """«$1,234.56» → Decimal; None si la celda no es un monto así escrito."""
    m = _MONTO.fullmatch(normalizar_espacios(texto))
    return Decimal(m.group(1) + m.group(2).replace(",", "")) if m else None


def buscar_tabla(documento: TextoDocumento, tabla: Tabla) -> list[list[str]] | None:
    """Las filas de la tabla cuya primera fila son sus encabezados (sin esa fila)."""
    buscados = [_clave(e) for e in tabla.encabezados]
    for filas in documento.tablas:
        if filas and [_clave(c) for c in filas[0]] == buscados:
            return filas[1:]
    return None


def _separar_total(
    filas: list[list[str]], tabla: Tabla
) -> tuple[list[list[str]], list[str] | None]:
    if tabla.fila_total and filas and _clave(filas[-1][0]) == _clave(tabla.fila_total):
        return filas[:-1], filas[-1]
    return filas, None


def _columna(tabla: Tabla, nombre: str) -> int | None:
    claves = [_clave(e) for e in tabla.encabezados]
    return claves.index(_clave(nombre)) if _clave(nombre) in claves else None


def _montos(filas: list[list[str]], col: int, nombre: str, problemas: list[str]) -> list[Decimal]:
    valores = []
    for i, fila in enumerate(filas, start=1):
        valor = monto_impreso(fila[col]) if col < len(fila) else None
        if valor is None:
            problemas.append(
                f"Fila {i}, columna «{nombre}»: «{fila[col] if col < len(fila) else ''}» no es un monto $0.00."
            )
        else:
            valores.append(valor)
    return valores


def tabla_deuda(doc: TextoDocumento, ctx: dict[str, Any], tabla: Tabla | None) -> list[str]:
    """Cada fila suma cuota + recargo + multa; la fila TOTAL suma las filas y es la deuda."""
    assert tabla is not None
    filas = buscar_tabla(doc, tabla)
    if filas is None:
        return [f"No se encontró la tabla de la deuda ({' | '.join(tabla.encabezados)})."]
    filas, total = _separar_total(filas, tabla)
    problemas: list[str] = []
    columnas = {n: _columna(tabla, n) for n in ("Cuota", "Recargo", "Multa", "Total")}
    if None in columnas.values() or total is None:
        return [
            "La tabla de la deuda debe tener columnas Cuota, Recargo, Multa, Total y fila TOTAL."
        ]
    sumas = {n: _montos(filas, c, n, problemas) for n, c in columnas.items() if c is not None}
    if problemas:
        return problemas
    for i, (c, r, m, t) in enumerate(zip(*sumas.values(), strict=True), start=1):
        if c + r + m != t:
            problemas.append(f"Fila {i} de la deuda: {c} + {r} + {m} no da {t}.")
    for nombre, valores in sumas.items():
        escrito = monto_impreso(total[columnas[nombre] or 0])
        if escrito != sum(valores, Decimal("0.00")):
            problemas.append(
                f"El TOTAL de «{nombre}» ({escrito}) no es la suma de las filas ({sum(valores, Decimal('0.00'))})."
            )
    if len(filas) != len(ctx["deuda"]["lineas"]):
        problemas.append(
            f"La tabla muestra {len(filas)} períodos y la deuda tiene {len(ctx['deuda']['lineas'])}."
        )
    if monto_impreso(total[columnas["Total"] or 0]) != ctx["deuda"]["total"]:
        problemas.append("El TOTAL de la tabla no es la deuda al corte.")
    return problemas


def fecha_impresa(texto: str) -> date | None:
    """Una fecha DD/MM/AAAA como se imprime en los documentos; None si no lo es."""
    m = _FECHA.fullmatch(normalizar_espacios(texto))
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def tabla_amortizacion(doc: TextoDocumento, ctx: dict[str, Any], tabla: Tabla | None) -> list[str]:
    """Las cuotas suman exactamente lo financiado, las fechas ascienden y el saldo acaba en cero."""
    assert tabla is not None
    filas = buscar_tabla(doc, tabla)
    if filas is None:
        return [f"No se encontró la tabla de amortización ({' | '.join(tabla.encabezados)})."]
    filas, _ = _separar_total(filas, tabla)
    c_cuota, c_saldo, c_fecha = (_columna(tabla, n) for n in ("Cuota", "Saldo", "Vencimiento"))
    if c_cuota is None or c_saldo is None or c_fecha is None:
        return ["La tabla de amortización debe tener columnas Vencimiento, Cuota y Saldo."]
    problemas: list[str] = []
    cuotas = _montos(filas, c_cuota, "Cuota", problemas)
    saldos = _montos(filas, c_saldo, "Saldo", problemas)
    fechas = [fecha_impresa(f[c_fecha]) for f in filas]
    if problemas:
        return problemas
    financiado: Decimal = ctx["convenio"]["financiado"]
    if sum(cuotas, Decimal("0.00")) != financiado:
        problemas.append(
            f"Las cuotas suman {sum(cuotas, Decimal('0.00'))} y lo financiado es {financiado}."
        )
    if len(filas) != ctx["convenio"]["cuotas"]:
        problemas.append(
            f"La tabla tiene {len(filas)} cuotas y el convenio {ctx['convenio']['cuotas']}."
        )
    if None in fechas:
        problemas.append("Hay vencimientos que no son fechas DD/MM/AAAA.")
    elif any(b <= a for a, b in pairwise(fechas)):  # type: ignore[operator]
        problemas.append("Los vencimientos de la tabla no van en orden ascendente.")
    esperado = financiado
    for i, (cuota, saldo) in enumerate(zip(cuotas, saldos, strict=True), start=1):
        esperado -= cuota
        if saldo != esperado:
            problemas.append(f"Cuota {i}: el saldo escrito es {saldo} y debería ser {esperado}.")
            break
    if saldos and saldos[-1] != 0:
        problemas.append(f"El saldo final es {saldos[-1]}, no $0.00.")
    return problemas


def montos_en_letras(doc: TextoDocumento, ctx: dict[str, Any], _: Tabla | None) -> list[str]:
    """Cada monto en cifras seguido de su monto en letras dice lo mismo."""
    pares = _CIFRA_Y_LETRAS.findall(doc.normalizado)
    if not pares:
        return ["El documento no tiene ningún monto en cifras con su monto en letras."]
    problemas = []
    for cifra, palabras in pares:
        try:
            leido = letras.leer_monto(palabras)
        except ValueError as exc:
            problemas.append(f"El monto en letras de ${cifra} no se puede leer: {exc}.")
            continue
        if leido != Decimal(cifra.replace(",", "")):
            problemas.append(f"${cifra} está escrito en letras como {leido}: «{palabras}».")
    return problemas


def exoneracion_maxima(doc: TextoDocumento, ctx: dict[str, Any], _: Tabla | None) -> list[str]:
    """Lo exonerado no excede multas + recargos, y su monto figura en el documento."""
    exo = ctx.get("exoneracion")
    if not exo:
        return ["Falta el cálculo de la exoneración."]
    problemas = []
    if exo["monto"] > ctx["deuda"]["multas"] + ctx["deuda"]["recargos"]:
        problemas.append("El monto exonerado excede las multas y recargos.")
    if f"${exo['monto']:,.2f}" not in doc.normalizado:
        problemas.append(f"El monto exonerado ${exo['monto']:,.2f} no figura en el documento.")
    return problemas


REGLAS: dict[str, Regla] = {
    "tabla_deuda": tabla_deuda,
    "tabla_amortizacion": tabla_amortizacion,
    "montos_en_letras": montos_en_letras,
    "exoneracion_maxima": exoneracion_maxima,
}
