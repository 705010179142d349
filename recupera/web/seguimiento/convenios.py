"""Convenios de pago en la web: la lista con los filtros del panel, y desde la ficha del
expediente registrarlos desde su documento final, legalizarlos con el escaneo firmado (con OCR)
y rehabilitar uno incumplido."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import abort, flash, render_template, request
from sqlmodel import col, select
from werkzeug.wrappers import Response

from archivo.ocr import aplicar_ocr, sin_ocr
from expedientes.deuda import CERO
from expedientes.errores import ErrorDominio
from expedientes.modelos import Expediente
from expedientes.politica import Permiso
from expedientes.tipos import hoy
from plantillas.modelos import DocumentoGenerado
from recupera.web.acceso import db, exigir_sobre, operacion, requiere, settings
from recupera.web.archivo.datos import almacen, requisitos
from recupera.web.cartas import escaneo_subido
from recupera.web.seguimiento import bp
from recupera.web.seguimiento.comun import (
    a_la_ficha,
    expediente_o_404,
    fecha,
    solo_de,
    sucursales,
    usuario,
)
from seguimiento import convenios
from seguimiento.convenios_estados import NOMBRES_ESTADO, EstadoConvenio
from seguimiento.modelos import Convenio
from seguimiento.reportes_cartera import FILTRO_SIN_SUCURSAL

# Las combinaciones de estados que ofrece la lista (el panel pide «vigente,incumplido»).
ESTADOS_LISTA = {
    "": "Todos",
    "vigente,incumplido": "Vigentes e incumplidos",
    **{e.value: NOMBRES_ESTADO[e] for e in EstadoConvenio},
}


@dataclass(frozen=True)
class Renglon:
    """Un convenio de la lista: lo del servicio, su sucursal, lo que falta por cobrar y lo
    vencido sin pagar a hoy."""

    fila: convenios.FilaConvenio
    sucursal: str
    saldo: Decimal
    vencido: Decimal
    mas_antigua: date | None


def _renglon(fila: convenios.FilaConvenio, sucursal: str, dia: date) -> Renglon:
    """Las cifras como las cuenta el panel: lo que falta de cada cuota (lo pagado de más a una no
    descuenta otra) más la prima sin pagar, y lo vencido, de las cuotas con vencimiento anterior
    a hoy que no están pagadas del todo."""
    falta = [c.monto - c.pagado for c in fila.cuotas if c.pagado < c.monto]
    saldo = fila.convenio.prima - fila.convenio.prima_pagada + sum(falta, CERO)
    atrasadas = [c for c in fila.cuotas if c.vence_el < dia and c.pagado < c.monto]
    vencido = sum((c.monto - c.pagado for c in atrasadas), CERO)
    mas_antigua = min((c.vence_el for c in atrasadas), default=None)
    return Renglon(fila, sucursal, saldo, vencido, mas_antigua)


def _estados(valor: str) -> list[str]:
    """Los estados pedidos (`vigente,incumplido`); uno que no existe se ignora."""
    return [e for e in dict.fromkeys(valor.split(",")) if e in set(EstadoConvenio)]


def renglones(
    *, estados: list[str], sucursal: str, con_vencidas: bool, gestor_id: int | None
) -> list[Renglon]:
    """Los convenios que cumplen los filtros, del más antiguo al más reciente."""
    dia = hoy()
    pedidos: list[str | None] = [*estados] or [None]
    filas = [f for e in pedidos for f in convenios.listar(session=db(), estado=e)]
    datos = {
        numero: (suc or "", gestor)
        for numero, suc, gestor in db()
        .exec(
            select(Expediente.numero, Expediente.sucursal, Expediente.gestor_id).join(
                Convenio, col(Convenio.expediente_id) == Expediente.id
            )
        )
        .all()
    }
    lista = []
    for f in sorted(filas, key=lambda f: f.convenio.id or 0):
        suc, gestor = datos[f.expediente]
        if gestor_id is not None and gestor != gestor_id:
            continue
        if sucursal and suc != ("" if sucursal == FILTRO_SIN_SUCURSAL else sucursal):
            continue
        renglon = _renglon(f, suc, dia)
        if con_vencidas and not renglon.vencido:
            continue
        lista.append(renglon)
    return lista


@bp.get("/convenios/")
@requiere(Permiso.VER_SEGUIMIENTO)
def convenios_lista():
    """Los convenios con lo pagado, su saldo y lo vencido; un gestor ve los de sus expedientes."""
    args = request.args
    estados = _estados(args.get("estado", ""))
    filas = renglones(
        estados=estados,
        sucursal=args.get("sucursal", ""),
        con_vencidas=args.get("con_vencidas") == "1",
        gestor_id=solo_de(usuario()),
    )
    return render_template(
        "seguimiento/convenios.html",
        filas=filas,
        saldo=sum((r.saldo for r in filas), CERO),
        vencido=sum((r.vencido for r in filas), CERO),
        estado=",".join(estados),
        estados=ESTADOS_LISTA,
        nombres_estado=NOMBRES_ESTADO,
        sucursales=sucursales(),
        args=args,
        solo_lo_suyo=solo_de(usuario()) is not None,
        tolerancia=settings().tolerancia_cuota_dias,
    )


def _convenio_o_404(convenio_id: int, permiso: Permiso) -> tuple[Convenio, Expediente]:
    """El convenio y su expediente; 404 si no existe, 403 si la persona no puede sobre él."""
    convenio = db().get(Convenio, convenio_id)
    if convenio is None:
        abort(404)
    expediente = db().get(Expediente, convenio.expediente_id)
    assert expediente is not None
    exigir_sobre(permiso, expediente)
    return convenio, expediente


@bp.post("/expedientes/<numero>/convenios")
@requiere(Permiso.REDACTAR_DOCUMENTO)
def registrar_convenio(numero: str) -> Response:
    """Registra el convenio desde su documento final `convenio_pago`, con sus cuotas."""
    expediente = expediente_o_404(numero)
    exigir_sobre(Permiso.REDACTAR_DOCUMENTO, expediente)
    elegido = request.form.get("documento", "").strip().upper()
    with operacion(f"Convenio {elegido} registrado en borrador: falta legalizarlo."):
        documento = (
            db()
            .exec(
                select(DocumentoGenerado).where(
                    DocumentoGenerado.numero == elegido,
                    DocumentoGenerado.expediente_id == expediente.id,
                )
            )
            .first()
        )
        if documento is None:
            raise ErrorDominio(
                "Elija el convenio de pago final de este expediente que se va a registrar."
            )
        convenios.crear_desde_documento(
            session=db(),
            almacen=almacen(),
            documento=documento,
            usuario=usuario(),
            cuotas_para_incumplir_predeterminado=settings().cuotas_para_incumplir,
        )
    return a_la_ficha(expediente, "convenio")


@bp.post("/convenios/<id:convenio_id>/legalizacion")
@requiere(Permiso.INCORPORAR_DOCUMENTO)
def legalizar(convenio_id: int) -> Response:
    """Fecha de firma y escaneo firmado: el formulario se revisa antes del OCR, que tarda, y el
    OCR corre sin retener la base."""
    convenio, expediente = _convenio_o_404(convenio_id, Permiso.INCORPORAR_DOCUMENTO)
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
        convenios.legalizar(
            session=db(), almacen=almacen(), convenio=convenio, firmado_el=firmado_el,
            escaneo=escaneo, nombre_archivo=archivo.filename or "", ocr=ocr, usuario=usuario(),
            requisitos=requisitos(), hoy=hoy(),
        )  # fmt: skip
        db().commit()
    except ErrorDominio as exc:
        db().rollback()
        flash({"mensaje": exc.mensaje, "problemas": exc.problemas}, "error")  # type: ignore[arg-type]
        return a_la_ficha(expediente, "convenio")
    estado = NOMBRES_ESTADO[EstadoConvenio(convenio.estado)].lower()
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
    convenio, expediente = _convenio_o_404(convenio_id, Permiso.REHABILITAR_CONVENIO)
    with operacion(f"Convenio {convenio.documento_numero} rehabilitado: vuelve a estar vigente."):
        convenios.rehabilitar(
            session=db(),
            convenio=convenio,
            usuario=usuario(),
            motivo=request.form.get("motivo", "")[:1000],
            hoy=hoy(),
        )
    return a_la_ficha(expediente, "convenio")
