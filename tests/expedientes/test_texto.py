"""Normalización para buscar y validación de textos antes de guardarlos."""

from __future__ import annotations

import pytest

from expedientes.texto import es_correo, normalizar_busqueda, problemas_de_texto, solo_digitos


def test_normalizar_busqueda_quita_tildes_y_mayusculas_y_colapsa_espacios() -> None:
    """«PÉREZ  &  Cía» y «perez & cia» se buscan igual; la Ñ queda como n."""
    assert normalizar_busqueda("  PÉREZ  &  Cía  ") == "perez & cia"
    assert normalizar_busqueda("Ñandú") == "nandu"


def test_solo_digitos_ignora_digitos_que_no_son_ascii() -> None:
    """Superíndices y dígitos arábigos no cuentan como dígitos de un NIT."""
    assert solo_digitos("0614-²٣05") == "061405"


@pytest.mark.parametrize("valor", ["Pérez\x00", "a\x1bb", "x\x7f"])
def test_caracteres_de_control_se_rechazan(valor: str) -> None:
    """NUL, ESC y DEL no se guardan (PostgreSQL rechaza NUL; SQLite lo guardaría callado)."""
    assert problemas_de_texto(valor, "El asunto", 300) == [
        "El asunto contiene caracteres de control no permitidos"
    ]


def test_saltos_de_linea_solo_se_admiten_en_textos_multilinea() -> None:
    """Una nota puede tener párrafos; un asunto de una línea, no."""
    assert problemas_de_texto("Uno\r\nDos\tTres", "La nota", 4000, multilinea=True) == []
    assert problemas_de_texto("Uno\nDos", "El asunto", 300) != []


def test_el_largo_se_mide_en_caracteres_y_se_informa() -> None:
    """300 «Ñ» caben en 300; 301 no, y el mensaje dice cuánto tiene."""
    assert problemas_de_texto("Ñ" * 300, "El asunto", 300) == []
    assert problemas_de_texto("Ñ" * 301, "El asunto", 300) == [
        "El asunto excede 300 caracteres (tiene 301)"
    ]


@pytest.mark.parametrize(
    ("texto", "valido"),
    [("contabilidad@peña-cia.com.sv", True), ("a@b", False), ("a b@c.sv", False), ("@c.sv", False)],
)
def test_es_correo_es_la_misma_regla_para_patronos_y_usuarios(texto: str, valido: bool) -> None:
    """Una sola forma de correo: `nombre@dominio.tld`, sin espacios."""
    assert es_correo(texto) is valido
