"""La transacción ante el Consejo Directivo, paso a paso: de la solicitud del patrono al descargo.

`solicitada` (la carta registrada del patrono) → `anteproyecto` (el Anteproyecto de Acuerdo final
que la cita) → `en_consejo` → `acordada` (el Acuerdo y la carta del Consejo, que entra al
expediente) o `denegada` (el expediente vuelve a gestión, con motivo) → `aplicada` (en la cuenta
patronal) → `descargada`. Cada paso tiene su fecha, que no retrocede ni es futura; quién lo dio
queda en la bitácora. Nada cambia en un expediente sellado.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlmodel import Session, select

from archivo.almacen import Almacen
from archivo.documentos import documentos_de
from archivo.requisitos import Requisitos
from correspondencia.incorporacion import incorporar_carta
from correspondencia.modelos import Correspondencia
from expedientes.auditoria import con_motivo
from expedientes.casos import cambiar_etapa
from expedientes.errores import ErrorDominio, NoEncontrado, TransicionNoPermitida
from expedientes.etapas import (
    NOMBRES_TIPO,
    Etapa,
    Tipo,
    validar_transicion,
)
from expedientes.modelos import Expediente, Usuario
from expedientes.texto import problemas_de_texto
from plantillas.modelos import NOMBRES_ESTADO as NOMBRES_DOCUMENTO
from plantillas.modelos import DocumentoGenerado, EstadoDocumento
from seguimiento.comun import (
    carta_vinculada,
    exigir_tramitable,
    problemas_de_fecha,
    recibida_el,
    texto_obligatorio,
)
from seguimiento.modelos import Transaccion

PLANTILLA_ANTEPROYECTO = "anteproyecto_acuerdo"
TIPO_SOLICITUD = "solicitud_patrono"
TIPO_ACUERDO = "acuerdo_consejo"
TIPO_CONSTANCIA = "constancia_aplicacion"


class EstadoTransaccion(StrEnum):
    """Dónde está la solicitud de exoneración."""

    SOLICITADA = "solicitada"
    ANTEPROYECTO = "anteproyecto"
    EN_CONSEJO = "en_consejo"
    ACORDADA = "acordada"
    APLICADA = "aplicada"
    DESCARGADA = "descargada"
    DENEGADA = "denegada"


E = EstadoTransaccion
NOMBRES_ESTADO = {
    E.SOLICITADA: "Solicitada",
    E.ANTEPROYECTO: "Con Anteproyecto de Acuerdo",
    E.EN_CONSEJO: "En el Consejo Directivo",
    E.ACORDADA: "Acordada por el Consejo Directivo",
    E.APLICADA: "Aplicada en la cuenta patronal",
    E.DESCARGADA: "Descargada",
    E.DENEGADA: "Denegada por el Consejo Directivo",
}
# El paso que lleva a cada estado, como se lista en la situación.
NOMBRES_PASO = {
    E.SOLICITADA: "Solicitud del patrono",
    E.ANTEPROYECTO: "Anteproyecto de Acuerdo",
    E.EN_CONSEJO: "Envío al Consejo Directivo",
    E.ACORDADA: "Acuerdo del Consejo Directivo",
    E.APLICADA: "Aplicación en la cuenta patronal",
    E.DESCARGADA: "Descargo",
    E.DENEGADA: "Denegación del Consejo Directivo",
}
TRANSICIONES: dict[EstadoTransaccion, frozenset[EstadoTransaccion]] = {
    E.SOLICITADA: frozenset({E.ANTEPROYECTO}),
    E.ANTEPROYECTO: frozenset({E.EN_CONSEJO}),
    E.EN_CONSEJO: frozenset({E.ACORDADA, E.DENEGADA}),
    E.ACORDADA: frozenset({E.APLICADA}),
    E.APLICADA: frozenset({E.DESCARGADA}),
    E.DESCARGADA: frozenset(),
    E.DENEGADA: frozenset(),
}
# Lo que hace falta para salir de cada estado (o por qué ya no se sale).
FALTA = {
    None: "Falta registrar la solicitud del patrono: una carta registrada y vinculada a este "
    "expediente.",
    E.SOLICITADA: "Falta registrar el Anteproyecto de Acuerdo final que cite la solicitud.",
    E.ANTEPROYECTO: "Falta registrar el envío al Consejo Directivo.",
    E.EN_CONSEJO: "Falta registrar el Acuerdo del Consejo Directivo (o su denegación).",
    E.ACORDADA: "Falta confirmar la aplicación en la cuenta patronal.",
    E.APLICADA: "Falta registrar el descargo.",
    E.DESCARGADA: "La transacción ya está descargada: no admite más pasos.",
    E.DENEGADA: "El Consejo Directivo denegó la transacción: no admite más pasos.",
}
ORDEN = [E.SOLICITADA, E.ANTEPROYECTO, E.EN_CONSEJO, E.ACORDADA, E.APLICADA, E.DESCARGADA]


def validar_paso(actual: str | None, nuevo: EstadoTransaccion) -> None:
    """TransicionNoPermitida, diciendo qué falta, si la transacción no puede dar ese paso."""
    origen = E(actual) if actual else None
    if origen is None or nuevo not in TRANSICIONES[origen]:
        donde = f"está «{NOMBRES_ESTADO[origen]}»" if origen else "no tiene solicitud registrada"
        raise TransicionNoPermitida(
            f"La transacción {donde}: no puede pasar a «{NOMBRES_ESTADO[nuevo]}». {FALTA[origen]}"
        )


def _fallar(mensaje: str, problemas: Sequence[str]) -> None:
    if problemas:
        raise ErrorDominio(mensaje, problemas)


# --- consultas -----------------------------------------------------------------------------------


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
    return session.exec(
        select(DocumentoGenerado).where(DocumentoGenerado.numero == transaccion.anteproyecto_numero)
    ).first()


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


# --- los pasos -----------------------------------------------------------------------------------


def _para_pasar(
    session: Session, expediente: Expediente, usuario: Usuario, nuevo: EstadoTransaccion
) -> Transaccion:
    """La transacción bloqueada, si esta persona puede darle ahora el paso `nuevo`."""
    exigir_tramitable(expediente, usuario, "pasos de la transacción")
    t = transaccion_de(session=session, expediente=expediente, bloquear=True)
    validar_paso(t.estado if t else None, nuevo)
    assert t is not None
    return t


def _pasar(
    session: Session, t: Transaccion, nuevo: EstadoTransaccion, motivo: str = "", **campos: Any
) -> Transaccion:
    with con_motivo(session, motivo):
        t.estado = nuevo
        for campo, valor in campos.items():
            setattr(t, campo, valor)
        session.add(t)
    return t


def _incorporar_si_falta(
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
    if expediente.tipo != Tipo.TRANSACCION:
        raise ErrorDominio(
            f"El expediente {expediente.numero} es de «{NOMBRES_TIPO[Tipo(expediente.tipo)]}»: "
            f"las transacciones se tramitan en un expediente de «{NOMBRES_TIPO[Tipo.TRANSACCION]}»."
        )
    session.exec(
        select(Expediente.id).where(Expediente.id == expediente.id).with_for_update()
    ).one()
    existente = transaccion_de(session=session, expediente=expediente)
    if existente is not None:
        raise ErrorDominio(
            f"El expediente {expediente.numero} ya tiene su transacción (solicitud "
            f"{existente.solicitud_numero}, «{NOMBRES_ESTADO[E(existente.estado)]}»): "
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
    _fallar(
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
    _incorporar_si_falta(session, almacen, carta, TIPO_SOLICITUD, usuario, requisitos)
    return t


def _problemas_del_anteproyecto(
    documento: DocumentoGenerado, expediente: Expediente, t: Transaccion, hoy: date
) -> list[str]:
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
    t = _para_pasar(session, expediente, usuario, E.ANTEPROYECTO)
    documento = session.exec(
        select(DocumentoGenerado).where(
            DocumentoGenerado.numero == documento_numero.strip().upper()
        )
    ).first()
    if documento is None:
        raise NoEncontrado(f"No existe el documento «{documento_numero.strip()}».")
    _fallar(
        f"{documento.numero} no sirve como Anteproyecto de esta transacción.",
        _problemas_del_anteproyecto(documento, expediente, t, hoy),
    )
    return _pasar(session, t, E.ANTEPROYECTO, anteproyecto_numero=documento.numero)


def enviar_al_consejo(
    *, session: Session, expediente: Expediente, fecha: date, usuario: Usuario, hoy: date
) -> Transaccion:
    """Registra el envío al Consejo Directivo; el expediente pasa a «En Consejo Directivo»."""
    t = _para_pasar(session, expediente, usuario, E.EN_CONSEJO)
    problemas = problemas_de_fecha(
        fecha, hoy, fecha_del_paso(session, t, E.ANTEPROYECTO), "la del Anteproyecto de Acuerdo"
    )
    _fallar("No se pudo registrar el envío al Consejo Directivo.", problemas)
    if expediente.etapa != Etapa.EN_CONSEJO:
        validar_transicion(expediente.etapa, Etapa.EN_CONSEJO, "")  # antes de escribir nada
    _pasar(session, t, E.EN_CONSEJO, enviado_consejo_el=fecha)
    if expediente.etapa != Etapa.EN_CONSEJO:
        cambiar_etapa(
            session=session, expediente=expediente, nueva=Etapa.EN_CONSEJO, hoy=fecha,
            motivo=f"Anteproyecto de Acuerdo {t.anteproyecto_numero} enviado al Consejo "
            f"Directivo el {fecha:%d/%m/%Y}",
        )  # fmt: skip
    return t


@dataclass(frozen=True)
class Acuerdo:
    """Lo que se registra de un Acuerdo del Consejo Directivo."""

    numero: str
    fecha: date
    sesion: str
    acta: str
    otorga: str
    carta_numero: str  # la carta del Consejo, registrada y vinculada al expediente


def _problemas_del_acuerdo(acuerdo: Acuerdo, t: Transaccion, hoy: date) -> list[str]:
    return [
        *texto_obligatorio(acuerdo.numero, "El número del Acuerdo", 40),
        *texto_obligatorio(acuerdo.sesion, "La sesión", 100),
        *texto_obligatorio(acuerdo.acta, "El acta", 40),
        *texto_obligatorio(acuerdo.otorga, "Lo que otorga el Acuerdo", 10000, multilinea=True),
        *problemas_de_fecha(acuerdo.fecha, hoy, t.enviado_consejo_el, "la del envío al Consejo"),
    ]


def _carta_del_consejo(
    session: Session, expediente: Expediente, t: Transaccion, numero: str, fecha: date
) -> Correspondencia:
    carta = carta_vinculada(
        session=session, expediente=expediente, numero=numero, que="la carta del Consejo"
    )
    if carta.numero == t.solicitud_numero:
        raise ErrorDominio(f"{carta.numero} es la solicitud del patrono, no la carta del Consejo.")
    if recibida_el(carta) < fecha:
        raise ErrorDominio(
            f"La carta {carta.numero} se recibió el {recibida_el(carta):%d/%m/%Y}, antes del "
            f"Acuerdo ({fecha:%d/%m/%Y}): no puede ser la que lo comunica."
        )
    return carta


def registrar_acuerdo(
    *,
    session: Session,
    expediente: Expediente,
    acuerdo: Acuerdo,
    usuario: Usuario,
    almacen: Almacen,
    requisitos: Requisitos,
    hoy: date,
) -> Transaccion:
    """Registra el Acuerdo que concede la exoneración; su carta entra al expediente."""
    t = _para_pasar(session, expediente, usuario, E.ACORDADA)
    _fallar(
        "No se pudo registrar el Acuerdo del Consejo Directivo.",
        _problemas_del_acuerdo(acuerdo, t, hoy),
    )
    carta = _carta_del_consejo(session, expediente, t, acuerdo.carta_numero, acuerdo.fecha)
    _pasar(
        session, t, E.ACORDADA, acuerdo_numero=acuerdo.numero.strip(),
        acuerdo_fecha=acuerdo.fecha, acuerdo_sesion=acuerdo.sesion.strip(),
        acuerdo_acta=acuerdo.acta.strip(), acuerdo_otorga=acuerdo.otorga.strip(),
        acuerdo_carta_numero=carta.numero,
    )  # fmt: skip
    _incorporar_si_falta(session, almacen, carta, TIPO_ACUERDO, usuario, requisitos)
    return t


def denegar(
    *,
    session: Session,
    expediente: Expediente,
    fecha: date,
    motivo: str,
    usuario: Usuario,
    hoy: date,
    acuerdo_numero: str = "",
) -> Transaccion:
    """El Consejo deniega: la transacción termina y el expediente vuelve a gestión, con motivo."""
    t = _para_pasar(session, expediente, usuario, E.DENEGADA)
    problemas = texto_obligatorio(motivo, "El motivo de la denegación", 1000, multilinea=True)
    problemas += problemas_de_texto(acuerdo_numero, "El número del Acuerdo", 40)
    problemas += problemas_de_fecha(fecha, hoy, t.enviado_consejo_el, "la del envío al Consejo")
    _fallar("No se pudo registrar la denegación.", problemas)
    texto = f"Denegada por el Consejo Directivo el {fecha:%d/%m/%Y}"
    texto += f" (Acuerdo {acuerdo_numero.strip()})" if acuerdo_numero.strip() else ""
    texto = f"{texto}: {motivo.strip()}"[:1000]
    if expediente.etapa != Etapa.EN_GESTION:
        validar_transicion(expediente.etapa, Etapa.EN_GESTION, texto)  # antes de escribir nada
    _pasar(
        session, t, E.DENEGADA, motivo=texto, acuerdo_fecha=fecha,
        acuerdo_numero=acuerdo_numero.strip() or None,
    )  # fmt: skip
    if expediente.etapa != Etapa.EN_GESTION:
        cambiar_etapa(
            session=session, expediente=expediente, nueva=Etapa.EN_GESTION, hoy=fecha, motivo=texto
        )
    return t


def confirmar_aplicacion(
    *,
    session: Session,
    expediente: Expediente,
    fecha: date,
    aplicado_por: str,
    referencia: str,
    usuario: Usuario,
    hoy: date,
) -> Transaccion:
    """Confirma que la exoneración se aplicó en la cuenta patronal: cuándo, quién, referencia."""
    t = _para_pasar(session, expediente, usuario, E.APLICADA)
    problemas = texto_obligatorio(aplicado_por, "Quién la aplicó", 200)
    problemas += texto_obligatorio(referencia, "La referencia de la aplicación", 100)
    problemas += problemas_de_fecha(fecha, hoy, t.acuerdo_fecha, "la del Acuerdo")
    _fallar("No se pudo confirmar la aplicación en la cuenta patronal.", problemas)
    return _pasar(
        session, t, E.APLICADA, aplicado_el=fecha, aplicado_por=aplicado_por.strip(),
        aplicacion_referencia=referencia.strip(),
    )  # fmt: skip


def tiene_constancia(session: Session, expediente: Expediente) -> bool:
    """¿Está en el expediente la constancia de aplicación en la cuenta patronal?"""
    documentos = documentos_de(session=session, expediente_id=expediente.id or 0)
    return any(d.tipo == TIPO_CONSTANCIA for d in documentos)


def registrar_descargo(
    *, session: Session, expediente: Expediente, fecha: date, usuario: Usuario, hoy: date
) -> Transaccion:
    """El descargo: con la constancia de aplicación en el expediente, la transacción termina."""
    t = _para_pasar(session, expediente, usuario, E.DESCARGADA)
    problemas = problemas_de_fecha(
        fecha, hoy, t.aplicado_el, "la de la aplicación en cuenta patronal"
    )
    if not tiene_constancia(session, expediente):
        problemas.append(
            "Falta incorporar al expediente la constancia de aplicación en cuenta patronal."
        )
    _fallar("No se pudo registrar el descargo.", problemas)
    return _pasar(session, t, E.DESCARGADA, descargo_el=fecha)
