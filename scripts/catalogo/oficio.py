"""El oficio de respuesta a una carta recibida."""

from __future__ import annotations

from docx.shared import Pt

from catalogo.redactor import Redactor


def encabezado_de_oficio(r: Redactor) -> None:
    """Referencia con el número de salida, destinatario, «Presente.» y asunto."""
    r.referencia("Expediente {{ expediente.numero }}", salida=True)
    r.p("{{ destinatario }}", "Destinatario", negrita=True)
    r.p("Presente.", "Destinatario", despues=Pt(12))
    r.datos(("Asunto:", "{{ asunto }}"))


def oficio_respuesta() -> Redactor:
    """El oficio: a quién, sobre qué carta recibida, el cuerpo de la respuesta y la firma."""
    r = Redactor("Oficio de respuesta", "Oficio de respuesta a correspondencia recibida")
    encabezado_de_oficio(r)
    r.p(
        "En atención a su nota{% if carta.referencia_remitente %} con referencia "
        "**{{ carta.referencia_remitente }}**{% endif %}, recibida en este Departamento el "
        "{{ carta.recibida_el | fecha_larga }} y registrada con el número **{{ carta.numero }}**"
        "{% if carta.asunto %}, relativa a «{{ carta.asunto }}»{% endif %}, referida al "
        "expediente **{{ expediente.numero }}** del patrono **{{ patrono.razon_social }}**, "
        "número patronal {{ patrono.numero_patronal }}, me permito manifestarle lo siguiente:"
    )
    r.bucle_parrafos("parrafo", "cuerpo", "Cuerpo", "{{ parrafo }}")
    with r.indivisible():
        r.p("Sin otro particular, aprovecho la oportunidad para saludarle.")
        r.firma()
    r.copia()
    return r
