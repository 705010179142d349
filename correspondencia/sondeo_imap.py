"""Registrar exactamente una vez cada mensaje de una carpeta IMAP.

Lo confirmado en la base manda: cada registro guarda (buzón, carpeta, UIDVALIDITY, UID) y, en la
misma transacción, avanza `EstadoCarpeta.ultimo_uid`. Solo después se marca \\Seen o se mueve;
si el proceso muere entre ambos, el registro quedó con `pendiente_servidor` y el siguiente sondeo
termina ese paso sin registrar de nuevo. Si cambia el UIDVALIDITY, los UID guardados ya no dicen
nada: se compara el sha256 de cada mensaje con lo ya registrado de ese buzón.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from archivo import Almacen
from correspondencia import imap
from correspondencia.imap import FuenteImap
from correspondencia.modelos import Correspondencia, EstadoCarpeta
from correspondencia.preparacion import Preparador
from correspondencia.registro import Preparado, preparar_cabeceras
from correspondencia.reglas import ReglasDePlazo
from correspondencia.tanda_imap import Leido, ResultadoSondeo, en_la_carpeta, registrar_tanda
from expedientes import Actor, BaseDeDatos

log = logging.getLogger(__name__)


@dataclass
class Contexto:
    """Lo que el sondeo necesita además del servidor."""

    bd: BaseDeDatos
    preparador: Preparador
    reglas: ReglasDePlazo
    max_bytes: int
    lote: int = 100

    @property
    def almacen(self) -> Almacen:
        """El almacén donde quedan los bytes."""
        return self.preparador.almacen


@dataclass
class Tanda:
    """Mensajes traídos juntos; su preparación puede estar corriendo en otros procesos."""

    leidos: list[Leido]
    esperar: Callable[[], list[Preparado]]


def sondear_carpeta(cliente: IMAPClient, fuente: FuenteImap, ctx: Contexto) -> ResultadoSondeo:
    """Una pasada completa por la carpeta: termina lo pendiente y registra lo nuevo.

    En cadena: mientras otros procesos preparan la tanda que se acaba de traer, aquí se registra
    la anterior (una transacción por tanda, un punto de guardado por mensaje).
    """
    resultado = ResultadoSondeo()
    uidvalidity = imap.abrir_carpeta(cliente, fuente.carpeta)
    with ctx.bd.sesion(_actor(fuente)) as s:
        estado = _estado(s, fuente)
        cambio = estado.uidvalidity != uidvalidity
        ultimo = 0 if cambio else estado.ultimo_uid
    _terminar_pendientes(cliente, fuente, ctx.bd, uidvalidity)
    nuevos = imap.uids_despues_de(cliente, ultimo)
    contiguo = True
    anterior: Tanda | None = None
    for inicio in range(0, len(nuevos), ctx.lote):
        tanda = _traer(cliente, ctx, nuevos[inicio : inicio + ctx.lote], resultado)
        if anterior is not None:
            contiguo = _cerrar_tanda(
                cliente, fuente, ctx, uidvalidity, anterior, contiguo, resultado
            )
        anterior = tanda
    if anterior is not None:
        _cerrar_tanda(cliente, fuente, ctx, uidvalidity, anterior, contiguo, resultado)
    if not nuevos and cambio:
        # Nada nuevo, pero el UIDVALIDITY es otro (o es la primera vez): recordarlo.
        with ctx.bd.sesion(_actor(fuente)) as s:
            _avanzar(s, fuente, uidvalidity, 0)
    return resultado


def _traer(
    cliente: IMAPClient, ctx: Contexto, uids: Sequence[int], resultado: ResultadoSondeo
) -> Tanda:
    """Trae la tanda (cabeceras solas si el mensaje es enorme) y empieza a prepararla."""
    info = imap.resumenes(cliente, uids)
    pequenos = [u for u in uids if u in info and info[u].tamano <= ctx.max_bytes]
    cuerpos = imap.traer(cliente, pequenos)
    leidos: list[Leido] = []
    crudos: list[bytes] = []
    for uid in uids:
        if uid not in info:
            continue  # borrado entre la búsqueda y la lectura: no había nada que registrar
        if info[uid].tamano > ctx.max_bytes:
            cabeceras = imap.traer_cabeceras(cliente, uid)
            prep = preparar_cabeceras(cabeceras, almacen=ctx.almacen, tamano=info[uid].tamano)
            leidos.append(Leido(uid, info[uid], grande=True, preparado=prep))
        elif uid in cuerpos:
            leidos.append(Leido(uid, info[uid]))
            crudos.append(cuerpos[uid])
        else:
            resultado.fallidas.append(f"UID {uid}: el servidor no entregó el mensaje")
            leidos.append(Leido(uid, info[uid], faltante=True))
    return Tanda(leidos, ctx.preparador.empezar(crudos))


def _cerrar_tanda(
    cliente: IMAPClient,
    fuente: FuenteImap,
    ctx: Contexto,
    uidvalidity: int,
    tanda: Tanda,
    contiguo: bool,
    resultado: ResultadoSondeo,
) -> bool:
    """Registra la tanda ya preparada, la confirma y solo entonces marca o mueve en el servidor."""
    preparados = iter(tanda.esperar())
    for leido in tanda.leidos:
        if not leido.grande and not leido.faltante:
            leido.preparado = next(preparados)
    hechos: list[int] = []
    with ctx.bd.sesion(_actor(fuente)) as s:
        numeros = registrar_tanda(s, fuente, uidvalidity, tanda.leidos, ctx.reglas, resultado)
        avance = 0
        for leido in tanda.leidos:
            if numeros[leido.uid] is False:
                contiguo = False
                continue
            if contiguo:
                avance = leido.uid
            if not leido.grande:
                hechos.append(leido.uid)
        if avance:
            _avanzar(s, fuente, uidvalidity, avance)
    if _despachar(cliente, fuente, hechos):
        _marcar_despachados(ctx.bd, fuente, uidvalidity, hechos)
    return contiguo


def _actor(fuente: FuenteImap) -> Actor:
    return Actor(f"sondeo:{fuente.nombre}")


def _estado(s: Session, fuente: FuenteImap) -> EstadoCarpeta:
    return estado_de_carpeta(s, fuente.clave, fuente.carpeta)


def estado_de_carpeta(s: Session, fuente: str, carpeta: str) -> EstadoCarpeta:
    """El estado de la carpeta; la crea si falta. Si otro proceso la crea a la vez (el que anota
    que la fuente estaba ocupada), se usa la suya."""
    estado = s.get(EstadoCarpeta, (fuente, carpeta))
    if estado is None:
        try:
            with s.begin_nested():
                s.add(EstadoCarpeta(fuente=fuente, carpeta=carpeta))
        except IntegrityError:
            pass
        estado = s.get(EstadoCarpeta, (fuente, carpeta))
    assert estado is not None
    return estado


def _avanzar(s: Session, fuente: FuenteImap, uidvalidity: int, uid: int) -> None:
    estado = _estado(s, fuente)
    if estado.uidvalidity != uidvalidity:
        estado.uidvalidity, estado.ultimo_uid = uidvalidity, 0
    estado.ultimo_uid = max(estado.ultimo_uid, uid)
    s.add(estado)


def _terminar_pendientes(
    cliente: IMAPClient, fuente: FuenteImap, bd: BaseDeDatos, uidvalidity: int
) -> None:
    """Marca/mueve lo que quedó registrado pero sin despachar (el proceso murió entre ambos)."""
    with bd.sesion(Actor(f"sondeo:{fuente.nombre}"), solo_lectura=True) as s:
        pendientes = s.exec(
            select(Correspondencia.uid).where(
                *en_la_carpeta(fuente, uidvalidity),
                col(Correspondencia.pendiente_servidor).is_(True),
            )
        ).all()
    uids = [int(u) for u in pendientes if u is not None]
    if uids and _despachar(cliente, fuente, uids):
        _marcar_despachados(bd, fuente, uidvalidity, uids)


def _despachar(cliente: IMAPClient, fuente: FuenteImap, uids: Sequence[int]) -> bool:
    """Marca/mueve; si el servidor lo rechaza (cuota llena, carpeta no permitida) las cartas quedan
    registradas con `pendiente_servidor` y el sondeo sigue con lo nuevo. Una caída de la conexión,
    en cambio, corta la pasada (se reintenta)."""
    try:
        imap.despachar(cliente, uids, fuente.carpeta_procesados)
    except IMAPClientAbortError:
        raise
    except IMAPClientError as exc:
        log.warning("%s rechazó marcar o mover %s mensajes: %s", fuente.nombre, len(uids), exc)
        return False
    return True


def _marcar_despachados(
    bd: BaseDeDatos, fuente: FuenteImap, uidvalidity: int, uids: Sequence[int]
) -> None:
    if not uids:
        return
    # Columna técnica: se actualiza sin pasar por la bitácora (no es dato del registro).
    with bd.engine.begin() as conexion:
        conexion.execute(
            update(Correspondencia)
            .where(*en_la_carpeta(fuente, uidvalidity), col(Correspondencia.uid).in_(list(uids)))
            .values(pendiente_servidor=False)
        )
