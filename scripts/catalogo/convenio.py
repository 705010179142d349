"""El convenio de pago de cotizaciones en mora, con su tabla de amortización y las firmas de
ambas partes."""

from __future__ import annotations

from docx.shared import Cm

from catalogo.piezas import (
    PERIODOS,
    TOTAL_DEUDA,
    firmas_dobles,
    tabla_deuda,
)
from catalogo.redactor import Redactor
from catalogo.tablas import CENTRO, DERECHA, Columna


def _comparecencia(r: Redactor) -> None:
    """Quiénes convienen: el Instituto, por su firmante, y el patrono, por su representante."""
    r.p(
        "Nosotros: **{{ firma.nombre }}**, {{ firma.cargo }}, actuando en nombre y "
        "representación del INSTITUTO SALVADOREÑO DEL SEGURO SOCIAL, que en lo sucesivo se "
        "denominará «el Instituto»; y **{{ patrono.representante_legal }}**, portador(a) de su "
        "Documento Único de Identidad número **{{ patrono.dui_representante }}**, actuando en "
        "su calidad de representante legal de **{{ patrono.razon_social }}**, con Número de "
        "Identificación Tributaria **{{ patrono.nit }}**, inscrita en el Instituto con el número "
        "patronal **{{ patrono.numero_patronal }}** y con dirección en {{ patrono.direccion }}, "
        '{{ [patrono.municipio, patrono.departamento] | select | join(", ") }}, que en lo '
        "sucesivo se denominará «el Patrono», convenimos en celebrar el presente CONVENIO DE "
        "PAGO, que se regirá por las cláusulas siguientes:"
    )


def _deuda_y_prima(r: Redactor) -> None:
    """Primera y segunda: la deuda reconocida, con su detalle, y la prima."""
    r.p(
        "**PRIMERA. RECONOCIMIENTO DE LA DEUDA.** El Patrono reconoce adeudar al Instituto, al "
        f"{{{{ corte | fecha_larga }}}}, la suma de {TOTAL_DEUDA} en concepto de cotizaciones al "
        f"Régimen del Seguro Social no pagadas {PERIODOS}, con sus recargos y multas, según el "
        "detalle siguiente:",
        mantener=True,
    )
    tabla_deuda(r)
    r.p(
        "**SEGUNDA. PRIMA.** El Patrono pagará a la firma del presente convenio, en concepto de "
        "prima, la suma de **{{ prima | moneda }} ({{ prima | en_letras }})**, que se abonará a "
        "la deuda reconocida en la cláusula anterior."
    )


def _plazo_y_amortizacion(r: Redactor) -> None:
    """Tercera: las cuotas y su tabla de amortización."""
    r.p(
        "**TERCERA. PLAZO Y FORMA DE PAGO.** El saldo de **{{ convenio.financiado | moneda }} "
        "({{ convenio.financiado | en_letras }})** será pagado por el Patrono en "
        "**{{ cuotas | cantidad }} cuotas** sucesivas de periodicidad {{ periodicidad }}, de "
        "**{{ convenio.cuota | moneda }} ({{ convenio.cuota | en_letras }})** cada una"
        "{% if convenio.ultima_cuota != convenio.cuota %}, salvo la última, de "
        "**{{ convenio.ultima_cuota | moneda }} ({{ convenio.ultima_cuota | en_letras }})**, "
        "que incluye el ajuste por redondeo{% endif %}. La primera cuota vence el "
        "{{ primera_fecha | fecha_larga }} y la última el "
        "{{ convenio.ultimo_vencimiento | fecha_larga }}, conforme a la tabla de amortización "
        "siguiente:",
        mantener=True,
    )
    r.p("Tabla de amortización (en dólares de los Estados Unidos de América)", "Leyenda tabla")
    r.tabla_datos(
        [
            Columna("N.º", Cm(1.6), "{{ c.numero }}", CENTRO),
            Columna("Vencimiento", Cm(3.4), "{{ c.vence_el | fecha_corta }}", CENTRO),
            Columna("Cuota", Cm(3.4), "{{ c.monto | moneda }}", DERECHA),
            Columna("Saldo", Cm(3.6), "{{ c.saldo | moneda }}", DERECHA),
        ],
        "c in convenio.tabla",
    )


def _obligaciones(r: Redactor) -> None:
    """Cuarta a sexta: lugar de pago, cotizaciones corrientes e incumplimiento."""
    r.p(
        "**CUARTA. LUGAR DE PAGO.** Los pagos se efectuarán en los lugares de pago autorizados "
        "por el Instituto, a más tardar en la fecha de vencimiento de cada cuota, identificando "
        "el número patronal y la referencia de este convenio. El Patrono podrá anticipar el pago "
        "de una o más cuotas o cancelar el saldo en cualquier momento."
    )
    r.p(
        "**QUINTA. PAGO DE LAS COTIZACIONES CORRIENTES.** Durante la vigencia del presente "
        "convenio, el Patrono se obliga a mantener al día el pago de las cotizaciones de los "
        "períodos que se devenguen a partir de su firma, dentro del plazo legal establecido para "
        "la presentación y el pago de la planilla. El atraso en el pago de dichas cotizaciones "
        "constituirá incumplimiento del presente convenio."
    )
    r.p(
        "**SEXTA. CLÁUSULA DE INCUMPLIMIENTO.** Si el Patrono dejare de pagar "
        "{% if cuotas_incumplidas == 1 %}una (1) cuota{% else %}"
        "{{ cuotas_incumplidas | cantidad }} cuotas, consecutivas o no,{% endif %} en su fecha "
        "de vencimiento, o incumpliere la obligación establecida en la cláusula anterior, el "
        "plazo del presente convenio se tendrá por vencido y se hará exigible de inmediato la "
        "totalidad del saldo pendiente, con los recargos que correspondan de conformidad con el "
        "artículo 33 de la Ley del Seguro Social; y el Instituto trasladará el caso a la Unidad "
        "Jurídica para su cobro por la vía judicial, de conformidad con el artículo 36 de la "
        "misma Ley, sirviendo de título ejecutivo la certificación de la deuda expedida por el "
        "Director General del Instituto."
    )


def _aceptacion(r: Redactor) -> None:
    """Séptima: la aceptación y las firmas de ambas partes, sin partirse entre páginas."""
    with r.indivisible():
        r.p(
            "**SÉPTIMA. ACEPTACIÓN.** Ambas partes aceptan el presente convenio en los términos "
            "expresados y, para constancia, lo firmamos en dos ejemplares de igual valor y "
            "tenor, uno para cada parte."
        )
        firmas_dobles(
            r,
            (
                "**POR EL INSTITUTO**",
                "**{{ firma.nombre }}**\n{{ firma.cargo }}\nInstituto Salvadoreño del Seguro Social",
            ),
            (
                "**POR EL PATRONO**",
                "**{{ patrono.representante_legal }}**\nRepresentante legal\n"
                "{{ patrono.razon_social }}\nDUI {{ patrono.dui_representante }}",
            ),
        )


def convenio_pago() -> Redactor:
    """El convenio: las partes, las siete cláusulas con la deuda y la amortización, y las firmas."""
    r = Redactor("Convenio de pago", "Convenio de pago de cotizaciones en mora")
    r.titulo("CONVENIO DE PAGO", "de cotizaciones en mora al Régimen del Seguro Social")
    r.referencia(
        "Expediente {{ expediente.numero }}",
        "Número patronal {{ patrono.numero_patronal }}",
        fecha=False,
    )
    _comparecencia(r)
    _deuda_y_prima(r)
    _plazo_y_amortizacion(r)
    _obligaciones(r)
    _aceptacion(r)
    r.copia()
    return r
