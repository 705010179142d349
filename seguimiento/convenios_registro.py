"""Registrar un convenio de pago desde su documento final: el convenio en borrador, con sus cuotas
tal como las dice la tabla de amortización del `.docx` (`seguimiento.convenios_lectura`).

El convenio es exactamente el documento que se firmó; legalizarlo y rehabilitarlo, en
`seguimiento.convenios`.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from archivo import Almacen
from expedientes import ErrorDominio, Expediente, Permiso, Usuario, exigir
from plantillas import (
    DocumentoGenerado,
    EstadoDocumento,
    PlantillaVersion,
    contrato_de,
    documento_por_numero,
    leer_docx,
)
from seguimiento.convenios import expediente_que_cambia
from seguimiento.convenios_estados import (
    CONVENIOS_EN_CURSO,
    NOMBRES_ESTADO_CONVENIO,
    EstadoConvenio,
)
from seguimiento.convenios_lectura import ConvenioLeido, leer_convenio
from seguimiento.modelos import Convenio, CuotaConvenio

PLANTILLA_CONVENIO = "convenio_pago"


def _exigir_documento_final(documento: DocumentoGenerado) -> None:
    """ErrorDominio si el documento no es un convenio de pago final."""
    if documento.plantilla != PLANTILLA_CONVENIO:
        raise ErrorDominio(f"{documento.numero} no es un convenio de pago ({documento.titulo}).")
    if documento.estado != EstadoDocumento.FINAL:
        raise ErrorDominio(
            f"{documento.numero} está {documento.estado.replace('_', ' ')}: el convenio se "
            "registra desde el documento final, aprobado por el jefe."
        )


def _exigir_unico(session: Session, documento: DocumentoGenerado, expediente: Expediente) -> None:
    """ErrorDominio si ese convenio ya se registró o el expediente ya tiene otro en curso."""
    registrado = session.exec(
        select(Convenio).where(Convenio.documento_numero == documento.numero)
    ).first()
    if registrado is not None:
        raise ErrorDominio(
            f"El convenio {documento.numero} ya está registrado "
            f"({NOMBRES_ESTADO_CONVENIO[EstadoConvenio(registrado.estado)].lower()})."
        )
    en_curso = session.exec(
        select(Convenio).where(
            Convenio.expediente_id == expediente.id,
            col(Convenio.estado).in_(list(CONVENIOS_EN_CURSO)),
        )
    ).first()
    if en_curso is not None:
        raise ErrorDominio(
            f"El expediente {expediente.numero} ya tiene el convenio {en_curso.documento_numero} "
            f"({NOMBRES_ESTADO_CONVENIO[EstadoConvenio(en_curso.estado)].lower()}): un convenio a la vez."
        )


def documento_del_convenio(
    *, session: Session, expediente: Expediente, numero: str
) -> DocumentoGenerado:
    """El documento `numero` de este expediente desde el que se registra su convenio."""
    documento = documento_por_numero(session=session, numero=numero)
    if documento is None or documento.expediente_id != expediente.id:
        raise ErrorDominio(
            "Elija el convenio de pago final de este expediente que se va a registrar."
        )
    return documento


def registrar_convenio(
    *,
    session: Session,
    almacen: Almacen,
    documento: DocumentoGenerado,
    usuario: Usuario,
    cuotas_para_incumplir_predeterminado: int,
) -> Convenio:
    """Registra en borrador el convenio del documento final `convenio_pago`, con sus cuotas tal
    como las dice su tabla de amortización."""
    _exigir_documento_final(documento)
    expediente = expediente_que_cambia(session, documento)
    exigir(usuario, Permiso.REDACTAR_DOCUMENTO, expediente)
    _exigir_unico(session, documento, expediente)
    leido = _leer_del_documento(session, almacen, documento, cuotas_para_incumplir_predeterminado)
    convenio = Convenio(
        expediente_id=expediente.id,  # type: ignore[arg-type]
        documento_numero=documento.numero,
        estado=EstadoConvenio.BORRADOR,
        prima=leido.prima,
        financiado=leido.financiado,
        total=leido.total,
        cuotas_para_incumplir=leido.cuotas_para_incumplir,
    )
    session.add(convenio)
    session.flush()
    session.add_all(
        CuotaConvenio(
            convenio_id=convenio.id,  # type: ignore[arg-type]
            numero=c.numero,
            vence_el=c.vence_el,
            monto=c.monto,
        )
        for c in leido.cuotas
    )
    session.flush()
    return convenio


def _leer_del_documento(
    session: Session, almacen: Almacen, documento: DocumentoGenerado, predeterminado: int
) -> ConvenioLeido:
    """El convenio tal como lo dice el `.docx` final, leído con el contrato de su plantilla."""
    version = session.get(PlantillaVersion, documento.plantilla_version_id)
    assert version is not None
    return leer_convenio(
        leer_docx(almacen.leer(documento.docx_sha256)),
        contrato_de(version),
        dict(documento.entradas),
        predeterminado,
    )
