"""Generar los avisos: leer la bitácora desde donde se quedó y mirar los plazos, y crear cada
aviso una sola vez por hecho y persona (la clave única lo garantiza aunque dos procesos barran a
la vez o el mismo barrido se repita tras un corte).

La primera vez no se avisa del pasado: la lectura empieza en el último renglón de la bitácora y
lo anterior nunca avisa. Cada barrido vuelve a mirar los renglones de los últimos minutos (`VENTANA`), por si una
transacción que empezó antes confirmó después: su aviso no se pierde y no se repite.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from avisos.modelos import Aviso, LecturaBitacora
from avisos.plazos import de_los_plazos
from avisos.reglas import ENTIDADES, Nuevo, de_la_bitacora
from expedientes import Auditoria, Usuario

VENTANA = timedelta(minutes=15)


def lectura(session: Session) -> LecturaBitacora:
    """La fila de lectura (se crea en el último renglón de la bitácora: no se avisa del pasado)."""
    fila = session.get(LecturaBitacora, 1)
    if fila is None:
        ultimo = session.exec(select(func.max(Auditoria.id))).one() or 0
        fila = LecturaBitacora(id=1, inicio_id=int(ultimo), ultimo_id=int(ultimo))
        try:
            with session.begin_nested():
                session.add(fila)
        except IntegrityError:  # otro proceso la creó a la vez
            fila = session.get(LecturaBitacora, 1)
            assert fila is not None
    return fila


def _renglones(session: Session, fila: LecturaBitacora, ahora: datetime) -> list[Auditoria]:
    consulta = (
        select(Auditoria)
        .where(
            col(Auditoria.entidad).in_(ENTIDADES),
            col(Auditoria.id) > fila.inicio_id,
            or_(col(Auditoria.id) > fila.ultimo_id, col(Auditoria.cuando) >= ahora - VENTANA),
        )
        .order_by(col(Auditoria.id))
    )
    return list(session.exec(consulta).all())


def _crear(session: Session, nuevos: list[Nuevo]) -> list[Aviso]:
    """Crea los que faltan, para personas activas; los que ya existen se dejan como están."""
    activos = {
        u.id
        for u in session.exec(
            select(Usuario).where(col(Usuario.id).in_({n.usuario_id for n in nuevos}))
        ).all()
        if u.activo
    }
    creados = []
    for n in {(n.usuario_id, n.clave): n for n in nuevos}.values():
        if n.usuario_id not in activos:
            continue
        existe = session.exec(
            select(Aviso.id).where(Aviso.usuario_id == n.usuario_id, Aviso.clave == n.clave)
        ).first()
        if existe is not None:
            continue
        aviso = Aviso(
            usuario_id=n.usuario_id, clave=n.clave, evento=n.evento, titulo=n.titulo[:500],
            objeto=n.objeto, referencia=n.referencia,
        )  # fmt: skip
        try:
            with session.begin_nested():
                session.add(aviso)
        except IntegrityError:  # otro barrido lo creó a la vez
            continue
        creados.append(aviso)
    return creados


def generar_avisos(*, session: Session, hoy: date, ahora: datetime, dias: int) -> list[Aviso]:
    """Un barrido: los avisos nuevos de la bitácora y de los plazos (`dias` hábiles antes)."""
    fila = lectura(session)
    renglones = _renglones(session, fila, ahora)
    nuevos = de_la_bitacora(session, renglones) + de_los_plazos(session, hoy, ahora, dias)
    creados = _crear(session, nuevos)
    if renglones:
        fila.ultimo_id = max(fila.ultimo_id, max(r.id or 0 for r in renglones))
        session.add(fila)
    session.flush()
    return creados
