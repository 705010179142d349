"""A qué vincular una carta a mano: los candidatos que la carta cita y la búsqueda de la ficha.

La búsqueda acepta lo que la secretaria tiene a la vista: parte de la razón social o del nombre
comercial (sin importar tildes ni mayúsculas), el NIT o el número patronal con o sin guiones, o el
número de expediente en las formas que tolera el archivo (`exp-2026-14`, `EXP2026014`). Cada
patrono hallado trae sus expedientes abiertos; cada opción, su nombre, asunto y etapa. Solo quien
la política deja vincular cartas busca, y solo ve los expedientes a los que podría vincularlas.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from correspondencia.modelos import Adjunto, Correspondencia
from correspondencia.vinculos import candidatos_por_remitente, indicios_en, proponer_vinculo
from expedientes import (
    ETAPAS_FINALES,
    Expediente,
    Patrono,
    Permiso,
    Usuario,
    buscar_patronos,
    contar_patronos,
    exigir,
    formatear_nit,
    puede,
)

MAX_BUSQUEDA = 100
LIMITE_PATRONOS = 10
LIMITE_EXPEDIENTES = 5


@dataclass(frozen=True)
class Opcion:
    """Un destino posible del vínculo: un expediente (con su patrono) o solo un patrono.

    `campo` es el del formulario de vínculo (`expediente` o `numero_patronal`); un expediente
    archivado se muestra pero no se ofrece (ya no recibe cartas)."""

    campo: str
    numero: str
    razon_social: str
    nit: str
    asunto: str = ""
    etapa: str = ""
    archivado: bool = False


@dataclass(frozen=True)
class Hallazgo:
    """Un patrono hallado con sus expedientes abiertos (los primeros) y cuántos más tiene."""

    patrono: Opcion
    expedientes: tuple[Opcion, ...]
    otros: int = 0


@dataclass(frozen=True)
class BusquedaDeVinculo:
    """Lo hallado para un texto: los patronos de la lista y cuántos coinciden en total."""

    texto: str
    hallazgos: tuple[Hallazgo, ...] = ()
    total: int = 0

    @property
    def hay_mas(self) -> bool:
        """¿Coinciden más patronos de los que se muestran?"""
        return self.total > len(self.hallazgos)


def buscar_destinos(
    *, session: Session, usuario: Usuario, texto: str, limite: int = LIMITE_PATRONOS
) -> BusquedaDeVinculo:
    """Patronos y expedientes a los que esta persona puede vincular una carta, según el texto
    (AccesoDenegado si la política no la deja vincular cartas)."""
    exigir(usuario, Permiso.VINCULAR_CORRESPONDENCIA)
    texto = " ".join(texto.split())[:MAX_BUSQUEDA]
    if not texto:
        return BusquedaDeVinculo(texto)
    numeros = indicios_en([texto]).expedientes
    if numeros:
        citados = session.exec(
            select(Expediente)
            .where(col(Expediente.numero).in_(sorted(numeros)))
            .order_by(col(Expediente.numero))
        ).all()
        patronos = _patronos(session, [e.patrono_id for e in citados])
        por_patrono = _agrupar(citados)
        total = len(patronos)
    else:
        patronos = buscar_patronos(session=session, texto=texto, limite=limite)
        por_patrono = _agrupar(_abiertos(session, [p.id or 0 for p in patronos]))
        total = len(patronos)
        if total == limite:
            total = contar_patronos(session=session, texto=texto)
    hallazgos = tuple(
        _hallazgo(usuario, p, por_patrono.get(p.id or 0, [])) for p in patronos[:limite]
    )
    return BusquedaDeVinculo(texto, hallazgos, max(total, len(hallazgos)))


def candidatos_de_carta(
    *, session: Session, carta: Correspondencia, adjuntos: Sequence[Adjunto], usuario: Usuario
) -> list[Opcion]:
    """Los expedientes y patronos que la carta cita (números, NIT, hilo) o que podrían ser quien
    escribe (su correo o su nombre), con sus nombres, en ese orden."""
    exigir(usuario, Permiso.VINCULAR_CORRESPONDENCIA)
    numeros = _numeros_citados(session, carta, adjuntos)
    expedientes = {
        e.numero: e
        for e in session.exec(
            select(Expediente).where(
                col(Expediente.numero).in_([n for n in numeros if n.startswith("EXP-")])
            )
        ).all()
    }
    patronos = {
        p.numero_patronal: p
        for p in session.exec(select(Patrono).where(col(Patrono.numero_patronal).in_(numeros)))
    }
    duenos = _patronos(session, [e.patrono_id for e in expedientes.values()])
    por_id = {p.id: p for p in [*duenos, *patronos.values()]}
    opciones = []
    for numero in numeros:
        if numero in expedientes and puede(
            usuario, Permiso.VINCULAR_CORRESPONDENCIA, expedientes[numero]
        ):
            e = expedientes[numero]
            opciones.append(_de_expediente(e, por_id[e.patrono_id]))
        elif numero in patronos:
            opciones.append(_de_patrono(patronos[numero]))
    return opciones


def _numeros_citados(
    session: Session, carta: Correspondencia, adjuntos: Sequence[Adjunto]
) -> list[str]:
    """Los números (de expediente o patronales) que proponen el vínculo automático y el remitente,
    sin repetir."""
    propuesta = proponer_vinculo(
        session=session,
        textos=[
            carta.asunto,
            carta.referencia_remitente,
            carta.texto,
            carta.texto_ocr,
            *(a.texto for a in adjuntos),
        ],
        en_respuesta_a=[*carta.in_reply_to, *reversed(carta.referencias)],
    )
    numeros: list[str] = []
    if propuesta.expediente_id is not None:
        expediente = session.get(Expediente, propuesta.expediente_id)
        numeros += [expediente.numero] if expediente else []
    for candidato in propuesta.candidatos:
        numeros += [n.strip() for n in candidato.split(",") if n.strip()]
    # Quien escribe: el patrono con ese correo, o cuya razón social lleva el nombre del remitente.
    nombre = carta.remitente.split("<")[0].strip().strip('"')
    for patrono, abiertos in candidatos_por_remitente(session, carta.correo_remitente, nombre):
        numeros += [*abiertos, patrono.numero_patronal]
    return list(dict.fromkeys(numeros))


def _patronos(session: Session, ids: Sequence[int]) -> list[Patrono]:
    """Los patronos de esos ids, en ese orden y sin repetir."""
    unicos = list(dict.fromkeys(ids))
    encontrados = {
        p.id: p for p in session.exec(select(Patrono).where(col(Patrono.id).in_(unicos)))
    }
    return [encontrados[i] for i in unicos if i in encontrados]


def _abiertos(session: Session, patrono_ids: list[int]) -> Sequence[Expediente]:
    """Los expedientes abiertos (ni cerrados, ni anulados, ni archivados) de esos patronos."""
    if not patrono_ids:
        return []
    return session.exec(
        select(Expediente)
        .where(
            col(Expediente.patrono_id).in_(patrono_ids),
            col(Expediente.etapa).not_in(ETAPAS_FINALES),
            col(Expediente.sellado_en).is_(None),
        )
        .order_by(col(Expediente.numero))
    ).all()


def _agrupar(expedientes: Iterable[Expediente]) -> dict[int, list[Expediente]]:
    grupos: dict[int, list[Expediente]] = {}
    for e in expedientes:
        grupos.setdefault(e.patrono_id, []).append(e)
    return grupos


def _hallazgo(usuario: Usuario, patrono: Patrono, expedientes: list[Expediente]) -> Hallazgo:
    """El patrono con los expedientes suyos a los que esta persona puede vincular la carta."""
    permitidos = [e for e in expedientes if puede(usuario, Permiso.VINCULAR_CORRESPONDENCIA, e)]
    return Hallazgo(
        _de_patrono(patrono),
        tuple(_de_expediente(e, patrono) for e in permitidos[:LIMITE_EXPEDIENTES]),
        max(0, len(permitidos) - LIMITE_EXPEDIENTES),
    )


def _de_patrono(patrono: Patrono) -> Opcion:
    return Opcion(
        "numero_patronal", patrono.numero_patronal, patrono.razon_social, formatear_nit(patrono.nit)
    )


def _de_expediente(expediente: Expediente, patrono: Patrono) -> Opcion:
    return Opcion(
        "expediente",
        expediente.numero,
        patrono.razon_social,
        formatear_nit(patrono.nit),
        expediente.asunto,
        expediente.etapa,
        expediente.sellado_en is not None,
    )
