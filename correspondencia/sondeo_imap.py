"""Registrar exactamente una vez cada mensaje de una carpeta IMAP.

Lo confirmado en la base manda: cada registro guarda (buzón, carpeta, UIDVALIDITY, UID) y, en la
misma transacción, avanza `EstadoCarpeta.ultimo_uid`. Solo después se marca \\Seen o se mueve;
si el proceso muere entre ambos, el registro quedó con `pendiente_servidor` y el siguiente sondeo
termina ese paso sin registrar de nuevo. Si cambia el UIDVALIDITY, los UID guardados ya no dicen
nada: se compara el sha256 de cada mensaje con lo ya registrado de ese buzón.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from imapclient import IMAPClient
from sqlalchemy import Engine, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from archivo.almacen import Almacen
from correspondencia import imap
from correspondencia.modelos import Correspondencia, EstadoCarpeta
from correspondencia.registro import (
    Origen,
    Preparado,
    minimo,
    preparar_cabeceras,
    preparar_correo,
    registrar,
)
from correspondencia.reglas import ReglasDePlazo
from expedientes.auditoria import Actor
from expedientes.db import sesion
from expedientes.errores import ErrorDominio

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FuenteImap:
    """Un buzón con la carpeta que se sondea."""

    buzon_id: int
    nombre: str
    conexion: imap.ConexionImap
    carpeta: str = "INBOX"
    carpeta_procesados: str | None = None

    @property
    def clave(self) -> str:
        """El nombre de la fuente en `EstadoCarpeta` y en los candados."""
        return f"buzon:{self.buzon_id}"


@dataclass
class Contexto:
    """Lo que el sondeo necesita además del servidor."""

    engine: Engine
    almacen: Almacen
    reglas: ReglasDePlazo
    max_bytes: int
    lote: int = 100


@dataclass
class ResultadoSondeo:
    """Qué pasó en una pasada."""

    registradas: list[str] = field(default_factory=list)
    ya_registradas: int = 0
    fallidas: list[str] = field(default_factory=list)


def sondear_carpeta(cliente: IMAPClient, fuente: FuenteImap, ctx: Contexto) -> ResultadoSondeo:
    """Una pasada completa por la carpeta: termina lo pendiente y registra lo nuevo."""
    resultado = ResultadoSondeo()
    uidvalidity = imap.abrir_carpeta(cliente, fuente.carpeta)
    actor = Actor(f"sondeo:{fuente.nombre}")
    with sesion(ctx.engine, actor) as s:
        estado = _estado(s, fuente)
        cambio = estado.uidvalidity != uidvalidity
        ultimo = 0 if estado.uidvalidity != uidvalidity else estado.ultimo_uid
    _terminar_pendientes(cliente, fuente, ctx.engine, uidvalidity)
    nuevos = imap.uids_despues_de(cliente, ultimo)
    contiguo = True
    for inicio in range(0, len(nuevos), ctx.lote):
        tanda = nuevos[inicio : inicio + ctx.lote]
        hechos, contiguo = _registrar_tanda(
            cliente, fuente, ctx, uidvalidity, tanda, contiguo, resultado
        )
        imap.despachar(cliente, hechos, fuente.carpeta_procesados)
        _marcar_despachados(ctx.engine, fuente, uidvalidity, hechos)
    if not nuevos and cambio:
        # Nada nuevo, pero el UIDVALIDITY es otro (o es la primera vez): recordarlo.
        with sesion(ctx.engine, actor) as s:
            _avanzar(s, fuente, uidvalidity, 0)
    return resultado


def _registrar_tanda(
    cliente: IMAPClient,
    fuente: FuenteImap,
    ctx: Contexto,
    uidvalidity: int,
    tanda: Sequence[int],
    contiguo: bool,
    resultado: ResultadoSondeo,
) -> tuple[list[int], bool]:
    """Registra una tanda; devuelve los UID a marcar/mover y si el avance sigue contiguo."""
    info = imap.resumenes(cliente, tanda)
    pequenos = [u for u in tanda if u in info and info[u].tamano <= ctx.max_bytes]
    cuerpos = imap.traer(cliente, pequenos)
    hechos: list[int] = []
    for uid in tanda:
        if uid not in info:
            continue  # borrado entre la búsqueda y la lectura: no había nada que registrar
        grande = info[uid].tamano > ctx.max_bytes
        if not grande and uid not in cuerpos:
            resultado.fallidas.append(f"UID {uid}: el servidor no entregó el mensaje")
            contiguo = False
            continue
        if grande:
            crudo = imap.traer_cabeceras(cliente, uid)
            prep = preparar_cabeceras(crudo, almacen=ctx.almacen, tamano=info[uid].tamano)
        else:
            prep = preparar_correo(cuerpos[uid], almacen=ctx.almacen)
        origen = Origen("imap", fuente.buzon_id, fuente.carpeta, uidvalidity, uid, not grande)
        numero = _registrar_o_minimo(ctx, fuente, origen, prep, info[uid], contiguo, resultado)
        if numero is False:
            contiguo = False
            continue
        if not grande:
            hechos.append(uid)
    return hechos, contiguo


def _registrar_o_minimo(
    ctx: Contexto,
    fuente: FuenteImap,
    origen: Origen,
    prep: Preparado,
    info: imap.Resumen,
    contiguo: bool,
    resultado: ResultadoSondeo,
) -> str | bool | None:
    """Registra; si lo analizado no cabe en la base, registra lo mínimo con la advertencia.

    Devuelve el número, None si ya estaba registrado, o False si ni lo mínimo se pudo.
    """
    try:
        numero = _registrar_uno(ctx, fuente, origen, prep, info, contiguo)
    except (SQLAlchemyError, ErrorDominio, ValueError) as exc:
        log.warning(
            "registro completo fallido para UID %s de %s: %s", origen.uid, fuente.nombre, exc
        )
        try:
            numero = _registrar_uno(ctx, fuente, origen, minimo(prep, exc), info, contiguo)
        except (SQLAlchemyError, ErrorDominio, ValueError) as otra:
            log.exception("no se pudo registrar el UID %s de %s", origen.uid, fuente.nombre)
            resultado.fallidas.append(f"UID {origen.uid}: {otra}")
            return False
    if numero is None:
        resultado.ya_registradas += 1
    else:
        resultado.registradas.append(numero)
    return numero


def _registrar_uno(
    ctx: Contexto,
    fuente: FuenteImap,
    origen: Origen,
    prep: Preparado,
    info: imap.Resumen,
    contiguo: bool,
) -> str | None:
    """Registra en su propia transacción; None si ya estaba registrado."""
    with sesion(ctx.engine, Actor(f"sondeo:{fuente.nombre}")) as s:
        if contiguo:
            _avanzar(s, fuente, origen.uidvalidity or 0, origen.uid or 0)
        if _ya_registrado(s, origen, prep):
            return None
        carta = registrar(
            session=s, preparado=prep, origen=origen, recibido_en=info.llegada, reglas=ctx.reglas
        )
        return carta.numero


def _ya_registrado(s: Session, origen: Origen, prep: Preparado) -> bool:
    """Por su UID en esta carpeta, o por su contenido exacto ya recibido en este buzón (cubre
    un UIDVALIDITY nuevo y el mensaje devuelto a la bandeja desde otra carpeta)."""
    por_uid = select(Correspondencia.id).where(
        Correspondencia.buzon_id == origen.buzon_id,
        Correspondencia.carpeta == origen.carpeta,
        Correspondencia.uidvalidity == origen.uidvalidity,
        Correspondencia.uid == origen.uid,
    )
    por_contenido = select(Correspondencia.id).where(
        Correspondencia.buzon_id == origen.buzon_id, Correspondencia.sha256 == prep.sha256
    )
    return s.exec(por_uid).first() is not None or s.exec(por_contenido).first() is not None


def _estado(s: Session, fuente: FuenteImap) -> EstadoCarpeta:
    estado = s.get(EstadoCarpeta, (fuente.clave, fuente.carpeta))
    if estado is None:
        estado = EstadoCarpeta(fuente=fuente.clave, carpeta=fuente.carpeta)
        s.add(estado)
        s.flush()
    return estado


def _avanzar(s: Session, fuente: FuenteImap, uidvalidity: int, uid: int) -> None:
    estado = _estado(s, fuente)
    if estado.uidvalidity != uidvalidity:
        estado.uidvalidity, estado.ultimo_uid = uidvalidity, 0
    estado.ultimo_uid = max(estado.ultimo_uid, uid)
    s.add(estado)


def _terminar_pendientes(
    cliente: IMAPClient, fuente: FuenteImap, engine: Engine, uidvalidity: int
) -> None:
    """Marca/mueve lo que quedó registrado pero sin despachar (el proceso murió entre ambos)."""
    with sesion(engine, Actor(f"sondeo:{fuente.nombre}"), solo_lectura=True) as s:
        pendientes = s.exec(
            select(Correspondencia.uid).where(
                Correspondencia.buzon_id == fuente.buzon_id,
                Correspondencia.carpeta == fuente.carpeta,
                Correspondencia.uidvalidity == uidvalidity,
                col(Correspondencia.pendiente_servidor).is_(True),
            )
        ).all()
    uids = [int(u) for u in pendientes if u is not None]
    if uids:
        imap.despachar(cliente, uids, fuente.carpeta_procesados)
        _marcar_despachados(engine, fuente, uidvalidity, uids)


def _marcar_despachados(
    engine: Engine, fuente: FuenteImap, uidvalidity: int, uids: Sequence[int]
) -> None:
    if not uids:
        return
    # Columna técnica: se actualiza sin pasar por la bitácora (no es dato del registro).
    with engine.begin() as conexion:
        conexion.execute(
            update(Correspondencia)
            .where(
                col(Correspondencia.buzon_id) == fuente.buzon_id,
                col(Correspondencia.carpeta) == fuente.carpeta,
                col(Correspondencia.uidvalidity) == uidvalidity,
                col(Correspondencia.uid).in_(list(uids)),
            )
            .values(pendiente_servidor=False)
        )
