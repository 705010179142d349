"""Importación todo-o-nada de los pagos de los patronos y su aplicación a los convenios.

CSV `numero_patronal,fecha,monto,referencia` (UTF-8 con o sin BOM o Windows-1252, coma o punto y
coma, como las demás importaciones). Se valida el archivo entero y, si una fila tiene un problema,
no se guarda nada y se listan todos con su línea. La referencia identifica el pago: volver a
importar el mismo archivo no cambia nada, y una referencia ya importada con otros datos es un
error. Los pagos nuevos se aplican en la misma transacción, por fecha y referencia, para que el
resultado no dependa del orden del archivo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from expedientes import (
    FilaCsv,
    Patrono,
    leer_campos,
    leer_csv,
    leer_monto,
    moneda,
    normalizar_numero_patronal,
    problemas_de_texto,
    rechazar_si_hay,
)
from expedientes import hoy as hoy_local
from seguimiento.aplicacion_pagos import CERO, Efectos, aplicar_pago, convenios_abiertos
from seguimiento.modelos import Pago

COLUMNAS_PAGOS = ("numero_patronal", "fecha", "monto", "referencia")
_FECHA_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LOTE = 500


@dataclass
class ResultadoPagos:
    """Lo que hizo una importación de pagos."""

    codificacion: str
    filas: int = 0
    nuevos: int = 0
    ya_importados: int = 0
    aplicado: Decimal = CERO
    sin_aplicar: Decimal = CERO
    vigentes: list[str] = field(default_factory=list)
    cumplidos: list[str] = field(default_factory=list)

    def resumen(self) -> str:
        """Unas líneas en español para la consola o la web."""
        lineas = [
            f"{self.filas} filas leídas ({self.codificacion}): {self.nuevos} pagos nuevos, "
            f"{self.ya_importados} ya importados; aplicado a convenios {moneda(self.aplicado)}, "
            f"sin aplicar {moneda(self.sin_aplicar)}."
        ]
        if self.vigentes:
            lineas.append("Convenios ahora vigentes (prima pagada): " + ", ".join(self.vigentes))
        if self.cumplidos:
            lineas.append("Convenios cumplidos: " + ", ".join(self.cumplidos))
        return "\n".join(lineas)


@dataclass(frozen=True)
class _Linea:
    linea: int
    patrono_id: int
    sucursal: str
    fecha: date
    monto: Decimal
    referencia: str


def _fecha(texto: str, hoy: date) -> date:
    try:
        if not _FECHA_ISO.fullmatch(texto):
            raise ValueError
        fecha = date.fromisoformat(texto)
    except ValueError:
        raise ValueError(f"la fecha «{texto}» debe ser una fecha AAAA-MM-DD") from None
    if fecha > hoy:
        raise ValueError(f"la fecha {texto} es futura")
    return fecha


def _referencia(texto: str) -> str:
    if not texto:
        raise ValueError("falta la referencia del pago")
    problemas = problemas_de_texto(texto, "la referencia", 60)
    if problemas:
        raise ValueError("; ".join(problemas))
    return texto


def _validar(
    fila: FilaCsv, patronos: dict[str, tuple[int, str]], hoy: date
) -> tuple[_Linea | None, list[str]]:
    campos, problemas = fila.campos, []
    patrono: tuple[int, str] | None = None
    try:
        numero = normalizar_numero_patronal(campos["numero_patronal"])
        patrono = patronos.get(numero)
        if patrono is None:
            problemas.append(f"el número patronal {numero} no está registrado")
    except ValueError as exc:
        problemas.append(str(exc))
    lectores = {
        "fecha": lambda t: _fecha(t, hoy),
        "monto": lambda t: leer_monto(t, "el monto", minimo=Decimal("0.01")),
        "referencia": _referencia,
    }
    valores, de_campos = leer_campos(campos, lectores)
    problemas += de_campos
    if problemas or patrono is None:
        return None, problemas
    return _Linea(fila.linea, *patrono, **valores), []  # type: ignore[arg-type]


def _existentes(session: Session, referencias: list[str]) -> dict[str, Pago]:
    existentes: dict[str, Pago] = {}
    for i in range(0, len(referencias), _LOTE):
        lote = referencias[i : i + _LOTE]
        for pago in session.exec(select(Pago).where(col(Pago.referencia).in_(lote))).all():
            existentes[pago.referencia] = pago
    return existentes


def _otros_datos(linea: _Linea, pago: Pago) -> str | None:
    """Por qué una referencia ya importada no es el mismo pago (None si lo es)."""
    diferencias = []
    if pago.patrono_id != linea.patrono_id:
        diferencias.append("de otro patrono")
    if pago.fecha != linea.fecha:
        diferencias.append(f"con fecha {pago.fecha.isoformat()}")
    if pago.monto != linea.monto:
        diferencias.append(f"por {pago.monto}")
    if not diferencias:
        return None
    return f"la referencia {linea.referencia} ya se importó {' y '.join(diferencias)}"


def _leer(
    session: Session, contenido: bytes, hoy: date
) -> tuple[str, list[_Linea], dict[str, Pago]]:
    """Las líneas válidas y los pagos ya importados con su referencia; ErrorDominio si hay
    cualquier problema, con todos ellos en el orden del archivo."""
    archivo = leer_csv(contenido, COLUMNAS_PAGOS)
    patronos = {
        numero: (int(pid or 0), sucursal)
        for numero, pid, sucursal in session.exec(
            select(Patrono.numero_patronal, Patrono.id, Patrono.sucursal)
        ).all()
    }
    errores: list[tuple[int, str]] = []
    lineas: list[_Linea] = []
    vistas: dict[str, int] = {}
    for fila in archivo.filas:
        linea, problemas = _validar(fila, patronos, hoy)
        errores += [(fila.linea, p) for p in problemas]
        referencia = fila.campos["referencia"]
        if referencia in vistas:
            errores.append(
                (
                    fila.linea,
                    f"la referencia {referencia} ya aparece en la línea {vistas[referencia]}",
                )
            )
        elif linea is not None:
            lineas.append(linea)
        vistas.setdefault(referencia, fila.linea)
    existentes = _existentes(session, [linea.referencia for linea in lineas])
    for linea in lineas:
        pago = existentes.get(linea.referencia)
        motivo = _otros_datos(linea, pago) if pago is not None else None
        if motivo:
            errores.append((linea.linea, motivo))
    rechazar_si_hay([f"línea {n}: {p}" for n, p in sorted(errores, key=lambda e: e[0])])
    return archivo.codificacion, lineas, existentes


def importar_pagos(
    *, session: Session, contenido: bytes, hoy: date | None = None
) -> ResultadoPagos:
    """Importa el CSV de pagos y aplica los nuevos a los convenios legalizados o vigentes."""
    dia = hoy or hoy_local()
    codificacion, lineas, existentes = _leer(session, contenido, dia)
    nuevas = sorted(
        (linea for linea in lineas if linea.referencia not in existentes),
        key=lambda linea: (linea.fecha, linea.referencia),
    )
    resultado = ResultadoPagos(
        codificacion, filas=len(lineas), nuevos=len(nuevas), ya_importados=len(existentes)
    )
    pagos = [
        Pago(
            patrono_id=linea.patrono_id,
            fecha=linea.fecha,
            monto=linea.monto,
            referencia=linea.referencia,
            sucursal=linea.sucursal,
            sin_aplicar=linea.monto,
        )
        for linea in nuevas
    ]
    session.add_all(pagos)
    session.flush()
    abiertos = convenios_abiertos(session) if pagos else {}
    efectos = Efectos()
    for pago in pagos:
        if pago.patrono_id in abiertos:
            propios = abiertos[pago.patrono_id]
            aplicar_pago(session, pago=pago, abiertos=propios, hoy=dia, efectos=efectos)
        resultado.sin_aplicar += pago.sin_aplicar
    efectos.guardar_piezas(session)
    session.flush()
    resultado.aplicado = efectos.aplicado
    resultado.vigentes, resultado.cumplidos = efectos.vigentes, efectos.cumplidos
    return resultado
