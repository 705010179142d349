"""Datos de demostración: un departamento creíble para probar y enseñar la aplicación.

Se cargan por los mismos caminos que los datos reales (importación CSV y servicios), así la
demostración también ejercita la validación y deja la bitácora como la dejaría el uso real.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from enum import Enum

from sqlmodel import Session, col, select

from avisos import generar_avisos, lectura_de_avisos
from correspondencia import ReglasDePlazo
from expedientes import (
    CAMPOS_PATRONO,
    COLUMNAS_MORA,
    Etapa,
    Expediente,
    TipoExpediente,
    Usuario,
    abrir_expediente,
    ahora,
    cambiar_etapa,
    crear_usuario,
    escribir_csv,
    importar_mora,
    importar_patronos,
    registrar_gestion,
)
from plantillas import Parametros, crear_borrador, enviar_a_revision, observar_documento
from recupera.composicion import Servicios
from recupera.demo_archivo import cargar_archivado
from recupera.demo_correspondencia import cargar_correspondencia
from recupera.demo_patronos import generar_mora, generar_patronos
from recupera.demo_salida import cargar_salidas
from recupera.demo_seguimiento import cargar_seguimiento

CREDENCIALES = [
    ("secretaria", "Secretaria-Demo-2026", "secretaria"),
    ("gestor", "Gestor-Demo-2026", "gestor"),
    ("jefe", "Jefe-Demo-2026", "jefe"),
    ("archivo", "Archivo-Demo-2026", "archivo"),
    ("admin", "Admin-Demo-2026", "admin"),
    ("gestora2", "Gestora2-Demo-2026", "gestor"),
]
_NOMBRES = {
    "secretaria": ("Marta Elena Rivas de Flores", "San Salvador"),
    "gestor": ("Carlos Alberto Mejía Peña", "San Salvador"),
    "jefe": ("José Roberto Aguilar Núñez", "San Salvador"),
    "archivo": ("Rosa María Portillo", "San Salvador"),
    "admin": ("Administración de Sistemas", None),
    "gestora2": ("Ana Gabriela Hernández Muñoz", "Santa Ana"),
}
_ETAPAS_DEMO = [
    # (tipo, camino de etapas desde "abierto", motivo de la última transición)
    (TipoExpediente.COBRO, [], ""),
    (TipoExpediente.COBRO, [Etapa.EN_GESTION], ""),
    (TipoExpediente.CONVENIO, [Etapa.EN_GESTION, Etapa.EN_CONVENIO], ""),
    (TipoExpediente.TRANSACCION, [Etapa.EN_GESTION, Etapa.EN_CONSEJO], ""),
    (TipoExpediente.JURIDICA, [Etapa.EN_GESTION, Etapa.EN_JURIDICA], ""),
    (TipoExpediente.COBRO, [Etapa.EN_GESTION, Etapa.CERRADO], ""),
    (
        TipoExpediente.COBRO,
        [Etapa.ANULADO],
        "Abierto por error: el patrono pagó antes de la apertura.",
    ),
]


def _usuarios(session: Session) -> dict[str, Usuario]:
    """Las personas de `CREDENCIALES`, por nombre de usuario."""
    personas = {}
    for nombre, contrasena, rol in CREDENCIALES:
        completo, sucursal = _NOMBRES[nombre]
        personas[nombre] = crear_usuario(
            session=session,
            nombre_usuario=nombre,
            nombre_completo=completo,
            rol=rol,
            contrasena=contrasena,
            sucursal=sucursal,
            correo=f"{nombre}@isss.gob.sv",
        )
    return personas


def _recorrer(
    session: Session,
    expediente: Expediente,
    camino: list[Etapa],
    motivo: str,
    autor: Usuario,
    fecha_gestion: date,
    representante: str,
    hoy: date,
) -> None:
    """Lleva el expediente por las etapas del camino, como lo haría el gestor."""
    for paso, etapa in enumerate(camino):
        if etapa == Etapa.EN_GESTION:
            registrar_gestion(
                session=session,
                expediente=expediente,
                tipo="llamada",
                fecha=fecha_gestion,
                nota=f"Se llamó a {representante}; ofrece presentar propuesta de pago.",
                autor=autor,
                hoy=hoy,
            )
            continue
        ultimo = paso == len(camino) - 1
        cambiar_etapa(
            session=session,
            expediente=expediente,
            nueva=etapa,
            hoy=hoy,
            motivo=motivo if ultimo else "",
        )


class EstadoDemo(Enum):
    """Qué encontró `cargar_demo`."""

    CARGADA = "cargada"
    YA_ESTABA = "ya_estaba"
    OTROS_DATOS = "otros_datos"


def _documentos(session: Session, p: Parametros, personas: dict[str, Usuario], hoy: date) -> None:
    """Avisos de cobro de los gestores en cada momento de la revisión: un borrador, uno en la
    cola del jefe y uno devuelto con observaciones (con su PDF/A real para la vista previa)."""
    gestores = {u.id: u for u in (personas["gestor"], personas["gestora2"])}
    candidatos = session.exec(
        select(Expediente)
        .where(col(Expediente.gestor_id).in_(list(gestores)))
        .where(col(Expediente.tipo).in_([TipoExpediente.COBRO, TipoExpediente.CONVENIO]))
        .where(col(Expediente.etapa).in_([Etapa.ABIERTO, Etapa.EN_GESTION, Etapa.EN_CONVENIO]))
        .order_by(col(Expediente.numero))
    ).all()
    for paso, expediente in enumerate(candidatos[:3]):
        autor = gestores[expediente.gestor_id]
        documento = crear_borrador(
            session=session, p=p, expediente=expediente, plantilla="aviso_cobro",
            datos={"plazo_dias": 10}, autor=autor, hoy=hoy,
        )  # fmt: skip
        if paso == 0:
            continue
        enviar_a_revision(
            session=session, p=p, documento=documento, expediente=expediente, usuario=autor
        )
        if paso == 2:
            observar_documento(
                session=session, documento=documento, expediente=expediente,
                usuario=personas["jefe"], sha256=documento.docx_sha256,
                observaciones="Dé 15 días hábiles de plazo: el patrono ya pidió un convenio.",
            )  # fmt: skip


def _expedientes(
    session: Session,
    rng: random.Random,
    patronos: list[dict[str, str]],
    personas: dict[str, Usuario],
    hoy: date,
) -> None:
    """Un expediente por patrono en mora, llevado por su camino de `_ETAPAS_DEMO`."""
    gestores = [personas["gestor"], personas["gestora2"], personas["jefe"], None]
    aperturas = sorted(hoy - timedelta(days=rng.randrange(20, 420)) for _ in range(34))
    for i, (p, abierto) in enumerate(zip(patronos[:34], aperturas, strict=True)):
        tipo, camino, motivo = _ETAPAS_DEMO[i % len(_ETAPAS_DEMO)]
        gestor = gestores[i % len(gestores)] if camino or i % 2 else None
        expediente = abrir_expediente(
            session=session,
            numero_patronal=p["numero_patronal"],
            tipo=tipo,
            hoy=abierto,
            asunto="Mora de cotizaciones según estado de cuenta",
            gestor=gestor,
        )
        fecha_gestion = min(hoy, abierto + timedelta(days=rng.randrange(1, 15)))
        _recorrer(
            session,
            expediente,
            camino,
            motivo,
            gestor or personas["gestor"],
            fecha_gestion,
            p["representante_legal"],
            hoy,
        )


def cargar_demo(*, session: Session, hoy: date, servicios: Servicios | None = None) -> EstadoDemo:
    """Carga la demostración solo en una base sin usuarios; nunca la mezcla con datos propios.

    Con los `servicios` de la instalación también registra correspondencia (con sus plazos de
    respuesta), genera avisos de cobro en revisión, oficios de respuesta y avisos en cada momento
    de su envío y el seguimiento de convenios (con su lista de documentos requeridos).
    """
    existentes = set(session.exec(select(Usuario.nombre_usuario)).all())
    if existentes:
        demo = {nombre for nombre, _, _ in CREDENCIALES}
        return EstadoDemo.YA_ESTABA if demo <= existentes else EstadoDemo.OTROS_DATOS
    lectura_de_avisos(session)  # los avisos empiezan aquí: la demo avisa de lo que trae
    rng = random.Random(2026)
    personas = _usuarios(session)
    patronos = generar_patronos(rng)
    importar_patronos(session=session, contenido=escribir_csv(CAMPOS_PATRONO, patronos))
    mora = generar_mora(rng, patronos, hoy)
    importar_mora(session=session, contenido=escribir_csv(COLUMNAS_MORA, mora))
    _expedientes(session, rng, patronos, personas, hoy)
    session.flush()
    if servicios is not None:
        cargar_correspondencia(session=session, almacen=servicios.almacen, personas=personas,
                               hoy=hoy, reglas=ReglasDePlazo.desde(servicios.settings))  # fmt: skip
        _documentos(session, servicios.documentos, personas, hoy)
        cargar_salidas(session=session, p=servicios.documentos, requisitos=servicios.requisitos,
                       personas=personas, hoy=hoy)  # fmt: skip
        cargar_seguimiento(session=session, p=servicios.documentos,
                           requisitos=servicios.requisitos, personas=personas, hoy=hoy)  # fmt: skip
        cargar_archivado(session=session, almacen=servicios.almacen, requisitos=servicios.requisitos,
                         bloqueos=list(servicios.bloqueos_de_sellado), personas=personas, hoy=hoy)  # fmt: skip
    session.flush()
    dias = servicios.settings.avisos_dias if servicios else 2
    generar_avisos(session=session, hoy=hoy, ahora=ahora(), dias=dias)
    return EstadoDemo.CARGADA
