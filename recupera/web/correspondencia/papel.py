"""Registrar una carta en papel con su escaneo (el formulario se revisa antes del OCR; el OCR,
que tarda, lo hace una tarea fuera de la petición) e imprimir su acuse de recibo."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from archivo import sin_ocr
from correspondencia import (
    TIPOS_DE_CARTA,
    ReglasDePlazo,
    acuse_de_recibo,
    anotar_registro_papel,
    registrar_papel,
)
from expedientes import (
    ErrorDominio,
    Permiso,
    ahora,
    hoy,
)
from recupera.web import entregas
from recupera.web.acceso import (
    db,
    requiere,
    servicios,
    settings,
    tareas,
)
from recupera.web.correspondencia import bp
from recupera.web.correspondencia import formularios as cartas
from recupera.web.recursos import carta_o_404, quien


@bp.route("/nueva", methods=["GET", "POST"])
@requiere(Permiso.REGISTRAR_CORRESPONDENCIA)
def nueva():
    """Registra una carta en papel: el escaneo, quién la envía, el asunto y la fecha."""
    if request.method == "GET":
        return _formulario_papel()
    try:
        entrada = cartas.entrada_papel(request.form, request.files.get("escaneo"), hoy())
        if entrada.con_ocr:
            return _registrar_con_ocr(entrada)
        carta = registrar_papel(
            session=db(),
            almacen=servicios().almacen,
            escaneo=entrada.escaneo,
            nombre_archivo=entrada.nombre_archivo,
            datos=entrada.datos,
            recibido_en=ahora(),
            reglas=ReglasDePlazo.desde(settings()),
            ocr=sin_ocr(),
            tipo=entrada.tipo,
            registrado_por_id=quien().id,
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
    flash(
        f"Registrada {carta.numero}: imprima su acuse de recibo y la etiqueta para el papel.",
        "exito",
    )
    return redirect(url_for("correspondencia.detalle", numero=carta.numero))


def _registrar_con_ocr(entrada: cartas.EntradaPapel) -> Response:
    """El OCR tarda: el escaneo se guarda, la tarea queda anotada y la persona va a la página
    que dice cómo avanza; ningún hilo de la web espera al OCR."""
    tarea = anotar_registro_papel(
        session=db(), almacen=servicios().almacen, usuario=quien(), escaneo=entrada.escaneo,
        nombre_archivo=entrada.nombre_archivo, datos=entrada.datos, tipo=entrada.tipo,
        recibido_en=ahora(),
    )  # fmt: skip
    db().commit()
    tareas().empezar(tarea.id or 0)
    return redirect(url_for("tareas.ver", tarea_id=tarea.id))


def _formulario_papel(error: ErrorDominio | None = None) -> str:
    return render_template(
        "correspondencia/nueva.html",
        form=request.form,
        tipos=TIPOS_DE_CARTA,
        error=error,
        hoy=hoy(),
    )


@bp.get("/<numero>/acuse.pdf")
@requiere(Permiso.VER_CORRESPONDENCIA)
def acuse(numero: str):
    """El acuse de recibo de una carta entregada en ventanilla, con su etiqueta, para imprimir."""
    carta, _ = carta_o_404(numero)
    try:
        pdf = acuse_de_recibo(session=db(), almacen=servicios().almacen, carta=carta)
    except ErrorDominio as exc:
        flash(exc.mensaje, "error")
        return redirect(url_for("correspondencia.detalle", numero=carta.numero))
    return entregas.entregar(
        pdf, nombre=f"acuse-{carta.numero}.pdf", tipo_mime="application/pdf", ver=True
    )
