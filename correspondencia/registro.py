"""Registrar una carta entrante: guardar sus bytes, numerarla `CE-AAAA-NNNNNN`, vincularla y
ponerle plazo, todo en la transacción de quien llama.

La preparación (análisis MIME, almacén, texto de los PDF) ocurre antes y fuera de la transacción:
así el candado de la base se toma solo para lo que de verdad es del registro.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlmodel import Session

from archivo import Almacen
from correspondencia.mime import VACIO, MensajeAnalizado, analizar, analizar_cabeceras
from correspondencia.modelos import Adjunto, Correspondencia
from correspondencia.rebotes import registrar_rebotes
from correspondencia.reglas import TIPOS_DE_CARTA, ReglasDePlazo
from correspondencia.solicitudes import responder_solicitudes
from correspondencia.textos import texto_de_adjunto
from correspondencia.vinculos import proponer_vinculo
from expedientes import ZONA_LOCAL, ErrorDominio, ahora, formatear_numero, siguiente_numero

SERIE = "CE"
DIGITOS = 6


@dataclass(frozen=True)
class AdjuntoPreparado:
    """Un adjunto ya guardado en el almacén, con su texto extraído."""

    nombre: str
    tipo_mime: str
    sha256: str
    bytes: int
    texto: str = ""
    clase: str = "correo"


@dataclass(frozen=True)
class Preparado:
    """Una carta lista para registrar: sus bytes ya están a salvo en el almacén."""

    analisis: MensajeAnalizado
    sha256: str
    bytes: int
    adjuntos: tuple[AdjuntoPreparado, ...]
    advertencias: tuple[str, ...]
    incompleto: bool = False
    texto_ocr: str = ""


@dataclass(frozen=True)
class OrigenCarta:
    """De dónde vino la carta: la clave que impide registrarla dos veces."""

    tipo: str  # imap | carpeta | papel
    buzon_id: int | None = None
    carpeta: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None
    pendiente_servidor: bool = False
    nombre_archivo: str = ""


@dataclass(frozen=True)
class DatosManuales:
    """Lo que la secretaria escribe al registrar una carta en papel."""

    remitente: str
    asunto: str
    referencia_remitente: str = ""
    fecha_documento: datetime | None = None
    destinatarios: tuple[str, ...] = field(default_factory=tuple)


def preparar_correo(crudo: bytes, *, almacen: Almacen) -> Preparado:
    """Analiza un mensaje completo y guarda el .eml y cada adjunto en el almacén."""
    analisis = analizar(crudo)
    sha = almacen.guardar(crudo)
    adjuntos, avisos = guardar_adjuntos(analisis, almacen=almacen)
    # Los bytes de los adjuntos ya están en el almacén: no viajan más (entre procesos, p. ej.).
    return Preparado(
        replace(analisis, adjuntos=()),
        sha,
        len(crudo),
        adjuntos,
        tuple(analisis.advertencias) + tuple(avisos),
    )


def preparar_cabeceras(
    cabeceras: bytes, *, almacen: Almacen, tamano: int, sha256: str | None = None
) -> Preparado:
    """Un mensaje demasiado grande: se registra desde sus cabeceras, con advertencia."""
    analisis = analizar_cabeceras(cabeceras)
    sha = sha256 or almacen.guardar(cabeceras)
    aviso = (
        f"El mensaje mide {tamano / 1048576:.1f} MiB y supera el máximo configurado "
        "(RECUPERA_MAX_MESSAGE_BYTES): se registró solo desde sus cabeceras"
    )
    return Preparado(analisis, sha, tamano, (), (*analisis.advertencias, aviso), incompleto=True)


def guardar_adjuntos(
    analisis: MensajeAnalizado, *, almacen: Almacen
) -> tuple[tuple[AdjuntoPreparado, ...], list[str]]:
    """Guarda cada adjunto (una vez por contenido) y extrae su texto para vincular y buscar."""
    preparados: list[AdjuntoPreparado] = []
    avisos: list[str] = []
    for a in analisis.adjuntos:
        texto, problemas = texto_de_adjunto(a.nombre, a.tipo_mime, a.datos)
        avisos.extend(f"Adjunto «{a.nombre}»: {p}" for p in problemas)
        sha = almacen.guardar(a.datos)
        preparados.append(AdjuntoPreparado(a.nombre, a.tipo_mime, sha, len(a.datos), texto))
    return tuple(preparados), avisos


@dataclass(frozen=True)
class Entrante:
    """Una carta preparada con su origen y su hora de llegada, lista para numerar."""

    preparado: Preparado
    origen: OrigenCarta
    recibido_en: datetime


def registrar_carta(
    *,
    session: Session,
    preparado: Preparado,
    origen: OrigenCarta,
    recibido_en: datetime,
    reglas: ReglasDePlazo,
    tipo: str = "general",
    manual: DatosManuales | None = None,
    registrado_por_id: int | None = None,
) -> Correspondencia:
    """Numera y guarda la carta con sus adjuntos, la vincula si es claro y le pone plazo."""
    (carta,) = registrar_varios(
        session=session,
        entrantes=[Entrante(preparado, origen, recibido_en)],
        reglas=reglas,
        tipo=tipo,
        manual=manual,
        registrado_por_id=registrado_por_id,
    )
    return carta


def registrar_varios(
    *,
    session: Session,
    entrantes: Sequence[Entrante],
    reglas: ReglasDePlazo,
    tipo: str = "general",
    manual: DatosManuales | None = None,
    registrado_por_id: int | None = None,
) -> list[Correspondencia]:
    """Como `registrar`, para una tanda: números seguidos, y cada tabla escrita de una vez."""
    if tipo not in TIPOS_DE_CARTA:
        raise ErrorDominio(f"El tipo de correspondencia «{tipo}» no existe.")
    if not entrantes:
        return []
    anio = ahora().astimezone(ZONA_LOCAL).year
    primero = siguiente_numero(session=session, serie=SERIE, anio=anio, cantidad=len(entrantes))
    cartas = []
    for i, e in enumerate(entrantes):
        carta = _carta(e, formatear_numero(SERIE, anio, primero + i, DIGITOS), tipo, manual)
        carta.registrado_por_id = registrado_por_id
        carta.vence_el = reglas.vencimiento(
            tipo=tipo, recibido_en=e.recibido_en, automatico=carta.automatico
        )
        _vincular_al_registrar(session, carta, e.preparado)
        cartas.append(carta)
    session.add_all(cartas)
    session.flush()
    _guardar_adjuntos(session, cartas, entrantes)
    for carta, e in zip(cartas, entrantes, strict=True):
        a = e.preparado.analisis
        registrar_rebotes(session=session, informe=carta, ids_devueltos=a.ids_devueltos)
        responder_solicitudes(session=session, carta=carta, hilo=[*a.in_reply_to, *a.referencias],
                              textos=_textos_de(carta, e.preparado))  # fmt: skip
    return cartas


def _guardar_adjuntos(
    session: Session, cartas: Sequence[Correspondencia], entrantes: Sequence[Entrante]
) -> None:
    """Los adjuntos de cada carta ya numerada, en su orden, escritos de una vez."""
    session.add_all(
        Adjunto(
            correspondencia_id=carta.id or 0,
            orden=orden,
            nombre=adj.nombre[:255],
            tipo_mime=adj.tipo_mime[:255],
            sha256=adj.sha256,
            bytes=adj.bytes,
            texto=adj.texto,
            clase=adj.clase,
        )
        for carta, e in zip(cartas, entrantes, strict=True)
        for orden, adj in enumerate(e.preparado.adjuntos, start=1)
    )
    session.flush()


def _carta(e: Entrante, numero: str, tipo: str, manual: DatosManuales | None) -> Correspondencia:
    """La fila de la carta con lo analizado (o lo que escribió la secretaria, si es de papel)."""
    a, origen, preparado = e.preparado.analisis, e.origen, e.preparado
    return Correspondencia(
        numero=numero,
        origen=origen.tipo,
        buzon_id=origen.buzon_id,
        carpeta=origen.carpeta,
        uidvalidity=origen.uidvalidity,
        uid=origen.uid,
        pendiente_servidor=origen.pendiente_servidor,
        nombre_archivo=origen.nombre_archivo[:255],
        sha256=preparado.sha256,
        bytes=preparado.bytes,
        incompleto=preparado.incompleto,
        message_id=a.message_id,
        in_reply_to=list(a.in_reply_to),
        referencias=list(a.referencias),
        remitente=manual.remitente if manual else a.remitente,
        correo_remitente=a.correo_remitente,
        destinatarios=list(manual.destinatarios if manual else a.destinatarios),
        asunto=manual.asunto if manual else a.asunto,
        referencia_remitente=manual.referencia_remitente if manual else "",
        fecha_documento=manual.fecha_documento if manual else a.fecha,
        recibido_en=e.recibido_en,
        texto=a.texto,
        html=a.html,
        texto_ocr=preparado.texto_ocr,
        tipo=tipo,
        automatico=a.automatico,
        motivo_automatico=a.motivo_automatico[:200],
        advertencias=list(dict.fromkeys(preparado.advertencias)),
    )


def _textos_de(carta: Correspondencia, prep: Preparado) -> list[str]:
    """Donde una carta puede citar números: asunto, referencia, cuerpo, OCR y adjuntos."""
    textos = [carta.asunto, carta.referencia_remitente, carta.texto, prep.texto_ocr]
    return textos + [adj.texto for adj in prep.adjuntos]


def _vincular_al_registrar(session: Session, carta: Correspondencia, prep: Preparado) -> None:
    """Propone el patrono y el expediente de la carta por sus textos y su hilo, con el motivo."""
    textos = _textos_de(carta, prep)
    a = prep.analisis
    hilo = [*a.in_reply_to, *reversed(a.referencias), *a.ids_devueltos]
    propuesta = proponer_vinculo(session=session, textos=textos, en_respuesta_a=hilo)
    carta.patrono_id = propuesta.patrono_id
    carta.expediente_id = propuesta.expediente_id
    motivo = propuesta.motivo
    if propuesta.candidatos:
        motivo = (
            (motivo + ". " if motivo else "") + "Candidatos: " + ", ".join(propuesta.candidatos)
        )
    carta.vinculo_motivo = motivo[:500]


def minimo(preparado: Preparado, error: Exception) -> Preparado:
    """Lo mínimo de una carta cuyo análisis no se pudo guardar: sus bytes y la advertencia.

    Los bytes originales siguen en el almacén; nada se descarta por no poder leerse.
    """
    a = preparado.analisis
    vacio = replace(
        VACIO,
        asunto="(asunto ilegible: vea el original)",
        fecha=a.fecha,
        automatico=a.automatico,
        advertencias=a.advertencias,
    )
    aviso = f"No se pudo guardar lo analizado ({type(error).__name__}); consulte el original"
    return replace(
        preparado, analisis=vacio, adjuntos=(), advertencias=(*preparado.advertencias, aviso)
    )
