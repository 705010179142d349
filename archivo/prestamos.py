"""Préstamos de expedientes físicos: a quién, de qué oficina, cuándo, hasta cuándo y su
devolución; la lista de los vencidos. Un expediente prestado no se presta otra vez."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from archivo.modelos import Prestamo
from expedientes import ErrorDominio, Expediente, Usuario, ahora, con_motivo, problemas_de_texto


def prestamo_activo(*, session: Session, expediente_id: int) -> Prestamo | None:
    """El préstamo sin devolver del expediente, si lo hay."""
    return session.exec(
        select(Prestamo).where(
            Prestamo.expediente_id == expediente_id, col(Prestamo.devuelto_el).is_(None)
        )
    ).first()


def prestar_expediente(
    *,
    session: Session,
    expediente: Expediente,
    persona: str,
    oficina: str,
    prestado_el: date,
    vence_el: date,
    usuario: Usuario,
    nota: str = "",
) -> Prestamo:
    """Registra que el expediente físico sale en préstamo."""
    problemas = _problemas_del_prestamo(persona, oficina, prestado_el, vence_el, nota)
    activo = prestamo_activo(session=session, expediente_id=expediente.id or 0)
    if activo is not None:
        problemas.append(
            f"El expediente ya está prestado a {activo.persona} ({activo.oficina}) desde el "
            f"{activo.prestado_el:%d/%m/%Y}: registre antes su devolución."
        )
    if problemas:
        raise ErrorDominio(f"No se pudo prestar el expediente {expediente.numero}.", problemas)
    prestamo = Prestamo(
        expediente_id=expediente.id,  # type: ignore[arg-type]
        persona=persona.strip(),
        oficina=oficina.strip(),
        prestado_el=prestado_el,
        vence_el=vence_el,
        nota=nota.strip(),
        registrado_por_id=usuario.id,
    )
    session.add(prestamo)
    session.flush()
    return prestamo


def _problemas_del_prestamo(
    persona: str, oficina: str, prestado_el: date, vence_el: date, nota: str
) -> list[str]:
    """Lo que falta o sobra en los datos del préstamo (sin mirar si el expediente está fuera)."""
    problemas = problemas_de_texto(persona, "La persona", 200) + problemas_de_texto(
        oficina, "La oficina", 200
    )
    problemas += problemas_de_texto(nota, "La nota", 1000, multilinea=True)
    if not persona.strip():
        problemas.append("Indique a quién se presta.")
    if not oficina.strip():
        problemas.append("Indique la oficina de quien lo recibe.")
    if vence_el < prestado_el:
        problemas.append("La fecha de devolución no puede ser anterior a la del préstamo.")
    return problemas


def devolver_expediente(
    *, session: Session, prestamo: Prestamo, devuelto_el: date, nota: str = ""
) -> Prestamo:
    """Registra la devolución del expediente físico."""
    if prestamo.devuelto_el is not None:
        raise ErrorDominio(f"Ese préstamo ya se devolvió el {prestamo.devuelto_el:%d/%m/%Y}.")
    if devuelto_el < prestamo.prestado_el:
        raise ErrorDominio("La devolución no puede ser anterior al préstamo.")
    with con_motivo(session, nota.strip()):
        prestamo.devuelto_el = devuelto_el
        prestamo.actualizado_en = ahora()
        session.add(prestamo)
    return prestamo


@dataclass(frozen=True)
class PrestamoFuera:
    """Un expediente que está fuera, con su préstamo y los días de atraso (0 si está a tiempo)."""

    prestamo: Prestamo
    expediente: Expediente
    dias: int


def expedientes_fuera(*, session: Session, hoy: date) -> list[PrestamoFuera]:
    """Los préstamos sin devolver, el que vence (o venció) primero arriba."""
    filas = session.exec(
        select(Prestamo, Expediente)
        .join(Expediente, col(Expediente.id) == Prestamo.expediente_id)
        .where(col(Prestamo.devuelto_el).is_(None))
        .order_by(col(Prestamo.vence_el), col(Prestamo.id))
    ).all()
    return [PrestamoFuera(p, e, max(0, (hoy - p.vence_el).days)) for p, e in filas]


def prestamos_vencidos(*, session: Session, hoy: date) -> list[PrestamoFuera]:
    """Los préstamos sin devolver cuya fecha de devolución ya pasó, el más atrasado primero."""
    return [f for f in expedientes_fuera(session=session, hoy=hoy) if f.dias > 0]


def prestamos_de(*, session: Session, expediente_id: int) -> list[Prestamo]:
    """La historia de préstamos del expediente, el más reciente primero."""
    return list(
        session.exec(
            select(Prestamo)
            .where(Prestamo.expediente_id == expediente_id)
            .order_by(col(Prestamo.prestado_el).desc(), col(Prestamo.id).desc())
        ).all()
    )
