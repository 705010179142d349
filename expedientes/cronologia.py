"""La línea de tiempo de un expediente: sus gestiones y su bitácora, lo más reciente primero."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from expedientes.casos import NOMBRES_GESTION, TipoGestion
from expedientes.etapas import NOMBRES_ETAPA, Etapa
from expedientes.modelos import Auditoria, Expediente, Gestion, Usuario


@dataclass(frozen=True)
class Evento:
    """Un renglón de la línea de tiempo del expediente."""

    cuando: datetime | date
    tipo: str
    titulo: str
    detalle: str
    actor: str


def linea_de_tiempo(*, session: Session, expediente: Expediente) -> list[Evento]:
    """Todo lo ocurrido en el expediente (bitácora y gestiones), lo más reciente primero."""
    eventos: list[Evento] = []
    usuarios = {u.id: u.nombre_completo for u in session.exec(select(Usuario)).all()}
    for g in session.exec(select(Gestion).where(Gestion.expediente_id == expediente.id)).all():
        eventos.append(
            Evento(
                cuando=g.creado_en,
                tipo="gestion",
                titulo=f"{NOMBRES_GESTION.get(TipoGestion(g.tipo), g.tipo)} del {g.fecha:%d/%m/%Y}",
                detalle=g.nota,
                actor=usuarios.get(g.autor_id, "—"),
            )
        )
    bitacora = session.exec(
        select(Auditoria).where(
            Auditoria.entidad == "expediente", Auditoria.entidad_id == str(expediente.id)
        )
    ).all()
    for a in bitacora:
        eventos.append(_evento_de_auditoria(a, usuarios))
    return sorted(eventos, key=lambda e: (_como_instante(e.cuando), e.tipo), reverse=True)


def _evento_de_auditoria(a: Auditoria, usuarios: dict[int | None, str]) -> Evento:
    """El renglón de un registro de la bitácora: la apertura o lo que cambió."""
    despues = a.despues or {}
    antes = a.antes or {}
    if a.accion == "crear":
        return Evento(a.cuando, "apertura", "Expediente abierto", a.motivo, a.actor)
    partes = []
    if "etapa" in despues:
        partes.append(
            f"Etapa: {NOMBRES_ETAPA.get(Etapa(antes['etapa']), antes['etapa'])} → "
            f"{NOMBRES_ETAPA.get(Etapa(despues['etapa']), despues['etapa'])}"
        )
    if "gestor_id" in despues:
        partes.append(f"Gestor: {usuarios.get(despues['gestor_id'], 'sin asignar')}")
    if despues.get("sellado_en"):
        partes.append("Sellado y archivado")
    otros = sorted(set(despues) - {"etapa", "gestor_id", "cerrado_el", "sellado_en"})
    if otros:
        partes.append("Modificado: " + ", ".join(otros))
    titulo = "; ".join(partes) or "Modificación"
    return Evento(a.cuando, "cambio", titulo, a.motivo, a.actor)


def _como_instante(valor: datetime | date) -> str:
    """Fechas e instantes en un orden común (su texto ISO)."""
    return valor.isoformat()
