"""Para las pruebas web del archivo: expedientes hechos con los servicios reales, con PDF de verdad
en el almacén de la aplicación (`almacen_de(data_dir)`), del patrono de nombre hostil; una carta
de varias páginas; y el envío de formularios con su token."""

from __future__ import annotations

import re
from html import unescape
from io import BytesIO
from pathlib import Path

from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import col, select
from werkzeug.test import TestResponse

from archivo import (
    DocumentoExpediente,
    Sello,
    almacen_de,
    cargar_requisitos,
    sellado,
    sellos_de,
    sin_ocr,
)
from correspondencia import Correspondencia, DatosManuales, registrar_papel
from expedientes import Usuario, ahora, hoy, obtener_expediente
from seguimiento import BLOQUEOS_DE_SELLADO
from tests.archivo.casos import TRANSACCION, agregar, completo, expediente_en_gestion, pdf_de
from tests.recupera.cartas import REGLAS
from tests.recupera.conftest import csrf, escribir, texto

REQUISITOS = cargar_requisitos()
# La razón social de `tests.archivo.casos` tal como debe verse en el HTML.
RAZON_ESCAPADA = "Pérez &amp; Cía &lt;S.A. de C.V.&gt; &#34;La Espiga&#34; {{ x }} Ñandú"
HOSTIL = 'Pérez & Cía <S.A.> "x" {{ x }} Ñandú'
HOSTIL_ESCAPADO = "Pérez &amp; Cía &lt;S.A.&gt; &#34;x&#34; {{ x }} Ñandú"
# Los cinco documentos de `archivable` tienen 1, 2, 3, 4 y 5 folios.
RANGOS = ["folio 1", "folios 2–3", "folios 4–6", "folios 7–10", "folios 11–15"]


def archivable(engine: Engine, data_dir: Path) -> str:
    """Una transacción con sus cinco documentos requeridos (1 a 5 folios); su número."""
    with escribir(engine) as s:
        return completo(s, almacen_de(data_dir)).expediente.numero


def incompleto(engine: Engine, data_dir: Path, cuantos: int = 3) -> str:
    """Una transacción con solo los primeros `cuantos` documentos requeridos; su número."""
    with escribir(engine) as s:
        caso = expediente_en_gestion(s)
        for tipo in TRANSACCION[:cuantos]:
            agregar(s, almacen_de(data_dir), caso.expediente, tipo)
        return caso.expediente.numero


def sellar(engine: Engine, data_dir: Path, numero: str, jefe: Usuario) -> Sello:
    """Cierra y archiva el expediente como lo haría el jefe."""
    with escribir(engine) as s:
        return sellado.sellar(
            session=s,
            almacen=almacen_de(data_dir),
            expediente=obtener_expediente(session=s, numero=numero),
            usuario=jefe,
            requisitos=REQUISITOS,
            hoy=hoy(),
            bloqueos=BLOQUEOS_DE_SELLADO,
        )


def documentos(engine: Engine, numero: str) -> list[DocumentoExpediente]:
    """Los documentos del expediente en orden, como quedaron en la base."""
    with escribir(engine) as s:
        expediente = obtener_expediente(session=s, numero=numero)
        return list(
            s.exec(
                select(DocumentoExpediente)
                .where(DocumentoExpediente.expediente_id == expediente.id)
                .order_by(col(DocumentoExpediente.orden))
            ).all()
        )


def sellos(engine: Engine, numero: str) -> list[Sello]:
    """Los sellos del expediente, de la versión 1 a la última."""
    with escribir(engine) as s:
        expediente = obtener_expediente(session=s, numero=numero)
        return sellos_de(session=s, expediente_id=expediente.id or 0)


def paginas(pdf: bytes) -> int:
    """Cuántas páginas tiene el PDF."""
    return len(PdfReader(BytesIO(pdf)).pages)


def paginas_de_indice(lector: PdfReader) -> int:
    """Cuántas páginas seguidas, después de la carátula, son del índice."""
    cuenta = 0
    while "ÍNDICE DE DOCUMENTOS" in lector.pages[1 + cuenta].extract_text():
        cuenta += 1
    return cuenta


def carta_de_tres_paginas(engine: Engine, data_dir: Path) -> Correspondencia:
    """Una carta en papel, de remitente hostil, cuyo escaneo (un PDF) tiene tres páginas."""
    with escribir(engine) as s:
        return registrar_papel(
            session=s,
            almacen=almacen_de(data_dir),
            escaneo=pdf_de(3, "carta de tres páginas"),
            nombre_archivo="solicitud ñandú.pdf",
            datos=DatosManuales(HOSTIL, "Solicitud de exoneración de multas", "GG/0451-2026"),
            recibido_en=ahora(),
            reglas=REGLAS,
            ocr=sin_ocr(),
        )


def enviar(cliente: FlaskClient, url: str, seguir: bool = False, **datos: object) -> TestResponse:
    """Envía el formulario (multipart, admite archivos) con el token CSRF de la sesión."""
    return cliente.post(
        url,
        data={**datos, "csrf_token": csrf(cliente, "/cuenta")},
        content_type="multipart/form-data",
        follow_redirects=seguir,
    )


def formularios_post(html: str) -> list[str]:
    """El `action` de cada formulario POST de la página."""
    return re.findall(r'<form method="post" action="([^"]+)"', html)


def sin_errores_internos(respuesta: TestResponse) -> str:
    """La página final sin escapes de HTML; nunca un error 500."""
    assert respuesta.status_code in (200, 422), texto(respuesta)
    return unescape(texto(respuesta))
