"""La consola de búsqueda: `recupera archivo search TEXTO` con filtros, en texto o JSON."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine

from expedientes import Actor, crear_usuario
from tests.archivo.test_busqueda import Archivo, archivo_de_prueba
from tests.bd import sesion
from tests.conftest import un_solo_motor
from tests.recupera.test_cli import Ejecutar, entorno, recupera

__all__ = ["entorno", "recupera"]


@pytest.fixture
def archivo(recupera: Ejecutar, url_bd: str) -> Archivo:
    """El archivo de prueba confirmado en la base que usa la consola."""
    engine = create_engine(url_bd)
    with sesion(engine, Actor("prueba:cli")) as s:
        numeros = archivo_de_prueba(s)
        crear_usuario(session=s, nombre_usuario="rosa.portillo", rol="archivo",
                      nombre_completo="Rosa María Portillo", contrasena="Cuscatlán-2026-segura")  # fmt: skip
    engine.dispose()
    return numeros


def test_search_json_trae_expediente_patrono_sellado_y_documentos(
    recupera: Ejecutar, archivo: Archivo
) -> None:
    """Un objeto por expediente, con el documento que tiene el correlativo."""
    resultado = recupera(
        "archivo", "search", "--usuario", "rosa.portillo", "CE-2026-000123", "--json"
    )
    assert resultado.exit_code == 0, resultado.output
    (encontrado,) = json.loads(resultado.stdout)
    assert encontrado["expediente"]["numero"] == archivo.perez_cobro
    assert encontrado["expediente"]["abierto_el"] == "2026-01-05"
    assert encontrado["patrono"] == {
        "numero_patronal": "310145678", "nit": "0614-010190-102-3",
        "razon_social": "Pérez & Cía <S.A. de C.V.>",
    }  # fmt: skip
    assert encontrado["sellado"] is False
    (documento,) = encontrado["documentos"]
    assert documento["referencia"] == "CE-2026-000123" and documento["orden"] == 2
    assert documento["fecha"] == "2026-02-03"


def test_search_con_filtros_de_fecha_tipo_y_limite(recupera: Ejecutar, archivo: Archivo) -> None:
    """`--desde/--hasta/--tipo/--limite` llegan al servicio."""
    resultado = recupera(
        "archivo", "search", "--usuario", "rosa.portillo", "cotizaciones", "--desde", "2025-01-01", "--hasta", "2025-12-31",
        "--tipo", "transaccion", "--json",
    )  # fmt: skip
    assert resultado.exit_code == 0, resultado.output
    assert [r["expediente"]["numero"] for r in json.loads(resultado.stdout)] == [archivo.pena]
    limitado = recupera(
        "archivo", "search", "--usuario", "rosa.portillo", "perez", "--limite", "1", "--json"
    )
    assert len(json.loads(limitado.stdout)) == 1


def test_search_en_texto_muestra_renglon_y_fragmento(recupera: Ejecutar, archivo: Archivo) -> None:
    """Sin `--json`: el expediente, su patrono y el trozo del documento donde está la palabra."""
    resultado = recupera("archivo", "search", "--usuario", "rosa.portillo", "prórrogas")
    assert resultado.exit_code == 0, resultado.output
    assert archivo.perez_cobro in resultado.stdout
    assert "NIT 0614-010190-102-3" in resultado.stdout
    assert 'solicita prórroga {{ plazo }} para pagar las cotizaciones "atrasadas".' in (
        resultado.stdout
    )


def test_search_sin_resultados_lo_dice_y_sale_con_0(recupera: Ejecutar, archivo: Archivo) -> None:
    """Nada que coincida (ni con una consulta hostil) no es un error."""
    resultado = recupera(
        "archivo", "search", "--usuario", "rosa.portillo", '" OR 1=1 -- {{ }} NEAR(*)'
    )
    assert resultado.exit_code == 0
    assert resultado.stdout == "" and "Ningún expediente coincide." in resultado.stderr


@un_solo_motor
def test_search_con_fechas_al_reves_sale_con_1_en_espanol(
    recupera: Ejecutar, archivo: Archivo
) -> None:
    """Error del usuario: a stderr, en español, código 1."""
    resultado = recupera(
        "archivo",
        "search",
        "--usuario",
        "rosa.portillo",
        "mora",
        "--desde",
        "2026-03-01",
        "--hasta",
        "2026-01-01",
    )
    assert resultado.exit_code == 1
    assert "Error:" in resultado.stderr and "posterior" in resultado.stderr


@un_solo_motor
def test_search_con_fecha_invalida_sale_con_2(recupera: Ejecutar, archivo: Archivo) -> None:
    """Click rechaza la fecha mal escrita antes de tocar la base."""
    resultado = recupera(
        "archivo", "search", "--usuario", "rosa.portillo", "mora", "--desde", "2026-13-01"
    )
    assert resultado.exit_code == 2
    assert "--desde" in resultado.stderr


def test_search_de_un_gestor_no_muestra_documentos_de_expedientes_ajenos(
    recupera: Ejecutar, archivo: Archivo, url_bd: str
) -> None:
    """La consola aplica la misma regla que la web: un gestor sin expedientes no halla nada por
    palabras de documentos ajenos; el archivo sí."""
    engine = create_engine(url_bd)
    with sesion(engine, Actor("prueba:cli")) as s:
        crear_usuario(session=s, nombre_usuario="carlos.mejia", rol="gestor",
                      nombre_completo="Carlos Mejía", contrasena="Cuscatlán-2026-segura")  # fmt: skip
    engine.dispose()
    del_gestor = recupera("archivo", "search", "prorroga", "--usuario", "carlos.mejia", "--json")
    assert del_gestor.exit_code == 0, del_gestor.output
    assert json.loads(del_gestor.stdout) == []
    del_archivo = recupera("archivo", "search", "prorroga", "--usuario", "rosa.portillo", "--json")
    assert [r["expediente"]["numero"] for r in json.loads(del_archivo.stdout)] == [
        archivo.perez_cobro
    ]
