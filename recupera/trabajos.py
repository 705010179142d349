"""El trabajo programado del servicio: sondear la carpeta de entrada y los buzones, enviar por
correo las cartas salientes, generar y enviar los avisos, retomar las tareas largas en espera,
verificar el archivo, revisar las cuotas de los convenios y hacer las copias de respaldo, cada
uno en su hilo, con los servicios de la instalación."""

from __future__ import annotations

import threading
from collections.abc import Callable

from archivo import verificar_periodicamente
from avisos import ConfigAvisos, avisar_siempre
from correspondencia import ConfigEnvio, despachar_siempre, sondear_siempre
from recupera.composicion import Servicios
from recupera.tareas import Ejecutor
from recupera.web.enlaces import enlace_absoluto
from respaldo import respaldar_periodicamente
from seguimiento import revisar_cuotas_periodicamente


def _hilo(nombre: str, objetivo: Callable[..., object], **argumentos: object) -> None:
    threading.Thread(target=objetivo, kwargs=argumentos, name=nombre, daemon=True).start()


def arrancar_trabajos(
    servicios: Servicios, *, sondear: bool, parar: threading.Event | None = None
) -> list[str]:
    """Arranca los hilos del trabajo programado; devuelve qué hace cada uno, para decirlo.
    Activar `parar` les pide terminar lo que están haciendo y salir (`recupera worker`)."""
    conf, avisos = servicios.settings, []
    parar = parar or threading.Event()
    if sondear:
        _hilo("sondeo", sondear_siempre, bd=servicios.bd, settings=conf, parar=parar)
        avisos.append(
            f"Sondeando la carpeta {conf.data_dir / 'entrada'} cada {conf.sondeo_segundos} s."
        )
        avisos.append(_enviar(servicios, parar))
        avisos.append(_avisar(servicios, parar))
    _hilo("tareas", Ejecutor(servicios).barrer_siempre, segundos=conf.sondeo_segundos,
          parar=parar)  # fmt: skip
    avisos.append(f"Retomando cada {conf.sondeo_segundos} s las tareas en espera o interrumpidas.")
    _hilo("verificacion", verificar_periodicamente, bd=servicios.bd, almacen=servicios.almacen,
          horas=conf.verificacion_horas, parar=parar)  # fmt: skip
    avisos.append(f"Verificando el archivo al arrancar y cada {conf.verificacion_horas:g} h.")
    _hilo("convenios", revisar_cuotas_periodicamente, bd=servicios.bd, p=servicios.documentos,
          tolerancia_dias=conf.tolerancia_cuota_dias, horas=24, parar=parar)  # fmt: skip
    avisos.append("Revisando las cuotas de los convenios al arrancar y cada día.")
    avisos.append(_respaldar(servicios, parar))
    return avisos


def _respaldar(servicios: Servicios, parar: threading.Event) -> str:
    """El hilo de las copias de respaldo diarias, si hay carpeta para ellas."""
    conf = servicios.settings
    if conf.respaldo_dir is None:
        return (
            "Sin copias programadas (RECUPERA_RESPALDO_DIR no está): use «recupera backup create»."
        )
    _hilo("respaldo", respaldar_periodicamente, engine=servicios.bd.engine,
          almacen=servicios.almacen, destino=conf.respaldo_dir, hora=conf.respaldo_hora,
          diarias=conf.respaldo_diarias, semanales=conf.respaldo_semanales,
          parar=parar)  # fmt: skip
    return (
        f"Copia de respaldo diaria en {conf.respaldo_dir} desde las {conf.respaldo_hora}:00; "
        f"se guardan {conf.respaldo_diarias} diarias y {conf.respaldo_semanales} semanales."
    )


def config_de_avisos(servicios: Servicios) -> ConfigAvisos:
    """Lo que el barrido de avisos toma de la configuración."""
    conf = servicios.settings
    return ConfigAvisos(
        dias=conf.avisos_dias,
        hora_resumen=conf.avisos_hora,
        smtp=ConfigEnvio.desde(conf),
        enlace=enlace_absoluto(conf.url_publica or f"http://{conf.host}:{conf.port}"),
    )


def _avisar(servicios: Servicios, parar: threading.Event) -> str:
    """El hilo que genera los avisos y los envía por correo."""
    config = config_de_avisos(servicios)
    _hilo("avisos", avisar_siempre, bd=servicios.bd, config=config,
          segundos=servicios.settings.sondeo_segundos, parar=parar)  # fmt: skip
    correo = "y los envía por correo" if config.smtp else "(sin correo: RECUPERA_SMTP_HOST no está)"
    return f"Generando avisos cada {servicios.settings.sondeo_segundos} s {correo}."


def _enviar(servicios: Servicios, parar: threading.Event) -> str:
    """El hilo que envía por correo las cartas salientes, si el canal está configurado."""
    conf = servicios.settings
    config = ConfigEnvio.desde(conf)
    if config is None:
        return (
            "El canal de correo electrónico está apagado (sin RECUPERA_SMTP_HOST): las cartas "
            "por correo quedan por enviar."
        )
    _hilo("envio", despachar_siempre, bd=servicios.bd, almacen=servicios.almacen, config=config,
          segundos=conf.sondeo_segundos, parar=parar)  # fmt: skip
    return f"Enviando las cartas por correo con {config.host} cada {conf.sondeo_segundos} s."
