"""El seguimiento: convenios hasta su última cuota, pagos importados, transacciones ante el Consejo
Directivo, expedientes trasladados a la Unidad Jurídica, el Plan Anual de Recuperación de Mora y
las cifras del panel del jefe.

Usa los servicios públicos de `plantillas`, `correspondencia` y `archivo`; solo la aplicación
(`recupera`) lo importa.
"""

from __future__ import annotations

from seguimiento.acceso import alerta_para, alertas_abiertas, convenio_para
from seguimiento.alertas import alertas_pendientes, atender_alerta, atender_alertas
from seguimiento.archivar import BLOQUEOS_DE_SELLADO
from seguimiento.convenios import (
    ACCIONES_CONVENIO,
    acciones_sobre_convenio,
    legalizar_convenio,
    rehabilitar_convenio,
)
from seguimiento.convenios_consultas import (
    FilaConvenio,
    convenios_sin_terminar,
    listar_convenios,
)
from seguimiento.convenios_estados import (
    CICLO_CONVENIO,
    CONVENIOS_EN_CURSO,
    NOMBRES_ESTADO_CONVENIO,
    EstadoConvenio,
    TipoAlerta,
)
from seguimiento.convenios_lista import (
    ORDEN_CONVENIOS,
    ORDENES_CONVENIOS,
    FiltrosConvenios,
    RenglonConvenio,
    TotalesConvenios,
    convenios_visibles,
    estados_pedidos,
    totales_de_convenios,
)
from seguimiento.convenios_registro import (
    PLANTILLA_CONVENIO,
    documento_del_convenio,
    registrar_convenio,
)
from seguimiento.juridica import (
    CICLO_JURIDICA,
    INFORMABLES_JURIDICA,
    NOMBRES_ESTADO_JURIDICA,
    EstadoJuridica,
    informes_de,
    memorandum_final,
    registrar_informe_juridica,
    trasladar_a_juridica,
)
from seguimiento.modelos import (
    Alerta,
    AplicacionPago,
    Convenio,
    CuotaConvenio,
    InformeJuridica,
    MetaPlan,
    Pago,
    Transaccion,
)
from seguimiento.pagos import COLUMNAS_PAGOS, importar_pagos
from seguimiento.pagos_consultas import (
    ORDEN_PAGOS,
    ORDENES_PAGOS,
    FiltrosPagos,
    PagosVisibles,
    TotalesPagos,
    pagos_visibles,
    sucursales_de_pagos,
    totales_de_pagos,
)
from seguimiento.plan import (
    ANIO_MAXIMO,
    ANIO_MINIMO,
    COLUMNAS_PLAN,
    MESES,
    FilaPlan,
    avance_del_plan,
    fijar_meta,
    importar_metas,
    plan_mes_a_mes,
    rango_del_mes,
    sucursales_conocidas,
    total_del_plan,
)
from seguimiento.revision_cuotas import (
    esta_vencida,
    limite_de_pago,
    revisar_cuotas,
    revisar_cuotas_periodicamente,
)
from seguimiento.situacion import SituacionTransaccion, situacion_de_transaccion
from seguimiento.transacciones import enviar_al_consejo, registrar_anteproyecto, registrar_solicitud
from seguimiento.transacciones_consejo import (
    AcuerdoConsejo,
    confirmar_aplicacion,
    denegar_transaccion,
    registrar_acuerdo,
    registrar_descargo,
)
from seguimiento.transacciones_consultas import transaccion_de
from seguimiento.transacciones_estados import (
    CICLO_TRANSACCION,
    NOMBRES_ESTADO_TRANSACCION,
    NOMBRES_PASO_TRANSACCION,
    PLANTILLA_ANTEPROYECTO,
    EstadoTransaccion,
)

__all__ = [
    "ACCIONES_CONVENIO",
    "ANIO_MAXIMO",
    "ANIO_MINIMO",
    "BLOQUEOS_DE_SELLADO",
    "CICLO_CONVENIO",
    "CICLO_JURIDICA",
    "CICLO_TRANSACCION",
    "COLUMNAS_PAGOS",
    "COLUMNAS_PLAN",
    "CONVENIOS_EN_CURSO",
    "INFORMABLES_JURIDICA",
    "MESES",
    "NOMBRES_ESTADO_CONVENIO",
    "NOMBRES_ESTADO_JURIDICA",
    "NOMBRES_ESTADO_TRANSACCION",
    "NOMBRES_PASO_TRANSACCION",
    "ORDENES_CONVENIOS",
    "ORDENES_PAGOS",
    "ORDEN_CONVENIOS",
    "ORDEN_PAGOS",
    "PLANTILLA_ANTEPROYECTO",
    "PLANTILLA_CONVENIO",
    "AcuerdoConsejo",
    "Alerta",
    "AplicacionPago",
    "Convenio",
    "CuotaConvenio",
    "EstadoConvenio",
    "EstadoJuridica",
    "EstadoTransaccion",
    "FilaConvenio",
    "FilaPlan",
    "FiltrosConvenios",
    "FiltrosPagos",
    "InformeJuridica",
    "MetaPlan",
    "Pago",
    "PagosVisibles",
    "RenglonConvenio",
    "SituacionTransaccion",
    "TipoAlerta",
    "TotalesConvenios",
    "TotalesPagos",
    "Transaccion",
    "acciones_sobre_convenio",
    "alerta_para",
    "alertas_abiertas",
    "alertas_pendientes",
    "atender_alerta",
    "atender_alertas",
    "avance_del_plan",
    "confirmar_aplicacion",
    "convenio_para",
    "convenios_sin_terminar",
    "convenios_visibles",
    "denegar_transaccion",
    "documento_del_convenio",
    "enviar_al_consejo",
    "esta_vencida",
    "estados_pedidos",
    "fijar_meta",
    "importar_metas",
    "importar_pagos",
    "informes_de",
    "legalizar_convenio",
    "limite_de_pago",
    "listar_convenios",
    "memorandum_final",
    "pagos_visibles",
    "plan_mes_a_mes",
    "rango_del_mes",
    "registrar_acuerdo",
    "registrar_anteproyecto",
    "registrar_convenio",
    "registrar_descargo",
    "registrar_informe_juridica",
    "registrar_solicitud",
    "rehabilitar_convenio",
    "revisar_cuotas",
    "revisar_cuotas_periodicamente",
    "situacion_de_transaccion",
    "sucursales_conocidas",
    "sucursales_de_pagos",
    "total_del_plan",
    "totales_de_convenios",
    "totales_de_pagos",
    "transaccion_de",
    "trasladar_a_juridica",
]
