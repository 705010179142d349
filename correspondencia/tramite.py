"""El trámite de una carta: vincular, asignar, cambiar de estado o de tipo, y registrar las
cartas salientes que la responden. Cada cambio queda en la bitácora, con su motivo."""

from __future__ import annotations

from sqlmodel import Session, col, select

from correspondencia.estados import ASIGNABLES, CICLO_CARTA, EstadoCarta
from correspondencia.modelos import Correspondencia, Saliente
from correspondencia.reglas import TIPOS_DE_CARTA, ReglasDePlazo
from correspondencia.vinculos import indicios_en
from expedientes import (
    ROLES_CON_CARTAS,
    ErrorDominio,
    Expediente,
    NoEncontrado,
    Patrono,
    Usuario,
    ahora,
    con_motivo,
    exigir_no_archivado,
)

SERIE_SALIDA = "CS"
DIGITOS_SALIDA = 6


def obtener_carta(*, session: Session, numero: str) -> Correspondencia:
    """La carta por su número `CE-…`, o NoEncontrado."""
    carta = session.exec(
        select(Correspondencia).where(Correspondencia.numero == numero.strip().upper())
    ).first()
    if carta is None:
        raise NoEncontrado(f"No existe la carta {numero.strip()}.")
    return carta


def vincular_carta(
    *,
    session: Session,
    carta: Correspondencia,
    numero_expediente: str = "",
    numero_patronal: str = "",
    motivo: str = "",
) -> Correspondencia:
    """Vincula la carta a mano con un expediente (y su patrono) o solo con un patrono."""
    _exigir_expediente_no_archivado(session, carta)
    expediente = patrono = None
    if numero_expediente.strip():
        # Como lo acepta la búsqueda: `exp-2026-14`, `EXP2026014`, `EXP 2026 00014`.
        numeros = indicios_en([numero_expediente]).expedientes
        numero = numeros.pop() if len(numeros) == 1 else numero_expediente.strip().upper()
        expediente = session.exec(select(Expediente).where(Expediente.numero == numero)).first()
        if expediente is None:
            raise NoEncontrado(f"No existe el expediente {numero_expediente.strip()}.")
        exigir_no_archivado(expediente)
        patrono = session.get(Patrono, expediente.patrono_id)
    elif numero_patronal.strip():
        cifras = "".join(c for c in numero_patronal if c.isdigit())  # `310-145-678`
        patrono = session.exec(select(Patrono).where(Patrono.numero_patronal == cifras)).first()
        if patrono is None:
            raise NoEncontrado(f"No existe el patrono con número patronal {numero_patronal}.")
    else:
        raise ErrorDominio("Indique el número de expediente o el número patronal.")
    with con_motivo(session, motivo or "Vinculada a mano"):
        carta.expediente_id = expediente.id if expediente else None
        carta.patrono_id = patrono.id if patrono else None
        carta.vinculo_motivo = ("Vinculada a mano: " + motivo if motivo else "Vinculada a mano")[
            :500
        ]
        session.add(carta)
    return carta


def _exigir_expediente_no_archivado(session: Session, carta: Correspondencia) -> None:
    """ErrorDominio si la carta está vinculada a un expediente ya sellado y archivado."""
    if carta.expediente_id is not None:
        actual = session.get(Expediente, carta.expediente_id)
        if actual is not None:
            exigir_no_archivado(actual)


def desvincular_carta(*, session: Session, carta: Correspondencia, motivo: str) -> Correspondencia:
    """Quita el vínculo (vuelve a clasificación); el motivo es obligatorio."""
    if not motivo.strip():
        raise ErrorDominio("Para desvincular una carta hace falta un motivo.")
    _exigir_expediente_no_archivado(session, carta)
    with con_motivo(session, motivo):
        carta.expediente_id = None
        carta.patrono_id = None
        carta.vinculo_motivo = ""
        session.add(carta)
    return carta


def asignar_carta(
    *, session: Session, carta: Correspondencia, destinatario: Usuario, motivo: str = ""
) -> Correspondencia:
    """La deja a cargo de una persona; de `registrada` pasa a `asignada`."""
    if carta.estado not in ASIGNABLES:
        raise ErrorDominio("Una carta respondida o archivada no se reasigna.")
    if not destinatario.activo or destinatario.rol not in ROLES_CON_CARTAS:
        raise ErrorDominio(f"A {destinatario.nombre_completo} no se le pueden asignar cartas.")
    with con_motivo(session, motivo):
        carta.asignado_id = destinatario.id
        if carta.estado == EstadoCarta.REGISTRADA:
            carta.estado = EstadoCarta.ASIGNADA
        session.add(carta)
    return carta


def cambiar_estado_carta(
    *, session: Session, carta: Correspondencia, nuevo: str, motivo: str = ""
) -> Correspondencia:
    """Cambia el estado según las transiciones de `estados`; asignar se hace con `asignar`."""
    if nuevo == EstadoCarta.ASIGNADA:
        raise ErrorDominio("Para asignar una carta elija a la persona.")
    CICLO_CARTA.validar(carta.estado, nuevo, motivo)
    with con_motivo(session, motivo):
        carta.estado = nuevo
        if nuevo == EstadoCarta.RESPONDIDA:
            carta.respondida_en = ahora()
        session.add(carta)
    return carta


def cambiar_tipo_carta(
    *, session: Session, carta: Correspondencia, tipo: str, reglas: ReglasDePlazo
) -> Correspondencia:
    """Cambia el tipo y recalcula el plazo desde la recepción."""
    if tipo not in TIPOS_DE_CARTA:
        raise ErrorDominio(f"El tipo de correspondencia «{tipo}» no existe.")
    with con_motivo(session, f"Tipo cambiado a «{TIPOS_DE_CARTA[tipo]}»"):
        carta.tipo = tipo
        carta.vence_el = reglas.vencimiento(
            tipo=tipo, recibido_en=carta.recibido_en, automatico=carta.automatico
        )
        session.add(carta)
    return carta


def salientes_de(*, session: Session, carta: Correspondencia) -> list[Saliente]:
    """Las cartas salientes que responden a esta."""
    return list(
        session.exec(
            select(Saliente)
            .where(Saliente.responde_a_id == carta.id)
            .order_by(col(Saliente.numero))
        ).all()
    )
