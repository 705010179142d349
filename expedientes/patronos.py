"""Patronos: validación de sus datos, alta o actualización, y búsqueda tolerante."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import Session, col, select

from expedientes.auditoria import con_motivo
from expedientes.errores import ErrorDominio, NoEncontrado
from expedientes.identificadores import normalizar_dui, normalizar_nit, normalizar_numero_patronal
from expedientes.modelos import Patrono, Usuario
from expedientes.politica import Permiso, exigir
from expedientes.texto import es_correo, normalizar_busqueda, problemas_de_texto, solo_digitos

CAMPOS_PATRONO = (
    "numero_patronal",
    "nit",
    "razon_social",
    "nombre_comercial",
    "direccion",
    "municipio",
    "departamento",
    "representante_legal",
    "dui_representante",
    "correo",
    "telefono",
    "sucursal",
)
_LARGOS = {
    "razon_social": 250,
    "nombre_comercial": 250,
    "direccion": 400,
    "municipio": 100,
    "departamento": 100,
    "representante_legal": 200,
    "correo": 200,
    "telefono": 40,
    "sucursal": 100,
}
Resultado = Literal["creado", "actualizado", "sin_cambios"]


def validar_datos_patrono(
    campos: Mapping[str, str | None],
) -> tuple[dict[str, str | None], list[str]]:
    """Normaliza los campos de un patrono; devuelve los datos limpios y la lista de problemas."""
    datos: dict[str, str | None] = {
        c: " ".join((campos.get(c) or "").split()) for c in CAMPOS_PATRONO
    }
    problemas: list[str] = []
    for campo, normalizar in (
        ("numero_patronal", normalizar_numero_patronal),
        ("nit", normalizar_nit),
    ):
        valor = datos[campo] or ""
        if not valor:
            problemas.append(f"falta {campo}")
            continue
        try:
            datos[campo] = normalizar(valor)
        except ValueError as exc:
            problemas.append(str(exc))
    dui = datos["dui_representante"] or ""
    if dui:
        try:
            datos["dui_representante"] = normalizar_dui(dui)
        except ValueError as exc:
            problemas.append(str(exc))
    else:
        datos["dui_representante"] = None
    if not datos["razon_social"]:
        problemas.append("falta razon_social")
    correo = datos["correo"] or ""
    if correo and not es_correo(correo):
        problemas.append(f"el correo «{correo}» no es una dirección válida")
    for campo in CAMPOS_PATRONO:
        problemas += problemas_de_texto(datos[campo] or "", campo, _LARGOS.get(campo, 20))
    return datos, problemas


def guardar_patrono(
    *, session: Session, datos: Mapping[str, str | None]
) -> tuple[Patrono, Resultado]:
    """Crea el patrono o actualiza el existente con el mismo número patronal (datos ya validados)."""
    patrono = session.exec(
        select(Patrono).where(Patrono.numero_patronal == datos["numero_patronal"])
    ).first()
    resultado: Resultado = "creado"
    if patrono is None:
        patrono = Patrono(**datos)  # type: ignore[arg-type]
    else:
        cambios = {c: v for c, v in datos.items() if getattr(patrono, c) != v}
        if not cambios:
            return patrono, "sin_cambios"
        for campo, valor in cambios.items():
            setattr(patrono, campo, valor)
        resultado = "actualizado"
    patrono.busqueda = normalizar_busqueda(f"{patrono.razon_social} {patrono.nombre_comercial}")
    session.add(patrono)
    return patrono, resultado


def registrar_patrono(*, session: Session, campos: Mapping[str, str | None]) -> Patrono:
    """Valida y guarda un patrono nuevo; ErrorDominio con la lista de problemas si no."""
    datos, problemas = validar_datos_patrono(campos)
    if (
        not problemas
        and session.exec(
            select(Patrono).where(Patrono.numero_patronal == datos["numero_patronal"])
        ).first()
    ):
        problemas.append(f"ya existe un patrono con número patronal {datos['numero_patronal']}")
    if problemas:
        raise ErrorDominio("No se pudo registrar el patrono.", problemas)
    patrono, _ = guardar_patrono(session=session, datos=datos)
    session.flush()
    return patrono


def obtener_patrono(*, session: Session, numero_patronal: str) -> Patrono:
    """El patrono por número patronal (en cualquier formato); NoEncontrado si no existe."""
    numero = solo_digitos(numero_patronal)
    patrono = session.exec(select(Patrono).where(Patrono.numero_patronal == numero)).first()
    if patrono is None:
        raise NoEncontrado(f"No existe un patrono con número patronal «{numero_patronal}».")
    return patrono


def _busqueda(texto: str) -> ColumnElement[bool] | None:
    """La condición de la búsqueda; None si el texto no deja nada que buscar."""
    condiciones: list[ColumnElement[bool]] = []
    terminos = normalizar_busqueda(texto).split()
    if terminos:
        condiciones.append(_todos_los_terminos(terminos))
    digitos = solo_digitos(texto)
    if digitos and len(digitos) >= 3 and len(digitos) >= len(texto.replace(" ", "")) - 4:
        condiciones.append(col(Patrono.numero_patronal).startswith(digitos))
        condiciones.append(col(Patrono.nit).startswith(digitos))
    return or_(*condiciones) if condiciones else None


# Cómo se puede ordenar la lista (`clave` ascendente, `-clave` descendente); siempre con el id
# como desempate, así una página no repite ni salta patronos. Por omisión, por razón social.
ORDENES_PATRONOS: dict[str, Any] = {
    "razon": col(Patrono.razon_social),
    "numero": col(Patrono.numero_patronal),
    "nit": col(Patrono.nit),
}
ORDEN_PATRONOS = "razon"


def buscar_patronos(
    *,
    session: Session,
    texto: str,
    limite: int = 50,
    desplazamiento: int = 0,
    orden: str = ORDEN_PATRONOS,
) -> list[Patrono]:
    """Por número patronal, NIT en cualquier formato o razón social sin importar tildes ni
    mayúsculas; en ese orden (por razón social), desde `desplazamiento`."""
    expresion = ORDENES_PATRONOS.get(orden.lstrip("-"), ORDENES_PATRONOS[ORDEN_PATRONOS])
    if orden.startswith("-"):
        consulta = select(Patrono).order_by(expresion.desc(), col(Patrono.id).desc())
    else:
        consulta = select(Patrono).order_by(expresion.asc(), col(Patrono.id).asc())
    if texto.strip():
        condicion = _busqueda(texto.strip())
        if condicion is None:  # p. ej. solo signos que la normalización borra
            return []
        consulta = consulta.where(condicion)
    return list(session.exec(consulta.limit(limite).offset(desplazamiento)).all())


def contar_patronos(*, session: Session, texto: str) -> int:
    """Cuántos patronos encuentra la búsqueda (todos, no solo los de una página)."""
    consulta = select(func.count()).select_from(Patrono)
    if texto.strip():
        condicion = _busqueda(texto.strip())
        if condicion is None:
            return 0
        consulta = consulta.where(condicion)
    return int(session.exec(consulta).one())


def _todos_los_terminos(terminos: list[str]) -> ColumnElement[bool]:
    return and_(*(col(Patrono.busqueda).contains(t, autoescape=True) for t in terminos))


# Lo que se corrige de un patrono en la web (su identidad, número y NIT, viene de la importación).
CAMPOS_DE_CONTACTO = (
    "direccion", "municipio", "departamento", "representante_legal", "dui_representante",
    "correo", "telefono",
)  # fmt: skip


def editar_contacto_patrono(
    *,
    session: Session,
    usuario: Usuario,
    patrono: Patrono,
    campos: Mapping[str, str],
    motivo: str,
) -> Patrono:
    """Corrige la dirección, el representante, el correo o el teléfono del patrono, con el
    motivo (p. ej. la carta que avisa el cambio); cada cambio queda en la bitácora."""
    exigir(usuario, Permiso.EDITAR_PATRONO)
    actuales = {c: getattr(patrono, c) for c in CAMPOS_PATRONO}
    nuevos = {**actuales, **{c: campos.get(c, actuales[c]) or "" for c in CAMPOS_DE_CONTACTO}}
    datos, problemas = validar_datos_patrono(nuevos)
    if not motivo.strip():
        problemas.insert(0, "Indique el motivo del cambio (p. ej. la carta que lo avisa).")
    if problemas:
        raise ErrorDominio("No se pudieron guardar los datos del patrono.", problemas)
    with con_motivo(session, motivo.strip()[:1000]):
        guardar_patrono(session=session, datos=datos)
    session.flush()
    return patrono
