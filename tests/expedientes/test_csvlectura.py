"""Lectura de CSV del sistema central: codificación, separador, encabezado, líneas y montos."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from expedientes.csvlectura import decodificar, leer_csv, leer_monto
from expedientes.errores import ErrorDominio
from tests.expedientes.datos import ESPIGA, NANDU, PEREZ, csv_texto

COLUMNAS = ("numero_patronal", "razon_social", "direccion")
FILAS = [
    list(COLUMNAS),
    ["310145678", PEREZ, "Calle Arce #1234; Col. Escalón"],
    ["420111222", ESPIGA, "Av. Independencia, local 5"],
    ["530999888", NANDU, "Km 5 carretera a Sonsonate"],
]
ESPERADAS = [dict(zip(COLUMNAS, f, strict=True)) for f in FILAS[1:]]


@pytest.mark.parametrize(
    ("contenido", "codificacion"),
    [
        (csv_texto(FILAS).encode("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + csv_texto(FILAS).encode("utf-8"), "UTF-8 con BOM"),
        (csv_texto(FILAS).encode("cp1252"), "Windows-1252"),
        (csv_texto(FILAS, separador=";").encode("utf-8"), "UTF-8"),
        (csv_texto(FILAS, separador=";").encode("cp1252"), "Windows-1252"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "utf8-punto-y-coma", "cp1252-punto-y-coma"],
)
def test_cualquier_codificacion_y_separador_dan_las_mismas_filas(
    contenido: bytes, codificacion: str
) -> None:
    """UTF-8, UTF-8 con BOM y Windows-1252, con coma o punto y coma, leen el mismo texto."""
    archivo = leer_csv(contenido, COLUMNAS)
    assert archivo.codificacion == codificacion
    assert [f.campos for f in archivo.filas] == ESPERADAS
    assert [f.linea for f in archivo.filas] == [2, 3, 4]


def test_el_mismo_texto_en_cp1252_y_utf8_son_bytes_distintos() -> None:
    """La prueba de codificaciones es honesta: los bytes difieren donde hay tildes y eñes."""
    texto = csv_texto(FILAS)
    assert texto.encode("cp1252") != texto.encode("utf-8")
    assert decodificar(texto.encode("cp1252")) == (texto, "Windows-1252")


def test_bytes_que_no_son_utf8_ni_cp1252_se_rechazan_con_la_posicion() -> None:
    """Un byte sin significado en Windows-1252 (0x81) se rechaza diciendo cómo guardar el archivo."""
    with pytest.raises(ErrorDominio) as exc:
        decodificar("numero_patronal\nÑandú ".encode("cp1252") + b"\x81")
    assert "ni en Windows-1252" in str(exc.value)
    assert "CSV UTF-8" in str(exc.value)
    assert "posición 22" in str(exc.value)


def test_numeros_de_linea_son_fisicos_con_saltos_dentro_de_comillas_y_lineas_vacias() -> None:
    """Cada fila lleva la línea del archivo donde empieza, contando saltos dentro de comillas."""
    texto = (
        "numero_patronal,razon_social,direccion\r\n"  # 1
        '310145678,"Pérez & Cía <S.A. de C.V.>","Calle Arce #1234,\r\n'  # 2
        'Col. Escalón"\r\n'  # 3
        "\r\n"  # 4 (vacía, se ignora)
        '420111222,"Panadería ""La Espiga"" {{ x }}","Línea 1\n'  # 5
        "Línea 2\n"  # 6
        'Línea 3"\r\n'  # 7
        ",,\r\n"  # 8 (sin datos, se ignora)
        "530999888,Distribuidora Ñandú,Sonsonate\r\n"  # 9
    )
    archivo = leer_csv(texto.encode("utf-8"), COLUMNAS)
    assert [f.linea for f in archivo.filas] == [2, 5, 9]
    assert archivo.filas[0].campos["direccion"] == "Calle Arce #1234,\r\nCol. Escalón"
    assert archivo.filas[1].campos["razon_social"] == ESPIGA


def test_encabezado_acepta_mayusculas_espacios_y_otro_orden() -> None:
    """Las columnas se reconocen sin importar mayúsculas, espacios alrededor ni el orden."""
    texto = " Direccion ,RAZON_SOCIAL, numero_patronal\nSonsonate,Distribuidora Ñandú,530999888\n"
    [fila] = leer_csv(texto.encode("utf-8"), COLUMNAS).filas
    assert fila.campos == {
        "direccion": "Sonsonate",
        "razon_social": "Distribuidora Ñandú",
        "numero_patronal": "530999888",
    }


def test_encabezado_con_columnas_faltantes_desconocidas_y_repetidas_se_rechaza_nombrandolas() -> (
    None
):
    """El error dice qué columnas faltan, cuáles sobran y cuáles se repiten, en la línea 1."""
    texto = "numero_patronal,fax,razon_social,fax\n310145678,2222,Pérez,2223\n"
    with pytest.raises(ErrorDominio) as exc:
        leer_csv(texto.encode("utf-8"), COLUMNAS)
    assert exc.value.mensaje == "El encabezado del archivo no es el esperado (línea 1)."
    assert exc.value.problemas == [
        "faltan las columnas: direccion",
        "columnas desconocidas: fax, fax",
        "columnas repetidas: fax",
    ]


def test_filas_con_otra_cantidad_de_columnas_se_informan_todas_con_su_linea() -> None:
    """Las filas con columnas de más o de menos se listan juntas y no se devuelve nada."""
    texto = (
        "numero_patronal,razon_social,direccion\n"
        "310145678,Pérez & Cía,San Salvador\n"
        "420111222,Panadería\n"
        '530999888,"Ñandú, S.A.",Sonsonate,extra\n'
    )
    with pytest.raises(ErrorDominio) as exc:
        leer_csv(texto.encode("utf-8"), COLUMNAS)
    assert "no se importó nada" in exc.value.mensaje
    assert exc.value.problemas == [
        "línea 3: tiene 2 columnas y el encabezado 3",
        "línea 4: tiene 4 columnas y el encabezado 3",
    ]


@pytest.mark.parametrize("contenido", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_archivo_vacio_se_rechaza(contenido: bytes) -> None:
    """Un archivo vacío (o solo con BOM o espacios) se rechaza en español."""
    with pytest.raises(ErrorDominio, match="El archivo está vacío"):
        leer_csv(contenido, COLUMNAS)


def test_comillas_mal_cerradas_se_rechazan_con_la_linea() -> None:
    """Un CSV con comillas rotas da un error legible con la línea aproximada."""
    texto = 'numero_patronal,razon_social,direccion\n310145678,"Pérez" & Cía,San Salvador\n'
    with pytest.raises(ErrorDominio, match="no es un CSV válido cerca de la línea 2"):
        leer_csv(texto.encode("utf-8"), COLUMNAS)


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [
        ("1234.56", "1234.56"),
        ("$1234.56", "1234.56"),
        ("0.01", "0.01"),
        ("100.1", "100.1"),
        ("100", "100"),
        ("999999999999.99", "999999999999.99"),
    ],
)
def test_leer_monto_acepta_punto_decimal_y_hasta_dos_decimales(texto: str, esperado: str) -> None:
    """Montos con punto decimal, signo de dólar opcional y hasta dos decimales son Decimal exactos."""
    monto = leer_monto(texto, "la cuota")
    assert isinstance(monto, Decimal)
    assert monto == Decimal(esperado)


@pytest.mark.parametrize(
    ("texto", "palabras"),
    [
        ("1,234.56", "use punto decimal y sin separador de miles"),
        ("1234,56", "use punto decimal"),
        ("100.125", "tiene más de dos decimales"),
        ("-5.00", "no puede ser menor que 0"),
        ("abc", "no es un monto"),
        ("", "no es un monto"),
        ("NaN", "no es un monto"),
        ("Infinity", "no es un monto"),
        ("1000000000000", "es demasiado grande"),
        ("1_000.50", "no es un monto"),
        ("١٠٠.٥٠", "no es un monto"),
        ("1e3", "no es un monto"),
        ("12.", "no es un monto"),
    ],
)
def test_leer_monto_rechaza_con_el_motivo(texto: str, palabras: str) -> None:
    """Coma, tres decimales, negativo, texto, NaN o monto enorme se rechazan diciendo por qué."""
    with pytest.raises(ValueError, match="la multa") as exc:
        leer_monto(texto, "la multa")
    assert palabras in str(exc.value)


def test_leer_monto_respeta_el_minimo_indicado() -> None:
    """Una cuota exige al menos 0.01: 0.00 se rechaza con el mínimo en el mensaje."""
    with pytest.raises(ValueError, match=re.escape("no puede ser menor que 0.01")):
        leer_monto("0.00", "la cuota", minimo=Decimal("0.01"))


def test_un_bom_utf8_con_contenido_cp1252_se_rechaza_en_espanol() -> None:
    """Un archivo que dice ser UTF-8 (BOM) pero trae bytes de Windows-1252 no rompe: se explica."""
    contenido = b"\xef\xbb\xbf" + "numero_patronal\nPeña\n".encode("cp1252")
    with pytest.raises(ErrorDominio, match="empieza como UTF-8") as exc:
        decodificar(contenido)
    assert "CSV UTF-8" in exc.value.mensaje
