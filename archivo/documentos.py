"""Los documentos de un expediente, en orden: el registro que después se sella y se exporta.

Cada documento tiene su orden dentro del expediente, su tipo, su fecha, su origen (`entrante`,
`generado`, `escaneado`), sus folios y sus blobs (el original y su versión PDF). Solo se agregan.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index, Text, UniqueConstraint, func, text
from sqlmodel import Field, Session, SQLModel, col, select

from archivo.modelos import Sello
from expedientes import (
    AccesoDenegado,
    Auditable,
    ErrorDominio,
    Expediente,
    FechaHoraUTC,
    NoEncontrado,
    Usuario,
    ahora,
    problemas_de_texto,
    ve_el_contenido,
)


class OrigenDocumento(StrEnum):
    """De dónde viene un documento del expediente."""

    ENTRANTE = "entrante"
    GENERADO = "generado"
    ESCANEADO = "escaneado"


class DocumentoExpediente(Auditable, SQLModel, table=True):
    """Un documento incorporado al expediente, con su orden y sus folios."""

    __tablename__ = "documento_expediente"
    __entidad__ = "documento_expediente"
    __etiqueta__ = ("titulo", "Documento del expediente")
    __no_auditar__ = frozenset({"texto"})
    __table_args__ = (
        UniqueConstraint("expediente_id", "orden", name="uq_documento_orden"),
        # Una carta o un documento generado entra una sola vez en su expediente (aunque dos
        # personas lo incorporen a la vez); las correcciones y los escaneos sin número, libres.
        Index(
            "uq_documento_referencia",
            "expediente_id",
            "referencia",
            unique=True,
            sqlite_where=text("referencia <> '' AND correccion = ''"),
            postgresql_where=text("referencia <> '' AND correccion = ''"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    expediente_id: int = Field(foreign_key="expediente.id", index=True)
    orden: int
    tipo: str = Field(max_length=40)
    titulo: str = Field(max_length=300)
    referencia: str = Field(default="", max_length=40, index=True)
    fecha: date
    origen: str = Field(max_length=12)
    folios: int
    sha256: str = Field(max_length=64, index=True)
    sha256_pdf: str | None = Field(default=None, max_length=64)
    nombre_archivo: str = Field(default="", max_length=255)
    tipo_mime: str = Field(default="", max_length=255)
    # El texto del documento (para buscar); no entra en el manifiesto: se deriva del original.
    texto: str = Field(default="", sa_type=Text)
    # Agregado después de sellado el expediente: el motivo de la corrección (nunca vacío entonces).
    correccion: str = Field(default="", max_length=1000)
    registrado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    creado_en: datetime = Field(default_factory=ahora, sa_type=FechaHoraUTC)


def esta_sellado(session: Session, expediente_id: int | None) -> bool:
    """¿Tiene el expediente algún manifiesto sellado? Entonces ya nada suyo cambia."""
    if expediente_id is None:
        return False
    return (
        session.exec(select(Sello.id).where(Sello.expediente_id == expediente_id)).first()
        is not None
    )


def exigir_no_sellado(session: Session, expediente: Expediente) -> None:
    """ErrorDominio si el expediente ya está sellado y archivado."""
    if esta_sellado(session, expediente.id):
        raise ExpedienteSellado(
            f"El expediente {expediente.numero} está sellado y archivado: no admite cambios.",
            ["Una corrección se agrega como documento nuevo, con su motivo, y se vuelve a sellar."],
        )


class ExpedienteSellado(ErrorDominio):
    """Se intentó cambiar un expediente sellado."""


def exigir_ver_contenido(usuario: Usuario, expediente: Expediente) -> None:
    """AccesoDenegado si esta persona no ve los documentos del expediente (la regla es una sola:
    `expedientes.ve_el_contenido`)."""
    if not ve_el_contenido(usuario, expediente):
        raise AccesoDenegado(
            f"Los documentos de {expediente.numero} los ve su gestor; al archivarse quedan "
            "abiertos a quien consulta el archivo."
        )


def documento_archivado(
    *, session: Session, expediente: Expediente, orden: int, usuario: Usuario
) -> DocumentoExpediente:
    """El documento N.º `orden` del expediente, si esta persona lo puede ver (NoEncontrado si no
    existe, AccesoDenegado si no le toca)."""
    exigir_ver_contenido(usuario, expediente)
    documento = session.exec(
        select(DocumentoExpediente).where(
            DocumentoExpediente.expediente_id == expediente.id,
            DocumentoExpediente.orden == orden,
        )
    ).first()
    if documento is None:
        raise NoEncontrado(f"El expediente {expediente.numero} no tiene el documento N.º {orden}.")
    return documento


def incorporar_documento(
    *,
    session: Session,
    expediente: Expediente,
    tipo: str,
    titulo: str,
    fecha: date,
    origen: OrigenDocumento,
    sha256: str,
    folios: int,
    sha256_pdf: str | None = None,
    referencia: str = "",
    nombre_archivo: str = "",
    tipo_mime: str = "",
    texto: str = "",
    correccion: str = "",
    registrado_por_id: int | None = None,
) -> DocumentoExpediente:
    """Agrega el documento al final del expediente; si está sellado, solo como corrección."""
    _exigir_datos_del_documento(titulo, referencia, nombre_archivo, correccion, folios)
    documento = DocumentoExpediente(
        expediente_id=expediente.id,  # type: ignore[arg-type]
        orden=_siguiente_orden(session, expediente, correccion),
        tipo=tipo,
        titulo=titulo,
        referencia=referencia,
        fecha=fecha,
        origen=origen,
        folios=folios,
        sha256=sha256,
        sha256_pdf=sha256_pdf,
        nombre_archivo=nombre_archivo,
        tipo_mime=tipo_mime,
        texto=texto,
        correccion=correccion.strip(),
        registrado_por_id=registrado_por_id,
    )
    session.add(documento)
    session.flush()
    return documento


def _exigir_datos_del_documento(
    titulo: str, referencia: str, nombre_archivo: str, correccion: str, folios: int
) -> None:
    """ErrorDominio, con cada problema, si los datos del documento no se pueden guardar."""
    problemas = problemas_de_texto(titulo, "El título", 300) + problemas_de_texto(
        referencia, "La referencia", 40
    )
    problemas += problemas_de_texto(nombre_archivo, "El nombre del archivo", 255)
    problemas += problemas_de_texto(correccion, "El motivo de la corrección", 1000, multilinea=True)
    if folios < 1:
        problemas.append("Un documento tiene al menos un folio.")
    if problemas:
        raise ErrorDominio("No se pudo incorporar el documento al expediente.", problemas)


def _siguiente_orden(session: Session, expediente: Expediente, correccion: str) -> int:
    """El orden del documento nuevo, fijado en esta transacción (sellado: solo una corrección)."""
    # SELECT … FOR UPDATE bloquea el expediente en PostgreSQL (en SQLite la transacción ya tiene
    # la base): dos documentos incorporados a la vez no comparten número de orden.
    session.exec(
        select(Expediente.id).where(Expediente.id == expediente.id).with_for_update()
    ).one()
    if not correccion.strip():  # la corrección con su motivo la lleva `archivo.sellado`
        exigir_no_sellado(session, expediente)
    ultimo = session.exec(
        select(func.max(DocumentoExpediente.orden)).where(
            DocumentoExpediente.expediente_id == expediente.id
        )
    ).one()
    return (ultimo or 0) + 1


def documentos_de(*, session: Session, expediente_id: int) -> list[DocumentoExpediente]:
    """Los documentos del expediente en su orden."""
    return list(
        session.exec(
            select(DocumentoExpediente)
            .where(DocumentoExpediente.expediente_id == expediente_id)
            .order_by(col(DocumentoExpediente.orden))
        ).all()
    )
