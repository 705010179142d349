"""Una constancia imprimible: el acuse de recibo de una carta entregada en ventanilla, la planilla
de envío que se entrega al mensajero. Arriba la institución y el título; el número en grande con
su código de barras; los datos; las firmas; y, tras una línea de corte, las etiquetas (un número
con su código y unas líneas) para pegar en el papel o en el sobre."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from archivo.pdf_texto import (
    ANCHO,
    FUENTE,
    FUENTE_NEGRITA,
    MARGEN,
    Codigo,
    Raya,
    Renglon,
    Texto,
    Trazo,
    paginar,
    partir_lineas,
    pdf_de_paginas,
    registrar_fuentes,
    renglones_de_campo,
)

INSTITUCION = "Instituto Salvadoreño del Seguro Social"
DEPARTAMENTO = "Departamento de Recuperación Prejudicial"


@dataclass(frozen=True)
class Constancia:
    """Lo que dice la constancia."""

    titulo: str
    numero: str
    campos: Sequence[tuple[str, str]]
    nota: str = ""
    firmas: Sequence[str] = ()
    # Etiquetas para recortar y pegar: (número con su código de barras, líneas breves).
    etiquetas: Sequence[tuple[str, Sequence[str]]] = ()


def pdf_de_constancia(constancia: Constancia) -> bytes:
    """La constancia en una hoja carta (los datos largos pasan a otra, la etiqueta va al final)."""
    registrar_fuentes()
    ancho = ANCHO - 2 * MARGEN
    bloques: list[list[Renglon]] = [
        [Renglon(14.0, (Texto(MARGEN, 0, INSTITUCION, FUENTE_NEGRITA, 11),))],
        [Renglon(14.0, (Texto(MARGEN, 0, DEPARTAMENTO, FUENTE, 10),))],
        [Renglon(24.0, (Texto(MARGEN, 0, constancia.titulo, FUENTE_NEGRITA, 16),), antes=18)],
        [
            Renglon(22.0, (Texto(MARGEN, 0, constancia.numero, FUENTE_NEGRITA, 18),), antes=6),
            Renglon(34.0, (Codigo(MARGEN, 0, constancia.numero, 28),), antes=4),
        ],
    ]
    for i, (etiqueta, valor) in enumerate(constancia.campos):
        renglones = renglones_de_campo(etiqueta, valor, x=MARGEN, sangria=150, ancho=ancho)
        primero = renglones[0]
        bloques.append([Renglon(primero.alto, primero.trazos, antes=14 if i == 0 else 2)])
        bloques.extend([r] for r in renglones[1:])
    for j, linea in enumerate(partir_lineas(constancia.nota, FUENTE, 9.5, ancho)):
        bloques.append(
            [Renglon(13.0, (Texto(MARGEN, 0, linea, FUENTE, 9.5),), antes=12 if j == 0 else 0)]
        )
    if constancia.firmas:
        bloques.append([_firmas(constancia.firmas, ancho)])
    for numero, lineas in constancia.etiquetas:
        bloques.append(_etiqueta(numero, lineas, ancho))
    return pdf_de_paginas(paginar(bloques), titulo=f"{constancia.titulo} {constancia.numero}")


def _firmas(quienes: Sequence[str], ancho: float) -> Renglon:
    """Una raya de firma por persona, lado a lado, con su rótulo debajo."""
    columna = ancho / len(quienes)
    trazos: list[Trazo] = []
    for i, quien in enumerate(quienes):
        x = MARGEN + i * columna
        trazos.append(Raya(x, 12, x + columna - 24, 12))
        trazos.append(Texto(x, 0, quien, FUENTE, 9))
    return Renglon(14.0, tuple(trazos), antes=56)


def _etiqueta(numero: str, lineas: Sequence[str], ancho: float) -> list[Renglon]:
    """La línea de corte y la etiqueta: el número, su código y unas líneas breves."""
    corte = Renglon(
        12.0,
        (
            Raya(MARGEN, 6, MARGEN + ancho, 6),
            Texto(MARGEN + ancho, 9, "recortar por la línea", FUENTE, 7, "derecha"),
        ),
        antes=36,
    )
    cuerpo = [
        Renglon(18.0, (Texto(MARGEN, 0, numero, FUENTE_NEGRITA, 14),), antes=10),
        Renglon(32.0, (Codigo(MARGEN, 0, numero, 26),), antes=2),
        *(Renglon(12.0, (Texto(MARGEN, 0, linea, FUENTE, 8.5),)) for linea in lineas),
    ]
    return [corte, *cuerpo]
