"""Quién llega a qué carta: la carta con su expediente si la política deja a esta persona hacer
eso con ella, sus adjuntos, el documento en que se incorporó y cómo van las fuentes sondeadas."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from sqlmodel import Session, col, select

from archivo import DocumentoExpediente, Requisitos, esta_sellado
from correspondencia.incorporacion import TIPO_POR_CARTA
from correspondencia.modelos import Adjunto, Buzon, Correspondencia, EstadoCarpeta
from correspondencia.tramite import obtener_carta
from expedientes import (
    ETAPAS_FINALES,
    AccesoDenegado,
    Expediente,
    NoEncontrado,
    Patrono,
    Permiso,
    Usuario,
    puede,
    puede_sobre_carta,
)

T = TypeVar("T")


def carta_para(
    *, session: Session, numero: str, usuario: Usuario | None, permiso: Permiso
) -> tuple[Correspondencia, Expediente | None]:
    """La carta `numero` y su expediente, si esta persona puede hacer eso con ella (NoEncontrado
    si no existe; AccesoDenegado si no le toca: un gestor, solo las suyas y las de sus
    expedientes, y ver las de un expediente archivado)."""
    carta = obtener_carta(session=session, numero=numero)
    expediente = session.get(Expediente, carta.expediente_id) if carta.expediente_id else None
    if not puede_sobre_carta(usuario, permiso, carta, expediente):
        raise AccesoDenegado(f"No tiene permiso sobre la carta {carta.numero}.")
    return carta, expediente


def puede_responder(
    usuario: Usuario | None, carta: Correspondencia, expediente: Expediente | None
) -> bool:
    """¿Puede esta persona empezar desde la carta el oficio que la responde? Si la carta es de una
    persona, está en un expediente abierto y ella redacta en él."""
    return (
        expediente is not None
        and not carta.automatico
        and expediente.etapa not in ETAPAS_FINALES
        and expediente.sellado_en is None
        and puede(usuario, Permiso.REDACTAR_DOCUMENTO, expediente)
    )


@dataclass(frozen=True)
class FichaCarta:
    """Quién y qué rodea a una carta: su patrono, a quién se asignó, quién la registró y de qué
    buzón llegó."""

    patrono: Patrono | None
    asignado: Usuario | None
    registrado_por: Usuario | None
    buzon: Buzon | None


def ficha_de_carta(*, session: Session, carta: Correspondencia) -> FichaCarta:
    """Lo que la página de una carta muestra de su alrededor."""

    def uno(modelo: type[T], ident: int | None) -> T | None:
        return session.get(modelo, ident) if ident else None

    return FichaCarta(
        patrono=uno(Patrono, carta.patrono_id),
        asignado=uno(Usuario, carta.asignado_id),
        registrado_por=uno(Usuario, carta.registrado_por_id),
        buzon=uno(Buzon, carta.buzon_id),
    )


def adjunto_de_carta(*, session: Session, carta: Correspondencia, adjunto_id: int) -> Adjunto:
    """El adjunto, solo si es de esta carta (NoEncontrado si no)."""
    adjunto = session.exec(
        select(Adjunto).where(Adjunto.id == adjunto_id, Adjunto.correspondencia_id == carta.id)
    ).first()
    if adjunto is None:
        raise NoEncontrado(f"La carta {carta.numero} no tiene el adjunto {adjunto_id}.")
    return adjunto


def documento_de_la_carta(
    *, session: Session, carta: Correspondencia, expediente: Expediente
) -> DocumentoExpediente | None:
    """El documento del expediente en que la carta ya se incorporó, si se incorporó."""
    return session.exec(
        select(DocumentoExpediente).where(
            DocumentoExpediente.expediente_id == expediente.id,
            DocumentoExpediente.referencia == carta.numero,
        )
    ).first()


@dataclass(frozen=True)
class IncorporacionDeCarta:
    """La carta en su expediente: el documento que ya es, o si esta persona puede incorporarla,
    con los tipos de documento y el que corresponde a la carta."""

    documento: DocumentoExpediente | None
    permitida: bool
    tipos: Mapping[str, str]
    elegido: str


def incorporacion_de_carta(
    *,
    session: Session,
    carta: Correspondencia,
    expediente: Expediente | None,
    usuario: Usuario,
    requisitos: Requisitos,
) -> IncorporacionDeCarta | None:
    """Si la carta ya es un documento de su expediente, o si esta persona puede incorporarla
    (vinculada, sin incorporar, a un expediente sin sellar y con el permiso sobre él); None si
    nada de eso."""
    if expediente is None:
        return None
    documento = documento_de_la_carta(session=session, carta=carta, expediente=expediente)
    permitida = (
        documento is None
        and puede(usuario, Permiso.INCORPORAR_DOCUMENTO, expediente)
        and not esta_sellado(session, expediente.id)
    )
    if documento is None and not permitida:
        return None
    elegido = TIPO_POR_CARTA.get(carta.tipo, "correspondencia")
    return IncorporacionDeCarta(documento, permitida, requisitos.tipos, elegido)


def estados_de_fuentes(*, session: Session) -> list[EstadoCarpeta]:
    """El último sondeo y error de cada fuente (carpeta de entrada y buzones), en orden."""
    return list(
        session.exec(
            select(EstadoCarpeta).order_by(col(EstadoCarpeta.fuente), col(EstadoCarpeta.carpeta))
        ).all()
    )


_CE = re.compile(r"\bCE[\s.\-–_/]{0,3}(\d{4})[\s.\-–_/]{0,3}(\d{1,6})(?!\d)", re.IGNORECASE)


def cartas_citadas(
    *, session: Session, texto: str, usuario: Usuario | None
) -> list[tuple[Correspondencia, Expediente | None]]:
    """Las cartas cuyo número `CE-` trae el texto (con o sin guiones ni ceros) que esta persona
    puede ver: una carta se encuentra por su número aunque aún no esté en un expediente."""
    numeros = sorted({f"CE-{m[1]}-{int(m[2]):06d}" for m in _CE.finditer(texto)})
    encontradas = []
    for numero in numeros[:20]:
        try:
            permiso = Permiso.VER_CORRESPONDENCIA
            encontradas.append(
                carta_para(session=session, numero=numero, usuario=usuario, permiso=permiso)
            )
        except (NoEncontrado, AccesoDenegado):
            continue
    return encontradas
