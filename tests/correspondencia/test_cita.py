"""Cómo se cita una carta en la respuesta: el destinatario es una persona o institución, nunca la
cabecera `Nombre <correo@…>`; una referencia que dice «no tengo» no se cita."""

from __future__ import annotations

import pytest

from correspondencia import nombre_del_remitente, referencia_citable


@pytest.mark.parametrize(
    ("remitente", "destinatario"),
    [
        ("Panadería Ñandú & Hijos <ventas@ñandú.sv>", "Panadería Ñandú & Hijos"),
        ('"Pérez, Ana" <ana@perez-cia.com.sv>', "Pérez, Ana"),
        ("Ministerio de Hacienda", "Ministerio de Hacienda"),  # carta en papel: tal como se anotó
        ("Lic. Ana O'Neil", "Lic. Ana O'Neil"),
        ("ana@perez-cia.com.sv", ""),  # sin nombre: el formulario pide a quién se dirige
    ],
)
def test_el_destinatario_es_el_nombre_nunca_la_cabecera(remitente: str, destinatario: str) -> None:
    """De «Nombre <correo>» queda el nombre; una dirección sola no es un destinatario."""
    assert nombre_del_remitente(remitente) == destinatario


@pytest.mark.parametrize("vacia", ["Sin referencia", "sin referencia.", "S/R", "N/A", " - ", ""])
def test_una_referencia_que_dice_no_tener_no_se_cita(vacia: str) -> None:
    """«con referencia Sin referencia» no se escribe nunca."""
    assert referencia_citable(vacia) == ""


def test_una_referencia_real_se_cita_tal_cual() -> None:
    """La referencia del remitente, sin espacios de más."""
    assert referencia_citable("  GG/0451-2026 «urgente» & <b> ") == "GG/0451-2026 «urgente» & <b>"
