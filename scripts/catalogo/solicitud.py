"""El oficio de solicitud: lo que el departamento pide a otra dependencia o al patrono
(documentación base, información) con un plazo de respuesta en días hábiles."""

from __future__ import annotations

from catalogo.oficio import encabezado_de_oficio
from catalogo.piezas import PLAZO
from catalogo.redactor import Redactor


def oficio_solicitud() -> Redactor:
    """El oficio: a quién, qué se pide, para cuándo y cómo citarlo, y la firma."""
    r = Redactor("Oficio de solicitud", "Solicitud de documentación o información")
    encabezado_de_oficio(r)
    r.p(
        "En el marco de la gestión de cobro del expediente **{{ expediente.numero }}**, del "
        "patrono **{{ patrono.razon_social }}**, número patronal {{ patrono.numero_patronal }}, "
        "me permito solicitarle lo siguiente:"
    )
    r.bucle_parrafos("parrafo", "cuerpo", "Cuerpo", "{{ parrafo }}")
    r.p(
        f"Mucho agradeceremos remitir lo solicitado en un plazo de {PLAZO}, citando en su "
        "respuesta nuestra referencia **{{ documento.salida }}**."
    )
    with r.indivisible():
        r.p("Sin otro particular, aprovecho la oportunidad para saludarle.")
        r.firma()
    r.copia()
    return r
