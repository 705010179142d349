"""La revisión diaria de los convenios vigentes: cuotas vencidas, requerimientos e incumplimiento.

Una cuota sin pagar del todo está vencida cuando pasó su vencimiento más la tolerancia en días
hábiles (calendario de El Salvador). Cada cuota vencida levanta una alerta (una vez), y el
convenio tiene un solo `requerimiento_pago` en borrador que enumera todas sus cuotas vencidas: si
vence otra mientras ese borrador sigue sin enviarse a revisión, se regenera con ella; si ya salió,
el siguiente requerimiento las vuelve a enumerar todas. Al llegar a las cuotas vencidas que dice la
cláusula de incumplimiento, el convenio queda incumplido y se propone el traslado a la Unidad
Jurídica.
Revisar dos veces el mismo día no cambia nada la segunda. Los expedientes sellados no se tocan.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from expedientes import (
    Actor,
    BaseDeDatos,
    ErrorDominio,
    Etapa,
    Expediente,
    Usuario,
    dias_habiles_despues,
    moneda,
)
from expedientes import hoy as hoy_local
from plantillas import (
    EstadoDocumento,
    Parametros,
    crear_borrador,
    documento_por_numero,
    editar_borrador,
)
from seguimiento.aplicacion_pagos import sin_sellar
from seguimiento.convenios import mover_expediente
from seguimiento.convenios_estados import (
    EstadoConvenio,
    TipoAlerta,
    alertar,
    cambiar_estado_convenio,
)
from seguimiento.modelos import Alerta, Convenio, CuotaConvenio

PLANTILLA_REQUERIMIENTO = "requerimiento_pago"
_registro = logging.getLogger(__name__)


@dataclass
class ResultadoRevision:
    """Lo que hizo una revisión."""

    hoy: date
    alertas: list[Alerta] = field(default_factory=list)
    # (convenio, números de las cuotas que cubre por primera vez, documento DRP del requerimiento)
    borradores: list[tuple[str, list[int], str]] = field(default_factory=list)
    incumplidos: list[str] = field(default_factory=list)

    def resumen(self) -> str:
        """Unas líneas en español para la consola."""
        lineas = [
            f"Revisión de convenios al {self.hoy:%d/%m/%Y}: {len(self.alertas)} alerta(s), "
            f"{len(self.borradores)} requerimiento(s) en borrador, "
            f"{len(self.incumplidos)} convenio(s) incumplido(s)."
        ]
        lineas += [f"  Alerta {a.clave}: {a.mensaje}" for a in self.alertas]
        lineas += [
            f"  Requerimiento {d} (cuota{'s' if len(n) > 1 else ''} {', '.join(map(str, n))} de {c})"
            for c, n, d in self.borradores
        ]
        return "\n".join(lineas)


def limite_de_pago(vence_el: date, tolerancia_dias: int) -> date:
    """El último día en que la cuota todavía no está vencida: su vencimiento más la tolerancia
    en días hábiles."""
    return dias_habiles_despues(vence_el, tolerancia_dias) if tolerancia_dias > 0 else vence_el


def esta_vencida(cuota: CuotaConvenio, hoy: date, tolerancia_dias: int) -> bool:
    """Sin pagar del todo y pasado su límite de pago."""
    return cuota.pagado < cuota.monto and limite_de_pago(cuota.vence_el, tolerancia_dias) < hoy


def _vigentes(session: Session) -> list[tuple[Convenio, list[CuotaConvenio]]]:
    """Los convenios vigentes de expedientes sin sellar, con sus cuotas, bloqueados."""
    filtros: list[ColumnElement[bool]] = [
        col(Convenio.estado) == EstadoConvenio.VIGENTE,
        sin_sellar(),
    ]
    convenios = session.exec(
        select(Convenio)
        .where(*filtros)
        .order_by(col(Convenio.id))
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    cuotas: dict[int, list[CuotaConvenio]] = defaultdict(list)
    for cuota in session.exec(
        select(CuotaConvenio)
        .join(Convenio, col(Convenio.id) == col(CuotaConvenio.convenio_id))
        .where(*filtros)
        .order_by(col(CuotaConvenio.numero))
        .execution_options(populate_existing=True)
    ).all():
        cuotas[cuota.convenio_id].append(cuota)
    return [(c, cuotas[c.id or 0]) for c in convenios]


def _lineas(convenio: Convenio, vencidas: list[CuotaConvenio]) -> list[str]:
    """Cada cuota vencida como la enumera el requerimiento."""
    return [
        f"Cuota {q.numero} del convenio {convenio.documento_numero}, con vencimiento el "
        f"{q.vence_el:%d/%m/%Y}: {moneda(q.monto)}, pagado {moneda(q.pagado)}, pendiente "
        f"{moneda(q.monto - q.pagado)}."
        for q in vencidas
    ]


def _requerimiento(
    session: Session,
    p: Parametros,
    expediente: Expediente,
    anterior: str | None,
    lineas: list[str],
    hoy: date,
) -> tuple[str | None, str]:
    """El requerimiento de todas las cuotas vencidas: el borrador `anterior` regenerado si aún se
    puede editar, o uno nuevo; su número, o por qué no se pudo (nada queda a medias)."""
    gestor = session.get(Usuario, expediente.gestor_id) if expediente.gestor_id else None
    if gestor is None:
        return None, "el expediente no tiene gestor asignado que lo redacte."
    datos = {"corte": hoy.isoformat(), "cuotas_vencidas": lineas}
    borrador = documento_por_numero(session=session, numero=anterior) if anterior else None
    try:
        with session.begin_nested():  # si falla, el número DRP vuelve a quedar libre
            if borrador is not None and borrador.estado == EstadoDocumento.BORRADOR:
                documento = editar_borrador(
                    session=session, p=p, documento=borrador, expediente=expediente,
                    datos=datos, usuario=gestor, hoy=hoy,
                )  # fmt: skip
            else:
                documento = crear_borrador(
                    session=session, p=p, expediente=expediente,
                    plantilla=PLANTILLA_REQUERIMIENTO, datos=datos, autor=gestor, hoy=hoy,
                )  # fmt: skip
    except ErrorDominio as exc:  # DocumentoInvalido, o un expediente que ya no recibe documentos
        return None, exc.texto_completo()
    return documento.numero, ""


def _mensaje(convenio: Convenio, cuota: CuotaConvenio, numero: str | None, problema: str) -> str:
    base = (
        f"La cuota {cuota.numero} del convenio {convenio.documento_numero} "
        f"({moneda(cuota.monto)}, vencía el {cuota.vence_el:%d/%m/%Y}) está vencida: "
        f"pagado {moneda(cuota.pagado)}."
    )
    if numero:
        return f"{base} Requerimiento de pago en borrador: {numero}."
    return f"{base} No se generó el requerimiento de pago: {problema}"


def _atender_convenio(
    session: Session,
    p: Parametros,
    expediente: Expediente,
    convenio: Convenio,
    vencidas: list[CuotaConvenio],
    resultado: ResultadoRevision,
) -> None:
    """Un requerimiento con todas las cuotas vencidas (si alguna aún no lo tiene) y la alerta de
    cada cuota, una sola vez."""
    nuevas = [q for q in vencidas if q.requerimiento_numero is None]
    numero, problema = None, ""
    if nuevas:
        anterior = max(
            (q.requerimiento_numero for q in vencidas if q.requerimiento_numero), default=None
        )
        numero, problema = _requerimiento(
            session, p, expediente, anterior, _lineas(convenio, vencidas), resultado.hoy
        )
        if numero is not None:
            for q in nuevas:
                q.requerimiento_numero = numero
                session.add(q)
            resultado.borradores.append(
                (convenio.documento_numero, [q.numero for q in nuevas], numero)
            )
    for cuota in vencidas:
        mensaje = _mensaje(convenio, cuota, cuota.requerimiento_numero, problema)
        alerta, nueva = alertar(
            session, convenio=convenio, tipo=TipoAlerta.CUOTA_VENCIDA, mensaje=mensaje,
            hoy=resultado.hoy, cuota=cuota.numero,
        )  # fmt: skip
        if nueva:
            resultado.alertas.append(alerta)
        elif cuota.requerimiento_numero and cuota.requerimiento_numero not in alerta.mensaje:
            alerta.mensaje = mensaje[:1000]  # el requerimiento que antes falló ya se generó
            session.add(alerta)


def _incumplir(session: Session, convenio: Convenio, vencidas: int, resultado: ResultadoRevision) -> None:  # fmt: skip
    cambiar_estado_convenio(session, convenio, EstadoConvenio.INCUMPLIDO, cerrado_el=resultado.hoy)
    resultado.incumplidos.append(convenio.documento_numero)
    alerta, nueva = alertar(
        session, convenio=convenio, tipo=TipoAlerta.PROPONER_TRASLADO, hoy=resultado.hoy,
        mensaje=(
            f"El convenio {convenio.documento_numero} está incumplido: {vencidas} cuota(s) "
            f"vencida(s) sin pagar y su cláusula de incumplimiento se aplica con "
            f"{convenio.cuotas_para_incumplir}. Proponer el traslado a la Unidad Jurídica."
        ),
    )  # fmt: skip
    if nueva:
        resultado.alertas.append(alerta)


def revisar_cuotas(
    *, session: Session, p: Parametros, hoy: date, tolerancia_dias: int
) -> ResultadoRevision:
    """Revisa todos los convenios vigentes al día `hoy`."""
    resultado = ResultadoRevision(hoy)
    for convenio, cuotas in _vigentes(session):
        vencidas = [c for c in cuotas if esta_vencida(c, hoy, tolerancia_dias)]
        if not vencidas:
            continue
        expediente = session.get(Expediente, convenio.expediente_id)
        assert expediente is not None
        _atender_convenio(session, p, expediente, convenio, vencidas, resultado)
        if len(vencidas) >= convenio.cuotas_para_incumplir:
            _incumplir(session, convenio, len(vencidas), resultado)
            if expediente.etapa == Etapa.EN_CONVENIO:
                mover_expediente(session, expediente, Etapa.EN_GESTION, f"Convenio {convenio.documento_numero} incumplido: {len(vencidas)} cuota(s) vencida(s)", hoy)  # fmt: skip
    session.flush()
    return resultado


def revisar_cuotas_periodicamente(
    *, bd: BaseDeDatos, p: Parametros, tolerancia_dias: int, horas: float, parar: threading.Event
) -> None:
    """Revisa al arrancar y cada `horas` hasta que se pida parar (para `recupera serve`)."""
    while not parar.is_set():
        try:
            with bd.sesion(Actor("programada:convenios")) as s:
                resultado = revisar_cuotas(
                    session=s, p=p, hoy=hoy_local(), tolerancia_dias=tolerancia_dias
                )
            if resultado.alertas:
                _registro.warning(resultado.resumen())
        except Exception:  # un fallo de una pasada no detiene las siguientes; queda en el log
            _registro.exception("La revisión programada de los convenios falló")
        parar.wait(horas * 3600)
