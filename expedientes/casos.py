"""Expedientes: apertura con número correlativo, etapas, asignación, gestiones y línea de tiempo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from expedientes import numeracion
from expedientes.auditoria import con_motivo
from expedientes.errores import ErrorDominio, NoEncontrado
from expedientes.etapas import ETAPAS_FINALES, NOMBRES_ETAPA, Etapa, Tipo, validar_transicion
from expedientes.modelos import Auditoria, Expediente, Gestion, Patrono, Usuario
from expedientes.patronos import obtener_patrono
from expedientes.politica import puede_tener_expedientes
from expedientes.texto import normalizar_busqueda, problemas_de_texto

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
        tipo_valido = Tipo(tipo)
    except ValueError:
        raise ErrorDominio(f"El tipo «{tipo}» no existe; use uno de: {', '.join(Tipo)}.") from None
    problemas = problemas_de_texto(asunto, "El asunto", 300)
    if problemas:
        raise ErrorDominio("No se pudo abrir el expediente.", problemas)
    patrono = obtener_patrono(session=session, numero_patronal=numero_patronal)
    _validar_gestor(gestor)
    numero = numeracion.siguiente(session=session, serie=SERIE, anio=hoy.year)
    expediente = Expediente(
        numero=numeracion.formatear(SERIE, hoy.year, numero, DIGITOS),
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
    destino = validar_transicion(expediente.etapa, nueva, motivo)
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
        expediente.etapa = validar_transicion(expediente.etapa, Etapa.EN_GESTION, "")
        session.add(expediente)
    session.flush()
    return gestion


@dataclass(frozen=True)
class Filtros:
    """Filtros del listado de expedientes."""

    etapa: str | None = None
    tipo: str | None = None
    sucursal: str | None = None
    gestor_id: int | None = None
    sin_gestor: bool = False
    patrono_id: int | None = None
    texto: str = ""
    # Los de ninguna sucursal (vacía o sin dato) y los que no están cerrados ni anulados.
    sin_sucursal: bool = False
    activos: bool = False


def listar_expedientes(
    *, session: Session, filtros: Filtros = Filtros(), limite: int = 500
) -> list[tuple[Expediente, Patrono]]:
    """Expedientes con su patrono, los más recientes primero."""
    consulta = (
        _filtrar(select(Expediente, Patrono), filtros)
        .order_by(col(Expediente.abierto_el).desc(), col(Expediente.numero).desc())
        .limit(limite)
    )
    return [(e, p) for e, p in session.exec(consulta).all()]


def contar_expedientes(*, session: Session, filtros: Filtros = Filtros()) -> int:
    """Cuántos expedientes cumplen los filtros (todos, no solo los que muestra la lista)."""
    return int(session.exec(_filtrar(select(func.count()), filtros)).one())


def _filtrar(consulta: Any, f: Filtros) -> Any:
    """La consulta (sobre expediente y su patrono) con las condiciones de los filtros."""
    texto = f.texto.strip()
    sin_sucursal = col(Expediente.sucursal).is_(None) | (col(Expediente.sucursal) == "")
    condiciones = [
        (f.etapa, col(Expediente.etapa) == f.etapa),
        (f.tipo, col(Expediente.tipo) == f.tipo),
        (f.sucursal, col(Expediente.sucursal) == f.sucursal),
        (f.sin_sucursal, sin_sucursal),
        (f.activos, col(Expediente.etapa).not_in(list(ETAPAS_FINALES))),
        (f.gestor_id is not None, col(Expediente.gestor_id) == f.gestor_id),
        (f.sin_gestor, col(Expediente.gestor_id).is_(None)),
        (f.patrono_id is not None, col(Expediente.patrono_id) == f.patrono_id),
        (
            texto,
            col(Expediente.numero).contains(texto.upper(), autoescape=True)
            | col(Patrono.numero_patronal).startswith(texto, autoescape=True)
            | col(Patrono.busqueda).contains(normalizar_busqueda(texto), autoescape=True),
        ),
    ]
    return (
        consulta.select_from(Expediente)
        .join(Patrono, col(Patrono.id) == Expediente.patrono_id)
        .where(*(condicion for pedido, condicion in condiciones if pedido))
    )


def conteo_por_etapa(*, session: Session, gestor_id: int | None = None) -> dict[str, int]:
    """Cuántos expedientes hay en cada etapa (de un gestor, si se indica)."""
    consulta = select(Expediente.etapa, func.count()).group_by(Expediente.etapa)
    if gestor_id is not None:
        consulta = consulta.where(Expediente.gestor_id == gestor_id)
    conteo = {e.value: 0 for e in Etapa}
    conteo.update({etapa: int(n) for etapa, n in session.exec(consulta).all()})
    return conteo


@dataclass(frozen=True)
class Evento:
    """Un renglón de la línea de tiempo del expediente."""

    cuando: datetime | date
    tipo: str
    titulo: str
    detalle: str
    actor: str


def linea_de_tiempo(*, session: Session, expediente: Expediente) -> list[Evento]:
    """Todo lo ocurrido en el expediente (bitácora y gestiones), lo más reciente primero."""
    eventos: list[Evento] = []
    usuarios = {u.id: u.nombre_completo for u in session.exec(select(Usuario)).all()}
    for g in session.exec(select(Gestion).where(Gestion.expediente_id == expediente.id)).all():
        eventos.append(
            Evento(
                cuando=g.creado_en,
                tipo="gestion",
                titulo=f"{NOMBRES_GESTION.get(TipoGestion(g.tipo), g.tipo)} del {g.fecha:%d/%m/%Y}",
                detalle=g.nota,
                actor=usuarios.get(g.autor_id, "—"),
            )
        )
    bitacora = session.exec(
        select(Auditoria).where(
            Auditoria.entidad == "expediente", Auditoria.entidad_id == str(expediente.id)
        )
    ).all()
    for a in bitacora:
        eventos.append(_evento_de_auditoria(a, usuarios))
    return sorted(eventos, key=lambda e: (_como_instante(e.cuando), e.tipo), reverse=True)


def _evento_de_auditoria(a: Auditoria, usuarios: dict[int | None, str]) -> Evento:
    despues = a.despues or {}
    antes = a.antes or {}
    if a.accion == "crear":
        return Evento(a.cuando, "apertura", "Expediente abierto", a.motivo, a.actor)
    partes = []
    if "etapa" in despues:
        partes.append(
            f"Etapa: {NOMBRES_ETAPA.get(Etapa(antes['etapa']), antes['etapa'])} → "
            f"{NOMBRES_ETAPA.get(Etapa(despues['etapa']), despues['etapa'])}"
        )
    if "gestor_id" in despues:
        partes.append(f"Gestor: {usuarios.get(despues['gestor_id'], 'sin asignar')}")
    if despues.get("sellado_en"):
        partes.append("Sellado y archivado")
    otros = sorted(set(despues) - {"etapa", "gestor_id", "cerrado_el", "sellado_en"})
    if otros:
        partes.append("Modificado: " + ", ".join(otros))
    titulo = "; ".join(partes) or "Modificación"
    return Evento(a.cuando, "cambio", titulo, a.motivo, a.actor)


def _como_instante(valor: datetime | date) -> str:
    return valor.isoformat()
