"""El trabajo programado del servicio: sondear la carpeta de entrada y los buzones, enviar por
correo las cartas salientes, generar y enviar los avisos, verificar el archivo y revisar las cuotas
de los convenios, cada uno en su hilo, con los servicios de la instalación."""

from __future__ import annotations

import threading
from collections.abc import Callable

from archivo import verificar_periodicamente
from avisos import ConfigAvisos, avisar_siempre
from correspondencia import ConfigEnvio, despachar_siempre, sondear_siempre
from recupera.composicion import Servicios
from recupera.web.enlaces import enlace_absoluto
from seguimiento import revisar_cuotas_periodicamente


def _hilo(nombre: str, objetivo: Callable[..., object], **argumentos: object) -> None:
    threading.Thread(target=objetivo, kwargs=argumentos, name=nombre, daemon=True).start()


def arrancar_trabajos(servicios: Servicios, *, sondear: bool) -> list[str]:
    """Arranca los hilos del trabajo programado; devuelve qué hace cada uno, para decirlo."""
    conf, avisos = servicios.settings, []
    if sondear:
        _hilo("sondeo", sondear_siempre, bd=servicios.bd, settings=conf)
        avisos.append(
            f"Sondeando la carpeta {conf.data_dir / 'entrada'} cada {conf.sondeo_segundos} s."
        )
        avisos.append(_enviar(servicios))
        avisos.append(_avisar(servicios))
    _hilo("verificacion", verificar_periodicamente, bd=servicios.bd, almacen=servicios.almacen,
          horas=conf.verificacion_horas, parar=threading.Event())  # fmt: skip
    avisos.append(f"Verificando el archivo al arrancar y cada {conf.verificacion_horas:g} h.")
    _hilo("convenios", revisar_cuotas_periodicamente, bd=servicios.bd, p=servicios.documentos,
          tolerancia_dias=conf.tolerancia_cuota_dias, horas=24, parar=threading.Event())  # fmt: skip
    avisos.append("Revisando las cuotas de los convenios al arrancar y cada día.")
    return avisos


def config_de_avisos(servicios: Servicios) -> ConfigAvisos:
    """Lo que el barrido de avisos toma de la configuración."""
    conf = servicios.settings
    return ConfigAvisos(
        dias=conf.avisos_dias,
        hora_resumen=conf.avisos_hora,
        smtp=ConfigEnvio.desde(conf),
        enlace=enlace_absoluto(conf.url_publica or f"http://{conf.host}:{conf.port}"),
    )


def _avisar(servicios: Servicios) -> str:
    """El hilo que genera los avisos y los envía por correo."""
    config = config_de_avisos(servicios)
    _hilo("avisos", avisar_siempre, bd=servicios.bd, config=config,
          segundos=servicios.settings.sondeo_segundos, parar=threading.Event())  # fmt: skip
    correo = "y los envía por correo" if config.smtp else "(sin correo: RECUPERA_SMTP_HOST no está)"
    return f"Generando avisos cada {servicios.settings.sondeo_segundos} s {correo}."


def _enviar(servicios: Servicios) -> str:
    """El hilo que envía por correo las cartas salientes, si el canal está configurado."""
    conf = servicios.settings
    config = ConfigEnvio.desde(conf)
    if config is None:
        return (
            "El canal de correo electrónico está apagado (sin RECUPERA_SMTP_HOST): las cartas "
            "por correo quedan por enviar."
        )
    _hilo("envio", despachar_siempre, bd=servicios.bd, almacen=servicios.almacen, config=config,
          segundos=conf.sondeo_segundos, parar=threading.Event())  # fmt: skip
    return f"Enviando las cartas por correo con {config.host} cada {conf.sondeo_segundos} s."
