"""La consola de correspondencia: sondeo de la carpeta de entrada, listado JSON y carta en papel."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from click.testing import Result
from pypdf import PdfReader

from expedientes import ZONA_LOCAL, ahora
from tests.codigos import codigos_de_barras
from tests.conftest import un_solo_motor
from tests.correspondencia.corpus import TODOS, mensaje, pdf_minimo
from tests.recupera.test_cli import Ejecutar, entorno, recupera

__all__ = ["entorno", "recupera"]

ASUNTO = 'Solicitud "urgente" <prórroga> & {{ x }}'


def _dejar(carpeta: Path, nombre: str, crudo: bytes) -> None:
    """Deja un .eml como lo haría otro programa, con una fecha que ya no es «reciente»."""
    carpeta.mkdir(parents=True, exist_ok=True)
    (carpeta / nombre).write_bytes(crudo)
    antiguo = time.time() - 60
    os.utime(carpeta / nombre, (antiguo, antiguo))


def _listar(recupera: Ejecutar) -> list[dict[str, object]]:
    resultado: Result = recupera("correspondencia", "list", "--json")
    assert resultado.exit_code == 0, resultado.output
    datos = json.loads(resultado.stdout)
    assert isinstance(datos, list)
    return datos


def test_poll_once_registra_la_carpeta_de_entrada_y_list_json_lo_muestra(
    recupera: Ejecutar, tmp_path: Path
) -> None:
    """Un .eml con adjunto y un rebote: dos cartas con los campos prometidos en el JSON."""
    entrada = tmp_path / "datos" / "entrada"
    adjunto = pdf_minimo("Resolución")
    _dejar(
        entrada,
        "carta.eml",
        mensaje(asunto=ASUNTO, cuerpo="x", adjuntos=[("../../x.pdf", "application/pdf", adjunto)]),
    )
    _dejar(entrada, "rebote.eml", TODOS["rebote_dsn"])
    resultado = recupera("correspondencia", "poll", "--once")
    assert resultado.exit_code == 0, resultado.output
    assert "carpeta de entrada: 2 registradas" in resultado.stdout
    cartas = {c["asunto"]: c for c in _listar(recupera)}
    carta = cartas[ASUNTO]
    anio = ahora().astimezone(ZONA_LOCAL).year
    assert str(carta["numero"]).startswith(f"CE-{anio}-")
    assert carta["estado"] == "registrada" and carta["automatico"] is False
    assert carta["patrono"] is None and carta["expediente"] is None
    assert carta["vence_el"] is not None and carta["advertencias"] == []
    assert carta["adjuntos"] == [
        {"nombre": "../../x.pdf", "sha256": carta["adjuntos"][0]["sha256"], "bytes": len(adjunto)}  # type: ignore[index]
    ]
    rebote = next(c for c in cartas.values() if c["automatico"])
    assert rebote["vence_el"] is None
    assert not list(entrada.glob("*.eml"))
    # El acuse de recibo es para lo entregado en ventanilla: de un correo, no se hace.
    destino = tmp_path / "acuse.pdf"
    acuse = recupera("correspondencia", "acuse", str(carta["numero"]), "--out", str(destino))
    assert acuse.exit_code == 1 and "llegó por correo electrónico" in acuse.output
    assert not destino.exists()


def test_register_de_un_escaneo_sin_ocr(recupera: Ejecutar, tmp_path: Path) -> None:
    """La carta en papel queda registrada con remitente, asunto y referencia exactos."""
    escaneo = tmp_path / "escaneo.pdf"
    escaneo.write_bytes(pdf_minimo("Carta firmada"))
    resultado = recupera(
        "correspondencia",
        "register",
        "--file",
        str(escaneo),
        "--sender",
        "Panadería Ñandú & Hijos",
        "--subject",
        ASUNTO,
        "--reference",
        "REF/2026-15",
        "--date",
        "2026-11-12",
        "--no-ocr",
    )
    assert resultado.exit_code == 0, resultado.output
    assert resultado.stdout.startswith("Registrada CE-")
    (carta,) = _listar(recupera)
    assert (carta["remitente"], carta["asunto"]) == ("Panadería Ñandú & Hijos", ASUNTO)
    assert carta["referencia_remitente"] == "REF/2026-15" and carta["origen"] == "papel"
    destino = tmp_path / "acuse.pdf"
    acuse = recupera("correspondencia", "acuse", str(carta["numero"]), "--out", str(destino))
    assert acuse.exit_code == 0, acuse.output
    texto = " ".join(p.extract_text() or "" for p in PdfReader(destino).pages)
    assert "Acuse de recibo" in texto and "REF/2026-15" in texto and str(carta["numero"]) in texto
    # Un lector de códigos de barras lee el número en el acuse y en la etiqueta recortable.
    assert codigos_de_barras(destino) == [carta["numero"], carta["numero"]]


@pytest.mark.parametrize(
    ("argumentos", "mensaje_esperado"),
    [
        (["--date", "12/11/2026"], "use AAAA-MM-DD"),
        (["--sender", " "], "El remitente es obligatorio"),
        # La consola aplica la regla del servicio, como la web: nada fechado después de hoy.
        (["--date", "2099-01-04"], "La fecha de la carta no puede ser posterior a hoy"),
    ],
)
def test_register_rechaza_datos_malos_en_espanol(
    recupera: Ejecutar, tmp_path: Path, argumentos: list[str], mensaje_esperado: str
) -> None:
    """Fecha en otro formato o remitente vacío: error claro, código 1 y nada registrado."""
    escaneo = tmp_path / "escaneo.pdf"
    escaneo.write_bytes(pdf_minimo("x"))
    base = {"--sender": "Remitente", "--subject": "Asunto"}
    for clave, valor in zip(argumentos[::2], argumentos[1::2], strict=True):
        base[clave] = valor
    planos = [x for par in base.items() for x in par]
    resultado = recupera("correspondencia", "register", "--file", str(escaneo), *planos, "--no-ocr")
    assert resultado.exit_code == 1
    assert mensaje_esperado in resultado.stderr
    assert _listar(recupera) == []


@un_solo_motor
def test_register_rechaza_un_archivo_que_no_es_escaneo(recupera: Ejecutar, tmp_path: Path) -> None:
    """Un .txt no es un escaneo: error en español."""
    archivo = tmp_path / "nota.txt"
    archivo.write_text("hola")
    resultado = recupera(
        "correspondencia", "register", "--file", str(archivo), "--sender", "a", "--subject", "b"
    )
    assert resultado.exit_code == 1
    assert "PDF o una imagen" in resultado.stderr
