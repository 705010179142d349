"""El archivo: almacén de contenido inmutable direccionado por sha256, documentos de cada
expediente, sellado con manifiesto encadenado, verificación de integridad, búsqueda,
exportación foliada y préstamos.

Depende del dominio compartido (`expedientes`); nunca modifica un documento sellado.
"""

from __future__ import annotations

from archivo.almacen import Almacen, BlobCorrupto, BlobInexistente, almacen_de
from archivo.busqueda import (
    LIMITE_BUSQUEDA,
    ORDEN_BUSQUEDA,
    ORDENES_BUSQUEDA,
    PaginaDeBusqueda,
    ResultadoBusqueda,
    buscar_en_archivo,
    buscar_pagina_en_archivo,
)
from archivo.constancia import Constancia, pdf_de_constancia
from archivo.consultas import (
    Sellado,
    prestamo_con_expediente,
    sellados_recientes,
    verificaciones_recientes,
)
from archivo.documentos import (
    DocumentoExpediente,
    OrigenDocumento,
    documento_archivado,
    documentos_de,
    esta_sellado,
    exigir_no_sellado,
    exigir_ver_contenido,
    incorporar_documento,
)
from archivo.exportacion import pdf_del_expediente, zip_del_expediente
from archivo.fijeza import REFERENCIAS_A_BLOBS, InformeFijeza, blobs_nombrados, verificar_almacen
from archivo.incorporacion import exigir_tipo, incorporar_escaneo
from archivo.incorporacion_ocr import (
    CLASE_INCORPORAR_ESCANEO,
    anotar_incorporacion_escaneo,
    manejador_incorporacion_escaneo,
)
from archivo.indice import (
    TABLAS_FTS,
    BusquedaClave,
    BusquedaDocumento,
    BusquedaExpediente,
    escribir_indice,
    instalar_indice,
    reconstruir_indice,
    reindexar_todo,
)
from archivo.indice_filas import FilasDelIndice, filas_de_cabecera, filas_de_documento
from archivo.modelos import Prestamo, Sello, Verificacion
from archivo.ocr import ResultadoOcr, aplicar_ocr, avance_del_ocr, sin_ocr, tipo_de_escaneo
from archivo.pdf import ERRORES_DE_PDF, paginas_de_pdf, sin_nul, texto_de_pdf
from archivo.pdf_inerte import pdf_sin_scripts
from archivo.pdf_texto import pdf_de_texto
from archivo.prestamos import (
    devolver_expediente,
    expedientes_fuera,
    prestamo_activo,
    prestamos_de,
    prestamos_vencidos,
    prestar_expediente,
)
from archivo.requisitos import Requisitos, cargar_requisitos
from archivo.sellado import Bloqueo, corregir, faltantes_para_sellar, sellar, sellos_de
from archivo.verificacion import (
    registrar_verificacion,
    ultima_verificacion,
    verificar_archivo,
    verificar_periodicamente,
)

__all__ = [
    "CLASE_INCORPORAR_ESCANEO",
    "ERRORES_DE_PDF",
    "LIMITE_BUSQUEDA",
    "ORDENES_BUSQUEDA",
    "ORDEN_BUSQUEDA",
    "REFERENCIAS_A_BLOBS",
    "TABLAS_FTS",
    "Almacen",
    "BlobCorrupto",
    "BlobInexistente",
    "Bloqueo",
    "BusquedaClave",
    "BusquedaDocumento",
    "BusquedaExpediente",
    "Constancia",
    "DocumentoExpediente",
    "FilasDelIndice",
    "InformeFijeza",
    "OrigenDocumento",
    "PaginaDeBusqueda",
    "Prestamo",
    "Requisitos",
    "ResultadoBusqueda",
    "ResultadoOcr",
    "Sellado",
    "Sello",
    "Verificacion",
    "almacen_de",
    "anotar_incorporacion_escaneo",
    "aplicar_ocr",
    "avance_del_ocr",
    "blobs_nombrados",
    "buscar_en_archivo",
    "buscar_pagina_en_archivo",
    "cargar_requisitos",
    "corregir",
    "devolver_expediente",
    "documento_archivado",
    "documentos_de",
    "escribir_indice",
    "esta_sellado",
    "exigir_no_sellado",
    "exigir_tipo",
    "exigir_ver_contenido",
    "expedientes_fuera",
    "faltantes_para_sellar",
    "filas_de_cabecera",
    "filas_de_documento",
    "incorporar_documento",
    "incorporar_escaneo",
    "instalar_indice",
    "manejador_incorporacion_escaneo",
    "paginas_de_pdf",
    "pdf_de_constancia",
    "pdf_de_texto",
    "pdf_del_expediente",
    "pdf_sin_scripts",
    "prestamo_activo",
    "prestamo_con_expediente",
    "prestamos_de",
    "prestamos_vencidos",
    "prestar_expediente",
    "reconstruir_indice",
    "registrar_verificacion",
    "reindexar_todo",
    "sellados_recientes",
    "sellar",
    "sellos_de",
    "sin_nul",
    "sin_ocr",
    "texto_de_pdf",
    "tipo_de_escaneo",
    "ultima_verificacion",
    "verificaciones_recientes",
    "verificar_almacen",
    "verificar_archivo",
    "verificar_periodicamente",
    "zip_del_expediente",
]
