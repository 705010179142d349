"""Registrar una carta en papel con OCR sin retener a nadie: el formulario se revisa y el escaneo
se guarda (por su hash) al enviarlo; el OCR y el registro los hace después una tarea, que dice
página por página cómo va. La carta se registra como recibida cuando se entregó el formulario, no
cuando termina el OCR; si el OCR o el registro fallan, el escaneo sigue guardado y la tarea se
reintenta sin subirlo de nuevo.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from archivo import Almacen, aplicar_ocr, avance_del_ocr, tipo_de_escaneo
from correspondencia.papel import exigir_escaneo_nuevo, problemas_de_papel, registrar_papel
from correspondencia.registro import DatosManuales
from correspondencia.reglas import ReglasDePlazo
from expedientes import (
    ZONA_LOCAL,
    Actor,
    Avanzar,
    BaseDeDatos,
    ErrorDominio,
    EstadoTarea,
    Manejador,
    Resultado,
    Tarea,
    Usuario,
    anotar_tarea,
)

CLASE_REGISTRO_PAPEL = "registrar_papel"


def anotar_registro_papel(
    *,
    session: Session,
    almacen: Almacen,
    usuario: Usuario,
    escaneo: bytes,
    nombre_archivo: str,
    datos: DatosManuales,
    tipo: str,
    recibido_en: datetime,
) -> Tarea:
    """Revisa los datos, guarda el escaneo y anota la tarea que le pasará el OCR y registrará la
    carta (se confirma con la transacción de quien la pide)."""
    problemas = problemas_de_papel(datos, tipo, recibido_en.astimezone(ZONA_LOCAL).date())
    if problemas:
        raise ErrorDominio("La carta no se puede registrar.", problemas)
    tipo_de_escaneo(escaneo)
    sha = almacen.guardar(escaneo)
    exigir_escaneo_nuevo(session, sha)
    _exigir_sin_tarea_abierta(session, sha)
    return anotar_tarea(
        session=session,
        usuario=usuario,
        clase=CLASE_REGISTRO_PAPEL,
        titulo=f"Registrar con OCR la carta «{datos.asunto}» de {datos.remitente}",
        parametros={
            "sha256": sha,
            "nombre_archivo": nombre_archivo,
            "remitente": datos.remitente,
            "asunto": datos.asunto,
            "referencia_remitente": datos.referencia_remitente,
            "fecha_documento": datos.fecha_documento.isoformat() if datos.fecha_documento else "",
            "tipo": tipo,
            "recibido_en": recibido_en.isoformat(),
            "actor": usuario.nombre_usuario,
        },
    )


def _exigir_sin_tarea_abierta(session: Session, sha: str) -> None:
    """El mismo escaneo enviado dos veces mientras el primero aún se procesa: se dice, no se
    duplica."""
    abiertas = session.exec(
        select(Tarea).where(
            Tarea.clase == CLASE_REGISTRO_PAPEL,
            col(Tarea.estado).in_([EstadoTarea.PENDIENTE, EstadoTarea.EN_CURSO]),
        )
    ).all()
    if any(t.parametros.get("sha256") == sha for t in abiertas):
        raise ErrorDominio("Este escaneo ya se está registrando: espere a que termine su OCR.")


def manejador_registro_papel(
    *,
    bd: BaseDeDatos,
    almacen: Almacen,
    reglas: ReglasDePlazo,
    ocr_segundos: int,
) -> Manejador:
    """Lo que hace la tarea: el OCR página por página, y después el registro de la carta."""

    def registrar(tarea: Tarea, avanzar: Avanzar) -> Resultado:
        p = tarea.parametros
        escaneo = almacen.leer(p["sha256"])
        avanzar(0, 0, "Preparando el escaneo para el OCR")
        ocr = aplicar_ocr(escaneo, segundos=ocr_segundos, avanzar=avance_del_ocr(avanzar))
        avanzar(1, 1, "Registrando la carta")
        with bd.sesion(Actor(p["actor"], tarea.creada_por_id)) as s:
            carta = registrar_papel(
                session=s, almacen=almacen, escaneo=escaneo, nombre_archivo=p["nombre_archivo"],
                datos=_datos(p), recibido_en=datetime.fromisoformat(p["recibido_en"]),
                reglas=reglas, ocr=ocr, tipo=p["tipo"], registrado_por_id=tarea.creada_por_id,
            )  # fmt: skip
            numero = carta.numero
        return Resultado(
            "carta",
            numero,
            f"Registrada {numero}: imprima su acuse de recibo y la etiqueta para el papel.",
            ocr.advertencias,
        )

    return registrar


def _datos(p: dict[str, Any]) -> DatosManuales:
    """Los datos del formulario, tal como se anotaron."""
    fecha = p.get("fecha_documento") or ""
    return DatosManuales(
        remitente=p["remitente"],
        asunto=p["asunto"],
        referencia_remitente=p["referencia_remitente"],
        fecha_documento=datetime.fromisoformat(fecha) if fecha else None,
    )
