"""Lo registrado de la transacción de un expediente: la transacción, su Anteproyecto, la fecha de
cada paso y si ya está en el expediente la constancia de aplicación."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from archivo import documentos_de
from expedientes import Expediente
from plantillas import DocumentoGenerado, documento_por_numero
from seguimiento.modelos import Transaccion
from seguimiento.transacciones_estados import TIPO_CONSTANCIA, E


def transaccion_de(
    *, session: Session, expediente: Expediente, bloquear: bool = False
) -> Transaccion | None:
    """La transacción del expediente (hay una a lo sumo), bloqueada si se va a cambiar."""
    consulta = select(Transaccion).where(Transaccion.expediente_id == expediente.id)
    if bloquear:  # y releída: otra persona pudo dar el paso mientras tanto
        consulta = consulta.with_for_update().execution_options(populate_existing=True)
    return session.exec(consulta).first()


def anteproyecto_de(*, session: Session, transaccion: Transaccion) -> DocumentoGenerado | None:
    """El Anteproyecto de Acuerdo registrado en la transacción."""
    if not transaccion.anteproyecto_numero:
        return None
    return documento_por_numero(session=session, numero=transaccion.anteproyecto_numero)


def fecha_del_paso(session: Session, t: Transaccion, estado: str) -> date | None:
    """La fecha con que se registró un paso (la del documento, para el anteproyecto)."""
    if estado == E.ANTEPROYECTO:
        documento = anteproyecto_de(session=session, transaccion=t)
        return documento.fecha if documento else None
    campo = {
        E.SOLICITADA: "solicitud_el",
        E.EN_CONSEJO: "enviado_consejo_el",
        E.ACORDADA: "acuerdo_fecha",
        E.DENEGADA: "acuerdo_fecha",
        E.APLICADA: "aplicado_el",
        E.DESCARGADA: "descargo_el",
    }[E(estado)]
    valor: date | None = getattr(t, campo)
    return valor


def tiene_constancia(session: Session, expediente: Expediente) -> bool:
    """¿Está en el expediente la constancia de aplicación en la cuenta patronal?"""
    documentos = documentos_de(session=session, expediente_id=expediente.id or 0)
    return any(d.tipo == TIPO_CONSTANCIA for d in documentos)
