"""Un ayudante por recurso: lo pide al servicio con la persona en sesión y lo entrega, o corta la
petición con 404 (no existe) o 403 (la política no deja), en una sola llamada.

Las reglas de quién ve y hace qué viven en los servicios y en `expedientes.politica`; aquí solo
se traduce su respuesta a HTTP.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort

from archivo import DocumentoExpediente, Prestamo, documento_archivado, prestamo_con_expediente
from correspondencia import Correspondencia, Saliente, carta_para, salida_para
from expedientes import AccesoDenegado, Expediente, NoEncontrado, Permiso, Usuario, expediente_para
from plantillas import DocumentoGenerado, documento_para
from recupera.web.acceso import db, usuario_actual
from seguimiento import Alerta, Convenio, alerta_para, convenio_para

T = TypeVar("T")


def quien() -> Usuario:
    """La persona en sesión (las rutas con `@requiere` ya la exigieron)."""
    usuario = usuario_actual()
    assert usuario is not None
    return usuario


def _pedir(servicio: Callable[[], T]) -> T:
    """Lo que entrega el servicio; su NoEncontrado es 404 y su AccesoDenegado, 403."""
    try:
        return servicio()
    except NoEncontrado:
        abort(404)
    except AccesoDenegado:
        abort(403)


def expediente_o_404(numero: str, permiso: Permiso | None = None) -> Expediente:
    """El expediente; 404 si no existe, 403 si la persona no tiene `permiso` sobre él (sin
    permiso, lo que se haga con él lo decide el servicio que lo reciba)."""
    return _pedir(
        lambda: expediente_para(session=db(), numero=numero, usuario=quien(), permiso=permiso)
    )


def carta_o_404(
    numero: str, permiso: Permiso = Permiso.VER_CORRESPONDENCIA
) -> tuple[Correspondencia, Expediente | None]:
    """La carta y su expediente; 404 si no existe, 403 si la política no deja."""
    return _pedir(lambda: carta_para(session=db(), numero=numero, usuario=quien(), permiso=permiso))


def salida_o_404(numero: str) -> tuple[Saliente, Expediente | None]:
    """La carta saliente y su expediente; 404 si no existe, 403 si la política no deja."""
    return _pedir(lambda: salida_para(session=db(), numero=numero, usuario=quien()))


def documento_o_404(
    documento_id: int, permiso: Permiso = Permiso.VER_DOCUMENTOS
) -> tuple[DocumentoGenerado, Expediente]:
    """El documento generado y su expediente; 404 si no existe, 403 si la política no deja."""
    return _pedir(
        lambda: documento_para(
            session=db(), documento_id=documento_id, usuario=quien(), permiso=permiso
        )
    )


def archivado_o_404(expediente: Expediente, orden: int) -> DocumentoExpediente:
    """El documento N.º `orden` del archivo del expediente; 404 si no existe, 403 si la persona
    no ve los documentos del expediente."""
    return _pedir(
        lambda: documento_archivado(
            session=db(), expediente=expediente, orden=orden, usuario=quien()
        )
    )


def convenio_o_404(convenio_id: int, permiso: Permiso) -> tuple[Convenio, Expediente]:
    """El convenio y su expediente; 404 si no existe, 403 si la política no deja."""
    return _pedir(
        lambda: convenio_para(
            session=db(), convenio_id=convenio_id, usuario=quien(), permiso=permiso
        )
    )


def alerta_o_404(alerta_id: int, permiso: Permiso) -> tuple[Alerta, Expediente]:
    """La alerta y su expediente; 404 si no existe, 403 si la política no deja."""
    return _pedir(
        lambda: alerta_para(session=db(), alerta_id=alerta_id, usuario=quien(), permiso=permiso)
    )


def prestamo_o_404(prestamo_id: int) -> tuple[Prestamo, Expediente]:
    """El préstamo y su expediente; 404 si no existe."""
    return _pedir(lambda: prestamo_con_expediente(session=db(), prestamo_id=prestamo_id))
