"""Cartas para las pruebas web: registradas con los servicios reales en el almacén de la app."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import select

from archivo import almacen_de, sin_ocr
from correspondencia import (
    Adjunto,
    Correspondencia,
    DatosManuales,
    OrigenCarta,
    ReglasDePlazo,
    preparar_correo,
    registrar_carta,
    registrar_papel,
)
from expedientes import ahora
from tests.correspondencia.corpus import mensaje, pdf_minimo
from tests.recupera.conftest import escribir

REMITENTE_HOSTIL = "Panadería Ñandú & Hijos <ventas@ñandú.sv>"
ASUNTO_HOSTIL = 'Solicitud "urgente" <prórroga> {{ x }}'
REGLAS = ReglasDePlazo()


def carta_de_correo(
    engine: Engine,
    data_dir: Path,
    crudo: bytes | None = None,
    *,
    recibido_en: datetime | None = None,
    tipo: str = "general",
    **campos: object,
) -> Correspondencia:
    """Registra un correo (por omisión uno de `corpus.mensaje` con `campos`) como la carpeta."""
    prep = preparar_correo(crudo or mensaje(**campos), almacen=almacen_de(data_dir))  # type: ignore[arg-type]
    with escribir(engine) as s:
        return registrar_carta(
            session=s,
            preparado=prep,
            origen=OrigenCarta("carpeta", nombre_archivo=f"{prep.sha256[:12]}.eml"),
            recibido_en=recibido_en or ahora(),
            reglas=REGLAS,
            tipo=tipo,
        )


def carta_de_papel(
    engine: Engine,
    data_dir: Path,
    *,
    remitente: str = REMITENTE_HOSTIL,
    asunto: str = ASUNTO_HOSTIL,
    texto: str = "Carta de prueba",
    referencia: str = "",
) -> Correspondencia:
    """Registra sin OCR una carta en papel cuyo escaneo es un PDF con `texto`."""
    with escribir(engine) as s:
        return registrar_papel(
            session=s,
            almacen=almacen_de(data_dir),
            escaneo=pdf_minimo(texto),
            nombre_archivo="carta.pdf",
            datos=DatosManuales(remitente, asunto, referencia),
            recibido_en=ahora(),
            reglas=REGLAS,
            ocr=sin_ocr(),
        )


def agregar_adjunto(
    engine: Engine, data_dir: Path, carta: Correspondencia, nombre: str, tipo: str, datos: bytes
) -> Adjunto:
    """Un adjunto más, con el nombre y el tipo tal cual (para nombres y tipos hostiles)."""
    sha = almacen_de(data_dir).guardar(datos)
    with escribir(engine) as s:
        orden = len(s.exec(select(Adjunto).where(Adjunto.correspondencia_id == carta.id)).all())
        adjunto = Adjunto(
            correspondencia_id=carta.id or 0,
            orden=orden + 1,
            nombre=nombre,
            tipo_mime=tipo,
            sha256=sha,
            bytes=len(datos),
        )
        s.add(adjunto)
        s.flush()
        return adjunto
