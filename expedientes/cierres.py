"""Los cierres institucionales: días de lunes a viernes que el administrador declara inhábiles
(un asueto decretado, un cierre por duelo o emergencia), con su motivo.

Entran en el calendario de todos los plazos (`expedientes.calendario`) desde que se registran:
en el proceso que los registra al instante y en los demás en menos de un minuto. Registrarlos y
quitarlos queda en la bitácora con el motivo. Un cierre no cambia los plazos ya impresos en un
documento: los que se calculen después lo toman en cuenta.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, Session, SQLModel, col, select

from expedientes.auditoria import con_motivo
from expedientes.calendario import es_habil, poner_cierres
from expedientes.errores import ErrorDominio
from expedientes.formatos import fecha_larga
from expedientes.modelos import Auditable, Usuario
from expedientes.politica import Permiso, exigir
from expedientes.texto import problemas_de_texto
from expedientes.tipos import FechaHoraUTC, ahora


class CierreInstitucional(Auditable, SQLModel, table=True):
    """Un día en que el departamento no atiende, declarado por el administrador."""

    __tablename__ = "cierre_institucional"
    __entidad__ = "cierre_institucional"
    __etiqueta__ = ("fecha", "Cierre institucional")

    id: int | None = Field(default=None, primary_key=True)
    fecha: date = Field(unique=True, index=True)
    motivo: str = Field(max_length=300)
    creado_en: datetime = Field(default_factory=ahora, sa_type=FechaHoraUTC)


def listar_cierres(*, session: Session, anio: int | None = None) -> list[CierreInstitucional]:
    """Los cierres registrados (los de un año, si se indica), por fecha."""
    consulta = select(CierreInstitucional).order_by(col(CierreInstitucional.fecha))
    if anio is not None:
        consulta = consulta.where(
            col(CierreInstitucional.fecha) >= date(anio, 1, 1),
            col(CierreInstitucional.fecha) <= date(anio, 12, 31),
        )
    return list(session.exec(consulta).all())


def leer_cierres(session: Session) -> list[tuple[date, str]]:
    """Las fechas cerradas y su motivo, como las usa el calendario."""
    filas = session.exec(
        select(col(CierreInstitucional.fecha), col(CierreInstitucional.motivo))
    ).all()
    return [(f, m) for f, m in filas]


def _problemas_del_motivo(motivo: str) -> list[str]:
    if not motivo.strip():
        return ["Indique el motivo (p. ej. el decreto o la circular que lo declara)."]
    return problemas_de_texto(motivo, "El motivo", 300)


def registrar_cierre(
    *, session: Session, usuario: Usuario, fecha: date | None, motivo: str, hoy: date
) -> CierreInstitucional:
    """Declara inhábil un día de lunes a viernes que hoy es hábil, con su motivo."""
    exigir(usuario, Permiso.ADMINISTRAR_CALENDARIO)
    problemas = _problemas_del_motivo(motivo)
    if fecha is None:
        problemas.append("Indique la fecha del cierre (AAAA-MM-DD).")
    elif fecha.weekday() >= 5:
        problemas.append(f"El {fecha_larga(fecha)} cae en fin de semana: ya es inhábil.")
    elif not es_habil(fecha):
        problemas.append(f"El {fecha_larga(fecha)} ya es inhábil (feriado o cierre registrado).")
    elif fecha.year > hoy.year + 1 or fecha.year < hoy.year - 1:
        problemas.append("Registre cierres del año anterior, del actual o del siguiente.")
    if problemas:
        raise ErrorDominio("No se pudo registrar el cierre.", problemas)
    assert fecha is not None
    cierre = CierreInstitucional(fecha=fecha, motivo=motivo.strip())
    with con_motivo(session, motivo.strip()):
        session.add(cierre)
        session.flush()
    poner_cierres(leer_cierres(session))
    return cierre


def quitar_cierre(*, session: Session, usuario: Usuario, fecha: date | None, motivo: str) -> None:
    """Vuelve hábil un día que se había cerrado (p. ej. se registró por error), con el motivo."""
    exigir(usuario, Permiso.ADMINISTRAR_CALENDARIO)
    problemas = _problemas_del_motivo(motivo)
    cierre = None
    if fecha is not None:
        cierre = session.exec(
            select(CierreInstitucional).where(CierreInstitucional.fecha == fecha)
        ).first()
    if cierre is None:
        problemas.insert(0, "Ese día no tiene un cierre registrado.")
    if problemas:
        raise ErrorDominio("No se pudo quitar el cierre.", problemas)
    with con_motivo(session, motivo.strip()):
        session.delete(cierre)
        session.flush()
    poner_cierres(leer_cierres(session))
