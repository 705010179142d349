"""Convenios de pago en la web: la lista con los filtros del panel, y desde la ficha del
expediente registrarlos desde su documento final, legalizarlos con el escaneo firmado (con OCR)
y rehabilitar uno incumplido."""

from __future__ import annotations

from flask import flash, render_template, request
from werkzeug.wrappers import Response

from archivo import aplicar_ocr, sin_ocr
from expedientes import ErrorDominio, Permiso, hoy, orden_pedido, pagina_de
from recupera.web.acceso import db, operacion, requiere, settings
from recupera.web.archivo.datos import almacen, requisitos
from recupera.web.formularios import escaneo_subido, fecha
from recupera.web.recursos import convenio_o_404, expediente_o_404, quien
from recupera.web.seguimiento import bp
from recupera.web.seguimiento.presentacion import a_la_ficha, sucursales
from seguimiento import (
    NOMBRES_ESTADO_CONVENIO,
    ORDEN_CONVENIOS,
    ORDENES_CONVENIOS,
    EstadoConvenio,
    FiltrosConvenios,
    convenios_visibles,
    documento_del_convenio,
    estados_pedidos,
    legalizar_convenio,
    rehabilitar_convenio,
    totales_de_convenios,
)
from seguimiento import registrar_convenio as registrar_desde_documento

# Las combinaciones de estados que ofrece la lista (el panel pide «vigente,incumplido»).
ESTADOS_LISTA = {
    "": "Todos",
    "vigente,incumplido": "Vigentes e incumplidos",
    **{e.value: NOMBRES_ESTADO_CONVENIO[e] for e in EstadoConvenio},
}


@bp.get("/convenios/")
@requiere(Permiso.VER_SEGUIMIENTO)
def convenios_lista():
    """Los convenios con lo pagado, su saldo y lo vencido, de 50 en 50 en el orden pedido (del más
    antiguo al más reciente), con los totales de todos; un gestor ve los de sus expedientes.
    Filtros, orden y página van en la URL."""
    args = request.args
    filtros = FiltrosConvenios(
        estados=tuple(estados_pedidos(args.get("estado", ""))),
        sucursal=args.get("sucursal", ""),
        con_vencidas=args.get("con_vencidas") == "1",
    )
    orden = orden_pedido(args.get("orden"), ORDENES_CONVENIOS, ORDEN_CONVENIOS)
    dia = hoy()
    totales = totales_de_convenios(session=db(), usuario=quien(), filtros=filtros, hoy=dia)
    pagina = pagina_de(total=totales.cantidad, pedida=args.get("pagina"))
    filas = convenios_visibles(session=db(), usuario=quien(), filtros=filtros, hoy=dia,
                               orden=orden, limite=pagina.tamano,
                               desplazamiento=pagina.desplazamiento)  # fmt: skip
    return render_template(
        "seguimiento/convenios.html",
        filas=filas,
        totales=totales,
        pagina=pagina,
        orden=orden,
        estado=",".join(filtros.estados),
        estados=ESTADOS_LISTA,
        nombres_estado=NOMBRES_ESTADO_CONVENIO,
        sucursales=sucursales(),
        args=args,
        tolerancia=settings().tolerancia_cuota_dias,
    )


@bp.post("/expedientes/<numero>/convenios")
@requiere(Permiso.REDACTAR_DOCUMENTO)
def registrar_convenio(numero: str) -> Response:
    """Registra el convenio desde su documento final `convenio_pago`, con sus cuotas."""
    expediente = expediente_o_404(numero, Permiso.REDACTAR_DOCUMENTO)
    elegido = request.form.get("documento", "").strip().upper()
    with operacion(f"Convenio {elegido} registrado en borrador: falta legalizarlo."):
        documento = documento_del_convenio(session=db(), expediente=expediente, numero=elegido)
        registrar_desde_documento(
            session=db(),
            almacen=almacen(),
            documento=documento,
            usuario=quien(),
            cuotas_para_incumplir_predeterminado=settings().cuotas_para_incumplir,
        )
    return a_la_ficha(expediente, "convenio")


@bp.post("/convenios/<id:convenio_id>/legalizacion")
@requiere(Permiso.LEGALIZAR_CONVENIO)
def legalizar(convenio_id: int) -> Response:
    """Fecha de firma y escaneo firmado: el formulario se revisa antes del OCR, que tarda, y el
    OCR corre sin retener la base."""
    convenio, expediente = convenio_o_404(convenio_id, Permiso.LEGALIZAR_CONVENIO)
    numero = convenio.documento_numero
    try:
        escaneo, problemas = escaneo_subido(request.files.get("escaneo"))
        firmado_el = fecha(request.form, "firmado_el", "la fecha de firma", problemas)
        if problemas or firmado_el is None:
            raise ErrorDominio(f"El convenio {numero} no se legalizó.", problemas)
        archivo = request.files["escaneo"]
        db().rollback()  # suelta la transacción (y el candado de SQLite) mientras corre el OCR
        ocr = (
            sin_ocr()
            if request.form.get("sin_ocr") == "1"
            else aplicar_ocr(escaneo, segundos=settings().ocr_segundos)
        )
        legalizar_convenio(
            session=db(), almacen=almacen(), convenio=convenio, firmado_el=firmado_el,
            escaneo=escaneo, nombre_archivo=archivo.filename or "", ocr=ocr, usuario=quien(),
            requisitos=requisitos(), hoy=hoy(),
        )  # fmt: skip
        db().commit()
    except ErrorDominio as exc:
        db().rollback()
        flash({"mensaje": exc.mensaje, "problemas": exc.problemas}, "error")  # type: ignore[arg-type]
        return a_la_ficha(expediente, "convenio")
    estado = NOMBRES_ESTADO_CONVENIO[EstadoConvenio(convenio.estado)].lower()
    flash(
        f"Convenio {numero} legalizado: el escaneo firmado está en el expediente; {estado}.",
        "exito",
    )
    if ocr.advertencias:
        flash({"mensaje": "Advertencias del OCR:", "problemas": list(ocr.advertencias)}, "aviso")  # type: ignore[arg-type]
    return a_la_ficha(expediente, "convenio")


@bp.post("/convenios/<id:convenio_id>/rehabilitacion")
@requiere(Permiso.REHABILITAR_CONVENIO)
def rehabilitar(convenio_id: int) -> Response:
    """Vuelve vigente un convenio incumplido (lo decide el jefe), con el motivo en la bitácora."""
    convenio, expediente = convenio_o_404(convenio_id, Permiso.REHABILITAR_CONVENIO)
    with operacion(f"Convenio {convenio.documento_numero} rehabilitado: vuelve a estar vigente."):
        rehabilitar_convenio(
            session=db(),
            convenio=convenio,
            usuario=quien(),
            motivo=request.form.get("motivo", "")[:1000],
            hoy=hoy(),
        )
    return a_la_ficha(expediente, "convenio")
