"""Lo que comparten los trámites del seguimiento (transacciones, Jurídica): quién puede tramitar
un expediente, cartas vinculadas a él, fechas que no retroceden y textos obligatorios."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from correspondencia import Correspondencia, obtener_carta
from expedientes import (
    ETAPAS_FINALES,
    NOMBRES_ETAPA,
    ZONA_LOCAL,
    AccesoDenegado,
    ErrorDominio,
    Etapa,
    Expediente,
    Permiso,
    Usuario,
    exigir_no_archivado,
    problemas_de_texto,
    puede,
)


def exigir_tramitable(expediente: Expediente, usuario: Usuario, que: str) -> None:
    """Ni sellado, ni cerrado o anulado, y la persona puede tramitarlo."""
    exigir_no_archivado(expediente)
    if expediente.etapa in ETAPAS_FINALES:
        etapa = NOMBRES_ETAPA[Etapa(expediente.etapa)].lower()
        raise ErrorDominio(f"El expediente {expediente.numero} está {etapa}: no admite {que}.")
    if not puede(usuario, Permiso.CAMBIAR_ETAPA, expediente):
        raise AccesoDenegado(f"{usuario.nombre_completo} no puede tramitar {expediente.numero}.")


def recibida_el(carta: Correspondencia) -> date:
    """La fecha de recepción de la carta en El Salvador."""
    return carta.recibido_en.astimezone(ZONA_LOCAL).date()


def carta_vinculada(
    *, session: Session, expediente: Expediente, numero: str, que: str
) -> Correspondencia:
    """La carta registrada `numero`, que debe estar vinculada a este expediente."""
    if not numero.strip():
        raise ErrorDominio(f"Indique el número de {que} (CE-AAAA-NNNNNN).")
    carta = obtener_carta(session=session, numero=numero)
    if carta.expediente_id != expediente.id:
        otro = session.get(Expediente, carta.expediente_id) if carta.expediente_id else None
        donde = f"al expediente {otro.numero}" if otro else "a ningún expediente"
        raise ErrorDominio(
            f"La carta {carta.numero} está vinculada {donde}, no a {expediente.numero}.",
            [f"Vincule {que} a {expediente.numero} antes de registrarla aquí."],
        )
    return carta


def problemas_de_fecha(fecha: date, hoy: date, desde: date | None, que: str) -> list[str]:
    """Una fecha no es futura ni anterior a `desde` (`que` dice de qué es, p. ej. «la del Acuerdo»)."""
    problemas = []
    if fecha > hoy:
        problemas.append(f"La fecha {fecha:%d/%m/%Y} es futura.")
    if desde is not None and fecha < desde:
        problemas.append(f"La fecha {fecha:%d/%m/%Y} es anterior a {que} ({desde:%d/%m/%Y}).")
    return problemas


def texto_obligatorio(valor: str, nombre: str, maximo: int, multilinea: bool = False) -> list[str]:
    """Lo que impide guardar un texto que no puede quedar vacío."""
    problemas = problemas_de_texto(valor, nombre, maximo, multilinea=multilinea)
    if not valor.strip():
        problemas.append(f"Indique {nombre[0].lower()}{nombre[1:]}.")
    return problemas
