"""El anteproyecto de Acuerdo del Consejo Directivo para exonerar multas y recargos."""

from __future__ import annotations

from docx.shared import Cm, Pt

from catalogo.piezas import (
    PERIODOS,
    firmas_dobles,
    tabla_deuda,
)
from catalogo.redactor import Redactor


def _encabezado(r: Redactor) -> None:
    """El Consejo Directivo, el título, la ficha de la solicitud y de quién es."""
    # Un salto de línea (no un párrafo nuevo) para que el renglón corte donde debe.
    r.titulo("CONSEJO DIRECTIVO\nDEL INSTITUTO SALVADOREÑO DEL SEGURO SOCIAL")
    r.doc.paragraphs[-1].paragraph_format.space_after = Pt(10)
    r.titulo("ANTEPROYECTO DE ACUERDO", "Solicitud de exoneración de multas y recargos")
    r.referencia("Expediente {{ expediente.numero }}")
    r.tabla_etiquetas(
        [
            ("Patrono", "{{ patrono.razon_social }}"),
            ("Número patronal", "{{ patrono.numero_patronal }}"),
            ("NIT", "{{ patrono.nit }}"),
            (
                "Solicitud",
                "Registrada con el número {{ solicitud.numero }}, recibida el "
                "{{ solicitud.recibida_el | fecha_larga }}",
            ),
        ],
        Cm(4.0),
    )
    r.p(
        "El Consejo Directivo del Instituto Salvadoreño del Seguro Social, en relación con la "
        "solicitud de exoneración de multas y recargos presentada por "
        "**{{ patrono.razon_social }}**, número patronal **{{ patrono.numero_patronal }}**, NIT "
        "**{{ patrono.nit }}**,"
    )


def _considerandos_de_la_mora(r: Redactor) -> None:
    """Considerandos I a III: la solicitud, la mora con su detalle y lo pagado o convenido."""
    r.p("CONSIDERANDO:", "Seccion")
    r.p(
        "I.\tQue mediante escrito recibido el {{ solicitud.recibida_el | fecha_larga }} y "
        "registrado con el número **{{ solicitud.numero }}**, el patrono solicitó la exoneración "
        "de las multas y recargos generados por el pago tardío de sus cotizaciones al Régimen "
        "del Seguro Social.",
        "Numerado",
    )
    r.p(
        "II.\tQue, según el estado de la cuenta patronal al {{ corte | fecha_larga }}, el patrono "
        f"registra la mora siguiente {PERIODOS}, con sus cuotas, recargos y multas:",
        "Numerado",
        mantener=True,
    )
    tabla_deuda(r)
    r.p(
        "Las multas y recargos de dichos períodos suman "
        "**{{ exoneracion.maximo | moneda }} ({{ exoneracion.maximo | en_letras }})**, monto "
        "máximo que puede ser objeto de exoneración.",
        "Sangrado",
    )
    r.p(
        "III.\tQue, en cuanto a las cotizaciones adeudadas, el patrono ha pagado o convenido lo "
        "siguiente:",
        "Numerado",
        mantener=True,
    )
    r.bucle_parrafos("parrafo", "pagado_o_convenido", "Sangrado", "{{ parrafo }}")


def _considerandos_legales(r: Redactor) -> None:
    """Considerandos IV y V: la base legal y la recomendación del Departamento."""
    r.p(
        "IV.\tQue el artículo 29 de la Ley del Seguro Social establece las cotizaciones que "
        "corresponden a patronos y trabajadores para el financiamiento del Régimen; que el "
        "artículo 33 de la misma Ley dispone el recargo por cada mes o fracción de mes de "
        "retraso en el pago de las cotizaciones; y que el artículo 49 del Reglamento para la "
        "Aplicación del Régimen del Seguro Social regula las multas por el incumplimiento de las "
        "obligaciones patronales.",
        "Numerado",
    )
    r.p(
        "V.\tQue el Departamento de Recuperación Prejudicial, después de analizar la solicitud y "
        "el estado de la cuenta patronal, recomienda lo siguiente:",
        "Numerado",
        mantener=True,
    )
    r.bucle_parrafos("parrafo", "recomendacion", "Sangrado", "{{ parrafo }}")


def _acuerda(r: Redactor) -> None:
    """Por tanto, acuerda: exonerar, con sus condiciones, y aplicar la exoneración."""
    r.p(
        "**POR TANTO**, con base en los considerandos anteriores y en uso de sus facultades "
        "legales, este Consejo Directivo",
        antes=Pt(6),
        mantener=True,
    )
    r.p("ACUERDA:", "Seccion")
    r.p(
        "1.\tExonerar a **{{ patrono.razon_social }}**, número patronal "
        "**{{ patrono.numero_patronal }}**, del pago de "
        "**{{ monto_exonerar | moneda }} ({{ monto_exonerar | en_letras }})** en concepto de "
        f"multas y recargos correspondientes a las cotizaciones {PERIODOS}, detalladas en el "
        "considerando II.",
        "Numerado",
    )
    r.p(
        "2.\tSujetar la exoneración acordada al cumplimiento de las condiciones siguientes:",
        "Numerado",
        mantener=True,
    )
    r.bucle_parrafos(
        "condicion", "condiciones", "Numerado 2", "2.{{ loop.index }}\t{{ condicion }}"
    )
    r.p(
        "3.\tInstruir al Departamento de Recuperación Prejudicial para que, cumplidas las "
        "condiciones anteriores, gestione la aplicación de la exoneración acordada en la cuenta "
        "patronal número **{{ patrono.numero_patronal }}** y deje constancia de su descargo en el "
        "expediente {{ expediente.numero }}.",
        "Numerado",
    )


def _cierre(r: Redactor) -> None:
    """El último punto y las firmas de quien elaboró y quien propone, sin partirse."""
    with r.indivisible():
        r.p(
            "4.\tEncomendar al Departamento de Recuperación Prejudicial la notificación del "
            "presente acuerdo al patrono.",
            "Numerado",
        )
        firmas_dobles(
            r,
            (
                "**Elaboró**",
                "**{{ gestor.nombre }}**\nGestor de cobros\nDepartamento de Recuperación Prejudicial",
            ),
            ("**Revisó y propone**", "**{{ firma.nombre }}**\n{{ firma.cargo }}"),
        )


def anteproyecto_acuerdo() -> Redactor:
    """El anteproyecto: la solicitud, los considerandos, lo que se acuerda y quién lo propone."""
    r = Redactor(
        "Anteproyecto de Acuerdo", "Anteproyecto de Acuerdo: exoneración de multas y recargos"
    )
    _encabezado(r)
    _considerandos_de_la_mora(r)
    _considerandos_legales(r)
    _acuerda(r)
    _cierre(r)
    return r
