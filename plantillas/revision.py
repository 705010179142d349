"""La revisión de un documento por el jefe, hasta dejarlo final.

`borrador` → `en_revision` → `observado` (con las observaciones del jefe, vuelve a su autor) →
`en_revision` → `aprobado` → `final`; `anulado` desde cualquiera salvo final, con motivo. El jefe
aprueba un sha256 concreto, el que vio: si el documento cambió, la aprobación se rechaza, y
editarlo después anula la aprobación. Nadie revisa lo que escribió.

Al quedar final: el `.docx` aprobado (verificado contra su huella) y su PDF/A-2b se incorporan al
expediente, y una carta saliente recibe su número `CS-AAAA-NNNNNN` y su Message-ID (y, si
responde a una carta registrada, la deja respondida).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from archivo.documentos import Origen, incorporar
from expedientes.auditoria import con_motivo
from expedientes.errores import ErrorDominio, TransicionNoPermitida
from expedientes.modelos import Expediente, Usuario
from expedientes.politica import AccesoDenegado, Permiso, puede, puede_sobre_documento
from expedientes.texto import problemas_de_texto
from expedientes.tipos import ahora
from plantillas.borradores import Parametros, exigir_abierto, registrar_evento
from plantillas.modelos import NOMBRES_ESTADO, DocumentoGenerado, EstadoDocumento, PlantillaVersion
from plantillas.pdf_verificacion import contar_paginas
from plantillas.puertos import correspondencia
from plantillas.versiones import contrato_de

E = EstadoDocumento
TRANSICIONES: dict[str, tuple[frozenset[str], str]] = {
    "enviar": (frozenset({E.BORRADOR, E.OBSERVADO}), E.EN_REVISION),
    "retirar": (frozenset({E.EN_REVISION}), E.BORRADOR),
    "observar": (frozenset({E.EN_REVISION}), E.OBSERVADO),
    "aprobar": (frozenset({E.EN_REVISION}), E.APROBADO),
    "finalizar": (frozenset({E.APROBADO}), E.FINAL),
    "anular": (frozenset({E.BORRADOR, E.EN_REVISION, E.OBSERVADO, E.APROBADO}), E.ANULADO),
}
NOMBRES_ACCION = {
    "crear": "Creado",
    "editar": "Editado",
    "enviar": "Enviado a revisión",
    "retirar": "Retirado de revisión",
    "observar": "Observado",
    "aprobar": "Aprobado",
    "finalizar": "Final",
    "anular": "Anulado",
}
_PERMISO = {
    "enviar": Permiso.REDACTAR_DOCUMENTO,
    "retirar": Permiso.REDACTAR_DOCUMENTO,
    "finalizar": Permiso.REDACTAR_DOCUMENTO,
    "anular": Permiso.REDACTAR_DOCUMENTO,
    "observar": Permiso.REVISAR_DOCUMENTO,
    "aprobar": Permiso.REVISAR_DOCUMENTO,
}


def acciones_posibles(
    usuario: Usuario | None, documento: DocumentoGenerado, expediente: Expediente
) -> list[str]:
    """Lo que esta persona puede hacer ahora con el documento."""
    return [
        accion
        for accion, (desde, _) in TRANSICIONES.items()
        if documento.estado in desde and _permitido(usuario, accion, documento, expediente)
    ]


def _permitido(
    usuario: Usuario | None, accion: str, documento: DocumentoGenerado, expediente: Expediente
) -> bool:
    """La política, y además: solo quien lo redactó (o generó su versión) lo retira de revisión."""
    if not puede_sobre_documento(usuario, _PERMISO[accion], documento, expediente):
        return False
    return accion != "retirar" or (
        usuario is not None and usuario.id in (documento.autor_id, documento.editado_por_id)
    )


def _comprobar(
    documento: DocumentoGenerado, expediente: Expediente, usuario: Usuario, accion: str
) -> None:
    """AccesoDenegado o TransicionNoPermitida si esta persona no puede hacer esto ahora."""
    if not _permitido(usuario, accion, documento, expediente):
        if _PERMISO[accion] == Permiso.REVISAR_DOCUMENTO and puede(
            usuario, Permiso.REVISAR_DOCUMENTO
        ):
            raise AccesoDenegado("Nadie revisa ni aprueba un documento que escribió.")
        if accion == "retirar" and puede(usuario, Permiso.REDACTAR_DOCUMENTO):
            raise AccesoDenegado("Solo quien lo redactó lo retira de revisión.")
        raise AccesoDenegado("No tiene permiso para realizar esta acción.")
    if documento.estado not in TRANSICIONES[accion][0]:
        raise TransicionNoPermitida(
            f"{documento.numero} está «{NOMBRES_ESTADO[E(documento.estado)]}»: no admite la "
            f"acción «{NOMBRES_ACCION[accion].lower()}»."
        )


def _pasar(
    session: Session,
    documento: DocumentoGenerado,
    expediente: Expediente,
    usuario: Usuario,
    accion: str,
    comentario: str = "",
) -> None:
    """Valida permiso y transición, cambia el estado y anota el evento."""
    _comprobar(documento, expediente, usuario, accion)
    anterior, hacia = documento.estado, TRANSICIONES[accion][1]
    with con_motivo(session, comentario):
        documento.estado = hacia
        documento.actualizado_en = ahora()
        session.add(documento)
    registrar_evento(session, documento, accion, anterior, usuario, comentario)


def _texto_obligatorio(valor: str, nombre: str, maximo: int, falta: str, mensaje: str) -> None:
    """ErrorDominio si el texto está vacío, es demasiado largo o trae caracteres de control."""
    problemas = problemas_de_texto(valor, nombre, maximo, multilinea=True)
    if not valor.strip():
        problemas.append(falta)
    if problemas:
        raise ErrorDominio(mensaje, problemas)


def _exigir_sha(documento: DocumentoGenerado, sha256: str) -> None:
    if sha256 != documento.docx_sha256:
        raise ErrorDominio(
            f"{documento.numero} cambió desde que lo abrió: revise la versión actual "
            f"(sha256 {documento.docx_sha256[:12]}…) antes de decidir."
        )


def textos_del_pdf(documento: DocumentoGenerado, expediente: Expediente) -> list[str]:
    """Lo que el PDF de un documento debe decir, como prueba de que su texto es legible."""
    return [documento.numero, expediente.numero]


def preparar_pdf(p: Parametros, documento: DocumentoGenerado, expediente: Expediente) -> bytes:
    """El PDF/A-2b del `.docx` actual, comprobado y guardado (la vista previa del jefe).

    La conversión lo verifica: existe, es un PDF, declara PDF/A-2B y su texto se puede extraer y
    trae el número del documento y el del expediente.
    """
    if documento.pdf_de_sha256 == documento.docx_sha256 and documento.pdf_sha256:
        return p.almacen.leer(documento.pdf_sha256)
    docx = p.almacen.leer(documento.docx_sha256)
    pdf = p.convertir_pdf(docx, textos_del_pdf(documento, expediente))
    documento.pdf_sha256 = p.almacen.guardar(pdf)
    documento.pdf_de_sha256 = documento.docx_sha256
    documento.folios = contar_paginas(pdf)
    return pdf


def enviar_a_revision(
    *,
    session: Session,
    p: Parametros,
    documento: DocumentoGenerado,
    expediente: Expediente,
    usuario: Usuario,
) -> DocumentoGenerado:
    """Lo pone en la cola del jefe, con su PDF para la vista previa."""
    _comprobar(documento, expediente, usuario, "enviar")
    preparar_pdf(p, documento, expediente)
    _pasar(session, documento, expediente, usuario, "enviar")
    return documento


def retirar(
    *, session: Session, documento: DocumentoGenerado, expediente: Expediente, usuario: Usuario
) -> DocumentoGenerado:
    """Lo saca de la cola del jefe para seguir editándolo."""
    _pasar(session, documento, expediente, usuario, "retirar")
    return documento


def observar(
    *,
    session: Session,
    documento: DocumentoGenerado,
    expediente: Expediente,
    usuario: Usuario,
    sha256: str,
    observaciones: str,
) -> DocumentoGenerado:
    """Lo devuelve a su autor con las observaciones (obligatorias) del jefe."""
    _texto_obligatorio(
        observaciones, "Las observaciones", 10000, "Escriba las observaciones para el autor.",
        "No se pudo devolver el documento.",
    )  # fmt: skip
    _comprobar(documento, expediente, usuario, "observar")
    _exigir_sha(documento, sha256)
    _pasar(session, documento, expediente, usuario, "observar", observaciones.strip())
    return documento


def aprobar(
    *,
    session: Session,
    documento: DocumentoGenerado,
    expediente: Expediente,
    usuario: Usuario,
    sha256: str,
) -> DocumentoGenerado:
    """Aprueba exactamente la versión con este sha256 (la que el jefe tiene a la vista)."""
    _comprobar(documento, expediente, usuario, "aprobar")
    _exigir_sha(documento, sha256)
    _pasar(session, documento, expediente, usuario, "aprobar")
    documento.aprobado_sha256 = sha256
    documento.aprobado_por_id = usuario.id
    documento.aprobado_en = ahora()
    session.add(documento)
    session.flush()
    return documento


def anular(
    *,
    session: Session,
    documento: DocumentoGenerado,
    expediente: Expediente,
    usuario: Usuario,
    motivo: str,
) -> DocumentoGenerado:
    """Lo deja sin efecto; su número queda anulado con el motivo (no se reutiliza)."""
    _texto_obligatorio(
        motivo, "El motivo", 1000, "Indique por qué se anula.", "No se pudo anular el documento."
    )
    documento.motivo_anulacion = motivo.strip()
    _pasar(session, documento, expediente, usuario, "anular", motivo.strip())
    return documento


def finalizar(
    *,
    session: Session,
    p: Parametros,
    documento: DocumentoGenerado,
    expediente: Expediente,
    usuario: Usuario,
    hoy: date,
) -> DocumentoGenerado:
    """Lo deja final: incorpora `.docx` y PDF/A al expediente y numera la carta saliente."""
    _comprobar(documento, expediente, usuario, "finalizar")
    exigir_abierto(expediente)
    if documento.aprobado_sha256 != documento.docx_sha256:
        raise ErrorDominio(f"{documento.numero} no tiene aprobada su versión actual.")
    p.almacen.leer(documento.docx_sha256)  # verifica que los bytes aprobados siguen intactos
    preparar_pdf(p, documento, expediente)
    _pasar(session, documento, expediente, usuario, "finalizar")
    assert documento.pdf_sha256 is not None and documento.folios is not None
    version = session.get(PlantillaVersion, documento.plantilla_version_id)
    assert version is not None
    contrato = contrato_de(version)
    if contrato.saliente:
        salida = correspondencia().registrar_salida(
            session=session,
            asunto=documento.asunto,
            destinatario=documento.destinatario,
            emitida_el=hoy,
            expediente_id=expediente.id or 0,
            responde_a=documento.responde_a,
            autor_id=documento.autor_id,
        )
        documento.saliente_numero, documento.message_id = salida.numero, salida.message_id
    incorporar(
        session=session,
        expediente=expediente,
        tipo=contrato.nombre,
        titulo=f"{contrato.titulo} {documento.numero}",
        fecha=documento.fecha,
        origen=Origen.GENERADO,
        sha256=documento.docx_sha256,
        sha256_pdf=documento.pdf_sha256,
        folios=documento.folios,
        referencia=documento.numero,
        nombre_archivo=f"{documento.numero}.docx",
        tipo_mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        texto=documento.texto,
        registrado_por_id=usuario.id,
    )
    documento.finalizado_por_id = usuario.id
    documento.final_en = ahora()
    session.add(documento)
    session.flush()
    return documento
