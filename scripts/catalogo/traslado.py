"""El memorándum de traslado de un expediente a la Unidad Jurídica para cobro judicial."""

from __future__ import annotations

from docx.shared import Cm, Pt

from catalogo.piezas import (
    tabla_deuda,
)
from catalogo.redactor import Redactor
from catalogo.tablas import CENTRO, Columna
from catalogo.wordml import borde_parrafo


def _encabezado(r: Redactor) -> None:
    """Título, bloque PARA/DE/ASUNTO/FECHA bajo una regla, y el traslado mismo."""
    r.titulo("MEMORÁNDUM")
    r.referencia(fecha=False)
    bloque = r.tabla_sin_bordes(
        [Cm(2.8), Cm(13.6)],
        [
            ["**PARA:**", "Jefe de la Unidad Jurídica\nInstituto Salvadoreño del Seguro Social"],
            ["**DE:**", "{{ firma.nombre }}\n{{ firma.cargo }}"],
            [
                "**ASUNTO:**",
                "Traslado del expediente {{ expediente.numero }} para cobro judicial de la mora "
                "de {{ patrono.razon_social }}",
            ],
            ["**FECHA:**", "{{ documento.lugar }}, {{ documento.fecha | fecha_larga }}"],
        ],
    )
    for fila in bloque.rows:
        for celda in fila.cells:
            celda.paragraphs[-1].paragraph_format.space_after = Pt(6)
    regla = r.p("", "Destinatario", despues=Pt(12))
    borde_parrafo(regla, "top", grosor=12, espacio=1)
    r.p(
        "Por este medio se traslada a esa Unidad el expediente **{{ expediente.numero }}**"
        "{% if expediente.asunto %} ({{ expediente.asunto }}){% endif %}, a fin de que se "
        "promueva el cobro por la vía judicial de la mora del patrono que se identifica a "
        "continuación, que no fue posible recuperar por la vía administrativa pese a las "
        "gestiones realizadas por este Departamento."
    )


def _datos_del_patrono(r: Redactor) -> None:
    """Sección 1: la ficha del patrono."""
    r.p("1. Datos del patrono", "Seccion")
    r.tabla_etiquetas(
        [
            ("Razón social", "{{ patrono.razon_social }}"),
            ("Nombre comercial", '{{ patrono.nombre_comercial or "—" }}'),
            ("Número patronal", "{{ patrono.numero_patronal }}"),
            ("NIT", "{{ patrono.nit }}"),
            ("Representante legal", '{{ patrono.representante_legal or "—" }}'),
            ("DUI del representante", '{{ patrono.dui_representante or "—" }}'),
            (
                "Dirección",
                "{{ patrono.direccion }}"
                "{% for parte in [patrono.municipio, patrono.departamento] | select %}"
                ", {{ parte }}{% endfor %}",
            ),
            ("Teléfono", '{{ patrono.telefono or "—" }}'),
            ("Correo electrónico", '{{ patrono.correo or "—" }}'),
        ],
        Cm(4.4),
    )


def _monto_a_certificar(r: Redactor) -> None:
    """Sección 2: el monto a certificar, con su detalle por período."""
    r.p("2. Monto a certificar", "Seccion")
    r.p(
        "El monto de la mora a certificar para su cobro judicial, de conformidad con el "
        "artículo 36 de la Ley del Seguro Social, asciende a "
        "**{{ monto_certificado | moneda }} ({{ monto_certificado | en_letras }})**, según el "
        "detalle por período al {{ corte | fecha_larga }}:",
        mantener=True,
    )
    tabla_deuda(r)
    r.p(
        "Los recargos continuarán generándose conforme al artículo 33 de la Ley del Seguro "
        "Social hasta la fecha efectiva de pago."
    )


def _gestiones_y_anexos(r: Redactor) -> None:
    """Secciones 3 y 4: las gestiones hechas, los anexos y la firma."""
    r.p("3. Gestiones de cobro realizadas", "Seccion")
    r.p(
        "Este Departamento realizó las gestiones de cobro administrativo siguientes:",
        mantener=True,
    )
    r.tabla_datos(
        [
            Columna("Fecha", Cm(2.4), "{{ g.fecha | fecha_corta }}", CENTRO),
            Columna("Gestión", Cm(4.2), "{{ g.tipo }}"),
            Columna("Detalle", Cm(9.9), "{{ g.nota }}"),
        ],
        "g in gestiones",
    )
    r.p("4. Documentos anexos", "Seccion")
    r.bucle_parrafos("anexo", "anexos", "Numerado", "{{ loop.index }}.\t{{ anexo }}")
    with r.indivisible():
        r.p(
            "Para cualquier consulta sobre el expediente, el gestor de cobros responsable es "
            "{{ gestor.nombre }} ({{ gestor.correo }}).",
            antes=Pt(6),
        )
        r.firma()


def traslado_juridica() -> Redactor:
    """El memorándum: para quién y de quién, el patrono, el monto, las gestiones y los anexos."""
    r = Redactor("Memorándum de traslado a la Unidad Jurídica", "Traslado para cobro judicial")
    _encabezado(r)
    _datos_del_patrono(r)
    _monto_a_certificar(r)
    _gestiones_y_anexos(r)
    r.copia("c. c.: Archivo del expediente {{ expediente.numero }}")
    return r
