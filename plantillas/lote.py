"""Generar muchos documentos a la vez (p. ej. un aviso por cada expediente de cobro abierto),
repartidos en procesos: generar es trabajo de CPU y docxtpl no es seguro entre hilos.

Cada expediente se prepara y valida en el proceso principal (lee la base de datos); los que
tienen problemas se informan y no consumen número. Los demás se numeran, se generan y validan en
los procesos y se guardan en una sola transacción: si alguno falla la validación del documento
generado (un defecto de la plantilla), no se guarda ninguno.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from expedientes import (
    Avanzar,
    ErrorDominio,
    Expediente,
    Permiso,
    Usuario,
    formatear_numero,
    puede,
    siguiente_numero,
)
from plantillas.aislamiento import (
    CONTEXTO_AISLADO,
    Limites,
    PlantillaExcedida,
    limitar_este_proceso,
)
from plantillas.borradores import DIGITOS, SERIE, aplicar_render, documento_nuevo, limites_de
from plantillas.contrato import Contrato, contrato_de_datos
from plantillas.generacion import DocumentoInvalido, generar_validado
from plantillas.instalacion import Parametros
from plantillas.modelos import DocumentoGenerado, PlantillaVersion
from plantillas.redaccion import borrador_para_regenerar
from plantillas.render import contexto_para, guardar_render
from plantillas.salidas import anotar, numero_de_salida
from plantillas.versiones import contrato_de, version_vigente

# (docx, texto, problemas) de un documento generado en otro proceso.
Resultado = tuple[bytes, str, list[str]]
_TRABAJO: dict[str, Any] = {}


def _iniciar(contrato: dict[str, Any], plantilla: bytes) -> None:
    """Deja en este proceso el contrato y la plantilla con que se generará cada documento."""
    _TRABAJO["contrato"] = contrato_de_datos(contrato)
    _TRABAJO["plantilla"] = plantilla


def _generar_uno(contexto: dict[str, Any]) -> Resultado:
    """Genera y valida un documento; sus problemas vuelven como datos, no como excepción."""
    try:
        generado = generar_validado(_TRABAJO["contrato"], _TRABAJO["plantilla"], contexto)
    except ErrorDominio as exc:
        return b"", "", [exc.mensaje, *exc.problemas]
    return generado.docx, generado.texto, []


def _iniciar_limitado(contrato: dict[str, Any], plantilla: bytes, limites: Limites) -> None:
    """Como `_iniciar`, en un proceso con memoria y CPU limitadas (una plantilla subida)."""
    limitar_este_proceso(limites)
    _iniciar(contrato, plantilla)


def generar_muchos(
    contrato: Contrato,
    plantilla: bytes,
    contextos: Sequence[dict[str, Any]],
    procesos: int,
    avanzar: Callable[[int, int], None] | None = None,
    limites: Limites | None = None,
) -> list[Resultado]:
    """Genera y valida cada contexto; en `procesos` procesos si es más de uno. Con `avanzar`,
    dice cuántos van de cuántos a medida que terminan. Con `limites` (una plantilla subida),
    siempre en procesos aparte con memoria limitada y `limites.segundos` de CPU por documento
    de cada uno: una plantilla desbocada detiene el lote entero con un error, no al servidor."""
    total, hechos = len(contextos), []
    if limites is None and (procesos <= 1 or total < 2):
        _iniciar(contrato.model_dump(mode="json"), plantilla)
        for resultado in map(_generar_uno, contextos):
            hechos.append(resultado)
            if avanzar is not None:
                avanzar(len(hechos), total)
        return hechos
    procesos = max(1, min(procesos, total))
    try:
        with _grupo(contrato, plantilla, procesos, total, limites) as grupo:
            tanda = max(1, total // (procesos * 8))
            for resultado in grupo.map(_generar_uno, contextos, chunksize=tanda):
                hechos.append(resultado)
                if avanzar is not None:
                    avanzar(len(hechos), total)
    except (BrokenProcessPool, MemoryError):  # el hijo murió, o agotó su memoria limitada
        raise PlantillaExcedida(
            "La plantilla se pasó del tiempo o de la memoria permitidos: no se generó el lote.",
            ["Revísela (bucles, textos enormes) y súbala de nuevo."],
        ) from None
    return hechos


def _grupo(
    contrato: Contrato, plantilla: bytes, procesos: int, total: int, limites: Limites | None
) -> ProcessPoolExecutor:
    """Los procesos del lote. Desde un hilo que no es el principal (una tarea del servicio web) no
    se bifurca el proceso: los candados de los otros hilos quedarían tomados en la copia."""
    datos = contrato.model_dump(mode="json")
    if limites is not None:
        por_proceso = -(-total // procesos)
        tope = Limites(limites.segundos * por_proceso, limites.memoria_mb)
        return ProcessPoolExecutor(max_workers=procesos, mp_context=CONTEXTO_AISLADO,
                                   initializer=_iniciar_limitado, initargs=(datos, plantilla, tope))  # fmt: skip
    principal = threading.current_thread() is threading.main_thread()
    return ProcessPoolExecutor(
        max_workers=procesos,
        mp_context=None if principal else multiprocessing.get_context("spawn"),
        initializer=_iniciar,
        initargs=(datos, plantilla),
    )


@dataclass
class ResultadoLote:
    """Los documentos guardados y, por expediente, lo que impidió generar el suyo."""

    documentos: list[DocumentoGenerado] = field(default_factory=list)
    omitidos: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class _Pendiente:
    """Un expediente cuyo documento se va a generar: su autor, su borrador abierto y su contexto."""

    expediente: Expediente
    autor: Usuario
    existente: DocumentoGenerado | None
    contexto: dict[str, Any]


def generar_lote(
    *,
    session: Session,
    p: Parametros,
    plantilla: str,
    expedientes: Sequence[Expediente],
    datos: Mapping[str, Any],
    autor_de: Callable[[Expediente], Usuario | None],
    hoy: date,
    procesos: int | None = None,
    avanzar: Avanzar | None = None,
) -> ResultadoLote:
    """Un documento por expediente (re-generando el borrador abierto si ya existe); con `avanzar`,
    dice cómo va: preparando, generando (cuántos de cuántos) y guardando."""
    version = version_vigente(session=session, almacen=p.almacen, nombre=plantilla)
    contrato = contrato_de(version)
    resultado = ResultadoLote()
    pendientes = []
    decir = avanzar or (lambda _k, _n, _e: None)
    for i, expediente in enumerate(expedientes, 1):
        decir(i, len(expedientes), f"Preparando los datos: expediente {i} de {len(expedientes)}")
        pendiente = _pendiente(
            session, p, plantilla, version, contrato, expediente, datos, autor_de, hoy
        )
        if isinstance(pendiente, _Pendiente):
            pendientes.append(pendiente)
        else:
            resultado.omitidos[expediente.numero] = pendiente
    _numerar(session, p, contrato, pendientes, hoy)
    generados = _generar_pendientes(p, version, contrato, pendientes, procesos, decir)
    decir(len(pendientes), len(pendientes), "Guardando los documentos")
    for x, (docx, texto, _) in zip(pendientes, generados, strict=True):
        resultado.documentos.append(
            _guardar(session, p, version, contrato, x, docx, texto, datos, hoy)
        )
    return resultado


def _pendiente(
    session: Session,
    p: Parametros,
    plantilla: str,
    version: PlantillaVersion,
    contrato: Contrato,
    expediente: Expediente,
    datos: Mapping[str, Any],
    autor_de: Callable[[Expediente], Usuario | None],
    hoy: date,
) -> _Pendiente | list[str]:
    """El documento del expediente listo para generar, o lo que impide generarlo."""
    autor = autor_de(expediente)
    if autor is None or not puede(autor, Permiso.REDACTAR_DOCUMENTO, expediente):
        return ["No tiene un gestor que pueda redactar."]
    try:
        existente = borrador_para_regenerar(
            session=session, expediente=expediente, plantilla=plantilla, version=version
        )
    except ErrorDominio as exc:
        return [exc.mensaje]
    try:
        # El número se pone después: solo los expedientes válidos lo consumen.
        contexto = contexto_para(session, p, contrato, expediente, datos, "", hoy)
    except DocumentoInvalido as exc:
        return exc.problemas
    return _Pendiente(expediente, autor, existente, contexto)


def _generar_pendientes(
    p: Parametros,
    version: PlantillaVersion,
    contrato: Contrato,
    pendientes: list[_Pendiente],
    procesos: int | None,
    avanzar: Avanzar,
) -> list[Resultado]:
    """Genera todos los pendientes; DocumentoInvalido con cada falla si alguno no pasa."""
    generados = generar_muchos(
        contrato,
        p.almacen.leer(version.docx_sha256),
        [x.contexto for x in pendientes],
        procesos or os.cpu_count() or 1,
        lambda k, n: avanzar(k, n, f"Generando los documentos: {k} de {n}"),
        limites_de(p, version),
    )
    fallas = [
        f"{x.expediente.numero}: {'; '.join(problemas)}"
        for x, (_, _, problemas) in zip(pendientes, generados, strict=True)
        if problemas
    ]
    if fallas:
        raise DocumentoInvalido(
            "La plantilla produjo documentos inválidos; no se guardó ninguno.", fallas
        )
    return generados


def _numerar(
    session: Session, p: Parametros, contrato: Contrato, pendientes: list[_Pendiente], hoy: date
) -> None:
    """Reserva números seguidos para los documentos nuevos (los existentes conservan el suyo) y,
    si son cartas, su número de salida."""
    nuevos = [x for x in pendientes if x.existente is None]
    if nuevos:
        primero = siguiente_numero(
            session=session, serie=SERIE, anio=hoy.year, cantidad=len(nuevos)
        )
        for i, x in enumerate(nuevos):
            x.contexto["documento"]["referencia"] = formatear_numero(
                SERIE, hoy.year, primero + i, DIGITOS
            )
    for x in pendientes:
        if x.existente is not None:
            x.contexto["documento"]["referencia"] = x.existente.numero
        x.contexto["documento"]["salida"] = numero_de_salida(session, p, contrato, x.existente, hoy)


def _guardar(
    session: Session,
    p: Parametros,
    version: PlantillaVersion,
    contrato: Contrato,
    x: _Pendiente,
    docx: bytes,
    texto: str,
    datos: Mapping[str, Any],
    hoy: date,
) -> DocumentoGenerado:
    """Guarda lo generado: en el borrador abierto que se regeneró o en un documento nuevo."""
    render = guardar_render(p, contrato, x.contexto, docx, texto)
    if x.existente is not None:
        documento = aplicar_render(
            session, documento=x.existente, render=render, usuario=x.autor, datos=datos, hoy=hoy
        )
    else:
        documento = documento_nuevo(
            session,
            numero=x.contexto["documento"]["referencia"],
            expediente=x.expediente,
            version=version,
            render=render,
            autor=x.autor,
            datos=datos,
            hoy=hoy,
        )
    anotar(session, p, documento, x.contexto["documento"]["salida"], render.vence_el)
    return documento
