"""Expedientes: listado con filtros, apertura, ficha con línea de tiempo, etapa, gestor y gestiones."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, request, url_for

from correspondencia import FiltrosBandeja, RenglonBandeja, listar_cartas
from expedientes import (
    CICLO_EXPEDIENTE,
    ETAPAS_FINALES,
    FILTRO_SIN_SUCURSAL,
    NOMBRES_GESTION,
    ORDEN_EXPEDIENTES,
    ORDENES_EXPEDIENTES,
    AccesoDenegado,
    ErrorDominio,
    Etapa,
    Expediente,
    FiltrosExpedientes,
    NoEncontrado,
    Permiso,
    TipoExpediente,
    Usuario,
    abrir_expediente,
    asignar_gestor,
    cambiar_etapa,
    contar_expedientes,
    estado_de_deuda,
    hoy,
    linea_de_tiempo,
    listar_expedientes,
    listar_usuarios,
    nombres_de_usuarios,
    orden_pedido,
    pagina_de,
    patrono_y_gestor,
    puede,
    puede_asignar_a,
    puede_sobre_carta,
    puede_tener_expedientes,
    registrar_gestion,
    sucursales_de_patronos,
    usuario_por_id,
)
from plantillas import Contrato, PlantillaVersion, documentos_del_expediente
from recupera.web.acceso import (
    db,
    id_numerico,
    operacion,
    requiere,
    settings,
    usuario_actual,
)
from recupera.web.documentos import catalogo
from recupera.web.documentos import presentadores as documentos_datos
from recupera.web.recursos import expediente_o_404
from recupera.web.seguimiento import ficha as seguimiento_ficha

bp = Blueprint("expedientes", __name__, url_prefix="/expedientes")


def _asignables() -> list[Usuario]:
    return [u for u in listar_usuarios(session=db()) if puede_tener_expedientes(u)]


def _cartas_de(expediente: Expediente) -> list[RenglonBandeja]:
    """Las cartas vinculadas al expediente que quien consulta puede ver."""
    usuario = usuario_actual()
    if not puede(usuario, Permiso.VER_CORRESPONDENCIA):
        return []
    filas = listar_cartas(
        session=db(), filtros=FiltrosBandeja(expediente_id=expediente.id), hoy=hoy()
    )
    return [
        r
        for r in filas
        if puede_sobre_carta(usuario, Permiso.VER_CORRESPONDENCIA, r.carta, expediente)
    ]


def _plantillas_para(expediente: Expediente) -> list[tuple[PlantillaVersion, Contrato]]:
    """Lo que quien consulta puede redactar en este expediente (nada si ya está cerrado)."""
    if expediente.etapa in ETAPAS_FINALES or not puede(
        usuario_actual(), Permiso.REDACTAR_DOCUMENTO, expediente
    ):
        return []
    return catalogo.para_expediente(expediente)


def _usuario_por_id(valor: str) -> Usuario | None:
    if not valor:
        return None
    ident = id_numerico(valor)
    try:
        return usuario_por_id(session=db(), usuario_id=ident if ident is not None else 0)
    except NoEncontrado:
        raise ErrorDominio("El gestor indicado no existe.") from None


@bp.get("/")
@requiere(Permiso.VER_EXPEDIENTES)
def lista():
    """Listado con filtros por etapa, tipo, sucursal, gestor y texto, de 50 en 50, en el orden
    pedido; filtros, orden y página van en la URL."""
    args = request.args
    gestor, sucursal = args.get("gestor", ""), args.get("sucursal", "")
    filtros = FiltrosExpedientes(
        etapa=args.get("etapa") or None,
        tipo=args.get("tipo") or None,
        # «ninguna»: los de ninguna sucursal (así los enlaza el panel, como `gestor=ninguno`).
        sucursal=sucursal if sucursal and sucursal != FILTRO_SIN_SUCURSAL else None,
        sin_sucursal=sucursal == FILTRO_SIN_SUCURSAL,
        gestor_id=id_numerico(gestor),
        sin_gestor=gestor == "ninguno",
        texto=args.get("q", "")[:100],
        activos=args.get("activos") == "1",
    )
    sucursales = sucursales_de_patronos(session=db())
    orden = orden_pedido(args.get("orden"), tuple(ORDENES_EXPEDIENTES), ORDEN_EXPEDIENTES)
    pagina = pagina_de(
        total=contar_expedientes(session=db(), filtros=filtros), pedida=args.get("pagina")
    )
    filas = listar_expedientes(session=db(), filtros=filtros, limite=pagina.tamano, orden=orden,
                               desplazamiento=pagina.desplazamiento)  # fmt: skip
    return render_template(
        "expedientes/lista.html",
        filas=filas,
        total=pagina.total,
        pagina=pagina,
        orden=orden,
        args=args,
        etapas=list(Etapa),
        tipos=list(TipoExpediente),
        sucursales=sucursales,
        gestores=_asignables(),
    )


@bp.route("/nuevo", methods=["GET", "POST"])
@requiere(Permiso.ABRIR_EXPEDIENTE)
def nuevo():
    """Abre un expediente para un patrono."""
    form = request.form
    if request.method == "POST":
        with operacion("Expediente abierto.") as hecho:
            gestor = _usuario_por_id(form.get("gestor", ""))
            if gestor is not None and not puede_asignar_a(usuario_actual(), gestor):
                raise AccesoDenegado("Solo puede dejar a su cargo los expedientes que abre.")
            expediente = abrir_expediente(
                session=db(),
                numero_patronal=form.get("numero_patronal", ""),
                tipo=form.get("tipo", ""),
                asunto=form.get("asunto", ""),
                hoy=hoy(),
                gestor=gestor,
            )
        if hecho[0]:
            return redirect(url_for("expedientes.ficha", numero=expediente.numero))
    return render_template(
        "expedientes/nuevo.html",
        tipos=list(TipoExpediente),
        gestores=[g for g in _asignables() if puede_asignar_a(usuario_actual(), g)],
        form=form,
        numero_patronal=request.args.get("patrono", ""),
    )


@bp.get("/<numero>")
@requiere(Permiso.VER_EXPEDIENTES)
def ficha(numero: str):
    """El expediente: patrono, deuda al día, acciones y línea de tiempo."""
    expediente = expediente_o_404(numero)
    patrono, gestor = patrono_y_gestor(session=db(), expediente=expediente)
    deuda = estado_de_deuda(
        session=db(),
        patrono_id=expediente.patrono_id,
        corte=hoy(),
        tasa_mensual=settings().recargo_mensual,
    )
    return render_template(
        "expedientes/ficha.html",
        expediente=expediente,
        patrono=patrono,
        gestor=gestor,
        deuda=deuda,
        eventos=linea_de_tiempo(session=db(), expediente=expediente),
        siguientes=CICLO_EXPEDIENTE.siguientes(expediente.etapa),
        gestores=_asignables(),
        tipos_gestion=NOMBRES_GESTION,
        cartas=_cartas_de(expediente),
        documentos=documentos_datos.visibles(
            documentos_del_expediente(session=db(), expediente_id=expediente.id or 0), expediente
        ),
        plantillas=_plantillas_para(expediente),
        nombres=nombres_de_usuarios(session=db()),
        hoy=hoy(),
        **seguimiento_ficha.contexto(expediente),
    )


@bp.post("/<numero>/etapa")
@requiere(Permiso.CAMBIAR_ETAPA)
def etapa(numero: str):
    """Pasa el expediente a otra etapa."""
    expediente = expediente_o_404(numero, Permiso.CAMBIAR_ETAPA)
    with operacion("Etapa actualizada."):
        cambiar_etapa(
            session=db(),
            expediente=expediente,
            nueva=request.form.get("etapa", ""),
            motivo=request.form.get("motivo", ""),
            hoy=hoy(),
        )
    return redirect(url_for("expedientes.ficha", numero=expediente.numero))


@bp.post("/<numero>/gestor")
@requiere(Permiso.ASIGNAR_EXPEDIENTE)
def asignar(numero: str):
    """Asigna o libera el gestor del expediente."""
    expediente = expediente_o_404(numero)
    with operacion("Asignación actualizada."):
        asignar_gestor(
            session=db(),
            expediente=expediente,
            gestor=_usuario_por_id(request.form.get("gestor", "")),
            motivo=request.form.get("motivo", ""),
        )
    return redirect(url_for("expedientes.ficha", numero=expediente.numero))


@bp.post("/<numero>/gestiones")
@requiere(Permiso.REGISTRAR_GESTION)
def gestion(numero: str):
    """Registra una gestión de cobro."""
    expediente = expediente_o_404(numero, Permiso.REGISTRAR_GESTION)
    with operacion("Gestión registrada."):
        try:
            fecha = date.fromisoformat(request.form.get("fecha", ""))
        except ValueError:
            raise ErrorDominio("La fecha de la gestión no es válida (use AAAA-MM-DD).") from None
        registrar_gestion(
            session=db(),
            expediente=expediente,
            tipo=request.form.get("tipo", ""),
            fecha=fecha,
            nota=request.form.get("nota", ""),
            autor=usuario_actual(),
            hoy=hoy(),
        )
    return redirect(url_for("expedientes.ficha", numero=expediente.numero))
