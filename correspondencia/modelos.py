"""Las tablas de la correspondencia: cartas entrantes, sus adjuntos, buzones y salientes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from expedientes import JSON_VARIANTE, Auditable, FechaHoraUTC, ahora


def _instante(**kw: Any) -> Any:
    return Field(default_factory=ahora, sa_type=FechaHoraUTC, **kw)


def _lista() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON_VARIANTE, nullable=False))


class Buzon(Auditable, SQLModel, table=True):
    """Un buzón IMAP que el sondeo revisa; su contraseña se guarda cifrada y nunca se muestra."""

    __tablename__ = "buzon"
    __entidad__ = "buzon"
    __etiqueta__ = ("nombre", "Buzón")
    __ocultar__ = frozenset({"contrasena_cifrada"})

    id: int | None = Field(default=None, primary_key=True)
    nombre: str = Field(max_length=100, unique=True)
    host: str = Field(max_length=255)
    puerto: int
    usuario: str = Field(max_length=255)
    contrasena_cifrada: str = Field(default="", sa_type=Text)
    seguridad: str = Field(max_length=10)  # tls | starttls | ninguna
    carpeta: str = Field(default="INBOX", max_length=255)
    carpeta_procesados: str | None = Field(default=None, max_length=255)
    activo: bool = True
    # El buzón que se configura con RECUPERA_IMAP_*: su contraseña vive en el entorno.
    desde_entorno: bool = False
    creado_en: datetime = _instante()
    actualizado_en: datetime = _instante()


class EstadoCarpeta(SQLModel, table=True):
    """Hasta dónde se registró una carpeta de un buzón (o la carpeta de entrada) y su salud.

    `ultimo_uid` avanza en la misma transacción que registra el mensaje: lo confirmado es la
    verdad sobre qué ya se registró.
    """

    __tablename__ = "estado_carpeta"

    fuente: str = Field(max_length=40, primary_key=True)  # "buzon:<id>" o "carpeta"
    carpeta: str = Field(max_length=255, primary_key=True)
    uidvalidity: int | None = Field(default=None, sa_type=BigInteger)
    ultimo_uid: int = Field(default=0, sa_type=BigInteger)
    ultimo_sondeo_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    ultimo_exito_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    ultimo_error: str = Field(default="", max_length=2000)
    errores_seguidos: int = 0


class Correspondencia(Auditable, SQLModel, table=True):
    """Una carta entrante registrada con su número `CE-AAAA-NNNNNN`: el registro legal.

    Sus bytes originales (el .eml o el escaneo) están en el almacén bajo `sha256`; nada de lo
    recibido se descarta: los problemas de análisis quedan en `advertencias`.
    """

    __tablename__ = "correspondencia"
    __entidad__ = "correspondencia"
    __etiqueta__ = ("numero", "Carta")
    __no_auditar__ = frozenset(
        {"actualizado_en", "texto", "html", "texto_ocr", "pendiente_servidor"}
    )
    __table_args__ = (
        UniqueConstraint("buzon_id", "carpeta", "uidvalidity", "uid", name="uq_corresp_imap"),
        # La misma carpeta de entrada o el mismo escaneo no se registran dos veces.
        Index(
            "uq_corresp_contenido",
            "origen",
            "sha256",
            unique=True,
            sqlite_where=text("origen <> 'imap'"),
            postgresql_where=text("origen <> 'imap'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    numero: str = Field(max_length=20, unique=True, index=True)
    origen: str = Field(max_length=10)  # imap | carpeta | papel
    buzon_id: int | None = Field(default=None, foreign_key="buzon.id")
    carpeta: str | None = Field(default=None, max_length=255)
    uidvalidity: int | None = Field(default=None, sa_type=BigInteger)
    uid: int | None = Field(default=None, sa_type=BigInteger)
    # Marcar \Seen o mover en el servidor quedó pendiente (se hace tras confirmar el registro).
    pendiente_servidor: bool = False
    sha256: str = Field(max_length=64, index=True)
    bytes: int = Field(sa_type=BigInteger)
    incompleto: bool = False
    nombre_archivo: str = Field(default="", max_length=255)
    message_id: str | None = Field(default=None, max_length=998, index=True)
    in_reply_to: list[str] = _lista()
    referencias: list[str] = _lista()
    remitente: str = Field(default="", max_length=500)
    correo_remitente: str = Field(default="", max_length=320, index=True)
    destinatarios: list[str] = _lista()
    asunto: str = Field(default="", max_length=1000)
    referencia_remitente: str = Field(default="", max_length=200)
    fecha_documento: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    recibido_en: datetime = Field(sa_type=FechaHoraUTC, index=True)
    texto: str = Field(default="", sa_type=Text)
    html: str | None = Field(default=None, sa_type=Text)
    texto_ocr: str = Field(default="", sa_type=Text)
    tipo: str = Field(default="general", max_length=30)
    automatico: bool = False
    motivo_automatico: str = Field(default="", max_length=200)
    estado: str = Field(default="registrada", max_length=20, index=True)
    asignado_id: int | None = Field(default=None, foreign_key="usuario.id", index=True)
    patrono_id: int | None = Field(default=None, foreign_key="patrono.id", index=True)
    expediente_id: int | None = Field(default=None, foreign_key="expediente.id", index=True)
    vinculo_motivo: str = Field(default="", max_length=500)
    vence_el: date | None = Field(default=None, index=True)
    respondida_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    advertencias: list[str] = _lista()
    registrado_por_id: int | None = Field(default=None, foreign_key="usuario.id")
    creado_en: datetime = _instante()
    actualizado_en: datetime = _instante()


class Adjunto(Auditable, SQLModel, table=True):
    """Un adjunto de una carta: sus bytes en el almacén; el nombre original es solo un dato."""

    __tablename__ = "adjunto"
    __entidad__ = "adjunto"
    __etiqueta__ = ("nombre", "Adjunto")
    __no_auditar__ = frozenset({"texto"})

    id: int | None = Field(default=None, primary_key=True)
    correspondencia_id: int = Field(foreign_key="correspondencia.id", index=True)
    orden: int
    nombre: str = Field(max_length=255)
    tipo_mime: str = Field(max_length=255)
    sha256: str = Field(max_length=64, index=True)
    bytes: int = Field(sa_type=BigInteger)
    texto: str = Field(default="", sa_type=Text)
    # escaneo | ocr | correo: de dónde salió este adjunto.
    clase: str = Field(default="correo", max_length=10)


class Saliente(Auditable, SQLModel, table=True):
    """Una carta que el departamento envía, con su número `CS-AAAA-NNNNNN` y su Message-ID.

    El número se reserva con el borrador y va impreso en él: los bytes que aprueba el jefe ya lo
    llevan. Un número cuyo documento se anula queda usado, con el motivo. Las respuestas que la
    citan en In-Reply-To o References se unen a su hilo. Sus estados: `correspondencia.salida`.
    """

    __tablename__ = "saliente"
    __entidad__ = "saliente"
    __etiqueta__ = ("numero", "Carta saliente")

    id: int | None = Field(default=None, primary_key=True)
    numero: str = Field(max_length=20, unique=True, index=True)
    message_id: str | None = Field(default=None, max_length=998, unique=True)
    asunto: str = Field(default="", max_length=1000)
    destinatario: str = Field(default="", max_length=500)
    patrono_id: int | None = Field(default=None, foreign_key="patrono.id", index=True)
    expediente_id: int | None = Field(default=None, foreign_key="expediente.id", index=True)
    responde_a_id: int | None = Field(default=None, foreign_key="correspondencia.id")
    emitida_el: date
    autor_id: int | None = Field(default=None, foreign_key="usuario.id")
    # El documento DRP- que la lleva; `estado` sigue el ciclo de `correspondencia.salida`.
    documento: str | None = Field(default=None, max_length=20, index=True)
    estado: str = Field(default="emitida", max_length=20, index=True)
    canal: str = Field(default="", max_length=20)  # correo | mensajero | ventanilla
    correo: str = Field(default="", max_length=320)
    motivo: str = Field(default="", max_length=1000)
    intentos: int = 0
    proximo_intento_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    ultimo_error: str = Field(default="", max_length=2000)
    enviado_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    entregado_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    acuse_sha256: str | None = Field(default=None, max_length=64)
    # El PDF/A que sale (adjunto al correo, impreso para el mensajero): el del documento final.
    pdf_sha256: str | None = Field(default=None, max_length=64)
    # Una solicitud espera respuesta en un plazo de días hábiles; la respuesta la cierra.
    vence_el: date | None = Field(default=None, index=True)
    # Un plazo de respuesta que no va impreso (lo pone quien redacta): `vence_el` se cuenta en
    # días hábiles desde el día en que la carta se emite.
    plazo_respuesta_dias: int | None = None
    respondida_por_id: int | None = Field(default=None, foreign_key="correspondencia.id")
    respondida_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    creado_en: datetime = _instante()
