"""Montos en letras: tablas de frases correctas escritas a mano, rechazos y la ida y vuelta."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from plantillas import letras
from plantillas.letras import cardinal, en_letras, en_palabras, leer_cardinal, leer_monto

USD = "DÓLARES DE LOS ESTADOS UNIDOS DE AMÉRICA"

# Escritas a mano, no generadas: si el código y la tabla discrepan, manda la tabla.
FORMA_LEGAL = [
    ("0.01", f"CERO 01/100 {USD}"),
    ("0.07", f"CERO 07/100 {USD}"),
    ("1", "UN 00/100 DÓLAR DE LOS ESTADOS UNIDOS DE AMÉRICA"),
    ("1.01", f"UN 01/100 {USD}"),
    ("1.50", f"UN 50/100 {USD}"),
    ("2", f"DOS 00/100 {USD}"),
    ("15", f"QUINCE 00/100 {USD}"),
    ("16", f"DIECISÉIS 00/100 {USD}"),
    ("21", f"VEINTIÚN 00/100 {USD}"),
    ("22", f"VEINTIDÓS 00/100 {USD}"),
    ("23", f"VEINTITRÉS 00/100 {USD}"),
    ("26", f"VEINTISÉIS 00/100 {USD}"),
    ("30", f"TREINTA 00/100 {USD}"),
    ("31", f"TREINTA Y UN 00/100 {USD}"),
    ("99", f"NOVENTA Y NUEVE 00/100 {USD}"),
    ("100", f"CIEN 00/100 {USD}"),
    ("101", f"CIENTO UN 00/100 {USD}"),
    ("110", f"CIENTO DIEZ 00/100 {USD}"),
    ("115", f"CIENTO QUINCE 00/100 {USD}"),
    ("121", f"CIENTO VEINTIÚN 00/100 {USD}"),
    ("200", f"DOSCIENTOS 00/100 {USD}"),
    ("500", f"QUINIENTOS 00/100 {USD}"),
    ("555", f"QUINIENTOS CINCUENTA Y CINCO 00/100 {USD}"),
    ("700", f"SETECIENTOS 00/100 {USD}"),
    ("900", f"NOVECIENTOS 00/100 {USD}"),
    ("999", f"NOVECIENTOS NOVENTA Y NUEVE 00/100 {USD}"),
    ("1000", f"MIL 00/100 {USD}"),
    ("1001", f"MIL UN 00/100 {USD}"),
    ("1021", f"MIL VEINTIÚN 00/100 {USD}"),
    ("1100", f"MIL CIEN 00/100 {USD}"),
    ("1234.56", f"MIL DOSCIENTOS TREINTA Y CUATRO 56/100 {USD}"),
    ("2000", f"DOS MIL 00/100 {USD}"),
    ("10000", f"DIEZ MIL 00/100 {USD}"),
    ("15000", f"QUINCE MIL 00/100 {USD}"),
    ("21000", f"VEINTIÚN MIL 00/100 {USD}"),
    ("31000", f"TREINTA Y UN MIL 00/100 {USD}"),
    ("100000", f"CIEN MIL 00/100 {USD}"),
    ("121000", f"CIENTO VEINTIÚN MIL 00/100 {USD}"),
    ("201000", f"DOSCIENTOS UN MIL 00/100 {USD}"),
    ("500000", f"QUINIENTOS MIL 00/100 {USD}"),
    ("999999.99", f"NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE 99/100 {USD}"),
    ("1000000", f"UN MILLÓN 00/100 {USD}"),
    ("1000001", f"UN MILLÓN UN 00/100 {USD}"),
    ("1001000", f"UN MILLÓN MIL 00/100 {USD}"),
    ("1021000", f"UN MILLÓN VEINTIÚN MIL 00/100 {USD}"),
    ("2000000", f"DOS MILLONES 00/100 {USD}"),
    ("2500000.50", f"DOS MILLONES QUINIENTOS MIL 50/100 {USD}"),
    ("21000000", f"VEINTIÚN MILLONES 00/100 {USD}"),
    ("100000000", f"CIEN MILLONES 00/100 {USD}"),
    ("201000000", f"DOSCIENTOS UN MILLONES 00/100 {USD}"),
    ("1000000000", f"MIL MILLONES 00/100 {USD}"),
    ("1001000000", f"MIL UN MILLONES 00/100 {USD}"),
    ("21000000000", f"VEINTIÚN MIL MILLONES 00/100 {USD}"),
    (
        "999999999999.99",
        "NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE MILLONES "
        f"NOVECIENTOS NOVENTA Y NUEVE MIL NOVECIENTOS NOVENTA Y NUEVE 99/100 {USD}",
    ),
]

EN_PALABRAS = [
    ("0", "cero dólares"),
    ("0.01", "cero dólares con un centavo"),
    ("0.50", "cero dólares con cincuenta centavos"),
    ("1", "un dólar"),
    ("1.01", "un dólar con un centavo"),
    ("1.50", "un dólar con cincuenta centavos"),
    ("2", "dos dólares"),
    ("21", "veintiún dólares"),
    ("21.21", "veintiún dólares con veintiún centavos"),
    ("31.31", "treinta y un dólares con treinta y un centavos"),
    ("100", "cien dólares"),
    ("1000", "mil dólares"),
    ("1234.56", "mil doscientos treinta y cuatro dólares con cincuenta y seis centavos"),
    ("21000", "veintiún mil dólares"),
    ("201000", "doscientos un mil dólares"),
    ("1000000", "un millón de dólares"),
    ("1000001", "un millón un dólares"),
    ("1001000", "un millón mil dólares"),
    ("2000000", "dos millones de dólares"),
    ("2500000.50", "dos millones quinientos mil dólares con cincuenta centavos"),
    ("1000000000", "mil millones de dólares"),
]

CARDINALES = [
    (0, "cero"),
    (1, "uno"),
    (16, "dieciséis"),
    (21, "veintiuno"),
    (22, "veintidós"),
    (23, "veintitrés"),
    (26, "veintiséis"),
    (31, "treinta y uno"),
    (100, "cien"),
    (101, "ciento uno"),
    (500, "quinientos"),
    (700, "setecientos"),
    (900, "novecientos"),
    (1000, "mil"),
    (2000, "dos mil"),
    (21000, "veintiún mil"),
    (21021, "veintiún mil veintiuno"),
    (100000, "cien mil"),
    (201000, "doscientos un mil"),
    (1000000, "un millón"),
    (1000001, "un millón uno"),
    (1001000, "un millón mil"),
    (2000000, "dos millones"),
    (1000000000, "mil millones"),
]

APOCOPADOS = [
    (1, "un"),
    (21, "veintiún"),
    (31, "treinta y un"),
    (101, "ciento un"),
    (21021, "veintiún mil veintiún"),
    (1000001, "un millón un"),
]

# Contando cuotas: «una cuota», «veintiuna cuotas», «doscientas cuotas».
FEMENINOS = [
    (1, "una"),
    (21, "veintiuna"),
    (31, "treinta y una"),
    (121, "ciento veintiuna"),
    (200, "doscientas"),
    (201, "doscientas una"),
    (500, "quinientas"),
    (1001, "mil una"),
    (21000, "veintiuna mil"),
    (500000, "quinientas mil"),
]


@pytest.mark.parametrize(("monto", "frase"), FORMA_LEGAL)
def test_en_letras_escribe_la_forma_legal_de_la_tabla(monto: str, frase: str) -> None:
    assert en_letras(Decimal(monto)) == frase


@pytest.mark.parametrize(("monto", "frase"), FORMA_LEGAL)
def test_leer_monto_devuelve_el_monto_de_cada_frase_de_la_tabla(monto: str, frase: str) -> None:
    assert leer_monto(frase) == Decimal(monto)


@pytest.mark.parametrize(("monto", "frase"), EN_PALABRAS)
def test_en_palabras_escribe_la_prosa_de_la_tabla(monto: str, frase: str) -> None:
    assert en_palabras(Decimal(monto)) == frase


@pytest.mark.parametrize(("n", "frase"), CARDINALES)
def test_cardinal_suelto_termina_en_uno_y_apocopa_ante_mil(n: int, frase: str) -> None:
    assert cardinal(n) == frase
    assert leer_cardinal(frase) == n


@pytest.mark.parametrize(("n", "frase"), APOCOPADOS)
def test_cardinal_ante_sustantivo_masculino_se_apocopa(n: int, frase: str) -> None:
    assert cardinal(n, apocope=True) == frase
    assert leer_cardinal(frase, apocope=True) == n


@pytest.mark.parametrize(("n", "frase"), FEMENINOS)
def test_cardinal_femenino_concuerda_en_unidades_y_centenas(n: int, frase: str) -> None:
    assert cardinal(n, genero="f") == frase


def test_en_letras_acepta_entero_texto_y_ceros_decimales_de_mas() -> None:
    esperado = f"VEINTIÚN 00/100 {USD}"
    assert en_letras(21) == esperado
    assert en_letras("21") == esperado
    assert en_letras(" 21.00 ") == esperado
    assert en_letras(Decimal("21.000000")) == esperado
    assert en_letras(Decimal("2.1E+1")) == esperado
    assert en_letras(Decimal("-0")) == f"CERO 00/100 {USD}"


@pytest.mark.parametrize(
    "monto",
    [
        1.5,
        0.1,
        Decimal("-1"),
        -1,
        "-0.01",
        Decimal("1.005"),
        Decimal("1.0000000000000000000000000000001"),
        "1.001",
        Decimal("1E-999999999"),
        Decimal("1000000000000"),
        Decimal("999999999999.995"),
        10**12,
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        "Infinity",
        "NaN",
        "1,234.56",
        "1.234,56",
        "",
        "mil",
        "1e3",
        "١٢",
        True,
        None,
    ],
)
def test_en_letras_y_en_palabras_rechazan_lo_que_no_es_un_monto_exacto(monto: object) -> None:
    with pytest.raises(ValueError, match=r"[Mm]onto"):
        en_letras(monto)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"[Mm]onto"):
        en_palabras(monto)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("argumentos", "mensaje"),
    [
        ((-1,), "de 0 a 999 999 999 999"),
        ((10**12,), "de 0 a 999 999 999 999"),
        ((1.0,), "enteros"),
        (("5",), "enteros"),
        ((True,), "enteros"),
    ],
)
def test_cardinal_rechaza_lo_que_no_es_un_entero_del_rango(
    argumentos: tuple[object, ...], mensaje: str
) -> None:
    with pytest.raises(ValueError, match=mensaje):
        cardinal(*argumentos)  # type: ignore[arg-type]


def test_cardinal_rechaza_genero_desconocido_y_apocope_en_femenino() -> None:
    with pytest.raises(ValueError, match="género"):
        cardinal(1, genero="n")
    with pytest.raises(ValueError, match="apócope"):
        cardinal(1, genero="f", apocope=True)


@pytest.mark.parametrize(
    ("frase", "monto"),
    [
        (
            "mil doscientos treinta y cuatro 56/100 dolares de los estados unidos de america",
            "1234.56",
        ),
        ("  VEINTIUN   MIL\t00/100   DOLARES  ", "21000"),
        ("Un Millón 00/100 Dólares", "1000000"),
        ("UN 00/100 DÓLAR", "1"),
        ("DIECISEIS\u00a000/100\u00a0DÓLARES", "16"),
        ("cero 07/100 dólares de los estados unidos de américa", "0.07"),
    ],
)
def test_leer_monto_tolera_mayusculas_tildes_espacios_y_moneda_corta(
    frase: str, monto: str
) -> None:
    assert leer_monto(frase) == Decimal(monto)


@pytest.mark.parametrize(
    "frase",
    [
        "",
        "MIL",
        f"MIL {USD}",
        "MIL 00/100",
        "MIL 00/100 EUROS",
        f"MIL 5/100 {USD}",
        f"MIL 050/100 {USD}",
        f"MIL 00/1000 {USD}",
        f"MIL 00 / 100 {USD}",
        f"MIL 00/100 {USD} {USD}",
        "MIL 00/100 DÓLARES DE AMÉRICA",
        f"00/100 {USD}",
        f"VEINTIUNO MIL 00/100 {USD}",
        f"UN MIL 00/100 {USD}",
        f"UNO MIL 00/100 {USD}",
        f"MIL MIL 00/100 {USD}",
        f"MIL UN MIL 00/100 {USD}",
        f"CIENTO UNO MIL 00/100 {USD}",
        f"VEINTIUNA MIL 00/100 {USD}",
        f"DOSCIENTAS 00/100 {USD}",
        f"UNO 00/100 {USD}",
        f"VEINTIUNO 00/100 {USD}",
        f"TREINTA Y UNO 00/100 {USD}",
        f"CIENTO 00/100 {USD}",
        f"CIEN UN 00/100 {USD}",
        f"CIENTO CIEN 00/100 {USD}",
        f"QUINIENTOS QUINIENTOS 00/100 {USD}",
        f"CINCO CIENTOS 00/100 {USD}",
        f"DIEZ Y SEIS 00/100 {USD}",
        f"VEINTE Y UN 00/100 {USD}",
        f"TREINTA UN 00/100 {USD}",
        f"TREINTA Y 00/100 {USD}",
        f"TREINTA Y DIEZ 00/100 {USD}",
        f"TREINTA Y CERO 00/100 {USD}",
        f"DOS TRES 00/100 {USD}",
        f"MIL Y UN 00/100 {USD}",
        f"MIL CERO 00/100 {USD}",
        f"CERO CERO 00/100 {USD}",
        f"UN MILLONES 00/100 {USD}",
        f"DOS MILLÓN 00/100 {USD}",
        f"MIL UN MILLÓN 00/100 {USD}",
        f"MILLONES 00/100 {USD}",
        f"UN MILLÓN UN MILLÓN 00/100 {USD}",
        f"UN MILLÓN DE 00/100 {USD}",
        f"UN MIL MILLONES 00/100 {USD}",
        f"UN BILLÓN 00/100 {USD}",
        f"MIL 2 00/100 {USD}",
        f"UN 00/100 {USD}",
        "DOS 00/100 DÓLAR DE LOS ESTADOS UNIDOS DE AMÉRICA",
        "UN 50/100 DÓLAR DE LOS ESTADOS UNIDOS DE AMÉRICA",
    ],
)
def test_leer_monto_rechaza_frases_mal_formadas(frase: str) -> None:
    with pytest.raises(ValueError):
        leer_monto(frase)


@pytest.mark.parametrize(
    ("frase", "mensaje"),
    [
        (f"UN MIL 00/100 {USD}", "«mil», no «un mil»"),
        (f"MIL MIL 00/100 {USD}", "«mil» aparece más de una vez"),
        (f"UN MILLÓN DOS MILLONES 00/100 {USD}", "aparece más de una vez"),
        (f"UN MILLONES 00/100 {USD}", "«un millón» y, desde dos, «millones»"),
        (f"CIEN UN 00/100 {USD}", "«ciento un», no «cien un»"),
        (f"CIENTO 00/100 {USD}", "se escribe «cien»"),
        (f"MIL 5/100 {USD}", "NN/100"),
        (f"UN 00/100 {USD}", "solo 1.00 se escribe «DÓLAR»"),
        (f"UN BILLÓN 00/100 {USD}", "«billon» no es una palabra de número"),
        (f"VEINTIUNO MIL 00/100 {USD}", "corresponde «veintiún», no «veintiuno»"),
        (f"TREINTA Y UNO 00/100 {USD}", "corresponde «un», no «uno»"),
        (f"VEINTIUNA 00/100 {USD}", "corresponde «veintiún», no «veintiuna»"),
        (f"MILLONES 00/100 {USD}", "«millones» no puede ir al principio"),
        (f"MIL CERO 00/100 {USD}", "«cero» no va en ese lugar"),
    ],
)
def test_leer_monto_explica_en_espanol_que_esta_mal(frase: str, mensaje: str) -> None:
    with pytest.raises(ValueError, match=mensaje):
        leer_monto(frase)


@pytest.mark.parametrize(
    ("monto", "mensaje"),
    [
        (1.5, "float, que no es exacto"),
        (Decimal("-1"), "no puede ser negativo"),
        (Decimal("1.005"), "fracciones de centavo"),
        (10**12, "pasa de 999 999 999 999.99"),
        (Decimal("NaN"), "no es un número"),
        ("1,234.56", "no es un monto en cifras"),
        (None, "Decimal, entero o texto"),
    ],
)
def test_en_letras_explica_en_espanol_por_que_rechaza_el_monto(monto: object, mensaje: str) -> None:
    with pytest.raises(ValueError, match=mensaje):
        en_letras(monto)  # type: ignore[arg-type]


def test_leer_cardinal_suelto_pide_uno_y_no_un() -> None:
    with pytest.raises(ValueError, match="corresponde «veintiuno», no «veintiun»"):
        leer_cardinal("veintiún")
    with pytest.raises(ValueError, match="corresponde «un», no «uno»"):
        leer_cardinal("uno", apocope=True)


def test_leer_monto_no_depende_de_en_letras_ni_de_cardinal(monkeypatch: pytest.MonkeyPatch) -> None:
    def prohibida(*_: object, **__: object) -> str:
        raise AssertionError("leer_monto debe leer la frase, no generarla y comparar")

    monkeypatch.setattr(letras, "en_letras", prohibida)
    monkeypatch.setattr(letras, "cardinal", prohibida)
    assert leer_monto(f"DOSCIENTOS UN MIL 00/100 {USD}") == Decimal("201000")


def _montos_de_prueba() -> list[Decimal]:
    """Todos los enteros y centavos hasta 2000, bordes y ~2000 montos pseudoaleatorios fijos."""
    montos = [Decimal(n) for n in range(2001)]
    montos += [Decimal(n).scaleb(-2) for n in range(2001)]
    montos += [Decimal(texto) for texto, _ in FORMA_LEGAL]
    montos += [Decimal(10**k) - Decimal("0.01") for k in range(1, 13)]
    azar = random.Random(20261116)  # noqa: S311 - montos de prueba reproducibles, no secretos
    for _ in range(2000):
        # Un orden de magnitud al azar, para que haya tantos montos chicos como millonarios.
        dolares = azar.randrange(10 ** azar.randint(1, 12))
        montos.append(Decimal(f"{dolares}.{azar.randrange(100):02d}"))
    return montos


def test_leer_monto_recupera_cada_monto_escrito_por_en_letras() -> None:
    for monto in _montos_de_prueba():
        assert leer_monto(en_letras(monto)) == monto, en_letras(monto)


def test_leer_cardinal_recupera_cada_cardinal_en_ambas_formas() -> None:
    azar = random.Random(15092026)  # noqa: S311 - números de prueba reproducibles
    numeros = list(range(3000)) + [azar.randrange(10 ** azar.randint(1, 12)) for _ in range(2000)]
    for n in numeros:
        assert leer_cardinal(cardinal(n)) == n, cardinal(n)
        assert leer_cardinal(cardinal(n, apocope=True), apocope=True) == n
