"""Lectura de las piezas de un mensaje: cabeceras decodificadas, cuerpos, adjuntos y defectos.

Cada función recibe una lista `avisos` donde deja, en español, lo que encontró mal; ninguna
decide qué es cuerpo y qué es adjunto (eso lo hace `correspondencia.mime` al recorrer el árbol).
"""

from __future__ import annotations

import codecs
import mimetypes
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import errors, policy
from email.header import decode_header
from email.message import Message
from email.policy import EmailPolicy
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

# El analizador de cabeceras de `email` es lento (hasta cuadrático) con valores enormes: miles de
# palabras codificadas, de direcciones o de parámetros. Se guarda solo el comienzo de cada una.
MAX_CABECERA = 16_000
MAX_REFERENCIAS = 64_000
MAX_CABECERA_MIME = 4_000
MAX_NOMBRE = 255
MAX_ID = 998

# Solo la tabla propia de Python: el nombre generado no depende del /etc/mime.types de cada equipo.
_TIPOS = mimetypes.MimeTypes()
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_MULTILINEA = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SUSTITUTOS = re.compile(r"[\ud800-\udfff]")
_ID_ENTRE_ANGULOS = re.compile(r"<([^<>]*)>")
_PLIEGUE = re.compile(r"[\r\n]")
# punycode e idna son lentos con entradas grandes y nunca son el juego de un cuerpo de correo.
_JUEGOS_VETADOS = frozenset({"idna", "punycode", "undefined"})

_DEFECTOS_DE_ESTRUCTURA = {
    "StartBoundaryNotFoundDefect": "no aparece el delimitador inicial de las partes",
    "CloseBoundaryNotFoundDefect": "falta el delimitador de cierre",
    "MultipartInvariantViolationDefect": "dice ser multipart pero no tiene partes",
    "NoBoundaryInMultipartDefect": "no declara delimitador (boundary)",
    "InvalidMultipartContentTransferEncodingDefect": "usa una codificación de transferencia no válida",
}
_DEFECTOS_DE_BASE64 = {
    "InvalidBase64PaddingDefect": "relleno incorrecto",
    "InvalidBase64CharactersDefect": "caracteres fuera del alfabeto base64",
    "InvalidBase64LengthDefect": "longitud imposible",
}
_DEFECTOS_DE_CABECERA = {
    "MissingHeaderBodySeparatorDefect": "falta la línea en blanco entre cabeceras y cuerpo",
    "MisplacedEnvelopeHeaderDefect": "línea de sobre «From » fuera de lugar",
    "FirstHeaderLineIsContinuationDefect": "la primera línea es la continuación de otra",
    "InvalidHeaderDefect": "valor no válido",
    "HeaderMissingRequiredValue": "falta un valor obligatorio",
    "NonPrintableDefect": "contiene caracteres no imprimibles",
    "UndecodableBytesDefect": "contiene bytes que no se pueden decodificar",
    "NonASCIILocalPartDefect": "dirección con caracteres no ASCII antes de la @",
}
# Sintaxis antigua pero legible, y fechas (las avisa `fecha` con el valor leído): no se avisan.
_DEFECTOS_IGNORADOS = frozenset({"ObsoleteHeaderDefect", "InvalidDateDefect"})


class PoliticaAcotada(EmailPolicy):
    """`policy.default` que recorta cada cabecera al leerla y anota en `recortes` cuáles."""

    recortes: list[tuple[str, int]] | None = None

    def __init__(self, **opciones: Any) -> None:
        """Las opciones de `EmailPolicy`, más `recortes` (la lista donde anotar)."""
        super().__init__(**opciones)

    def header_source_parse(self, sourcelines: list[str]) -> tuple[str, str]:
        """Separa nombre y valor como `policy.default`, recortando el valor si es enorme."""
        nombre, valor = super().header_source_parse(sourcelines)
        clave = nombre.lower()
        if clave in ("references", "in-reply-to"):
            maximo = MAX_REFERENCIAS
        elif clave.startswith("content-"):
            maximo = MAX_CABECERA_MIME  # el feedparser los relee en cada parte
        else:
            maximo = MAX_CABECERA
        if len(valor) > maximo:
            if self.recortes is not None:
                self.recortes.append((nombre, len(valor)))
            valor = valor[:maximo]
        return nombre, valor


def politica() -> PoliticaAcotada:
    """Una política nueva para analizar un mensaje, con su propia lista de recortes."""
    return PoliticaAcotada(recortes=[])


def avisos_de_recortes(politica: PoliticaAcotada) -> list[str]:
    """Las cabeceras recortadas, explicadas en español."""
    return [
        f"Cabecera mal formada: «{limpiar_linea(nombre, 80)}» tiene {largo} caracteres; "
        "se leyó solo el comienzo"
        for nombre, largo in politica.recortes or []
    ]


@dataclass(frozen=True)
class AdjuntoAnalizado:
    """Un adjunto: nombre tal como vino (un dato, nunca una ruta), tipo MIME y bytes decodificados."""

    nombre: str
    tipo_mime: str
    datos: bytes


def decodificar(crudo: bytes) -> tuple[str, str]:
    """Texto de bytes sin juego de caracteres fiable: UTF-8 si es válido, si no Windows-1252."""
    try:
        return crudo.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return crudo.decode("cp1252", errors="replace"), "Windows-1252"


def reparar(texto: str) -> str:
    """Convierte los bytes crudos que `email` guarda como sustitutos en texto legible."""
    if not _SUSTITUTOS.search(texto):
        return texto
    try:
        return decodificar(texto.encode("utf-8", "surrogateescape"))[0]
    except UnicodeEncodeError:
        # Sustitutos que no vienen de bytes crudos: los quita la limpieza final.
        return texto


def limpiar_linea(texto: str, maximo: int) -> str:
    """Una sola línea: sin caracteres de control ni saltos, espacios colapsados, recortada."""
    return " ".join(_CONTROL.sub(" ", texto).split())[:maximo]


def limpiar_texto(texto: str) -> str:
    """Texto de varias líneas: saltos `\\n`, sin NUL ni otros controles (PostgreSQL rechaza NUL)."""
    unificado = texto.replace("\r\n", "\n").replace("\r", "\n")
    return _SUSTITUTOS.sub("\ufffd", _CONTROL_MULTILINEA.sub("", unificado))


def limpiar_nombre(texto: str) -> str:
    """Nombre de adjunto como dato: sin caracteres de control y con a lo sumo 255 caracteres."""
    return _CONTROL.sub("", reparar(texto)).strip()[:MAX_NOMBRE]


def valor_crudo(msg: Message, nombre: str) -> str:
    """El primer valor de la cabecera sin interpretar ("" si falta), sin pliegues."""
    for clave, valor in msg.raw_items():
        if clave.lower() == nombre.lower():
            return reparar(_PLIEGUE.sub("", str(valor)))
    return ""


def tiene_cabecera(msg: Message, nombre: str) -> bool:
    """¿Trae el mensaje esa cabecera (aunque esté vacía)?"""
    return any(clave.lower() == nombre.lower() for clave, _ in msg.raw_items())


def cabecera_texto(msg: Message, nombre: str, avisos: list[str]) -> str:
    """Valor decodificado (RFC 2047) de una cabecera de texto libre como el asunto."""
    crudo = valor_crudo(msg, nombre)
    if not crudo:
        return ""
    try:
        cabecera = policy.default.header_factory(nombre, crudo)
        avisos.extend(defectos_en_espanol(cabecera.defects, nombre))
        return reparar(str(cabecera))
    except Exception:  # el analizador moderno falla con valores raros: hay respaldo
        avisos.append(f"Cabecera mal formada: «{nombre}» se leyó con el decodificador antiguo")
        return decodificar_antiguo(crudo)


def decodificar_antiguo(crudo: str) -> str:
    """Decodificación al estilo compat32 (`decode_header`), con reemplazo de lo ilegible."""
    try:
        trozos = decode_header(crudo)
    except (errors.HeaderParseError, ValueError):
        return crudo
    # `decode_header` ya conserva los espacios entre trozos: basta con unirlos.
    return "".join(_trozo_legible(trozo, juego) for trozo, juego in trozos)


def _trozo_legible(trozo: bytes | str, juego: str | None) -> str:
    """Un trozo de `decode_header` como texto, aunque su juego sea desconocido."""
    if isinstance(trozo, str):
        return trozo
    if juego and es_juego_conocido(juego):
        return trozo.decode(juego, errors="replace")
    return decodificar(trozo)[0]


def direcciones(msg: Message, nombre: str, avisos: list[str]) -> list[tuple[str, str]]:
    """Pares (nombre para mostrar, dirección) de una cabecera como From, To o Cc."""
    crudo = valor_crudo(msg, nombre)
    if not crudo.strip():
        return []
    try:
        cabecera = policy.default.header_factory(nombre, crudo)
        avisos.extend(defectos_en_espanol(cabecera.defects, nombre))
        return [(reparar(d.display_name), reparar(d.addr_spec)) for d in cabecera.addresses]
    except Exception:  # el analizador moderno falla con valores raros: hay respaldo
        avisos.append(f"Cabecera mal formada: «{nombre}» se leyó con el decodificador antiguo")
        return getaddresses([decodificar_antiguo(crudo)])


def ids(msg: Message, nombre: str) -> tuple[str, ...]:
    """Identificadores de mensaje sin `<>`, sin repetir (Message-ID, In-Reply-To, References)."""
    crudo = valor_crudo(msg, nombre)
    # Hay programas que omiten los ángulos: entonces cada palabra es un identificador.
    encontrados = _ID_ENTRE_ANGULOS.findall(crudo) or crudo.replace(",", " ").split()
    limpios = ("".join(_CONTROL.sub("", i).split()).strip("<>")[:MAX_ID] for i in encontrados)
    return tuple(dict.fromkeys(i for i in limpios if i))


def fecha(msg: Message, avisos: list[str]) -> datetime | None:
    """La cabecera Date en UTC; sin zona se supone UTC; None si falta o no se entiende."""
    crudo = valor_crudo(msg, "Date").strip()
    if not crudo:
        return None
    try:
        valor = parsedate_to_datetime(crudo)
        if valor.tzinfo is None:
            valor = valor.replace(tzinfo=UTC)
        return valor.astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        avisos.append(f"Cabecera mal formada: la fecha «{limpiar_linea(crudo, 80)}» no se entiende")
        return None


def defectos_en_espanol(defectos: list[errors.MessageDefect], cabecera: str = "") -> list[str]:
    """Los defectos que `email` registró, explicados en español, uno por defecto."""
    avisos = []
    for defecto in defectos:
        clase = type(defecto).__name__
        if clase in _DEFECTOS_IGNORADOS:
            continue
        if clase in _DEFECTOS_DE_ESTRUCTURA:
            avisos.append(f"La estructura multipart está rota: {_DEFECTOS_DE_ESTRUCTURA[clase]}")
        elif clase in _DEFECTOS_DE_BASE64:
            avisos.append(
                f"Un adjunto o cuerpo tiene base64 inválido: {_DEFECTOS_DE_BASE64[clase]}"
            )
        else:
            donde = f"«{cabecera}»: " if cabecera else ""
            avisos.append(f"Cabecera mal formada: {donde}{_DEFECTOS_DE_CABECERA.get(clase, clase)}")
    return avisos


def es_juego_conocido(juego: str) -> bool:
    """¿Sabe Python decodificar texto con ese juego de caracteres (y es razonable hacerlo)?"""
    try:
        info = codecs.lookup(juego)
    except (LookupError, ValueError):
        return False
    # Los códecs de bytes a bytes (base64, zlib…) también están registrados: no son texto.
    return info._is_text_encoding and info.name not in _JUEGOS_VETADOS


def texto_de_parte(parte: Message, avisos: list[str]) -> str:
    """El cuerpo de una parte de texto, con respaldo si el juego de caracteres es desconocido."""
    crudo = parte.get_payload(decode=True)
    if not isinstance(crudo, bytes):
        return ""
    juego = parte.get_content_charset() or "us-ascii"
    if juego in ("us-ascii", "ascii") and not crudo.isascii():
        # 8 bits sin juego declarado: en la práctica, UTF-8 o Windows-1252.
        return decodificar(crudo)[0]
    if es_juego_conocido(juego):
        try:
            return crudo.decode(juego, errors="replace")
        except (LookupError, UnicodeError):
            pass
    texto, leido = decodificar(crudo)
    nombre = limpiar_linea(juego, 60)
    avisos.append(f"Juego de caracteres desconocido «{nombre}»; se leyó como {leido}")
    return texto


def adjunto_de_parte(parte: Message, numero: int) -> AdjuntoAnalizado:
    """El adjunto de una parte hoja; sin nombre, uno generado: `adjunto-<n>.<ext>`."""
    tipo = limpiar_linea(parte.get_content_type().lower(), MAX_NOMBRE)
    nombre = limpiar_nombre(parte.get_filename() or "")
    if not nombre:
        nombre = f"adjunto-{numero}{_TIPOS.guess_extension(tipo) or '.bin'}"
    return AdjuntoAnalizado(nombre=nombre, tipo_mime=tipo, datos=datos_de_parte(parte))


def datos_de_parte(parte: Message) -> bytes:
    """Los bytes decodificados (base64, quoted-printable) de una parte hoja."""
    carga = parte.get_payload(decode=True)
    if isinstance(carga, bytes):
        return carga
    # message/delivery-status y parecidos: la carga son bloques de cabeceras ya analizados.
    bloques = parte.get_payload()
    if isinstance(bloques, list):
        return b"\n".join(b.as_bytes() for b in bloques if isinstance(b, Message))
    return b""
