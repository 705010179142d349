"""Importación todo-o-nada de patronos y de mora desde los CSV del sistema central.

Primero se valida el archivo entero; si cualquier fila tiene un problema no se escribe nada y se
listan todos, con su número de línea. Importar dos veces el mismo archivo no cambia nada; una fila
cambiada actualiza su registro (y la bitácora guarda el antes y el después).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from expedientes.csvlectura import leer_campos, leer_csv, leer_monto, rechazar_si_hay
from expedientes.identificadores import normalizar_numero_patronal, parsear_periodo
from expedientes.modelos import DeudaPeriodo, Patrono
from expedientes.patronos import CAMPOS_PATRONO, guardar_patrono, validar_datos_patrono

COLUMNAS_MORA = ("numero_patronal", "periodo", "cuota", "multa", "fecha_limite_pago")


@dataclass
class ResultadoImportacion:
    """Lo que hizo una importación."""

    codificacion: str
    creados: int = 0
    actualizados: int = 0
    sin_cambios: int = 0
    filas: int = field(default=0)

    def resumen(self) -> str:
        """Una línea en español para la consola o la web."""
        return (
            f"{self.filas} filas leídas ({self.codificacion}): {self.creados} nuevas, "
            f"{self.actualizados} actualizadas, {self.sin_cambios} sin cambios."
        )


def importar_patronos(*, session: Session, contenido: bytes) -> ResultadoImportacion:
    """Importa el CSV de patronos (columnas de `CAMPOS_PATRONO`)."""
    archivo = leer_csv(contenido, CAMPOS_PATRONO)
    errores: list[str] = []
    validos: list[dict[str, str | None]] = []
    vistos: dict[str, int] = {}
    for fila in archivo.filas:
        datos, problemas = validar_datos_patrono(fila.campos)
        errores += [f"línea {fila.linea}: {p}" for p in problemas]
        numero = datos["numero_patronal"] or ""
        if numero in vistos and not problemas:
            errores.append(
                f"línea {fila.linea}: el número patronal {numero} ya aparece en la línea {vistos[numero]}"
            )
        vistos.setdefault(numero, fila.linea)
        validos.append(datos)
    rechazar_si_hay(errores)
    resultado = ResultadoImportacion(archivo.codificacion, filas=len(validos))
    for datos in validos:
        _, que = guardar_patrono(session=session, datos=datos)
        _contar(resultado, que)
    session.flush()
    return resultado


@dataclass(frozen=True)
class _LineaMora:
    linea: int
    patrono_id: int
    periodo: date
    cuota: Decimal
    multa: Decimal
    fecha_limite_pago: date


def importar_mora(*, session: Session, contenido: bytes) -> ResultadoImportacion:
    """Importa el CSV de mora (`numero_patronal,periodo,cuota,multa,fecha_limite_pago`)."""
    archivo = leer_csv(contenido, COLUMNAS_MORA)
    patronos = {
        numero: pid
        for numero, pid in session.exec(select(Patrono.numero_patronal, Patrono.id)).all()
    }
    errores: list[str] = []
    lineas: list[_LineaMora] = []
    vistos: dict[tuple[int, date], int] = {}
    for fila in archivo.filas:
        linea, problemas = _validar_fila_mora(fila.linea, fila.campos, patronos)
        errores += [f"línea {fila.linea}: {p}" for p in problemas]
        if linea is None:
            continue
        clave = (linea.patrono_id, linea.periodo)
        if clave in vistos:
            errores.append(
                f"línea {fila.linea}: el período {fila.campos['periodo']} del patrono "
                f"{fila.campos['numero_patronal']} ya aparece en la línea {vistos[clave]}"
            )
        vistos.setdefault(clave, fila.linea)
        lineas.append(linea)
    rechazar_si_hay(errores)
    resultado = ResultadoImportacion(archivo.codificacion, filas=len(lineas))
    ids = sorted({linea.patrono_id for linea in lineas})
    existentes = {
        (d.patrono_id, d.periodo): d
        for d in session.exec(select(DeudaPeriodo).where(DeudaPeriodo.patrono_id.in_(ids))).all()  # type: ignore[attr-defined]
    }
    for linea in lineas:
        _contar(resultado, _guardar_linea_mora(session, linea, existentes))
    session.flush()
    return resultado


def _validar_fila_mora(
    numero_linea: int, campos: dict[str, str], patronos: dict[str, int | None]
) -> tuple[_LineaMora | None, list[str]]:
    problemas: list[str] = []
    patrono_id = None
    try:
        numero = normalizar_numero_patronal(campos["numero_patronal"])
        patrono_id = patronos.get(numero)
        if patrono_id is None:
            problemas.append(
                f"el número patronal {numero} no está registrado (importe antes los patronos)"
            )
    except ValueError as exc:
        problemas.append(str(exc))
    lectores = {
        "periodo": lambda t: parsear_periodo(t),
        "cuota": lambda t: leer_monto(t, "la cuota", minimo=Decimal("0.01")),
        "multa": lambda t: leer_monto(t or "0", "la multa"),
        "fecha_limite_pago": _leer_fecha,
    }
    valores, de_campos = leer_campos(campos, lectores)
    problemas += de_campos
    if problemas or patrono_id is None:
        return None, problemas
    return _LineaMora(numero_linea, patrono_id, **valores), []  # type: ignore[arg-type]


def _leer_fecha(texto: str) -> date:
    try:
        return date.fromisoformat(texto)
    except ValueError:
        raise ValueError(f"la fecha límite «{texto}» debe escribirse AAAA-MM-DD") from None


def _guardar_linea_mora(
    session: Session, linea: _LineaMora, existentes: dict[tuple[int, date], DeudaPeriodo]
) -> str:
    deuda = existentes.get((linea.patrono_id, linea.periodo))
    nuevos: dict[str, Any] = {
        "cuota": linea.cuota,
        "multa": linea.multa,
        "fecha_limite_pago": linea.fecha_limite_pago,
    }
    if deuda is None:
        session.add(DeudaPeriodo(patrono_id=linea.patrono_id, periodo=linea.periodo, **nuevos))
        return "creado"
    cambios = {c: v for c, v in nuevos.items() if getattr(deuda, c) != v}
    if not cambios:
        return "sin_cambios"
    for campo, valor in cambios.items():
        setattr(deuda, campo, valor)
    session.add(deuda)
    return "actualizado"


def _contar(resultado: ResultadoImportacion, que: str) -> None:
    if que == "creado":
        resultado.creados += 1
    elif que == "actualizado":
        resultado.actualizados += 1
    else:
        resultado.sin_cambios += 1
