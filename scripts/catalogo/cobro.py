"""Las cartas de cobro: el aviso de cobro y el requerimiento formal de pago, dos cartas con el
mismo esqueleto (destinatario, la mora con su tabla, el total, el plazo, la advertencia, el
contacto del gestor y la firma) y distinto tono."""

from __future__ import annotations

from catalogo.piezas import (
    CONTACTO,
    DESGLOSE,
    PERIODOS,
    PLAZO,
    TOTAL_DEUDA,
    YA_PAGO,
    tabla_deuda,
)
from catalogo.redactor import Redactor


def _carta_de_cobro(
    titulo: str,
    asunto: str,
    mora: str,
    total: str,
    solicitud: str,
    advertencia: str,
    convenio: str = "",
) -> Redactor:
    """Una carta de cobro al patrono: sus cuatro párrafos propios en el esqueleto común (y, si
    se da `convenio`, el párrafo de las cuotas vencidas de un convenio incumplido)."""
    r = Redactor(titulo, asunto)
    r.titulo(titulo.upper())
    r.referencia("Expediente {{ expediente.numero }}", salida=True)
    r.destinatario_patrono()
    r.datos(
        ("Asunto:", asunto),
        ("Número patronal:", "{{ patrono.numero_patronal }}"),
        ("NIT:", "{{ patrono.nit }}"),
    )
    r.p("Estimados señores:")
    if convenio:
        r.control("{%p if cuotas_vencidas %}")
        r.p(convenio, mantener=True)
        r.bucle_parrafos("cuota", "cuotas_vencidas", "Numerado", "{{ loop.index }}.\t{{ cuota }}")
        r.control("{%p endif %}")
    r.p(mora, mantener=True)
    tabla_deuda(r)
    r.p(total)
    r.p(solicitud)
    r.p(advertencia)
    r.p(YA_PAGO)
    with r.indivisible():
        r.p(CONTACTO)
        r.firma()
    r.copia()
    return r


def aviso_cobro() -> Redactor:
    """El aviso de cobro: informa la mora y pide pagarla o convenir el pago en el plazo."""
    return _carta_de_cobro(
        "Aviso de cobro",
        "Aviso de cobro de cotizaciones en mora",
        mora=(
            "Por este medio, el Departamento de Recuperación Prejudicial del Instituto Salvadoreño "
            "del Seguro Social les informa que, según los registros de la cuenta patronal número "
            "**{{ patrono.numero_patronal }}**, al {{ corte | fecha_larga }} su representada mantiene "
            f"en mora las cotizaciones al Régimen del Seguro Social {PERIODOS}, con los recargos y "
            "multas que se detallan a continuación:"
        ),
        total=(
            f"El total adeudado asciende a {TOTAL_DEUDA}, {DESGLOSE}. Los recargos están calculados "
            "al {{ corte | fecha_larga }} conforme al artículo 33 de la Ley del Seguro Social y "
            "continuarán generándose por cada mes o fracción de mes de retraso hasta la fecha "
            "efectiva de pago."
        ),
        solicitud=(
            f"En consecuencia, les solicitamos cancelar dicho monto dentro del plazo de {PLAZO}, o "
            "presentarse dentro del mismo plazo a este Departamento para formalizar un convenio de "
            "pago."
        ),
        advertencia=(
            "De no recibirse el pago ni la solicitud de convenio en el plazo señalado, el Instituto "
            "continuará las acciones de cobro que le faculta la Ley del Seguro Social, incluidos el "
            "requerimiento formal de pago y el traslado del caso a la Unidad Jurídica para su cobro "
            "por la vía judicial."
        ),
    )


def requerimiento_pago() -> Redactor:
    """El requerimiento formal: exige el pago en un plazo improrrogable, so pena de cobro judicial."""
    return _carta_de_cobro(
        "Requerimiento de pago",
        "Requerimiento formal de pago de cotizaciones en mora",
        mora=(
            "No obstante las gestiones de cobro realizadas por este Departamento, su representada no "
            "ha cancelado las cotizaciones al Régimen del Seguro Social que adeuda. Según los "
            "registros de la cuenta patronal número **{{ patrono.numero_patronal }}**, al "
            f"{{{{ corte | fecha_larga }}}} se encuentran en mora las cotizaciones {PERIODOS}, con "
            "los recargos y multas que se detallan a continuación:"
        ),
        total=(
            f"El total adeudado asciende a {TOTAL_DEUDA}, {DESGLOSE}. Los recargos están calculados "
            "al {{ corte | fecha_larga }} conforme al artículo 33 de la Ley del Seguro Social y "
            "continuarán generándose hasta la fecha efectiva de pago."
        ),
        solicitud=(
            "Por tanto, por medio de la presente se les **REQUIERE** el pago total de la suma antes "
            f"indicada dentro del plazo improrrogable de {PLAZO}. Dentro del mismo plazo podrán "
            "solicitar a este Departamento la formalización de un convenio de pago."
        ),
        advertencia=(
            "Se les advierte que, vencido dicho plazo sin que se haya efectuado el pago ni "
            "formalizado un convenio de pago, el caso será trasladado sin más trámite a la Unidad "
            "Jurídica del Instituto para su cobro por la vía judicial, de conformidad con el "
            "artículo 36 de la Ley del Seguro Social, en virtud del cual la certificación de las "
            "sumas adeudadas expedida por el Director General del Instituto tiene fuerza de título "
            "ejecutivo. En esa instancia se reclamarán, además, los recargos que se sigan generando "
            "hasta la fecha efectiva de pago."
        ),
        convenio=(
            "Su representada ha incumplido el convenio de pago suscrito con este Instituto: las "
            "siguientes cuotas se encuentran vencidas y sin pagar, lo que da lugar a exigir el total "
            "de lo adeudado:"
        ),
    )
