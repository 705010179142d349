"""La decisión del Consejo Directivo sobre la transacción y lo que sigue: el Acuerdo (o la
denegación), la aplicación en la cuenta patronal y el descargo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from archivo import Almacen, Requisitos
from correspondencia import Correspondencia
from expedientes import (
    CICLO_EXPEDIENTE,
    DeudaPeriodo,
    ErrorDominio,
    Etapa,
    Expediente,
    Usuario,
    cambiar_etapa,
    con_motivo,
    problemas_de_texto,
)
from seguimiento.modelos import Transaccion
from seguimiento.tramites import carta_vinculada, problemas_de_fecha, recibida_el, texto_obligatorio
from seguimiento.transacciones import fallar_si, incorporar_si_falta, para_pasar, pasar
from seguimiento.transacciones_consultas import tiene_constancia
from seguimiento.transacciones_estados import TIPO_ACUERDO, E


@dataclass(frozen=True)
class AcuerdoConsejo:
    """Lo que se registra de un Acuerdo del Consejo Directivo."""

    numero: str
    fecha: date
    sesion: str
    acta: str
    otorga: str
    carta_numero: str  # la carta del Consejo, registrada y vinculada al expediente


def _problemas_del_acuerdo(acuerdo: AcuerdoConsejo, t: Transaccion, hoy: date) -> list[str]:
    """Lo que falta o sobra en los datos del Acuerdo y su fecha."""
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
    """La carta que comunica el Acuerdo: vinculada, no la solicitud, ni recibida antes que él."""
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
    acuerdo: AcuerdoConsejo,
    usuario: Usuario,
    almacen: Almacen,
    requisitos: Requisitos,
    hoy: date,
) -> Transaccion:
    """Registra el Acuerdo que concede la exoneración; su carta entra al expediente."""
    t = para_pasar(session, expediente, usuario, E.ACORDADA)
    fallar_si(
        "No se pudo registrar el Acuerdo del Consejo Directivo.",
        _problemas_del_acuerdo(acuerdo, t, hoy),
    )
    carta = _carta_del_consejo(session, expediente, t, acuerdo.carta_numero, acuerdo.fecha)
    pasar(
        session, t, E.ACORDADA, acuerdo_numero=acuerdo.numero.strip(),
        acuerdo_fecha=acuerdo.fecha, acuerdo_sesion=acuerdo.sesion.strip(),
        acuerdo_acta=acuerdo.acta.strip(), acuerdo_otorga=acuerdo.otorga.strip(),
        acuerdo_carta_numero=carta.numero,
    )  # fmt: skip
    incorporar_si_falta(session, almacen, carta, TIPO_ACUERDO, usuario, requisitos)
    return t


def denegar_transaccion(
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
    t = para_pasar(session, expediente, usuario, E.DENEGADA)
    problemas = texto_obligatorio(motivo, "El motivo de la denegación", 1000, multilinea=True)
    problemas += problemas_de_texto(acuerdo_numero, "El número del Acuerdo", 40)
    problemas += problemas_de_fecha(fecha, hoy, t.enviado_consejo_el, "la del envío al Consejo")
    fallar_si("No se pudo registrar la denegación.", problemas)
    texto = f"Denegada por el Consejo Directivo el {fecha:%d/%m/%Y}"
    texto += f" (Acuerdo {acuerdo_numero.strip()})" if acuerdo_numero.strip() else ""
    texto = f"{texto}: {motivo.strip()}"[:1000]
    if expediente.etapa != Etapa.EN_GESTION:
        CICLO_EXPEDIENTE.validar(
            expediente.etapa, Etapa.EN_GESTION, texto
        )  # antes de escribir nada
    pasar(
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
    t = para_pasar(session, expediente, usuario, E.APLICADA)
    problemas = texto_obligatorio(aplicado_por, "Quién la aplicó", 200)
    problemas += texto_obligatorio(referencia, "La referencia de la aplicación", 100)
    problemas += problemas_de_fecha(fecha, hoy, t.acuerdo_fecha, "la del Acuerdo")
    fallar_si("No se pudo confirmar la aplicación en la cuenta patronal.", problemas)
    return pasar(
        session, t, E.APLICADA, aplicado_el=fecha, aplicado_por=aplicado_por.strip(),
        aplicacion_referencia=referencia.strip(),
    )  # fmt: skip


def registrar_descargo(
    *, session: Session, expediente: Expediente, fecha: date, usuario: Usuario, hoy: date
) -> Transaccion:
    """El descargo: con la constancia de aplicación en el expediente, la transacción termina."""
    t = para_pasar(session, expediente, usuario, E.DESCARGADA)
    problemas = problemas_de_fecha(
        fecha, hoy, t.aplicado_el, "la de la aplicación en cuenta patronal"
    )
    if not tiene_constancia(session, expediente):
        problemas.append(
            "Falta incorporar al expediente la constancia de aplicación en cuenta patronal."
        )
    fallar_si("No se pudo registrar el descargo.", problemas)
    motivo = f"Descargo de la transacción {t.solicitud_numero}: multas y recargos exonerados"
    if t.acuerdo_numero:
        motivo += f" por el Acuerdo {t.acuerdo_numero}"
    if expediente.etapa == Etapa.EN_CONSEJO:
        CICLO_EXPEDIENTE.validar(expediente.etapa, Etapa.EN_GESTION, motivo)  # antes de escribir
    exonerar_periodos(session, expediente, t, fecha, motivo)
    t = pasar(session, t, E.DESCARGADA, descargo_el=fecha)
    if expediente.etapa == Etapa.EN_CONSEJO:
        # Exonerado lo accesorio, queda cobrar las cotizaciones (o cerrar si ya se pagaron).
        cambiar_etapa(session=session, expediente=expediente, nueva=Etapa.EN_GESTION, hoy=fecha,
                      motivo=motivo)  # fmt: skip
    return t


def exonerar_periodos(
    session: Session, expediente: Expediente, t: Transaccion, fecha: date, motivo: str
) -> list[DeudaPeriodo]:
    """Los períodos sin pagar del patrono que vencieron antes del Acuerdo quedan con su multa y
    su recargo exonerados desde `fecha` (cada uno en la bitácora con el motivo)."""
    hasta = t.acuerdo_fecha or fecha
    periodos = list(
        session.exec(
            select(DeudaPeriodo).where(
                DeudaPeriodo.patrono_id == expediente.patrono_id,
                col(DeudaPeriodo.pagado).is_(False),
                col(DeudaPeriodo.exonerado_el).is_(None),
                col(DeudaPeriodo.fecha_limite_pago) < hasta,
            )
        ).all()
    )
    with con_motivo(session, motivo):
        for periodo in periodos:
            periodo.exonerado_el = fecha
            session.add(periodo)
    return periodos
