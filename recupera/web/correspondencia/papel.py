"""Registrar una carta en papel con su escaneo (el formulario se revisa antes del OCR, que
tarda, y el OCR corre sin retener la base) e imprimir su acuse de recibo."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from archivo import aplicar_ocr, sin_ocr
from correspondencia import (
    TIPOS_DE_CARTA,
    ReglasDePlazo,
    acuse_de_recibo,
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
        autor_id = quien().id
        # El OCR tarda: se suelta la transacción (y el candado de SQLite) mientras corre.
        db().rollback()
        ocr = (
            aplicar_ocr(entrada.escaneo, segundos=settings().ocr_segundos)
            if entrada.con_ocr
            else sin_ocr()
        )
        carta = registrar_papel(
            session=db(),
            almacen=servicios().almacen,
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
    flash(
        f"Registrada {carta.numero}: imprima su acuse de recibo y la etiqueta para el papel.",
        "exito",
    )
    return redirect(url_for("correspondencia.detalle", numero=carta.numero))


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
