"""Expedientes: apertura con número correlativo, etapas, asignación y gestiones de cobro."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlmodel import Session, select

from expedientes import numeracion
from expedientes.auditoria import con_motivo
from expedientes.errores import ErrorDominio, NoEncontrado
from expedientes.etapas import (
    CICLO_EXPEDIENTE,
    ETAPAS_FINALES,
    NOMBRES_ETAPA,
    Etapa,
    TipoExpediente,
)
from expedientes.modelos import Expediente, Gestion, Usuario
from expedientes.patronos import obtener_patrono
from expedientes.politica import puede_tener_expedientes
from expedientes.texto import problemas_de_texto

SERIE = "EXP"
DIGITOS = 5


class TipoGestion(StrEnum):
    """Las acciones de cobro que se registran."""

    LLAMADA = "llamada"
    VISITA = "visita"
    AVISO = "aviso_enviado"
    REUNION = "reunion"
    CORREO = "correo"
    OTRA = "otra"


NOMBRES_GESTION = {
    TipoGestion.LLAMADA: "Llamada telefónica",
    TipoGestion.VISITA: "Visita",
    TipoGestion.AVISO: "Aviso de cobro enviado",
    TipoGestion.REUNION: "Reunión",
    TipoGestion.CORREO: "Correo electrónico",
    TipoGestion.OTRA: "Otra",
}


def abrir_expediente(
    *,
    session: Session,
    numero_patronal: str,
    tipo: str,
    hoy: date,
    asunto: str = "",
    gestor: Usuario | None = None,
) -> Expediente:
    """Abre un expediente con el siguiente número `EXP-AAAA-NNNNN` del año, en esta transacción."""
    try:
        tipo_valido = TipoExpediente(tipo)
    except ValueError:
        raise ErrorDominio(
            f"El tipo «{tipo}» no existe; use uno de: {', '.join(TipoExpediente)}."
        ) from None
    problemas = problemas_de_texto(asunto, "El asunto", 300)
    if problemas:
        raise ErrorDominio("No se pudo abrir el expediente.", problemas)
    patrono = obtener_patrono(session=session, numero_patronal=numero_patronal)
    _validar_gestor(gestor)
    numero = numeracion.siguiente_numero(session=session, serie=SERIE, anio=hoy.year)
    expediente = Expediente(
        numero=numeracion.formatear_numero(SERIE, hoy.year, numero, DIGITOS),
        patrono_id=patrono.id,  # type: ignore[arg-type]
        tipo=tipo_valido,
        etapa=Etapa.ABIERTO,
        asunto=asunto.strip(),
        gestor_id=gestor.id if gestor else None,
        sucursal=patrono.sucursal,
        abierto_el=hoy,
    )
    session.add(expediente)
    session.flush()
    return expediente


def _validar_gestor(gestor: Usuario | None) -> None:
    """ErrorDominio si la persona no puede tener expedientes asignados."""
    if gestor is not None and not puede_tener_expedientes(gestor):
        raise ErrorDominio(
            f"«{gestor.nombre_completo}» no puede tener expedientes asignados: "
            "debe ser un gestor o jefe activo."
        )


def obtener_expediente(*, session: Session, numero: str) -> Expediente:
    """El expediente por su número; NoEncontrado si no existe."""
    expediente = session.exec(
        select(Expediente).where(Expediente.numero == numero.strip().upper())
    ).first()
    if expediente is None:
        raise NoEncontrado(f"No existe el expediente «{numero}».")
    return expediente


def exigir_no_archivado(expediente: Expediente) -> None:
    """Un expediente sellado y archivado ya no cambia (solo admite correcciones del archivo)."""
    if expediente.sellado_en is not None:
        raise ErrorDominio(
            f"El expediente {expediente.numero} está sellado y archivado: no admite cambios."
        )


def cambiar_etapa(
    *, session: Session, expediente: Expediente, nueva: str, hoy: date, motivo: str = ""
) -> Expediente:
    """Pasa el expediente a otra etapa si la máquina de estados lo permite."""
    exigir_no_archivado(expediente)
    destino = CICLO_EXPEDIENTE.validar(expediente.etapa, nueva, motivo)
    with con_motivo(session, motivo.strip()):
        expediente.etapa = destino
        expediente.cerrado_el = hoy if destino in ETAPAS_FINALES else None
        session.add(expediente)
    return expediente


def asignar_gestor(
    *, session: Session, expediente: Expediente, gestor: Usuario | None, motivo: str = ""
) -> Expediente:
    """Asigna (o libera, con None) el gestor responsable del expediente."""
    exigir_no_archivado(expediente)
    if expediente.etapa in ETAPAS_FINALES:
        raise ErrorDominio(
            f"El expediente {expediente.numero} está {NOMBRES_ETAPA[Etapa(expediente.etapa)].lower()}: "
            "no se puede reasignar."
        )
    _validar_gestor(gestor)
    with con_motivo(session, motivo.strip()):
        expediente.gestor_id = gestor.id if gestor else None
        session.add(expediente)
    return expediente


def registrar_gestion(
    *,
    session: Session,
    expediente: Expediente,
    tipo: str,
    fecha: date,
    nota: str,
    autor: Usuario | None,
    hoy: date,
) -> Gestion:
    """Anota una gestión de cobro; no en el futuro ni en expedientes cerrados o anulados."""
    problemas = []
    if tipo not in set(TipoGestion):
        problemas.append(f"El tipo de gestión «{tipo}» no existe.")
    if fecha > hoy:
        problemas.append("La fecha de la gestión no puede ser futura.")
    if fecha < expediente.abierto_el:
        problemas.append("La fecha de la gestión es anterior a la apertura del expediente.")
    if not nota.strip():
        problemas.append("Describa la gestión en la nota.")
    problemas += problemas_de_texto(nota, "La nota", 4000, multilinea=True)
    if expediente.etapa in ETAPAS_FINALES:
        problemas.append(f"El expediente {expediente.numero} ya no admite gestiones.")
    if problemas:
        raise ErrorDominio("No se pudo registrar la gestión.", problemas)
    gestion = Gestion(
        expediente_id=expediente.id,  # type: ignore[arg-type]
        tipo=tipo,
        fecha=fecha,
        nota=nota.strip(),
        autor_id=autor.id if autor else None,
    )
    session.add(gestion)
    if expediente.etapa == Etapa.ABIERTO:
        expediente.etapa = CICLO_EXPEDIENTE.validar(expediente.etapa, Etapa.EN_GESTION, "")
        session.add(expediente)
    session.flush()
    return gestion
