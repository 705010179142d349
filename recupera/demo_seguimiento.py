"""El seguimiento en la demostración: un convenio al día y otro incumplido (firmados hace meses,
con sus pagos importados y su revisión de cuotas), y las metas del Plan Anual de cada sucursal.

Todo pasa por los servicios reales: el convenio es un documento generado, revisado por el jefe,
final y firmado; los pagos se importan de un CSV; la revisión genera el requerimiento y las
alertas. Así el panel del jefe tiene algo que mostrar desde el primer arranque.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from archivo import Requisitos, pdf_de_texto, sin_ocr
from expedientes import (
    DeudaPeriodo,
    Etapa,
    Expediente,
    Patrono,
    TipoExpediente,
    Usuario,
    escribir_csv,
    habil_desde,
)
from plantillas import (
    DocumentoGenerado,
    Parametros,
    aprobar_documento,
    crear_borrador,
    enviar_a_revision,
    finalizar_documento,
)
from seguimiento import (
    Convenio,
    CuotaConvenio,
    fijar_meta,
    importar_pagos,
    legalizar_convenio,
    registrar_convenio,
    revisar_cuotas,
)

DIAS_ATRAS = 150  # el convenio se firmó hace unos cinco meses


def _candidatos(session: Session, gestores: list[Usuario]) -> list[Expediente]:
    """Expedientes activos de los gestores (de convenio o de cobro), con mora que financiar."""
    con_mora = select(DeudaPeriodo.patrono_id).where(DeudaPeriodo.pagado == False)  # noqa: E712
    return list(
        session.exec(
            select(Expediente)
            .where(col(Expediente.gestor_id).in_([g.id for g in gestores]))
            .where(col(Expediente.tipo).in_([TipoExpediente.CONVENIO, TipoExpediente.COBRO]))
            .where(col(Expediente.etapa).in_([Etapa.EN_GESTION, Etapa.EN_CONVENIO]))
            .where(col(Expediente.patrono_id).in_(con_mora))
            .order_by(col(Expediente.tipo).desc(), col(Expediente.numero))  # convenio, luego cobro
        ).all()
    )


def _convenio_final(
    session: Session,
    p: Parametros,
    expediente: Expediente,
    gestor: Usuario,
    jefe: Usuario,
    firmado: date,
) -> DocumentoGenerado:
    """El convenio de pago del gestor, del borrador a final, aprobado por el jefe."""
    primera = habil_desde(firmado + timedelta(days=20))  # la primera cuota vence en día hábil
    datos = {
        "corte": firmado.isoformat(), "prima": "100.00", "cuotas": "6",
        "primera_fecha": primera.isoformat(), "periodicidad": "mensual",
    }  # fmt: skip
    documento = crear_borrador(
        session=session, p=p, expediente=expediente, plantilla="convenio_pago", datos=datos,
        autor=gestor, hoy=firmado,
    )  # fmt: skip
    enviar_a_revision(
        session=session, p=p, documento=documento, expediente=expediente, usuario=gestor
    )
    aprobar_documento(session=session, documento=documento, expediente=expediente, usuario=jefe,
                     sha256=documento.docx_sha256)  # fmt: skip
    finalizar_documento(session=session, p=p, documento=documento, expediente=expediente,
                       usuario=gestor, hoy=firmado)  # fmt: skip
    return documento


def _convenio_firmado(
    session: Session,
    p: Parametros,
    requisitos: Requisitos,
    expediente: Expediente,
    gestor: Usuario,
    jefe: Usuario,
    firmado: date,
) -> Convenio:
    """Del borrador a final, registrado y legalizado con su escaneo firmado."""
    documento = _convenio_final(session, p, expediente, gestor, jefe, firmado)
    convenio = registrar_convenio(
        session=session, almacen=p.almacen, documento=documento, usuario=gestor,
        cuotas_para_incumplir_predeterminado=2,
    )  # fmt: skip
    escaneo = pdf_de_texto(
        titulo=f"Convenio de pago {documento.numero} — firmado",
        campos=[("Expediente", expediente.numero), ("Firmado el", f"{firmado:%d/%m/%Y}")],
        parrafos=["Escaneo del convenio firmado por el patrono y por el Instituto."],
    )
    return legalizar_convenio(
        session=session, almacen=p.almacen, convenio=convenio, firmado_el=firmado,
        escaneo=escaneo, nombre_archivo=f"{documento.numero}-firmado.pdf", ocr=sin_ocr(),
        usuario=gestor, requisitos=requisitos, hoy=firmado,
    )  # fmt: skip


def _pagos(session: Session, firmados: list[Convenio], hoy: date) -> None:
    """Las primas de ambos; el primero paga cada cuota vencida, el segundo solo la primera."""
    filas = []
    for indice, convenio in enumerate(firmados):
        expediente = session.get(Expediente, convenio.expediente_id)
        patrono = session.get(Patrono, expediente.patrono_id) if expediente else None
        assert patrono is not None and convenio.firmado_el is not None
        pagos = [(convenio.firmado_el, convenio.prima, "P")]
        cuotas = session.exec(
            select(CuotaConvenio)
            .where(CuotaConvenio.convenio_id == convenio.id)
            .order_by(col(CuotaConvenio.numero))
        ).all()
        pagos += [(c.vence_el, c.monto, str(c.numero)) for c in cuotas if c.vence_el <= hoy]
        for fecha, monto, sufijo in pagos[: None if indice == 0 else 2]:
            filas.append({"numero_patronal": patrono.numero_patronal, "fecha": fecha.isoformat(),
                          "monto": f"{monto}", "referencia": f"DEMO-{patrono.numero_patronal}-{sufijo}"})  # fmt: skip
    columnas = ("numero_patronal", "fecha", "monto", "referencia")
    importar_pagos(session=session, contenido=escribir_csv(columnas, filas), hoy=hoy)


def _metas(session: Session, hoy: date) -> None:
    """Una meta mensual por sucursal para el año en curso."""
    sucursales = sorted(set(session.exec(select(Patrono.sucursal)).all()) - {""})
    for sucursal in sucursales:
        for mes in range(1, 13):
            fijar_meta(session=session, anio=hoy.year, mes=mes, sucursal=sucursal,
                            meta=Decimal("1500.00") + Decimal(mes * 50))  # fmt: skip


def cargar_seguimiento(
    *,
    session: Session,
    p: Parametros,
    requisitos: Requisitos,
    personas: dict[str, Usuario],
    hoy: date,
) -> None:
    """Convenios (al día e incumplido), pagos, revisión de cuotas y metas del Plan Anual; los
    convenios se legalizan con la lista de documentos requeridos de la instalación."""
    gestores = {u.id: u for u in (personas["gestor"], personas["gestora2"])}
    firmado = hoy - timedelta(days=DIAS_ATRAS)
    firmados = [
        _convenio_firmado(
            session, p, requisitos, e, gestores[e.gestor_id], personas["jefe"], firmado
        )
        for e in _candidatos(session, list(gestores.values()))[:2]
    ]
    if firmados:
        _pagos(session, firmados, hoy)
        revisar_cuotas(session=session, p=p, hoy=hoy, tolerancia_dias=5)
    _metas(session, hoy)
