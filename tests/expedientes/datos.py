"""Datos realistas y consultas de apoyo compartidas por las pruebas del dominio."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from sqlmodel import Session, col, select

from expedientes.modelos import Auditoria, Patrono, Usuario

# NIT válidos: los 13 primeros dígitos inventados, el verificador calculado con
# `stdnum.sv.nit.calc_check_digit` (fórmula antigua si el correlativo es <= 100, nueva si no).
NIT_ESPIGA = "0614-050707-104-8"
NIT_PEREZ = "0614-010190-102-3"
NIT_NANDU = "0511-150385-001-8"
NIT_SANTA_ANA = "0210-311299-103-5"
NIT_EXTRANJERO = "9483-150380-101-6"

# DUI válidos (dígito verificador calculado a mano en test_identificadores.py).
DUI_MARIA = "00016297-5"
DUI_JOSE = "04567890-3"

PEREZ = "Pérez & Cía <S.A. de C.V.>"
ESPIGA = 'Panadería "La Espiga" {{ x }}'
NANDU = "Distribuidora Ñandú, S.A. de C.V."

HacerPatrono = Callable[..., Patrono]
HacerUsuario = Callable[..., Usuario]


def renglones_de(session: Session, entidad: str, entidad_id: object = None) -> list[Auditoria]:
    """Los renglones de la bitácora de una entidad (y un id, si se indica), en orden de escritura."""
    consulta = select(Auditoria).where(Auditoria.entidad == entidad)
    if entidad_id is not None:
        consulta = consulta.where(Auditoria.entidad_id == str(entidad_id))
    return list(session.exec(consulta.order_by(col(Auditoria.id))).all())


def total_bitacora(session: Session) -> int:
    """Cuántos renglones tiene la bitácora."""
    return len(session.exec(select(Auditoria.id)).all())


def csv_texto(filas: Sequence[Sequence[str]], separador: str = ",") -> str:
    """Filas → texto CSV con comillas donde hagan falta, como lo exporta una hoja de cálculo."""
    salida = io.StringIO()
    csv.writer(salida, delimiter=separador, lineterminator="\r\n").writerows(filas)
    return salida.getvalue()
