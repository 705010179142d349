"""Configuración tipada desde variables de entorno con prefijo `RECUPERA_`."""

from __future__ import annotations

import ipaddress
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from expedientes.calendario import subdivisiones_validas
from expedientes.contrasenas import secreto_debil
from expedientes.errores import ErrorDominio
from expedientes.politica import Rol
from expedientes.texto import es_correo

CLAVE_DE_DESARROLLO = "clave-de-desarrollo-no-usar-en-produccion"
# Cómo se encuentra, tras entrar, la entrada propia en el directorio: Active Directory u OpenLDAP.
FILTRO_LDAP = "(|(sAMAccountName={usuario})(uid={usuario}))"


def leer_grupos_ldap(texto: str) -> list[tuple[str, str]]:
    """`DN=rol;DN=rol` → [(DN, rol)]; ValueError que dice qué entrada no sirve."""
    pares = []
    for entrada in (e.strip() for e in texto.split(";")):
        if not entrada:
            continue
        dn, _, rol = entrada.rpartition("=")
        if "=" not in dn or rol.strip() not in set(Rol):
            raise ValueError(
                f"RECUPERA_LDAP_GRUPOS: «{entrada}» no es «DN del grupo=rol» con un rol de "
                f"{', '.join(Rol)}"
            )
        pares.append((dn.strip(), rol.strip()))
    if not pares:
        raise ValueError(
            "con RECUPERA_LDAP_HOST hace falta RECUPERA_LDAP_GRUPOS, p. ej. "
            "cn=recupera-jefes,ou=grupos,dc=isss,dc=gob,dc=sv=jefe;cn=recupera-gestores,…=gestor"
        )
    return pares


Red = ipaddress.IPv4Network | ipaddress.IPv6Network


def leer_proxies(texto: str) -> list[Red]:
    """`127.0.0.1, 10.0.0.0/24` → las redes; ValueError que dice qué entrada no sirve."""
    redes = []
    for entrada in (e.strip() for e in texto.replace(";", ",").split(",")):
        if not entrada:
            continue
        try:
            redes.append(ipaddress.ip_network(entrada, strict=False))
        except ValueError:
            raise ValueError(
                f"«{entrada}» no es una dirección IP ni una red (p. ej. 127.0.0.1 o 10.0.0.0/24)"
            ) from None
    return redes


class Settings(BaseSettings):
    """Todo lo configurable del servicio; cada campo está documentado en docs/configuracion.md."""

    model_config = SettingsConfigDict(env_prefix="RECUPERA_", extra="ignore")

    env: Literal["development", "production"] = "production"
    data_dir: Path = Path("instancia")
    database_url: str | None = None
    secret_key: str = CLAVE_DE_DESARROLLO
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    recargo_mensual: Decimal = Field(default=Decimal("0.01"), ge=0, le=1)
    sesion_horas: int = Field(default=8, ge=1, le=72)
    intentos_login: int = Field(default=5, ge=1, le=100)
    bloqueo_minutos: int = Field(default=15, ge=1, le=1440)
    max_subida_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    # Operación: los proxies de confianza (solo de ellos cuentan X-Forwarded-* y X-Request-Id) y
    # el formato del registro (una línea JSON por evento; sin decirlo, texto en desarrollo).
    proxies: str = Field(default="", max_length=2000)
    log_formato: Literal["json", "texto"] | None = None
    # Correspondencia: el buzón IMAP configurado por entorno (los demás se administran en la web).
    imap_host: str | None = None
    imap_port: int | None = Field(default=None, ge=1, le=65535)
    imap_user: str | None = None
    imap_password: SecretStr | None = None
    imap_ssl: Literal["true", "starttls", "false"] = "true"
    imap_folder: str = "INBOX"
    imap_processed_folder: str | None = None
    imap_ca_file: Path | None = None
    max_message_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    # Adonde se guarda la copia de lo enviado por correo, en el buzón de RECUPERA_IMAP_*.
    imap_sent_folder: str = Field(default="Sent", min_length=1, max_length=255)
    # Salida por correo electrónico: sin RECUPERA_SMTP_HOST el canal está apagado.
    smtp_host: str | None = None
    smtp_port: int | None = Field(default=None, ge=1, le=65535)
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: Literal["ssl", "starttls", "none"] = "starttls"
    smtp_segundos: int = Field(default=60, ge=1, le=600)
    remitente: str | None = Field(default=None, max_length=320)
    envio_intentos: int = Field(default=8, ge=1, le=50)
    plazo_respuesta_dias: int = Field(default=10, ge=1, le=365)
    plazos_respuesta: dict[str, int] = Field(default_factory=dict)
    sondeo_segundos: int = Field(default=60, ge=1, le=86400)
    ocr_segundos: int = Field(default=180, ge=5, le=3600)
    # Documentos: dónde se emiten, el dominio de los Message-ID de salida y LibreOffice.
    lugar_emision: str = Field(default="San Salvador", min_length=1, max_length=100)
    dominio_correo: str = Field(default="isss.gob.sv", pattern=r"^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
    soffice: str = "soffice"
    python_uno: str = "/usr/bin/python3"
    pdf_segundos: int = Field(default=120, ge=5, le=3600)
    # Lo que puede tardar y ocupar una plantilla subida al revisarla o al generar un borrador.
    plantilla_segundos: int = Field(default=30, ge=1, le=600)
    plantilla_memoria_mb: int = Field(default=1024, ge=256, le=16384)
    # Archivo: la lista de documentos requeridos para sellar y cada cuánto se verifica.
    requisitos_archivo: Path | None = None
    verificacion_horas: float = Field(default=24, gt=0, le=24 * 365)
    # Seguimiento de convenios: días hábiles de gracia tras el vencimiento de una cuota, y cuántas
    # cuotas vencidas hacen caer un convenio cuyo documento no lo dice.
    tolerancia_cuota_dias: int = Field(default=5, ge=0, le=90)
    cuotas_para_incumplir: int = Field(default=2, ge=1, le=24)
    # Avisos: de lo que vence dentro de cuántos días hábiles se avisa, a qué hora sale el resumen
    # diario y la dirección de Recupera que llevan los correos.
    avisos_dias: int = Field(default=2, ge=0, le=30)
    avisos_hora: int = Field(default=7, ge=0, le=23)
    url_publica: str | None = Field(default=None, max_length=200, pattern=r"^https?://\S+$")
    # Copias de respaldo programadas: sin RECUPERA_RESPALDO_DIR el servicio no las hace (queda
    # `recupera backup create`); con ella, una cada día a partir de esa hora local, y se guardan
    # las de tantos días y semanas.
    respaldo_dir: Path | None = None
    respaldo_hora: int = Field(default=2, ge=0, le=23)
    respaldo_diarias: int = Field(default=7, ge=1, le=365)
    respaldo_semanales: int = Field(default=4, ge=0, le=520)
    # Calendario: la subdivisión de `holidays` cuyos feriados locales se descuentan ("" ninguna).
    feriados_locales: str = Field(default="SS", max_length=10)
    # Acceso con las cuentas del directorio institucional (LDAP / Active Directory): sin
    # RECUPERA_LDAP_HOST solo entran las cuentas locales. Ver expedientes/directorio.py.
    ldap_host: str | None = None
    ldap_port: int | None = Field(default=None, ge=1, le=65535)
    ldap_security: Literal["ldaps", "starttls", "none"] = "ldaps"
    ldap_ca_file: Path | None = None
    ldap_bind: str | None = Field(default=None, max_length=500)
    ldap_base: str | None = Field(default=None, max_length=500)
    ldap_filtro: str = Field(default=FILTRO_LDAP, max_length=500)
    ldap_grupos: str = Field(default="", max_length=5000)
    ldap_segundos: int = Field(default=10, ge=1, le=120)

    @field_validator("feriados_locales")
    @classmethod
    def _subdivision_conocida(cls, valor: str) -> str:
        valor = valor.strip().upper()
        if valor and valor not in subdivisiones_validas():
            opciones = ", ".join(subdivisiones_validas())
            raise ValueError(f"use una subdivisión de El Salvador ({opciones}) o déjela vacía")
        return valor

    @field_validator("proxies")
    @classmethod
    def _proxies_validos(cls, valor: str) -> str:
        leer_proxies(valor)
        return valor

    @model_validator(mode="after")
    def _desarrollo_solo_en_la_maquina_local(self) -> Settings:
        # En desarrollo la clave es pública: servir así a la red permitiría falsificar sesiones.
        if self.env == "development" and self.host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(
                "en modo desarrollo RECUPERA_HOST debe ser 127.0.0.1, localhost o ::1; para "
                "servir a la red use RECUPERA_ENV=production con su RECUPERA_SECRET_KEY"
            )
        return self

    @model_validator(mode="after")
    def _exigir_secreto_fuera_de_desarrollo(self) -> Settings:
        # Una clave conocida permite falsificar sesiones: solo se tolera en desarrollo.
        if self.env != "development" and (
            self.secret_key == CLAVE_DE_DESARROLLO or len(self.secret_key) < 32
        ):
            raise ValueError(
                "RECUPERA_SECRET_KEY es obligatoria fuera de desarrollo y debe tener al menos "
                "32 caracteres (genere una con: python -c 'import secrets; "
                "print(secrets.token_hex(32))')"
            )
        # El largo no basta: «aaaa…» o una palabra repetida se adivinan enseguida.
        if self.env != "development" and secreto_debil(self.secret_key):
            raise ValueError(
                "RECUPERA_SECRET_KEY se puede adivinar (repeticiones, secuencias o palabras): "
                "debe ser aleatoria; genere una con: python -c 'import secrets; "
                "print(secrets.token_hex(32))'"
            )
        return self

    @model_validator(mode="after")
    def _imap_completo_y_cifrado(self) -> Settings:
        # Sin TLS la contraseña viaja en claro: solo se tolera hacia la propia máquina.
        if not self.imap_host:
            return self
        if not self.imap_user or self.imap_password is None:
            raise ValueError(
                "con RECUPERA_IMAP_HOST hacen falta RECUPERA_IMAP_USER y RECUPERA_IMAP_PASSWORD"
            )
        if self.imap_ssl == "false" and self.imap_host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(
                "RECUPERA_IMAP_SSL=false solo se admite hacia 127.0.0.1, localhost o ::1; use "
                "true (TLS) o starttls"
            )
        return self

    @model_validator(mode="after")
    def _smtp_completo_y_cifrado(self) -> Settings:
        # Como IMAP: sin cifrado la contraseña viaja en claro; solo hacia la propia máquina.
        if not self.smtp_host:
            return self
        if not self.remitente or not es_correo(self.remitente):
            raise ValueError(
                "con RECUPERA_SMTP_HOST hace falta RECUPERA_REMITENTE, la dirección de correo "
                "del departamento"
            )
        if self.smtp_user and self.smtp_password is None:
            raise ValueError("con RECUPERA_SMTP_USER hace falta RECUPERA_SMTP_PASSWORD")
        if self.smtp_security == "none" and self.smtp_host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(
                "RECUPERA_SMTP_SECURITY=none solo se admite hacia 127.0.0.1, localhost o ::1; "
                "use ssl o starttls"
            )
        return self

    @model_validator(mode="after")
    def _ldap_completo_y_cifrado(self) -> Settings:
        # Como IMAP: sin TLS las contraseñas del directorio viajan en claro; solo hacia la propia
        # máquina. Los grupos se leen aquí para que un error detenga el servicio al arrancar.
        if not self.ldap_host:
            return self
        if not self.ldap_bind or "{usuario}" not in self.ldap_bind:
            raise ValueError(
                "con RECUPERA_LDAP_HOST hace falta RECUPERA_LDAP_BIND con {usuario}, p. ej. "
                "{usuario}@isss.gob.sv o uid={usuario},ou=personas,dc=isss,dc=gob,dc=sv"
            )
        if not self.ldap_base or "{usuario}" not in self.ldap_filtro:
            raise ValueError(
                "con RECUPERA_LDAP_HOST hacen falta RECUPERA_LDAP_BASE (dónde buscar cuentas y "
                "grupos) y un RECUPERA_LDAP_FILTRO con {usuario}"
            )
        if self.ldap_security == "none" and self.ldap_host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(
                "RECUPERA_LDAP_SECURITY=none solo se admite hacia 127.0.0.1, localhost o ::1; "
                "use ldaps o starttls"
            )
        leer_grupos_ldap(self.ldap_grupos)
        return self

    @model_validator(mode="after")
    def _plazos_positivos(self) -> Settings:
        malos = [t for t, d in self.plazos_respuesta.items() if not 1 <= d <= 365]
        if malos:
            raise ValueError(
                f"RECUPERA_PLAZOS_RESPUESTA: días fuera de 1 a 365 para {', '.join(malos)}"
            )
        return self

    @property
    def url_base_de_datos(self) -> str:
        """La URL de la base de datos; por omisión un SQLite en la carpeta de datos."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'recupera.db').resolve()}"

    @property
    def correo_saliente(self) -> bool:
        """¿Está configurado el canal de correo electrónico (RECUPERA_SMTP_HOST)?"""
        return bool(self.smtp_host)

    @property
    def grupos_ldap(self) -> list[tuple[str, str]]:
        """Los pares (DN del grupo, rol) de RECUPERA_LDAP_GRUPOS, en su orden."""
        return leer_grupos_ldap(self.ldap_grupos) if self.ldap_host else []

    @property
    def redes_de_proxies(self) -> list[Red]:
        """Las direcciones (o redes) de RECUPERA_PROXIES; vacía: no se confía en ningún proxy."""
        return leer_proxies(self.proxies)

    @property
    def formato_de_registro(self) -> Literal["json", "texto"]:
        """RECUPERA_LOG_FORMATO; sin decirlo, JSON salvo en desarrollo."""
        return self.log_formato or ("texto" if self.desarrollo else "json")

    @property
    def desarrollo(self) -> bool:
        """Verdadero en modo desarrollo."""
        return self.env == "development"


def cargar_settings(**valores: object) -> Settings:
    """Lee la configuración del entorno; un valor inválido es un ErrorDominio legible."""
    try:
        return Settings(**valores)  # type: ignore[arg-type]
    except ValidationError as exc:
        problemas = []
        for err in exc.errors():
            campo = ".".join(str(p) for p in err["loc"]) or "configuración"
            nombre = f"RECUPERA_{campo.upper()}" if campo != "configuración" else campo
            problemas.append(f"{nombre}: {err['msg']}")
        raise ErrorDominio("La configuración no es válida.", problemas) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """La configuración del proceso, leída una vez."""
    return cargar_settings()
