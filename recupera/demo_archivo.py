"""La parte del archivo de la demostración: un expediente de cobro terminado (el patrono pagó),
con sus documentos escaneados, cerrado y sellado, para consultarlo en el archivo."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, select

from archivo import (
    Almacen,
    Bloqueo,
    Constancia,
    OrigenDocumento,
    Requisitos,
    incorporar_documento,
    pdf_de_constancia,
    sellar,
)
from expedientes import Expediente, Patrono, Usuario, abrir_expediente, registrar_gestion

RAZON_ARCHIVADO = "Constructora Izalco, S.A. de C.V."


def _escaneo(expediente: Expediente, patrono: Patrono, titulo: str, fecha: date) -> bytes:
    """Una hoja escaneada, legible: qué es, de quién y de cuándo."""
    return pdf_de_constancia(Constancia(
        titulo=titulo, numero=expediente.numero,
        campos=[("Patrono", patrono.razon_social), ("Número patronal", patrono.numero_patronal),
                ("Fecha", fecha.strftime("%d/%m/%Y"))],
        nota="Copia escaneada del documento original que consta en el expediente físico.",
    ))  # fmt: skip


def cargar_archivado(
    *, session: Session, almacen: Almacen, requisitos: Requisitos, bloqueos: list[Bloqueo],
    personas: dict[str, Usuario], hoy: date,
) -> Expediente:  # fmt: skip
    """Un expediente de cobro de hace tres meses: aviso, respuesta del patrono y constancia de
    pago, cerrado y sellado por el jefe."""
    patrono = session.exec(
        select(Patrono).where(col(Patrono.razon_social) == RAZON_ARCHIVADO)
    ).one()
    gestor, jefe = personas["gestor"], personas["jefe"]
    inicio = hoy - timedelta(days=90)
    expediente = abrir_expediente(session=session, numero_patronal=patrono.numero_patronal,
                                  tipo="cobro", hoy=inicio, gestor=gestor,
                                  asunto="Mora de planillas del primer semestre")  # fmt: skip
    registrar_gestion(session=session, expediente=expediente, tipo="llamada", fecha=inicio + timedelta(days=3),
                      nota="El contador reconoce la mora y ofrece pagar en un mes.", autor=gestor, hoy=hoy)  # fmt: skip
    documentos = [
        ("aviso_cobro", "Aviso de cobro (copia firmada de recibido)", inicio + timedelta(days=2)),
        (
            "correspondencia",
            "Respuesta del patrono: compromiso de pago",
            inicio + timedelta(days=10),
        ),
        (
            "constancia_aplicacion",
            "Constancia de pago total de la mora",
            inicio + timedelta(days=40),
        ),
    ]
    for tipo, titulo, fecha in documentos:
        pdf = _escaneo(expediente, patrono, titulo, fecha)
        sha = almacen.guardar(pdf)
        incorporar_documento(
            session=session, expediente=expediente, tipo=tipo, titulo=titulo, fecha=fecha,
            origen=OrigenDocumento.ESCANEADO, sha256=sha, sha256_pdf=sha, folios=1,
            nombre_archivo=f"{tipo}.pdf", tipo_mime="application/pdf", registrado_por_id=gestor.id,
        )  # fmt: skip
    sellar(session=session, almacen=almacen, expediente=expediente, usuario=jefe,
           requisitos=requisitos, bloqueos=bloqueos, hoy=hoy - timedelta(days=30))  # fmt: skip
    return expediente
