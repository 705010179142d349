"""Las siete plantillas `.docx` del catálogo, construidas con python-docx.

Cada familia de documentos tiene su módulo (`cobro`, `convenio`, `acuerdo`, `oficio`,
`solicitud`, `traslado`); lo común está en `redactor` (las piezas de todo documento), `membrete` (página,
encabezado, pie y metadatos), `estilos`, `tablas`, `piezas` (textos compartidos) y `wordml` (el
XML que python-docx no ofrece). La salida es reproducible: el mismo contenido byte a byte en cada
corrida.
"""

from __future__ import annotations

from collections.abc import Callable

from catalogo.acuerdo import anteproyecto_acuerdo
from catalogo.cobro import aviso_cobro, requerimiento_pago
from catalogo.convenio import convenio_pago
from catalogo.oficio import oficio_respuesta
from catalogo.redactor import Redactor
from catalogo.solicitud import oficio_solicitud
from catalogo.traslado import traslado_juridica

PLANTILLAS: dict[str, Callable[[], Redactor]] = {
    "aviso_cobro": aviso_cobro,
    "requerimiento_pago": requerimiento_pago,
    "convenio_pago": convenio_pago,
    "anteproyecto_acuerdo": anteproyecto_acuerdo,
    "oficio_respuesta": oficio_respuesta,
    "oficio_solicitud": oficio_solicitud,
    "traslado_juridica": traslado_juridica,
}

__all__ = ["PLANTILLAS", "Redactor"]
