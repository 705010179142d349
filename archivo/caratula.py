"""La carátula y el índice de la copia foliada: el expediente, sus documentos y sus folios.

Se maquetan con `pdf_texto` y se dibujan con reportlab; `exportacion_pdf` las junta con pypdf.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from babel.dates import format_date
from reportlab.pdfbase import pdfmetrics

from archivo.exportacion_datos import Caratula, DatosSello, DocumentoExportable
from archivo.foliado import rangos_de_folios
from archivo.pdf_texto import (
    ALTO,
    ANCHO,
    FUENTE,
    FUENTE_NEGRITA,
    MARGEN,
    Raya,
    Renglon,
    Texto,
    Trazo,
    paginar,
    partir_lineas,
    pdf_de_paginas,
    renglones_de_campo,
    una_linea,
)
from expedientes import ZONA_LOCAL, fecha_hora_larga, formatear_nit

_LOCALE = "es_SV"
_SANGRIA = 132.0
# Columnas del índice: N.º (alineado a la derecha), documento, fecha y folios (a la derecha).
_X_NUMERO = MARGEN + 22
_X_DOCUMENTO = MARGEN + 32
_ANCHO_DOCUMENTO = 300.0
_X_FECHA = _X_DOCUMENTO + _ANCHO_DOCUMENTO + 8
_X_FOLIOS = ANCHO - MARGEN
_CABECERA_INDICE = 58.0


def caratula_e_indice(
    caratula: Caratula, documentos: Sequence[DocumentoExportable], exportado_en: datetime
) -> tuple[bytes, int]:
    """El PDF con la carátula y el índice, y cuántas páginas son de carátula (una, salvo datos
    desmedidos); los documentos deben venir en su orden."""
    indice = _maquetar_indice(caratula.numero_expediente, documentos)
    portada = paginar(_bloques_de_caratula(caratula, documentos, len(indice), exportado_en))
    titulo = f"Expediente {una_linea(caratula.numero_expediente)}"
    return pdf_de_paginas([*portada, *indice], titulo=titulo), len(portada)


def fecha_larga(valor: date) -> str:
    """«21 de noviembre de 2026»."""
    return str(format_date(valor, "long", locale=_LOCALE))


def hora_local(valor: datetime) -> datetime:
    """El instante en la hora de El Salvador; sin zona se entiende UTC (así se guarda)."""
    return (valor if valor.tzinfo else valor.replace(tzinfo=UTC)).astimezone(ZONA_LOCAL)


def _centrado(texto: str, fuente: str, tamano: float, *, antes: float = 0.0) -> list[Renglon]:
    """Un texto centrado en la página, partido si no cabe en una línea."""
    return [
        Renglon(
            tamano * 1.3,
            (Texto(ANCHO / 2, 0, linea, fuente, tamano, "centro"),),
            antes if i == 0 else 0.0,
        )
        for i, linea in enumerate(partir_lineas(texto, fuente, tamano, ANCHO - 2 * MARGEN))
    ]


def _campo(etiqueta: str, valor: str, *, antes: float = 5.0) -> list[Renglon]:
    """Un dato de la carátula: la etiqueta en negrita y el valor partido a su derecha."""
    renglones = renglones_de_campo(
        etiqueta, valor, x=MARGEN, sangria=_SANGRIA, ancho=ANCHO - 2 * MARGEN, tamano=10.5
    )
    primero = renglones[0]
    return [Renglon(primero.alto, primero.trazos, antes), *renglones[1:]]


def _huella(etiqueta: str, huella: str) -> list[Renglon]:
    """Una huella sha256 en una sola línea (se copia entera), con la letra que haga falta."""
    huella = una_linea(huella)
    ancho = ANCHO - 2 * MARGEN - _SANGRIA
    tamano = min(10.5, ancho / max(1.0, pdfmetrics.stringWidth(huella, FUENTE, 1.0)))
    if tamano < 6:  # no es una huella: se parte como cualquier texto
        return _campo(etiqueta, huella)
    trazos = (
        Texto(MARGEN, 0, etiqueta, FUENTE_NEGRITA, 10.5),
        Texto(MARGEN + _SANGRIA, 0, huella, FUENTE, tamano),
    )
    return [Renglon(14.0, trazos, 5.0)]


def _nit(nit: str) -> str:
    """El NIT con sus guiones si viene como dígitos (así se guarda); si no, tal cual."""
    if nit.isascii() and nit.isdigit() and len(nit) in (9, 14):
        return formatear_nit(nit)
    return nit


def _raya(antes: float) -> list[Renglon]:
    """Una raya de margen a margen."""
    return [Renglon(8.0, (Raya(MARGEN, 4, ANCHO - MARGEN, 4),), antes)]


def _bloques_de_caratula(
    caratula: Caratula,
    documentos: Sequence[DocumentoExportable],
    paginas_indice: int,
    exportado_en: datetime,
) -> list[list[Renglon]]:
    """Los bloques de la carátula: institución, número, datos del expediente y del patrono, sello."""
    folios = sum(d.folios for d in documentos)
    return [
        *_bloques_del_expediente(caratula, len(documentos), folios),
        *_bloques_del_sello(caratula.sello),
        _raya(12),
        _campo("Exportado el:", fecha_hora_larga(exportado_en), antes=8),
        _campo(
            "Esta copia:",
            f"Carátula, {_cuenta(paginas_indice, 'página')} de índice y {_cuenta(folios, 'folio')} "
            "numerados en la esquina superior derecha de cada página.",
        ),
    ]


def _bloques_del_expediente(
    caratula: Caratula, documentos: int, folios: int
) -> list[list[Renglon]]:
    """La institución, el número y los datos del expediente y de su patrono, entre rayas."""
    cerrado = fecha_larga(caratula.cerrado_el) if caratula.cerrado_el else "En trámite"
    return [
        _centrado("INSTITUTO SALVADOREÑO DEL SEGURO SOCIAL", FUENTE_NEGRITA, 13),
        _centrado("Departamento de Recuperación Prejudicial", FUENTE, 11.5),
        _centrado("EXPEDIENTE", FUENTE_NEGRITA, 26, antes=56),
        _centrado(caratula.numero_expediente, FUENTE_NEGRITA, 18, antes=2),
        _centrado(caratula.tipo_nombre, FUENTE, 12, antes=4),
        _raya(18),
        _campo("Asunto:", caratula.asunto, antes=8),
        _campo("Patrono:", caratula.razon_social),
        _campo("Número patronal:", caratula.numero_patronal),
        _campo("NIT:", _nit(caratula.nit)),
        _campo("Sucursal:", caratula.sucursal),
        _campo("Abierto el:", fecha_larga(caratula.abierto_el)),
        _campo("Cerrado el:", cerrado),
        _campo("Contenido:", f"{_cuenta(documentos, 'documento')}, {_cuenta(folios, 'folio')}"),
        _raya(12),
    ]


def _bloques_del_sello(sello: DatosSello | None) -> list[list[Renglon]]:
    """El sello de la versión exportada y la huella de su manifiesto (o el aviso de que no hay)."""
    if sello is None:
        return [
            _campo(
                "Sello:",
                "Sin sellar: esta copia no corresponde a una versión sellada del expediente.",
                antes=8,
            )
        ]
    sellada = f"sellada el {fecha_hora_larga(sello.sellado_en)} por {sello.sellado_por}"
    return [
        _campo("Sello:", f"Versión {sello.version}, {sellada}.", antes=8),
        _huella("Manifiesto:", sello.manifiesto_sha256),
    ]


def _cuenta(cantidad: int, nombre: str) -> str:
    """«1 folio», «12 folios»."""
    return f"{cantidad} {nombre}" if cantidad == 1 else f"{cantidad} {nombre}s"


def _maquetar_indice(numero: str, documentos: Sequence[DocumentoExportable]) -> list[list[Trazo]]:
    """Las páginas del índice: una fila por documento y la cabecera en cada página."""
    bloques = [
        _fila_de_indice(documento, rango)
        for documento, rango in zip(documentos, rangos_de_folios(documentos), strict=True)
    ]
    paginas = paginar(bloques, arriba=ALTO - MARGEN - _CABECERA_INDICE)
    for i, pagina in enumerate(paginas, start=1):
        pagina[:0] = _cabecera_de_indice(numero)
        pie = f"Índice, página {i} de {len(paginas)}"
        pagina.append(Texto(ANCHO / 2, MARGEN / 2, pie, FUENTE, 8, "centro"))
    return paginas


def _cabecera_de_indice(numero: str) -> list[Trazo]:
    """El título y los nombres de las columnas, arriba de cada página del índice."""
    arriba = ALTO - MARGEN
    columnas = arriba - 40
    return [
        Texto(MARGEN, arriba - 14, "ÍNDICE DE DOCUMENTOS", FUENTE_NEGRITA, 14),
        Texto(ANCHO - MARGEN, arriba - 14, f"Expediente {una_linea(numero)}", FUENTE, 9, "derecha"),
        Texto(_X_NUMERO, columnas, "N.º", FUENTE_NEGRITA, 9, "derecha"),
        Texto(_X_DOCUMENTO, columnas, "Documento", FUENTE_NEGRITA, 9),
        Texto(_X_FECHA, columnas, "Fecha", FUENTE_NEGRITA, 9),
        Texto(_X_FOLIOS, columnas, "Folios", FUENTE_NEGRITA, 9, "derecha"),
        Raya(MARGEN, columnas - 5, ANCHO - MARGEN, columnas - 5),
    ]


def _fila_de_indice(documento: DocumentoExportable, rango: tuple[int, int]) -> list[Renglon]:
    """Una fila: número de orden, tipo, título y referencia, fecha y folios «del–al»."""
    lineas = [
        (linea, FUENTE_NEGRITA)
        for linea in partir_lineas(documento.tipo_nombre, FUENTE_NEGRITA, 9, _ANCHO_DOCUMENTO)
    ]
    lineas += [
        (linea, FUENTE) for linea in partir_lineas(documento.titulo, FUENTE, 9, _ANCHO_DOCUMENTO)
    ]
    if documento.referencia.strip():
        referencia = f"Ref. {documento.referencia}"
        lineas += [
            (linea, FUENTE) for linea in partir_lineas(referencia, FUENTE, 9, _ANCHO_DOCUMENTO)
        ]
    primera = (
        Texto(_X_NUMERO, 0, str(documento.orden), FUENTE, 9, "derecha"),
        Texto(_X_FECHA, 0, f"{documento.fecha:%d/%m/%Y}", FUENTE, 9),
        Texto(_X_FOLIOS, 0, f"{rango[0]}–{rango[1]}", FUENTE, 9, "derecha"),
    )
    renglones = [
        Renglon(
            12.0,
            (Texto(_X_DOCUMENTO, 0, texto, fuente, 9), *(primera if i == 0 else ())),
            6.0 if i == 0 else 0.0,
        )
        for i, (texto, fuente) in enumerate(lineas)
    ]
    return [*renglones, Renglon(5.0, (Raya(MARGEN, 1, ANCHO - MARGEN, 1),))]
