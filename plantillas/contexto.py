"""El contexto de un documento: lo que sabe la base de datos del expediente, como datos simples.

Cada raíz (`documento`, `expediente`, `patrono`, `deuda`, `gestor`, `firma`, `gestiones`) es un
diccionario o una lista de diccionarios con textos, fechas, enteros y `Decimal`: se pueden
enviar a otro proceso y no dejan a la plantilla tocar objetos de la base. Los problemas de los
datos del expediente (un gestor sin correo, un representante sin DUI) se listan en español.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from expedientes import (
    NOMBRES_GESTION,
    NOMBRES_TIPO_EXPEDIENTE,
    EstadoDeuda,
    Expediente,
    Gestion,
    Patrono,
    Rol,
    TipoExpediente,
    TipoGestion,
    Usuario,
    estado_de_deuda,
    formatear_dui,
    formatear_nit,
    normalizar_nit,
)

CARGO_FIRMA = "Jefe del Departamento de Recuperación Prejudicial"
INSTITUCION = "Instituto Salvadoreño del Seguro Social"


@dataclass
class Contexto:
    """El contexto armado y los problemas que impiden generar con él."""

    datos: dict[str, Any] = field(default_factory=dict)
    problemas: list[str] = field(default_factory=list)


def deuda_como_datos(estado: EstadoDeuda) -> dict[str, Any]:
    """La mora al corte: líneas por período y totales que suman exactamente."""
    lineas = [
        {
            "periodo": linea.periodo,
            "cuota": linea.cuota,
            "recargo": linea.recargo,
            "multa": linea.multa,
            "total": linea.total,
            "fecha_limite_pago": linea.fecha_limite_pago,
            "meses_mora": linea.meses_mora,
        }
        for linea in estado.lineas
    ]
    return {
        "corte": estado.corte,
        "lineas": lineas,
        "periodos": len(lineas),
        "desde": lineas[0]["periodo"] if lineas else None,
        "hasta": lineas[-1]["periodo"] if lineas else None,
        "cuotas": estado.cuotas,
        "recargos": estado.recargos,
        "multas": estado.multas,
        "multas_y_recargos": estado.multas + estado.recargos,
        "total": estado.total,
    }


def patrono_como_datos(patrono: Patrono, problemas: list[str]) -> dict[str, Any]:
    """El patrono con su NIT y el DUI de su representante ya formateados."""
    try:
        nit = formatear_nit(normalizar_nit(patrono.nit))
    except ValueError as exc:
        problemas.append(f"El patrono {patrono.numero_patronal} tiene un NIT no válido: {exc}.")
        nit = patrono.nit
    return {
        "razon_social": patrono.razon_social,
        "nombre_comercial": patrono.nombre_comercial,
        "numero_patronal": patrono.numero_patronal,
        "nit": nit,
        "direccion": patrono.direccion,
        "municipio": patrono.municipio,
        "departamento": patrono.departamento,
        "representante_legal": patrono.representante_legal,
        "dui_representante": formatear_dui(patrono.dui_representante)
        if patrono.dui_representante
        else "",
        "correo": patrono.correo,
        "telefono": patrono.telefono,
        "sucursal": patrono.sucursal,
    }


def persona_como_datos(usuario: Usuario | None) -> dict[str, Any]:
    """Nombre, correo y sucursal de una persona (vacíos si no la hay)."""
    if usuario is None:
        return {"nombre": "", "correo": "", "sucursal": ""}
    return {
        "nombre": usuario.nombre_completo,
        "correo": usuario.correo or "",
        "sucursal": usuario.sucursal or "",
    }


def firmante(session: Session) -> Usuario | None:
    """Quien firma: el jefe de departamento activo (el de menor id si hubiera varios)."""
    return session.exec(
        select(Usuario)
        .where(Usuario.rol == Rol.JEFE, Usuario.activo == True)  # noqa: E712
        .order_by(col(Usuario.id))
    ).first()


def _gestiones(session: Session, expediente: Expediente) -> list[dict[str, Any]]:
    filas = session.exec(
        select(Gestion, Usuario)
        .outerjoin(Usuario, col(Usuario.id) == Gestion.autor_id)
        .where(Gestion.expediente_id == expediente.id)
        .order_by(col(Gestion.fecha), col(Gestion.id))
    ).all()
    return [gestion_como_datos(g, u) for g, u in filas]


def gestion_como_datos(gestion: Gestion, autor: Usuario | None) -> dict[str, Any]:
    """Una gestión de cobro: fecha, tipo (su nombre), nota y autor."""
    return {
        "fecha": gestion.fecha,
        "tipo": NOMBRES_GESTION.get(TipoGestion(gestion.tipo), gestion.tipo),
        "nota": gestion.nota,
        "autor": autor.nombre_completo if autor else "",
    }


def expediente_como_datos(expediente: Expediente) -> dict[str, Any]:
    """Número, tipo (y su nombre), asunto, apertura y sucursal del expediente."""
    return {
        "numero": expediente.numero,
        "tipo": expediente.tipo,
        "tipo_nombre": NOMBRES_TIPO_EXPEDIENTE[TipoExpediente(expediente.tipo)],
        "asunto": expediente.asunto,
        "abierto_el": expediente.abierto_el,
        "sucursal": expediente.sucursal,
    }


def contexto_de_expediente(
    *,
    session: Session,
    expediente: Expediente,
    documento: dict[str, Any],
    corte: date,
    tasa_recargo: Decimal,
) -> Contexto:
    """Todas las raíces del contexto para un documento del expediente, deuda al `corte`."""
    problemas: list[str] = []
    patrono = session.get(Patrono, expediente.patrono_id)
    assert patrono is not None and patrono.id is not None
    estado = estado_de_deuda(
        session=session, patrono_id=patrono.id, corte=corte, tasa_mensual=tasa_recargo
    )
    gestor = session.get(Usuario, expediente.gestor_id) if expediente.gestor_id else None
    datos = {
        "documento": documento,
        "expediente": expediente_como_datos(expediente),
        "patrono": patrono_como_datos(patrono, problemas),
        "deuda": deuda_como_datos(estado),
        "gestor": persona_como_datos(gestor),
        "firma": {**persona_como_datos(firmante(session)), "cargo": CARGO_FIRMA},
        "gestiones": _gestiones(session, expediente),
    }
    return Contexto(datos, problemas)
