"""Análisis MIME defensivo de un correo entrante: nunca lanza, avisa en español lo que no leyó.

Quien llama conserva siempre los bytes crudos; aquí solo se extrae lo legible (cabeceras, texto,
HTML sin sanear, adjuntos a cualquier profundidad) y se detectan las respuestas automáticas.
"""

from __future__ import annotations

import email
import re
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.message import Message
from email.parser import BytesHeaderParser

from correspondencia import mime_partes as partes
from correspondencia.mime_partes import AdjuntoAnalizado
from correspondencia.textos import sanear_html, texto_de_html

__all__ = [
    "AdjuntoAnalizado",
    "MensajeAnalizado",
    "analizar",
    "analizar_cabeceras",
    "sanear_html",
    "texto_de_html",
]

SEPARADOR_REENVIADO = "---------- Mensaje reenviado ----------"
MAX_PARTES = 1000
MAX_SEGUNDOS = 3.0
MAX_PROFUNDIDAD = 50
MAX_ADVERTENCIAS = 100
MAX_ASUNTO = 1000
MAX_DIRECCION = 500
# Con una sola de estas, los bytes ya parecen un correo (o una parte MIME suelta).
_CABECERAS_TIPICAS = ("from", "to", "subject", "date", "message-id", "mime-version", "content-type")
_PRECEDENCIAS_AUTOMATICAS = frozenset({"bulk", "junk", "list", "auto_reply"})
_REMITENTES_DE_SISTEMA = frozenset({"mailer-daemon", "postmaster"})
_NO = frozenset({"", "no", "false", "0"})
_NULO_AL_FINAL = re.compile(r"\s*<\s*>\s*$")


@dataclass(frozen=True)
class MensajeAnalizado:
    """Lo legible de un correo: cabeceras decodificadas, texto, HTML sin sanear y adjuntos."""

    message_id: str | None
    in_reply_to: tuple[str, ...]
    referencias: tuple[str, ...]
    remitente: str
    correo_remitente: str
    destinatarios: tuple[str, ...]
    asunto: str
    fecha: datetime | None
    texto: str
    html: str | None
    adjuntos: tuple[AdjuntoAnalizado, ...]
    automatico: bool
    motivo_automatico: str
    advertencias: tuple[str, ...]
    # En un informe de entrega (DSN): los Message-ID del mensaje que vuelve.
    ids_devueltos: tuple[str, ...] = ()


@dataclass
class _Recorrido:
    """Lo que se acumula al recorrer todo el árbol, incluidos los mensajes reenviados."""

    adjuntos: list[AdjuntoAnalizado] = field(default_factory=list)
    avisos: list[str] = field(default_factory=list)
    partes: int = 0
    reporte: bool = False
    internos: list[str] = field(default_factory=list)  # Message-ID de los mensajes adjuntos
    limite: float = field(default_factory=lambda: time.monotonic() + MAX_SEGUNDOS)


@dataclass
class _Cuerpo:
    """El cuerpo de un nivel de mensaje: sus textos, sus HTML y sus reenviados ya compuestos."""

    textos: list[str] = field(default_factory=list)
    htmls: list[str] = field(default_factory=list)
    reenviados: list[str] = field(default_factory=list)


def analizar(crudo: bytes) -> MensajeAnalizado:
    """Analiza un correo completo; ante cualquier falla devuelve un resultado con advertencia."""
    try:
        politica = partes.politica()
        msg = email.message_from_bytes(crudo, policy=politica)
        recorrido = _Recorrido(avisos=partes.avisos_de_recortes(politica))
        texto, html = _texto_de_nivel(msg, recorrido, 0)
        return _resultado(msg, recorrido, texto, html, vacio=not crudo.strip())
    except Exception as exc:  # la última red: el llamador igual guarda los bytes crudos
        return _fallido(exc)


def analizar_cabeceras(cabeceras: bytes) -> MensajeAnalizado:
    """Analiza solo el bloque de cabeceras (mensajes demasiado grandes para traerlos enteros)."""
    try:
        politica = partes.politica()
        msg = BytesHeaderParser(policy=politica).parsebytes(cabeceras)
        reporte = msg.get_content_type() == "multipart/report"
        recorrido = _Recorrido(avisos=partes.avisos_de_recortes(politica), reporte=reporte)
        return _resultado(msg, recorrido, "", None, vacio=not cabeceras.strip())
    except Exception as exc:  # la última red: el llamador igual guarda los bytes crudos
        return _fallido(exc)


# Un análisis sin nada: la base de lo que no llegó por correo (papel) o no se pudo leer.
VACIO = MensajeAnalizado(
    message_id=None,
    in_reply_to=(),
    referencias=(),
    remitente="",
    correo_remitente="",
    destinatarios=(),
    asunto="",
    fecha=None,
    texto="",
    html=None,
    adjuntos=(),
    automatico=False,
    motivo_automatico="",
    advertencias=(),
)


def _fallido(exc: Exception) -> MensajeAnalizado:
    """El resultado mínimo cuando ni siquiera se pudo recorrer el mensaje."""
    aviso = partes.limpiar_linea(
        f"No se pudo analizar el mensaje: {type(exc).__name__}: {exc}", 500
    )
    return replace(VACIO, advertencias=(aviso,))


def _resultado(
    msg: Message, recorrido: _Recorrido, texto: str, html: str | None, *, vacio: bool
) -> MensajeAnalizado:
    """Arma el resultado con las cabeceras del mensaje de primer nivel y lo ya recorrido."""
    avisos: list[str] = []
    if vacio:
        avisos.append("El mensaje está vacío")
    elif not any(partes.tiene_cabecera(msg, c) for c in _CABECERAS_TIPICAS):
        avisos.append("No parece un mensaje de correo: no trae ninguna cabecera de correo")
    ids_mensaje = partes.ids(msg, "Message-ID")
    nombre, correo = _remitente(msg, avisos)
    destinos = partes.direcciones(msg, "To", avisos) + partes.direcciones(msg, "Cc", avisos)
    motivo = _motivo_automatico(msg, correo, recorrido.reporte)
    return MensajeAnalizado(
        message_id=ids_mensaje[0] if ids_mensaje else None,
        in_reply_to=partes.ids(msg, "In-Reply-To"),
        referencias=partes.ids(msg, "References"),
        remitente=_para_mostrar(nombre, correo),
        correo_remitente=partes.limpiar_linea(correo, MAX_DIRECCION).lower(),
        destinatarios=tuple(d for d in (_para_mostrar(n, c) for n, c in destinos) if d),
        asunto=partes.limpiar_linea(partes.cabecera_texto(msg, "Subject", avisos), MAX_ASUNTO),
        fecha=partes.fecha(msg, avisos),
        texto=partes.limpiar_texto(texto),
        html=None if html is None else partes.limpiar_texto(html),
        adjuntos=tuple(recorrido.adjuntos),
        automatico=bool(motivo),
        motivo_automatico=motivo,
        advertencias=_sin_repetir(avisos + recorrido.avisos),
        ids_devueltos=tuple(dict.fromkeys(recorrido.internos)) if recorrido.reporte else (),
    )


def _remitente(msg: Message, avisos: list[str]) -> tuple[str, str]:
    """(nombre, dirección) del primer From; la dirección queda "" si es nula (`<>`)."""
    encontradas = partes.direcciones(msg, "From", avisos)
    if not encontradas:
        return "", ""
    nombre, correo = encontradas[0]
    return nombre, "" if correo.strip() in ("", "<>") else correo


def _para_mostrar(nombre: str, correo: str) -> str:
    """Forma «Nombre <correo@x>» (o solo lo que haya), en una línea y recortada."""
    correo = "" if correo.strip() in ("", "<>") else correo
    forma = f"{nombre} <{correo}>" if nombre and correo else nombre or correo
    return partes.limpiar_linea(forma, MAX_DIRECCION)


def _sin_repetir(avisos: list[str]) -> tuple[str, ...]:
    """Advertencias sin duplicados, en orden de aparición y con un tope."""
    unicos = [partes.limpiar_linea(a, 500) for a in dict.fromkeys(avisos)]
    if len(unicos) > MAX_ADVERTENCIAS:
        sobran = len(unicos) - MAX_ADVERTENCIAS
        unicos = [*unicos[:MAX_ADVERTENCIAS], f"… y {sobran} advertencias más"]
    return tuple(unicos)


def _motivo_automatico(msg: Message, correo: str, reporte: bool) -> str:
    """Por qué el mensaje es automático (RFC 3834/3464), o "" si lo escribió una persona."""
    enviado = partes.valor_crudo(msg, "Auto-Submitted").split(";")[0].strip().lower()
    if enviado not in _NO:
        return f"Auto-Submitted: {partes.limpiar_linea(enviado, 60)}"
    if reporte:
        return "informe de entrega (multipart/report)"
    vuelta = partes.valor_crudo(msg, "Return-Path")
    de = partes.valor_crudo(msg, "From")
    # Nulo es `<>` o vacío; un From ilegible (sin dirección entendible) no cuenta como nulo.
    de_nulo = partes.tiene_cabecera(msg, "From") and (not de.strip() or _NULO_AL_FINAL.search(de))
    if _NULO_AL_FINAL.fullmatch(vuelta) or de_nulo:
        return "remitente nulo"
    if correo.split("@")[0].lower() in _REMITENTES_DE_SISTEMA:
        return f"remitente del sistema de correo ({partes.limpiar_linea(de, 100)})"
    precedencia = partes.valor_crudo(msg, "Precedence").strip().lower()
    if precedencia in _PRECEDENCIAS_AUTOMATICAS:
        return f"Precedence: {precedencia}"
    for cabecera in ("X-Autoreply", "X-Autorespond"):
        valor = partes.valor_crudo(msg, cabecera).strip()
        if partes.tiene_cabecera(msg, cabecera) and valor.lower() not in _NO - {""}:
            return partes.limpiar_linea(f"{cabecera}: {valor}", 100)
    return ""


def _texto_de_nivel(
    msg: Message, recorrido: _Recorrido, profundidad: int
) -> tuple[str, str | None]:
    """Texto de un mensaje (el propio y, al final, el de sus reenviados) y su primer HTML."""
    cuerpo = _Cuerpo()
    _recorrer(msg, recorrido, cuerpo, profundidad)
    propios = cuerpo.textos or [texto_de_html(h) for h in cuerpo.htmls]
    bloques = [t.strip() for t in propios if t.strip()] + cuerpo.reenviados
    return "\n\n".join(bloques), (cuerpo.htmls[0] if cuerpo.htmls else None)


def _recorrer(parte: Message, recorrido: _Recorrido, cuerpo: _Cuerpo, profundidad: int) -> None:
    """Visita una parte y sus hijas, sin que una parte rota haga perder las demás."""
    if recorrido.partes >= MAX_PARTES:
        recorrido.avisos.append(f"El mensaje tiene más de {MAX_PARTES} partes; no se leyó el resto")
        return
    if time.monotonic() > recorrido.limite:
        recorrido.avisos.append(f"El análisis superó {MAX_SEGUNDOS:g} s; no se leyó el resto")
        return
    if profundidad > MAX_PROFUNDIDAD:
        recorrido.avisos.append(
            f"Partes anidadas a más de {MAX_PROFUNDIDAD} niveles; no se leyeron"
        )
        return
    recorrido.partes += 1
    # Los defectos de base64 aparecen al decodificar: se leen al final.
    try:
        _visitar(parte, recorrido, cuerpo, profundidad)
    except Exception as exc:  # una parte rota no debe llevarse a las demás
        tipo = partes.limpiar_linea(partes.valor_crudo(parte, "Content-Type"), 80) or "sin tipo"
        recorrido.avisos.append(f"No se pudo leer una parte ({tipo}): {type(exc).__name__}")
    recorrido.avisos.extend(partes.defectos_en_espanol(parte.defects))


def _visitar(parte: Message, recorrido: _Recorrido, cuerpo: _Cuerpo, profundidad: int) -> None:
    """Decide si la parte es contenedor, reenviado, cuerpo o adjunto, y la lee como tal."""
    tipo = parte.get_content_type()
    carga = parte.get_payload() if parte.is_multipart() else None
    hijas = [h for h in carga if isinstance(h, Message)] if isinstance(carga, list) else None
    if tipo == "multipart/report":
        recorrido.reporte = True
    # `email` analiza como mensaje todo message/* salvo el informe de entrega (bloques sueltos).
    if hijas and tipo.startswith("message/") and tipo != "message/delivery-status":
        _reenviado(hijas[0], recorrido, cuerpo, profundidad)
    elif hijas is not None and tipo.startswith("multipart/"):
        for hija in hijas:
            _recorrer(hija, recorrido, cuerpo, profundidad + 1)
    elif tipo == "text/rfc822-headers":  # el informe trae solo las cabeceras del devuelto
        carga = parte.get_payload(decode=True)
        devuelto = email.message_from_bytes(carga if isinstance(carga, bytes) else b"")
        recorrido.internos.extend(partes.ids(devuelto, "Message-ID"))
        recorrido.adjuntos.append(partes.adjunto_de_parte(parte, len(recorrido.adjuntos) + 1))
    elif _es_cuerpo(parte, tipo):
        texto = partes.texto_de_parte(parte, recorrido.avisos)
        (cuerpo.htmls if tipo == "text/html" else cuerpo.textos).append(texto)
    else:
        numero = len(recorrido.adjuntos) + 1
        recorrido.adjuntos.append(partes.adjunto_de_parte(parte, numero))


def _es_cuerpo(parte: Message, tipo: str) -> bool:
    """¿Es texto del cuerpo (y no un adjunto)? Un multipart sin partes se lee como texto."""
    if tipo.startswith("multipart/"):
        return True
    if tipo not in ("text/plain", "text/html") or parte.get_content_disposition() == "attachment":
        return False
    return not parte.get_filename()


def _reenviado(interno: Message, recorrido: _Recorrido, cuerpo: _Cuerpo, profundidad: int) -> None:
    """Agrega al cuerpo el texto de un mensaje reenviado como adjunto (message/rfc822)."""
    recorrido.internos.extend(partes.ids(interno, "Message-ID"))
    texto, _ = _texto_de_nivel(interno, recorrido, profundidad + 1)
    avisos: list[str] = []  # los defectos de cabecera del reenviado no son del mensaje recibido
    nombre, correo = _remitente(interno, avisos)
    asunto = partes.limpiar_linea(partes.cabecera_texto(interno, "Subject", avisos), MAX_ASUNTO)
    encabezado = f"{SEPARADOR_REENVIADO}\nDe: {_para_mostrar(nombre, correo)}\nAsunto: {asunto}"
    cuerpo.reenviados.append(f"{encabezado}\n\n{texto}".strip())
