"""Redactar documentos: crear un borrador numerado desde una plantilla y volver a generarlo.

Todo ocurre en la transacción de quien llama: si el documento no pasa la validación, el error
lleva la lista completa de problemas, la transacción se revierte y el número `DRP-AAAA-NNNNNN`
vuelve a quedar libre. Nada inválido se guarda.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlmodel import Session

from expedientes import (
    ETAPAS_FINALES,
    NOMBRES_ETAPA,
    AccesoDenegado,
    ErrorDominio,
    Etapa,
    Expediente,
    Permiso,
    Usuario,
    ahora,
    con_motivo,
    formatear_numero,
    puede,
    puede_sobre_documento,
    siguiente_numero,
)
from plantillas.aislamiento import Limites
from plantillas.instalacion import Parametros
from plantillas.modelos import (
    DocumentoGenerado,
    EstadoDocumento,
    EventoDocumento,
    PlantillaVersion,
)
from plantillas.render import Render, generar_render
from plantillas.salidas import anotar, numero_de_salida
from plantillas.versiones import contrato_de, version_vigente

SERIE = "DRP"
DIGITOS = 6
ESTADOS_EDITABLES = frozenset(
    {EstadoDocumento.BORRADOR, EstadoDocumento.OBSERVADO, EstadoDocumento.APROBADO}
)


def entradas_guardables(datos: Mapping[str, Any]) -> dict[str, Any]:
    """Las entradas como se recibieron, en JSON (texto, números enteros y listas de texto)."""
    guardables: dict[str, Any] = {}
    for nombre, valor in datos.items():
        if isinstance(valor, bool | int | str) or valor is None:
            guardables[nombre] = valor
        elif isinstance(valor, list):
            guardables[nombre] = [str(v) for v in valor]
        else:
            guardables[nombre] = str(valor)
    return guardables


def registrar_evento(
    session: Session,
    documento: DocumentoGenerado,
    accion: str,
    anterior: str,
    usuario: Usuario | None,
    comentario: str = "",
) -> None:
    """Anota un paso de la historia del documento (solo se agregan)."""
    session.add(
        EventoDocumento(
            documento_id=documento.id,  # type: ignore[arg-type]
            accion=accion,
            estado_anterior=anterior,
            estado_nuevo=documento.estado,
            docx_sha256=documento.docx_sha256,
            comentario=comentario,
            usuario_id=usuario.id if usuario else None,
        )
    )


def documento_nuevo(
    session: Session,
    *,
    numero: str,
    expediente: Expediente,
    version: PlantillaVersion,
    render: Render,
    autor: Usuario,
    datos: Mapping[str, Any],
    hoy: date,
) -> DocumentoGenerado:
    """Guarda un borrador recién generado y anota su creación."""
    documento = DocumentoGenerado(
        numero=numero,
        expediente_id=expediente.id,  # type: ignore[arg-type]
        plantilla_version_id=version.id,  # type: ignore[arg-type]
        plantilla=version.nombre,
        plantilla_version=version.version,
        plantilla_sha256=version.docx_sha256,
        titulo=version.titulo,
        destinatario=render.destinatario,
        asunto=render.asunto,
        estado=EstadoDocumento.BORRADOR,
        fecha=hoy,
        entradas=entradas_guardables(datos),
        docx_sha256=render.docx_sha256,
        texto=render.texto,
        autor_id=autor.id,  # type: ignore[arg-type]
        editado_por_id=autor.id,  # type: ignore[arg-type]
        responde_a=render.responde_a,
    )
    session.add(documento)
    session.flush()
    registrar_evento(session, documento, "crear", "", autor)
    return documento


def aplicar_render(
    session: Session,
    *,
    documento: DocumentoGenerado,
    render: Render,
    usuario: Usuario,
    datos: Mapping[str, Any],
    hoy: date,
) -> DocumentoGenerado:
    """Reemplaza el contenido de un documento editable por uno recién generado.

    Un documento aprobado vuelve a borrador: la aprobación era de los bytes anteriores.
    """
    anterior = documento.estado
    motivo = "Editado"
    if anterior == EstadoDocumento.APROBADO:
        motivo = "Editado después de aprobado: la aprobación queda sin efecto"
    with con_motivo(session, motivo):
        documento.docx_sha256 = render.docx_sha256
        documento.texto = render.texto
        documento.destinatario = render.destinatario
        documento.asunto = render.asunto
        documento.responde_a = render.responde_a
        documento.entradas = entradas_guardables(datos)
        documento.fecha = hoy
        documento.editado_por_id = usuario.id  # type: ignore[assignment]
        documento.pdf_sha256 = documento.pdf_de_sha256 = None
        documento.folios = None
        if anterior == EstadoDocumento.APROBADO:
            documento.estado = EstadoDocumento.BORRADOR
            documento.aprobado_sha256 = documento.aprobado_por_id = documento.aprobado_en = None
        documento.actualizado_en = ahora()
        session.add(documento)
    registrar_evento(session, documento, "editar", anterior, usuario, motivo)
    return documento


def limites_de(p: Parametros, version: PlantillaVersion) -> Limites | None:
    """Los límites con que se genera con esta versión: una subida corre en un proceso limitado;
    las del proyecto (su código es el del programa) no."""
    return p.limites if version.origen == "subida" else None


def exigir_abierto(expediente: Expediente) -> None:
    """Un expediente cerrado o anulado ya no recibe documentos."""
    if expediente.etapa in ETAPAS_FINALES:
        raise ErrorDominio(
            f"El expediente {expediente.numero} está {NOMBRES_ETAPA[Etapa(expediente.etapa)].lower()}:"
            " ya no recibe documentos."
        )


def crear_borrador(
    *,
    session: Session,
    p: Parametros,
    expediente: Expediente,
    plantilla: str,
    datos: Mapping[str, Any],
    autor: Usuario,
    hoy: date,
) -> DocumentoGenerado:
    """Genera, valida y guarda un borrador nuevo con el siguiente número DRP del año."""
    if not puede(autor, Permiso.REDACTAR_DOCUMENTO, expediente):
        raise AccesoDenegado(f"{autor.nombre_completo} no puede redactar en {expediente.numero}.")
    exigir_abierto(expediente)
    version = version_vigente(session=session, almacen=p.almacen, nombre=plantilla)
    contrato = contrato_de(version)
    n = siguiente_numero(session=session, serie=SERIE, anio=hoy.year)
    numero = formatear_numero(SERIE, hoy.year, n, DIGITOS)
    salida = numero_de_salida(session, p, contrato, None, hoy)
    render = generar_render(
        session=session,
        p=p,
        contrato=contrato,
        plantilla_sha256=version.docx_sha256,
        expediente=expediente,
        datos=datos,
        numero=numero,
        hoy=hoy,
        salida=salida,
        limites=limites_de(p, version),
    )
    documento = documento_nuevo(
        session,
        numero=numero,
        expediente=expediente,
        version=version,
        render=render,
        autor=autor,
        datos=datos,
        hoy=hoy,
    )
    anotar(session, p, documento, salida, render.vence_el)
    return documento


def editar_borrador(
    *,
    session: Session,
    p: Parametros,
    documento: DocumentoGenerado,
    expediente: Expediente,
    datos: Mapping[str, Any],
    usuario: Usuario,
    hoy: date,
) -> DocumentoGenerado:
    """Vuelve a generar el documento con otras entradas y la misma versión de plantilla."""
    if not puede_sobre_documento(usuario, Permiso.REDACTAR_DOCUMENTO, documento, expediente):
        raise AccesoDenegado(f"{usuario.nombre_completo} no puede editar {documento.numero}.")
    exigir_abierto(expediente)
    if documento.estado not in ESTADOS_EDITABLES:
        raise ErrorDominio(
            f"{documento.numero} está {documento.estado.replace('_', ' ')}: no se puede editar."
        )
    version = session.get(PlantillaVersion, documento.plantilla_version_id)
    assert version is not None
    contrato = contrato_de(version)
    salida = numero_de_salida(session, p, contrato, documento, hoy)
    render = generar_render(
        session=session,
        p=p,
        contrato=contrato,
        plantilla_sha256=version.docx_sha256,
        expediente=expediente,
        datos=datos,
        numero=documento.numero,
        hoy=hoy,
        salida=salida,
        limites=limites_de(p, version),
    )
    aplicar_render(
        session, documento=documento, render=render, usuario=usuario, datos=datos, hoy=hoy
    )
    anotar(session, p, documento, salida, render.vence_el)
    return documento
