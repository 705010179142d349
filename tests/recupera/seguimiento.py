"""Datos del seguimiento para las pruebas web, hechos con los servicios reales: documentos finales
(redactados, revisados por un jefe y finales, con su PDF/A de LibreOffice), cartas registradas y
vinculadas en una fecha dada, y los envíos de formularios con archivo."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html import unescape
from io import BytesIO
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlmodel import col, select
from werkzeug.test import TestResponse

from archivo import almacen_de
from correspondencia import Correspondencia, vincular_carta
from expedientes import Expediente, Settings, Usuario, hoy
from plantillas import DocumentoGenerado
from seguimiento import (
    COLUMNAS_PAGOS,
    Alerta,
    Convenio,
    CuotaConvenio,
    TipoAlerta,
    atender_alerta,
    registrar_convenio,
)
from seguimiento.convenios_estados import alertar
from tests.expedientes.datos import csv_texto
from tests.recupera.cartas import carta_de_correo
from tests.recupera.conftest import escribir
from tests.recupera.documentos import documento_final

_FORM = re.compile(r"<form\b[^>]*>", re.S)


def ficha(cliente: FlaskClient, numero: str) -> str:
    """La página del expediente, con las entidades HTML ya resueltas."""
    respuesta = cliente.get(f"/expedientes/{numero}")
    assert respuesta.status_code == 200
    return unescape(respuesta.get_data(as_text=True))


def seccion(html: str, ident: str) -> str:
    """La sección de la página con ese id, hasta la sección siguiente."""
    inicio = html.index(f'id="{ident}"')
    fin = html.find("<section", inicio)
    return html[inicio : fin if fin != -1 else len(html)]


def carta_vinculada(
    engine: Engine,
    data_dir: Path,
    expediente: Expediente,
    asunto: str,
    recibida: date,
    tipo: str = "general",
    remitente: tuple[str, str] = ("Secretaría del Consejo Directivo & Cía", "consejo@isss.gob.sv"),
) -> str:
    """Una carta recibida a media mañana del `recibida`, registrada y vinculada; su número."""
    carta = carta_de_correo(
        engine,
        data_dir,
        recibido_en=datetime(recibida.year, recibida.month, recibida.day, 16, tzinfo=UTC),
        tipo=tipo,
        asunto=asunto,
        remitente=remitente,
        cuerpo=f"{asunto}\nAtentamente.\n",
    )
    with escribir(engine) as s:
        registrada = s.get(Correspondencia, carta.id)
        assert registrada is not None
        vincular_carta(session=s, carta=registrada, numero_expediente=expediente.numero)
    return carta.numero


def csv_pagos(filas: list[list[str]]) -> bytes:
    """Un CSV de pagos con su encabezado."""
    return csv_texto([list(COLUMNAS_PAGOS), *filas]).encode("utf-8")


def subir(
    cliente: FlaskClient,
    url: str,
    token: str,
    archivo: tuple[str, bytes, str] | None = None,
    seguir: bool = False,
    **campos: str,
) -> TestResponse:
    """Un POST multipart con el token CSRF y, si se da, un archivo `(campo, bytes, nombre)`."""
    datos: dict[str, Any] = {"csrf_token": token, **campos}
    if archivo is not None:
        campo, contenido, nombre = archivo
        datos[campo] = (BytesIO(contenido), nombre)
    return cliente.post(
        url, data=datos, content_type="multipart/form-data", follow_redirects=seguir
    )


def cuotas_de(engine: Engine, documento_numero: str) -> tuple[Convenio, list[CuotaConvenio]]:
    """El convenio registrado desde el documento y sus cuotas por número, tal como están."""
    with escribir(engine) as s:
        convenio = s.exec(
            select(Convenio).where(Convenio.documento_numero == documento_numero)
        ).one()
        cuotas = s.exec(
            select(CuotaConvenio)
            .where(CuotaConvenio.convenio_id == convenio.id)
            .order_by(col(CuotaConvenio.numero))
        ).all()
        return convenio, list(cuotas)


def formularios(html: str) -> list[str]:
    """Las etiquetas `<form …>` de la página."""
    return _FORM.findall(html)


def convenio_con_alerta_atendida(
    engine: Engine, settings: Settings, expediente: Expediente, gestor: Usuario, jefe: Usuario
) -> tuple[Convenio, Alerta]:
    """Un convenio en borrador (desde su documento final de hoy) con una alerta ya atendida: ni
    legalizarlo sin escaneo, ni rehabilitarlo, ni volver a atender la alerta cambian nada."""
    dia = hoy()
    datos = {
        "corte": dia.isoformat(), "prima": "250.00", "cuotas": "3",
        "primera_fecha": (dia + timedelta(days=15)).isoformat(), "periodicidad": "mensual",
    }  # fmt: skip
    documento = documento_final(engine, settings, expediente, gestor, jefe, "convenio_pago", datos, dia)  # fmt: skip
    with escribir(engine) as s:
        doc = s.get(DocumentoGenerado, documento.id)
        quien, revisor = s.get(Usuario, gestor.id), s.get(Usuario, jefe.id)
        assert doc is not None and quien is not None and revisor is not None
        convenio = registrar_convenio(
            session=s, almacen=almacen_de(settings.data_dir), documento=doc, usuario=quien,
            cuotas_para_incumplir_predeterminado=settings.cuotas_para_incumplir,
        )  # fmt: skip
        alerta, _ = alertar(
            s, convenio=convenio, tipo=TipoAlerta.CUOTA_VENCIDA, cuota=1, hoy=dia,
            mensaje=f"La cuota 1 del convenio {doc.numero} está vencida: pagado $0.00.",
        )  # fmt: skip
        s.flush()
        atender_alerta(session=s, alerta=alerta, usuario=revisor, hoy=dia)
        return convenio, alerta
