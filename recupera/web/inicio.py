"""La página de inicio: a cada rol, lo que lo espera."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from expedientes import tableros
from expedientes.casos import conteo_por_etapa
from expedientes.etapas import Etapa
from expedientes.politica import Permiso, Rol
from expedientes.tipos import hoy
from expedientes.usuarios import listar_usuarios
from recupera.web.acceso import db, requiere, usuario_actual

bp = Blueprint("inicio", __name__)


@bp.get("/")
@login_required
def inicio():
    """Despacha a la página de inicio del rol."""
    usuario = usuario_actual()
    assert usuario is not None
    s, dia = db(), hoy()
    datos: dict[str, object] = {"hoy": dia, "etapas": list(Etapa)}
    if usuario.rol == Rol.GESTOR:
        datos["mis"] = tableros.expedientes_de_gestor(session=s, gestor_id=usuario.id)  # type: ignore[arg-type]
        datos["conteo"] = conteo_por_etapa(session=s, gestor_id=usuario.id)
    elif usuario.rol == Rol.SECRETARIA:
        datos["sin_gestor"] = tableros.expedientes_sin_gestor(session=s)
        datos["conteo"] = conteo_por_etapa(session=s)
    elif usuario.rol == Rol.JEFE:
        datos["conteo"] = conteo_por_etapa(session=s)
        datos["sucursales"] = tableros.conteo_por_sucursal(session=s)
        datos["carga"] = tableros.carga_por_gestor(session=s, hoy=dia)
        datos["sin_gestor"] = tableros.expedientes_sin_gestor(session=s)
        datos["mora"] = tableros.mora_registrada(session=s)
        datos["mis"] = tableros.expedientes_de_gestor(session=s, gestor_id=usuario.id)  # type: ignore[arg-type]
    elif usuario.rol == Rol.ARCHIVO:
        datos["cerrados"] = tableros.expedientes_cerrados(session=s)
    elif usuario.rol == Rol.ADMIN:
        datos["usuarios"] = listar_usuarios(session=s)
        datos["bloqueados"] = tableros.usuarios_bloqueados(session=s)
        filas = tableros.bitacora_reciente(session=s, limite=15)
        datos["filas"] = filas
        datos["etiquetas"] = tableros.etiquetas_bitacora(session=s, renglones=filas)
    return render_template(f"inicio/{usuario.rol}.html", **datos)


@bp.get("/bitacora")
@requiere(Permiso.VER_AUDITORIA)
def bitacora():
    """Los últimos cambios registrados en la bitácora de auditoría."""
    entidad = request.args.get("entidad") or None
    filas = tableros.bitacora_reciente(session=db(), limite=200, entidad=entidad)
    etiquetas = tableros.etiquetas_bitacora(session=db(), renglones=filas)
    return render_template(
        "inicio/bitacora.html", filas=filas, etiquetas=etiquetas, entidad=entidad
    )
