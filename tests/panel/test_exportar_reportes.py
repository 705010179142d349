"""Exportar un reporte: el CSV y el XLSX se leen de vuelta con las mismas cifras, el renglón de
totales, montos como números con formato de dólares y fechas como fechas."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from panel.exportar_reportes import (
    FORMATOS_XLSX,
    nombre_de_hoja,
    reporte_a_csv,
    reporte_a_xlsx,
)
from tests.panel.test_reportes import FORMULA, HOSTIL, generar, sembrar_cartera

DINERO = FORMATOS_XLSX["dinero"]


def _csv(datos: bytes) -> list[list[str]]:
    assert datos.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(datos.decode("utf-8-sig"), newline="")))


def _hoja(datos: bytes) -> Worksheet:
    libro = load_workbook(io.BytesIO(datos))
    assert len(libro.sheetnames) == 1
    hoja = libro.active
    assert isinstance(hoja, Worksheet)
    return hoja


# --- CSV -----------------------------------------------------------------------------------------


def test_csv_de_convenios_con_bom_comas_punto_decimal_fechas_iso_y_totales(
    session: Session,
) -> None:
    """GIVEN el reporte de convenios WHEN se exporta a CSV THEN empieza con BOM, usa comas y CRLF,
    los montos con dos decimales y sin separador de miles, y el último renglón es el total."""
    sembrar_cartera(session)
    datos = reporte_a_csv(generar(session, "convenios"))
    assert b"\r\n" in datos
    filas = _csv(datos)
    assert filas[0] == [
        "Sucursal",
        "Vigentes",
        "Saldo de vigentes",
        "Incumplidos",
        "Saldo de incumplidos",
        "Saldo total",
        "Cuotas vencidas sin pagar",
        "Cuota vencida más antigua",
    ]
    assert filas[1] == [
        "San Salvador",
        "1",
        "1299.50",
        "0",
        "0.00",
        "1299.50",
        "799.50",
        "2026-02-15",
    ]
    assert filas[3] == ["(sin sucursal)", "1", "0.00", "0", "0.00", "0.00", "0.00", ""]
    assert filas[-1] == ["Total", "3", "1449.65", "1", "1000.00", "2449.65", "1799.50", ""]
    assert len(filas) == 5


def test_csv_protege_contra_formulas_y_conserva_los_nombres_dificiles(session: Session) -> None:
    """Un nombre que empieza con «=» se escribe con apóstrofo (Excel no lo ejecuta); comillas,
    ampersand y llaves pasan intactas."""
    sembrar_cartera(session)
    filas = _csv(reporte_a_csv(generar(session, "correspondencia")))
    personas = [f[0] for f in filas[1:]]
    assert "'" + FORMULA in personas
    assert HOSTIL in personas
    assert filas[-1] == ["Total", "9", "3", "5", "1", "3"]


def test_csv_del_plan_con_porcentaje_de_un_decimal_vacio_sin_meta_y_diferencias_negativas(
    session: Session,
) -> None:
    """El avance se escribe «100.0»; sin meta queda vacío; una diferencia negativa no se toca."""
    sembrar_cartera(session)
    filas = _csv(reporte_a_csv(generar(session, "plan")))
    assert filas[0] == ["Sucursal", "Mes", "Meta", "Recuperado", "Diferencia", "Avance"]
    assert filas[1] == ["San Miguel", "Enero", "0.00", "0.00", "0.00", ""]
    assert filas[13] == ["San Salvador", "Enero", "1000.00", "1000.25", "0.25", "100.0"]
    assert filas[14] == ["San Salvador", "Febrero", "1000.00", "333.33", "-666.67", "33.3"]
    assert filas[-1] == ["Total", "", "4300.00", "2348.59", "-1951.41", "54.6"]


# --- XLSX ----------------------------------------------------------------------------------------


def test_xlsx_de_convenios_con_titulo_encabezado_en_negrita_dinero_fechas_y_totales(
    session: Session,
) -> None:
    """Montos como números con formato «$#,##0.00», fechas como fechas, renglón de totales en
    negrita, anchos de columna y encabezado fijo."""
    sembrar_cartera(session)
    reporte = generar(session, "convenios")
    hoja = _hoja(reporte_a_xlsx(reporte))
    assert hoja.title == "Convenios"
    assert hoja["A1"].value == "Convenios vigentes e incumplidos"
    assert hoja["A1"].font.bold
    assert hoja["A2"].value == reporte.descripcion
    encabezado = [c.value for c in hoja[4]]
    assert encabezado[:3] == ["Sucursal", "Vigentes", "Saldo de vigentes"]
    assert all(c.font.bold for c in hoja[4])
    assert hoja.freeze_panes == "A5"
    san_salvador = hoja[5]
    assert [c.value for c in san_salvador[:7]] == ["San Salvador", 1, 1299.5, 0, 0, 1299.5, 799.5]
    assert san_salvador[2].number_format == DINERO
    assert san_salvador[1].number_format == "#,##0"
    assert san_salvador[7].is_date
    assert san_salvador[7].value == datetime(2026, 2, 15)
    assert san_salvador[7].number_format == "dd/mm/yyyy"
    total = hoja[8]
    assert [c.value for c in total] == ["Total", 3, 1449.65, 1, 1000, 2449.65, 1799.5, None]
    assert all(c.font.bold for c in total)
    assert hoja.max_row == 8
    assert hoja.column_dimensions["G"].width >= len("Cuotas vencidas sin pagar")


def test_xlsx_del_plan_guarda_el_avance_como_porcentaje_y_negativos_como_numeros(
    session: Session,
) -> None:
    """85.3 % se guarda 0.853 con formato «0.0%»; la hoja se llama «Plan Anual 2026»."""
    sembrar_cartera(session)
    hoja = _hoja(reporte_a_xlsx(generar(session, "plan")))
    assert hoja.title == "Plan Anual 2026"
    febrero = hoja[4 + 14]
    assert [c.value for c in febrero] == ["San Salvador", "Febrero", 1000, 333.33, -666.67, 0.333]
    assert febrero[5].number_format == "0.0%"
    assert febrero[4].number_format == DINERO
    assert hoja[5][5].value is None  # sin meta, sin avance
    total = hoja[4 + 49]
    assert [c.value for c in total] == ["Total", None, 4300, 2348.59, -1951.41, 0.546]


def test_xlsx_escribe_como_texto_lo_que_parece_formula_y_los_nombres_dificiles(
    session: Session,
) -> None:
    """Sin fórmulas: «=1+2 Pedro…» queda como texto, no se calcula."""
    sembrar_cartera(session)
    hoja = _hoja(reporte_a_xlsx(generar(session, "carga")))
    celdas = {c.value: c for c in hoja["A"][4:]}
    assert celdas[FORMULA].data_type == "s"
    assert HOSTIL in celdas
    assert hoja.title == "Carga de trabajo del personal"


def test_nombre_de_hoja_sin_caracteres_prohibidos_y_hasta_31() -> None:
    """Excel no admite `[]:*?/\\` ni más de 31 caracteres en el nombre de una hoja."""
    assert nombre_de_hoja("Metas 2026/2027: [borrador]") == "Metas 2026 2027   borrador"
    assert (
        nombre_de_hoja("Expedientes por etapa y sucursal de todo el país")
        == "Expedientes por etapa y"
    )
    assert nombre_de_hoja("///") == "Reporte"
