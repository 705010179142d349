"""Vincular cartas con su patrono y expediente: por hilo, número de expediente, número de
salida (`CS-`) o de documento (`DRP-`) de nuestras cartas, número patronal o NIT encontrados en el asunto, el cuerpo, los adjuntos y el OCR.

Una coincidencia clara se vincula sola y dice por qué; ninguna o varias quedan para la bandeja
de clasificación, donde la secretaria decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from correspondencia.modelos import Saliente
from expedientes import ETAPAS_FINALES, Expediente, Patrono, normalizar_busqueda

# Tolerantes a espacios, guiones y puntos: así llegan en cartas y en el texto del OCR.
_SEP = r"[\s.\-–_/]{0,3}"
_EXPEDIENTE = re.compile(rf"\bEXP{_SEP}(\d{{4}}){_SEP}(\d{{1,5}})(?!\d)", re.IGNORECASE)
_SALIDA = re.compile(rf"\bCS{_SEP}(\d{{4}}){_SEP}(\d{{1,6}})(?!\d)", re.IGNORECASE)
_DOCUMENTO = re.compile(rf"\bDRP{_SEP}(\d{{4}}){_SEP}(\d{{1,6}})(?!\d)", re.IGNORECASE)
_NIT = re.compile(r"(?<!\d)(\d{4})[\s.\-]?(\d{6})[\s.\-]?(\d{3})[\s.\-]?(\d)(?!\d)")
_DUI = re.compile(r"(?<!\d)(\d{8})[\s\-]?(\d)(?!\d)")
_ETIQUETA_PATRONAL = re.compile(r"patronal\W{0,20}?(\d[\d\s.\-]{4,20}\d)", re.IGNORECASE)
_DIGITOS = re.compile(r"(?<!\d)\d{6,12}(?!\d)")


@dataclass
class Indicios:
    """Lo que un texto dice sobre a qué caso pertenece."""

    expedientes: set[str] = field(default_factory=set)
    salidas: set[str] = field(default_factory=set)
    documentos: set[str] = field(default_factory=set)
    nits: set[str] = field(default_factory=set)
    numeros_patronales: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Propuesta:
    """El vínculo que se propone: claro (se aplica solo) o ambiguo (va a clasificación)."""

    patrono_id: int | None = None
    expediente_id: int | None = None
    motivo: str = ""
    candidatos: tuple[str, ...] = ()


def indicios_en(textos: Iterable[str]) -> Indicios:
    """Extrae números de expediente, de salida, de documento, NIT y números patronales."""
    ind = Indicios()
    for texto in textos:
        if not texto:
            continue
        for m in _EXPEDIENTE.finditer(texto):
            ind.expedientes.add(f"EXP-{m[1]}-{int(m[2]):05d}")
        for m in _SALIDA.finditer(texto):
            ind.salidas.add(f"CS-{m[1]}-{int(m[2]):06d}")
        for m in _DOCUMENTO.finditer(texto):
            ind.documentos.add(f"DRP-{m[1]}-{int(m[2]):06d}")
        resto = _DOCUMENTO.sub(" ", _SALIDA.sub(" ", _EXPEDIENTE.sub(" ", texto)))
        for m in _NIT.finditer(resto):
            ind.nits.add("".join(m.groups()))
        resto = _NIT.sub(" ", resto)
        for m in _DUI.finditer(resto):
            ind.nits.add("".join(m.groups()))
            if m[0].isdigit():  # nueve cifras seguidas: un DUI sin guion o un número patronal
                ind.numeros_patronales.add(m[0])
        for m in _ETIQUETA_PATRONAL.finditer(resto):
            ind.numeros_patronales.add(re.sub(r"\D", "", m[1]))
        ind.numeros_patronales.update(_DIGITOS.findall(_DUI.sub(" ", resto)))
    return ind


def proponer_vinculo(
    *, session: Session, textos: Sequence[str], en_respuesta_a: Sequence[str]
) -> Propuesta:
    """El vínculo que los textos y las cabeceras de hilo justifican (o los candidatos si no)."""
    propuesta = _por_hilo(session, en_respuesta_a)
    if propuesta is None:
        ind = indicios_en(textos)
        propuesta = _por_expediente(session, ind) or _por_patrono(session, ind)
    return _sin_archivados(session, propuesta)


def _sin_archivados(session: Session, propuesta: Propuesta) -> Propuesta:
    """Un expediente sellado ya no recibe cartas: la carta queda con su patrono, para clasificar."""
    if propuesta.expediente_id is None:
        return propuesta
    expediente = session.get(Expediente, propuesta.expediente_id)
    if expediente is None or expediente.sellado_en is None:
        return propuesta
    return Propuesta(
        expediente.patrono_id,
        None,
        f"{propuesta.motivo}; el expediente {expediente.numero} está archivado: queda con su "
        "patrono",
    )


def _por_hilo(session: Session, ids: Sequence[str]) -> Propuesta | None:
    if not ids:
        return None
    salientes = session.exec(select(Saliente).where(col(Saliente.message_id).in_(list(ids)))).all()
    # In-Reply-To va primero en `ids`: la carta citada directamente manda.
    salientes = sorted(salientes, key=lambda s: list(ids).index(s.message_id or ""))
    for s in salientes:
        if s.expediente_id is not None or s.patrono_id is not None:
            return _completar(
                session,
                Propuesta(s.patrono_id, s.expediente_id, f"Responde a nuestra {s.numero} (hilo)"),
            )
    return None


def _por_expediente(session: Session, ind: Indicios) -> Propuesta | None:
    razones: dict[int, list[str]] = {}
    if ind.expedientes:
        for e in session.exec(
            select(Expediente).where(col(Expediente.numero).in_(ind.expedientes))
        ).all():
            razones.setdefault(e.id or 0, []).append(f"cita el expediente {e.numero}")
    for s in citadas(session, ind):
        if s.expediente_id is not None:
            cita = (
                s.numero
                if s.numero in ind.salidas
                else f"{s.numero} por su documento {s.documento}"
            )
            razones.setdefault(s.expediente_id, []).append(f"cita nuestra {cita}")
    if not razones:
        return None
    expedientes = {e.id: e for e in _expedientes(session, razones)}
    if len(razones) > 1:
        return Propuesta(candidatos=tuple(sorted(e.numero for e in expedientes.values())))
    ((exp_id, motivos),) = razones.items()
    expediente = expedientes[exp_id]
    patronos = _patronos(session, ind)
    if patronos and {p.id for p in patronos} != {expediente.patrono_id}:
        otros = ", ".join(sorted(p.numero_patronal for p in patronos))
        return Propuesta(candidatos=(expediente.numero, otros))
    return Propuesta(expediente.patrono_id, exp_id, "Vinculada porque " + " y ".join(motivos))


def citadas(session: Session, ind: Indicios) -> Sequence[Saliente]:
    """Nuestras cartas salientes que los textos citan por su número `CS-` o el `DRP-` de su
    documento (ambos van impresos en la carta)."""
    condiciones = []
    if ind.salidas:
        condiciones.append(col(Saliente.numero).in_(sorted(ind.salidas)))
    if ind.documentos:
        condiciones.append(col(Saliente.documento).in_(sorted(ind.documentos)))
    if not condiciones:
        return []
    return session.exec(select(Saliente).where(or_(*condiciones))).all()


def _por_patrono(session: Session, ind: Indicios) -> Propuesta:
    patronos = _patronos(session, ind)
    if len(patronos) != 1:
        return Propuesta(candidatos=tuple(sorted(p.numero_patronal for p in patronos)))
    p = patronos[0]
    razon = (
        f"cita el número patronal {p.numero_patronal}"
        if p.numero_patronal in ind.numeros_patronales
        else "cita el NIT del patrono"
    )
    abiertos = session.exec(
        select(Expediente).where(
            Expediente.patrono_id == p.id, col(Expediente.etapa).not_in(ETAPAS_FINALES)
        )
    ).all()
    if len(abiertos) == 1:
        return Propuesta(
            p.id, abiertos[0].id, f"Vinculada porque {razon}, que tiene un solo expediente abierto"
        )
    candidatos = tuple(sorted(e.numero for e in abiertos))
    return Propuesta(p.id, None, f"Patrono vinculado porque {razon}", candidatos)


def _completar(session: Session, propuesta: Propuesta) -> Propuesta:
    """Con expediente y sin patrono, toma el patrono del expediente."""
    if propuesta.expediente_id is None or propuesta.patrono_id is not None:
        return propuesta
    exp = session.get(Expediente, propuesta.expediente_id)
    patrono_id = exp.patrono_id if exp else None
    return Propuesta(patrono_id, propuesta.expediente_id, propuesta.motivo)


def _expedientes(session: Session, razones: dict[int, list[str]]) -> Sequence[Expediente]:
    return session.exec(select(Expediente).where(col(Expediente.id).in_(list(razones)))).all()


def _patronos(session: Session, ind: Indicios) -> list[Patrono]:
    if not ind.nits and not ind.numeros_patronales:
        return []
    condicion = col(Patrono.numero_patronal).in_(ind.numeros_patronales) | col(Patrono.nit).in_(
        ind.nits
    )
    return list(session.exec(select(Patrono).where(condicion)).all())


def candidatos_por_remitente(
    session: Session, correo: str, nombre: str, limite: int = 5
) -> list[tuple[Patrono, list[str]]]:
    """Patronos que podrían ser quien escribe: su correo es el del remitente o su razón social
    contiene el nombre del remitente; cada uno con sus expedientes abiertos."""
    condiciones = []
    if correo.strip():
        condiciones.append(func.lower(col(Patrono.correo)) == correo.strip().lower())
    nombre_normal = normalizar_busqueda(nombre)
    if len(nombre_normal) >= 5:
        condiciones.append(col(Patrono.busqueda).contains(nombre_normal, autoescape=True))
    if not condiciones:
        return []
    patronos = session.exec(select(Patrono).where(or_(*condiciones)).limit(limite)).all()
    resultado = []
    for p in patronos:
        abiertos = session.exec(
            select(Expediente.numero).where(
                Expediente.patrono_id == p.id, col(Expediente.etapa).not_in(ETAPAS_FINALES)
            )
        ).all()
        resultado.append((p, sorted(abiertos)))
    return resultado
