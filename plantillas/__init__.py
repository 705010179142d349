"""El catálogo de plantillas: cada `.docx` con su contrato (entradas, contenidos obligatorios,
comprobaciones), el render en un entorno Jinja aislado, la validación antes y después de generar,
la conversión a PDF/A y los borradores con su revisión por el jefe.

Depende del dominio compartido (`expedientes`); no sabe nada del correo.
"""

from __future__ import annotations

from plantillas.acceso import (
    documento_para,
    documentos_finales,
    ids_de_documentos,
    version_del_documento,
    version_publicada,
)
from plantillas.borradores import ESTADOS_EDITABLES, crear_borrador, editar_borrador
from plantillas.calculos import plazo
from plantillas.comprobaciones import buscar_tabla, fecha_impresa, monto_impreso
from plantillas.consultas import (
    ORDEN_DOCUMENTOS,
    ORDENES_DOCUMENTOS,
    FiltrosDocumentos,
    borradores_pendientes,
    cola_de_revision,
    contar_documentos,
    documento_por_numero,
    documentos_de_plantilla,
    documentos_del_expediente,
    historia_del_documento,
    listar_documentos,
    pendientes_de,
)
from plantillas.contexto import deuda_como_datos
from plantillas.contrato import CALCULOS, RAICES, REGLAS, Contrato, Tabla, leer_contrato
from plantillas.documentos_estados import (
    CICLO_DOCUMENTO,
    NOMBRES_ACCION_DOCUMENTO,
    acciones_sobre_documento,
)
from plantillas.formatos import FILTROS
from plantillas.generacion import generar_validado, valores_sugeridos
from plantillas.instalacion import Parametros, parametros
from plantillas.lectura import TextoDocumento, leer_docx, normalizar_espacios
from plantillas.lote import generar_lote, generar_muchos
from plantillas.lote_tarea import CLASE_LOTE, anotar_lote, manejador_lote, opciones_de_lote
from plantillas.modelos import (
    NOMBRES_ESTADO_DOCUMENTO,
    DocumentoGenerado,
    EstadoDocumento,
    EventoDocumento,
    PlantillaVersion,
)
from plantillas.pdf import ConversorPdf, ErrorPdf, vista_previa_png
from plantillas.puertos import CartaCitada, PuertoCorrespondencia, SalidaDelDocumento
from plantillas.redaccion import (
    borrador_abierto,
    borrador_para_regenerar,
    redactar,
    valores_iniciales,
)
from plantillas.revision import (
    anular_documento,
    aprobar_documento,
    elegir_envio_del_documento,
    enviar_a_revision,
    finalizar_documento,
    observar_documento,
    preparar_pdf,
    puede_elegir_envio,
    retirar_de_revision,
    sin_otro_revisor,
    textos_del_pdf,
)
from plantillas.revision_plantilla import revisar_plantilla
from plantillas.versiones import (
    catalogo_del_proyecto,
    contrato_de,
    listar_versiones,
    sincronizar_catalogo,
    subir_version,
    version_vigente,
)

__all__ = [
    "CALCULOS",
    "CICLO_DOCUMENTO",
    "CLASE_LOTE",
    "ESTADOS_EDITABLES",
    "FILTROS",
    "NOMBRES_ACCION_DOCUMENTO",
    "NOMBRES_ESTADO_DOCUMENTO",
    "ORDENES_DOCUMENTOS",
    "ORDEN_DOCUMENTOS",
    "RAICES",
    "REGLAS",
    "CartaCitada",
    "Contrato",
    "ConversorPdf",
    "DocumentoGenerado",
    "ErrorPdf",
    "EstadoDocumento",
    "EventoDocumento",
    "FiltrosDocumentos",
    "Parametros",
    "PlantillaVersion",
    "PuertoCorrespondencia",
    "SalidaDelDocumento",
    "Tabla",
    "TextoDocumento",
    "acciones_sobre_documento",
    "anotar_lote",
    "anular_documento",
    "aprobar_documento",
    "borrador_abierto",
    "borrador_para_regenerar",
    "borradores_pendientes",
    "buscar_tabla",
    "catalogo_del_proyecto",
    "cola_de_revision",
    "contar_documentos",
    "contrato_de",
    "crear_borrador",
    "deuda_como_datos",
    "documento_para",
    "documento_por_numero",
    "documentos_de_plantilla",
    "documentos_del_expediente",
    "documentos_finales",
    "editar_borrador",
    "elegir_envio_del_documento",
    "enviar_a_revision",
    "fecha_impresa",
    "finalizar_documento",
    "generar_lote",
    "generar_muchos",
    "generar_validado",
    "historia_del_documento",
    "ids_de_documentos",
    "leer_contrato",
    "leer_docx",
    "listar_documentos",
    "listar_versiones",
    "manejador_lote",
    "monto_impreso",
    "normalizar_espacios",
    "observar_documento",
    "opciones_de_lote",
    "parametros",
    "pendientes_de",
    "plazo",
    "preparar_pdf",
    "puede_elegir_envio",
    "redactar",
    "retirar_de_revision",
    "revisar_plantilla",
    "sin_otro_revisor",
    "sincronizar_catalogo",
    "subir_version",
    "textos_del_pdf",
    "valores_iniciales",
    "valores_sugeridos",
    "version_del_documento",
    "version_publicada",
    "version_vigente",
    "vista_previa_png",
]
