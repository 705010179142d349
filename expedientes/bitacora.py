"""La bitácora como la lee el departamento: quién (por su nombre), cuándo (hora de El Salvador),
qué cosa (por su número o nombre), qué campos cambiaron (con su nombre en español, personas en vez
de ids, y estados, etapas y tipos por su nombre, no por su código) y los valores de lo que se creó;
con filtros, orden, páginas y exportación.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from expedientes.bitacora_orden import GRUPOS, ids_por_grupos
from expedientes.casos import NOMBRES_GESTION
from expedientes.etapas import NOMBRES_ETAPA, NOMBRES_TIPO_EXPEDIENTE
from expedientes.modelos import Auditoria, Usuario
from expedientes.politica import NOMBRES_ROL
from expedientes.tableros import etiquetas_de_renglones
from expedientes.tipos import ZONA_LOCAL

ACCIONES_BITACORA = {"crear": "Alta", "modificar": "Cambio", "eliminar": "Baja"}
# Los nombres de los campos que más se ven; los demás se leen de su nombre («fecha_documento» →
# «Fecha documento»).
ETIQUETAS_CAMPO = {
    "asignado_id": "Asignada a", "gestor_id": "Gestor", "autor_id": "Autor",
    "editado_por_id": "Editado por", "aprobado_por_id": "Aprobado por",
    "finalizado_por_id": "Dejado final por", "registrado_por_id": "Registrado por",
    "atendida_por_id": "Atendida por", "expediente_id": "Expediente", "patrono_id": "Patrono",
    "respondida_por_id": "Respondida con la carta", "responde_a_id": "Responde a la carta",
    "estado": "Estado", "etapa": "Etapa", "tipo": "Tipo", "asunto": "Asunto", "vence_el": "Vence el",
    "recibido_en": "Recibida", "remitente": "Remitente", "numero": "Número", "activo": "Activo",
    "rol": "Rol", "motivo": "Motivo", "correo": "Correo", "canal": "Canal", "sucursal": "Sucursal",
    "razon_social": "Razón social", "numero_patronal": "Número patronal", "nit": "NIT",
    "direccion": "Dirección", "telefono": "Teléfono", "representante_legal": "Representante legal",
    "docx_sha256": "Huella del .docx", "pdf_sha256": "Huella del PDF", "suplente": "Suplente del jefe",
}  # fmt: skip
# Los campos que guardan una persona: se muestran con su nombre.
_DE_PERSONA = frozenset(k for k in ETIQUETAS_CAMPO if k.endswith("_por_id")) | {
    "asignado_id", "gestor_id", "autor_id", "usuario_id",
}  # fmt: skip
SISTEMA = "sistema"

# Cómo se leen los valores con código de un campo: (entidad, campo) → {código: nombre}. Estos son
# los del dominio compartido; quien muestra la bitácora agrega los de las capacidades (el estado
# de una carta, de un documento, de un convenio…), que este paquete no conoce.
# Las claves son los códigos (cadenas, o los StrEnum de cada ciclo, que valen lo mismo).
NombresDeValores = Mapping[tuple[str, str], Mapping[Any, str]]
NOMBRES_DE_VALORES_BITACORA: NombresDeValores = {
    ("expediente", "etapa"): NOMBRES_ETAPA,
    ("expediente", "tipo"): NOMBRES_TIPO_EXPEDIENTE,
    ("usuario", "rol"): NOMBRES_ROL,
    ("gestion", "tipo"): NOMBRES_GESTION,
}

# Cómo se puede ordenar (`clave` ascendente, `-clave` descendente): por cuándo, por quién (su
# nombre, o el del proceso) o por qué cosa (el título de su entidad, «Carta», «Expediente»…:
# `bitacora_orden`); siempre con el id como desempate en el mismo sentido, así una página no
# repite ni salta renglones.
ORDENES_BITACORA = ("cuando", "persona", "entidad")
ORDEN_BITACORA = "-cuando"


@dataclass(frozen=True)
class FiltrosBitacora:
    """Por persona (un id, o «sistema» para los procesos), días de El Salvador, entidad y acción."""

    persona: str | None = None
    desde: date | None = None
    hasta: date | None = None
    entidad: str | None = None
    accion: str | None = None


@dataclass(frozen=True)
class Cambio:
    """Un campo que cambió (o se creó): su nombre en español y sus valores legibles."""

    campo: str
    antes: object
    despues: object


@dataclass(frozen=True)
class RenglonBitacora:
    """Un renglón legible: quién, qué cosa y sus cambios."""

    auditoria: Auditoria
    quien: str
    que: str
    cambios: list[Cambio] = field(default_factory=list)


def etiqueta_de_campo(campo: str) -> str:
    """El nombre en español de un campo de la bitácora."""
    return ETIQUETAS_CAMPO.get(campo) or campo.replace("_", " ").capitalize()


def _filtrar(consulta: Any, f: FiltrosBitacora) -> Any:
    if f.persona == SISTEMA:
        consulta = consulta.where(col(Auditoria.usuario_id).is_(None))
    elif f.persona and f.persona.isdigit():
        consulta = consulta.where(col(Auditoria.usuario_id) == int(f.persona))
    if f.desde:
        consulta = consulta.where(
            col(Auditoria.cuando) >= datetime.combine(f.desde, time(0), ZONA_LOCAL)
        )
    if f.hasta:
        fin = datetime.combine(f.hasta + timedelta(days=1), time(0), ZONA_LOCAL)
        consulta = consulta.where(col(Auditoria.cuando) < fin)
    if f.entidad:
        consulta = consulta.where(col(Auditoria.entidad) == f.entidad)
    if f.accion:
        consulta = consulta.where(col(Auditoria.accion) == f.accion)
    return consulta


def contar_bitacora(*, session: Session, filtros: FiltrosBitacora) -> int:
    """Cuántos renglones cumplen los filtros."""
    return int(session.exec(_filtrar(select(func.count()).select_from(Auditoria), filtros)).one())


def _pagina(
    session: Session, filtros: FiltrosBitacora, orden: str, limite: int, desplazamiento: int
) -> list[Auditoria]:
    """Los renglones de la página, en ese orden: primero sus ids (el orden se calcula sin
    arrastrar el antes y el después de cada renglón) y después, de a 500, los renglones."""
    clave, desc = orden.lstrip("-"), orden.startswith("-")
    if clave in GRUPOS:
        ids = ids_por_grupos(session, clave=clave, filtrar=lambda c: _filtrar(c, filtros),
                             desc=desc, limite=limite, desplazamiento=desplazamiento)  # fmt: skip
    else:  # por cuándo (su índice), con el id de desempate en el mismo sentido
        consulta = _filtrar(select(col(Auditoria.id)), filtros).order_by(
            col(Auditoria.cuando).desc() if desc else col(Auditoria.cuando).asc(),
            col(Auditoria.id).desc() if desc else col(Auditoria.id).asc(),
        )
        ids = list(session.exec(consulta.limit(limite).offset(desplazamiento)).all())
    por_id: dict[int | None, Auditoria] = {}
    for i in range(0, len(ids), 500):
        lote = select(Auditoria).where(col(Auditoria.id).in_(ids[i : i + 500]))
        por_id.update((r.id, r) for r in session.exec(lote).all())
    return [por_id[i] for i in ids]


def consultar_bitacora(
    *, session: Session, filtros: FiltrosBitacora, limite: int = 50, desplazamiento: int = 0,
    orden: str = ORDEN_BITACORA, nombres: NombresDeValores = NOMBRES_DE_VALORES_BITACORA,
) -> list[RenglonBitacora]:  # fmt: skip
    """Los renglones que cumplen los filtros, en ese orden (los más recientes primero), legibles;
    los valores con código se leen con `nombres`."""
    renglones = _pagina(session, filtros, orden, limite, desplazamiento)
    etiquetas = etiquetas_de_renglones(session, renglones)
    personas = _nombres_de_personas(session, renglones)
    filas = []
    for r in renglones:
        quien = personas.get(r.usuario_id, r.actor) if r.usuario_id else f"{r.actor} (proceso)"
        cambios = _cambios(r, personas, nombres)
        filas.append(RenglonBitacora(r, quien, etiquetas[r.id or 0], cambios))
    return filas


def _nombres_de_personas(session: Session, renglones: list[Auditoria]) -> dict[int | None, str]:
    """El nombre de cada persona que hizo los cambios o que aparece en sus campos."""
    ids = {r.usuario_id for r in renglones if r.usuario_id}
    for r in renglones:
        for valores in (r.antes or {}, r.despues or {}):
            ids.update(v for k, v in valores.items() if k in _DE_PERSONA and isinstance(v, int))
    consulta = select(col(Usuario.id), col(Usuario.nombre_completo)).where(col(Usuario.id).in_(ids))
    return dict(session.exec(consulta).all())


def _cambios(
    r: Auditoria, personas: Mapping[int | None, str], nombres: NombresDeValores
) -> list[Cambio]:
    """Los campos del renglón con su nombre en español y sus valores legibles: una persona por su
    nombre, un código (estado, etapa, tipo) por el nombre que la interfaz le da."""

    def legible(campo: str, valor: object) -> object:
        if campo in _DE_PERSONA and isinstance(valor, int):
            return personas.get(valor, f"#{valor}")
        if isinstance(valor, str):
            return nombres.get((r.entidad, campo), {}).get(valor, valor)
        return valor

    antes, despues = r.antes or {}, r.despues or {}
    campos = despues if r.accion != "eliminar" else antes
    return [
        Cambio(etiqueta_de_campo(k), legible(k, antes.get(k)), legible(k, despues.get(k)))
        for k in campos
    ]
