"""Lo que espera a cada persona: las consultas detrás de la página de inicio de cada rol."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, type_coerce
from sqlmodel import Session, col, select

from expedientes.etapas import ETAPAS_FINALES, Etapa
from expedientes.intentos import IntentoDeAcceso, bloqueos_vigentes
from expedientes.modelos import (
    Auditable,
    Auditoria,
    DeudaPeriodo,
    Expediente,
    Gestion,
    Patrono,
    Usuario,
)
from expedientes.politica import ROLES_CON_EXPEDIENTES, Rol
from expedientes.tipos import Dinero

DIAS_SIN_GESTION = 30
_ACTIVAS = [e.value for e in Etapa if e not in ETAPAS_FINALES]


@dataclass(frozen=True)
class FilaExpediente:
    """Un expediente con lo necesario para listarlo."""

    expediente: Expediente
    patrono: Patrono
    ultima_gestion: date | None

    def sin_gestion_reciente(self, hoy: date) -> bool:
        """¿Lleva más de 30 días sin gestión (contando desde la apertura si no tiene)?"""
        referencia = self.ultima_gestion or self.expediente.abierto_el
        return hoy - referencia > timedelta(days=DIAS_SIN_GESTION)


def _ultima_gestion() -> Any:
    return (
        select(col(Gestion.expediente_id), func.max(Gestion.fecha).label("ultima"))
        .group_by(col(Gestion.expediente_id))
        .subquery()
    )


def _filas(session: Session, *condiciones: object, limite: int = 200) -> list[FilaExpediente]:
    ultima = _ultima_gestion()
    consulta = (
        select(Expediente, Patrono, ultima.c.ultima)
        .join(Patrono, col(Patrono.id) == Expediente.patrono_id)
        .outerjoin(ultima, ultima.c.expediente_id == Expediente.id)
        .where(*condiciones)  # type: ignore[arg-type]
        .order_by(col(Expediente.abierto_el), col(Expediente.numero))
        .limit(limite)
    )
    return [FilaExpediente(e, p, u) for e, p, u in session.exec(consulta).all()]


def expedientes_de_gestor(*, session: Session, gestor_id: int) -> list[FilaExpediente]:
    """Los expedientes activos asignados al gestor, los más antiguos primero."""
    return _filas(session, Expediente.gestor_id == gestor_id, col(Expediente.etapa).in_(_ACTIVAS))


def expedientes_sin_gestor(*, session: Session) -> list[FilaExpediente]:
    """Expedientes activos que nadie tiene asignados."""
    return _filas(session, col(Expediente.gestor_id).is_(None), col(Expediente.etapa).in_(_ACTIVAS))


def expedientes_cerrados(*, session: Session) -> list[FilaExpediente]:
    """Expedientes cerrados que todavía no se sellaron: pendientes de pasar al archivo."""
    return _filas(session, Expediente.etapa == Etapa.CERRADO, col(Expediente.sellado_en).is_(None))


@dataclass(frozen=True)
class CargaGestor:
    """Cuántos expedientes activos tiene cada persona asignada."""

    usuario: Usuario
    activos: int
    sin_gestion_reciente: int


def carga_por_gestor(*, session: Session, hoy: date) -> list[CargaGestor]:
    """La carga de trabajo de cada gestor (y jefe con expedientes), de mayor a menor."""
    ultima = _ultima_gestion()
    referencia = func.coalesce(ultima.c.ultima, Expediente.abierto_el)
    atrasado = case((referencia < hoy - timedelta(days=DIAS_SIN_GESTION), 1), else_=0)
    conteos = {
        gestor_id: (int(activos), int(atrasados or 0))
        for gestor_id, activos, atrasados in session.exec(
            select(col(Expediente.gestor_id), func.count(), func.sum(atrasado))
            .outerjoin(ultima, ultima.c.expediente_id == Expediente.id)
            .where(col(Expediente.gestor_id).is_not(None), col(Expediente.etapa).in_(_ACTIVAS))
            .group_by(col(Expediente.gestor_id))
        ).all()
    }
    personas = session.exec(
        select(Usuario).where(col(Usuario.rol).in_(ROLES_CON_EXPEDIENTES), Usuario.activo == True)  # noqa: E712
    ).all()
    cargas = [
        CargaGestor(p, *conteos.get(p.id, (0, 0)))
        for p in personas
        if p.rol != Rol.JEFE or p.id in conteos  # el jefe aparece solo si tiene expedientes
    ]
    return sorted(cargas, key=lambda c: (-c.activos, c.usuario.nombre_completo))


def conteo_por_sucursal(*, session: Session) -> list[tuple[str, int]]:
    """Expedientes activos por sucursal."""
    filas = session.exec(
        select(Expediente.sucursal, func.count())
        .where(col(Expediente.etapa).in_(_ACTIVAS))
        .group_by(Expediente.sucursal)
        .order_by(Expediente.sucursal)
    ).all()
    return [(s or "(sin sucursal)", int(n)) for s, n in filas]


def mora_registrada(*, session: Session) -> tuple[Decimal, Decimal, int]:
    """Cuotas y multas no pagadas en toda la cartera, y cuántos patronos deben (sumado en SQL)."""
    cuotas, multas, patronos = session.exec(
        select(
            type_coerce(func.coalesce(func.sum(DeudaPeriodo.cuota), 0), Dinero),
            type_coerce(func.coalesce(func.sum(DeudaPeriodo.multa), 0), Dinero),
            func.count(func.distinct(DeudaPeriodo.patrono_id)),
        ).where(DeudaPeriodo.pagado == False)  # noqa: E712
    ).one()
    return cuotas, multas, int(patronos)


def usuarios_bloqueados(*, session: Session) -> list[tuple[Usuario, IntentoDeAcceso]]:
    """Cuentas bloqueadas ahora por intentos fallidos, cada una con el origen para el que lo
    está (desde los demás, su dueño entra)."""
    return bloqueos_vigentes(session=session)


def _auditables(clase: type[Any] = Auditable) -> Iterator[type[Any]]:
    for sub in clase.__subclasses__():
        yield sub
        yield from _auditables(sub)


def _etiquetas_de_modelos() -> dict[str, tuple[type[Any], str, str]]:
    """Cada entidad auditada con su modelo, el campo que la nombra y su título: lo declara cada
    modelo (`__etiqueta__`), así el dominio nombra también las entidades de las capacidades."""
    return {
        m.__entidad__: (m, *m.__etiqueta__) for m in _auditables() if hasattr(m, "__etiqueta__")
    }


def entidades_auditadas() -> dict[str, str]:
    """Las entidades de la bitácora y su título, para filtrar."""
    return {e: titulo for e, (_, _, titulo) in sorted(_etiquetas_de_modelos().items())}


def etiquetas_de_renglones(session: Session, renglones: list[Auditoria]) -> dict[int, str]:
    """Para cada renglón, su entidad como la lee una persona: «Expediente EXP-2026-00012»."""
    ids: dict[str, set[int]] = {}
    for r in renglones:
        if r.entidad_id.isdigit():
            ids.setdefault(r.entidad, set()).add(int(r.entidad_id))
    etiquetas_de = _etiquetas_de_modelos()
    nombres: dict[tuple[str, str], str] = {}
    for entidad, conjunto in ids.items():
        modelo, campo, _ = etiquetas_de.get(entidad, (None, "", ""))
        if modelo is None:
            continue
        filas = session.exec(
            select(modelo.id, getattr(modelo, campo)).where(col(modelo.id).in_(conjunto))
        ).all()
        nombres.update({(entidad, str(i)): str(v) for i, v in filas})
    etiquetas = {}
    for r in renglones:
        titulo = etiquetas_de[r.entidad][2] if r.entidad in etiquetas_de else r.entidad
        nombre = nombres.get((r.entidad, r.entidad_id), f"#{r.entidad_id}")
        etiquetas[r.id or 0] = f"{titulo} {nombre}"
    return etiquetas
