"""La planilla de envío: la lista de las cartas por mensajero que se entregan al mensajero o al
courier (número, destinatario, dirección, expediente y una columna para la firma de quien recibe),
seguida de una etiqueta por carta para el sobre (la dirección, el número `CS-` y su código de
barras). Entregarla deja cada carta `enviada`, con la fecha de la planilla."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from archivo import Constancia, pdf_de_constancia
from correspondencia.envio import Canal
from correspondencia.modelos import Saliente
from correspondencia.salida import CICLO_SALIDA, EstadoSalida
from expedientes import ErrorDominio, Expediente, Patrono, ahora, con_motivo, fecha_larga


@dataclass(frozen=True)
class Planilla:
    """El PDF para imprimir y las cartas que quedaron entregadas al mensajero."""

    pdf: bytes
    numeros: list[str]


def _direccion(patrono: Patrono | None) -> str:
    if patrono is None:
        return "—"
    partes = [patrono.direccion, patrono.municipio, patrono.departamento]
    return ", ".join(p for p in partes if p) or "—"


def planilla_de_envio(*, session: Session, hoy: date, limite: int = 200) -> Planilla:
    """Las cartas por mensajero que esperan salir, en una planilla; quedan `enviada`."""
    filas = session.exec(
        select(Saliente, Expediente, Patrono)
        .join(Expediente, col(Expediente.id) == Saliente.expediente_id, isouter=True)
        .join(Patrono, col(Patrono.id) == Saliente.patrono_id, isouter=True)
        .where(Saliente.canal == Canal.MENSAJERO, Saliente.estado == EstadoSalida.PENDIENTE)
        .order_by(col(Saliente.numero))
        .limit(limite)
    ).all()
    if not filas:
        raise ErrorDominio("No hay cartas por mensajero esperando salir.")
    motivo = f"Entregada al mensajero en la planilla del {fecha_larga(hoy)}"
    for saliente, _, _ in filas:
        with con_motivo(session, motivo):
            saliente.estado = CICLO_SALIDA.validar(saliente.estado, EstadoSalida.ENVIADA)
            saliente.enviado_en = ahora()
            session.add(saliente)
    session.flush()
    return Planilla(_pdf_de_planilla(list(filas), hoy), [s.numero for s, _, _ in filas])


def _pdf_de_planilla(
    filas: list[tuple[Saliente, Expediente | None, Patrono | None]], hoy: date
) -> bytes:
    """La planilla: una línea por carta con su firma, y la etiqueta de cada sobre."""
    campos = [
        (saliente.numero,
         f"{saliente.destinatario} — {_direccion(patrono)} — expediente "
         f"{expediente.numero if expediente else '—'} — Recibido: ______________________")
        for saliente, expediente, patrono in filas
    ]  # fmt: skip
    etiquetas = [(s.numero, (s.destinatario, _direccion(patrono))) for s, _, patrono in filas]
    return pdf_de_constancia(
        Constancia(
            titulo="Planilla de envío",
            numero=f"PLANILLA-{hoy:%Y%m%d}",
            campos=campos,
            nota=(
                f"{len(filas)} carta(s) entregada(s) al mensajero el {fecha_larga(hoy)}. Quien "
                "recibe cada carta firma a su lado; devuelva la planilla firmada al Departamento."
            ),
            firmas=("Entregó (Departamento)", "Recibió (mensajero)"),
            etiquetas=etiquetas,
        )
    )
