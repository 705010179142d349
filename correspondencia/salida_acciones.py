"""Lo que una persona decide sobre una carta saliente que la espera: confirmar que salió (estado
incierto), volver a enviarla (rebotada, devuelta, incierta o en error; por otro canal o a otra
dirección si hace falta). Quién puede: el gestor del expediente (o quien la redactó) y el jefe.
"""

from __future__ import annotations

from sqlmodel import Session

from correspondencia.envio import Canal, Envio, problemas_de_envio
from correspondencia.modelos import Saliente
from correspondencia.salida import CICLO_SALIDA, EstadoSalida, salida_por_numero
from expedientes import (
    AccesoDenegado,
    ErrorDominio,
    Expediente,
    Permiso,
    Rol,
    Usuario,
    ahora,
    cartas_solo_de,
    con_motivo,
    problemas_de_texto,
    puede,
)

S = EstadoSalida
# acción → (desde qué estados, a cuál lleva, cómo la lee una persona)
ACCIONES_SALIDA: dict[str, tuple[frozenset[EstadoSalida], EstadoSalida, str]] = {
    "confirmar": (frozenset({S.INCIERTO}), S.ENVIADA, "Confirmar que salió"),
    "reenviar": (
        frozenset({S.INCIERTO, S.REBOTADA, S.DEVUELTA, S.ERROR}),
        S.PENDIENTE,
        "Volver a enviar",
    ),
}


def salida_para(
    *, session: Session, numero: str, usuario: Usuario | None
) -> tuple[Saliente, Expediente | None]:
    """La carta saliente `numero` y su expediente, si esta persona la puede ver (NoEncontrado si no
    existe; AccesoDenegado si no le toca: un gestor ve las de sus expedientes y las que redactó,
    como en el registro de salida)."""
    saliente = salida_por_numero(session=session, numero=numero)
    expediente = session.get(Expediente, saliente.expediente_id) if saliente.expediente_id else None
    if usuario is None or not puede(usuario, Permiso.VER_CORRESPONDENCIA):
        raise AccesoDenegado("No tiene permiso para ver la correspondencia enviada.")
    solo_de = cartas_solo_de(usuario)
    suya = saliente.autor_id == usuario.id or (
        expediente is not None and expediente.gestor_id == usuario.id
    )
    if solo_de is not None and not suya:
        raise AccesoDenegado(f"No tiene permiso sobre la carta {saliente.numero}.")
    return saliente, expediente


def puede_decidir_salida(
    usuario: Usuario | None, saliente: Saliente, expediente: Expediente | None
) -> bool:
    """El jefe; el gestor del expediente de la carta, o quien la redactó."""
    if usuario is None or not usuario.activo:
        return False
    if usuario.rol == Rol.JEFE:
        return True
    if expediente is not None and puede(usuario, Permiso.REDACTAR_DOCUMENTO, expediente):
        return True
    return usuario.rol == Rol.GESTOR and saliente.autor_id == usuario.id


def acciones_sobre_salida(
    usuario: Usuario | None, saliente: Saliente, expediente: Expediente | None
) -> list[str]:
    """Lo que esta persona puede decidir ahora sobre la carta."""
    if not puede_decidir_salida(usuario, saliente, expediente):
        return []
    return [a for a, (desde, _, _) in ACCIONES_SALIDA.items() if saliente.estado in desde]


def decidir_salida(
    *,
    session: Session,
    saliente: Saliente,
    expediente: Expediente | None,
    usuario: Usuario,
    accion: str,
    motivo: str,
    envio: Envio | None = None,
) -> Saliente:
    """Hace la acción, con su motivo, si la persona y el estado lo permiten; si no, lo dice."""
    if accion not in ACCIONES_SALIDA:
        raise ErrorDominio(f"La acción «{accion}» no existe.")
    if not puede_decidir_salida(usuario, saliente, expediente):
        raise AccesoDenegado(f"{usuario.nombre_completo} no decide sobre {saliente.numero}.")
    desde, destino, nombre = ACCIONES_SALIDA[accion]
    problemas = problemas_de_texto(motivo, "El motivo", 1000)
    if saliente.estado not in desde:
        problemas.append(f"«{nombre}» no se puede en el estado actual de {saliente.numero}.")
    if not motivo.strip() and saliente.estado != S.ERROR:
        problemas.append("Indique el motivo: queda en el registro de la carta.")
    nuevo = envio or Envio(saliente.canal, saliente.correo)
    if accion == "reenviar":
        problemas += problemas_de_envio(nuevo)
    if problemas:
        raise ErrorDominio(f"No se pudo «{nombre.lower()}» {saliente.numero}.", problemas)
    CICLO_SALIDA.validar(saliente.estado, destino, motivo or "Reintento")
    with con_motivo(session, motivo.strip() or nombre):
        saliente.estado = destino
        saliente.motivo = motivo.strip()[:1000]
        if accion == "confirmar":
            saliente.enviado_en = saliente.enviado_en or ahora()
        else:
            _volver_a_la_cola(saliente, nuevo)
        session.add(saliente)
    session.flush()
    return saliente


def _volver_a_la_cola(saliente: Saliente, envio: Envio) -> None:
    """Otra vez por enviar, por el canal (y a la dirección) que se indicó, con sus intentos de
    nuevo completos (los anteriores quedan en la bitácora)."""
    saliente.canal = envio.canal
    saliente.intentos = 0
    saliente.correo = envio.correo.strip() if envio.canal == Canal.CORREO else ""
    saliente.proximo_intento_en = ahora() if envio.canal == Canal.CORREO else None
    saliente.ultimo_error = ""


def nombre_de_accion(accion: str) -> str:
    """La acción como la lee una persona."""
    return ACCIONES_SALIDA[accion][2]
