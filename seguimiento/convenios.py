"""Los convenios de pago: registrarlos desde su documento final, legalizarlos con el escaneo
firmado, rehabilitar uno caído y listarlos con lo pagado.

El convenio es exactamente el documento que se firmó: sus cuotas se leen de la tabla de
amortización del `.docx` final (`seguimiento.convenios_lectura`). Los pagos los aplica
`seguimiento.pagos`; las cuotas vencidas las revisa `seguimiento.revision_cuotas`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from archivo.almacen import Almacen
from archivo.documentos import esta_sellado
from archivo.incorporacion import incorporar_escaneo
from archivo.ocr import ResultadoOcr
from archivo.requisitos import Requisitos
from expedientes.casos import cambiar_etapa
from expedientes.errores import ErrorDominio
from expedientes.etapas import TRANSICIONES, Etapa
from expedientes.modelos import Expediente, Patrono, Usuario
from expedientes.politica import Permiso, exigir
from plantillas.formatos import moneda
from plantillas.lectura import leer_docx
from plantillas.modelos import DocumentoGenerado, EstadoDocumento, PlantillaVersion
from plantillas.versiones import contrato_de
from seguimiento.aplicacion_pagos import aplicar_pendientes
from seguimiento.convenios_estados import (
    EN_CURSO,
    NOMBRES_ESTADO,
    EstadoConvenio,
    cambiar_estado,
    validar_transicion,
)
from seguimiento.convenios_lectura import leer_convenio
from seguimiento.modelos import Convenio, CuotaConvenio

PLANTILLA = "convenio_pago"
TIPO_ESCANEO = "convenio_firmado"


def _expediente(session: Session, convenio_o_documento: Convenio | DocumentoGenerado) -> Expediente:
    expediente = session.get(Expediente, convenio_o_documento.expediente_id)
    assert expediente is not None
    if esta_sellado(session, expediente.id):
        raise ErrorDominio(
            f"El expediente {expediente.numero} está sellado y archivado: su convenio ya no cambia."
        )
    return expediente


def _exigir_documento_final(documento: DocumentoGenerado) -> None:
    if documento.plantilla != PLANTILLA:
        raise ErrorDominio(f"{documento.numero} no es un convenio de pago ({documento.titulo}).")
    if documento.estado != EstadoDocumento.FINAL:
        raise ErrorDominio(
            f"{documento.numero} está {documento.estado.replace('_', ' ')}: el convenio se "
            "registra desde el documento final, aprobado por el jefe."
        )


def _exigir_unico(session: Session, documento: DocumentoGenerado, expediente: Expediente) -> None:
    registrado = session.exec(
        select(Convenio).where(Convenio.documento_numero == documento.numero)
    ).first()
    if registrado is not None:
        raise ErrorDominio(
            f"El convenio {documento.numero} ya está registrado "
            f"({NOMBRES_ESTADO[EstadoConvenio(registrado.estado)].lower()})."
        )
    en_curso = session.exec(
        select(Convenio).where(
            Convenio.expediente_id == expediente.id, col(Convenio.estado).in_(list(EN_CURSO))
        )
    ).first()
    if en_curso is not None:
        raise ErrorDominio(
            f"El expediente {expediente.numero} ya tiene el convenio {en_curso.documento_numero} "
            f"({NOMBRES_ESTADO[EstadoConvenio(en_curso.estado)].lower()}): un convenio a la vez."
        )


def crear_desde_documento(
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
    expediente = _expediente(session, documento)
    exigir(usuario, Permiso.REDACTAR_DOCUMENTO, expediente)
    _exigir_unico(session, documento, expediente)
    version = session.get(PlantillaVersion, documento.plantilla_version_id)
    assert version is not None
    leido = leer_convenio(
        leer_docx(almacen.leer(documento.docx_sha256)),
        contrato_de(version),
        dict(documento.entradas),
        cuotas_para_incumplir_predeterminado,
    )
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


def _fecha_del_documento(session: Session, convenio: Convenio) -> date:
    documento = session.exec(
        select(DocumentoGenerado).where(DocumentoGenerado.numero == convenio.documento_numero)
    ).one()
    return documento.fecha


def legalizar(
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
    expediente = _expediente(session, convenio)
    exigir(usuario, Permiso.INCORPORAR_DOCUMENTO, expediente)
    validar_transicion(convenio.estado, EstadoConvenio.LEGALIZADO, "")
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
    incorporado = incorporar_escaneo(
        session=session, almacen=almacen, expediente=expediente, escaneo=escaneo,
        nombre_archivo=nombre_archivo, tipo=TIPO_ESCANEO,
        titulo=f"Convenio de pago firmado {convenio.documento_numero}", fecha=firmado_el,
        ocr=ocr, usuario=usuario, requisitos=requisitos,
    )  # fmt: skip
    cambiar_estado(
        session, convenio, EstadoConvenio.LEGALIZADO,
        firmado_el=firmado_el, escaneo_orden=incorporado.orden,
    )  # fmt: skip
    mover_expediente(session, expediente, Etapa.EN_CONVENIO, f"Convenio {convenio.documento_numero} firmado", hoy)  # fmt: skip
    if convenio.prima == 0:
        cambiar_estado(session, convenio, EstadoConvenio.VIGENTE, vigente_desde=firmado_el)
    session.flush()
    aplicar_pendientes(session, convenio=convenio, patrono_id=expediente.patrono_id, hoy=hoy)
    session.flush()
    return convenio


def mover_expediente(
    session: Session, expediente: Expediente, nueva: Etapa, motivo: str, hoy: date
) -> None:
    """El expediente sigue a su convenio: a «Convenio vigente» al firmarse o rehabilitarse, de
    vuelta a gestión al incumplirse; solo si su etapa lo permite (no saca a nadie de Jurídica)."""
    if nueva in TRANSICIONES.get(Etapa(expediente.etapa), frozenset()):
        cambiar_etapa(session=session, expediente=expediente, nueva=nueva, hoy=hoy, motivo=motivo)


def rehabilitar(
    *, session: Session, convenio: Convenio, usuario: Usuario, motivo: str, hoy: date
) -> Convenio:
    """Vuelve vigente un convenio incumplido (con motivo) y le aplica los pagos que llegaron
    mientras estuvo caído."""
    expediente = _expediente(session, convenio)
    exigir(usuario, Permiso.REHABILITAR_CONVENIO, expediente)
    cambiar_estado(session, convenio, EstadoConvenio.VIGENTE, motivo=motivo, cerrado_el=None)
    mover_expediente(session, expediente, Etapa.EN_CONVENIO, f"Convenio {convenio.documento_numero} rehabilitado: {motivo}", hoy)  # fmt: skip
    session.flush()
    aplicar_pendientes(session, convenio=convenio, patrono_id=expediente.patrono_id, hoy=hoy)
    session.flush()
    return convenio


@dataclass(frozen=True)
class FilaConvenio:
    """Un convenio con su expediente, su patrono y cuánto lleva pagado."""

    convenio: Convenio
    expediente: str
    numero_patronal: str
    razon_social: str
    cuotas: list[CuotaConvenio]

    @property
    def pagado(self) -> Decimal:
        """La prima pagada más lo pagado de las cuotas."""
        return self.convenio.prima_pagada + sum((c.pagado for c in self.cuotas), Decimal("0.00"))

    @property
    def saldo(self) -> Decimal:
        """Lo que falta por pagar del total convenido."""
        return self.convenio.total - self.pagado

    @property
    def proxima(self) -> CuotaConvenio | None:
        """La primera cuota que no está pagada del todo."""
        return next((c for c in self.cuotas if c.pagado < c.monto), None)

    def como_dict(self) -> dict[str, Any]:
        """Para JSON: montos como texto exacto, fechas ISO."""
        c, proxima = self.convenio, self.proxima
        return {
            "convenio": c.documento_numero,
            "expediente": self.expediente,
            "numero_patronal": self.numero_patronal,
            "razon_social": self.razon_social,
            "estado": c.estado,
            "prima": str(c.prima),
            "prima_pagada": str(c.prima_pagada),
            "financiado": str(c.financiado),
            "total": str(c.total),
            "pagado": str(self.pagado),
            "saldo": str(self.saldo),
            "cuotas": len(self.cuotas),
            "cuotas_pagadas": sum(1 for q in self.cuotas if q.pagado == q.monto),
            "proxima_cuota": proxima.numero if proxima else None,
            "proximo_vencimiento": proxima.vence_el.isoformat() if proxima else None,
            "firmado_el": c.firmado_el.isoformat() if c.firmado_el else None,
            "vigente_desde": c.vigente_desde.isoformat() if c.vigente_desde else None,
            "cerrado_el": c.cerrado_el.isoformat() if c.cerrado_el else None,
        }


def listar(
    *, session: Session, estado: str | None = None, expediente_id: int | None = None
) -> list[FilaConvenio]:
    """Los convenios (de un estado o un expediente, si se indica), del más antiguo al más
    reciente."""
    if estado is not None and estado not in set(EstadoConvenio):
        raise ErrorDominio(
            f"El estado «{estado}» no existe; use uno de: {', '.join(EstadoConvenio)}."
        )
    filtros = []
    if estado is not None:
        filtros.append(col(Convenio.estado) == estado)
    if expediente_id is not None:
        filtros.append(col(Convenio.expediente_id) == expediente_id)
    filas = session.exec(
        select(Convenio, Expediente.numero, Patrono.numero_patronal, Patrono.razon_social)
        .join(Expediente, col(Expediente.id) == col(Convenio.expediente_id))
        .join(Patrono, col(Patrono.id) == col(Expediente.patrono_id))
        .where(*filtros)
        .order_by(col(Convenio.id))
    ).all()
    cuotas: dict[int, list[CuotaConvenio]] = {}
    for cuota in session.exec(
        select(CuotaConvenio)
        .join(Convenio, col(Convenio.id) == col(CuotaConvenio.convenio_id))
        .where(*filtros)
        .order_by(col(CuotaConvenio.vence_el), col(CuotaConvenio.numero))
    ).all():
        cuotas.setdefault(cuota.convenio_id, []).append(cuota)
    return [FilaConvenio(c, e, n, r, cuotas.get(c.id or 0, [])) for c, e, n, r in filas]


def pendientes_para_sellar(session: Session, expediente_id: int) -> list[str]:
    """Los convenios del expediente que no han terminado (un `Bloqueo` de `archivo.sellado`)."""
    return [
        f"Convenio {c.documento_numero} {NOMBRES_ESTADO[EstadoConvenio(c.estado)].lower()}: "
        f"saldo {moneda(fila.saldo)}."
        for fila in listar(session=session, expediente_id=expediente_id)
        if (c := fila.convenio).estado in EN_CURSO
    ]
