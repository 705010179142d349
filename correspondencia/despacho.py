"""El envío por correo electrónico de las cartas salientes: nunca dos veces, nunca perdidas.

Un solo despachador a la vez (el candado de la fuente «despacho»). Cada carta pasa por
`pendiente` → `enviando` (confirmado antes de hablar con el servidor) → `enviada` (confirmado
después de que el servidor SMTP la aceptó y su copia quedó en la carpeta de enviados). Un error se
reintenta con esperas que crecen; un rechazo definitivo (5xx) o el último intento la dejan en
`error` sin próximo intento, para una persona.

Si el proceso muere entre la aceptación del servidor y la confirmación, la carta queda en
`enviando`. La pasada siguiente (con el candado, así que nadie más la está enviando) busca su
Message-ID en la carpeta de enviados del buzón del departamento: si la copia está, el servidor la
aceptó y queda `enviada` sin mandarla otra vez; si no está (o no hay buzón configurado), queda en
`incierto` y una persona decide si salió. Nunca se reenvía sola.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlmodel import col, select

from archivo import Almacen, BlobCorrupto, BlobInexistente
from correspondencia import imap
from correspondencia.buzones import conexion_del_entorno
from correspondencia.candado import FuenteOcupada, candado_de_fuente
from correspondencia.enviados import buscar_en_enviados, guardar_en_enviados
from correspondencia.envio import Canal
from correspondencia.mensaje_salida import en_bytes, mensaje_de
from correspondencia.modelos import Correspondencia, Saliente
from correspondencia.salida import CICLO_SALIDA, EstadoSalida
from correspondencia.smtp import FalloDeEnvio, transmitir
from expedientes import Actor, BaseDeDatos, Settings, ahora, con_motivo

log = logging.getLogger(__name__)
ACTOR = Actor("despacho")
ESPERA_INICIAL = timedelta(minutes=1)
ESPERA_MAXIMA = timedelta(hours=6)
S = EstadoSalida


@dataclass(frozen=True)
class ConfigEnvio:
    """El servidor SMTP, el remitente y el buzón donde se guarda la copia de lo enviado."""

    host: str
    puerto: int
    seguridad: str  # ssl | starttls | none
    usuario: str | None
    contrasena: str = field(repr=False)
    remitente: str
    segundos: float
    intentos: int
    carpeta_candados: Path
    enviados: imap.ConexionImap | None = None
    carpeta_enviados: str = "Sent"

    @classmethod
    def desde(cls, settings: Settings) -> ConfigEnvio | None:
        """La configuración del canal de correo, o None si RECUPERA_SMTP_HOST no está."""
        if not settings.smtp_host or not settings.remitente:
            return None
        puertos = {"ssl": 465, "starttls": 587, "none": 25}
        return cls(
            host=settings.smtp_host,
            puerto=settings.smtp_port or puertos[settings.smtp_security],
            seguridad=settings.smtp_security,
            usuario=settings.smtp_user,
            contrasena=(
                settings.smtp_password.get_secret_value() if settings.smtp_password else ""
            ),
            remitente=settings.remitente,
            segundos=float(settings.smtp_segundos),
            intentos=settings.envio_intentos,
            carpeta_candados=settings.data_dir / "candados",
            enviados=conexion_del_entorno(settings),
            carpeta_enviados=settings.imap_sent_folder,
        )


@dataclass
class InformeEnvio:
    """Lo que hizo una pasada del despachador."""

    enviadas: list[str] = field(default_factory=list)
    con_error: list[tuple[str, str]] = field(default_factory=list)
    recuperadas: list[str] = field(default_factory=list)
    inciertas: list[str] = field(default_factory=list)
    ocupado: bool = False

    def resumen(self) -> str:
        """Una línea para la consola."""
        if self.ocupado:
            return "Otro proceso está enviando; se omite esta vez."
        partes = [f"{len(self.enviadas)} enviadas", f"{len(self.con_error)} con error"]
        if self.recuperadas:
            partes.append(f"{len(self.recuperadas)} confirmadas en la carpeta de enviados")
        if self.inciertas:
            partes.append(f"{len(self.inciertas)} en estado incierto")
        return "Correo saliente: " + ", ".join(partes) + "."


def despachar_una_vez(
    *, bd: BaseDeDatos, almacen: Almacen, config: ConfigEnvio, limite: int = 200
) -> InformeEnvio:
    """Una pasada: resuelve lo interrumpido y envía lo que toca enviar ahora."""
    informe = InformeEnvio()
    try:
        with candado_de_fuente(bd.engine, "despacho", config.carpeta_candados):
            _resolver_interrumpidas(bd, config, informe)
            for numero in _por_enviar(bd, limite):
                enviar_carta(bd=bd, almacen=almacen, config=config, numero=numero, informe=informe)
    except FuenteOcupada:
        informe.ocupado = True
    return informe


def _por_enviar(bd: BaseDeDatos, limite: int) -> list[str]:
    with bd.sesion(ACTOR, solo_lectura=True) as s:
        return list(
            s.exec(
                select(Saliente.numero)
                .where(
                    col(Saliente.canal) == Canal.CORREO,
                    col(Saliente.estado).in_([S.PENDIENTE, S.ERROR]),
                    col(Saliente.proximo_intento_en) <= ahora(),
                )
                .order_by(col(Saliente.proximo_intento_en), col(Saliente.id))
                .limit(limite)
            ).all()
        )


def enviar_carta(
    *, bd: BaseDeDatos, almacen: Almacen, config: ConfigEnvio, numero: str, informe: InformeEnvio
) -> None:
    """Envía una carta: `enviando` confirmado, SMTP, copia en enviados, `enviada` confirmado."""
    with bd.sesion(ACTOR) as s:
        saliente = s.exec(select(Saliente).where(Saliente.numero == numero)).one()
        if saliente.estado not in (S.PENDIENTE, S.ERROR):
            return  # otro paso ya la movió
        _pasar(saliente, S.ENVIANDO)
        saliente.intentos += 1
        carta = s.get(Correspondencia, saliente.responde_a_id) if saliente.responde_a_id else None
        s.add(saliente)
    try:
        pdf = _pdf_de(almacen, saliente)
        crudo = en_bytes(mensaje_de(saliente, pdf, config.remitente, carta))
        transmitir(config, saliente.correo, crudo)
    except FalloDeEnvio as exc:
        _registrar_error(bd, config, numero, exc)
        informe.con_error.append((numero, exc.mensaje))
        return
    copia = guardar_en_enviados(config.enviados, config.carpeta_enviados, crudo)
    with bd.sesion(ACTOR) as s:
        saliente = s.exec(select(Saliente).where(Saliente.numero == numero)).one()
        with con_motivo(s, copia or "Aceptada por el servidor de correo"):
            _pasar(saliente, S.ENVIADA)
            saliente.enviado_en, saliente.ultimo_error = ahora(), ""
            saliente.proximo_intento_en = None
            s.add(saliente)
    informe.enviadas.append(numero)


def _pdf_de(almacen: Almacen, saliente: Saliente) -> bytes:
    """El PDF/A que sale; sin él (o dañado en el almacén) la carta no se envía, y se dice."""
    if not saliente.pdf_sha256:
        raise FalloDeEnvio(f"{saliente.numero} no tiene el PDF de su documento final.",
                           definitivo=True)  # fmt: skip
    try:
        return almacen.leer(saliente.pdf_sha256)
    except (BlobCorrupto, BlobInexistente) as exc:
        raise FalloDeEnvio(
            f"El PDF de {saliente.numero} falta o está dañado en el almacén ({exc}): restáurelo "
            "desde la copia de respaldo antes de reenviarla.",
            definitivo=True,
        ) from None


def _pasar(saliente: Saliente, nuevo: EstadoSalida, motivo: str = "") -> None:
    saliente.estado = CICLO_SALIDA.validar(saliente.estado, nuevo, motivo)


def _registrar_error(bd: BaseDeDatos, config: ConfigEnvio, numero: str, exc: FalloDeEnvio) -> None:
    """`error` con el motivo; el próximo intento espera el doble que el anterior, salvo que el
    rechazo sea definitivo o ya no queden intentos."""
    with bd.sesion(ACTOR) as s:
        saliente = s.exec(select(Saliente).where(Saliente.numero == numero)).one()
        with con_motivo(s, exc.mensaje[:500]):
            _pasar(saliente, S.ERROR)
            saliente.ultimo_error = exc.mensaje[:2000]
            espera = min(ESPERA_MAXIMA, ESPERA_INICIAL * 2 ** (saliente.intentos - 1))
            agotada = exc.definitivo or saliente.intentos >= config.intentos
            saliente.proximo_intento_en = None if agotada else ahora() + espera
            s.add(saliente)


def _resolver_interrumpidas(bd: BaseDeDatos, config: ConfigEnvio, informe: InformeEnvio) -> None:
    """Las cartas que quedaron `enviando` (con el candado tomado, nadie las está enviando)."""
    with bd.sesion(ACTOR) as s:
        interrumpidas = s.exec(select(Saliente).where(Saliente.estado == S.ENVIANDO)).all()
        for saliente in interrumpidas:
            copia = buscar_en_enviados(
                config.enviados, config.carpeta_enviados, saliente.message_id or ""
            )
            if copia:
                motivo = "El envío se interrumpió; su copia está en la carpeta de enviados"
                with con_motivo(s, motivo):
                    _pasar(saliente, S.ENVIADA)
                    saliente.enviado_en = saliente.enviado_en or ahora()
                    saliente.proximo_intento_en = None
                informe.recuperadas.append(saliente.numero)
            else:
                motivo = (
                    "El envío se interrumpió y no se sabe si el servidor lo aceptó: "
                    "decida si salió o se reenvía"
                )
                with con_motivo(s, motivo):
                    _pasar(saliente, S.INCIERTO)
                    saliente.ultimo_error, saliente.proximo_intento_en = motivo, None
                informe.inciertas.append(saliente.numero)
            s.add(saliente)


def despachar_siempre(
    *, bd: BaseDeDatos, almacen: Almacen, config: ConfigEnvio, segundos: float,
    parar: threading.Event,
) -> None:  # fmt: skip
    """Despacha cada `segundos` hasta que `parar` se active; nunca se cae."""
    while not parar.is_set():
        try:
            informe = despachar_una_vez(bd=bd, almacen=almacen, config=config)
            for numero, error in informe.con_error:
                log.warning("%s: %s", numero, error)
        except Exception:  # el ciclo no se cae: lo registra y sigue
            log.exception("la pasada de envío falló")
        parar.wait(segundos)
