"""Gráficos SVG del panel del jefe, hechos en el servidor: sin JavaScript ni CDN.

Funciones puras: datos dentro, texto SVG fuera. Cada barra o segmento lleva su cifra escrita y,
si el llamador da `enlace` (de `Destino` a URL), un `<a href>` a la lista detrás de la cifra.
Todo texto va escapado; el SVG se puede incrustar tal cual en una página.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from panel.cifras import Destino
from panel.graficos_svg import (
    ANCHO,
    FONDO_BARRA,
    GUIA,
    PALETA,
    TEXTO_SUAVE,
    Enlace,
    Formato,
    Numero,
    arco_de_dona,
    cifra,
    enlazado,
    href,
    identificador,
    leyenda,
    marco,
    partir,
    rectangulo,
    rotulo,
    rotulo_en_renglones,
)

__all__ = [
    "Barra",
    "Serie",
    "barras_agrupadas",
    "barras_horizontales",
    "dona",
]

_X_BARRA = 270  # donde empiezan las barras; a la izquierda, las etiquetas
_LARGO_ETIQUETA = 34  # caracteres que caben a 13 px en ese espacio; más, en otro renglón
_RENGLON = 15  # px entre renglones de una etiqueta
_LARGO_MAXIMO = ANCHO - _X_BARRA - 120  # deja lugar a la cifra escrita al final
_SIN_DATOS = "Sin datos para mostrar."


@dataclass(frozen=True)
class Barra:
    """Una cifra con su etiqueta y la lista que la explica."""

    etiqueta: str
    valor: Numero
    destino: Destino | None = None
    color: str | None = None  # el de su significado (`COLOR_DE`); si no, el de su posición


@dataclass(frozen=True)
class Serie:
    """Una serie de cifras, una por categoría (p. ej. la meta de cada mes)."""

    nombre: str
    valores: Sequence[Numero]
    destinos: Sequence[Destino | None] = ()
    color: str | None = None  # el de su significado (`COLOR_DE`); si no, el de su posición


def _escala(maximo: Numero) -> float:
    """Cuánto mide una unidad para que la cifra mayor llene el largo de las barras."""
    return _LARGO_MAXIMO / float(maximo) if maximo > 0 else 0.0


def _descripcion(descripcion: str, partes: Sequence[str]) -> str:
    """El texto para lectores de pantalla: la descripción y cada cifra (o que no hay datos)."""
    datos = "; ".join(partes) if partes else _SIN_DATOS
    return f"{descripcion} {datos}".strip()


def _etiqueta(renglones: list[str], centro: float) -> str:
    """La etiqueta de una barra o de un grupo, entera (en renglones), centrada a la altura
    `centro` y alineada a la derecha de las barras."""
    primero = centro + 5 - (len(renglones) - 1) * _RENGLON / 2
    return rotulo_en_renglones(
        _X_BARRA - 10, primero, renglones, _RENGLON, font_size=13, text_anchor="end"
    )


def barras_horizontales(
    titulo: str,
    barras: Sequence[Barra],
    *,
    descripcion: str = "",
    enlace: Enlace | None = None,
    formato: Formato = cifra,
    color: str = PALETA[0],
    ident: str | None = None,
) -> str:
    """Una barra por etiqueta, de arriba abajo en el orden dado, con su cifra al final."""
    escala = _escala(max((b.valor for b in barras), default=0))
    cuerpo: list[str] = []
    y = 52
    for b in barras:
        valor = formato(b.valor)
        largo = max(float(b.valor), 0) * escala
        renglones = partir(b.etiqueta, _LARGO_ETIQUETA)
        barra = y + (len(renglones) - 1) * _RENGLON / 2  # la barra, al medio de su etiqueta
        contenido = "".join(
            [
                rectangulo(_X_BARRA, barra, _LARGO_MAXIMO, 20, FONDO_BARRA),
                rectangulo(_X_BARRA, barra, largo, 20, color),
                _etiqueta(renglones, barra + 10),
                rotulo(_X_BARRA + largo + 6, barra + 15, valor, font_size=13, font_weight="bold"),
            ]
        )
        cuerpo.append(enlazado(contenido, f"{b.etiqueta}: {valor}", href(b.destino, enlace)))
        y += 30 + (len(renglones) - 1) * _RENGLON
    if not barras:
        cuerpo.append(rotulo(16, y + 14, _SIN_DATOS, font_size=13, fill=TEXTO_SUAVE))
        y += 30
    cuerpo.append(f'<line x1="{_X_BARRA}" y1="46" x2="{_X_BARRA}" y2="{y}" stroke="{GUIA}"/>')
    partes = [f"{b.etiqueta}: {formato(b.valor)}" for b in barras]
    return marco(
        titulo=titulo,
        descripcion=_descripcion(descripcion, partes),
        alto=y + 16,
        ident=identificador(titulo, ident),
        cuerpo=cuerpo,
    )


def barras_agrupadas(
    titulo: str,
    categorias: Sequence[str],
    series: Sequence[Serie],
    *,
    descripcion: str = "",
    enlace: Enlace | None = None,
    formato: Formato = cifra,
    ident: str | None = None,
) -> str:
    """Por categoría, una barra de cada serie (p. ej. meta y recuperado de cada mes)."""
    posicion = [PALETA[1], PALETA[0], *PALETA[2:]] if len(series) == 2 else list(PALETA)
    colores = [s.color or posicion[i % len(posicion)] for i, s in enumerate(series)]
    valores = [v for s in series for v in s.valores]
    escala = _escala(max(valores, default=0))
    cuerpo = leyenda(_X_BARRA, 56, [(s.nombre, colores[i]) for i, s in enumerate(series)])
    y = 72
    partes = []
    for i, categoria in enumerate(categorias):
        piezas, nombres = _grupo(categoria, i, series, colores, y, escala, formato, enlace)
        cuerpo += piezas
        partes += nombres
        y += max(len(series) * 17, len(partir(categoria, _LARGO_ETIQUETA)) * _RENGLON) + 10
        cuerpo.append(
            f'<line x1="{_X_BARRA}" y1="{y - 5}" x2="{ANCHO - 16}" y2="{y - 5}" '
            f'stroke="{GUIA}" stroke-width="0.5"/>'
        )
    if not categorias:
        cuerpo.append(rotulo(16, y + 14, _SIN_DATOS, font_size=13, fill=TEXTO_SUAVE))
        y += 30
    return marco(
        titulo=titulo,
        descripcion=_descripcion(descripcion, partes),
        alto=y + 12,
        ident=identificador(titulo, ident),
        cuerpo=cuerpo,
    )


def _grupo(
    categoria: str,
    i: int,
    series: Sequence[Serie],
    colores: Sequence[str],
    y: int,
    escala: float,
    formato: Formato,
    enlace: Enlace | None,
) -> tuple[list[str], list[str]]:
    """La etiqueta y las barras de la categoría `i` (una por serie) desde `y`, y sus nombres."""
    renglones = partir(categoria, _LARGO_ETIQUETA)
    alto = max(len(series) * 17, len(renglones) * _RENGLON)
    piezas = [_etiqueta(renglones, y + alto / 2)]
    y += (alto - len(series) * 17) // 2  # las barras, al medio de la etiqueta
    nombres = []
    for j, serie in enumerate(series):
        valor = serie.valores[i]
        largo = max(float(valor), 0) * escala
        escrito = formato(valor)
        destino = serie.destinos[i] if i < len(serie.destinos) else None
        contenido = rectangulo(_X_BARRA, y, largo, 14, colores[j]) + rotulo(
            _X_BARRA + largo + 6, y + 11.5, escrito, font_size=12
        )
        nombre = f"{categoria}, {serie.nombre}: {escrito}"
        piezas.append(enlazado(contenido, nombre, href(destino, enlace)))
        nombres.append(nombre)
        y += 17
    return piezas, nombres


_CENTRO, _RADIO, _GROSOR = (190.0, 200.0), 140.0, 52.0


_LARGO_LEYENDA = 30  # caracteres por renglón en la leyenda de la dona


def _fila_leyenda(i: int, y: float, s: Barra, escrito: str, parte: str) -> str:
    """La fila `i` de la leyenda de la dona, con su base en `y`: color, etiqueta (entera, en
    renglones), cifra y porcentaje."""
    renglones = partir(s.etiqueta, _LARGO_LEYENDA)
    return "".join(
        [
            rectangulo(400, y - 12, 16, 16, s.color or PALETA[i % len(PALETA)]),
            rotulo_en_renglones(424, y + 1, renglones, _RENGLON, font_size=13),
            rotulo(ANCHO - 90, y + 1, escrito, font_size=13, font_weight="bold", text_anchor="end"),
            rotulo(ANCHO - 20, y + 1, parte, font_size=13, fill=TEXTO_SUAVE, text_anchor="end"),
        ]
    )


def _segmento(color: str, desde: float, barrido: float, escrito: str) -> str:
    """Un segmento de la dona, con su cifra dentro si cabe."""
    (cx, cy), medio = _CENTRO, desde + barrido / 2
    entera = barrido >= 2 * math.pi - 1e-9  # sin costuras ni cifra: el total ya está al centro
    borde = "" if entera else ' stroke="#ffffff" stroke-width="1.5"'
    pieza = (
        f'<path d="{arco_de_dona(cx, cy, _RADIO, _GROSOR, desde, desde + barrido)}" '
        f'fill="{color}"{borde}/>'
    )
    r = _RADIO - _GROSOR / 2
    # La cifra va dentro solo si cabe entera en el arco (unos 7.5 px por carácter a 13 px): si
    # no, la dice la leyenda, completa.
    if not entera and len(escrito) * 7.5 <= r * barrido:
        pieza += rotulo(
            cx + r * math.sin(medio),
            cy - r * math.cos(medio) + 5,
            escrito,
            font_size=13,
            font_weight="bold",
            fill="#ffffff",
            text_anchor="middle",
        )
    return pieza


def _total_al_centro(escrito: str) -> list[str]:
    """El total de la dona y la palabra «Total», en su centro."""
    cx, cy = _CENTRO
    return [
        rotulo(cx, cy + 2, escrito, font_size=22, font_weight="bold", text_anchor="middle"),
        rotulo(cx, cy + 24, "Total", font_size=13, fill=TEXTO_SUAVE, text_anchor="middle"),
    ]


def dona(
    titulo: str,
    segmentos: Sequence[Barra],
    *,
    descripcion: str = "",
    enlace: Enlace | None = None,
    formato: Formato = cifra,
    ident: str | None = None,
) -> str:
    """Una dona con el total al centro y, a la derecha, la cifra y el porcentaje de cada parte."""
    total = sum((s.valor for s in segmentos if s.valor > 0), start=0)
    (cx, cy), cuerpo, partes, angulo = _CENTRO, [], [], 0.0
    if not total:
        cuerpo.append(
            f'<circle cx="{cx}" cy="{cy}" r="{_RADIO - _GROSOR / 2}" fill="none" '
            f'stroke="{GUIA}" stroke-width="{_GROSOR}"/>'
        )
    y = 70.0
    for i, s in enumerate(segmentos):
        escrito, positivo = formato(s.valor), total and s.valor > 0
        parte = f"{float(s.valor) * 100 / float(total):.1f} %" if positivo else "0 %"
        nombre, url = f"{s.etiqueta}: {escrito} ({parte})", href(s.destino, enlace)
        partes.append(nombre)
        cuerpo.append(enlazado(_fila_leyenda(i, y, s, escrito, parte), nombre, url))
        y += 30 + (len(partir(s.etiqueta, _LARGO_LEYENDA)) - 1) * _RENGLON
        if positivo:
            barrido = 2 * math.pi * float(s.valor) / float(total)
            color = s.color or PALETA[i % len(PALETA)]
            cuerpo.append(enlazado(_segmento(color, angulo, barrido, escrito), nombre, url))
            angulo += barrido
    cuerpo += _total_al_centro(formato(total))
    return marco(
        titulo=titulo,
        descripcion=_descripcion(descripcion, partes),
        alto=max(cy + _RADIO + 24, y + 10),
        ident=identificador(titulo, ident),
        cuerpo=cuerpo,
    )
