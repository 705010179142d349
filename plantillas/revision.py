"""La revisión de un documento por el jefe, hasta dejarlo final.

`borrador` → `en_revision` → `observado` (con las observaciones del jefe, vuelve a su autor) →
`en_revision` → `aprobado` → `final`; `anulado` desde cualquiera salvo final, con motivo. El jefe
aprueba un sha256 concreto, el que vio: si el documento cambió, la aprobación se rechaza, y
editarlo después anula la aprobación. Nadie revisa lo que escribió.

Al quedar final: el `.docx` aprobado (verificado contra su huella) y su PDF/A-2b se incorporan al
expediente, y una carta saliente (numerada `CS-AAAA-NNNNNN` desde el borrador) sale por el canal
elegido (y, si responde a una carta registrada, la deja respondida).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from archivo import OrigenDocumento, incorporar_documento
from expedientes import (
    AccesoDenegado,
    ErrorDominio,
    Expediente,
    Permiso,
    Rol,
    Usuario,
    ahora,
    con_motivo,
    problemas_de_texto,
    puede_sobre_documento,
)
from plantillas import salidas
from plantillas.borradores import exigir_abierto, registrar_evento
from plantillas.contrato import Contrato
from plantillas.documentos_estados import (
    CICLO_DOCUMENTO,
    comprobar_accion,
    se_aprueba_a_si_mismo,
)
from plantillas.instalacion import Parametros
from plantillas.modelos import DocumentoGenerado, EstadoDocumento, PlantillaVersion
from plantillas.pdf_verificacion import contar_paginas
from plantillas.versiones import contrato_de


def _pasar(
    session: Session,
    documento: DocumentoGenerado,
    expediente: Expediente,
    usuario: Usuario,
    accion: str,
    comentario: str = "",
    sin_otro_revisor: bool = False,
) -> None:
    """Valida permiso y transición, cambia el estado y anota el evento."""
    comprobar_accion(documento, expediente, usuario, accion, sin_otro_revisor)
    anterior, hacia = documento.estado, CICLO_DOCUMENTO.destino_de(accion)
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
    """ErrorDominio si el documento cambió desde la versión que el jefe tiene a la vista."""
    if sha256 != documento.docx_sha256:
        raise ErrorDominio(
            f"{documento.numero} cambió desde que lo abrió: revise la versión actual "
            f"(sha256 {documento.docx_sha256[:12]}…) antes de decidir."
        )


def textos_del_pdf(documento: DocumentoGenerado, expediente: Expediente) -> list[str]:
    """Lo que el PDF de un documento debe decir, como prueba de que su texto es legible: sus
    números y, si lo lleva impreso, el de la carta saliente."""
    textos = [documento.numero, expediente.numero]
    if documento.saliente_numero and documento.saliente_numero in documento.texto:
        textos.append(documento.saliente_numero)
    return textos


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
    comprobar_accion(documento, expediente, usuario, "enviar")
    preparar_pdf(p, documento, expediente)
    _pasar(session, documento, expediente, usuario, "enviar")
    return documento


def retirar_de_revision(
    *, session: Session, documento: DocumentoGenerado, expediente: Expediente, usuario: Usuario
) -> DocumentoGenerado:
    """Lo saca de la cola del jefe para seguir editándolo."""
    _pasar(session, documento, expediente, usuario, "retirar")
    return documento


def observar_documento(
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
    comprobar_accion(documento, expediente, usuario, "observar")
    _exigir_sha(documento, sha256)
    _pasar(session, documento, expediente, usuario, "observar", observaciones.strip())
    return documento


def aprobar_documento(
    *,
    session: Session,
    documento: DocumentoGenerado,
    expediente: Expediente,
    usuario: Usuario,
    sha256: str,
) -> DocumentoGenerado:
    """Aprueba exactamente la versión con este sha256 (la que el jefe tiene a la vista). Un jefe
    sin otro jefe ni suplente activo que lo revise aprueba el suyo, y la historia lo dice."""
    solo = sin_otro_revisor(session, documento, expediente, usuario)
    comprobar_accion(documento, expediente, usuario, "aprobar", solo)
    _exigir_sha(documento, sha256)
    propio = se_aprueba_a_si_mismo(usuario, "aprobar", documento, solo)
    nota = AUTOAPROBACION if propio else ""
    _pasar(session, documento, expediente, usuario, "aprobar", nota, sin_otro_revisor=solo)
    documento.aprobado_sha256 = sha256
    documento.aprobado_por_id = usuario.id
    documento.aprobado_en = ahora()
    session.add(documento)
    session.flush()
    return documento


AUTOAPROBACION = "Aprobado por su propio autor: no hay otro jefe ni suplente activo que lo revise."


def sin_otro_revisor(
    session: Session, documento: DocumentoGenerado, expediente: Expediente, usuario: Usuario | None
) -> bool:
    """Si ninguna otra persona activa (un jefe o un suplente del jefe) podría revisar el
    documento: entonces su autor, si es jefe, lo aprueba él mismo."""
    if usuario is None or usuario.rol != Rol.JEFE:
        return False
    candidatos = session.exec(
        select(Usuario).where(
            col(Usuario.activo).is_(True),
            col(Usuario.id) != usuario.id,
            (col(Usuario.rol) == Rol.JEFE) | col(Usuario.suplente).is_(True),
        )
    ).all()
    return not any(
        puede_sobre_documento(u, Permiso.REVISAR_DOCUMENTO, documento, expediente)
        for u in candidatos
    )


def anular_documento(
    *,
    session: Session,
    p: Parametros,
    documento: DocumentoGenerado,
    expediente: Expediente,
    usuario: Usuario,
    motivo: str,
) -> DocumentoGenerado:
    """Lo deja sin efecto; su número, y el de su carta saliente, quedan anulados con el motivo
    (no se reutilizan)."""
    _texto_obligatorio(
        motivo, "El motivo", 1000, "Indique por qué se anula.", "No se pudo anular el documento."
    )
    documento.motivo_anulacion = motivo.strip()
    _pasar(session, documento, expediente, usuario, "anular", motivo.strip())
    salidas.anular(session, p, documento, motivo.strip())
    return documento


def finalizar_documento(
    *,
    session: Session,
    p: Parametros,
    documento: DocumentoGenerado,
    expediente: Expediente,
    usuario: Usuario,
    hoy: date,
) -> DocumentoGenerado:
    """Lo deja final: incorpora `.docx` y PDF/A al expediente y, si es una carta, la emite por el
    envío que se aprobó con ella."""
    comprobar_accion(documento, expediente, usuario, "finalizar")
    exigir_abierto(expediente)
    if documento.aprobado_sha256 != documento.docx_sha256:
        raise ErrorDominio(f"{documento.numero} no tiene aprobada su versión actual.")
    version = session.get(PlantillaVersion, documento.plantilla_version_id)
    assert version is not None
    contrato = contrato_de(version)
    p.almacen.leer(documento.docx_sha256)  # verifica que los bytes aprobados siguen intactos
    preparar_pdf(p, documento, expediente)
    _pasar(session, documento, expediente, usuario, "finalizar")
    assert documento.pdf_sha256 is not None and documento.folios is not None
    if contrato.saliente:
        salidas.emitir(session, p, documento, hoy)
    _incorporar_al_expediente(session, documento, expediente, contrato, usuario)
    documento.finalizado_por_id = usuario.id
    documento.final_en = ahora()
    session.add(documento)
    session.flush()
    return documento


def _incorporar_al_expediente(
    session: Session,
    documento: DocumentoGenerado,
    expediente: Expediente,
    contrato: Contrato,
    usuario: Usuario,
) -> None:
    """El `.docx` final y su PDF/A entran al expediente como documento generado."""
    assert documento.pdf_sha256 is not None and documento.folios is not None
    incorporar_documento(
        session=session,
        expediente=expediente,
        tipo=contrato.nombre,
        titulo=f"{contrato.titulo} {documento.numero}",
        fecha=documento.fecha,
        origen=OrigenDocumento.GENERADO,
        sha256=documento.docx_sha256,
        sha256_pdf=documento.pdf_sha256,
        folios=documento.folios,
        referencia=documento.numero,
        nombre_archivo=f"{documento.numero}.docx",
        tipo_mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        texto=documento.texto,
        registrado_por_id=usuario.id,
    )


# El envío se elige mientras el documento se redacta: el jefe aprueba la carta con él a la vista.
_ENVIO_EDITABLE = frozenset({EstadoDocumento.BORRADOR, EstadoDocumento.OBSERVADO})


def puede_elegir_envio(
    usuario: Usuario | None, documento: DocumentoGenerado, expediente: Expediente
) -> bool:
    """Si esta persona puede cambiar ahora por dónde y a quién sale la carta del documento."""
    return (
        bool(documento.saliente_numero)
        and documento.estado in _ENVIO_EDITABLE
        and expediente.sellado_en is None
        and puede_sobre_documento(usuario, Permiso.REDACTAR_DOCUMENTO, documento, expediente)
    )


def elegir_envio_del_documento(
    *,
    session: Session,
    p: Parametros,
    documento: DocumentoGenerado,
    expediente: Expediente,
    usuario: Usuario,
    canal: str,
    correo: str,
    plazo_respuesta: str = "",
) -> DocumentoGenerado:
    """Por dónde (correo electrónico, mensajero o courier, ventanilla) y, por correo, a qué
    dirección saldrá la carta, y si se espera su respuesta en `plazo_respuesta` días hábiles
    desde que salga (solo si la plantilla no imprime un plazo); se decide antes de enviarla a
    revisión."""
    if not puede_sobre_documento(usuario, Permiso.REDACTAR_DOCUMENTO, documento, expediente):
        raise AccesoDenegado(f"{usuario.nombre_completo} no puede redactar {documento.numero}.")
    exigir_abierto(expediente)
    if documento.estado not in _ENVIO_EDITABLE:
        raise ErrorDominio(
            f"{documento.numero} está {CICLO_DOCUMENTO.nombre(documento.estado).lower()}: el "
            "envío se elige antes de enviarlo a revisión (retírelo de revisión o edítelo)."
        )
    version = session.get(PlantillaVersion, documento.plantilla_version_id)
    assert version is not None
    salidas.elegir_envio(
        session, p, documento, contrato_de(version), (canal, correo), plazo_respuesta
    )
    return documento
