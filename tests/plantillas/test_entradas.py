"""Validar las entradas de una plantilla y la forma de su contrato: cada regla pasa y falla."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from expedientes import ErrorDominio
from plantillas.contrato import Contrato, contrato_de_datos, leer_contrato
from plantillas.entorno import entorno
from plantillas.entradas import validar_entradas
from plantillas.puertos import CartaCitada
from tests.expedientes.datos import DUI_MARIA, NIT_PEREZ

HOY = date(2026, 11, 30)
CARTA = CartaCitada(
    "CE-2026-000123", date(2026, 11, 16), 'Pérez & Cía <S.A.> "x"', "REF/{{ 7 }}", "Solicitud"
)


def _contrato(*entradas: dict[str, Any]) -> Contrato:
    return contrato_de_datos(
        {
            "nombre": "prueba",
            "titulo": "Prueba",
            "version": 1,
            "tipos_expediente": ["cobro"],
            "entradas": list(entradas),
            "contenidos": [{"nombre": "Referencia", "texto": "Ref."}],
        }
    )


def _validar(contrato: Contrato, datos: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    return validar_entradas(
        contrato,
        datos,
        hoy=HOY,
        contexto={"deuda": {"total": Decimal("1500.75")}},
        entorno=entorno(),
        cartas={CARTA.numero: CARTA},
    )


@pytest.mark.parametrize(
    ("entrada", "valor", "esperado"),
    [
        ({"tipo": "entero", "minimo": 1, "maximo": 60}, "12", 12),
        ({"tipo": "entero"}, 7, 7),
        ({"tipo": "dinero"}, "1,234.56", Decimal("1234.56")),
        ({"tipo": "dinero"}, "$ 1234.5", Decimal("1234.50")),
        ({"tipo": "dinero"}, Decimal("0.10"), Decimal("0.10")),
        ({"tipo": "fecha"}, "2026-12-15", date(2026, 12, 15)),
        ({"tipo": "fecha"}, "15/12/2026", date(2026, 12, 15)),
        ({"tipo": "fecha"}, "hoy", HOY),
        ({"tipo": "opcion", "opciones": ["mensual"]}, "mensual", "mensual"),
        ({"tipo": "texto"}, '  Pérez & Cía <S.A.> "x" {{ y }}  ', 'Pérez & Cía <S.A.> "x" {{ y }}'),
        ({"tipo": "parrafos"}, "Uno & dos\n\n  tres   <4>  \n", ["Uno & dos", "tres <4>"]),
        ({"tipo": "nit"}, "06140101901023", NIT_PEREZ),
        ({"tipo": "dui"}, "000162975", DUI_MARIA),
        ({"tipo": "carta"}, "ce-2026-000123", {"numero": "CE-2026-000123"}),
    ],
)
def test_cada_tipo_acepta_y_convierte_su_valor(
    entrada: dict[str, Any], valor: Any, esperado: Any
) -> None:
    """Lo que escribe una persona (o trae un JSON) llega a la plantilla con su tipo."""
    valores, problemas = _validar(
        _contrato({"nombre": "x", "etiqueta": "Dato", **entrada}), {"x": valor}
    )
    assert problemas == []
    if isinstance(esperado, dict):
        assert valores["x"]["numero"] == esperado["numero"]
        assert valores["x"]["referencia_remitente"] == "REF/{{ 7 }}"
    else:
        assert valores["x"] == esperado


@pytest.mark.parametrize(
    ("entrada", "valor", "mensaje"),
    [
        ({"tipo": "entero", "minimo": 1, "maximo": 60}, "0", "debe ser al menos 1"),
        ({"tipo": "entero", "minimo": 1, "maximo": 60}, "61", "no puede ser mayor que 60"),
        ({"tipo": "entero"}, "12.5", "entero sin decimales"),
        ({"tipo": "entero"}, True, "entero"),
        ({"tipo": "dinero"}, "1.234,56", "monto positivo"),
        ({"tipo": "dinero"}, "-5.00", "monto positivo"),
        ({"tipo": "dinero"}, "1.005", "monto positivo"),
        ({"tipo": "dinero"}, 12.5, "monto exacto"),
        ({"tipo": "dinero", "maximo": 100}, "100.01", "no puede ser mayor que 100"),
        ({"tipo": "fecha"}, "31/02/2026", "no es una fecha que exista"),
        ({"tipo": "fecha"}, "mañana", "AAAA-MM-DD"),
        ({"tipo": "fecha", "fechas": "no_pasada"}, "2026-11-29", "no puede ser una fecha pasada"),
        ({"tipo": "fecha", "fechas": "no_futura"}, "2026-12-01", "no puede ser una fecha futura"),
        ({"tipo": "opcion", "opciones": ["mensual"]}, "semanal", "debe ser una de: mensual"),
        ({"tipo": "texto"}, "dos\nrenglones", "caracteres de control"),
        ({"tipo": "texto", "largo_maximo": 5}, "123456", "excede 5 caracteres"),
        ({"tipo": "nit"}, "0614-010190-102-4", "dígito verificador incorrecto"),
        ({"tipo": "dui"}, "00016297-4", "dígito verificador incorrecto"),
        ({"tipo": "carta"}, "CE-2026-999999", "no es una carta registrada y vinculada"),
    ],
)
def test_cada_tipo_rechaza_lo_invalido_con_la_etiqueta_del_campo(
    entrada: dict[str, Any], valor: Any, mensaje: str
) -> None:
    """El problema nombra el campo como lo ve la persona y dice qué corregir."""
    _, problemas = _validar(
        _contrato({"nombre": "x", "etiqueta": "Número de cuotas", **entrada}), {"x": valor}
    )
    assert len(problemas) == 1
    assert problemas[0].startswith("«Número de cuotas»:") and mensaje in problemas[0], problemas


def test_todos_los_problemas_se_listan_a_la_vez() -> None:
    """Falta una, sobra otra y una tercera es inválida: tres problemas, no el primero solo."""
    contrato = _contrato(
        {"nombre": "prima", "tipo": "dinero", "etiqueta": "Prima"},
        {"nombre": "cuotas", "tipo": "entero", "etiqueta": "Cuotas", "minimo": 1},
    )
    _, problemas = _validar(contrato, {"cuotas": "0", "desconocido": "1"})
    assert sorted(problemas) == sorted(
        [
            "El dato «desconocido» no lo pide la plantilla prueba.",
            "Falta «Prima».",
            "«Cuotas»: debe ser al menos 1.",
        ]
    )


def test_el_defecto_puede_ser_una_expresion_sobre_el_contexto() -> None:
    """`=deuda.total` toma la deuda del expediente cuando la persona no escribe otro monto."""
    contrato = _contrato(
        {"nombre": "monto", "tipo": "dinero", "etiqueta": "Monto", "defecto": "=deuda.total"},
        {"nombre": "corte", "tipo": "fecha", "etiqueta": "Corte", "defecto": "hoy"},
        {"nombre": "nota", "tipo": "texto", "etiqueta": "Nota", "obligatoria": False},
    )
    valores, problemas = _validar(contrato, {"monto": "  "})
    assert problemas == []
    assert valores == {"monto": Decimal("1500.75"), "corte": HOY, "nota": None}


@pytest.mark.parametrize(
    ("cambio", "mensaje"),
    [
        (
            {"entradas": [{"nombre": "a", "tipo": "texto", "etiqueta": "A"}] * 2},
            "la entrada «a» está repetida",
        ),
        (
            {"entradas": [{"nombre": "deuda", "tipo": "texto", "etiqueta": "D"}]},
            "choca con un nombre del contexto",
        ),
        ({"entradas": [{"nombre": "o", "tipo": "opcion", "etiqueta": "O"}]}, "no tiene opciones"),
        ({"comprobaciones": [{"regla": "inventada"}]}, "la regla «inventada» no existe"),
        (
            {"comprobaciones": [{"regla": "tabla_deuda", "tabla": "deuda"}]},
            "usa la tabla «deuda», no declarada",
        ),
        ({"contexto": ["patrono", "cielo"]}, "contexto «cielo» no existe"),
        ({"calculos": ["magia"]}, "cálculo «magia» no existe"),
        ({"tipos_expediente": ["cobranza"]}, "tipo de expediente «cobranza» no existe"),
        ({"responde_a": "carta"}, "responde_a «carta» debe ser una entrada de tipo carta"),
        ({"campo_raro": 1}, "campo_raro: campo desconocido"),
        ({"version": 0}, "version: valor no válido"),
    ],
)
def test_un_contrato_mal_formado_se_rechaza_con_cada_problema(
    cambio: dict[str, Any], mensaje: str
) -> None:
    """El contrato es un dato: si está mal, se dice qué está mal, en español."""
    base = {
        "nombre": "prueba", "titulo": "Prueba", "version": 1, "tipos_expediente": ["cobro"],
        "contenidos": [{"nombre": "Referencia", "texto": "Ref."}],
    }  # fmt: skip
    with pytest.raises(ErrorDominio) as exc:
        contrato_de_datos({**base, **cambio})
    assert any(mensaje in p for p in exc.value.problemas), exc.value.problemas


def test_un_toml_ilegible_se_rechaza_con_su_linea() -> None:
    """Un error de sintaxis TOML dice dónde está."""
    with pytest.raises(ErrorDominio, match="no es TOML válido") as exc:
        leer_contrato('nombre = "x"\nversion = = 2\n')
    assert "line 2" in exc.value.problemas[0]


def test_la_huella_del_contrato_no_depende_del_formato_del_toml() -> None:
    """El mismo contrato escrito distinto tiene la misma huella; otro contenido, otra."""
    a = leer_contrato(
        'nombre = "x"\ntitulo = "X"\nversion = 1\ntipos_expediente = ["cobro"]\n'
        '[[contenidos]]\nnombre = "R"\ntexto = "Ref."\n'
    )
    b = leer_contrato(
        'version=1\ntipos_expediente=["cobro"]\ntitulo="X"\nnombre="x"\n'
        'contenidos=[{texto="Ref.", nombre="R"}]\n'
    )
    assert a.huella() == b.huella()
    assert a.huella() != a.model_copy(update={"titulo": "Y"}).huella()
