"""Reglas de consistencia sobre el texto generado: cada una con un caso que pasa y uno que falla.

Los documentos se arman aquí como texto leído (párrafos y tablas), así cada regla se prueba con
exactamente el defecto que debe encontrar.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from plantillas.comprobaciones import (
    exoneracion_maxima,
    montos_en_letras,
    tabla_amortizacion,
    tabla_deuda,
)
from plantillas.contrato import Tabla
from plantillas.lectura import TextoDocumento

D = Decimal
DEUDA = Tabla(
    nombre="deuda",
    encabezados=["Período", "Cuota", "Recargo", "Multa", "Total"],
    fila_total="TOTAL",
)
AMORTIZACION = Tabla(nombre="amortizacion", encabezados=["N.º", "Vencimiento", "Cuota", "Saldo"])


def _deuda(*filas: list[str], total: list[str]) -> TextoDocumento:
    return TextoDocumento(
        parrafos=["Estado de cuenta"],
        tablas=[[["Período", "Cuota", "Recargo", "Multa", "Total"], *filas, total]],
    )


CTX_DEUDA: dict[str, Any] = {"deuda": {"lineas": [{}, {}], "total": D("2275.00")}}
FILA_1 = ["01/2026", "$1,000.00", "$100.00", "$50.00", "$1,150.00"]
FILA_2 = ["02/2026", "$1,000.00", "$90.00", "$35.00", "$1,125.00"]
TOTAL = ["TOTAL", "$2,000.00", "$190.00", "$85.00", "$2,275.00"]


def test_tabla_deuda_acepta_filas_que_suman_y_un_total_que_es_su_suma() -> None:
    """Cada fila cuota + recargo + multa = total; el TOTAL suma las columnas."""
    assert tabla_deuda(_deuda(FILA_1, FILA_2, total=TOTAL), CTX_DEUDA, DEUDA) == []


def test_tabla_deuda_detecta_una_fila_que_no_suma() -> None:
    """Un total de fila escrito mal (1,151.00 en vez de 1,150.00) se señala con su fila."""
    mala = [*FILA_1[:4], "$1,151.00"]
    problemas = tabla_deuda(_deuda(mala, FILA_2, total=[*TOTAL[:4], "$2,276.00"]), CTX_DEUDA, DEUDA)
    assert any(p.startswith("Fila 1 de la deuda") for p in problemas), problemas


def test_tabla_deuda_detecta_un_total_que_no_es_la_suma_de_las_filas() -> None:
    """Un TOTAL de recargos de 191.00 cuando las filas suman 190.00."""
    total = ["TOTAL", "$2,000.00", "$191.00", "$85.00", "$2,275.00"]
    problemas = tabla_deuda(_deuda(FILA_1, FILA_2, total=total), CTX_DEUDA, DEUDA)
    assert any("«Recargo»" in p and "no es la suma" in p for p in problemas), problemas


def test_tabla_deuda_detecta_periodos_que_faltan_y_un_total_distinto_de_la_deuda() -> None:
    """La tabla muestra un período y la deuda tiene dos: el documento está incompleto."""
    total = ["TOTAL", "$1,000.00", "$100.00", "$50.00", "$1,150.00"]
    problemas = tabla_deuda(_deuda(FILA_1, total=total), CTX_DEUDA, DEUDA)
    assert "La tabla muestra 1 períodos y la deuda tiene 2." in problemas
    assert "El TOTAL de la tabla no es la deuda al corte." in problemas


def test_tabla_deuda_sin_la_tabla_o_con_montos_ilegibles() -> None:
    """Sin la tabla, o con una celda que no es un monto $0.00, se dice cuál."""
    assert "No se encontró la tabla" in tabla_deuda(TextoDocumento(), CTX_DEUDA, DEUDA)[0]
    ilegible = [*FILA_1[:2], "100", *FILA_1[3:]]
    problemas = tabla_deuda(_deuda(ilegible, FILA_2, total=TOTAL), CTX_DEUDA, DEUDA)
    assert problemas == ["Fila 1, columna «Recargo»: «100» no es un monto $0.00."]


def _amortizacion(*filas: list[str]) -> TextoDocumento:
    return TextoDocumento(tablas=[[["N.º", "Vencimiento", "Cuota", "Saldo"], *filas]])


CTX_CONVENIO: dict[str, Any] = {"convenio": {"financiado": D("1000.00"), "cuotas": 3}}
CUOTAS = [
    ["1", "15/01/2027", "$333.33", "$666.67"],
    ["2", "15/02/2027", "$333.33", "$333.34"],
    ["3", "15/03/2027", "$333.34", "$0.00"],
]


def test_tabla_amortizacion_acepta_la_tabla_que_suma_lo_financiado() -> None:
    """333.33 + 333.33 + 333.34 = 1,000.00, fechas ascendentes, saldo final cero."""
    assert tabla_amortizacion(_amortizacion(*CUOTAS), CTX_CONVENIO, AMORTIZACION) == []


def test_tabla_amortizacion_detecta_un_centavo_de_mas_y_el_saldo_que_no_cierra() -> None:
    """Una última cuota de 333.35: las cuotas suman 1,000.01 y el saldo no acaba en cero."""
    filas = [*CUOTAS[:2], ["3", "15/03/2027", "$333.35", "-$0.01"]]
    problemas = tabla_amortizacion(_amortizacion(*filas), CTX_CONVENIO, AMORTIZACION)
    assert "Las cuotas suman 1000.01 y lo financiado es 1000.00." in problemas
    assert "El saldo final es -0.01, no $0.00." in problemas


def test_tabla_amortizacion_detecta_fechas_fuera_de_orden_y_cuotas_de_menos() -> None:
    """Una fecha repetida no asciende; dos filas para un convenio de tres cuotas."""
    filas = [CUOTAS[0], ["2", "15/01/2027", "$666.67", "$0.00"]]
    problemas = tabla_amortizacion(_amortizacion(*filas), CTX_CONVENIO, AMORTIZACION)
    assert "Los vencimientos de la tabla no van en orden ascendente." in problemas
    assert "La tabla tiene 2 cuotas y el convenio 3." in problemas


def test_tabla_amortizacion_detecta_un_saldo_intermedio_mal_escrito() -> None:
    """El saldo tras la primera cuota debe ser 666.67."""
    filas = [["1", "15/01/2027", "$333.33", "$666.66"], *CUOTAS[1:]]
    problemas = tabla_amortizacion(_amortizacion(*filas), CTX_CONVENIO, AMORTIZACION)
    assert "Cuota 1: el saldo escrito es 666.66 y debería ser 666.67." in problemas


def test_montos_en_letras_acepta_cifras_y_letras_que_coinciden() -> None:
    """$1,234.56 (MIL DOSCIENTOS TREINTA Y CUATRO 56/100 …) coincide."""
    texto = TextoDocumento(
        parrafos=[
            "La suma de $1,234.56 (MIL DOSCIENTOS TREINTA Y CUATRO 56/100 DÓLARES DE LOS ",
            "ESTADOS UNIDOS DE AMÉRICA) y $21,000.00 (VEINTIÚN MIL 00/100 DÓLARES DE LOS "
            "ESTADOS UNIDOS DE AMÉRICA).",
        ]
    )
    assert montos_en_letras(texto, {}, None) == []


def test_montos_en_letras_detecta_letras_que_dicen_otro_monto() -> None:
    """$1,234.56 escrito como MIL DOSCIENTOS TREINTA Y CINCO: la cifra y las letras difieren."""
    texto = TextoDocumento(
        parrafos=[
            "$1,234.56 (MIL DOSCIENTOS TREINTA Y CINCO 56/100 DÓLARES DE LOS ESTADOS UNIDOS DE AMÉRICA)"
        ]
    )
    problemas = montos_en_letras(texto, {}, None)
    assert problemas == [
        "$1,234.56 está escrito en letras como 1235.56: «MIL DOSCIENTOS TREINTA Y CINCO 56/100 "
        "DÓLARES DE LOS ESTADOS UNIDOS DE AMÉRICA»."
    ]


def test_montos_en_letras_detecta_letras_mal_formadas_y_la_ausencia_de_montos() -> None:
    """«VEINTIUNO MIL» no es español correcto; un documento sin monto en letras tampoco pasa."""
    texto = TextoDocumento(parrafos=["$21,000.00 (VEINTIUNO MIL 00/100 DÓLARES)"])
    assert "no se puede leer" in montos_en_letras(texto, {}, None)[0]
    sin = montos_en_letras(TextoDocumento(parrafos=["Total $5.00"]), {}, None)
    assert sin == ["El documento no tiene ningún monto en cifras con su monto en letras."]


def test_exoneracion_maxima_exige_el_monto_en_el_documento_y_no_mas_que_multas_y_recargos() -> None:
    """El monto exonerado figura en el texto y no excede multas + recargos."""
    ctx = {
        "deuda": {"multas": D("300.00"), "recargos": D("450.25")},
        "exoneracion": {"monto": D("750.25")},
    }
    assert exoneracion_maxima(TextoDocumento(parrafos=["Exonerar $750.25"]), ctx, None) == []
    assert "no figura" in exoneracion_maxima(TextoDocumento(parrafos=["Exonerar"]), ctx, None)[0]
    excedido = {**ctx, "exoneracion": {"monto": D("750.26")}}
    problemas = exoneracion_maxima(TextoDocumento(parrafos=["$750.26"]), excedido, None)
    assert problemas == ["El monto exonerado excede las multas y recargos."]


def test_las_fechas_de_la_tabla_se_leen_como_fechas() -> None:
    """Una fecha imposible (31/02) no se toma por fecha."""
    filas = [["1", "31/02/2027", "$1,000.00", "$0.00"]]
    ctx = {"convenio": {"financiado": D("1000.00"), "cuotas": 1}}
    assert tabla_amortizacion(_amortizacion(*filas), ctx, AMORTIZACION) == [
        "Hay vencimientos que no son fechas DD/MM/AAAA."
    ]
