"""Las piezas de un reporte: columnas, filas, totales y a qué lista lleva cada cifra.

Un total nunca se escribe a mano: `totalizar` lo calcula de las filas, y `reconciliar` comprueba
después que cada total sea la suma de su columna, que cada columna compuesta sea la suma (o
resta) de sus partes y que cada porcentaje salga de sus cifras, fila por fila.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from expedientes import porcentaje

Valor = str | int | Decimal | date | None
Fila = Mapping[str, Valor]
TipoColumna = Literal["texto", "entero", "dinero", "porcentaje", "fecha"]
ETIQUETA_TOTAL = "Total"


class Destino(NamedTuple):
    """La lista detrás de una cifra: su nombre y los filtros que la reproducen.

    `("correspondencia", {"asignado": "5", "vencimiento": "vencidas"})` es la bandeja filtrada;
    los filtros son texto, listos para una URL (`urlencode(destino.filtros)`).
    """

    lista: str
    filtros: Mapping[str, str]


@dataclass(frozen=True)
class Columna:
    """Una columna: su clave en las filas, su título en español y cómo se totaliza.

    `sumar`: el total es la suma de la columna. `componentes`: en cada fila vale la suma de
    esas columnas con su signo (`(("recuperado", 1), ("meta", -1))`). `razon`: es el porcentaje
    numerador / denominador, con un decimal (vacío si el denominador es cero).
    """

    clave: str
    titulo: str
    tipo: TipoColumna = "entero"
    sumar: bool = False
    componentes: tuple[tuple[str, int], ...] = ()
    razon: tuple[str, str] | None = None


@dataclass(frozen=True)
class Reporte:
    """Un reporte listo para mostrar, graficar o exportar.

    `enlaces[i]` dice, para la fila `i`, a qué lista lleva cada cifra (clave de columna →
    `Destino`); la de la primera columna es la fila entera. `enlaces_totales`, lo mismo para
    el renglón de totales.
    """

    nombre: str
    titulo: str
    columnas: tuple[Columna, ...]
    filas: tuple[Fila, ...]
    totales: Fila
    enlaces: tuple[Mapping[str, Destino], ...]
    descripcion: str = ""
    enlaces_totales: Mapping[str, Destino] = field(default_factory=dict)
    hoja: str = ""  # nombre corto para la hoja de cálculo; si falta, el título

    def columna(self, clave: str) -> Columna:
        """La columna con esa clave."""
        for c in self.columnas:
            if c.clave == clave:
                return c
        raise KeyError(clave)


def _numero(valor: Valor) -> Decimal | int:
    if valor is None:
        return 0
    if isinstance(valor, int | Decimal):
        return valor
    raise TypeError(f"se esperaba un número, no {valor!r}")


def _combinacion(fila: Fila, componentes: tuple[tuple[str, int], ...]) -> Decimal | int:
    return sum((_numero(fila.get(c)) * signo for c, signo in componentes), start=0)


def derivar(columnas: Sequence[Columna], fila: Mapping[str, Valor]) -> dict[str, Valor]:
    """La fila con sus columnas compuestas y porcentajes calculados."""
    completa = dict(fila)
    for c in columnas:
        if c.componentes:
            completa[c.clave] = _combinacion(completa, c.componentes)
    for c in columnas:
        if c.razon:
            completa[c.clave] = porcentaje(
                _numero(completa.get(c.razon[0])), _numero(completa.get(c.razon[1]))
            )
    return completa


def totalizar(columnas: Sequence[Columna], filas: Sequence[Fila]) -> dict[str, Valor]:
    """El renglón de totales, calculado de las filas (nunca por separado)."""
    totales: dict[str, Valor] = {c.clave: None for c in columnas}
    totales[columnas[0].clave] = ETIQUETA_TOTAL
    for c in columnas:
        if c.sumar:
            cero: Decimal | int = Decimal("0.00") if c.tipo == "dinero" else 0
            totales[c.clave] = sum((_numero(f.get(c.clave)) for f in filas), start=cero)
    return derivar(columnas, totales)


def armar(
    *,
    nombre: str,
    titulo: str,
    columnas: Sequence[Columna],
    filas: Sequence[Mapping[str, Valor]],
    enlaces: Sequence[Mapping[str, Destino]],
    **extra: Any,
) -> Reporte:
    """El reporte con sus columnas compuestas calculadas fila por fila y los totales de las filas."""
    completas = [derivar(columnas, f) for f in filas]
    return Reporte(
        nombre=nombre,
        titulo=titulo,
        columnas=tuple(columnas),
        filas=tuple(completas),
        totales=totalizar(columnas, completas),
        enlaces=tuple(enlaces),
        **extra,
    )


def reconciliar(reporte: Reporte) -> list[str]:
    """Lo que no cuadra en el reporte, en español; vacío si todo total es la suma de sus filas."""
    problemas: list[str] = []
    if len(reporte.enlaces) != len(reporte.filas):
        problemas.append(
            f"hay {len(reporte.filas)} filas y {len(reporte.enlaces)} juegos de enlaces"
        )
    for c in reporte.columnas:
        if c.sumar:
            suma = sum((_numero(f.get(c.clave)) for f in reporte.filas), start=0)
            total = reporte.totales.get(c.clave)
            if not isinstance(total, int | Decimal) or total != suma:
                problemas.append(
                    f"«{c.titulo}»: el total dice {total} y la suma de las filas da {suma}"
                )
    renglones = [
        *((str(i + 1), f) for i, f in enumerate(reporte.filas)),
        ("de totales", reporte.totales),
    ]
    for nombre, fila in renglones:
        problemas += _problemas_de_fila(reporte.columnas, nombre, fila)
    return problemas


def _problemas_de_fila(columnas: Sequence[Columna], nombre: str, fila: Fila) -> list[str]:
    problemas = []
    for c in columnas:
        esperado: Valor
        if c.componentes:
            esperado = _combinacion(fila, c.componentes)
        elif c.razon:
            esperado = porcentaje(_numero(fila.get(c.razon[0])), _numero(fila.get(c.razon[1])))
        else:
            continue
        if fila.get(c.clave) != esperado:
            problemas.append(
                f"fila {nombre}, «{c.titulo}»: dice {fila.get(c.clave)} y sus partes dan {esperado}"
            )
    return problemas
