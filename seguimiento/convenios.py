"""Los convenios de pago ya registrados: legalizarlos con el escaneo firmado y rehabilitar uno
caído; lo que cada persona puede hacer con uno, ahora.

Se registran desde su documento final en `seguimiento.convenios_registro`. Los pagos los aplica
`seguimiento.pagos`; las cuotas vencidas las revisa `seguimiento.revision_cuotas`; la lista,
`seguimiento.convenios_consultas`.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from archivo import Almacen, Requisitos, ResultadoOcr, esta_sellado, incorporar_escaneo
from expedientes import (
    CICLO_EXPEDIENTE,
    ETAPAS_FINALES,
    NOMBRES_ETAPA,
    ErrorDominio,
    Etapa,
    Expediente,
    Permiso,
    Usuario,
    cambiar_etapa,
    exigir,
)
from plantillas import (
    DocumentoGenerado,
    documento_por_numero,
)
from seguimiento.aplicacion_pagos import aplicar_pendientes
from seguimiento.convenios_estados import (
    CICLO_CONVENIO,
    CONVENIOS_EN_CURSO,
    NOMBRES_ESTADO_CONVENIO,
    EstadoConvenio,
    cambiar_estado_convenio,
)
from seguimiento.modelos import Convenio

TIPO_ESCANEO = "convenio_firmado"


# Lo que se hace a mano con un convenio ya registrado, con el permiso que lo autoriza.
ACCIONES_CONVENIO = {
    "legalizar": Permiso.LEGALIZAR_CONVENIO,
    "rehabilitar": Permiso.REHABILITAR_CONVENIO,
}


def expediente_que_cambia(
    session: Session, convenio_o_documento: Convenio | DocumentoGenerado
) -> Expediente:
    """El expediente del convenio o de su documento; ErrorDominio si ya está sellado."""
    expediente = session.get(Expediente, convenio_o_documento.expediente_id)
    assert expediente is not None
    if esta_sellado(session, expediente.id):
        raise ErrorDominio(
            f"El expediente {expediente.numero} está sellado y archivado: su convenio ya no cambia."
        )
    return expediente


def _exigir_accion(
    session: Session, usuario: Usuario | None, convenio: Convenio, accion: str, motivo: str = "x"
) -> Expediente:
    """El expediente, si esta persona puede hacer ahora `accion` con el convenio; si no, el error
    que dice por qué (permiso, expediente archivado o cerrado, otro convenio en curso, estado)."""
    expediente = expediente_que_cambia(session, convenio)
    exigir(usuario, ACCIONES_CONVENIO[accion], expediente)
    if expediente.etapa in ETAPAS_FINALES:
        etapa = NOMBRES_ETAPA[Etapa(expediente.etapa)].lower()
        raise ErrorDominio(
            f"El expediente {expediente.numero} está {etapa}: su convenio {convenio.documento_numero} ya no cambia."
        )
    if accion == "rehabilitar":
        _exigir_unico_en_curso(session, expediente, convenio)
    destino = EstadoConvenio.LEGALIZADO if accion == "legalizar" else EstadoConvenio.VIGENTE
    CICLO_CONVENIO.validar(convenio.estado, destino, motivo)
    return expediente


def _exigir_unico_en_curso(session: Session, expediente: Expediente, convenio: Convenio) -> None:
    """Volver vigente un convenio mientras otro está en curso dejaría dos a la vez."""
    otro = session.exec(
        select(Convenio).where(
            Convenio.expediente_id == expediente.id,
            Convenio.id != convenio.id,
            col(Convenio.estado).in_(list(CONVENIOS_EN_CURSO)),
        )
    ).first()
    if otro is not None:
        estado = NOMBRES_ESTADO_CONVENIO[EstadoConvenio(otro.estado)].lower()
        raise ErrorDominio(
            f"El expediente {expediente.numero} ya tiene el convenio {otro.documento_numero} "
            f"({estado}): un convenio a la vez."
        )


def acciones_sobre_convenio(
    *, session: Session, usuario: Usuario | None, convenio: Convenio
) -> list[str]:
    """Lo que esta persona puede hacer ahora con el convenio («legalizar», «rehabilitar»): lo
    mismo que los servicios le dejarían hacer."""
    posibles = []
    for accion in ACCIONES_CONVENIO:
        try:
            _exigir_accion(session, usuario, convenio, accion)
        except ErrorDominio:
            continue
        posibles.append(accion)
    return posibles


def _fecha_del_documento(session: Session, convenio: Convenio) -> date:
    """La fecha del documento desde el que se registró el convenio."""
    documento = documento_por_numero(session=session, numero=convenio.documento_numero)
    assert documento is not None  # el convenio se registró desde él
    return documento.fecha


def legalizar_convenio(
    *,
    session: Session,
    almacen: Almacen,
    convenio: Convenio,
    firmado_el: date,
    escaneo: bytes,
    nombre_archivo: str,
    ocr: ResultadoOcr,
    usuario: Usuario,
    requisitos: Requisitos,
    hoy: date,
) -> Convenio:
    """Lo deja legalizado: fecha de firma y escaneo firmado en el expediente. Sin prima queda
    vigente de inmediato; si la prima ya se pagó (pago importado antes), también."""
    expediente = _exigir_accion(session, usuario, convenio, "legalizar")
    _exigir_firma(session, convenio, escaneo, firmado_el, hoy)
    incorporado = incorporar_escaneo(
        session=session, almacen=almacen, expediente=expediente, escaneo=escaneo,
        nombre_archivo=nombre_archivo, tipo=TIPO_ESCANEO,
        titulo=f"Convenio de pago firmado {convenio.documento_numero}", fecha=firmado_el,
        ocr=ocr, usuario=usuario, requisitos=requisitos,
    )  # fmt: skip
    cambiar_estado_convenio(
        session, convenio, EstadoConvenio.LEGALIZADO,
        firmado_el=firmado_el, escaneo_orden=incorporado.orden,
    )  # fmt: skip
    mover_expediente(session, expediente, Etapa.EN_CONVENIO, f"Convenio {convenio.documento_numero} firmado", hoy)  # fmt: skip
    if convenio.prima == 0:
        cambiar_estado_convenio(session, convenio, EstadoConvenio.VIGENTE, vigente_desde=firmado_el)
    session.flush()
    aplicar_pendientes(session, convenio=convenio, patrono_id=expediente.patrono_id, hoy=hoy)
    session.flush()
    return convenio


def _exigir_firma(
    session: Session, convenio: Convenio, escaneo: bytes, firmado_el: date, hoy: date
) -> None:
    """ErrorDominio si falta el escaneo firmado o la firma es futura o anterior al convenio."""
    del_documento = _fecha_del_documento(session, convenio)
    problemas = []
    if not escaneo:
        problemas.append("Falta el escaneo del convenio firmado por ambas partes.")
    if firmado_el > hoy:
        problemas.append(f"La fecha de firma ({firmado_el:%d/%m/%Y}) no puede ser futura.")
    if firmado_el < del_documento:
        problemas.append(
            f"La fecha de firma ({firmado_el:%d/%m/%Y}) no puede ser anterior a la del "
            f"convenio ({del_documento:%d/%m/%Y})."
        )
    if problemas:
        raise ErrorDominio(f"El convenio {convenio.documento_numero} no se legalizó.", problemas)


def mover_expediente(
    session: Session, expediente: Expediente, nueva: Etapa, motivo: str, hoy: date
) -> None:
    """El expediente sigue a su convenio: a «Convenio vigente» al firmarse o rehabilitarse, de
    vuelta a gestión al incumplirse; solo si su etapa lo permite (no saca a nadie de Jurídica)."""
    if CICLO_EXPEDIENTE.permite(expediente.etapa, nueva):
        cambiar_etapa(session=session, expediente=expediente, nueva=nueva, hoy=hoy, motivo=motivo)


def rehabilitar_convenio(
    *, session: Session, convenio: Convenio, usuario: Usuario, motivo: str, hoy: date
) -> Convenio:
    """Vuelve vigente un convenio incumplido (con motivo) y le aplica los pagos que llegaron
    mientras estuvo caído."""
    expediente = _exigir_accion(session, usuario, convenio, "rehabilitar", motivo)
    cambiar_estado_convenio(
        session, convenio, EstadoConvenio.VIGENTE, motivo=motivo, cerrado_el=None
    )
    mover_expediente(session, expediente, Etapa.EN_CONVENIO, f"Convenio {convenio.documento_numero} rehabilitado: {motivo}", hoy)  # fmt: skip
    session.flush()
    aplicar_pendientes(session, convenio=convenio, patrono_id=expediente.patrono_id, hoy=hoy)
    session.flush()
    return convenio
