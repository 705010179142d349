"""La consola del seguimiento: importar pagos (todo o nada, idempotente), revisar las cuotas
vencidas de los convenios a una fecha y listar los convenios, contra un convenio firmado de
verdad en la base que usa la consola."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlmodel import col, select

from archivo import Almacen
from expedientes import Actor
from plantillas import ConversorPdf, DocumentoGenerado, Parametros
from recupera.composicion import CorrespondenciaDeRecupera
from seguimiento import Convenio, CuotaConvenio, Pago
from tests.bd import nueva_sesion, sesion
from tests.plantillas.conftest import crear_caso
from tests.recupera.test_cli import Ejecutar, entorno, recupera
from tests.seguimiento.test_convenios import (
    NUMERO_PATRONAL,
    csv_pagos,
    documento_final,
    legalizar,
    registrar,
)

__all__ = ["entorno", "recupera"]
pytestmark = pytest.mark.libreoffice


@dataclass(frozen=True)
class ConvenioCli:
    """El convenio legalizado (prima pendiente) confirmado en la base de la consola."""

    numero: str
    expediente: str
    cuotas: list[Decimal]


@pytest.fixture
def convenio_cli(
    recupera: Ejecutar, url_bd: str, tmp_path: Path, conversor: ConversorPdf
) -> ConvenioCli:
    """Caso, documento final, convenio registrado y legalizado, con el almacén de la consola."""
    p = Parametros(
        almacen=Almacen(tmp_path / "datos" / "blobs"), tasa_recargo=Decimal("0.01"),
        lugar="San Salvador", convertir_pdf=conversor.convertir,
        correspondencia=CorrespondenciaDeRecupera("isss.gob.sv"),
    )  # fmt: skip
    engine = create_engine(url_bd)
    with sesion(engine, Actor("prueba:cli")) as s:
        caso = crear_caso(s, p.almacen, tipo="convenio")
        convenio = registrar(s, p, caso, documento_final(s, p, caso))
        legalizar(s, p, caso, convenio)
        cuotas = s.exec(
            select(CuotaConvenio.monto)
            .where(CuotaConvenio.convenio_id == convenio.id)
            .order_by(col(CuotaConvenio.numero))
        ).all()
        resultado = ConvenioCli(convenio.documento_numero, caso.expediente.numero, list(cuotas))
    engine.dispose()
    return resultado


def _leer(url: str, modelo: type, **filtro: object) -> list:  # type: ignore[type-arg]
    engine = create_engine(url)
    with nueva_sesion(engine) as s:
        consulta = select(modelo)
        for campo, valor in filtro.items():
            consulta = consulta.where(getattr(modelo, campo) == valor)
        filas = list(s.exec(consulta).all())
    engine.dispose()
    return filas


def _archivo(tmp_path: Path, nombre: str, filas: list[list[str]]) -> str:
    ruta = tmp_path / nombre
    ruta.write_bytes(csv_pagos(filas, ";"))
    return str(ruta)


def test_pagos_import_aplica_la_prima_y_reimportar_no_cambia_nada(
    recupera: Ejecutar, convenio_cli: ConvenioCli, url_bd: str, tmp_path: Path
) -> None:
    """GIVEN un convenio legalizado WHEN se importa el pago de la prima y un abono THEN el
    convenio queda vigente y la consola lo dice; la segunda vez, todo ya estaba importado."""
    archivo = _archivo(
        tmp_path, "pagos & <noviembre>.csv",
        [[NUMERO_PATRONAL, "2026-11-25", "100.00", "ABONO «1»"],
         [NUMERO_PATRONAL, "2026-11-18", "1500.00", "PRIMA"]],
    )  # fmt: skip
    resultado = recupera("pagos", "import", archivo)
    assert resultado.exit_code == 0, resultado.output
    assert resultado.stdout == (
        "2 filas leídas (UTF-8): 2 pagos nuevos, 0 ya importados; aplicado a convenios "
        "$1,600.00, sin aplicar $0.00.\n"
        f"Convenios ahora vigentes (prima pagada): {convenio_cli.numero}\n"
    )
    [convenio] = _leer(url_bd, Convenio)
    assert (convenio.estado, convenio.vigente_desde) == ("vigente", date(2026, 11, 18))
    otra_vez = recupera("pagos", "import", archivo)
    assert otra_vez.exit_code == 0, otra_vez.output
    assert otra_vez.stdout.startswith("2 filas leídas (UTF-8): 0 pagos nuevos, 2 ya importados;")


def test_pagos_import_de_un_archivo_malo_sale_con_1_y_no_importa_nada(
    recupera: Ejecutar, convenio_cli: ConvenioCli, url_bd: str, tmp_path: Path
) -> None:
    """Cada problema con su línea en la salida de errores; ningún pago guardado."""
    archivo = _archivo(
        tmp_path, "malo.csv",
        [[NUMERO_PATRONAL, "2026-11-25", "100.00", "BUENO"],
         ["111111111", "2026-11-31", "-1", "MALO"]],
    )  # fmt: skip
    resultado = recupera("pagos", "import", archivo)
    assert resultado.exit_code == 1
    assert resultado.stderr == (
        "Error: El archivo tiene 3 problema(s); no se importó nada.\n"
        "  - línea 3: el número patronal 111111111 no está registrado\n"
        "  - línea 3: la fecha «2026-11-31» debe ser una fecha AAAA-MM-DD\n"
        "  - línea 3: el monto «-1» no puede ser menor que 0.01\n"
    )
    assert _leer(url_bd, Pago) == []


def test_convenios_revisar_a_una_fecha_levanta_alertas_y_requerimientos(
    recupera: Ejecutar, convenio_cli: ConvenioCli, url_bd: str, tmp_path: Path
) -> None:
    """Con la prima y la cuota 1 pagadas, al 06/01/2027 vence la cuota 2 (tolerancia por omisión,
    5 días hábiles): la consola lista la alerta y el requerimiento; repetirlo no agrega nada."""
    archivo = _archivo(
        tmp_path, "pagos.csv",
        [[NUMERO_PATRONAL, "2026-11-18", "1500.00", "PRIMA"],
         [NUMERO_PATRONAL, "2026-11-25", str(convenio_cli.cuotas[0]), "CUOTA-1"]],
    )  # fmt: skip
    assert recupera("pagos", "import", archivo).exit_code == 0
    antes = recupera("convenios", "revisar", "--fecha", "2027-01-05")
    assert antes.exit_code == 0, antes.output
    assert antes.stdout.startswith("Revisión de convenios al 05/01/2027: 0 alerta(s)")
    resultado = recupera("convenios", "revisar", "--fecha", "2027-01-06")
    assert resultado.exit_code == 0, resultado.output
    lineas = resultado.stdout.splitlines()
    assert lineas[0] == (
        "Revisión de convenios al 06/01/2027: 1 alerta(s), 1 requerimiento(s) en borrador, "
        "0 convenio(s) incumplido(s)."
    )
    assert lineas[1].startswith(f"  Alerta cuota-2-vencida:{convenio_cli.numero}: La cuota 2")
    assert lineas[2] == f"  Requerimiento DRP-2027-000001 (cuota 2 de {convenio_cli.numero})"
    [requerimiento] = _leer(url_bd, DocumentoGenerado, plantilla="requerimiento_pago")
    assert (requerimiento.numero, requerimiento.estado) == ("DRP-2027-000001", "borrador")
    otra_vez = recupera("convenios", "revisar", "--fecha", "2027-01-06")
    assert "0 alerta(s), 0 requerimiento(s)" in otra_vez.stdout
    mala = recupera("convenios", "revisar", "--fecha", "06/01/2027")
    assert mala.exit_code == 1
    assert mala.stderr == "Error: La fecha «06/01/2027» debe escribirse AAAA-MM-DD.\n"


def test_convenios_list_en_json_y_por_estado(recupera: Ejecutar, convenio_cli: ConvenioCli) -> None:
    """El JSON lleva montos exactos como texto; --estado filtra; un estado inexistente, error."""
    resultado = recupera("convenios", "list", "--json")
    assert resultado.exit_code == 0, resultado.output
    [fila] = json.loads(resultado.stdout)
    assert (fila["convenio"], fila["expediente"], fila["estado"]) == (
        convenio_cli.numero, convenio_cli.expediente, "legalizado",
    )  # fmt: skip
    assert fila["razon_social"].startswith("Pérez & Cía <S.A. de C.V.>")
    assert (fila["prima"], fila["prima_pagada"], fila["cuotas"]) == ("1500.00", "0.00", 4)
    assert Decimal(fila["saldo"]) == Decimal(fila["total"])
    texto = recupera("convenios", "list", "--estado", "legalizado")
    assert texto.stdout.startswith(f"{convenio_cli.numero}  legalizado ")
    assert "cuota 1 vence 2026-11-25" in texto.stdout
    assert recupera("convenios", "list", "--estado", "vigente").stdout == ""
    malo = recupera("convenios", "list", "--estado", "pagado")
    assert malo.exit_code == 1 and "El estado «pagado» no existe" in malo.stderr
