"""La página de inicio: a cada rol, lo que lo espera."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Blueprint, render_template, request
from flask_login import login_required
from sqlmodel import Session

from archivo.prestamos import vencidos
from archivo.verificacion import ultima
from correspondencia import bandeja
from correspondencia.bandeja import FiltrosBandeja, Renglon
from correspondencia.estados import PLAZO_CORRE
from expedientes import tableros
from expedientes.casos import conteo_por_etapa
from expedientes.etapas import Etapa
from expedientes.modelos import Usuario
from expedientes.politica import Permiso, Rol, cartas_solo_de, puede, puede_sobre_documento
from expedientes.tipos import ahora, hoy
from expedientes.usuarios import listar_usuarios
from plantillas.consultas import cola_de_revision, historia, pendientes_de
from plantillas.modelos import EstadoDocumento
from recupera.web.acceso import db, requiere, usuario_actual
from recupera.web.archivo.datos import patronos_de, sellados_recientes
from recupera.web.buzones import salud_de_fuentes
from recupera.web.documentos_datos import nombres_de_usuarios
from recupera.web.seguimiento.alertas import alertas_de
from recupera.web.seguimiento.panel_datos import Cifra, cifras_principales
from seguimiento import reportes

bp = Blueprint("inicio", __name__)
RECIENTES = 10
# Cuántos documentos (en revisión o abiertos) se cuentan en el inicio; la lista muestra menos.
COLA = 200


def _por_clasificar(s: Session, dia: date) -> list[Renglon]:
    """Las cartas más recientes que esperan vínculo o asignación."""
    vistas: dict[int | None, Renglon] = {}
    for filtros in (
        FiltrosBandeja(sin_vincular=True),
        FiltrosBandeja(estado="registrada", sin_asignar=True),
    ):
        for r in bandeja.listar(session=s, filtros=filtros, hoy=dia, limite=RECIENTES):
            vistas.setdefault(r.carta.id, r)
    recientes = sorted(vistas.values(), key=lambda r: r.carta.recibido_en, reverse=True)
    return recientes[:RECIENTES]


def _mis_cartas(s: Session, usuario: Usuario, dia: date) -> list[Renglon]:
    """Las cartas de la persona con el plazo corriendo, la que vence antes primero."""
    filtros = FiltrosBandeja(solo_de=cartas_solo_de(usuario))
    filas = [
        r
        for r in bandeja.listar(session=s, filtros=filtros, hoy=dia)
        if r.carta.estado in PLAZO_CORRE
    ]
    return sorted(filas, key=lambda r: (r.carta.vence_el is None, r.carta.vence_el or dia))


def _mis_documentos(s: Session, usuario: Usuario) -> dict[str, object]:
    """Los documentos abiertos que escribió la persona, los observados primero con la observación."""
    filas = pendientes_de(session=s, usuario=usuario, limite=COLA)
    observaciones = {}
    for documento, _, _ in filas:
        if documento.estado == EstadoDocumento.OBSERVADO:
            pasos = historia(session=s, documento=documento)
            ultima = next((e for e, _ in reversed(pasos) if e.accion == "observar"), None)
            observaciones[documento.id] = ultima.comentario if ultima else ""
    return {
        "mis_documentos": filas,
        "observaciones": observaciones,
        "nombres": nombres_de_usuarios(),
    }


def _gestor(s: Session, usuario: Usuario, dia: date) -> dict[str, object]:
    return {
        "mis": tableros.expedientes_de_gestor(session=s, gestor_id=usuario.id),  # type: ignore[arg-type]
        "conteo": conteo_por_etapa(session=s, gestor_id=usuario.id),
        "mis_cartas": _mis_cartas(s, usuario, dia),
        "alertas": alertas_de(s, usuario),
        **_mis_documentos(s, usuario),
    }


def _secretaria(s: Session, _usuario: Usuario, dia: date) -> dict[str, object]:
    return {
        "sin_gestor": tableros.expedientes_sin_gestor(session=s),
        "conteo": conteo_por_etapa(session=s),
        "cifras_de_cartas": bandeja.conteos(session=s, hoy=dia),
        "por_clasificar": _por_clasificar(s, dia),
    }


def _cifras_del_panel(s: Session, dia: date) -> list[Cifra]:
    """Las cifras principales del panel (del 1 de enero a hoy y del año en curso)."""
    generados = {
        nombre: reportes.generar(nombre, session=s, hoy=dia)
        for nombre in ("correspondencia", "convenios", "plan")
    }
    return cifras_principales(generados, dia.year)


def _jefe(s: Session, usuario: Usuario, dia: date) -> dict[str, object]:
    cola = cola_de_revision(session=s, limite=COLA)
    return {
        "conteo": conteo_por_etapa(session=s),
        "sucursales": tableros.conteo_por_sucursal(session=s),
        "carga": tableros.carga_por_gestor(session=s, hoy=dia),
        "sin_gestor": tableros.expedientes_sin_gestor(session=s),
        "mora": tableros.mora_registrada(session=s),
        "mis": tableros.expedientes_de_gestor(session=s, gestor_id=usuario.id),  # type: ignore[arg-type]
        "cifras_de_cartas": bandeja.conteos(session=s, hoy=dia),
        "plazos": bandeja.plazos_por_persona(session=s, hoy=dia),
        "cola": cola,
        "revisable": {
            d.id: puede_sobre_documento(usuario, Permiso.REVISAR_DOCUMENTO, d, e)
            for d, e, _ in cola
        },
        "ahora": ahora(),
        "verificacion": ultima(session=s),
        "alertas": alertas_de(s, usuario),
        "cifras_panel": _cifras_del_panel(s, dia) if puede(usuario, Permiso.VER_PANEL) else [],
        **_mis_documentos(s, usuario),
    }


def _archivo(s: Session, _usuario: Usuario, dia: date) -> dict[str, object]:
    atrasados = vencidos(session=s, hoy=dia)
    return {
        # Los cerrados que ya se sellaron están archivados: no quedan pendientes.
        "cerrados": [
            f for f in tableros.expedientes_cerrados(session=s) if f.expediente.sellado_en is None
        ],
        "vencidos": atrasados,
        "patronos": patronos_de(s, {f.expediente.patrono_id for f in atrasados}),
        "sellados": sellados_recientes(s),
    }


def _admin(s: Session, _usuario: Usuario, _dia: date) -> dict[str, object]:
    return {
        "usuarios": listar_usuarios(session=s),
        "bloqueados": tableros.usuarios_bloqueados(session=s),
        "filas": tableros.bitacora_reciente(session=s, limite=15),
        "fuentes": salud_de_fuentes(s),
        "verificacion": ultima(session=s),
    }


# Lo que espera a cada rol en su inicio (la plantilla es `inicio/<rol>.html`).
_INICIO: dict[str, Callable[[Session, Usuario, date], dict[str, object]]] = {
    Rol.GESTOR: _gestor,
    Rol.SECRETARIA: _secretaria,
    Rol.JEFE: _jefe,
    Rol.ARCHIVO: _archivo,
    Rol.ADMIN: _admin,
}


@bp.get("/")
@login_required
def inicio():
    """La página de inicio del rol de quien entró."""
    usuario = usuario_actual()
    assert usuario is not None
    dia = hoy()
    datos = _INICIO[usuario.rol](db(), usuario, dia)
    return render_template(f"inicio/{usuario.rol}.html", hoy=dia, etapas=list(Etapa), **datos)


@bp.get("/bitacora")
@requiere(Permiso.VER_AUDITORIA)
def bitacora():
    """Los últimos cambios registrados en la bitácora de auditoría."""
    entidad = request.args.get("entidad") or None
    filas = tableros.bitacora_reciente(session=db(), limite=200, entidad=entidad)
    return render_template(
        "inicio/bitacora.html",
        filas=filas,
        entidad=entidad,
        entidades=tableros.entidades_auditadas(),
    )
