"""La consola de reportes y del Plan Anual: listar, exportar a XLSX o CSV según la extensión,
importar metas (todo o nada) y mostrar el avance del año en texto o JSON."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine
from sqlmodel import select

from expedientes import Actor, hoy
from panel import REPORTES, Reporte, generar_reporte
from seguimiento import MetaPlan
from tests.bd import sesion
from tests.conftest import un_solo_motor
from tests.panel.test_reportes import sembrar_cartera
from tests.recupera.test_cli import Ejecutar, entorno, recupera
from tests.seguimiento.test_plan import patronos_de_sucursales

__all__ = ["entorno", "recupera"]


@pytest.fixture
def cartera_cli(recupera: Ejecutar, url_bd: str) -> str:
    """La cartera de las pruebas de reportes, confirmada en la base que usa la consola."""
    engine = create_engine(url_bd)
    with sesion(engine, Actor("prueba:cli")) as s:
        sembrar_cartera(s)
    engine.dispose()
    return url_bd


def _reporte_esperado(url: str, nombre: str, **parametros: object) -> Reporte:
    engine = create_engine(url)
    with sesion(engine, Actor("prueba:cli"), solo_lectura=True) as s:
        reporte = generar_reporte(nombre, session=s, hoy=hoy(), **parametros)  # type: ignore[arg-type]
    engine.dispose()
    return reporte


@un_solo_motor
def test_reportes_list_muestra_cada_reporte_con_sus_parametros(recupera: Ejecutar) -> None:
    """Un renglón por reporte registrado; los que usan fechas o año lo dicen."""
    resultado = recupera("reportes", "list")
    assert resultado.exit_code == 0, resultado.output
    renglones = resultado.stdout.splitlines()
    assert [r.split()[0] for r in renglones] == list(REPORTES)
    assert any(
        r.startswith("correspondencia ") and r.endswith("[--desde --hasta]") for r in renglones
    )
    assert any(r.startswith("plan ") and r.endswith("[--anio]") for r in renglones)


def test_reportes_export_xlsx_escribe_el_reporte_con_su_total(
    recupera: Ejecutar, cartera_cli: str, tmp_path: Path
) -> None:
    """GIVEN convenios en la base WHEN `reportes export convenios --out x.xlsx`
    THEN el libro tiene las filas y el total que da el servicio."""
    destino = tmp_path / "convenios.xlsx"
    resultado = recupera("reportes", "export", "convenios", "--out", str(destino))
    assert resultado.exit_code == 0, resultado.output
    assert (
        resultado.stdout == f"Convenios vigentes e incumplidos: 3 filas y el total en {destino}.\n"
    )
    hoja = load_workbook(destino).active
    assert hoja is not None
    esperado = _reporte_esperado(cartera_cli, "convenios")
    total = [c.value for c in hoja[4 + len(esperado.filas) + 1]]
    assert total[0] == "Total"
    assert total[5] == float(esperado.totales["saldo"])  # type: ignore[arg-type]
    assert total[2] == 1449.65


def test_reportes_export_csv_de_correspondencia_en_un_rango(
    recupera: Ejecutar, cartera_cli: str, tmp_path: Path
) -> None:
    """El CSV (UTF-8 con BOM) trae las recibidas del rango y su total."""
    destino = tmp_path / "cartas.CSV"
    resultado = recupera(
        "reportes", "export", "correspondencia", "--out", str(destino),
        "--desde", "2026-03-01", "--hasta", "2026-03-15",
    )  # fmt: skip
    assert resultado.exit_code == 0, resultado.output
    filas = list(csv.reader(io.StringIO(destino.read_bytes().decode("utf-8-sig"), newline="")))
    assert filas[0][:3] == ["Persona", "Recibidas", "Respondidas"]
    assert filas[-1][:3] == ["Total", "9", "3"]


@un_solo_motor
@pytest.mark.parametrize(
    ("argumentos", "mensaje"),
    [
        (("plan", "--out", "x.pdf"), "No sé exportar a «x.pdf»: use la extensión .xlsx o .csv"),
        (
            ("expedientes", "--out", "x.csv", "--anio", "2026"),
            "el reporte «expedientes» no usa --anio",
        ),
        (("mora", "--out", "x.csv"), "El reporte «mora» no existe; use uno de: correspondencia"),
        (("plan", "--out", "x.csv", "--anio", "1999"), "el año 1999 no está entre 2000 y 2100"),
        (
            ("correspondencia", "--out", "x.csv", "--desde", "2026-03-15", "--hasta", "2026-03-01"),
            "el rango empieza el 15 de marzo de 2026 y termina antes",
        ),
    ],
)
def test_reportes_export_explica_en_espanol_lo_que_no_puede_hacer(
    recupera: Ejecutar,
    tmp_path: Path,
    argumentos: tuple[str, ...],
    mensaje: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Salida 1, el motivo en stderr y ningún archivo escrito."""
    carpeta = tmp_path / "salida"
    carpeta.mkdir()
    monkeypatch.chdir(carpeta)
    resultado = recupera("reportes", "export", *argumentos)
    assert resultado.exit_code == 1
    assert mensaje in resultado.stderr
    assert list(carpeta.iterdir()) == []


def test_plan_import_es_todo_o_nada_e_idempotente(
    recupera: Ejecutar, url_bd: str, tmp_path: Path
) -> None:
    """Un archivo con un error no importa nada (salida 1, problemas por línea); el bueno importa
    y repetirlo no cambia nada."""
    engine = create_engine(url_bd)
    with sesion(engine, Actor("prueba:cli")) as s:
        patronos_de_sucursales(s)
    malo = tmp_path / "malo.csv"
    malo.write_text("sucursal,anio,mes,meta\nSan Salvador,2026,1,1000\nSonsonate,2026,1,5\n")
    resultado = recupera("plan", "import", str(malo))
    assert resultado.exit_code == 1
    assert "no se importó nada" in resultado.stderr
    assert "línea 3: la sucursal «Sonsonate»" in resultado.stderr
    bueno = tmp_path / "metas.csv"
    bueno.write_bytes(
        "sucursal;anio;mes;meta\nUsulután;2026;1;1000.50\nSanta Ana;2026;2;800\n".encode("cp1252")
    )
    primera = recupera("plan", "import", str(bueno))
    assert primera.exit_code == 0, primera.output
    assert (
        primera.stdout
        == "2 filas leídas (Windows-1252): 2 nuevas, 0 actualizadas, 0 sin cambios.\n"
    )
    segunda = recupera("plan", "import", str(bueno))
    assert (
        segunda.stdout
        == "2 filas leídas (Windows-1252): 0 nuevas, 0 actualizadas, 2 sin cambios.\n"
    )
    with sesion(engine, Actor("prueba:cli"), solo_lectura=True) as s:
        assert sorted((m.sucursal, m.meta) for m in s.exec(select(MetaPlan)).all()) == [
            ("Santa Ana", Decimal("800.00")),
            ("Usulután", Decimal("1000.50")),
        ]
    engine.dispose()


def test_plan_show_en_json_con_montos_exactos_y_en_texto_con_el_total(
    recupera: Ejecutar, cartera_cli: str
) -> None:
    """El JSON trae los montos como texto exacto y el total; el texto termina con «Total»."""
    resultado = recupera("plan", "show", "--anio", "2026", "--json")
    assert resultado.exit_code == 0, resultado.output
    datos = json.loads(resultado.stdout)
    assert datos["anio"] == 2026
    assert len(datos["filas"]) == 48
    assert datos["total"] == {
        "sucursal": None,
        "mes": None,
        "meta": "4300.00",
        "recuperado": "2348.59",
        "diferencia": "-1951.41",
        "porcentaje": "54.6",
    }
    enero = next(f for f in datos["filas"] if f["sucursal"] == "San Salvador" and f["mes"] == 1)
    assert (enero["recuperado"], enero["porcentaje"]) == ("1000.25", "100.0")
    texto = recupera("plan", "show", "--anio", "2026").stdout.splitlines()
    assert texto[0].split() == ["Sucursal", "Mes", "Meta", "Recuperado", "Diferencia", "Avance"]
    assert texto[-1].split() == [
        "Total",
        "2026",
        "$4,300.00",
        "$2,348.59",
        "-$1,951.41",
        "54.6",
        "%",
    ]
    assert any(r.startswith("(sin sucursal)") for r in texto)


def test_plan_show_de_un_anio_sin_datos_lo_dice(recupera: Ejecutar) -> None:
    """Sin metas ni pagos no hay tabla vacía: un mensaje."""
    resultado = recupera("plan", "show", "--anio", "2031")
    assert resultado.exit_code == 0, resultado.output
    assert resultado.stdout == "No hay metas ni pagos en 2031.\n"
