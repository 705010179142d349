"""Correspondencia entrante y saliente: fuentes (IMAP, carpeta de entrada, papel escaneado),
análisis MIME, números de registro `CE-AAAA-NNNNNN`, vínculo con patrono y expediente,
asignación, plazos en días hábiles, respuestas e hilos; el registro de salida y el envío por
correo electrónico de las cartas salientes.

Depende del archivo (`archivo`) y del dominio compartido (`expedientes`); no genera documentos ni
conoce a `plantillas`: las plantillas le piden números de salida por su puerto, que conecta
`recupera.composicion`.
"""

from __future__ import annotations

from correspondencia.acceso import (
    FichaCarta,
    IncorporacionDeCarta,
    adjunto_de_carta,
    carta_para,
    documento_de_la_carta,
    estados_de_fuentes,
    ficha_de_carta,
    incorporacion_de_carta,
    puede_responder,
)
from correspondencia.acuse import acuse_de_recibo, folios_de_carta
from correspondencia.bandeja import (
    VENCIMIENTOS,
    FiltrosBandeja,
    RenglonBandeja,
    adjuntos_de,
    adjuntos_por_carta,
    carta_como_dict,
    contar_cartas,
    conteos_de_bandeja,
    limite_por_vencer,
    listar_cartas,
    plazos_por_persona,
)
from correspondencia.buzones import (
    NOMBRE_DEL_ENTORNO,
    DatosBuzon,
    guardar_buzon,
    listar_buzones,
    obtener_buzon,
)
from correspondencia.cita import nombre_del_remitente, referencia_citable
from correspondencia.despacho import (
    ConfigEnvio,
    FalloDeEnvio,
    InformeEnvio,
    despachar_siempre,
    despachar_una_vez,
    enviar_carta,
)
from correspondencia.entrega import (
    puede_registrar_entrega,
    registrar_devolucion,
    registrar_entrega,
)
from correspondencia.envio import (
    NOMBRES_CANAL,
    Canal,
    Envio,
    correo_propuesto,
    envio_propuesto,
    problemas_de_envio,
)
from correspondencia.estados import (
    ASIGNABLES,
    CICLO_CARTA,
    NOMBRES_ESTADO_CARTA,
    PLAZO_CORRE,
    CambioDeEstado,
    EstadoCarta,
    cambios_posibles,
)
from correspondencia.incorporacion import TIPO_POR_CARTA, incorporar_carta
from correspondencia.mime import sanear_html
from correspondencia.modelos import Adjunto, Buzon, Correspondencia, EstadoCarpeta, Saliente
from correspondencia.papel import problemas_de_papel, registrar_papel
from correspondencia.planilla import Planilla, planilla_de_envio
from correspondencia.plazos import Plazo, describir_plazo
from correspondencia.registro import (
    DatosManuales,
    Entrante,
    OrigenCarta,
    preparar_correo,
    registrar_carta,
    registrar_varios,
)
from correspondencia.reglas import TIPOS_DE_CARTA, ReglasDePlazo
from correspondencia.salida import (
    CICLO_SALIDA,
    NOMBRES_ESTADO_SALIDA,
    DatosSalida,
    EstadoSalida,
    anotar_salida,
    anular_salida,
    elegir_envio,
    emitir_salida,
    registrar_saliente,
    reservar_numero,
    salida_por_numero,
)
from correspondencia.salida_acciones import (
    ACCIONES_SALIDA,
    acciones_sobre_salida,
    decidir_salida,
    nombre_de_accion,
    puede_decidir_salida,
    salida_para,
)
from correspondencia.salida_consultas import (
    FiltrosSalida,
    RenglonSalida,
    listar_salidas,
    nombre_de_canal,
    nombre_de_estado,
    salida_como_dict,
    salidas_por_atender,
)
from correspondencia.solicitudes import (
    responder_a_mano,
    responder_solicitudes,
    respuesta_de,
    solicitudes_sin_respuesta,
)
from correspondencia.sondeo import InformeSondeo, sondear_siempre, sondear_una_vez
from correspondencia.tramite import (
    asignar_carta,
    cambiar_estado_carta,
    cambiar_tipo_carta,
    desvincular_carta,
    obtener_carta,
    salientes_de,
    vincular_carta,
)
from correspondencia.vinculos import proponer_vinculo

__all__ = [
    "ACCIONES_SALIDA",
    "ASIGNABLES",
    "CICLO_CARTA",
    "CICLO_SALIDA",
    "NOMBRES_CANAL",
    "NOMBRES_ESTADO_CARTA",
    "NOMBRES_ESTADO_SALIDA",
    "NOMBRE_DEL_ENTORNO",
    "PLAZO_CORRE",
    "TIPOS_DE_CARTA",
    "TIPO_POR_CARTA",
    "VENCIMIENTOS",
    "Adjunto",
    "Buzon",
    "CambioDeEstado",
    "Canal",
    "ConfigEnvio",
    "Correspondencia",
    "DatosBuzon",
    "DatosManuales",
    "DatosSalida",
    "Entrante",
    "Envio",
    "EstadoCarpeta",
    "EstadoCarta",
    "EstadoSalida",
    "FalloDeEnvio",
    "FichaCarta",
    "FiltrosBandeja",
    "FiltrosSalida",
    "IncorporacionDeCarta",
    "InformeEnvio",
    "InformeSondeo",
    "OrigenCarta",
    "Planilla",
    "Plazo",
    "ReglasDePlazo",
    "RenglonBandeja",
    "RenglonSalida",
    "Saliente",
    "acciones_sobre_salida",
    "acuse_de_recibo",
    "adjunto_de_carta",
    "adjuntos_de",
    "adjuntos_por_carta",
    "anotar_salida",
    "anular_salida",
    "asignar_carta",
    "cambiar_estado_carta",
    "cambiar_tipo_carta",
    "cambios_posibles",
    "carta_como_dict",
    "carta_para",
    "contar_cartas",
    "conteos_de_bandeja",
    "correo_propuesto",
    "decidir_salida",
    "describir_plazo",
    "despachar_siempre",
    "despachar_una_vez",
    "desvincular_carta",
    "documento_de_la_carta",
    "elegir_envio",
    "emitir_salida",
    "enviar_carta",
    "envio_propuesto",
    "estados_de_fuentes",
    "ficha_de_carta",
    "folios_de_carta",
    "guardar_buzon",
    "incorporacion_de_carta",
    "incorporar_carta",
    "limite_por_vencer",
    "listar_buzones",
    "listar_cartas",
    "listar_salidas",
    "nombre_de_accion",
    "nombre_de_canal",
    "nombre_de_estado",
    "nombre_del_remitente",
    "obtener_buzon",
    "obtener_carta",
    "planilla_de_envio",
    "plazos_por_persona",
    "preparar_correo",
    "problemas_de_envio",
    "problemas_de_papel",
    "proponer_vinculo",
    "puede_decidir_salida",
    "puede_registrar_entrega",
    "puede_responder",
    "referencia_citable",
    "registrar_carta",
    "registrar_devolucion",
    "registrar_entrega",
    "registrar_papel",
    "registrar_saliente",
    "registrar_varios",
    "reservar_numero",
    "responder_a_mano",
    "responder_solicitudes",
    "respuesta_de",
    "salida_como_dict",
    "salida_para",
    "salida_por_numero",
    "salidas_por_atender",
    "salientes_de",
    "sanear_html",
    "solicitudes_sin_respuesta",
    "sondear_siempre",
    "sondear_una_vez",
    "vincular_carta",
]
