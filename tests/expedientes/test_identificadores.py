"""NIT, DUI, número patronal y período: validación, normalización y formato."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.sv import nit as stdnum_nit

from expedientes.identificadores import (
    digito_verificador_dui,
    formatear_dui,
    formatear_nit,
    formatear_periodo,
    normalizar_dui,
    normalizar_nit,
    normalizar_numero_patronal,
    parsear_periodo,
)
from tests.expedientes.datos import (
    DUI_JOSE,
    DUI_MARIA,
    NIT_ESPIGA,
    NIT_EXTRANJERO,
    NIT_NANDU,
    NIT_PEREZ,
    NIT_SANTA_ANA,
)

NITS_VALIDOS = [NIT_ESPIGA, NIT_PEREZ, NIT_NANDU, NIT_SANTA_ANA, NIT_EXTRANJERO]

# El dígito verificador del DUI calculado a mano: pesos 9,8,7,6,5,4,3,2; (10 − suma mod 10) mod 10.
DUI_A_MANO = [
    # ocho dígitos, cuenta hecha a mano,                                    verificador
    ("00016297", "1·6 + 6·5 + 2·4 + 9·3 + 7·2 = 85 → 10 − 5", 5),
    ("04567890", "4·8 + 5·7 + 6·6 + 7·5 + 8·4 + 9·3 + 0·2 = 197 → 10 − 7", 3),
    ("12345678", "9 + 16 + 21 + 24 + 25 + 24 + 21 + 16 = 156 → 10 − 6", 4),
    ("02345673", "16 + 21 + 24 + 25 + 24 + 21 + 6 = 137 → 10 − 7", 3),
    ("10000000", "1·9 = 9 → 10 − 9", 1),
    ("00000005", "5·2 = 10 → (10 − 0) mod 10", 0),
    ("00000000", "0 → (10 − 0) mod 10", 0),
]


def test_los_nit_de_prueba_son_validos_para_stdnum() -> None:
    """Los NIT usados en las pruebas son válidos según python-stdnum (la referencia)."""
    assert all(stdnum_nit.is_valid(n) for n in NITS_VALIDOS)


@pytest.mark.parametrize("nit", NITS_VALIDOS)
def test_normalizar_nit_valido_devuelve_14_digitos(nit: str) -> None:
    """Un NIT válido con guiones se normaliza a sus 14 dígitos."""
    assert normalizar_nit(nit) == nit.replace("-", "")


@pytest.mark.parametrize(
    "escrito",
    [
        "0614-050707-104-8",
        "06140507071048",
        "0614 050707 104 8",
        "  0614-050707-104-8  ",
        "SV 0614-050707-104-8",
        "sv0614050707 1048",
    ],
)
def test_nit_en_cualquier_formato_se_normaliza_igual(escrito: str) -> None:
    """Guiones, espacios y el prefijo SV no cambian el NIT normalizado."""
    assert normalizar_nit(escrito) == "06140507071048"


def test_formatear_nit_pone_los_guiones_oficiales() -> None:
    """14 dígitos se muestran `####-######-###-#`."""
    assert formatear_nit("06140507071048") == "0614-050707-104-8"


@pytest.mark.parametrize(
    ("escrito", "palabras"),
    [
        ("0614-050707-104-0", ["dígito verificador", "incorrecto"]),
        ("0614-050707-104-9", ["dígito verificador", "incorrecto"]),
        ("0614-050707-104", ["14 dígitos", "DUI"]),
        ("0614-050707-104-88", ["14 dígitos"]),
        ("", ["14 dígitos"]),
        ("0614-O50707-104-8", ["caracteres no válidos"]),
        ("0614.050707.104.8", ["caracteres no válidos"]),
        ("NIT 0614-050707-104-8", ["caracteres no válidos"]),
        ("2614-050707-104-8", ["formato válido"]),
    ],
)
def test_nit_invalido_se_rechaza_con_el_motivo(escrito: str, palabras: list[str]) -> None:
    """Verificador, longitud, letras o primer dígito malos se rechazan diciendo por qué."""
    with pytest.raises(ValueError, match="el NIT") as exc:
        normalizar_nit(escrito)
    for palabra in palabras:
        assert palabra in str(exc.value)


@pytest.mark.parametrize("dui", [DUI_MARIA, "000162975", "00016297 - 5", DUI_JOSE])
def test_dui_valido_sirve_como_nit(dui: str) -> None:
    """Un DUI válido (9 dígitos) se acepta como NIT de persona natural."""
    assert normalizar_nit(dui) == dui.replace("-", "").replace(" ", "")


def test_nit_de_nueve_digitos_que_no_es_dui_se_rechaza() -> None:
    """9 dígitos con el verificador del DUI mal: el mensaje explica que no es un DUI válido."""
    with pytest.raises(ValueError, match="9 dígitos pero no es un DUI válido"):
        normalizar_nit("00016297-4")


def test_formatear_nit_de_un_dui_usa_el_formato_del_dui() -> None:
    """Un NIT que es DUI se muestra `########-#`."""
    assert formatear_nit("000162975") == "00016297-5"


@pytest.mark.parametrize(("ocho", "cuenta", "esperado"), DUI_A_MANO)
def test_digito_verificador_dui_coincide_con_la_cuenta_a_mano(
    ocho: str, cuenta: str, esperado: int
) -> None:
    """El verificador del DUI es el de DOMAIN.md (pesos 9..2), comprobado contra cuentas a mano."""
    assert digito_verificador_dui(ocho) == esperado, cuenta


@pytest.mark.parametrize(
    ("ocho", "cuenta", "esperado"), [c for c in DUI_A_MANO if c[0].strip("0")]
)  # el DUI todo ceros se rechaza aparte (test_un_nit_o_dui_todo_ceros_se_rechaza)
def test_dui_con_su_verificador_se_acepta_y_se_formatea(
    ocho: str, cuenta: str, esperado: int
) -> None:
    """`########-#` con el verificador correcto se acepta y vuelve a escribirse igual."""
    escrito = f"{ocho}-{esperado}"
    assert normalizar_dui(escrito) == f"{ocho}{esperado}", cuenta
    assert formatear_dui(normalizar_dui(escrito)) == escrito


@pytest.mark.parametrize(("ocho", "cuenta", "esperado"), DUI_A_MANO)
def test_dui_con_cualquier_otro_verificador_se_rechaza(
    ocho: str, cuenta: str, esperado: int
) -> None:
    """Cada uno de los otros nueve dígitos verificadores se rechaza."""
    for malo in set(range(10)) - {esperado}:
        with pytest.raises(ValueError, match="dígito verificador incorrecto"):
            normalizar_dui(f"{ocho}-{malo}")


@pytest.mark.parametrize(
    ("escrito", "palabras"),
    [
        ("00016297", "9 dígitos"),
        ("00016297-55", "9 dígitos"),
        ("0001629A-5", "caracteres no válidos"),
        ("00016297/5", "caracteres no válidos"),
    ],
)
def test_dui_mal_escrito_se_rechaza(escrito: str, palabras: str) -> None:
    """Longitud distinta de 9 o caracteres ajenos se rechazan con el motivo en español."""
    with pytest.raises(ValueError, match="el DUI") as exc:
        normalizar_dui(escrito)
    assert palabras in str(exc.value)


def test_dui_con_digitos_no_ascii_no_se_guarda_con_esos_digitos() -> None:
    """Dígitos arábigo-índicos no deben salir «normalizados» tal cual: o se rechazan o se pasan a 0-9."""
    try:
        resultado = normalizar_dui("٠٠٠١٦٢٩٧-٥")
    except ValueError:
        return
    assert resultado == "000162975"


@pytest.mark.parametrize(
    ("escrito", "esperado"),
    [
        ("310145678", "310145678"),
        ("310-145-678", "310145678"),
        (" 310 145 678 ", "310145678"),
        ("123456", "123456"),
        ("123456789012", "123456789012"),
    ],
)
def test_numero_patronal_tolera_guiones_y_espacios(escrito: str, esperado: str) -> None:
    """El número patronal son 6 a 12 dígitos; guiones y espacios se quitan."""
    assert normalizar_numero_patronal(escrito) == esperado


@pytest.mark.parametrize(
    ("escrito", "palabras"),
    [
        ("12345", "entre 6 y 12 dígitos"),
        ("1234567890123", "entre 6 y 12 dígitos"),
        ("", "entre 6 y 12 dígitos"),
        ("31014567A", "solo puede contener dígitos"),
        ("310.145.678", "solo puede contener dígitos"),
        ("Ñ310145678", "solo puede contener dígitos"),
    ],
)
def test_numero_patronal_invalido_se_rechaza(escrito: str, palabras: str) -> None:
    """Letras, puntos o una longitud fuera de 6..12 se rechazan con el motivo."""
    with pytest.raises(ValueError, match="el número patronal") as exc:
        normalizar_numero_patronal(escrito)
    assert palabras in str(exc.value)


@pytest.mark.parametrize(
    ("escrito", "esperado"),
    [
        ("01/2025", date(2025, 1, 1)),
        ("1/2025", date(2025, 1, 1)),
        ("12/2024", date(2024, 12, 1)),
        (" 02 / 2024 ", date(2024, 2, 1)),
        ("1/1990", date(1990, 1, 1)),
        ("12/2100", date(2100, 12, 1)),
    ],
)
def test_parsear_periodo_da_el_primer_dia_del_mes(escrito: str, esperado: date) -> None:
    """`MM/AAAA` (o `M/AAAA`) se lee como el primer día de ese mes."""
    assert parsear_periodo(escrito) == esperado


@pytest.mark.parametrize(
    ("escrito", "palabras"),
    [
        ("13/2025", "mes inexistente"),
        ("00/2025", "mes inexistente"),
        ("2025-01", "MM/AAAA"),
        ("01-2025", "MM/AAAA"),
        ("01/25", "MM/AAAA"),
        ("enero/2025", "MM/AAAA"),
        ("", "MM/AAAA"),
        ("01/1989", "fuera de rango"),
        ("01/2101", "fuera de rango"),
    ],
)
def test_parsear_periodo_invalido_se_rechaza(escrito: str, palabras: str) -> None:
    """Mes 13, formato ISO u otro, o año absurdo se rechazan con el motivo en español."""
    with pytest.raises(ValueError, match="el período") as exc:
        parsear_periodo(escrito)
    assert palabras in str(exc.value)


@pytest.mark.parametrize(
    ("periodo", "texto"),
    [(date(2025, 1, 1), "01/2025"), (date(2024, 12, 1), "12/2024"), (date(2026, 10, 1), "10/2026")],
)
def test_formatear_periodo_y_parsear_son_inversos(periodo: date, texto: str) -> None:
    """Un período se escribe `MM/AAAA` con el mes en dos cifras y se vuelve a leer igual."""
    assert formatear_periodo(periodo) == texto
    assert parsear_periodo(texto) == periodo


@pytest.mark.parametrize("texto", ["0000-000000-000-0", "00000000000000", "00000000-0"])
def test_un_nit_o_dui_todo_ceros_se_rechaza(texto: str) -> None:
    """Ceros pasan el dígito verificador pero no identifican a nadie: se rechazan."""
    with pytest.raises(ValueError, match="todo ceros"):
        normalizar_nit(texto)
    if len(texto.replace("-", "")) == 9:
        with pytest.raises(ValueError, match="todo ceros"):
            normalizar_dui(texto)
