"""El barrido de los avisos, una vez (`recupera notificaciones send --once`) o sin fin (el
servicio y `recupera notificaciones send`): generar lo nuevo y enviar lo que toca por correo."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from avisos.correo import ACTOR, Enlace, enviar_avisos
from avisos.generacion import generar_avisos
from correspondencia import ServidorSmtp
from expedientes import ZONA_LOCAL, BaseDeDatos, ahora, hoy

log = logging.getLogger(__name__)


@dataclass
class InformeAvisos:
    """Lo que hizo un barrido."""

    creados: int = 0
    correos: int = 0
    errores: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ConfigAvisos:
    """Lo que el barrido toma de la configuración."""

    dias: int  # avisar de lo que vence dentro de estos días hábiles
    hora_resumen: int  # a partir de qué hora sale el resumen diario
    smtp: ServidorSmtp | None  # None: el correo está apagado
    enlace: Enlace  # la dirección web de un aviso


def avisar_una_vez(*, bd: BaseDeDatos, config: ConfigAvisos) -> InformeAvisos:
    """Un barrido completo."""
    momento = ahora()
    with bd.sesion(ACTOR) as s:
        creados = generar_avisos(session=s, hoy=hoy(), ahora=momento, dias=config.dias)
    correos, errores = enviar_avisos(
        bd=bd, config=config.smtp, enlace=config.enlace,
        ahora_local=momento.astimezone(ZONA_LOCAL), hora_resumen=config.hora_resumen,
    )  # fmt: skip
    return InformeAvisos(len(creados), correos, errores)


def avisar_siempre(
    *, bd: BaseDeDatos, config: ConfigAvisos, segundos: float, parar: threading.Event
) -> None:
    """Barre cada `segundos` hasta que `parar` se active; nunca se cae."""
    while not parar.is_set():
        try:
            informe = avisar_una_vez(bd=bd, config=config)
            for error in informe.errores:
                log.warning("%s", error)
        except Exception:  # el ciclo no se cae: lo registra y sigue en el siguiente barrido
            log.exception("el barrido de avisos falló")
        parar.wait(segundos)
