"""Correspondencia entrante y saliente: fuentes (IMAP, carpeta de entrada, papel escaneado),
análisis MIME, números de registro `CE-AAAA-NNNNNN`, vínculo con patrono y expediente,
asignación, plazos en días hábiles, respuestas e hilos.

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
)
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
from correspondencia.sondeo import InformeSondeo, sondear_siempre, sondear_una_vez
from correspondencia.tramite import (
    asignar_carta,
    cambiar_estado_carta,
    cambiar_tipo_carta,
    desvincular_carta,
    obtener_carta,
    registrar_saliente,
    salientes_de,
    vincular_carta,
)
from correspondencia.vinculos import proponer_vinculo

__all__ = [
    "ASIGNABLES",
    "CICLO_CARTA",
    "NOMBRES_ESTADO_CARTA",
    "NOMBRE_DEL_ENTORNO",
    "PLAZO_CORRE",
    "TIPOS_DE_CARTA",
    "TIPO_POR_CARTA",
    "VENCIMIENTOS",
    "Adjunto",
    "Buzon",
    "CambioDeEstado",
    "Correspondencia",
    "DatosBuzon",
    "DatosManuales",
    "Entrante",
    "EstadoCarpeta",
    "EstadoCarta",
    "FichaCarta",
    "FiltrosBandeja",
    "IncorporacionDeCarta",
    "InformeSondeo",
    "OrigenCarta",
    "Plazo",
    "ReglasDePlazo",
    "RenglonBandeja",
    "Saliente",
    "adjunto_de_carta",
    "adjuntos_de",
    "adjuntos_por_carta",
    "asignar_carta",
    "cambiar_estado_carta",
    "cambiar_tipo_carta",
    "cambios_posibles",
    "carta_como_dict",
    "carta_para",
    "contar_cartas",
    "conteos_de_bandeja",
    "describir_plazo",
    "desvincular_carta",
    "documento_de_la_carta",
    "estados_de_fuentes",
    "ficha_de_carta",
    "guardar_buzon",
    "incorporacion_de_carta",
    "incorporar_carta",
    "limite_por_vencer",
    "listar_buzones",
    "listar_cartas",
    "obtener_buzon",
    "obtener_carta",
    "plazos_por_persona",
    "preparar_correo",
    "problemas_de_papel",
    "proponer_vinculo",
    "registrar_carta",
    "registrar_papel",
    "registrar_saliente",
    "registrar_varios",
    "salientes_de",
    "sanear_html",
    "sondear_siempre",
    "sondear_una_vez",
    "vincular_carta",
]
