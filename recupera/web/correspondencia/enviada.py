"""La correspondencia enviada: el registro de salida con sus filtros, cada carta a su documento,
y la ficha de una carta con lo que su gestor o el jefe pueden decidir sobre ella."""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from correspondencia import (
    ACCIONES_SALIDA,
    ESPERAS,
    NOMBRES_CANAL,
    NOMBRES_ESTADO_SALIDA,
    ORDEN_SALIDA,
    ORDENES_SALIDA,
    Envio,
    FiltrosSalida,
    Saliente,
    acciones_sobre_salida,
    contar_salidas,
    decidir_salida,
    listar_salidas,
    planilla_de_envio,
    puede_decidir_salida,
    puede_registrar_entrega,
    registrar_devolucion,
    registrar_entrega,
    responder_a_mano,
    respuesta_de,
)
from expedientes import (
    ErrorDominio,
    Expediente,
    Permiso,
    cartas_solo_de,
    hoy,
    nombres_de_usuarios,
    orden_pedido,
    pagina_de,
)
from plantillas import ids_de_documentos
from recupera.web import entregas
from recupera.web.acceso import db, id_numerico, operacion, requiere, servicios
from recupera.web.correspondencia import bp
from recupera.web.correspondencia.formularios import MAX_TEXTO_FILTRO
from recupera.web.formularios import dia_de_filtro
from recupera.web.recursos import quien, salida_o_404


@bp.get("/enviada", endpoint="enviada")
@requiere(Permiso.VER_CORRESPONDENCIA)
def correspondencia_enviada():
    """Las cartas que salieron (o están por salir), de 50 en 50, en el orden pedido (las más
    recientes primero); filtros, orden y página van en la URL."""
    args = request.args
    filtros = _filtros_de_salida(args)
    orden = orden_pedido(args.get("orden"), tuple(ORDENES_SALIDA), ORDEN_SALIDA)
    pagina = pagina_de(
        total=contar_salidas(session=db(), filtros=filtros), pedida=args.get("pagina")
    )
    filas = listar_salidas(session=db(), filtros=filtros, limite=pagina.tamano, orden=orden,
                           desplazamiento=pagina.desplazamiento)  # fmt: skip
    documentos = ids_de_documentos(
        session=db(), numeros=[f.saliente.documento for f in filas if f.saliente.documento]
    )
    return render_template(
        "correspondencia/enviada.html",
        filas=filas,
        pagina=pagina,
        total=pagina.total,
        orden=orden,
        autor=_nombre_del_autor(filtros.autor),
        esperas=ESPERAS,
        documentos=documentos,
        estados=NOMBRES_ESTADO_SALIDA,
        canales=NOMBRES_CANAL,
        args=args,
        solo_suyas=filtros.solo_de is not None,
        por_mensajero=contar_salidas(
            session=db(), filtros=FiltrosSalida(estado="pendiente", canal="mensajero")
        ),
    )


def _filtros_de_salida(args: Mapping[str, str]) -> FiltrosSalida:
    """Los filtros del registro de salida leídos de la URL (lo desconocido se ignora)."""
    estado, canal = args.get("estado", ""), args.get("canal", "")
    espera, autor = args.get("espera", ""), args.get("autor", "")
    return FiltrosSalida(
        estado=estado if estado in NOMBRES_ESTADO_SALIDA else None,
        canal=canal if canal in NOMBRES_CANAL else None,
        texto=args.get("q", "")[:MAX_TEXTO_FILTRO],
        desde=dia_de_filtro(args.get("desde")),
        hasta=dia_de_filtro(args.get("hasta")),
        solo_de=cartas_solo_de(quien()),
        espera=espera if espera in ESPERAS else None,
        autor=autor if autor == "ninguno" or id_numerico(autor) is not None else None,
        hoy=hoy(),
    )


def _nombre_del_autor(autor: str | None) -> str:
    """Quién redactó las cartas filtradas, para decirlo junto al conteo."""
    if autor == "ninguno":
        return "autor no registrado"
    return nombres_de_usuarios(session=db()).get(int(autor), "") if autor else ""


@bp.get("/enviada/<salida>", endpoint="salida")
@requiere(Permiso.VER_CORRESPONDENCIA)
def ficha_de_salida(salida: str):
    """Una carta saliente: su envío, su estado con el porqué, y las decisiones que esperan."""
    saliente, expediente = salida_o_404(salida)
    documentos = ids_de_documentos(session=db(), numeros=[saliente.documento or ""])
    return render_template(
        "correspondencia/salida.html",
        s=saliente,
        expediente=expediente,
        documento_id=documentos.get(saliente.documento or ""),
        acciones={
            a: ACCIONES_SALIDA[a][2] for a in acciones_sobre_salida(quien(), saliente, expediente)
        },
        entrega=puede_registrar_entrega(quien(), saliente, expediente),
        respuesta=respuesta_de(db(), saliente),
        decide=puede_decidir_salida(quien(), saliente, expediente),
        hoy=hoy(),
        estados=NOMBRES_ESTADO_SALIDA,
        canales=NOMBRES_CANAL,
    )


@bp.post("/enviada/<salida>/decidir", endpoint="decidir_salida")
@requiere(Permiso.VER_CORRESPONDENCIA)
def decidir(salida: str) -> Response:
    """Confirma que salió o la vuelve a enviar (por el canal y a la dirección indicados)."""
    saliente, expediente = _para_decidir(salida)
    form = request.form
    canal = form.get("canal", "") or saliente.canal
    with operacion(f"{saliente.numero}: decisión registrada."):
        decidir_salida(
            session=db(), saliente=saliente, expediente=expediente, usuario=quien(),
            accion=form.get("accion", ""), motivo=form.get("motivo", ""),
            envio=Envio(canal, form.get("correo", saliente.correo)),
        )  # fmt: skip
    return redirect(url_for("correspondencia.salida", salida=saliente.numero))


@bp.post("/enviada/planilla", endpoint="planilla")
@requiere(Permiso.REGISTRAR_CORRESPONDENCIA)
def planilla() -> Response:
    """La planilla de envío de las cartas por mensajero (quedan enviadas), para imprimir."""
    try:
        hecha = planilla_de_envio(session=db(), hoy=hoy())
        db().commit()
    except ErrorDominio as exc:
        db().rollback()
        flash(exc.mensaje, "aviso")
        return redirect(url_for("correspondencia.enviada"))
    return entregas.entregar(
        hecha.pdf, nombre=f"planilla-{hoy():%Y%m%d}.pdf", tipo_mime="application/pdf", ver=True
    )


@bp.post("/enviada/<salida>/entrega", endpoint="entrega")
@requiere(Permiso.VER_CORRESPONDENCIA)
def entrega(salida: str) -> Response:
    """Sube el acuse firmado: entregada en su fecha, con el acuse en el expediente."""
    saliente, expediente = _para_entregar(salida)
    subido = request.files.get("acuse")
    with operacion(f"{saliente.numero}: entregada; el acuse quedó en el expediente."):
        registrar_entrega(
            session=db(), almacen=servicios().almacen, requisitos=servicios().requisitos,
            saliente=saliente, expediente=expediente, usuario=quien(),
            escaneo=subido.read() if subido else b"",
            nombre_archivo=(subido.filename or "") if subido else "",
            entregada_el=dia_de_filtro(request.form.get("entregada_el")), hoy=hoy(),
        )  # fmt: skip
    return redirect(url_for("correspondencia.salida", salida=saliente.numero))


@bp.post("/enviada/<salida>/devolucion", endpoint="devolucion")
@requiere(Permiso.VER_CORRESPONDENCIA)
def devolucion(salida: str) -> Response:
    """Volvió sin entregar: devuelta, con el motivo, para su gestor."""
    saliente, expediente = _para_entregar(salida)
    with operacion(f"{saliente.numero}: devuelta; su gestor la verá en su inicio."):
        registrar_devolucion(session=db(), saliente=saliente, expediente=expediente,
                             usuario=quien(), motivo=request.form.get("motivo", ""))  # fmt: skip
    return redirect(url_for("correspondencia.salida", salida=saliente.numero))


@bp.post("/enviada/<salida>/respondida", endpoint="respondida")
@requiere(Permiso.VER_CORRESPONDENCIA)
def respondida(salida: str) -> Response:
    """La respuesta llegó sin citar la solicitud: se da por respondida con esa carta."""
    saliente, expediente = _para_decidir(salida)
    with operacion(f"{saliente.numero}: respondida."):
        responder_a_mano(session=db(), solicitud=saliente, expediente=expediente, usuario=quien(),
                         numero_carta=request.form.get("carta", ""))  # fmt: skip
    return redirect(url_for("correspondencia.salida", salida=saliente.numero))


def _para_entregar(salida: str) -> tuple[Saliente, Expediente | None]:
    """La carta y su expediente, si esta persona registra su entrega en papel (si no, 403)."""
    saliente, expediente = salida_o_404(salida)
    if not puede_registrar_entrega(quien(), saliente, expediente):
        abort(403)
    return saliente, expediente


def _para_decidir(salida: str) -> tuple[Saliente, Expediente | None]:
    """La carta y su expediente, si esta persona decide sobre ella (si no, 403)."""
    saliente, expediente = salida_o_404(salida)
    if not puede_decidir_salida(quien(), saliente, expediente):
        abort(403)
    return saliente, expediente
