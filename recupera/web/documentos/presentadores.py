"""Lo que las vistas de documentos leen del formulario o preparan para la plantilla.

Aquí no se decide nada del dominio: se busca el documento y se pregunta a la política, se
traducen los campos del formulario a las entradas del contrato (y las guardadas de vuelta a
texto), se ofrecen las cartas del expediente y se dibujan (una vez) las páginas de la vista previa.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from flask import abort

from expedientes import Expediente, Permiso, puede_sobre_documento
from plantillas import (
    CartaCitada,
    Contrato,
    DocumentoGenerado,
    ErrorPdf,
    Parametros,
    textos_del_pdf,
    vista_previa_png,
)
from recupera.web import entregas
from recupera.web.acceso import db, servicios, settings, usuario_actual
from recupera.web.formatos import fecha_larga

# Los campos del formulario llevan prefijo: una entrada podría llamarse `csrf_token`.
PREFIJO = "dato_"
TIPOS_ENTRADA = {
    "texto": "Texto",
    "parrafos": "Párrafos (uno por línea)",
    "entero": "Número entero",
    "dinero": "Monto en dólares",
    "fecha": "Fecha",
    "opcion": "Una de varias opciones",
    "carta": "Carta registrada del expediente",
    "nit": "NIT",
    "dui": "DUI",
}
# Resolución de la vista previa: una página carta o A4 de unos 850 píxeles de ancho.
DPI_VISTA = 100
_FIRMA_PNG = b"\x89PNG\r\n\x1a\n"
_SHA256 = re.compile(r"[0-9a-f]{64}")


def visibles(
    documentos: list[DocumentoGenerado], expediente: Expediente
) -> list[DocumentoGenerado]:
    """Los documentos del expediente que la persona puede ver."""
    usuario = usuario_actual()
    return [
        d
        for d in documentos
        if puede_sobre_documento(usuario, Permiso.VER_DOCUMENTOS, d, expediente)
    ]


def datos_del_formulario(contrato: Contrato, form: Mapping[str, str]) -> dict[str, str]:
    """Lo escrito en cada entrada del contrato, tal cual (el servicio valida y convierte)."""
    return {e.nombre: form.get(PREFIJO + e.nombre, "") for e in contrato.entradas}


def como_texto(valor: Any) -> str:
    """Un valor guardado como lo mostraría el formulario (los párrafos, uno por línea)."""
    if valor is None:
        return ""
    if isinstance(valor, list):
        return "\n".join(str(v) for v in valor)
    return str(valor)


def valores_guardados(documento: DocumentoGenerado) -> dict[str, str]:
    """Las entradas con que se generó el documento, como texto de formulario."""
    return {nombre: como_texto(valor) for nombre, valor in dict(documento.entradas).items()}


def valores_legibles(contrato: Contrato, documento: DocumentoGenerado) -> dict[str, str]:
    """Las entradas guardadas como las lee una persona (las fechas, «30 de noviembre de 2026»)."""
    valores = valores_guardados(documento)
    for e in contrato.entradas:
        if e.tipo == "fecha" and e.nombre in valores:
            # Escrita de otra forma (DD/MM/AAAA, «hoy»): se muestra tal cual.
            with suppress(ValueError):
                valores[e.nombre] = fecha_larga(date.fromisoformat(valores[e.nombre]))
    return valores


@dataclass(frozen=True)
class OpcionCarta:
    """Una carta del expediente que el formulario ofrece para citar o responder."""

    numero: str
    rotulo: str


def cartas_del_expediente(expediente: Expediente) -> list[OpcionCarta]:
    """Las cartas vinculadas al expediente: «CE-… — remitente — asunto»."""
    cartas = servicios().documentos.correspondencia.cartas_del_expediente(
        session=db(), expediente_id=expediente.id or 0
    )
    return [OpcionCarta(c.numero, _rotulo(c)) for c in cartas]


def _rotulo(carta: CartaCitada) -> str:
    partes = [carta.numero, carta.remitente or "(sin remitente)", carta.asunto or "(sin asunto)"]
    return " — ".join(partes)


def parametros_web() -> Parametros:
    """Los parámetros de documentos de esta instalación."""
    return servicios().documentos


def parametros_con_pdf(documento: DocumentoGenerado, expediente: Expediente) -> Parametros:
    """Los parámetros de la instalación, con el PDF del `.docx` actual ya convertido.

    LibreOffice tarda: se convierte antes, con la transacción suelta (en SQLite retiene el
    candado de escritura), y el servicio recibe ese PDF si pide convertir los mismos bytes.
    Si el documento cambió entretanto, el servicio convierte los bytes nuevos como siempre.
    """
    p = parametros_web()
    if documento.pdf_sha256 and documento.pdf_de_sha256 == documento.docx_sha256:
        return p
    sha256, textos = documento.docx_sha256, textos_del_pdf(documento, expediente)
    db().rollback()
    docx = p.almacen.leer(sha256)
    pdf = p.convertir_pdf(docx, textos)
    convertir = p.convertir_pdf

    def convertir_con_lo_hecho(datos: bytes, pedidos: Sequence[str]) -> bytes:
        return pdf if (datos, list(pedidos)) == (docx, textos) else convertir(datos, pedidos)

    return replace(p, convertir_pdf=convertir_con_lo_hecho)


def vista_vigente(documento: DocumentoGenerado) -> bool:
    """¿El PDF guardado es del `.docx` actual? (Solo entonces se muestra la vista previa.)"""
    return bool(documento.pdf_sha256) and documento.pdf_de_sha256 == documento.docx_sha256


def pagina_png(documento: DocumentoGenerado, pagina: int) -> bytes:
    """Una página del PDF como PNG, dibujada una vez y guardada en `<data dir>/vistas/`."""
    pdf_sha256 = documento.pdf_sha256 or ""
    if not _SHA256.fullmatch(pdf_sha256):
        abort(404)
    ruta = Path(settings().data_dir) / "vistas" / f"{pdf_sha256}-{pagina}-{DPI_VISTA}.png"
    if ruta.is_file():
        guardada = ruta.read_bytes()
        if guardada.startswith(_FIRMA_PNG):
            return guardada
    pdf = entregas.leer(pdf_sha256, f"PDF de {documento.numero}")
    try:
        png = vista_previa_png(pdf, pagina=pagina, dpi=DPI_VISTA)
    except ErrorPdf as exc:
        raise entregas.ArchivoIlegible(f"{exc.mensaje} ({documento.numero})") from None
    ruta.parent.mkdir(parents=True, exist_ok=True)
    # Escritura atómica: dos peticiones a la vez no dejan un PNG a medias.
    temporal = ruta.with_name(f".{ruta.name}.{secrets.token_hex(8)}.tmp")
    temporal.write_bytes(png)
    os.replace(temporal, ruta)
    return png
