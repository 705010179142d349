"""Datos de demostración: un departamento creíble para probar y enseñar la aplicación.

Se cargan por los mismos caminos que los datos reales (importación CSV y servicios), así la
demostración también ejercita la validación y deja la bitácora como la dejaría el uso real. Y se
cargan como pasaron: la demostración cuenta el último año del departamento, cada paso en su día
hábil y a su hora, con el reloj de `recupera.demo_reloj` puesto en ese momento; nada queda después
del día de la demostración (ni, si ese día es hoy, después de la hora real).
"""

from __future__ import annotations

import random
from datetime import date
from enum import Enum

from sqlmodel import Session, select

from avisos import generar_avisos, lectura_de_avisos
from correspondencia import ReglasDePlazo
from expedientes import (
    CAMPOS_PATRONO,
    Usuario,
    ahora,
    crear_usuario,
    escribir_csv,
    importar_patronos,
)
from recupera.composicion import Servicios
from recupera.demo_archivo import Archivo, historia_del_archivado
from recupera.demo_correspondencia import CARTAS, Buzon, historia_de_la_carta
from recupera.demo_documentos import EN_REVISION, historia_del_aviso_en_revision
from recupera.demo_expedientes import Caso, Departamento, historia_del_caso, planear_casos
from recupera.demo_patronos import generar_mora, generar_patronos, historia_del_estado_de_cuenta
from recupera.demo_reloj import (
    Agenda,
    Historia,
    Reloj,
    habiles_antes,
    momento,
    reloj_puesto,
    ultimo_dia_de_trabajo,
)
from recupera.demo_salida import (
    ENTREGADO,
    SOLICITUDES,
    historia_de_la_solicitud,
    historia_del_aviso_por_mensajero,
)
from recupera.demo_seguimiento import (
    CONVENIOS,
    historia_de_la_revision,
    historia_de_las_metas,
    historia_del_convenio,
    planear_convenios,
)

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
# Días hábiles antes del primer expediente en que el departamento empezó a usar Recupera.
ARRANQUE = 10


class EstadoDemo(Enum):
    """Qué encontró `cargar_demo`."""

    CARGADA = "cargada"
    YA_ESTABA = "ya_estaba"
    OTROS_DATOS = "otros_datos"


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


def _arranque(dep: Departamento, patronos: list[dict[str, str]], dia: date) -> Historia:
    """El primer día: los avisos empiezan a leer la bitácora (la demo avisa de lo que trae), el
    administrador da de alta a las personas y se importan los patronos."""
    yield momento(dia, 7, 30)
    lectura_de_avisos(dep.session)
    dep.personas.update(_usuarios(dep.session))
    yield momento(dia, 7, 50)
    importar_patronos(session=dep.session, contenido=escribir_csv(CAMPOS_PATRONO, patronos))


def _con_servicios(dep: Departamento, servicios: Servicios, firman: list[Caso]) -> None:
    """Lo que necesita los servicios de la instalación: correspondencia (con sus plazos de
    respuesta), documentos en revisión, lo que sale, los convenios de los casos que `firman` y
    el expediente archivado."""
    p, requisitos, agenda = servicios.documentos, servicios.requisitos, dep.agenda
    buzon = Buzon(servicios.almacen, ReglasDePlazo.desde(servicios.settings), p)
    for i in range(len(CARTAS)):
        agenda.contar(historia_de_la_carta(dep, buzon, i))
    for i in range(len(EN_REVISION)):
        agenda.contar(historia_del_aviso_en_revision(dep, p, i))
    for atras in (ENTREGADO, 1):
        agenda.contar(historia_del_aviso_por_mensajero(dep, p, requisitos, atras))
    for i in range(len(SOLICITUDES)):
        agenda.contar(historia_de_la_solicitud(dep, p, i))
    for caso, (_, paga) in zip(firman, CONVENIOS, strict=False):
        agenda.contar(historia_del_convenio(dep, p, requisitos, caso, paga))
    firmas = [c.convenio for c in firman if c.convenio is not None]
    if firmas:
        tolerancia = servicios.settings.tolerancia_cuota_dias
        agenda.contar(historia_de_la_revision(dep, p, min(firmas), tolerancia))
    agenda.contar(historia_de_las_metas(dep))
    archivo = Archivo(servicios.almacen, requisitos, servicios.bloqueos_de_sellado)
    agenda.contar(historia_del_archivado(dep, archivo))


def cargar_demo(*, session: Session, hoy: date, servicios: Servicios | None = None) -> EstadoDemo:
    """Carga la demostración solo en una base sin usuarios; nunca la mezcla con datos propios.

    `hoy` es el día de la demostración: lo último pasa ese día o, si no es hábil (o si es hoy y
    la oficina aún no abre), el día hábil anterior; nada pasa de la hora real. Con los `servicios`
    de la instalación también registra correspondencia (con sus plazos de respuesta), genera
    avisos de cobro en revisión, oficios de respuesta y avisos en cada momento de su envío, el
    seguimiento de convenios (con su lista de documentos requeridos) y un expediente archivado.
    """
    existentes = set(session.exec(select(Usuario.nombre_usuario)).all())
    if existentes:
        demo = {nombre for nombre, _, _ in CREDENCIALES}
        return EstadoDemo.YA_ESTABA if demo <= existentes else EstadoDemo.OTROS_DATOS
    rng = random.Random(2026)
    ultimo = ultimo_dia_de_trabajo(hoy, ahora())
    patronos = generar_patronos(rng)
    casos = planear_casos(rng, patronos, hoy, ultimo)
    firman = planear_convenios(casos, hoy) if servicios is not None else []
    mora = generar_mora(rng, patronos[: len(casos)], [c.apertura for c in casos], hoy)
    inicio = habiles_antes(casos[0].apertura, ARRANQUE)
    with reloj_puesto(Reloj(momento(inicio, 7), hoy)) as reloj:
        dep = Departamento(session, {}, hoy, ultimo, Agenda(reloj), casos)
        dep.agenda.contar(_arranque(dep, patronos, inicio))
        dep.agenda.contar(historia_del_estado_de_cuenta(session, mora, inicio, ultimo))
        for caso in casos:
            dep.agenda.contar(historia_del_caso(dep, caso))
        if servicios is not None:
            _con_servicios(dep, servicios, firman)
        dep.agenda.correr()
        reloj.ir_a(momento(ultimo, 17, 30))
        session.flush()
        dias = servicios.settings.avisos_dias if servicios else 2
        generar_avisos(session=session, hoy=ultimo, ahora=ahora(), dias=dias)
    return EstadoDemo.CARGADA
