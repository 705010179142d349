"""Las piezas de texto que varias plantillas comparten: los períodos en mora, el plazo, el total
y su desglose, el contacto del gestor, el «si ya pagó», la tabla de la deuda y las firmas
dobles."""

from __future__ import annotations

from docx.shared import Cm, Pt

from catalogo.redactor import Redactor
from catalogo.tablas import CENTRO, DERECHA, Columna

PERIODOS = (
    "{% if deuda.desde == deuda.hasta %}del período {{ deuda.desde | periodo }}"
    "{% else %}de los períodos de {{ deuda.desde | periodo }} a {{ deuda.hasta | periodo }}"
    "{% endif %}"
)
PLAZO = (
    '**{{ plazo_dias | cantidad("m") }} días hábiles** contados a partir de la fecha de esta '
    "comunicación, es decir, a más tardar el **{{ plazo.vence_el | fecha_larga }}**"
)
TOTAL_DEUDA = "**{{ deuda.total | moneda }} ({{ deuda.total | en_letras }})**"
DESGLOSE = (
    "que comprende cuotas por {{ deuda.cuotas | moneda }}, recargos por "
    "{{ deuda.recargos | moneda }} y multas por {{ deuda.multas | moneda }}"
)
CONTACTO = (
    "Para cualquier aclaración o para acordar la forma de pago, pueden comunicarse con "
    "{{ gestor.nombre }}, gestor de cobros a cargo de su expediente, al correo electrónico "
    "{{ gestor.correo }}, citando la referencia de esta comunicación."
)
YA_PAGO = (
    "Si a la fecha de recibir esta comunicación ya efectuaron el pago, les agradeceremos remitir "
    "copia de los comprobantes respectivos para actualizar su cuenta patronal."
)


def tabla_deuda(r: Redactor) -> None:
    """La mora por período al corte: Período, Cuota, Recargo, Multa, Total y fila TOTAL."""
    r.p(
        "Detalle de la mora al {{ corte | fecha_corta }} (en dólares de los Estados Unidos "
        "de América)",
        "Leyenda tabla",
    )
    ancho = Cm(3.25)
    r.tabla_datos(
        [
            Columna("Período", ancho, "{{ l.periodo | periodo_corto }}", CENTRO, "TOTAL"),
            Columna(
                "Cuota", ancho, "{{ l.cuota | moneda }}", DERECHA, "{{ deuda.cuotas | moneda }}"
            ),
            Columna(
                "Recargo",
                ancho,
                "{{ l.recargo | moneda }}",
                DERECHA,
                "{{ deuda.recargos | moneda }}",
            ),
            Columna(
                "Multa", ancho, "{{ l.multa | moneda }}", DERECHA, "{{ deuda.multas | moneda }}"
            ),
            Columna(
                "Total", ancho, "{{ l.total | moneda }}", DERECHA, "{{ deuda.total | moneda }}"
            ),
        ],
        "l in deuda.lineas",
        con_total=True,
    )


def firmas_dobles(r: Redactor, izquierda: tuple[str, str], derecha: tuple[str, str]) -> None:
    """Lugar y fecha, y dos firmas lado a lado: (título, nombre y cargo) de cada una."""
    r.p(
        "{{ documento.lugar }}, {{ documento.fecha | fecha_larga }}",
        "Referencia",
        antes=Pt(4),
        despues=Pt(8),
    )
    raya = "______________________________"
    firmas = r.tabla_sin_bordes(
        [Cm(8.2), Cm(8.2)],
        [[izquierda[0], derecha[0]], [f"{raya}\n{izquierda[1]}", f"{raya}\n{derecha[1]}"]],
        estilo="Firma",
    )
    for celda in firmas.rows[1].cells:
        celda.paragraphs[0].paragraph_format.space_before = Pt(38)
