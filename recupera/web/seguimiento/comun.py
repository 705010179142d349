"""Lo que comparten las vistas del seguimiento: quién consulta, el expediente por su número,
fechas del formulario, a qué expedientes se limita un gestor y la vuelta a la ficha."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask import abort, redirect, url_for
from sqlmodel import col, select
from werkzeug.wrappers import Response

from expedientes import casos
from expedientes.errores import ErrorDominio, NoEncontrado
from expedientes.modelos import Expediente, Patrono, Usuario
from expedientes.politica import documentos_visibles
from recupera.web.acceso import db, usuario_actual


def usuario() -> Usuario:
    """Quien hace la petición (`@requiere` ya exigió la sesión)."""
    quien = usuario_actual()
    assert quien is not None
    return quien


def expediente_o_404(numero: str) -> Expediente:
    """El expediente por su número; 404 si no existe."""
    try:
        return casos.obtener_expediente(session=db(), numero=numero)
    except NoEncontrado:
        abort(404)


def a_la_ficha(expediente: Expediente, ancla: str) -> Response:
    """De vuelta a la ficha del expediente, en la sección que se tocó."""
    return redirect(url_for("expedientes.ficha", numero=expediente.numero, _anchor=ancla))


def solo_de(quien: Usuario) -> int | None:
    """A los expedientes de qué gestor se limita lo que ve esta persona (None: a ninguno).

    La política no tiene (todavía) un alcance propio del seguimiento: se usa el de los documentos,
    que es el mismo (un gestor, lo de sus expedientes; los demás, todo).
    """
    return documentos_visibles(quien)[0]


def fecha(form: Mapping[str, str], campo: str, nombre: str, problemas: list[str]) -> date | None:
    """La fecha AAAA-MM-DD del campo; si falta o no es válida, anota el problema."""
    valor = form.get(campo, "").strip()
    if not valor:
        problemas.append(f"Indique {nombre}.")
        return None
    try:
        return date.fromisoformat(valor)
    except ValueError:
        problemas.append(
            f"{nombre[0].upper()}{nombre[1:]} «{valor[:20]}» no es válida (AAAA-MM-DD)."
        )
        return None


def fecha_exigida(form: Mapping[str, str], campo: str, nombre: str, que: str) -> date:
    """La fecha del campo, o ErrorDominio («no se pudo `que`») si falta o no es válida."""
    problemas: list[str] = []
    dia = fecha(form, campo, nombre, problemas)
    if dia is None:
        raise ErrorDominio(f"No se pudo {que}.", problemas)
    return dia


def sucursales() -> list[str]:
    """Las sucursales que existen en los datos (la de cada patrono), en orden."""
    return sorted({s for s in db().exec(select(col(Patrono.sucursal)).distinct()).all() if s})
