"""La bitácora como la lee el departamento: quién (por su nombre), cuándo (hora de El Salvador),
qué cosa (por su número o nombre), qué campos cambiaron (con su nombre en español, y personas en
vez de ids) y los valores de lo que se creó; con filtros, páginas y exportación.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from expedientes.modelos import Auditoria, Usuario
from expedientes.tableros import etiquetas_de_renglones
from expedientes.tipos import ZONA_LOCAL

ACCIONES_BITACORA = {"crear": "Alta", "modificar": "Cambio", "eliminar": "Baja"}
# Los nombres de los campos que más se ven; los demás se leen de su nombre («fecha_documento» →
# «Fecha documento»).
ETIQUETAS_CAMPO = {
    "asignado_id": "Asignada a", "gestor_id": "Gestor", "autor_id": "Autor",
    "editado_por_id": "Editado por", "aprobado_por_id": "Aprobado por",
    "finalizado_por_id": "Dejado final por", "registrado_por_id": "Registrado por",
    "atendida_por_id": "Atendida por", "expediente_id": "Expediente", "patrono_id": "Patrono",
    "respondida_por_id": "Respondida con la carta", "responde_a_id": "Responde a la carta",
    "estado": "Estado", "etapa": "Etapa", "tipo": "Tipo", "asunto": "Asunto", "vence_el": "Vence el",
    "recibido_en": "Recibida", "remitente": "Remitente", "numero": "Número", "activo": "Activo",
    "rol": "Rol", "motivo": "Motivo", "correo": "Correo", "canal": "Canal", "sucursal": "Sucursal",
    "razon_social": "Razón social", "numero_patronal": "Número patronal", "nit": "NIT",
    "direccion": "Dirección", "telefono": "Teléfono", "representante_legal": "Representante legal",
    "docx_sha256": "Huella del .docx", "pdf_sha256": "Huella del PDF", "suplente": "Suplente del jefe",
}  # fmt: skip
# Los campos que guardan una persona: se muestran con su nombre.
_DE_PERSONA = frozenset(k for k in ETIQUETAS_CAMPO if k.endswith("_por_id")) | {
    "asignado_id", "gestor_id", "autor_id", "usuario_id",
}  # fmt: skip
SISTEMA = "sistema"


@dataclass(frozen=True)
class FiltrosBitacora:
    """Por persona (un id, o «sistema» para los procesos), días de El Salvador, entidad y acción."""

    persona: str | None = None
    desde: date | None = None
    hasta: date | None = None
    entidad: str | None = None
    accion: str | None = None


@dataclass(frozen=True)
class Cambio:
    """Un campo que cambió (o se creó): su nombre en español y sus valores legibles."""

    campo: str
    antes: object
    despues: object


@dataclass(frozen=True)
class RenglonBitacora:
    """Un renglón legible: quién, qué cosa y sus cambios."""

    auditoria: Auditoria
    quien: str
    que: str
    cambios: list[Cambio] = field(default_factory=list)


def etiqueta_de_campo(campo: str) -> str:
    """El nombre en español de un campo de la bitácora."""
    return ETIQUETAS_CAMPO.get(campo) or campo.replace("_", " ").capitalize()


def _filtrar(consulta: Any, f: FiltrosBitacora) -> Any:
    if f.persona == SISTEMA:
        consulta = consulta.where(col(Auditoria.usuario_id).is_(None))
    elif f.persona and f.persona.isdigit():
        consulta = consulta.where(col(Auditoria.usuario_id) == int(f.persona))
    if f.desde:
        consulta = consulta.where(
            col(Auditoria.cuando) >= datetime.combine(f.desde, time(0), ZONA_LOCAL)
        )
    if f.hasta:
        fin = datetime.combine(f.hasta + timedelta(days=1), time(0), ZONA_LOCAL)
        consulta = consulta.where(col(Auditoria.cuando) < fin)
    if f.entidad:
        consulta = consulta.where(col(Auditoria.entidad) == f.entidad)
    if f.accion:
        consulta = consulta.where(col(Auditoria.accion) == f.accion)
    return consulta


def contar_bitacora(*, session: Session, filtros: FiltrosBitacora) -> int:
    """Cuántos renglones cumplen los filtros."""
    return int(session.exec(_filtrar(select(func.count()).select_from(Auditoria), filtros)).one())


def consultar_bitacora(
    *, session: Session, filtros: FiltrosBitacora, limite: int = 50, desplazamiento: int = 0
) -> list[RenglonBitacora]:
    """Los renglones que cumplen los filtros, los más recientes primero, legibles."""
    consulta = _filtrar(select(Auditoria), filtros).order_by(col(Auditoria.id).desc())
    renglones = list(session.exec(consulta.limit(limite).offset(desplazamiento)).all())
    etiquetas = etiquetas_de_renglones(session, renglones)
    ids = {r.usuario_id for r in renglones if r.usuario_id}
    for r in renglones:
        for valores in (r.antes or {}, r.despues or {}):
            ids.update(v for k, v in valores.items() if k in _DE_PERSONA and isinstance(v, int))
    nombres = dict(
        session.exec(
            select(col(Usuario.id), col(Usuario.nombre_completo)).where(col(Usuario.id).in_(ids))
        ).all()
    )

    def legible(campo: str, valor: object) -> object:
        if campo in _DE_PERSONA and isinstance(valor, int):
            return nombres.get(valor, f"#{valor}")
        return valor

    filas = []
    for r in renglones:
        antes, despues = r.antes or {}, r.despues or {}
        campos = despues if r.accion != "eliminar" else antes
        cambios = [
            Cambio(etiqueta_de_campo(k), legible(k, antes.get(k)), legible(k, despues.get(k)))
            for k in campos
        ]
        quien = nombres.get(r.usuario_id, r.actor) if r.usuario_id else f"{r.actor} (proceso)"
        filas.append(RenglonBitacora(r, quien, etiquetas[r.id or 0], cambios))
    return filas
