"""La transacción ante el Consejo Directivo hasta que el Consejo la tiene: la solicitud del patrono,
el Anteproyecto de Acuerdo y el envío al Consejo; y cómo se da cualquier paso.

Cada paso tiene su fecha, que no retrocede ni es futura; quién lo dio queda en la bitácora. Nada
cambia en un expediente sellado. Lo que decide el Consejo y lo que sigue, en
`transacciones_consejo`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, select

from archivo import Almacen, Requisitos, documentos_de
from correspondencia import Correspondencia, incorporar_carta
from expedientes import (
    CICLO_EXPEDIENTE,
    NOMBRES_TIPO_EXPEDIENTE,
    ErrorDominio,
    Etapa,
    Expediente,
    NoEncontrado,
    TipoExpediente,
    Usuario,
    cambiar_etapa,
    con_motivo,
)
from plantillas import NOMBRES_ESTADO_DOCUMENTO as NOMBRES_DOCUMENTO
from plantillas import DocumentoGenerado, EstadoDocumento, documento_por_numero
from seguimiento.modelos import Transaccion
from seguimiento.tramites import carta_vinculada, exigir_tramitable, problemas_de_fecha, recibida_el
from seguimiento.transacciones_consultas import fecha_del_paso, transaccion_de
from seguimiento.transacciones_estados import (
    NOMBRES_ESTADO_TRANSACCION,
    PLANTILLA_ANTEPROYECTO,
    TIPO_SOLICITUD,
    E,
    EstadoTransaccion,
    validar_paso,
)


def fallar_si(mensaje: str, problemas: Sequence[str]) -> None:
    """ErrorDominio con este mensaje si hay problemas."""
    if problemas:
        raise ErrorDominio(mensaje, problemas)


def para_pasar(
    session: Session, expediente: Expediente, usuario: Usuario, nuevo: EstadoTransaccion
) -> Transaccion:
    """La transacción bloqueada, si esta persona puede darle ahora el paso `nuevo`."""
    exigir_tramitable(expediente, usuario, "pasos de la transacción")
    t = transaccion_de(session=session, expediente=expediente, bloquear=True)
    validar_paso(t.estado if t else None, nuevo)
    assert t is not None
    return t


def pasar(
    session: Session, t: Transaccion, nuevo: EstadoTransaccion, motivo: str = "", **campos: Any
) -> Transaccion:
    """Da el paso `nuevo` con estos datos; el motivo queda en la bitácora."""
    with con_motivo(session, motivo):
        t.estado = nuevo
        for campo, valor in campos.items():
            setattr(t, campo, valor)
        session.add(t)
    return t


def incorporar_si_falta(
    session: Session,
    almacen: Almacen,
    carta: Correspondencia,
    tipo: str,
    usuario: Usuario,
    requisitos: Requisitos,
) -> None:
    """La carta entra al expediente como documento `tipo`, salvo que ya esté en él."""
    documentos = documentos_de(session=session, expediente_id=carta.expediente_id or 0)
    if all(d.referencia != carta.numero for d in documentos):
        incorporar_carta(
            session=session, almacen=almacen, carta=carta, tipo=tipo, usuario=usuario,
            requisitos=requisitos,
        )  # fmt: skip


def _exigir_sin_transaccion(session: Session, expediente: Expediente) -> None:
    """Un expediente de transacción que todavía no la tiene (bloqueado: una sola por expediente)."""
    if expediente.tipo != TipoExpediente.TRANSACCION:
        raise ErrorDominio(
            f"El expediente {expediente.numero} es de «{NOMBRES_TIPO_EXPEDIENTE[TipoExpediente(expediente.tipo)]}»: "
            f"las transacciones se tramitan en un expediente de «{NOMBRES_TIPO_EXPEDIENTE[TipoExpediente.TRANSACCION]}»."
        )
    session.exec(
        select(Expediente.id).where(Expediente.id == expediente.id).with_for_update()
    ).one()
    existente = transaccion_de(session=session, expediente=expediente)
    if existente is not None:
        raise ErrorDominio(
            f"El expediente {expediente.numero} ya tiene su transacción (solicitud "
            f"{existente.solicitud_numero}, «{NOMBRES_ESTADO_TRANSACCION[E(existente.estado)]}»): "
            "hay una por expediente."
        )


def registrar_solicitud(
    *,
    session: Session,
    expediente: Expediente,
    carta_numero: str,
    usuario: Usuario,
    almacen: Almacen,
    requisitos: Requisitos,
    hoy: date,
) -> Transaccion:
    """Abre la transacción con la solicitud del patrono, que entra al expediente si no estaba."""
    exigir_tramitable(expediente, usuario, "una solicitud de transacción")
    _exigir_sin_transaccion(session, expediente)
    carta = carta_vinculada(
        session=session, expediente=expediente, numero=carta_numero, que="la solicitud del patrono"
    )
    fallar_si(
        "No se pudo registrar la solicitud.",
        problemas_de_fecha(recibida_el(carta), hoy, None, ""),
    )
    t = Transaccion(
        expediente_id=expediente.id,  # type: ignore[arg-type]
        estado=E.SOLICITADA,
        solicitud_numero=carta.numero,
        solicitud_el=recibida_el(carta),
    )
    session.add(t)
    session.flush()
    incorporar_si_falta(session, almacen, carta, TIPO_SOLICITUD, usuario, requisitos)
    return t


def _problemas_del_anteproyecto(
    documento: DocumentoGenerado, expediente: Expediente, t: Transaccion, hoy: date
) -> list[str]:
    """Por qué el documento no sirve como Anteproyecto de esta transacción."""
    problemas = []
    if documento.expediente_id != expediente.id:
        problemas.append(f"{documento.numero} es de otro expediente, no de {expediente.numero}.")
    if documento.plantilla != PLANTILLA_ANTEPROYECTO:
        problemas.append(f"{documento.numero} es un «{documento.titulo}», no un Anteproyecto.")
    if documento.estado != EstadoDocumento.FINAL:
        estado = NOMBRES_DOCUMENTO[EstadoDocumento(documento.estado)]
        problemas.append(
            f"{documento.numero} está «{estado}»: debe estar final (aprobado por el jefe)."
        )
    citada = str(documento.entradas.get("solicitud") or "").strip().upper()
    if citada != t.solicitud_numero:
        problemas.append(
            f"{documento.numero} cita la solicitud {citada or '(ninguna)'}, no la de esta "
            f"transacción ({t.solicitud_numero})."
        )
    return problemas + problemas_de_fecha(
        documento.fecha, hoy, t.solicitud_el, "la de la solicitud"
    )


def registrar_anteproyecto(
    *,
    session: Session,
    expediente: Expediente,
    documento_numero: str,
    usuario: Usuario,
    hoy: date,
) -> Transaccion:
    """Registra el Anteproyecto de Acuerdo final (su número DRP) que cita la solicitud."""
    t = para_pasar(session, expediente, usuario, E.ANTEPROYECTO)
    documento = documento_por_numero(session=session, numero=documento_numero)
    if documento is None:
        raise NoEncontrado(f"No existe el documento «{documento_numero.strip()}».")
    fallar_si(
        f"{documento.numero} no sirve como Anteproyecto de esta transacción.",
        _problemas_del_anteproyecto(documento, expediente, t, hoy),
    )
    return pasar(session, t, E.ANTEPROYECTO, anteproyecto_numero=documento.numero)


def enviar_al_consejo(
    *, session: Session, expediente: Expediente, fecha: date, usuario: Usuario, hoy: date
) -> Transaccion:
    """Registra el envío al Consejo Directivo; el expediente pasa a «En Consejo Directivo»."""
    t = para_pasar(session, expediente, usuario, E.EN_CONSEJO)
    problemas = problemas_de_fecha(
        fecha, hoy, fecha_del_paso(session, t, E.ANTEPROYECTO), "la del Anteproyecto de Acuerdo"
    )
    fallar_si("No se pudo registrar el envío al Consejo Directivo.", problemas)
    if expediente.etapa != Etapa.EN_CONSEJO:
        CICLO_EXPEDIENTE.validar(expediente.etapa, Etapa.EN_CONSEJO, "")  # antes de escribir nada
    pasar(session, t, E.EN_CONSEJO, enviado_consejo_el=fecha)
    if expediente.etapa != Etapa.EN_CONSEJO:
        cambiar_etapa(
            session=session, expediente=expediente, nueva=Etapa.EN_CONSEJO, hoy=fecha,
            motivo=f"Anteproyecto de Acuerdo {t.anteproyecto_numero} enviado al Consejo "
            f"Directivo el {fecha:%d/%m/%Y}",
        )  # fmt: skip
    return t
