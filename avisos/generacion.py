"""Generar los avisos: leer la bitácora desde donde se quedó y mirar los plazos, y crear cada
aviso una sola vez por hecho y persona (la clave única lo garantiza aunque dos procesos barran a
la vez o el mismo barrido se repita tras un corte).

La primera vez no se avisa del pasado: la lectura empieza en el último renglón de la bitácora y
lo anterior nunca avisa. Los ids de la bitácora se asignan al escribir, no al confirmar: en
PostgreSQL una transacción larga puede confirmar un renglón con un id menor que otro ya leído. Por
eso cada barrido anota los huecos que ve entre lo leído (ids que aún no se ven) y los vuelve a
buscar en los barridos siguientes durante `VENTANA`; un hueco que no se llena en ese tiempo fue una
transacción revertida. Así ningún aviso se pierde, y ninguno se repite.
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

# Cuánto se espera a que un hueco de la bitácora se llene (una transacción aún abierta).
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
    """Los renglones nuevos y los que llenaron un hueco; pone al día el último id y los huecos."""
    huecos = {int(i): datetime.fromisoformat(visto) for i, visto in (fila.huecos or {}).items()}
    condicion = col(Auditoria.id) > fila.ultimo_id
    if huecos:
        condicion = or_(condicion, col(Auditoria.id).in_(sorted(huecos)))
    vistos = set(session.exec(select(Auditoria.id).where(condicion)).all())
    ultimo = max([fila.ultimo_id, *(i for i in vistos if i is not None)])
    for i in range(fila.ultimo_id + 1, ultimo):
        if i not in vistos:
            huecos[i] = ahora
    fila.huecos = {
        str(i): visto.isoformat()
        for i, visto in huecos.items()
        if i not in vistos and ahora - visto < VENTANA
    }
    fila.ultimo_id = ultimo
    session.add(fila)
    ids = sorted(i for i in vistos if i is not None and i > fila.inicio_id)
    renglones: list[Auditoria] = []
    for k in range(0, len(ids), 500):
        consulta = select(Auditoria).where(
            col(Auditoria.id).in_(ids[k : k + 500]), col(Auditoria.entidad).in_(ENTIDADES)
        )
        renglones += session.exec(consulta.order_by(col(Auditoria.id))).all()
    return renglones


def _existentes(session: Session, nuevos: list[Nuevo]) -> set[tuple[int, str]]:
    """Las (persona, clave) de estos avisos que ya existen, en consultas de a 500 claves."""
    claves = sorted({n.clave for n in nuevos})
    hay: set[tuple[int, str]] = set()
    for i in range(0, len(claves), 500):
        consulta = select(Aviso.usuario_id, Aviso.clave).where(
            col(Aviso.clave).in_(claves[i : i + 500])
        )
        hay.update((u, c) for u, c in session.exec(consulta).all())
    return hay


def _crear(session: Session, nuevos: list[Nuevo]) -> list[Aviso]:
    """Crea los que faltan, para personas activas; los que ya existen se dejan como están."""
    activos = {
        u.id
        for u in session.exec(
            select(Usuario).where(col(Usuario.id).in_({n.usuario_id for n in nuevos}))
        ).all()
        if u.activo
    }
    hay = _existentes(session, nuevos)
    faltan = [
        Aviso(
            usuario_id=n.usuario_id,
            clave=n.clave,
            evento=n.evento,
            titulo=n.titulo[:500],
            objeto=n.objeto,
            referencia=n.referencia,
        )
        for n in {(n.usuario_id, n.clave): n for n in nuevos}.values()
        if n.usuario_id in activos and (n.usuario_id, n.clave) not in hay
    ]
    try:
        with session.begin_nested():
            session.add_all(faltan)
        return faltan
    except IntegrityError:  # otro barrido creó alguno a la vez: uno por uno, sin repetirlos
        return [a for a in (_crear_uno(session, a) for a in faltan) if a is not None]


def _crear_uno(session: Session, aviso: Aviso) -> Aviso | None:
    nuevo = Aviso.model_validate(aviso.model_dump(exclude={"id"}))
    try:
        with session.begin_nested():
            session.add(nuevo)
        return nuevo
    except IntegrityError:
        return None


def generar_avisos(*, session: Session, hoy: date, ahora: datetime, dias: int) -> list[Aviso]:
    """Un barrido: los avisos nuevos de la bitácora y de los plazos (`dias` hábiles antes)."""
    fila = lectura(session)
    renglones = _renglones(session, fila, ahora)
    nuevos = de_la_bitacora(session, renglones) + de_los_plazos(session, hoy, ahora, dias)
    creados = _crear(session, nuevos)
    session.flush()
    return creados
