"""Una carta: su ficha con su trámite (vincular, asignar, cambiar de estado o de tipo,
incorporarla a su expediente) y la descarga de sus adjuntos y de su original."""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from archivo import tipo_de_escaneo
from correspondencia import (
    ASIGNABLES,
    TIPOS_DE_CARTA,
    Adjunto,
    Correspondencia,
    ReglasDePlazo,
    adjunto_de_carta,
    adjuntos_de,
    asignar_carta,
    buscar_destinos,
    cambiar_estado_carta,
    cambiar_tipo_carta,
    cambios_posibles,
    candidatos_de_carta,
    desvincular_carta,
    ficha_de_carta,
    incorporacion_de_carta,
    incorporar_carta,
    puede_responder,
    salientes_de,
    sanear_html,
    vincular_carta,
)
from expedientes import (
    ErrorDominio,
    NoEncontrado,
    Permiso,
    puede_sobre_carta,
)
from recupera.web import entregas
from recupera.web.acceso import (
    db,
    exigir_sobre,
    operacion,
    requiere,
    servicios,
    settings,
)
from recupera.web.correspondencia import bp
from recupera.web.correspondencia import formularios as cartas
from recupera.web.recursos import carta_o_404, quien


def _volver(carta: Correspondencia) -> Response:
    return redirect(url_for("correspondencia.detalle", numero=carta.numero))


_ACCIONES = {
    "vincular": Permiso.VINCULAR_CORRESPONDENCIA,
    "asignar": Permiso.ASIGNAR_CORRESPONDENCIA,
    "tramitar": Permiso.TRAMITAR_CORRESPONDENCIA,
}


@bp.get("/<numero>")
@requiere(Permiso.VER_CORRESPONDENCIA)
def detalle(numero: str):
    """La carta: datos, vínculo, advertencias, cuerpo, adjuntos y las acciones permitidas."""
    carta, expediente = carta_o_404(numero)
    s, usuario = db(), quien()
    adjuntos = adjuntos_de(session=s, carta=carta)
    permite = {
        accion: puede_sobre_carta(usuario, permiso, carta, expediente)
        for accion, permiso in _ACCIONES.items()
    }
    return render_template(
        "correspondencia/detalle.html",
        carta=carta,
        expediente=expediente,
        ficha=ficha_de_carta(session=s, carta=carta),
        html_saneado=sanear_html(carta.html) if carta.html else None,
        adjuntos=adjuntos,
        salientes=salientes_de(session=s, carta=carta),
        **_para_vincular(carta, adjuntos, permite["vincular"]),
        permite=permite,
        puede_responder=puede_responder(usuario, carta, expediente),
        personas=cartas.asignables(s) if permite["asignar"] else [],
        # Al asignar se propone al gestor del expediente; si no, a quien ya la tiene.
        elegido=(expediente.gestor_id if expediente else None) or carta.asignado_id,
        se_asigna=carta.estado in ASIGNABLES,
        transiciones=cambios_posibles(carta.estado),
        tipos=TIPOS_DE_CARTA,
        se_puede_ver=entregas.se_puede_ver,
        incorporacion=incorporacion_de_carta(
            session=s,
            carta=carta,
            expediente=expediente,
            usuario=usuario,
            requisitos=servicios().requisitos,
        ),
    )


def _para_vincular(
    carta: Correspondencia, adjuntos: Sequence[Adjunto], puede_vincular: bool
) -> dict[str, object]:
    """Los candidatos de una carta sin vincular y lo hallado con `?buscar=…`, para quien puede
    vincularla."""
    if not puede_vincular:
        return {"candidatos": [], "busqueda": None, "buscado": ""}
    s, usuario, buscado = db(), quien(), cartas.busqueda_de_vinculo(request.args)
    sin_vincular = carta.expediente_id is None
    return {
        "candidatos": candidatos_de_carta(
            session=s, carta=carta, adjuntos=adjuntos, usuario=usuario
        )
        if sin_vincular
        else [],
        "busqueda": buscar_destinos(session=s, usuario=usuario, texto=buscado) if buscado else None,
        "buscado": buscado,
    }


@bp.post("/<numero>/vinculo")
@requiere(Permiso.VINCULAR_CORRESPONDENCIA)
def vincular(numero: str):
    """Vincula la carta a mano con un expediente o un patrono."""
    carta, _ = carta_o_404(numero, Permiso.VINCULAR_CORRESPONDENCIA)
    form = request.form
    with operacion("Carta vinculada."):
        vincular_carta(
            session=db(),
            carta=carta,
            numero_expediente=form.get("expediente", ""),
            numero_patronal=form.get("numero_patronal", ""),
            motivo=form.get("motivo", "").strip(),
        )
    return _volver(carta)


@bp.post("/<numero>/desvinculo")
@requiere(Permiso.VINCULAR_CORRESPONDENCIA)
def desvincular(numero: str):
    """Quita el vínculo; el motivo es obligatorio."""
    carta, _ = carta_o_404(numero, Permiso.VINCULAR_CORRESPONDENCIA)
    with operacion("Vínculo quitado: la carta vuelve a clasificación."):
        desvincular_carta(session=db(), carta=carta, motivo=request.form.get("motivo", ""))
    return _volver(carta)


@bp.post("/<numero>/asignacion")
@requiere(Permiso.ASIGNAR_CORRESPONDENCIA)
def asignar(numero: str):
    """La deja a cargo de una persona."""
    carta, _ = carta_o_404(numero, Permiso.ASIGNAR_CORRESPONDENCIA)
    with operacion("Carta asignada."):
        asignar_carta(
            session=db(),
            carta=carta,
            destinatario=cartas.destinatario(db(), request.form.get("usuario", "")),
            motivo=request.form.get("motivo", "").strip(),
        )
    return _volver(carta)


@bp.post("/<numero>/estado")
@requiere(Permiso.TRAMITAR_CORRESPONDENCIA)
def estado(numero: str):
    """Cambia el estado del trámite (con motivo donde la máquina de estados lo exige)."""
    carta, _ = carta_o_404(numero, Permiso.TRAMITAR_CORRESPONDENCIA)
    with operacion("Estado actualizado."):
        cambiar_estado_carta(
            session=db(),
            carta=carta,
            nuevo=request.form.get("estado", ""),
            motivo=request.form.get("motivo", "").strip(),
        )
    return _volver(carta)


@bp.post("/<numero>/tipo")
@requiere(Permiso.VINCULAR_CORRESPONDENCIA)
def tipo(numero: str):
    """Cambia el tipo (clasificación) y con él el plazo de respuesta."""
    carta, _ = carta_o_404(numero, Permiso.VINCULAR_CORRESPONDENCIA)
    with operacion("Tipo actualizado; el plazo se recalculó."):
        cambiar_tipo_carta(
            session=db(),
            carta=carta,
            tipo=request.form.get("tipo", ""),
            reglas=ReglasDePlazo.desde(settings()),
        )
    return _volver(carta)


@bp.post("/<numero>/incorporacion")
@requiere(Permiso.INCORPORAR_DOCUMENTO)
def incorporar(numero: str):
    """La carta vinculada pasa a ser un documento de su expediente, con sus folios."""
    carta, expediente = carta_o_404(numero)
    if expediente is not None:
        exigir_sobre(Permiso.INCORPORAR_DOCUMENTO, expediente)
    destino = expediente.numero if expediente else ""
    with operacion(f"{carta.numero} quedó incorporada al expediente {destino}."):
        incorporar_carta(
            session=db(),
            almacen=servicios().almacen,
            carta=carta,
            tipo=request.form.get("tipo", ""),
            usuario=quien(),
            requisitos=servicios().requisitos,
        )
    return _volver(carta)


@bp.get("/<numero>/adjuntos/<id:adjunto_id>")
@requiere(Permiso.VER_CORRESPONDENCIA)
def adjunto(numero: str, adjunto_id: int):
    """Descarga un adjunto (o lo muestra con ?ver=1 si es de un tipo inofensivo)."""
    carta, _ = carta_o_404(numero)
    try:
        adj = adjunto_de_carta(session=db(), carta=carta, adjunto_id=adjunto_id)
    except NoEncontrado:
        abort(404)
    datos = entregas.leer(adj.sha256, f"«{adj.nombre}» de {carta.numero}")
    nombre = entregas.nombre_seguro(adj.nombre, f"{carta.numero}-adjunto-{adj.orden}")
    return entregas.entregar(
        datos, nombre=nombre, tipo_mime=adj.tipo_mime, ver=request.args.get("ver") == "1"
    )


@bp.get("/<numero>/original")
@requiere(Permiso.VER_CORRESPONDENCIA)
def original(numero: str):
    """El registro legal tal como llegó: el .eml del correo o el escaneo en papel."""
    carta, _ = carta_o_404(numero)
    datos = entregas.leer(carta.sha256, f"original de {carta.numero}")
    if carta.origen != "papel":
        return entregas.entregar(datos, nombre=f"{carta.numero}.eml", tipo_mime="message/rfc822")
    try:
        tipo_mime, extension = tipo_de_escaneo(datos)
    except ErrorDominio:
        tipo_mime, extension = "application/octet-stream", ""
    nombre = entregas.nombre_seguro(carta.nombre_archivo, f"{carta.numero}{extension}")
    return entregas.entregar(
        datos, nombre=nombre, tipo_mime=tipo_mime, ver=request.args.get("ver") == "1"
    )
