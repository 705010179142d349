"""Las plantillas registradas, vistas desde la web: la versión vigente de cada una y para qué
expedientes sirve.

Las plantillas del proyecto se registran en la base la primera vez que hacen falta
(`versiones.sincronizar`). Una consulta (GET) no debe escribir en su propia transacción: en SQLite
es de solo lectura diferida y, al pasar a escribir, chocaría con otro escritor. Por eso el registro
se hace aparte, en una transacción corta que se confirma, y la de la petición vuelve a empezar;
un POST, que ya escribe, lo hace en su propia transacción y lo confirma antes de seguir.
"""

from __future__ import annotations

from flask import abort, make_response, render_template, request
from sqlmodel import select

from archivo.almacen import almacen_de
from expedientes.auditoria import Actor
from expedientes.db import engine_para, sesion
from expedientes.errores import ErrorDominio
from expedientes.modelos import Expediente
from plantillas import versiones
from plantillas.contrato import Contrato
from plantillas.modelos import PlantillaVersion
from recupera.web.acceso import db, settings, usuario_actual


def asegurar_catalogo() -> None:
    """Registra las plantillas del proyecto que falten, en su propia transacción."""
    registradas = set(db().exec(select(PlantillaVersion.nombre, PlantillaVersion.version)).all())
    faltan = {
        (nombre, p.contrato.version)
        for nombre, p in versiones.catalogo().items()
        if (nombre, p.contrato.version) not in registradas
    }
    if not faltan:
        return
    almacen = almacen_de(settings().data_dir)
    if request.method not in ("GET", "HEAD"):
        # Un POST ya escribe en su transacción (y en SQLite tiene el candado): se registra ahí y
        # se confirma enseguida, antes de lo que el POST intente. Si eso falla y se revierte, la
        # versión registrada sigue ahí para volver a mostrar el formulario.
        versiones.sincronizar(session=db(), almacen=almacen)
        db().commit()
        return
    usuario = usuario_actual()
    actor = Actor(usuario.nombre_usuario, usuario.id) if usuario else Actor("web:catalogo")
    try:
        with sesion(engine_para(settings().url_base_de_datos), actor) as s:
            versiones.sincronizar(session=s, almacen=almacen)
    except ErrorDominio as exc:
        # Un catálogo del proyecto que choca con lo registrado es un error de instalación.
        abort(
            make_response(
                render_template(
                    "errores/error.html",
                    titulo="Catálogo de plantillas inconsistente",
                    mensaje=exc.mensaje,
                ),
                500,
            )
        )
    # La transacción de la petición se tomó antes: vuelve a empezar y ve lo registrado.
    db().rollback()


def todas() -> list[PlantillaVersion]:
    """Todas las versiones, por nombre y de la más reciente a la más antigua."""
    asegurar_catalogo()
    return versiones.listar(session=db(), almacen=almacen_de(settings().data_dir))


def vigentes() -> list[tuple[PlantillaVersion, Contrato]]:
    """La versión más reciente de cada plantilla con su contrato, por título."""
    vistas: dict[str, PlantillaVersion] = {}
    for version in todas():
        vistas.setdefault(version.nombre, version)
    pares = [(v, versiones.contrato_de(v)) for v in vistas.values()]
    return sorted(pares, key=lambda par: par[1].titulo)


def para_expediente(expediente: Expediente) -> list[tuple[PlantillaVersion, Contrato]]:
    """Las plantillas vigentes que se pueden redactar en un expediente de este tipo."""
    return [(v, c) for v, c in vigentes() if expediente.tipo in c.tipos_expediente]
