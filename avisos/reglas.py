"""Qué hechos de la bitácora avisan a quién.

La bitácora (`expedientes.Auditoria`) se escribe en la misma transacción que cada cambio: leerla
es ver cada hecho que quedó confirmado, sin que ningún servicio tenga que acordarse de avisar. Cada
regla mira un renglón y dice a quién avisar y qué; la clave lleva el id del renglón, así que un
mismo hecho avisa una sola vez a cada persona. Nadie recibe aviso de lo que hizo él mismo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from correspondencia import Correspondencia, Saliente
from expedientes import Auditoria, Expediente, Permiso, Rol, Usuario, puede_sobre_documento
from plantillas import DocumentoGenerado
from seguimiento import Alerta, Convenio, TipoAlerta


@dataclass(frozen=True)
class Nuevo:
    """Un aviso por crear: para quién, su clave única, qué pasó, qué dice y a qué lleva."""

    usuario_id: int
    clave: str
    evento: str
    titulo: str
    objeto: str
    referencia: str


# Las entidades de la bitácora que alguna regla mira.
ENTIDADES = ("correspondencia", "documento_generado", "saliente", "convenio", "alerta")


def _cambio(renglon: Auditoria, campo: str) -> object:
    """El valor nuevo de `campo` si el renglón lo cambió (o lo creó con él), o None."""
    return (renglon.despues or {}).get(campo)


def usuarios_con_rol(session: Session, *roles: str) -> list[Usuario]:
    """Las personas activas con esos roles."""
    consulta = select(Usuario).where(col(Usuario.rol).in_(roles), col(Usuario.activo).is_(True))
    return list(session.exec(consulta).all())


def _de_carta(session: Session, r: Auditoria) -> Iterator[Nuevo]:
    carta = session.get(Correspondencia, int(r.entidad_id))
    if carta is None:
        return
    asignado = _cambio(r, "asignado_id")
    if isinstance(asignado, int):
        yield Nuevo(
            asignado, f"carta-asignada:{carta.numero}:{r.id}", "carta_asignada",
            f"Se le asignó la carta {carta.numero}: «{carta.asunto}»", "carta", carta.numero,
        )  # fmt: skip
    expediente_id = _cambio(r, "expediente_id")
    expediente = session.get(Expediente, expediente_id) if isinstance(expediente_id, int) else None
    if expediente is not None and expediente.gestor_id is not None:
        yield Nuevo(
            expediente.gestor_id, f"carta-vinculada:{carta.numero}:{r.id}", "carta_vinculada",
            f"La carta {carta.numero} se vinculó a su expediente {expediente.numero}: "
            f"«{carta.asunto}»",
            "carta", carta.numero,
        )  # fmt: skip


_DE_DOCUMENTO = {
    "observado": ("documento_observado", "volvió con observaciones del jefe"),
    "aprobado": ("documento_aprobado", "fue aprobado: ya puede dejarlo final"),
    "final": ("documento_final", "quedó final e incorporado al expediente"),
}


def _de_documento(session: Session, r: Auditoria) -> Iterator[Nuevo]:
    estado = _cambio(r, "estado")
    documento = session.get(DocumentoGenerado, int(r.entidad_id))
    if not isinstance(estado, str) or documento is None:
        return
    nombre = f"{documento.titulo} {documento.numero}"
    if estado in _DE_DOCUMENTO and documento.autor_id is not None:
        evento, que = _DE_DOCUMENTO[estado]
        yield Nuevo(
            documento.autor_id, f"{evento}:{documento.numero}:{r.id}", evento,
            f"Su {nombre} {que}", "documento", str(documento.id),
        )  # fmt: skip
    if estado == "en_revision":
        expediente = session.get(Expediente, documento.expediente_id)
        revisores = session.exec(
            select(Usuario).where(
                col(Usuario.activo).is_(True),
                (col(Usuario.rol) == Rol.JEFE) | col(Usuario.suplente).is_(True),
            )
        ).all()
        for revisor in revisores:
            if expediente and puede_sobre_documento(
                revisor, Permiso.REVISAR_DOCUMENTO, documento, expediente
            ):
                yield Nuevo(
                    revisor.id or 0, f"documento-por-revisar:{documento.numero}:{r.id}",
                    "documento_por_revisar", f"{nombre} espera su revisión", "documento",
                    str(documento.id),
                )  # fmt: skip


def responsables_de(session: Session, autor_id: int | None, expediente_id: int | None) -> set[int]:
    """Quien redactó una carta saliente y el gestor de su expediente."""
    ids = {autor_id} if autor_id is not None else set()
    expediente = session.get(Expediente, expediente_id) if expediente_id else None
    if expediente is not None and expediente.gestor_id is not None:
        ids.add(expediente.gestor_id)
    return ids


def _de_salida(session: Session, r: Auditoria) -> Iterator[Nuevo]:
    estado = _cambio(r, "estado")
    salida = session.get(Saliente, int(r.entidad_id))
    if estado not in ("rebotada", "devuelta") or salida is None:
        return
    que = "rebotó (no llegó por correo)" if estado == "rebotada" else "fue devuelta sin entregar"
    motivo = f": {salida.motivo}" if salida.motivo else ""
    for uid in responsables_de(session, salida.autor_id, salida.expediente_id):
        yield Nuevo(
            uid, f"salida-{estado}:{salida.numero}:{r.id}", f"salida_{estado}",
            f"La carta {salida.numero} a {salida.destinatario} {que}{motivo}", "salida",
            salida.numero,
        )  # fmt: skip


def _gestor_y_jefes(session: Session, expediente: Expediente) -> set[int]:
    ids = {u.id or 0 for u in usuarios_con_rol(session, Rol.JEFE)}
    if expediente.gestor_id is not None:
        ids.add(expediente.gestor_id)
    return ids


def _de_convenio(session: Session, r: Auditoria) -> Iterator[Nuevo]:
    convenio = session.get(Convenio, int(r.entidad_id))
    if _cambio(r, "estado") != "incumplido" or convenio is None:
        return
    expediente = session.get(Expediente, convenio.expediente_id)
    if expediente is None:
        return
    for uid in _gestor_y_jefes(session, expediente):
        yield Nuevo(
            uid, f"convenio-incumplido:{convenio.documento_numero}:{r.id}", "convenio_incumplido",
            f"El convenio {convenio.documento_numero} del expediente {expediente.numero} cayó "
            "en incumplimiento",
            "expediente", expediente.numero,
        )  # fmt: skip


def _de_alerta(session: Session, r: Auditoria) -> Iterator[Nuevo]:
    alerta = session.get(Alerta, int(r.entidad_id))
    if r.accion != "crear" or alerta is None or alerta.tipo != TipoAlerta.CUOTA_VENCIDA:
        return
    expediente = session.get(Expediente, alerta.expediente_id)
    if expediente is None:
        return
    for uid in _gestor_y_jefes(session, expediente):
        yield Nuevo(
            uid, f"cuota-vencida:{expediente.numero}:{alerta.clave}", "cuota_vencida",
            f"{expediente.numero}: {alerta.mensaje}", "expediente", expediente.numero,
        )  # fmt: skip


_REGLAS: dict[str, Callable[[Session, Auditoria], Iterator[Nuevo]]] = {
    "correspondencia": _de_carta,
    "documento_generado": _de_documento,
    "saliente": _de_salida,
    "convenio": _de_convenio,
    "alerta": _de_alerta,
}


_MODELOS: dict[str, Any] = {
    "correspondencia": Correspondencia,
    "documento_generado": DocumentoGenerado,
    "saliente": Saliente,
    "convenio": Convenio,
    "alerta": Alerta,
}


def _precargar(session: Session, renglones: list[Auditoria]) -> None:
    """Trae de una vez (de a 500) lo que los renglones nombran: cada regla lo encuentra ya en la
    sesión en vez de consultarlo renglón por renglón."""
    por_entidad: dict[str, set[int]] = {}
    for r in renglones:
        por_entidad.setdefault(r.entidad, set()).add(int(r.entidad_id))
    for entidad, ids in por_entidad.items():
        modelo, lista = _MODELOS[entidad], sorted(ids)
        for i in range(0, len(lista), 500):
            session.exec(select(modelo).where(col(modelo.id).in_(lista[i : i + 500]))).all()


def de_la_bitacora(session: Session, renglones: list[Auditoria]) -> list[Nuevo]:
    """Los avisos de estos renglones, sin los de lo que cada persona hizo ella misma."""
    _precargar(session, renglones)
    nuevos = []
    for r in renglones:
        for aviso in _REGLAS[r.entidad](session, r):
            if aviso.usuario_id != r.usuario_id:
                nuevos.append(aviso)
    return nuevos
