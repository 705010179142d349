"""Fixtures de documentos: un caso realista (y hostil) en la base y los parámetros de los
servicios de documentos, con el LibreOffice real de la sesión (`conversor`, en tests/conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from archivo import Almacen
from correspondencia import (
    Correspondencia,
    OrigenCarta,
    ReglasDePlazo,
    preparar_correo,
    registrar_carta,
    vincular_carta,
)
from expedientes import (
    DeudaPeriodo,
    Expediente,
    Patrono,
    Usuario,
    abrir_expediente,
    registrar_gestion,
    registrar_patrono,
)
from plantillas.instalacion import Parametros
from plantillas.pdf import ConversorPdf
from recupera.composicion import CorrespondenciaDeRecupera
from tests.correspondencia.corpus import mensaje
from tests.expedientes.datos import DUI_MARIA, NIT_PEREZ

HOY = date(2026, 11, 30)
RAZON = 'Pérez & Cía <S.A. de C.V.> "La Espiga" {{ x }} Ñandú'
DIRECCION = "Calle Arce #1234 & 5.ª Av. Norte <Local 3>, Col. Escalón"
REPRESENTANTE = "María José Castaneda & Ñúñez"
ASUNTO_CARTA = 'Solicitud de exoneración de multas & recargos <urgente> "{{ y }}"'
REFERENCIA_CARTA = "PC/GG-2026/077 & {{ z }}"
HOSTILES = [RAZON, DIRECCION]
# Doce períodos de 2025 con centavos, multas en algunos: la mora de un patrono real.
CUOTAS = [Decimal("1234.56") + Decimal(i * 101) + Decimal(i) / 100 for i in range(12)]


@pytest.fixture
def p(tmp_path: Path, conversor: ConversorPdf) -> Parametros:
    """Los parámetros de los servicios de documentos, con almacén propio de la prueba."""
    return Parametros(
        almacen=Almacen(tmp_path / "blobs"),
        tasa_recargo=Decimal("0.01"),
        lugar="San Salvador",
        convertir_pdf=conversor.convertir,
        correspondencia=CorrespondenciaDeRecupera("isss.gob.sv"),
    )


@dataclass
class Caso:
    """Un expediente con su patrono en mora, su gestor, dos jefes y una carta vinculada."""

    patrono: Patrono
    expediente: Expediente
    gestor: Usuario
    jefe: Usuario
    otro_jefe: Usuario
    carta: Correspondencia


def _usuario(session: Session, nombre: str, rol: str, completo: str) -> Usuario:
    usuario = Usuario(
        nombre_usuario=nombre,
        nombre_completo=completo,
        rol=rol,
        correo=f"{nombre}@isss.gob.sv",
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$ficticio$ficticio",
        token_sesion="0" * 32,
    )
    session.add(usuario)
    session.flush()
    return usuario


def _carta(session: Session, almacen: Almacen, expediente: Expediente) -> Correspondencia:
    preparado = preparar_correo(mensaje(asunto=ASUNTO_CARTA), almacen=almacen)
    carta = registrar_carta(
        session=session,
        preparado=preparado,
        origen=OrigenCarta("carpeta", nombre_archivo="solicitud.eml"),
        recibido_en=datetime(2026, 11, 16, 15, 0, tzinfo=UTC),
        reglas=ReglasDePlazo(10, {}),
        tipo="solicitud_patrono",
    )
    carta.referencia_remitente = REFERENCIA_CARTA
    session.add(carta)
    return vincular_carta(session=session, carta=carta, numero_expediente=expediente.numero)


def crear_caso(session: Session, almacen: Almacen, tipo: str = "cobro", **patrono: Any) -> Caso:
    """El caso completo en la base de la prueba (sin confirmar)."""
    gestor = _usuario(session, "carlos.mejia", "gestor", "Carlos Alberto Mejía Peña")
    jefe = _usuario(session, "jose.aguilar", "jefe", "José Roberto Aguilar Núñez")
    otro_jefe = _usuario(session, "ana.rivera", "jefe", "Ana Lucía Rivera de Ñola")
    datos = {
        "numero_patronal": "310145678",
        "nit": NIT_PEREZ,
        "razon_social": RAZON,
        "direccion": DIRECCION,
        "municipio": "San Salvador",
        "departamento": "San Salvador",
        "representante_legal": REPRESENTANTE,
        "dui_representante": DUI_MARIA,
        "sucursal": "San Salvador",
        **patrono,
    }
    registrado = registrar_patrono(session=session, campos=datos)
    for mes, cuota in enumerate(CUOTAS, start=1):
        session.add(
            DeudaPeriodo(
                patrono_id=registrado.id,  # type: ignore[arg-type]
                periodo=date(2025, mes, 1),
                cuota=cuota,
                multa=Decimal("57.13") if mes % 3 == 0 else Decimal("0.00"),
                fecha_limite_pago=date(2025, mes % 12 + 1, 10) if mes < 12 else date(2026, 1, 12),
            )
        )
    expediente = abrir_expediente(
        session=session, numero_patronal="310145678", tipo=tipo, hoy=date(2026, 1, 5),
        asunto="Mora de cotizaciones 2025", gestor=gestor,
    )  # fmt: skip
    registrar_gestion(
        session=session, expediente=expediente, tipo="llamada", fecha=date(2026, 2, 3),
        nota='Se habló con la contadora: "pagarán & pronto" <sic>', autor=gestor, hoy=HOY,
    )  # fmt: skip
    carta = _carta(session, almacen, expediente)
    session.flush()
    return Caso(registrado, expediente, gestor, jefe, otro_jefe, carta)


@pytest.fixture
def caso(session: Session, p: Parametros) -> Caso:
    """Un caso de cobro realista."""
    return crear_caso(session, p.almacen)


# Entradas válidas de cada plantilla del catálogo, con texto hostil donde se escribe texto.
def entradas_de(plantilla: str, caso: Caso) -> dict[str, Any]:
    """Lo que una persona escribiría para generar esa plantilla en el caso."""
    parrafo = 'El patrono «Pérez & Cía» pagó $1,000.00 <parcial> "según recibo" {{ r }}.'
    return {
        "aviso_cobro": {"corte": "2026-11-30", "plazo_dias": "10"},
        "requerimiento_pago": {"corte": "2026-11-30", "plazo_dias": 5},
        "convenio_pago": {
            "corte": "2026-11-30", "prima": "1,500.00", "cuotas": "7",
            "primera_fecha": "2026-12-31", "periodicidad": "mensual", "cuotas_incumplidas": "2",
        },
        "anteproyecto_acuerdo": {
            "corte": "2026-11-30", "solicitud": caso.carta.numero, "pagado_o_convenido": parrafo,
            "recomendacion": "Se recomienda exonerar & aplicar <en cuenta>.",
            "condiciones": "Mantener al día las cotizaciones.\nNo incumplir el convenio.",
        },
        "oficio_respuesta": {
            "carta": caso.carta.numero,
            "cuerpo": f"{parrafo}\nAtentamente informamos que su solicitud está en trámite.",
        },
        "traslado_juridica": {"corte": "2026-11-30", "anexos": "Estado de cuenta & certificación\nAvisos <2>"},
        "oficio_solicitud": {
            "destinatario": "Jefe de la Sección de Afiliación «Ñ» & <Planillas>",
            "asunto": 'Planillas "2025" del patrono', "plazo_dias": "10",
            "cuerpo": f"Copia de las planillas de 2025 {{{{ x }}}}.\n{parrafo}",
        },
    }[plantilla]  # fmt: skip


TIPO_DE = {
    "aviso_cobro": "cobro",
    "requerimiento_pago": "cobro",
    "convenio_pago": "convenio",
    "anteproyecto_acuerdo": "transaccion",
    "oficio_respuesta": "cobro",
    "traslado_juridica": "juridica",
    "oficio_solicitud": "cobro",
}
