"""«Mis filtros»: una persona guarda con un nombre los filtros de una lista (lo que va en su URL)
y vuelve a ellos con un clic. Son solo suyos; guardarlos no cambia lo que la lista le deja ver."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, select

from expedientes.errores import ErrorDominio, NoEncontrado
from expedientes.modelos import Usuario
from expedientes.texto import problemas_de_texto
from expedientes.tipos import FechaHoraUTC, ahora

MAX_FILTROS = 30
# Lo que no es un filtro: la página se vuelve a empezar en la primera.
_NO_SE_GUARDA = frozenset({"pagina"})


class FiltroGuardado(SQLModel, table=True):
    """Un filtro con nombre de una persona para una lista (la ruta de la página)."""

    __tablename__ = "filtro_guardado"
    __table_args__ = (UniqueConstraint("usuario_id", "lista", "nombre", name="uq_filtro_nombre"),)

    id: int | None = Field(default=None, primary_key=True)
    usuario_id: int = Field(foreign_key="usuario.id", index=True)
    lista: str = Field(max_length=80)
    nombre: str = Field(max_length=80)
    consulta: str = Field(max_length=2000)
    creado_en: datetime = Field(default_factory=ahora, sa_type=FechaHoraUTC)


def filtros_de(*, session: Session, usuario: Usuario, lista: str) -> list[FiltroGuardado]:
    """Los filtros de la persona para esa lista, por nombre."""
    consulta = select(FiltroGuardado).where(
        FiltroGuardado.usuario_id == usuario.id, FiltroGuardado.lista == lista
    )
    return list(session.exec(consulta.order_by(col(FiltroGuardado.nombre))).all())


def guardar_filtro(
    *, session: Session, usuario: Usuario, lista: str, nombre: str, consulta: str
) -> FiltroGuardado:
    """Guarda (o reemplaza, con el mismo nombre) los filtros de la URL de una lista."""
    nombre = " ".join(nombre.split())
    pares = [
        (k, v) for k, v in parse_qsl(consulta, keep_blank_values=False) if k not in _NO_SE_GUARDA
    ]
    texto = urlencode(pares)
    problemas = problemas_de_texto(nombre, "El nombre", 80)
    if not nombre:
        problemas.append("Dele un nombre al filtro.")
    if not pares:
        problemas.append("No hay filtros que guardar: elija alguno en la lista primero.")
    if len(texto) > 2000 or not lista.startswith("/") or len(lista) > 80:
        problemas.append("Ese filtro no se puede guardar.")
    existente = next(
        (
            f
            for f in filtros_de(session=session, usuario=usuario, lista=lista)
            if f.nombre == nombre
        ),
        None,
    )
    if (
        existente is None
        and len(filtros_de(session=session, usuario=usuario, lista=lista)) >= MAX_FILTROS
    ):
        problemas.append(f"Ya tiene {MAX_FILTROS} filtros en esta lista: borre alguno primero.")
    if problemas:
        raise ErrorDominio("No se pudo guardar el filtro.", problemas)
    filtro = existente or FiltroGuardado(
        usuario_id=usuario.id or 0, lista=lista, nombre=nombre, consulta=texto
    )
    filtro.consulta = texto
    session.add(filtro)
    session.flush()
    return filtro


def borrar_filtro(*, session: Session, usuario: Usuario, filtro_id: int) -> None:
    """Borra un filtro de la persona; uno ajeno es como si no existiera."""
    filtro = session.get(FiltroGuardado, filtro_id)
    if filtro is None or filtro.usuario_id != usuario.id:
        raise NoEncontrado("Ese filtro no existe.")
    session.delete(filtro)
    session.flush()
