"""La página de inicio: a cada rol, lo que lo espera."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Blueprint, render_template
from flask_login import login_required
from sqlmodel import Session

from archivo import prestamos_vencidos, sellados_recientes, ultima_verificacion
from correspondencia import (
    PLAZO_CORRE,
    FiltrosBandeja,
    RenglonBandeja,
    conteos_de_bandeja,
    listar_cartas,
    plazos_por_persona,
    salidas_por_atender,
    solicitudes_sin_respuesta,
)
from expedientes import (
    Etapa,
    FiltrosBitacora,
    Permiso,
    Rol,
    Usuario,
    ahora,
    carga_por_gestor,
    cartas_solo_de,
    consultar_bitacora,
    conteo_por_etapa,
    conteo_por_sucursal,
    expedientes_cerrados,
    expedientes_de_gestor,
    expedientes_sin_gestor,
    hoy,
    listar_usuarios,
    mora_registrada,
    nombres_de_usuarios,
    patronos_por_id,
    puede,
    puede_sobre_documento,
    usuarios_bloqueados,
)
from panel import generar_reporte
from plantillas import EstadoDocumento, cola_de_revision, historia_del_documento, pendientes_de
from recupera.web.acceso import db, usuario_actual
from recupera.web.administracion.buzones import salud_de_fuentes
from recupera.web.formatos import NOMBRES_EN_LA_BITACORA
from recupera.web.seguimiento.alertas import alertas_de
from recupera.web.seguimiento.cifras_principales import Cifra, cifras_principales

bp = Blueprint("inicio", __name__)
RECIENTES = 10
# Cuántos documentos (en revisión o abiertos) se cuentan en el inicio; la lista muestra menos.
COLA = 200


def _por_clasificar(s: Session, dia: date) -> list[RenglonBandeja]:
    """Las cartas más recientes que esperan vínculo o asignación."""
    vistas: dict[int | None, RenglonBandeja] = {}
    for filtros in (
        FiltrosBandeja(sin_vincular=True),
        FiltrosBandeja(estado="registrada", sin_asignar=True),
    ):
        for r in listar_cartas(session=s, filtros=filtros, hoy=dia, limite=RECIENTES):
            vistas.setdefault(r.carta.id, r)
    recientes = sorted(vistas.values(), key=lambda r: r.carta.recibido_en, reverse=True)
    return recientes[:RECIENTES]


def _mis_cartas(s: Session, usuario: Usuario, dia: date) -> list[RenglonBandeja]:
    """Las cartas de la persona con el plazo corriendo, la que vence antes primero."""
    filtros = FiltrosBandeja(solo_de=cartas_solo_de(usuario))
    filas = [
        r
        for r in listar_cartas(session=s, filtros=filtros, hoy=dia)
        if r.carta.estado in PLAZO_CORRE
    ]
    return sorted(filas, key=lambda r: (r.carta.vence_el is None, r.carta.vence_el or dia))


def _mis_documentos(s: Session, usuario: Usuario) -> dict[str, object]:
    """Los documentos abiertos que escribió la persona, los observados primero con la observación."""
    filas = pendientes_de(session=s, usuario=usuario, limite=COLA)
    observaciones = {}
    for documento, _, _ in filas:
        if documento.estado == EstadoDocumento.OBSERVADO:
            pasos = historia_del_documento(session=s, documento=documento)
            ultima = next((e for e, _ in reversed(pasos) if e.accion == "observar"), None)
            observaciones[documento.id] = ultima.comentario if ultima else ""
    return {
        "mis_documentos": filas,
        "observaciones": observaciones,
        "nombres": nombres_de_usuarios(session=db()),
    }


def _gestor(s: Session, usuario: Usuario, dia: date) -> dict[str, object]:
    return {
        "mis": expedientes_de_gestor(session=s, gestor_id=usuario.id),  # type: ignore[arg-type]
        "conteo": conteo_por_etapa(session=s, gestor_id=usuario.id),
        "mis_cartas": _mis_cartas(s, usuario, dia),
        "alertas": alertas_de(s, usuario),
        "salidas": salidas_por_atender(session=s, solo_de=usuario.id),
        "solicitudes": solicitudes_sin_respuesta(session=s, hoy=dia, solo_de=usuario.id),
        **_mis_documentos(s, usuario),
    }


def _secretaria(s: Session, _usuario: Usuario, dia: date) -> dict[str, object]:
    return {
        "sin_gestor": expedientes_sin_gestor(session=s),
        "conteo": conteo_por_etapa(session=s),
        "cifras_de_cartas": conteos_de_bandeja(session=s, hoy=dia),
        "por_clasificar": _por_clasificar(s, dia),
    }


def _cifras_del_panel(s: Session, dia: date) -> list[Cifra]:
    """Las cifras principales del panel (del 1 de enero a hoy y del año en curso)."""
    generados = {
        nombre: generar_reporte(nombre, session=s, hoy=dia)
        for nombre in ("correspondencia", "solicitudes", "convenios", "plan")
    }
    return cifras_principales(generados, dia.year)


def _jefe(s: Session, usuario: Usuario, dia: date) -> dict[str, object]:
    cola = cola_de_revision(session=s, limite=COLA)
    return {
        "conteo": conteo_por_etapa(session=s),
        "sucursales": conteo_por_sucursal(session=s),
        "carga": carga_por_gestor(session=s, hoy=dia),
        "sin_gestor": expedientes_sin_gestor(session=s),
        "mora": mora_registrada(session=s),
        "mis": expedientes_de_gestor(session=s, gestor_id=usuario.id),  # type: ignore[arg-type]
        "cifras_de_cartas": conteos_de_bandeja(session=s, hoy=dia),
        "plazos": plazos_por_persona(session=s, hoy=dia),
        "cola": cola,
        "revisable": {
            d.id: puede_sobre_documento(usuario, Permiso.REVISAR_DOCUMENTO, d, e)
            for d, e, _ in cola
        },
        "ahora": ahora(),
        "verificacion": ultima_verificacion(session=s),
        "alertas": alertas_de(s, usuario),
        "salidas": salidas_por_atender(session=s, solo_de=None),
        "solicitudes": solicitudes_sin_respuesta(session=s, hoy=dia),
        "cifras_panel": _cifras_del_panel(s, dia) if puede(usuario, Permiso.VER_PANEL) else [],
        **_mis_documentos(s, usuario),
    }


def _archivo(s: Session, _usuario: Usuario, dia: date) -> dict[str, object]:
    atrasados = prestamos_vencidos(session=s, hoy=dia)
    return {
        # Los cerrados que ya se sellaron están archivados: no quedan pendientes.
        "cerrados": [f for f in expedientes_cerrados(session=s) if f.expediente.sellado_en is None],
        "vencidos": atrasados,
        "patronos": patronos_por_id(session=s, ids={f.expediente.patrono_id for f in atrasados}),
        "sellados": sellados_recientes(session=s),
    }


def _admin(s: Session, _usuario: Usuario, _dia: date) -> dict[str, object]:
    return {
        "usuarios": listar_usuarios(session=s),
        "bloqueados": usuarios_bloqueados(session=s),
        "filas": consultar_bitacora(
            session=s, filtros=FiltrosBitacora(), limite=15, nombres=NOMBRES_EN_LA_BITACORA
        ),
        "fuentes": salud_de_fuentes(s),
        "verificacion": ultima_verificacion(session=s),
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
