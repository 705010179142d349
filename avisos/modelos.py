"""Las tablas de los avisos: cada aviso a una persona y hasta dónde se leyó la bitácora."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from expedientes import JSON_VARIANTE, FechaHoraUTC, ahora


class Aviso(SQLModel, table=True):
    """Algo que una persona debe saber, una sola vez por hecho y persona (`clave`).

    Lo que dice es breve y de algo que la persona puede ver; `objeto` y `referencia` dicen a qué
    lleva (la web arma el enlace). `correo` sigue su envío por correo electrónico: pendiente,
    enviando, enviado, en un resumen, o no (la persona no los quiere, o no tiene dirección).
    """

    __tablename__ = "aviso"
    __table_args__ = (UniqueConstraint("usuario_id", "clave", name="uq_aviso_clave"),)

    id: int | None = Field(default=None, primary_key=True)
    usuario_id: int = Field(foreign_key="usuario.id", index=True)
    clave: str = Field(max_length=200)
    evento: str = Field(max_length=40, index=True)
    titulo: str = Field(max_length=500)
    objeto: str = Field(max_length=30)  # carta | salida | documento | expediente | archivo…
    referencia: str = Field(default="", max_length=60)
    creado_en: datetime = Field(default_factory=ahora, sa_type=FechaHoraUTC, index=True)
    leido_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)
    correo: str = Field(default="pendiente", max_length=20, index=True)
    correo_en: datetime | None = Field(default=None, sa_type=FechaHoraUTC)


class LecturaBitacora(SQLModel, table=True):
    """Hasta qué renglón de la bitácora se generaron avisos, y cuándo salió el último resumen
    diario (una fila)."""

    __tablename__ = "lectura_bitacora"

    id: int | None = Field(default=None, primary_key=True)
    # Lo que había en la bitácora cuando empezaron los avisos: de eso nunca se avisa.
    inicio_id: int = 0
    ultimo_id: int = 0
    # Ids de la bitácora por debajo de `ultimo_id` que aún no se veían, con cuándo se notaron.
    huecos: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON_VARIANTE, nullable=False)
    )
    ultimo_resumen: date | None = None
