"""Dónde está la transacción de un expediente: cada paso con su fecha y quién lo dio, lo que
falta para el siguiente y lo que falta para poder archivar el expediente."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from archivo import Requisitos, faltantes_para_sellar
from expedientes import (
    CICLO_EXPEDIENTE,
    ETAPAS_FINALES,
    NOMBRES_TIPO_EXPEDIENTE,
    Auditoria,
    Etapa,
    Expediente,
    TipoExpediente,
    TransicionNoPermitida,
    Usuario,
)
from plantillas import NOMBRES_ESTADO_DOCUMENTO as NOMBRES_DOCUMENTO
from plantillas import EstadoDocumento, documentos_de_plantilla
from seguimiento.archivar import BLOQUEOS_DE_SELLADO
from seguimiento.modelos import Transaccion
from seguimiento.transacciones_consultas import fecha_del_paso, tiene_constancia, transaccion_de
from seguimiento.transacciones_estados import (
    CICLO_TRANSACCION,
    FALTA,
    NOMBRES_PASO_TRANSACCION,
    ORDEN,
    PLANTILLA_ANTEPROYECTO,
    E,
    EstadoTransaccion,
)


@dataclass(frozen=True)
class Paso:
    """Un paso de la transacción: hecho (con su fecha, quién lo registró y qué) o pendiente."""

    estado: EstadoTransaccion
    nombre: str
    hecho: bool
    fecha: date | None = None
    quien: str = ""
    detalle: str = ""


@dataclass(frozen=True)
class SituacionTransaccion:
    """Dónde está la transacción del expediente y qué falta para el paso siguiente."""

    transaccion: Transaccion | None
    estado: EstadoTransaccion | None
    pasos: list[Paso]
    faltan: list[str]  # para el paso siguiente
    siguientes: list[EstadoTransaccion]  # los pasos que se pueden dar ahora
    faltan_para_archivar: list[str]  # lo que el archivo exige para cerrar y sellar


def _registros(session: Session, t: Transaccion) -> dict[str, tuple[str, str]]:
    """Por estado: quién lo registró y con qué motivo (de la bitácora)."""
    filas = session.exec(
        select(Auditoria, Usuario.nombre_completo)
        .outerjoin(Usuario, col(Usuario.id) == Auditoria.usuario_id)
        .where(Auditoria.entidad == Transaccion.__entidad__, Auditoria.entidad_id == str(t.id))
        .order_by(col(Auditoria.id))
    ).all()
    return {
        a.despues["estado"]: (nombre or a.actor, a.motivo)
        for a, nombre in filas
        if a.despues and "estado" in a.despues
    }


def _detalle(t: Transaccion, estado: EstadoTransaccion, motivo: str) -> str:
    """Qué se registró en el paso `estado` (la carta, el documento, el Acuerdo, el motivo…)."""
    acuerdo = f"Acuerdo {t.acuerdo_numero}, {t.acuerdo_sesion}, {t.acuerdo_acta}"
    return {
        E.SOLICITADA: f"Carta {t.solicitud_numero}",
        E.ANTEPROYECTO: f"Documento {t.anteproyecto_numero}",
        E.EN_CONSEJO: "",
        E.ACORDADA: f"{acuerdo} (carta {t.acuerdo_carta_numero}): {t.acuerdo_otorga}",
        E.APLICADA: f"Aplicada por {t.aplicado_por}, referencia {t.aplicacion_referencia}",
        E.DESCARGADA: "",
        E.DENEGADA: motivo,
    }[estado]


def _pasos(session: Session, t: Transaccion | None) -> list[Paso]:
    """Los pasos en orden: los dados, con su fecha y quién los registró; luego los pendientes."""
    if t is None:
        return [Paso(e, NOMBRES_PASO_TRANSACCION[e], False) for e in ORDEN]
    denegada = t.estado == E.DENEGADA
    orden = [*ORDEN[:3], E.DENEGADA] if denegada else ORDEN
    hasta = orden.index(E(t.estado))
    registros = _registros(session, t)
    pasos = []
    for i, estado in enumerate(orden):
        if i > hasta:
            pasos.append(Paso(estado, NOMBRES_PASO_TRANSACCION[estado], False))
            continue
        quien, motivo = registros.get(estado, ("", ""))
        fecha = fecha_del_paso(session, t, estado)
        detalle = _detalle(t, estado, motivo)
        pasos.append(Paso(estado, NOMBRES_PASO_TRANSACCION[estado], True, fecha, quien, detalle))
    return pasos


def _faltan_anteproyecto(session: Session, expediente: Expediente, t: Transaccion) -> list[str]:
    """El anteproyecto que cita la solicitud: si ya está final, o en qué estado va."""
    documentos = documentos_de_plantilla(
        session=session, expediente_id=expediente.id or 0, plantilla=PLANTILLA_ANTEPROYECTO
    )
    cita = [
        d for d in documentos if str(d.entradas.get("solicitud", "")).upper() == t.solicitud_numero
    ]
    if not cita:
        return [f"Falta el Anteproyecto de Acuerdo que cite la solicitud {t.solicitud_numero}."]
    d = cita[0]
    if d.estado == EstadoDocumento.FINAL:
        return [f"Falta registrar el Anteproyecto de Acuerdo {d.numero} (ya está final)."]
    estado = NOMBRES_DOCUMENTO[EstadoDocumento(d.estado)]
    return [f"Falta que el Anteproyecto de Acuerdo {d.numero} quede final (está «{estado}»)."]


def _faltan(session: Session, expediente: Expediente, t: Transaccion | None) -> list[str]:
    """Lo que falta para dar el paso siguiente (nada si la transacción ya terminó)."""
    if t is None and expediente.tipo != TipoExpediente.TRANSACCION:
        return [
            f"Las transacciones se tramitan en un expediente de «{NOMBRES_TIPO_EXPEDIENTE[TipoExpediente.TRANSACCION]}»."
        ]
    estado = E(t.estado) if t else None
    if t is not None and estado == E.SOLICITADA:
        return _faltan_anteproyecto(session, expediente, t)
    faltan = [] if estado in (E.DESCARGADA, E.DENEGADA) else [FALTA[estado]]
    if estado == E.ANTEPROYECTO and expediente.etapa != Etapa.EN_CONSEJO:
        try:
            CICLO_EXPEDIENTE.validar(expediente.etapa, Etapa.EN_CONSEJO, "")
        except TransicionNoPermitida as exc:
            faltan.append(exc.mensaje)
    if estado == E.APLICADA and not tiene_constancia(session, expediente):
        faltan.insert(
            0, "Falta incorporar al expediente la constancia de aplicación en cuenta patronal."
        )
    return faltan


def situacion_de_transaccion(
    *, session: Session, expediente: Expediente, requisitos: Requisitos
) -> SituacionTransaccion:
    """Dónde está la transacción, cada paso con su fecha y quién, y qué falta para seguir."""
    t = transaccion_de(session=session, expediente=expediente)
    estado = E(t.estado) if t else None
    archivar: list[str] = []
    if expediente.sellado_en is None:
        archivar = faltantes_para_sellar(
            session=session,
            expediente=expediente,
            requisitos=requisitos,
            bloqueos=BLOQUEOS_DE_SELLADO,
        )
    siguientes = CICLO_TRANSACCION.siguientes(estado)
    if (
        expediente.sellado_en is not None
        or expediente.etapa in ETAPAS_FINALES
        or expediente.tipo != TipoExpediente.TRANSACCION
    ):
        siguientes = []  # nada se puede registrar (ver `exigir_tramitable`)
    return SituacionTransaccion(
        transaccion=t,
        estado=estado,
        pasos=_pasos(session, t),
        faltan=_faltan(session, expediente, t),
        siguientes=siguientes,
        faltan_para_archivar=archivar,
    )
