"""Lo que cambia el archivo, cada cosa un POST: cerrar y archivar, agregar un documento escaneado
o una corrección (con OCR), prestar y registrar la devolución, y verificar la integridad."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from archivo import (
    DocumentoExpediente,
    anotar_incorporacion_escaneo,
    devolver_expediente,
    esta_sellado,
    incorporar_escaneo,
    prestar_expediente,
    registrar_verificacion,
    sin_ocr,
    verificar_archivo,
)
from archivo import sellar as sellar_y_archivar
from expedientes import Actor, ErrorDominio, Expediente, Permiso, hoy, puede
from recupera.web.acceso import (
    MAX_PROBLEMAS,
    db,
    operacion,
    requiere,
    servicios,
    tareas,
    usuario_actual,
)
from recupera.web.archivo import bp, datos
from recupera.web.recursos import expediente_o_404, prestamo_o_404, quien

SELLAR = Permiso.SELLAR_EXPEDIENTE
PRESTAR = Permiso.PRESTAR_EXPEDIENTE
VERIFICAR = Permiso.VER_VERIFICACION


def _a_la_vista(numero: str, ancla: str | None = None) -> Response:
    return redirect(url_for("archivo.expediente", numero=numero, _anchor=ancla))


@bp.post("/<numero>/sello")
@requiere(SELLAR)
def sellar(numero: str) -> Response:
    """Cierra y archiva: exige lo requerido y nada pendiente; si falta algo, lo lista todo."""
    exp = expediente_o_404(numero)
    with operacion(f"El expediente {exp.numero} quedó cerrado, sellado y archivado."):
        if request.form.get("confirmar") != "si":
            raise ErrorDominio(
                "Marque la casilla de confirmación: cerrar y archivar no se puede deshacer."
            )
        sellar_y_archivar(
            session=db(),
            almacen=datos.almacen(),
            expediente=exp,
            usuario=quien(),
            requisitos=datos.requisitos(),
            bloqueos=servicios().bloqueos_de_sellado,
            hoy=hoy(),
        )
    return _a_la_vista(exp.numero)


@bp.route("/<numero>/documentos/nuevo", methods=["GET", "POST"])
@requiere(Permiso.INCORPORAR_DOCUMENTO)
def nuevo_documento(numero: str):
    """Agrega al final del expediente un documento escaneado (con OCR), si aún no está sellado."""
    exp = expediente_o_404(numero, Permiso.INCORPORAR_DOCUMENTO)
    if esta_sellado(db(), exp.id):
        flash(
            f"El expediente {exp.numero} está sellado y archivado: no admite documentos nuevos. "
            "Solo el jefe puede agregarle una corrección, con su motivo.",
            "error",
        )
        return _volver_de_formulario(exp)
    return _formulario_o_incorporar(exp, correccion=False)


@bp.route("/<numero>/correccion", methods=["GET", "POST"])
@requiere(SELLAR)
def correccion(numero: str):
    """Agrega a un expediente sellado un documento de corrección con su motivo y lo vuelve a sellar."""
    exp = expediente_o_404(numero)
    if not esta_sellado(db(), exp.id):
        flash(
            f"El expediente {exp.numero} no está sellado: agregue el documento sin corrección.",
            "aviso",
        )
        return _a_la_vista(exp.numero)
    return _formulario_o_incorporar(exp, correccion=True)


def _incorporar(exp: Expediente, correccion: bool) -> Response | DocumentoExpediente:
    """El escaneo del formulario, ya incorporado al expediente si va sin OCR; con OCR, que tarda,
    la tarea que lo incorporará (la persona va a la página que dice cómo avanza)."""
    entrada = datos.entrada_escaneo(
        request.form, request.files.get("escaneo"), hoy=hoy(), lista=datos.requisitos(),
        correccion=correccion,
    )  # fmt: skip
    if entrada.con_ocr:
        tarea = anotar_incorporacion_escaneo(
            session=db(), almacen=datos.almacen(), requisitos=datos.requisitos(), expediente=exp,
            usuario=quien(), escaneo=entrada.escaneo, nombre_archivo=entrada.nombre_archivo,
            tipo=entrada.tipo, titulo=entrada.titulo, fecha=entrada.fecha,
            correccion=entrada.motivo,
        )  # fmt: skip
        db().commit()
        tareas().empezar(tarea.id or 0)
        return redirect(url_for("tareas.ver", tarea_id=tarea.id))
    return incorporar_escaneo(
        session=db(), almacen=datos.almacen(), expediente=exp, escaneo=entrada.escaneo,
        nombre_archivo=entrada.nombre_archivo, tipo=entrada.tipo, titulo=entrada.titulo,
        fecha=entrada.fecha, ocr=sin_ocr(), usuario=quien(), requisitos=datos.requisitos(),
        correccion=entrada.motivo,
    )  # fmt: skip


def _formulario_o_incorporar(exp: Expediente, *, correccion: bool):
    """El formulario (GET) o el documento agregado (POST); con OCR, su tarea."""
    if request.method == "GET":
        return _formulario(exp, correccion)
    try:
        documento = _incorporar(exp, correccion)
        if isinstance(documento, Response):
            return documento
        db().commit()
    except ErrorDominio as exc:
        db().rollback()
        return _formulario(exp, correccion, exc), 422
    que = "La corrección" if correccion else "El documento"
    flash(
        f"{que} quedó como documento N.º {documento.orden} de {exp.numero} "
        f"({documento.folios} folio{'s' if documento.folios != 1 else ''})"
        + (": el expediente se volvió a sellar." if correccion else "."),
        "exito",
    )
    return _volver_de_formulario(exp, f"documento-{documento.orden}")


def _volver_de_formulario(exp: Expediente, ancla: str | None = None) -> Response:
    """A la vista de archivo si la persona la puede ver; si no (un gestor), a la ficha."""
    if puede(usuario_actual(), Permiso.CONSULTAR_ARCHIVO):
        return _a_la_vista(exp.numero, ancla)
    return redirect(url_for("expedientes.ficha", numero=exp.numero))


def _formulario(exp: Expediente, correccion: bool, error: ErrorDominio | None = None) -> str:
    return render_template(
        "archivo/documento.html",
        expediente=exp,
        correccion=correccion,
        tipos=datos.requisitos().tipos,
        form=request.form,
        error=error,
        hoy=hoy(),
    )


@bp.post("/<numero>/prestamos")
@requiere(PRESTAR)
def prestar(numero: str) -> Response:
    """Registra que el expediente físico sale en préstamo, a quién y hasta cuándo."""
    exp = expediente_o_404(numero)
    form = request.form
    with operacion(f"Préstamo de {exp.numero} registrado."):
        prestar_expediente(
            session=db(),
            expediente=exp,
            persona=form.get("persona", ""),
            oficina=form.get("oficina", ""),
            prestado_el=hoy(),
            vence_el=datos.fecha_de_prestamo(form.get("vence_el", ""), hoy()),
            usuario=quien(),
            nota=form.get("nota", ""),
        )
    return _a_la_vista(exp.numero, "prestamo")


@bp.post("/prestamos/<id:prestamo_id>/devolucion")
@requiere(PRESTAR)
def devolver(prestamo_id: int) -> Response:
    """Registra hoy la devolución del expediente físico."""
    prestamo, exp = prestamo_o_404(prestamo_id)
    numero = exp.numero
    with operacion(f"Devolución de {numero} registrada."):
        devolver_expediente(
            session=db(), prestamo=prestamo, devuelto_el=hoy(), nota=request.form.get("nota", "")
        )
    if request.form.get("volver") == "prestamos":
        return redirect(url_for("archivo.prestamos_fuera"))
    return _a_la_vista(numero, "prestamo")


@bp.post("/<numero>/verificacion")
@requiere(VERIFICAR)
def verificar_expediente(numero: str) -> Response:
    """Verifica ahora la cadena de sellos y los documentos de este expediente."""
    exp = expediente_o_404(numero)
    numero = exp.numero
    _verificar(numero)
    if puede(usuario_actual(), Permiso.CONSULTAR_ARCHIVO):
        return _a_la_vista(numero, "verificacion")
    return redirect(url_for("archivo.verificaciones"))


@bp.post("/verificacion")
@requiere(VERIFICAR)
def verificar_todo() -> Response:
    """Verifica ahora todo el archivo: cada manifiesto, cada documento y la cadena."""
    _verificar(None)
    return redirect(url_for("archivo.verificaciones"))


def _verificar(numero: str | None) -> None:
    """Verifica en una sesión de solo lectura (tarda) y guarda el resultado en otra, corta."""
    usuario = quien()
    actor = Actor(usuario.nombre_usuario, usuario.id)
    origen = f"web:{usuario.nombre_usuario}"[:40]
    # Volver a calcular huellas tarda: no se retiene el candado de escritura de SQLite mientras.
    db().rollback()
    with servicios().bd.sesion(actor, solo_lectura=True) as s:
        informe = verificar_archivo(session=s, almacen=datos.almacen(), numero_expediente=numero)
    registrar_verificacion(session=db(), informe=informe, alcance=numero or "todo", origen=origen)
    db().commit()
    revisado = f"{informe.sellos} sello(s) y {informe.documentos} documento(s) revisados"
    if informe.correcta:
        flash(f"Verificación correcta: {revisado}.", "exito")
        return
    problemas = informe.problemas[:MAX_PROBLEMAS]
    if len(informe.problemas) > MAX_PROBLEMAS:
        problemas.append(f"… y {len(informe.problemas) - MAX_PROBLEMAS} problema(s) más.")
    mensaje = f"La verificación encontró {len(informe.problemas)} problema(s) ({revisado})."
    flash({"mensaje": mensaje, "problemas": problemas}, "error")  # type: ignore[arg-type]
