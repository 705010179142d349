"""La entrega en papel: el acuse de recibo firmado que trae el mensajero (o que firma quien retira
en ventanilla) se escanea y sube; la carta queda `entregada` en su fecha y el acuse, en el
expediente. Si vuelve sin entregar (dirección inexistente, rechazada), queda `devuelta` con el
motivo y espera a su gestor."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlmodel import Session

from archivo import Almacen, Requisitos, incorporar_escaneo, sin_ocr, tipo_de_escaneo
from correspondencia.envio import Canal
from correspondencia.modelos import Saliente
from correspondencia.salida import CICLO_SALIDA, EstadoSalida
from expedientes import (
    ZONA_LOCAL,
    AccesoDenegado,
    ErrorDominio,
    Expediente,
    Permiso,
    Usuario,
    con_motivo,
    fecha_larga,
    problemas_de_texto,
    puede,
)

S = EstadoSalida
_EN_PAPEL = (Canal.MENSAJERO, Canal.VENTANILLA)


def puede_registrar_entrega(
    usuario: Usuario | None, saliente: Saliente, expediente: Expediente | None
) -> bool:
    """Quien despacha la correspondencia (secretaria, jefe) o el gestor del expediente, sobre una
    carta en papel que salió o espera en ventanilla."""
    if usuario is None or not usuario.activo or saliente.canal not in _EN_PAPEL:
        return False
    if saliente.estado not in (S.ENVIADA, S.PENDIENTE):
        return False
    if puede(usuario, Permiso.REGISTRAR_CORRESPONDENCIA):
        return True
    return expediente is not None and puede(usuario, Permiso.REDACTAR_DOCUMENTO, expediente)


def _exigir(usuario: Usuario, saliente: Saliente, expediente: Expediente | None) -> None:
    if not puede_registrar_entrega(usuario, saliente, expediente):
        raise AccesoDenegado(
            f"{usuario.nombre_completo} no registra la entrega de {saliente.numero} en su estado."
        )


def registrar_entrega(
    *,
    session: Session,
    almacen: Almacen,
    requisitos: Requisitos,
    saliente: Saliente,
    expediente: Expediente | None,
    usuario: Usuario,
    escaneo: bytes,
    nombre_archivo: str,
    entregada_el: date | None,
    hoy: date,
) -> Saliente:
    """`entregada` en su fecha, con el acuse firmado guardado (y en el expediente)."""
    _exigir(usuario, saliente, expediente)
    problemas = _problemas_de_entrega(saliente, escaneo, entregada_el, hoy)
    if problemas:
        raise ErrorDominio(f"No se registró la entrega de {saliente.numero}.", problemas)
    assert entregada_el is not None
    saliente.acuse_sha256 = almacen.guardar(escaneo)
    if expediente is not None:
        incorporar_escaneo(
            session=session, almacen=almacen, expediente=expediente, escaneo=escaneo,
            nombre_archivo=nombre_archivo, tipo="correspondencia",
            titulo=f"Acuse de recibo de {saliente.numero}", fecha=entregada_el, ocr=sin_ocr(),
            usuario=usuario, requisitos=requisitos,
        )  # fmt: skip
    motivo = f"Acuse de recibo firmado el {fecha_larga(entregada_el)}"
    with con_motivo(session, motivo):
        saliente.estado = CICLO_SALIDA.validar(saliente.estado, S.ENTREGADA)
        saliente.entregado_en = datetime.combine(entregada_el, time(12), ZONA_LOCAL)
        saliente.motivo = motivo
        session.add(saliente)
    session.flush()
    return saliente


def _problemas_de_entrega(
    saliente: Saliente, escaneo: bytes, entregada_el: date | None, hoy: date
) -> list[str]:
    """Todo lo que impide registrar la entrega, junto."""
    problemas = []
    if not escaneo:
        problemas.append("Adjunte el escaneo del acuse de recibo firmado.")
    else:
        try:
            tipo_de_escaneo(escaneo)
        except ErrorDominio as exc:
            problemas.append(exc.mensaje)
    if entregada_el is None:
        problemas.append("Indique la fecha de entrega (AAAA-MM-DD).")
    elif entregada_el > hoy:
        problemas.append("La fecha de entrega no puede ser posterior a hoy.")
    elif entregada_el < saliente.emitida_el:
        problemas.append(f"La carta se emitió el {fecha_larga(saliente.emitida_el)}: no pudo "
                         "entregarse antes.")  # fmt: skip
    return problemas


def registrar_devolucion(
    *,
    session: Session,
    saliente: Saliente,
    expediente: Expediente | None,
    usuario: Usuario,
    motivo: str,
) -> Saliente:
    """`devuelta` con el motivo (dirección inexistente, rechazada…): espera a su gestor."""
    _exigir(usuario, saliente, expediente)
    problemas = problemas_de_texto(motivo, "El motivo", 1000)
    if not motivo.strip():
        problemas.append("Indique por qué volvió (dirección inexistente, rechazada, cerrado…).")
    if saliente.estado != S.ENVIADA:
        problemas.append(f"{saliente.numero} aún no salió: no pudo volver.")
    if problemas:
        raise ErrorDominio(f"No se registró la devolución de {saliente.numero}.", problemas)
    with con_motivo(session, motivo.strip()):
        saliente.estado = CICLO_SALIDA.validar(saliente.estado, S.DEVUELTA, motivo)
        saliente.motivo = motivo.strip()
        session.add(saliente)
    session.flush()
    return saliente
