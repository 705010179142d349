"""La bandeja de correspondencia: cifras de la cola, filtros y las cartas más recientes primero,
y los plazos por persona."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from correspondencia import (
    ORDEN_POR_OMISION,
    ORDENES_BANDEJA,
    TIPOS_DE_CARTA,
    VENCIMIENTOS,
    EstadoCarta,
    acciones_en_lote,
    asignar_cartas,
    cambiar_estado_de_cartas,
    cambios_posibles_en_lote,
    contar_cartas,
    conteos_de_bandeja,
    incorporar_cartas,
    listar_cartas,
    plazos_por_persona,
)
from expedientes import (
    Permiso,
    cartas_solo_de,
    hoy,
    orden_pedido,
    pagina_de,
)
from recupera.web.acceso import (
    db,
    operacion,
    requiere,
    servicios,
)
from recupera.web.correspondencia import bp
from recupera.web.correspondencia import formularios as cartas
from recupera.web.recursos import quien


@bp.get("/", endpoint="bandeja")
@requiere(Permiso.VER_CORRESPONDENCIA)
def bandeja_de_entrada():
    """La bandeja: cifras de la cola, filtros y las cartas de 50 en 50, en el orden pedido (las
    más recientes primero); filtros, orden y página van en la URL."""
    solo_de = cartas_solo_de(quien())
    dia = hoy()
    filtros = cartas.filtros_de(request.args, solo_de=solo_de)
    orden = orden_pedido(request.args.get("orden"), tuple(ORDENES_BANDEJA), ORDEN_POR_OMISION)
    pagina = pagina_de(
        total=contar_cartas(session=db(), filtros=filtros, hoy=dia),
        pedida=request.args.get("pagina"),
    )
    filas = listar_cartas(session=db(), filtros=filtros, hoy=dia, limite=pagina.tamano,
                          orden=orden, desplazamiento=pagina.desplazamiento)  # fmt: skip
    return render_template(
        "correspondencia/bandeja.html",
        filas=filas,
        total=pagina.total,
        pagina=pagina,
        orden=orden,
        cifras=conteos_de_bandeja(session=db(), hoy=dia, solo_de=solo_de),
        args=request.args,
        estados=list(EstadoCarta),
        vencimientos=VENCIMIENTOS,
        personas=cartas.asignables(db()) if solo_de is None else [],
        acciones=acciones_en_lote(quien()),
        estados_en_lote=cambios_posibles_en_lote(),
        tipos=TIPOS_DE_CARTA,
        respuestas=cartas.RESPUESTAS,
        respuesta=cartas.respuesta_de(request.args),
        hoy=dia,
    )


@bp.post("/asignar", endpoint="asignar_varias")
@requiere(Permiso.ASIGNAR_CORRESPONDENCIA)
def asignar_varias() -> Response:
    """Asigna a una persona todas las cartas elegidas en la bandeja, o ninguna."""
    numeros = request.form.getlist("carta")
    with operacion(f"{len(numeros)} carta(s) asignada(s)."):
        asignar_cartas(
            session=db(), usuario=quien(), numeros=numeros,
            destinatario=cartas.destinatario(db(), request.form.get("usuario", "")),
            motivo=request.form.get("motivo", "").strip(),
        )  # fmt: skip
    return _volver_a_la_bandeja()


@bp.post("/estado", endpoint="estado_varias")
@requiere(Permiso.TRAMITAR_CORRESPONDENCIA)
def estado_varias() -> Response:
    """Pasa todas las cartas elegidas al estado pedido, o ninguna."""
    numeros = request.form.getlist("carta")
    with operacion(f"{len(numeros)} carta(s) cambiaron de estado."):
        cambiar_estado_de_cartas(
            session=db(), usuario=quien(), numeros=numeros,
            nuevo=request.form.get("estado", ""), motivo=request.form.get("motivo", "").strip(),
        )  # fmt: skip
    return _volver_a_la_bandeja()


@bp.post("/incorporar", endpoint="incorporar_varias")
@requiere(Permiso.INCORPORAR_DOCUMENTO)
def incorporar_varias() -> Response:
    """Incorpora cada carta elegida a su expediente, o ninguna."""
    numeros = request.form.getlist("carta")
    with operacion(f"{len(numeros)} carta(s) incorporada(s) a sus expedientes."):
        incorporar_cartas(
            session=db(), almacen=servicios().almacen, usuario=quien(), numeros=numeros,
            requisitos=servicios().requisitos,
        )  # fmt: skip
    return _volver_a_la_bandeja()


def _volver_a_la_bandeja() -> Response:
    """De vuelta a la bandeja con los filtros y la página en que estaba la persona."""
    volver = request.form.get("volver", "")
    return redirect(
        volver if volver.startswith("/correspondencia/") else url_for("correspondencia.bandeja")
    )


@bp.get("/plazos")
@requiere(Permiso.ASIGNAR_CORRESPONDENCIA)
def plazos():
    """Por persona, cuántas cartas están vencidas, por vencer y en plazo."""
    return render_template(
        "correspondencia/plazos.html", filas=plazos_por_persona(session=db(), hoy=hoy())
    )
