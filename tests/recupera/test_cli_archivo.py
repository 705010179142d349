"""La consola del archivo: cerrar y archivar, verificar (salida 1 con cada problema) y préstamos."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from archivo import Almacen
from expedientes import Actor
from tests.archivo.casos import completo, expediente_en_gestion, usuario
from tests.bd import nueva_sesion, sesion
from tests.recupera.test_cli import Ejecutar, entorno, recupera

__all__ = ["entorno", "recupera"]


@pytest.fixture
def numeros(recupera: Ejecutar, url_bd: str, tmp_path: Path) -> list[str]:
    """Un expediente completo (transacción) y otro sin documentos, confirmados en la base."""
    engine = create_engine(url_bd)
    with sesion(engine, Actor("prueba:cli")) as s:
        listo = completo(s, Almacen(tmp_path / "datos" / "blobs"))
        incompleto = expediente_en_gestion(s)
        usuario(s, "rosa", "archivo")
        resultado = [listo.expediente.numero, incompleto.expediente.numero]
    engine.dispose()
    return resultado


def test_seal_archiva_y_verify_lo_encuentra_intacto(recupera: Ejecutar, numeros: list[str]) -> None:
    """El jefe archiva; `verify --json` lo revisa completo y sale con 0."""
    sellado = recupera("archivo", "seal", numeros[0], "--usuario", "jefe")
    assert sellado.exit_code == 0, sellado.output
    assert f"{numeros[0]} archivado: sello N.º 1" in sellado.stdout
    verificado = recupera("archivo", "verify", "--json")
    assert verificado.exit_code == 0, verificado.output
    assert json.loads(verificado.stdout) | {"cabeza": None} == {
        "correcta": True, "sellos": 1, "documentos": 5, "blobs": 0, "cabeza": None, "problemas": [],
    }  # fmt: skip


def test_seal_de_un_expediente_incompleto_sale_con_1_y_dice_que_falta(
    recupera: Ejecutar, numeros: list[str]
) -> None:
    """Cinco documentos faltan: los cinco se listan; el del archivo no puede sellar."""
    resultado = recupera("archivo", "seal", numeros[1], "--usuario", "jefe")
    assert resultado.exit_code == 1
    assert resultado.stderr.count("  - Falta: ") == 5
    assert "Falta: Acuerdo del Consejo Directivo." in resultado.stderr
    otro = recupera("archivo", "seal", numeros[0], "--usuario", "rosa")
    assert otro.exit_code == 1 and "no puede cerrar y archivar" in otro.stderr


def test_verify_sale_con_1_y_nombra_el_documento_alterado(
    recupera: Ejecutar, numeros: list[str], url_bd: str, tmp_path: Path
) -> None:
    """Un PDF cambiado en el disco: salida 1 y el problema en la salida de errores."""
    recupera("archivo", "seal", numeros[0], "--usuario", "jefe")
    engine = create_engine(url_bd)
    with nueva_sesion(engine) as s:
        sha = s.execute(
            text("SELECT sha256 FROM documento_expediente WHERE orden = 2")
        ).scalar_one()
    engine.dispose()
    ruta = Almacen(tmp_path / "datos" / "blobs").ruta(sha)
    ruta.chmod(0o644)
    ruta.write_bytes(b"%PDF-1.4 otro contenido")
    resultado = recupera("archivo", "verify", numeros[0])
    assert resultado.exit_code == 1
    assert f"El original del documento 2 de {numeros[0]}" in resultado.stderr


def test_prestar_listar_y_devolver(recupera: Ejecutar, numeros: list[str]) -> None:
    """El archivo presta, la lista lo muestra, se devuelve, y ya no está fuera."""
    prestado = recupera("archivo", "loans", "lend", numeros[0], "--persona", "Lic. Ñúñez & Cía",
                        "--oficina", "Unidad Jurídica", "--hasta", "2099-01-31", "--usuario", "rosa")  # fmt: skip
    assert prestado.exit_code == 0, prestado.output
    fuera = json.loads(recupera("archivo", "loans", "list", "--json").stdout)
    assert [(f["expediente"], f["persona"], f["dias_de_atraso"]) for f in fuera] == [
        (numeros[0], "Lic. Ñúñez & Cía", 0)
    ]
    assert json.loads(recupera("archivo", "loans", "list", "--vencidos", "--json").stdout) == []
    devuelto = recupera("archivo", "loans", "return", numeros[0])
    assert devuelto.exit_code == 0 and "devuelto por Lic. Ñúñez & Cía" in devuelto.stdout
    assert json.loads(recupera("archivo", "loans", "list", "--json").stdout) == []
    otra = recupera("archivo", "loans", "return", numeros[0])
    assert otra.exit_code == 1 and "no está prestado" in otra.stderr


def test_despues_de_archivar_la_consola_tampoco_cambia_el_expediente(
    recupera: Ejecutar, numeros: list[str], tmp_path: Path
) -> None:
    """Sellar de nuevo y generar un documento en él: ambos rechazados, con el porqué."""
    assert recupera("archivo", "seal", numeros[0], "--usuario", "jefe").exit_code == 0
    otra_vez = recupera("archivo", "seal", numeros[0], "--usuario", "jefe")
    assert otra_vez.exit_code == 1 and "está sellado y archivado" in otra_vez.stderr
    generar = recupera("plantillas", "render", "oficio_respuesta", "--expediente", numeros[0],
                       "--autor", "jefe", "--out", str(tmp_path / "oficio.docx"))  # fmt: skip
    assert generar.exit_code == 1 and "ya no recibe documentos" in generar.stderr
    assert not (tmp_path / "oficio.docx").exists()
