"""Acciones sobre varias cartas a la vez (la bandeja, con una casilla por carta): todas o ninguna.

Primero se revisa cada carta; si alguna no admite la acción, no se hace en ninguna y se dice cuáles
y por qué. Si todas la admiten, se hace en cada una por su servicio de siempre: cada carta queda en
la bitácora por separado, con el mismo motivo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from archivo import Almacen, DocumentoExpediente, Requisitos
from correspondencia.acceso import incorporacion_de_carta
from correspondencia.estados import ASIGNABLES, CICLO_CARTA, NOMBRES_ESTADO_CARTA, EstadoCarta
from correspondencia.incorporacion import incorporar_carta
from correspondencia.modelos import Correspondencia
from correspondencia.tramite import asignar_carta, cambiar_estado_carta
from expedientes import (
    ROLES_CON_CARTAS,
    AccesoDenegado,
    ErrorDominio,
    Expediente,
    Permiso,
    Usuario,
    puede,
    puede_sobre_carta,
)

MAX_LOTE = 200
# Incorporar arma el PDF de cada carta: menos a la vez, para que la página responda pronto.
MAX_INCORPORAR = 50


@dataclass(frozen=True)
class AccionEnLote:
    """Una acción que esta persona puede hacer sobre varias cartas elegidas de la bandeja."""

    clave: str
    nombre: str


ACCIONES_EN_LOTE = {
    "asignar": (Permiso.ASIGNAR_CORRESPONDENCIA, "Asignar"),
    "estado": (Permiso.TRAMITAR_CORRESPONDENCIA, "Cambiar el estado"),
    "incorporar": (Permiso.INCORPORAR_DOCUMENTO, "Incorporar a sus expedientes"),
}


def acciones_en_lote(usuario: Usuario | None) -> list[AccionEnLote]:
    """Las acciones en lote que la bandeja ofrece a esta persona (lo demás ni se muestra)."""
    return [
        AccionEnLote(clave, nombre)
        for clave, (permiso, nombre) in ACCIONES_EN_LOTE.items()
        if puede(usuario, permiso)
    ]


def _pedidos(numeros: Sequence[str], maximo: int, titulo: str) -> list[str]:
    """Los números elegidos, sin repetir; ninguno o demasiados es un error que lo dice."""
    pedidos = list(dict.fromkeys(n.strip().upper() for n in numeros if n.strip()))
    if not pedidos:
        raise ErrorDominio(titulo, ["Elija al menos una carta de la lista."])
    if len(pedidos) > maximo:
        raise ErrorDominio(titulo, [f"Elija a lo sumo {maximo} cartas a la vez."])
    return pedidos


def _cartas(session: Session, pedidos: list[str]) -> dict[str, Correspondencia]:
    """Las cartas pedidas que existen, por número."""
    consulta = select(Correspondencia).where(col(Correspondencia.numero).in_(pedidos))
    return {c.numero: c for c in session.exec(consulta).all()}


def _expedientes(session: Session, cartas: Sequence[Correspondencia]) -> dict[int, Expediente]:
    """Los expedientes de esas cartas, por id."""
    ids = {c.expediente_id for c in cartas if c.expediente_id}
    if not ids:
        return {}
    consulta = select(Expediente).where(col(Expediente.id).in_(ids))
    return {e.id: e for e in session.exec(consulta).all() if e.id is not None}


def asignar_cartas(
    *,
    session: Session,
    usuario: Usuario,
    numeros: Sequence[str],
    destinatario: Usuario,
    motivo: str = "",
) -> list[Correspondencia]:
    """Asigna todas esas cartas a una persona, o ninguna (con la lista de las que no se pueden)."""
    if not puede(usuario, Permiso.ASIGNAR_CORRESPONDENCIA):
        raise AccesoDenegado(f"{usuario.nombre_completo} no asigna cartas.")
    pedidos = _pedidos(numeros, MAX_LOTE, "No se asignó nada.")
    cartas = _cartas(session, pedidos)
    problemas = [f"{n}: no existe." for n in pedidos if n not in cartas]
    problemas += [
        f"{n}: está {cartas[n].estado}, no se reasigna."
        for n in pedidos
        if n in cartas and cartas[n].estado not in ASIGNABLES
    ]
    if not destinatario.activo or destinatario.rol not in ROLES_CON_CARTAS:
        problemas.insert(0, f"A {destinatario.nombre_completo} no se le pueden asignar cartas.")
    if problemas:
        raise ErrorDominio(f"No se asignó ninguna de las {len(pedidos)} cartas.", problemas)
    return [
        asignar_carta(session=session, carta=cartas[n], destinatario=destinatario, motivo=motivo)
        for n in pedidos
    ]


def cambiar_estado_de_cartas(
    *,
    session: Session,
    usuario: Usuario,
    numeros: Sequence[str],
    nuevo: str,
    motivo: str = "",
) -> list[Correspondencia]:
    """Pasa todas esas cartas al mismo estado, o ninguna (con la lista de las que no pueden)."""
    if not puede(usuario, Permiso.TRAMITAR_CORRESPONDENCIA):
        raise AccesoDenegado(f"{usuario.nombre_completo} no tramita cartas.")
    pedidos = _pedidos(numeros, MAX_LOTE, "No se cambió ningún estado.")
    if nuevo not in set(EstadoCarta) or nuevo == EstadoCarta.ASIGNADA:
        raise ErrorDominio("No se cambió ningún estado.", ["Elija el estado al que pasan."])
    cartas = _cartas(session, pedidos)
    expedientes = _expedientes(session, list(cartas.values()))
    problemas = []
    for n in pedidos:
        carta = cartas.get(n)
        if carta is None:
            problemas.append(f"{n}: no existe.")
            continue
        expediente = expedientes.get(carta.expediente_id or 0)
        if not puede_sobre_carta(usuario, Permiso.TRAMITAR_CORRESPONDENCIA, carta, expediente):
            problemas.append(f"{n}: no le corresponde tramitarla.")
            continue
        try:
            CICLO_CARTA.validar(carta.estado, nuevo, motivo)
        except ErrorDominio as exc:
            problemas.append(f"{n}: {exc.mensaje}")
    if problemas:
        destino = NOMBRES_ESTADO_CARTA[EstadoCarta(nuevo)].lower()
        titulo = f"Ninguna de las {len(pedidos)} cartas pasó a {destino}."
        raise ErrorDominio(titulo, problemas)
    return [
        cambiar_estado_carta(session=session, carta=cartas[n], nuevo=nuevo, motivo=motivo)
        for n in pedidos
    ]


def incorporar_cartas(
    *,
    session: Session,
    almacen: Almacen,
    usuario: Usuario,
    numeros: Sequence[str],
    requisitos: Requisitos,
) -> list[DocumentoExpediente]:
    """Cada carta pasa a ser un documento de su expediente, con el tipo que le corresponde; todas
    o ninguna (con la lista de las que no pueden: sin expediente, ya incorporadas, sellado…)."""
    if not puede(usuario, Permiso.INCORPORAR_DOCUMENTO):
        raise AccesoDenegado(f"{usuario.nombre_completo} no incorpora documentos.")
    pedidos = _pedidos(numeros, MAX_INCORPORAR, "No se incorporó ninguna carta.")
    cartas = _cartas(session, pedidos)
    expedientes = _expedientes(session, list(cartas.values()))
    tipos: dict[str, str] = {}
    problemas = []
    for n in pedidos:
        carta = cartas.get(n)
        if carta is None:
            problemas.append(f"{n}: no existe.")
            continue
        problema, tipo = _incorporable(session, carta, expedientes, usuario, requisitos)
        if problema:
            problemas.append(f"{n}: {problema}")
        tipos[n] = tipo
    if problemas:
        raise ErrorDominio(f"No se incorporó ninguna de las {len(pedidos)} cartas.", problemas)
    return [
        incorporar_carta(
            session=session,
            almacen=almacen,
            carta=cartas[n],
            tipo=tipos[n],
            usuario=usuario,
            requisitos=requisitos,
        )
        for n in pedidos
    ]


def _incorporable(
    session: Session,
    carta: Correspondencia,
    expedientes: dict[int, Expediente],
    usuario: Usuario,
    requisitos: Requisitos,
) -> tuple[str, str]:
    """Lo que impide incorporar la carta ("" si nada) y el tipo de documento que le toca."""
    expediente = expedientes.get(carta.expediente_id or 0)
    if expediente is None:
        return "no está vinculada a un expediente.", ""
    if not puede_sobre_carta(usuario, Permiso.VER_CORRESPONDENCIA, carta, expediente):
        return "no le corresponde.", ""
    estado = incorporacion_de_carta(
        session=session, carta=carta, expediente=expediente, usuario=usuario, requisitos=requisitos
    )
    if estado is not None and estado.documento is not None:
        return f"ya es el documento N.º {estado.documento.orden} de {expediente.numero}.", ""
    if expediente.sellado_en is not None:
        return f"el expediente {expediente.numero} está sellado.", ""
    if estado is None or not estado.permitida:
        return f"no le corresponde incorporar documentos en {expediente.numero}.", ""
    return "", estado.elegido
