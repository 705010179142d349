"""La política de acceso, ruta por ruta y rol por rol, contra una tabla escrita a mano.

La tabla se escribió leyendo `_PERMISOS` en expedientes/politica.py y el `@requiere` de cada vista
en recupera/web/*.py; no se calcula con `puede`, que es justamente lo que se prueba.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlmodel import select
from werkzeug.test import TestResponse

from archivo import devolver_expediente, prestar_expediente
from correspondencia import Adjunto, Correspondencia, DatosBuzon, guardar_buzon, vincular_carta
from expedientes import Etapa, Expediente, Gestion, Rol, crear_engine, hoy
from plantillas import catalogo_del_proyecto
from tests.expedientes.datos import DUI_MARIA
from tests.recupera.cartas import carta_de_papel
from tests.recupera.conftest import (
    NUMERO_PEREZ,
    PERSONAS,
    CrearUsuarios,
    abrir,
    cliente_de,
    crear_usuarios_en,
    csrf,
    escribir,
    nueva_app,
    nuevas_settings,
    registrar,
    texto,
)
from tests.recupera.documentos import cargar_mora, dar_correos, documento_final
from tests.recupera.seguimiento import convenio_con_alerta_atendida

SECRETARIA, GESTOR, JEFE, ARCHIVO, ADMIN = (
    Rol.SECRETARIA,
    Rol.GESTOR,
    Rol.JEFE,
    Rol.ARCHIVO,
    Rol.ADMIN,
)
TODOS = frozenset(Rol)
VERSION_AVISO = catalogo_del_proyecto()["aviso_cobro"].contrato.version

# (método, endpoint) → roles que pasan la política.
ESPERADO: dict[tuple[str, str], frozenset[Rol]] = {
    # Sin @requiere: el acceso es público (con sesión redirige al inicio); salir y cuenta, cualquiera.
    ("GET", "auth.acceso"): TODOS,
    ("POST", "auth.acceso"): TODOS,
    ("POST", "auth.salir"): TODOS,
    ("GET", "auth.cuenta"): TODOS,
    ("POST", "auth.cuenta"): TODOS,
    # Sin @requiere: el monitoreo la consulta sin sesión (test_web_salud.py) y no dice secretos.
    ("GET", "salud.estado"): TODOS,
    # Cada persona ve y marca solo sus avisos (el servicio filtra por quien pide).
    ("GET", "avisos.lista"): TODOS,
    ("GET", "avisos.abrir"): TODOS,
    ("POST", "avisos.leidos"): TODOS,
    ("POST", "avisos.correo"): TODOS,
    # Cada persona ve y reintenta solo sus tareas largas (`puede_ver_tarea`).
    ("GET", "tareas.lista"): TODOS,
    ("GET", "tareas.ver"): TODOS,
    ("POST", "tareas.reintentar"): TODOS,
    ("POST", "filtros.guardar"): TODOS,
    ("POST", "correspondencia.asignar_varias"): frozenset({SECRETARIA, JEFE}),
    ("POST", "correspondencia.estado_varias"): frozenset({SECRETARIA, GESTOR, JEFE}),
    ("POST", "correspondencia.incorporar_varias"): frozenset({SECRETARIA, GESTOR, JEFE}),
    ("POST", "filtros.borrar"): TODOS,
    ("GET", "inicio.inicio"): TODOS,
    # VER_AUDITORIA
    ("GET", "inicio.bitacora"): frozenset({JEFE, ADMIN}),
    ("GET", "inicio.exportar_bitacora"): frozenset({JEFE, ADMIN}),
    # VER_PATRONOS
    ("GET", "patronos.lista"): TODOS,
    ("GET", "patronos.ficha"): TODOS,
    ("GET", "patronos.editar"): frozenset({SECRETARIA, GESTOR, JEFE}),
    ("POST", "patronos.editar"): frozenset({SECRETARIA, GESTOR, JEFE}),
    # VER_EXPEDIENTES
    ("GET", "expedientes.lista"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "expedientes.ficha"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    # ABRIR_EXPEDIENTE
    ("GET", "expedientes.nuevo"): frozenset({SECRETARIA, GESTOR, JEFE}),
    ("POST", "expedientes.nuevo"): frozenset({SECRETARIA, GESTOR, JEFE}),
    # CAMBIAR_ETAPA y REGISTRAR_GESTION (el gestor, solo en lo suyo: el expediente es suyo)
    ("POST", "expedientes.etapa"): frozenset({GESTOR, JEFE}),
    ("POST", "expedientes.gestion"): frozenset({GESTOR, JEFE}),
    # ASIGNAR_EXPEDIENTE
    ("POST", "expedientes.asignar"): frozenset({SECRETARIA, JEFE}),
    # IMPORTAR_DATOS
    ("GET", "importar.importar"): frozenset({JEFE, ADMIN}),
    ("POST", "importar.importar"): frozenset({JEFE, ADMIN}),
    # ADMINISTRAR_USUARIOS
    ("GET", "usuarios.lista"): frozenset({ADMIN}),
    ("POST", "usuarios.lista"): frozenset({ADMIN}),
    ("GET", "usuarios.editar"): frozenset({ADMIN}),
    ("POST", "usuarios.editar"): frozenset({ADMIN}),
    # VER_CORRESPONDENCIA (la carta del mundo es del expediente del gestor: también la ve)
    ("GET", "correspondencia.bandeja"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "correspondencia.enviada"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "correspondencia.salida"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    # Decidir sobre una carta saliente: el gestor de su expediente y el jefe.
    ("POST", "correspondencia.decidir_salida"): frozenset({GESTOR, JEFE}),
    # La planilla de envío al mensajero: quien despacha la correspondencia.
    ("POST", "correspondencia.planilla"): frozenset({SECRETARIA, JEFE}),
    # La entrega en papel (acuse firmado) o su devolución: quien despacha y el gestor del
    # expediente; la carta del mundo va por mensajero.
    ("POST", "correspondencia.entrega"): frozenset({SECRETARIA, GESTOR, JEFE}),
    ("POST", "correspondencia.devolucion"): frozenset({SECRETARIA, GESTOR, JEFE}),
    ("POST", "correspondencia.respondida"): frozenset({GESTOR, JEFE}),
    ("GET", "correspondencia.detalle"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "correspondencia.adjunto"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "correspondencia.original"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "correspondencia.acuse"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    # REGISTRAR_CORRESPONDENCIA
    ("GET", "correspondencia.nueva"): frozenset({SECRETARIA, JEFE}),
    ("POST", "correspondencia.nueva"): frozenset({SECRETARIA, JEFE}),
    # VINCULAR_CORRESPONDENCIA (vincular, desvincular y el tipo, que es parte de clasificarla)
    ("POST", "correspondencia.vincular"): frozenset({SECRETARIA, JEFE}),
    ("POST", "correspondencia.desvincular"): frozenset({SECRETARIA, JEFE}),
    ("POST", "correspondencia.tipo"): frozenset({SECRETARIA, JEFE}),
    # ASIGNAR_CORRESPONDENCIA (asignar y vigilar los plazos de cada persona)
    ("POST", "correspondencia.asignar"): frozenset({SECRETARIA, JEFE}),
    ("GET", "correspondencia.plazos"): frozenset({SECRETARIA, JEFE}),
    # TRAMITAR_CORRESPONDENCIA (el gestor, sobre la carta de su expediente)
    ("POST", "correspondencia.estado"): frozenset({SECRETARIA, GESTOR, JEFE}),
    # ADMINISTRAR_BUZONES
    ("GET", "buzones.lista"): frozenset({ADMIN}),
    ("GET", "buzones.nuevo"): frozenset({ADMIN}),
    ("POST", "buzones.nuevo"): frozenset({ADMIN}),
    ("GET", "buzones.editar"): frozenset({ADMIN}),
    ("POST", "buzones.editar"): frozenset({ADMIN}),
    ("GET", "calendario.calendario"): frozenset({ADMIN}),
    ("POST", "calendario.cerrar"): frozenset({ADMIN}),
    ("POST", "calendario.quitar"): frozenset({ADMIN}),
    # VER_DOCUMENTOS (el documento del mundo es final: el archivo también lo ve; el gestor, porque
    # es de su expediente)
    ("GET", "documentos.lista"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "documentos.ficha"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "documentos.docx"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "documentos.pdf"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "documentos.pagina"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    # REVISAR_DOCUMENTO (el jefe no redactó el documento del mundo: puede revisarlo)
    ("GET", "documentos.revision"): frozenset({JEFE}),
    ("POST", "redaccion.observar"): frozenset({JEFE}),
    ("POST", "redaccion.aprobar"): frozenset({JEFE}),
    # REDACTAR_DOCUMENTO (el gestor, en su expediente y sobre lo que escribió)
    ("GET", "redaccion.nuevo"): frozenset({GESTOR, JEFE}),
    ("POST", "redaccion.nuevo"): frozenset({GESTOR, JEFE}),
    ("GET", "redaccion.editar"): frozenset({GESTOR, JEFE}),
    ("POST", "redaccion.editar"): frozenset({GESTOR, JEFE}),
    ("POST", "redaccion.enviar"): frozenset({GESTOR, JEFE}),
    ("POST", "redaccion.retirar"): frozenset({GESTOR, JEFE}),
    ("POST", "redaccion.finalizar"): frozenset({GESTOR, JEFE}),
    ("POST", "redaccion.envio"): frozenset({GESTOR, JEFE}),
    ("POST", "redaccion.anular"): frozenset({GESTOR, JEFE}),
    # GENERAR_EN_LOTE (un borrador por expediente abierto, en nombre de cada gestor)
    ("GET", "documentos.lote"): frozenset({JEFE}),
    ("POST", "documentos.lote"): frozenset({JEFE}),
    # VER_PLANTILLAS
    ("GET", "plantillas.lista"): frozenset({GESTOR, JEFE, ADMIN}),
    ("GET", "plantillas.descargar"): frozenset({GESTOR, JEFE, ADMIN}),
    # ADMINISTRAR_PLANTILLAS
    ("POST", "plantillas.subir"): frozenset({ADMIN}),
    # CONSULTAR_ARCHIVO (buscar, ver con folios, descargar y exportar; el archivo no modifica)
    ("GET", "archivo.buscar"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "archivo.expediente"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "archivo.original"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "archivo.pdf"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "archivo.exportar_pdf"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    ("GET", "archivo.exportar_zip"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    # CONSULTAR_ARCHIVO o PRESTAR_EXPEDIENTE: la lista de lo que está fuera
    ("GET", "archivo.prestamos_fuera"): frozenset({SECRETARIA, GESTOR, JEFE, ARCHIVO}),
    # PRESTAR_EXPEDIENTE
    ("POST", "archivo.prestar"): frozenset({ARCHIVO, JEFE}),
    ("POST", "archivo.devolver"): frozenset({ARCHIVO, JEFE}),
    # INCORPORAR_DOCUMENTO (el gestor, en su expediente: el del mundo es suyo)
    ("GET", "archivo.nuevo_documento"): frozenset({SECRETARIA, GESTOR, JEFE}),
    ("POST", "archivo.nuevo_documento"): frozenset({SECRETARIA, GESTOR, JEFE}),
    ("POST", "correspondencia.incorporar"): frozenset({SECRETARIA, GESTOR, JEFE}),
    # SELLAR_EXPEDIENTE (cerrar y archivar, y corregir lo archivado)
    ("POST", "archivo.sellar"): frozenset({JEFE}),
    ("GET", "archivo.correccion"): frozenset({JEFE}),
    ("POST", "archivo.correccion"): frozenset({JEFE}),
    # VER_VERIFICACION
    ("GET", "archivo.verificaciones"): frozenset({JEFE, ADMIN}),
    ("POST", "archivo.verificar_todo"): frozenset({JEFE, ADMIN}),
    ("POST", "archivo.verificar_expediente"): frozenset({JEFE, ADMIN}),
    # VER_SEGUIMIENTO (convenios y pagos; el gestor, los de sus expedientes)
    ("GET", "seguimiento.convenios_lista"): frozenset({SECRETARIA, GESTOR, JEFE}),
    ("GET", "seguimiento.pagos_lista"): frozenset({SECRETARIA, GESTOR, JEFE}),
    # IMPORTAR_DATOS (los pagos, como los patronos y la mora)
    ("GET", "seguimiento.importar"): frozenset({JEFE, ADMIN}),
    ("POST", "seguimiento.importar"): frozenset({JEFE, ADMIN}),
    # REDACTAR_DOCUMENTO (registrar el convenio desde su documento final)
    ("POST", "seguimiento.registrar_convenio"): frozenset({GESTOR, JEFE}),
    # LEGALIZAR_CONVENIO (mueve la etapa del expediente: su gestor o el jefe; no la secretaria)
    ("POST", "seguimiento.legalizar"): frozenset({GESTOR, JEFE}),
    # REHABILITAR_CONVENIO
    ("POST", "seguimiento.rehabilitar"): frozenset({JEFE}),
    # CAMBIAR_ETAPA (los pasos de la transacción y la Unidad Jurídica)
    ("POST", "seguimiento.transaccion"): frozenset({GESTOR, JEFE}),
    ("POST", "seguimiento.trasladar"): frozenset({GESTOR, JEFE}),
    ("POST", "seguimiento.informar"): frozenset({GESTOR, JEFE}),
    # ATENDER_ALERTA (el gestor, las de su expediente: la del mundo lo es)
    ("POST", "seguimiento.atender_varias"): frozenset({GESTOR, JEFE}),
    ("POST", "seguimiento.atender"): frozenset({GESTOR, JEFE}),
    # VER_PANEL (el panel, sus exportaciones y el Plan Anual)
    ("GET", "seguimiento.panel"): frozenset({JEFE}),
    ("GET", "seguimiento.exportar_csv"): frozenset({JEFE}),
    ("GET", "seguimiento.exportar_xlsx"): frozenset({JEFE}),
    ("GET", "seguimiento.plan_anual"): frozenset({JEFE}),
    # GESTIONAR_PLAN
    ("POST", "seguimiento.fijar_meta"): frozenset({JEFE}),
    ("POST", "seguimiento.importar_metas"): frozenset({JEFE}),
}

# Formularios inválidos a propósito: la política decide antes que el servicio, y así la base
# compartida por el módulo no cambia de una prueba a otra.
FORMULARIOS: dict[str, dict[str, str]] = {
    "auth.acceso": {"usuario": "nadie", "contrasena": "no-importa"},
    "auth.salir": {},
    "auth.cuenta": {"actual": "no-es-la-actual", "nueva": "", "confirmacion": ""},
    "avisos.leidos": {},
    "avisos.correo": {"preferencia": "inexistente"},
    "tareas.reintentar": {},
    "documentos.lote": {"opcion": "inexistente:cobro"},
    "filtros.guardar": {"lista": "/correspondencia/", "nombre": "", "consulta": ""},
    "patronos.editar": {"motivo": "", "correo": "no-es-correo"},
    "correspondencia.asignar_varias": {"usuario": "nadie"},
    "correspondencia.estado_varias": {"estado": "inexistente"},
    "correspondencia.incorporar_varias": {},
    "filtros.borrar": {"lista": "/correspondencia/"},
    "expedientes.nuevo": {"numero_patronal": "", "tipo": ""},
    "expedientes.etapa": {"etapa": "inexistente"},
    "expedientes.gestion": {"tipo": "llamada", "fecha": "", "nota": ""},
    "expedientes.asignar": {"gestor": "nadie"},
    "importar.importar": {"clase": ""},
    "usuarios.lista": {"nombre_usuario": "", "contrasena": "", "confirmacion": ""},
    "usuarios.editar": {"accion": "contrasena", "contrasena": "corta"},
    "correspondencia.nueva": {"remitente": "", "asunto": ""},
    "correspondencia.vincular": {"expediente": "", "numero_patronal": ""},
    "correspondencia.desvincular": {"motivo": ""},
    "correspondencia.tipo": {"tipo": "inexistente"},
    "correspondencia.asignar": {"usuario": "nadie"},
    "correspondencia.estado": {"estado": "inexistente"},
    "correspondencia.decidir_salida": {"accion": "inexistente", "motivo": ""},
    "correspondencia.planilla": {},
    "correspondencia.entrega": {"entregada_el": "no-es-fecha"},
    "correspondencia.devolucion": {"motivo": ""},
    "correspondencia.respondida": {"carta": ""},
    "buzones.nuevo": {"nombre": "", "puerto": "no-es-un-puerto"},
    "buzones.editar": {"nombre": "", "puerto": "no-es-un-puerto"},
    "calendario.cerrar": {"fecha": "no-es-fecha", "motivo": ""},
    "calendario.quitar": {"fecha": "2026-11-18", "motivo": ""},
    # El documento del mundo es final: ningún paso de la revisión lo cambia.
    "redaccion.nuevo": {"dato_plazo_dias": "no-es-un-numero"},
    "redaccion.editar": {"dato_plazo_dias": "no-es-un-numero"},
    "redaccion.enviar": {},
    "redaccion.retirar": {},
    "redaccion.observar": {"sha256": "", "observaciones": ""},
    "redaccion.aprobar": {"sha256": "no-es-el-actual"},
    "redaccion.finalizar": {},
    "redaccion.envio": {"canal": "correo", "correo": "no-es-un-correo"},
    "redaccion.anular": {"motivo": ""},
    "plantillas.subir": {"notas": "Sin archivo"},
    # Sin confirmar no se sella; sin archivo no se agrega; el préstamo del mundo ya se devolvió;
    # el expediente del mundo no está sellado: no admite corrección.
    "archivo.sellar": {},
    "archivo.nuevo_documento": {"tipo": ""},
    "archivo.correccion": {"motivo": ""},
    "archivo.prestar": {"persona": "", "oficina": "", "vence_el": ""},
    "archivo.devolver": {},
    "archivo.verificar_todo": {},
    "archivo.verificar_expediente": {},
    "correspondencia.incorporar": {"tipo": "inexistente"},
    # Sin archivo no se importa; sin documento no se registra; sin escaneo no se legaliza; un
    # convenio en borrador no se rehabilita; el expediente del mundo es de cobro (no admite
    # transacción) y sin fecha no se traslada ni se informa; la alerta del mundo ya se atendió;
    # sin año no hay meta.
    "seguimiento.importar": {},
    "seguimiento.registrar_convenio": {"documento": ""},
    "seguimiento.legalizar": {"firmado_el": ""},
    "seguimiento.rehabilitar": {"motivo": ""},
    "seguimiento.transaccion": {"carta": ""},
    "seguimiento.trasladar": {"fecha": ""},
    "seguimiento.informar": {"fecha": ""},
    "seguimiento.atender": {},
    "seguimiento.atender_varias": {},
    "seguimiento.fijar_meta": {"anio": "", "mes": "13", "meta": "x"},
    "seguimiento.importar_metas": {},
}


@dataclass
class Mundo:
    """La aplicación con un usuario por rol ya dentro, un patrono y un expediente del gestor."""

    app: Flask
    clientes: dict[Rol, FlaskClient]
    tokens: dict[Rol, str]
    argumentos: dict[str, str]
    # Los argumentos que un área nombra igual que otra (`numero`: expediente o carta).
    por_area: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def mundo(url_modulo: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mundo]:
    """Una base por módulo y motor: cinco sesiones iniciadas en vez de cinco por prueba.

    Las conexiones del engine de la aplicación se cierran al final del módulo (`url_modulo`), no
    tras cada prueba: con el pool vacío, un POST con sesión abre su conexión en lo hondo de la
    recursión del user_loader y psycopg la pierde abierta (ResourceWarning); ver
    `test_una_peticion_con_sesion_carga_al_usuario_una_sola_vez` en test_web_auth.py.
    """
    engine = crear_engine(url_modulo)
    usuarios = crear_usuarios_en(engine, list(Rol))
    registrar(engine, dui_representante=DUI_MARIA)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[GESTOR])
    datos = tmp_path_factory.mktemp("politica")
    carta = carta_de_papel(engine, datos)
    with escribir(engine) as s:
        vincular_carta(
            session=s, carta=s.get(Correspondencia, carta.id), numero_expediente=expediente.numero
        )
        adjunto = s.exec(select(Adjunto).where(Adjunto.correspondencia_id == carta.id)).one()
        buzon = guardar_buzon(
            session=s,
            datos=DatosBuzon("Recuperación", "correo.isss.gob.sv", 993, "recuperacion", "x-1"),
            secret_key="clave-de-la-prueba",
        )
    dar_correos(engine)
    cargar_mora(engine)
    settings = nuevas_settings(url_modulo, datos)
    final = documento_final(engine, settings, expediente, usuarios[GESTOR], usuarios[JEFE])
    with escribir(engine) as s:
        # Un préstamo ya devuelto: devolverlo otra vez se rechaza sin cambiar nada.
        prestamo = prestar_expediente(
            session=s,
            expediente=s.get(Expediente, expediente.id),
            persona="Lic. Ana Martínez",
            oficina="Unidad Jurídica",
            prestado_el=hoy() - timedelta(days=3),
            vence_el=hoy(),
            usuario=usuarios[ARCHIVO],
        )
        devolver_expediente(session=s, prestamo=prestamo, devuelto_el=hoy())
    convenio, alerta = convenio_con_alerta_atendida(
        engine, settings, expediente, usuarios[GESTOR], usuarios[JEFE]
    )
    engine.dispose()
    app = nueva_app(settings)
    clientes = {rol: cliente_de(app, rol) for rol in Rol}
    yield Mundo(
        app=app,
        clientes=clientes,
        tokens={rol: csrf(c, "/cuenta") for rol, c in clientes.items()},
        argumentos={
            "numero_patronal": NUMERO_PEREZ,
            "numero": expediente.numero,
            "nombre": PERSONAS[ARCHIVO][0],
            "adjunto_id": str(adjunto.id),
            "buzon_id": str(buzon.id),
            "documento_id": str(final.id),
            "pagina": "1",
            # El documento final quedó incorporado al expediente: es su documento N.º 1.
            "orden": "1",
            "prestamo_id": str(prestamo.id),
            "convenio_id": str(convenio.id),
            "alerta_id": str(alerta.id),
            "salida": final.saliente_numero or "",
            "aviso_id": "999999",
            "tarea_id": "999999",
            "filtro_id": "999999",
            "formato": "csv",
        },
        por_area={
            "correspondencia": {"numero": carta.numero},
            "plantillas": {"nombre": "aviso_cobro", "version": str(VERSION_AVISO)},
            "seguimiento": {"nombre": "convenios", "paso": "solicitada"},
        },
    )


def _rutas(app: Flask) -> set[tuple[str, str]]:
    return {
        (metodo, regla.endpoint)
        for regla in app.url_map.iter_rules()
        if regla.endpoint != "static"
        for metodo in sorted((regla.methods or set()) & {"GET", "POST"})
    }


def _url(mundo: Mundo, endpoint: str) -> str:
    regla = next(r for r in mundo.app.url_map.iter_rules() if r.endpoint == endpoint)
    argumentos = {**mundo.argumentos, **mundo.por_area.get(endpoint.split(".")[0], {})}
    with mundo.app.test_request_context():
        return mundo.app.url_for(endpoint, **{a: argumentos[a] for a in sorted(regla.arguments)})


@pytest.mark.libreoffice
def test_toda_ruta_de_la_aplicacion_esta_en_la_tabla(mundo: Mundo) -> None:
    """Una ruta nueva sin renglón en ESPERADO (o un renglón sin ruta) hace fallar la suite."""
    rutas = _rutas(mundo.app)
    assert rutas - set(ESPERADO) == set(), "rutas sin renglón en ESPERADO"
    assert set(ESPERADO) - rutas == set(), "renglones de ESPERADO sin ruta"
    assert set(FORMULARIOS) == {e for m, e in ESPERADO if m == "POST"}


# Cada rol con cada ruta, según la tabla: los que la política deja pasar y los que no.
PERMITIDOS = [(r, m, e) for m, e in sorted(ESPERADO) for r in Rol if r in ESPERADO[(m, e)]]
NEGADOS = [(r, m, e) for m, e in sorted(ESPERADO) for r in Rol if r not in ESPERADO[(m, e)]]


def _id(caso: tuple[Rol, str, str]) -> str:
    rol, metodo, endpoint = caso
    return f"{rol}-{metodo}-{endpoint}"


def _pedir(mundo: Mundo, rol: Rol, metodo: str, endpoint: str) -> TestResponse:
    """La petición del rol a la ruta, con un formulario inválido si es POST."""
    url = _url(mundo, endpoint)
    cliente, token = mundo.clientes[rol], mundo.tokens[rol]
    if metodo == "GET":
        respuesta = cliente.get(url)
    else:
        respuesta = cliente.post(url, data={**FORMULARIOS[endpoint], "csrf_token": token})
    if endpoint == "auth.salir":
        # Salir cierra todas las sesiones del usuario: el cliente compartido vuelve a entrar.
        mundo.clientes[rol] = cliente_de(mundo.app, rol)
        mundo.tokens[rol] = csrf(mundo.clientes[rol], "/cuenta")
    return respuesta


# La negativa se decide con el rol del usuario, antes de que la vista toque la base: no depende
# del motor, y corre una vez. Lo permitido hace trabajar a la vista contra la base: en ambos.
@pytest.mark.libreoffice
@pytest.mark.parametrize("url_modulo", ["sqlite"], indirect=True, scope="module")
@pytest.mark.parametrize(("rol", "metodo", "endpoint"), NEGADOS, ids=[_id(c) for c in NEGADOS])
def test_cada_rol_recibe_403_exactamente_donde_la_politica_lo_excluye(
    mundo: Mundo, rol: Rol, metodo: str, endpoint: str
) -> None:
    """Fuera de la política → 403 con la página de acceso denegado."""
    respuesta = _pedir(mundo, rol, metodo, endpoint)
    assert respuesta.status_code == 403
    assert "Acceso denegado" in texto(respuesta)


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("rol", "metodo", "endpoint"), PERMITIDOS, ids=[_id(c) for c in PERMITIDOS]
)
def test_cada_rol_entra_exactamente_donde_la_politica_lo_deja(
    mundo: Mundo, rol: Rol, metodo: str, endpoint: str
) -> None:
    """Permitido → 200, 302 o 422 (formulario inválido) dentro de la aplicación."""
    respuesta = _pedir(mundo, rol, metodo, endpoint)
    if endpoint == "salud.estado":
        # Su código dice la salud del servicio (aquí nadie sondeó: 503), nunca un permiso.
        assert respuesta.status_code in (200, 503) and respuesta.is_json, texto(respuesta)
        return
    assert respuesta.status_code in (200, 302, 422), texto(respuesta)
    if respuesta.status_code == 302:
        destino = urlsplit(respuesta.headers["Location"]).path
        # Solo salir devuelve al acceso; cualquier otra vuelta allí sería una sesión perdida.
        assert (destino == "/acceso") == (endpoint == "auth.salir"), destino


@pytest.mark.libreoffice
def test_el_archivo_solo_consulta_la_ficha_del_expediente(mundo: Mundo) -> None:
    """En la ficha, el rol archivo no tiene más formulario POST que el de salir."""
    url = _url(mundo, "expedientes.ficha")
    html = texto(mundo.clientes[ARCHIVO].get(url))
    formularios = re.findall(r"<form\b[^>]*>", html)
    posts = [f for f in formularios if re.search(r'method="post"', f, re.I)]
    assert posts == ['<form method="post" action="/salir">']
    assert "Su rol solo puede consultar este expediente." in html
    # El gestor asignado, en cambio, ve los formularios de etapa y de gestión.
    html_gestor = texto(mundo.clientes[GESTOR].get(url))
    assert f'action="{url}/etapa"' in html_gestor
    assert f'action="{url}/gestiones"' in html_gestor


def test_el_gestor_solo_cambia_etapa_y_registra_gestiones_en_sus_expedientes(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """En un expediente ajeno recibe 403 y nada cambia; en el suyo, redirección y queda guardado."""
    usuarios = crear_usuarios(GESTOR, JEFE)
    registrar(engine)
    ajeno = abrir(engine, NUMERO_PEREZ, gestor=usuarios[JEFE])
    propio = abrir(engine, NUMERO_PEREZ, gestor=usuarios[GESTOR])
    cliente = cliente_de(app, GESTOR)
    token = csrf(cliente, "/")
    gestion = {
        "tipo": "llamada",
        "fecha": hoy().isoformat(),
        "nota": "Se llamó a María José Castaneda; ofrece propuesta de pago.",
        "csrf_token": token,
    }
    etapa = {"etapa": Etapa.EN_GESTION, "motivo": "", "csrf_token": token}
    base_ajeno = f"/expedientes/{ajeno.numero}"
    assert cliente.post(f"{base_ajeno}/etapa", data=etapa).status_code == 403
    assert cliente.post(f"{base_ajeno}/gestiones", data=gestion).status_code == 403
    base_propio = f"/expedientes/{propio.numero}"
    for accion, datos in (("etapa", etapa), ("gestiones", gestion)):
        respuesta = cliente.post(f"{base_propio}/{accion}", data=datos)
        assert respuesta.status_code == 302
        assert respuesta.headers["Location"] == base_propio
    with engine.connect() as c:
        etapas = dict(c.execute(select(Expediente.numero, Expediente.etapa)).all())
        gestiones = c.execute(select(Gestion.expediente_id, Gestion.autor_id)).all()
    assert etapas == {ajeno.numero: Etapa.ABIERTO, propio.numero: Etapa.EN_GESTION}
    assert [tuple(g) for g in gestiones] == [(propio.id, usuarios[GESTOR].id)]
