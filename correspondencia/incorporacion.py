"""Incorporar una carta entrante al expediente al que está vinculada: pasa a ser un documento
del expediente (origen `entrante`), con su original y un PDF que se folia.

- Una carta en papel: el original es el escaneo; su PDF, el del OCR (o el escaneo si ya es PDF).
- Un correo: el original es el `.eml` tal como llegó; su PDF, el mensaje (remitente,
  destinatarios, fecha, asunto y cuerpo) seguido de sus adjuntos PDF en orden.
"""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader, PdfWriter
from sqlmodel import Session, col, select

from archivo import (
    ERRORES_DE_PDF,
    Almacen,
    DocumentoExpediente,
    OrigenDocumento,
    Requisitos,
    documentos_de,
    exigir_tipo,
    incorporar_documento,
    paginas_de_pdf,
    pdf_de_texto,
)
from correspondencia.modelos import Adjunto, Correspondencia
from expedientes import (
    ZONA_LOCAL,
    AccesoDenegado,
    ErrorDominio,
    Expediente,
    Permiso,
    Usuario,
    puede,
)

# El tipo de documento que corresponde, por omisión, a cada tipo de carta.
TIPO_POR_CARTA = {"solicitud_patrono": "solicitud_patrono"}


def _adjuntos(session: Session, carta: Correspondencia) -> list[Adjunto]:
    """Los adjuntos de la carta en su orden."""
    return list(
        session.exec(
            select(Adjunto)
            .where(Adjunto.correspondencia_id == carta.id)
            .order_by(col(Adjunto.orden))
        ).all()
    )


def _expediente_de_la_carta(
    session: Session, carta: Correspondencia, usuario: Usuario
) -> Expediente:
    """El expediente al que está vinculada la carta, si esta persona puede agregarle documentos."""
    expediente = session.get(Expediente, carta.expediente_id) if carta.expediente_id else None
    if expediente is None:
        raise ErrorDominio(f"{carta.numero} no está vinculada a un expediente: vincúlela antes.")
    if not puede(usuario, Permiso.INCORPORAR_DOCUMENTO, expediente):
        raise AccesoDenegado(
            f"{usuario.nombre_completo} no puede agregar documentos a {expediente.numero}."
        )
    return expediente


def _exigir_no_incorporada(
    session: Session, carta: Correspondencia, expediente: Expediente
) -> None:
    """ErrorDominio si la carta ya es un documento del expediente."""
    # Bloquea el expediente antes de mirar si ya está: dos incorporaciones a la vez no la duplican.
    session.exec(
        select(Expediente.id).where(Expediente.id == expediente.id).with_for_update()
    ).one()
    if any(
        d.referencia == carta.numero
        for d in documentos_de(session=session, expediente_id=expediente.id or 0)
    ):
        raise ErrorDominio(f"{carta.numero} ya está incorporada al expediente {expediente.numero}.")


def _pdf_del_correo(carta: Correspondencia, adjuntos: list[Adjunto], almacen: Almacen) -> bytes:
    """El mensaje como PDF legible, seguido de cada adjunto PDF que se pueda abrir."""
    campos = [
        ("De", carta.remitente),
        ("Para", ", ".join(carta.destinatarios)),
        ("Recibido", f"{carta.recibido_en.astimezone(ZONA_LOCAL):%d/%m/%Y %H:%M}"),
        ("Asunto", carta.asunto),
        ("Su referencia", carta.referencia_remitente),
        ("Adjuntos", ", ".join(a.nombre for a in adjuntos) or "ninguno"),
    ]
    cuerpo = pdf_de_texto(
        titulo=f"Correo electrónico {carta.numero}",
        campos=[(e, v) for e, v in campos if v],
        parrafos=(carta.texto or "(sin texto)").splitlines(),
    )
    escritor = PdfWriter()
    escritor.append(PdfReader(BytesIO(cuerpo)))
    for adjunto in adjuntos:
        datos = almacen.leer(adjunto.sha256)
        if adjunto.tipo_mime == "application/pdf" and paginas_de_pdf(datos):
            try:
                escritor.append(PdfReader(BytesIO(datos)))
            except ERRORES_DE_PDF:
                continue  # un adjunto ilegible queda en el .eml original, que es el registro
    salida = BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def _rendicion(
    carta: Correspondencia, adjuntos: list[Adjunto], almacen: Almacen
) -> tuple[bytes, str, str]:
    """(PDF que se folia, nombre del original, tipo MIME del original)."""
    if carta.origen == "papel":
        escaneo = next(a for a in adjuntos if a.clase == "escaneo")
        ocr = next((a for a in adjuntos if a.clase == "ocr"), None)
        if ocr is not None:
            return almacen.leer(ocr.sha256), escaneo.nombre, escaneo.tipo_mime
        if escaneo.tipo_mime == "application/pdf":
            return almacen.leer(escaneo.sha256), escaneo.nombre, escaneo.tipo_mime
        raise ErrorDominio(
            f"El escaneo de {carta.numero} es una imagen sin OCR: no hay PDF que foliar.",
            ["Registre de nuevo la carta con OCR, o incorpore un PDF del escaneo."],
        )
    return (
        _pdf_del_correo(carta, adjuntos, almacen),
        carta.nombre_archivo or f"{carta.numero}.eml",
        "message/rfc822",
    )


def incorporar_carta(
    *,
    session: Session,
    almacen: Almacen,
    carta: Correspondencia,
    tipo: str,
    usuario: Usuario,
    requisitos: Requisitos,
) -> DocumentoExpediente:
    """La carta vinculada pasa a ser un documento de su expediente (una sola vez)."""
    expediente = _expediente_de_la_carta(session, carta, usuario)
    exigir_tipo(requisitos, tipo)
    _exigir_no_incorporada(session, carta, expediente)
    adjuntos = _adjuntos(session, carta)
    pdf, nombre, tipo_mime = _rendicion(carta, adjuntos, almacen)
    textos = [carta.texto, carta.texto_ocr, *(a.texto for a in adjuntos if a.clase != "ocr")]
    return incorporar_documento(
        session=session,
        expediente=expediente,
        tipo=tipo,
        titulo=(carta.asunto or f"Carta de {carta.remitente}")[:300],
        fecha=carta.recibido_en.astimezone(ZONA_LOCAL).date(),
        origen=OrigenDocumento.ENTRANTE,
        sha256=next((a.sha256 for a in adjuntos if a.clase == "escaneo"), carta.sha256),
        sha256_pdf=almacen.guardar(pdf),
        folios=paginas_de_pdf(pdf) or 1,
        referencia=carta.numero,
        nombre_archivo=nombre[:255],
        tipo_mime=tipo_mime,
        texto="\n".join(t for t in textos if t),
        registrado_por_id=usuario.id,
    )
