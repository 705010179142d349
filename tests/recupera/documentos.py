"""Datos para las pruebas web de documentos: un expediente de cobro con mora y un gestor con correo,
y los pasos de la redacción y la revisión hechos como los haría una persona (formularios)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlmodel import select
from werkzeug.test import TestResponse

from expedientes import Expediente, Settings, Usuario, hoy, importar_mora
from plantillas import (
    DocumentoGenerado,
    aprobar_documento,
    crear_borrador,
    enviar_a_revision,
    finalizar_documento,
)
from recupera.composicion import componer
from tests.recupera.conftest import NUMERO_PEREZ, escribir

RAZON_HOSTIL = 'Pérez & Cía <S.A.> "x" {{ x }}'
RAZON_ESCAPADA = "Pérez &amp; Cía &lt;S.A.&gt; &#34;x&#34; {{ x }}"
_DOCUMENTO = re.compile(r"/documentos/([0-9]+)$")


def dar_correos(engine: Engine) -> None:
    """Cada usuario con su correo institucional (el aviso cita el correo del gestor)."""
    with escribir(engine) as s:
        for usuario in s.exec(select(Usuario)).all():
            usuario.correo = f"{usuario.nombre_usuario}@isss.gob.sv"
            s.add(usuario)


def cargar_mora(engine: Engine, numero_patronal: str = NUMERO_PEREZ) -> None:
    """Tres períodos en mora, con multa en el primero."""
    filas = [
        "numero_patronal,periodo,cuota,multa,fecha_limite_pago",
        f"{numero_patronal},01/2026,1234.56,25.00,2026-02-10",
        f"{numero_patronal},02/2026,1234.56,0,2026-03-10",
        f"{numero_patronal},03/2026,987.65,0,2026-04-10",
    ]
    with escribir(engine) as s:
        importar_mora(session=s, contenido="\n".join(filas).encode("utf-8"))


def documento_de(engine: Engine, documento_id: int) -> DocumentoGenerado:
    """El documento tal como quedó en la base."""
    with escribir(engine) as s:
        documento = s.get(DocumentoGenerado, documento_id)
        assert documento is not None
        return documento


def id_de(respuesta: TestResponse) -> int:
    """El id del documento al que redirige una respuesta (302 a /documentos/<id>)."""
    assert respuesta.status_code == 302, respuesta.get_data(as_text=True)
    encontrado = _DOCUMENTO.search(respuesta.headers["Location"])
    assert encontrado, respuesta.headers["Location"]
    return int(encontrado.group(1))


def redactar(
    cliente: FlaskClient, token: str, expediente: str, plantilla: str, **datos: str
) -> TestResponse:
    """Envía el formulario de un documento nuevo con los datos dados (sin prefijo)."""
    return cliente.post(
        f"/expedientes/{expediente}/documentos/nuevo",
        query_string={"plantilla": plantilla},
        data={"csrf_token": token, **{f"dato_{k}": v for k, v in datos.items()}},
    )


def paso(
    cliente: FlaskClient, token: str, documento_id: int, accion: str, **campos: Any
) -> TestResponse:
    """Un paso de la revisión (enviar, observar, aprobar…) por su formulario."""
    return cliente.post(
        f"/documentos/{documento_id}/{accion}", data={"csrf_token": token, **campos}
    )


def documento_final(
    engine: Engine,
    settings: Settings,
    expediente: Expediente,
    autor: Usuario,
    revisor: Usuario,
    plantilla: str = "aviso_cobro",
    datos: dict[str, Any] | None = None,
    dia: date | None = None,
) -> DocumentoGenerado:
    """Un documento de `plantilla` (un aviso de cobro, si no se dice) hecho con los servicios:
    redactado el `dia` (hoy) por el autor, aprobado por el revisor y final."""
    dia = dia or hoy()
    p = componer(settings).documentos
    with escribir(engine) as s:
        exp = s.get(Expediente, expediente.id)
        quien, jefe = s.get(Usuario, autor.id), s.get(Usuario, revisor.id)
        assert exp is not None and quien is not None and jefe is not None
        doc = crear_borrador(
            session=s,
            p=p,
            expediente=exp,
            plantilla=plantilla,
            datos=datos or {},
            autor=quien,
            hoy=dia,
        )
        comunes = {"session": s, "documento": doc, "expediente": exp}
        enviar_a_revision(p=p, usuario=quien, **comunes)
        aprobar_documento(usuario=jefe, sha256=doc.docx_sha256, **comunes)
        finalizar_documento(p=p, usuario=quien, hoy=dia, **comunes)
        return doc
