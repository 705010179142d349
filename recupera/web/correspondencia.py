"""Correspondencia: bandeja con filtros, ficha de la carta con su trámite, registro en papel,
plazos por persona y descarga de adjuntos y originales."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from archivo.almacen import almacen_de
from archivo.ocr import aplicar_ocr, sin_ocr, tipo_de_escaneo
from archivo.requisitos import cargar_requisitos
from correspondencia import bandeja, tramite
from correspondencia.estados import ASIGNABLES, Estado
from correspondencia.incorporacion import incorporar_carta
from correspondencia.mime import sanear_html
from correspondencia.modelos import Buzon, Correspondencia
from correspondencia.papel import registrar_papel
from correspondencia.reglas import TIPOS, ReglasDePlazo
from expedientes.errores import ErrorDominio, NoEncontrado
from expedientes.modelos import Expediente, Patrono, Usuario
from expedientes.politica import Permiso, cartas_solo_de, puede_sobre_carta
from expedientes.tipos import ahora, hoy
from recupera.web import cartas, entregas
from recupera.web.acceso import (
    db,
    exigir_sobre,
    operacion,
    requiere,
    settings,
    usuario_actual,
)

bp = Blueprint("correspondencia", __name__, url_prefix="/correspondencia")
bp.register_error_handler(entregas.ArchivoIlegible, entregas.pagina_de_archivo_ilegible)
LIMITE = 200


def _carta(
    numero: str, permiso: Permiso = Permiso.VER_CORRESPONDENCIA
) -> tuple[Correspondencia, Expediente | None]:
    """La carta y su expediente; 404 si no existe, 403 si la política no deja."""
    try:
        carta = tramite.obtener_carta(session=db(), numero=numero)
    except NoEncontrado:
        abort(404)
    expediente = db().get(Expediente, carta.expediente_id) if carta.expediente_id else None
    if not puede_sobre_carta(usuario_actual(), permiso, carta, expediente):
        abort(403)
    return carta, expediente


def _volver(carta: Correspondencia) -> Response:
    return redirect(url_for("correspondencia.detalle", numero=carta.numero))


def _usuario() -> Usuario:
    usuario = usuario_actual()
    assert usuario is not None  # @requiere ya exigió sesión
    return usuario


@bp.get("/", endpoint="bandeja")
@requiere(Permiso.VER_CORRESPONDENCIA)
def bandeja_de_entrada():
    """La bandeja: cifras de la cola, filtros y las cartas más recientes primero."""
    solo_de = cartas_solo_de(_usuario())
    dia = hoy()
    filtros = cartas.filtros_de(request.args, solo_de=solo_de)
    filas = bandeja.listar(session=db(), filtros=filtros, hoy=dia, limite=LIMITE + 1)
    return render_template(
        "correspondencia/bandeja.html",
        filas=filas[:LIMITE],
        total=bandeja.contar(session=db(), filtros=filtros, hoy=dia),
        hay_mas=len(filas) > LIMITE,
        cifras=bandeja.conteos(session=db(), hoy=dia, solo_de=solo_de),
        args=request.args,
        estados=list(Estado),
        vencimientos=bandeja.VENCIMIENTOS,
        personas=cartas.asignables(db()) if solo_de is None else [],
        tipos=TIPOS,
        respuestas=cartas.RESPUESTAS,
        respuesta=cartas.respuesta_de(request.args),
        hoy=dia,
    )


@bp.get("/plazos")
@requiere(Permiso.ASIGNAR_CORRESPONDENCIA)
def plazos():
    """Por persona, cuántas cartas están vencidas, por vencer y en plazo."""
    return render_template(
        "correspondencia/plazos.html", filas=bandeja.plazos_por_persona(session=db(), hoy=hoy())
    )


_ACCIONES = {
    "vincular": Permiso.VINCULAR_CORRESPONDENCIA,
    "asignar": Permiso.ASIGNAR_CORRESPONDENCIA,
    "tramitar": Permiso.TRAMITAR_CORRESPONDENCIA,
}


@bp.get("/<numero>")
@requiere(Permiso.VER_CORRESPONDENCIA)
def detalle(numero: str):
    """La carta: datos, vínculo, advertencias, cuerpo, adjuntos y las acciones permitidas."""
    carta, expediente = _carta(numero)
    s, usuario = db(), _usuario()
    adjuntos = bandeja.adjuntos_de(session=s, carta=carta)
    permite = {
        accion: puede_sobre_carta(usuario, permiso, carta, expediente)
        for accion, permiso in _ACCIONES.items()
    }
    sin_expediente = carta.expediente_id is None
    return render_template(
        "correspondencia/detalle.html",
        carta=carta,
        expediente=expediente,
        patrono=s.get(Patrono, carta.patrono_id) if carta.patrono_id else None,
        asignado=s.get(Usuario, carta.asignado_id) if carta.asignado_id else None,
        registrado_por=s.get(Usuario, carta.registrado_por_id) if carta.registrado_por_id else None,
        buzon=s.get(Buzon, carta.buzon_id) if carta.buzon_id else None,
        html_saneado=sanear_html(carta.html) if carta.html else None,
        adjuntos=adjuntos,
        salientes=tramite.salientes_de(session=s, carta=carta),
        candidatos=cartas.candidatos(s, carta, adjuntos)
        if permite["vincular"] and sin_expediente
        else [],
        permite=permite,
        personas=cartas.asignables(s) if permite["asignar"] else [],
        # Al asignar se propone al gestor del expediente; si no, a quien ya la tiene.
        elegido=(expediente.gestor_id if expediente else None) or carta.asignado_id,
        se_asigna=carta.estado in ASIGNABLES,
        transiciones=cartas.transiciones_de(carta),
        tipos=TIPOS,
        se_puede_ver=entregas.se_puede_ver,
        incorporacion=cartas.incorporacion(
            s, carta, expediente, usuario, cargar_requisitos(settings().requisitos_archivo)
        ),
    )


@bp.route("/nueva", methods=["GET", "POST"])
@requiere(Permiso.REGISTRAR_CORRESPONDENCIA)
def nueva():
    """Registra una carta en papel: el escaneo, quién la envía, el asunto y la fecha."""
    if request.method == "GET":
        return _formulario_papel()
    try:
        entrada = cartas.entrada_papel(request.form, request.files.get("escaneo"), hoy())
        autor_id = _usuario().id
        # El OCR tarda: se suelta la transacción (y el candado de SQLite) mientras corre.
        db().rollback()
        ocr = (
            aplicar_ocr(entrada.escaneo, segundos=settings().ocr_segundos)
            if entrada.con_ocr
            else sin_ocr()
        )
        carta = registrar_papel(
            session=db(),
            almacen=almacen_de(settings().data_dir),
            escaneo=entrada.escaneo,
            nombre_archivo=entrada.nombre_archivo,
            datos=entrada.datos,
            recibido_en=ahora(),
            reglas=ReglasDePlazo.desde(settings()),
            ocr=ocr,
            tipo=entrada.tipo,
            registrado_por_id=autor_id,
        )
        db().commit()
    except ErrorDominio as exc:
        db().rollback()
        return _formulario_papel(exc), 422
    except IntegrityError:
        # El mismo escaneo enviado dos veces a la vez: el índice único dejó pasar solo uno.
        db().rollback()
        aviso = ErrorDominio("Este escaneo ya está registrado (se envió dos veces).")
        return _formulario_papel(aviso), 422
    flash(f"Registrada {carta.numero}.", "exito")
    return _volver(carta)


def _formulario_papel(error: ErrorDominio | None = None) -> str:
    return render_template(
        "correspondencia/nueva.html", form=request.form, tipos=TIPOS, error=error, hoy=hoy()
    )


@bp.post("/<numero>/vinculo")
@requiere(Permiso.VINCULAR_CORRESPONDENCIA)
def vincular(numero: str):
    """Vincula la carta a mano con un expediente o un patrono."""
    carta, _ = _carta(numero, Permiso.VINCULAR_CORRESPONDENCIA)
    form = request.form
    with operacion("Carta vinculada."):
        tramite.vincular(
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
    carta, _ = _carta(numero, Permiso.VINCULAR_CORRESPONDENCIA)
    with operacion("Vínculo quitado: la carta vuelve a clasificación."):
        tramite.desvincular(session=db(), carta=carta, motivo=request.form.get("motivo", ""))
    return _volver(carta)


@bp.post("/<numero>/asignacion")
@requiere(Permiso.ASIGNAR_CORRESPONDENCIA)
def asignar(numero: str):
    """La deja a cargo de una persona."""
    carta, _ = _carta(numero, Permiso.ASIGNAR_CORRESPONDENCIA)
    with operacion("Carta asignada."):
        tramite.asignar(
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
    carta, _ = _carta(numero, Permiso.TRAMITAR_CORRESPONDENCIA)
    with operacion("Estado actualizado."):
        tramite.cambiar_estado(
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
    carta, _ = _carta(numero, Permiso.VINCULAR_CORRESPONDENCIA)
    with operacion("Tipo actualizado; el plazo se recalculó."):
        tramite.cambiar_tipo(
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
    carta, expediente = _carta(numero)
    if expediente is not None:
        exigir_sobre(Permiso.INCORPORAR_DOCUMENTO, expediente)
    destino = expediente.numero if expediente else ""
    with operacion(f"{carta.numero} quedó incorporada al expediente {destino}."):
        incorporar_carta(
            session=db(),
            almacen=almacen_de(settings().data_dir),
            carta=carta,
            tipo=request.form.get("tipo", ""),
            usuario=_usuario(),
            requisitos=cargar_requisitos(settings().requisitos_archivo),
        )
    return _volver(carta)


@bp.get("/<numero>/adjuntos/<id:adjunto_id>")
@requiere(Permiso.VER_CORRESPONDENCIA)
def adjunto(numero: str, adjunto_id: int):
    """Descarga un adjunto (o lo muestra con ?ver=1 si es de un tipo inofensivo)."""
    carta, _ = _carta(numero)
    adj = cartas.adjunto_de(db(), carta, adjunto_id)
    if adj is None:
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
    carta, _ = _carta(numero)
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
