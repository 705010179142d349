"""Lo que las vistas de correspondencia leen del formulario o preparan para la plantilla.

Aquí no se decide nada del dominio: se traducen los campos del formulario a los argumentos de
los servicios (`correspondencia.*`) y se junta lo que la ficha de una carta muestra.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select
from werkzeug.datastructures import FileStorage

from archivo.documentos import DocumentoExpediente, esta_sellado
from archivo.ocr import tipo_de_escaneo
from archivo.requisitos import Requisitos
from correspondencia.bandeja import VENCIMIENTOS, FiltrosBandeja
from correspondencia.estados import REQUIEREN_MOTIVO, TRANSICIONES, Estado
from correspondencia.incorporacion import TIPO_POR_CARTA
from correspondencia.modelos import Adjunto, Correspondencia
from correspondencia.registro import DatosManuales
from correspondencia.reglas import TIPOS
from correspondencia.vinculos import proponer_vinculo
from expedientes.errores import ErrorDominio
from expedientes.modelos import Expediente, Usuario
from expedientes.politica import ROLES_CON_CARTAS, Permiso, puede
from expedientes.tipos import ZONA_LOCAL
from expedientes.usuarios import listar_usuarios
from recupera.web.acceso import id_numerico

MAX_TEXTO_FILTRO = 100


# Lo que la bandeja ofrece filtrar por respuesta (`respuesta=…`, o `respondidas=1` del panel).
RESPUESTAS = {
    "respondidas": "Respondidas",
    "por_responder": "Por responder (el plazo corre)",
    "sin_respuesta": "Nunca respondidas",
}


def respuesta_de(args: Mapping[str, str]) -> set[str]:
    """Los filtros de respuesta pedidos: el de la lista desplegable y los del panel."""
    pedidos = {clave for clave in RESPUESTAS if args.get(clave) == "1"}
    if args.get("respuesta", "") in RESPUESTAS:
        pedidos.add(args["respuesta"])
    return pedidos


def dia_de_filtro(valor: str | None) -> date | None:
    """Un día AAAA-MM-DD de un filtro de la URL, o None si falta o no es una fecha."""
    try:
        return date.fromisoformat(valor or "")
    except ValueError:
        return None


def filtros_de(args: Mapping[str, str], *, solo_de: int | None) -> FiltrosBandeja:
    """Los filtros de la bandeja según la URL; un valor desconocido se ignora."""
    asignado = args.get("asignado", "")
    estado = args.get("estado", "")
    vencimiento = args.get("vencimiento", "")
    tipo = args.get("tipo", "")
    respuesta = respuesta_de(args)
    return FiltrosBandeja(
        estado=estado if estado in set(Estado) else None,
        asignado_id=id_numerico(asignado),
        sin_asignar=asignado == "ninguno",
        vencimiento=vencimiento if vencimiento in VENCIMIENTOS else None,
        sin_vincular=args.get("sin_vincular") == "1",
        texto=args.get("q", "")[:MAX_TEXTO_FILTRO],
        solo_de=solo_de,
        desde=dia_de_filtro(args.get("desde")),
        hasta=dia_de_filtro(args.get("hasta")),
        # Cualquier tipo guardado, aun uno que ya no esté en el catálogo (el panel los cuenta).
        tipo=tipo[:MAX_TEXTO_FILTRO] or None,
        respondidas="respondidas" in respuesta,
        por_responder="por_responder" in respuesta,
        sin_respuesta="sin_respuesta" in respuesta,
    )


def asignables(session: Session) -> list[Usuario]:
    """Las personas activas que pueden recibir cartas para tramitar."""
    return [u for u in listar_usuarios(session=session) if u.activo and u.rol in ROLES_CON_CARTAS]


def destinatario(session: Session, valor: str) -> Usuario:
    """La persona elegida en el formulario de asignación."""
    ident = id_numerico(valor)
    usuario = session.get(Usuario, ident) if ident is not None else None
    if usuario is None:
        raise ErrorDominio("Elija a la persona a quien se asigna la carta.")
    return usuario


@dataclass(frozen=True)
class Transicion:
    """Un estado al que la carta puede pasar y si ese paso exige motivo."""

    estado: Estado
    requiere_motivo: bool


def transiciones_de(carta: Correspondencia) -> list[Transicion]:
    """Los cambios de estado posibles (asignar va aparte: se elige a la persona)."""
    actual = Estado(carta.estado)
    return [
        Transicion(e, (actual, e) in REQUIEREN_MOTIVO)
        for e in Estado
        if e in TRANSICIONES[actual] and e != Estado.ASIGNADA
    ]


def candidatos(
    session: Session, carta: Correspondencia, adjuntos: Sequence[Adjunto]
) -> list[tuple[str, str]]:
    """Expedientes o patronos que la carta cita, como (campo del formulario, número)."""
    propuesta = proponer_vinculo(
        session=session,
        textos=[
            carta.asunto,
            carta.referencia_remitente,
            carta.texto,
            carta.texto_ocr,
            *(a.texto for a in adjuntos),
        ],
        en_respuesta_a=[*carta.in_reply_to, *reversed(carta.referencias)],
    )
    numeros: list[str] = []
    if propuesta.expediente_id is not None:
        expediente = session.get(Expediente, propuesta.expediente_id)
        numeros += [expediente.numero] if expediente else []
    for candidato in propuesta.candidatos:
        numeros += [n.strip() for n in candidato.split(",") if n.strip()]
    return [
        ("expediente" if n.upper().startswith("EXP-") else "numero_patronal", n)
        for n in dict.fromkeys(numeros)
    ]


@dataclass(frozen=True)
class EntradaPapel:
    """Una carta en papel tal como llegó del formulario, ya revisada."""

    escaneo: bytes
    nombre_archivo: str
    datos: DatosManuales
    tipo: str
    con_ocr: bool


def escaneo_subido(archivo: FileStorage | None) -> tuple[bytes, list[str]]:
    """Los bytes del escaneo subido y, si no sirve (falta, o no es PDF ni imagen), por qué."""
    escaneo = archivo.read() if archivo is not None and archivo.filename else b""
    if not escaneo:
        return escaneo, ["Elija el archivo escaneado (PDF, PNG, JPEG o TIFF)."]
    try:
        tipo_de_escaneo(escaneo)
    except ErrorDominio as exc:
        return escaneo, [exc.mensaje]
    return escaneo, []


def entrada_papel(form: Mapping[str, str], archivo: FileStorage | None, hoy: date) -> EntradaPapel:
    """Revisa el formulario antes del OCR (que tarda): así un error se ve enseguida."""
    escaneo, problemas = escaneo_subido(archivo)
    for campo, nombre in (("remitente", "El remitente"), ("asunto", "El asunto")):
        if not form.get(campo, "").strip():
            problemas.append(f"{nombre} es obligatorio.")
    tipo = form.get("tipo", "general")
    if tipo not in TIPOS:
        problemas.append(f"El tipo de correspondencia «{tipo}» no existe.")
    fecha = _fecha(form.get("fecha_documento", ""), hoy, problemas)
    if problemas:
        raise ErrorDominio("La carta no se puede registrar.", problemas)
    datos = DatosManuales(
        remitente=form.get("remitente", "").strip(),
        asunto=form.get("asunto", "").strip(),
        referencia_remitente=form.get("referencia_remitente", "").strip(),
        fecha_documento=fecha,
    )
    nombre = archivo.filename if archivo is not None and archivo.filename else ""
    return EntradaPapel(escaneo, nombre, datos, tipo, form.get("sin_ocr") != "1")


def _fecha(valor: str, hoy: date, problemas: list[str]) -> datetime | None:
    if not valor.strip():
        return None
    try:
        dia = date.fromisoformat(valor.strip())
    except ValueError:
        problemas.append(f"La fecha de la carta «{valor}» no es válida (use AAAA-MM-DD).")
        return None
    if dia > hoy:
        problemas.append("La fecha de la carta no puede ser posterior a hoy.")
    return datetime(dia.year, dia.month, dia.day, tzinfo=ZONA_LOCAL)


def adjunto_de(session: Session, carta: Correspondencia, adjunto_id: int) -> Adjunto | None:
    """El adjunto, solo si es de esta carta."""
    return session.exec(
        select(Adjunto).where(Adjunto.id == adjunto_id, Adjunto.correspondencia_id == carta.id)
    ).first()


@dataclass(frozen=True)
class Incorporacion:
    """La carta en su expediente: el documento que ya es, o los tipos para incorporarla."""

    documento: DocumentoExpediente | None
    permitida: bool
    tipos: Mapping[str, str]
    elegido: str


def incorporacion(
    session: Session,
    carta: Correspondencia,
    expediente: Expediente | None,
    usuario: Usuario,
    requisitos: Requisitos,
) -> Incorporacion | None:
    """Si la carta ya es un documento de su expediente, o si esta persona puede incorporarla
    (vinculada, sin incorporar, a un expediente sin sellar y con el permiso sobre él)."""
    if expediente is None:
        return None
    documento = session.exec(
        select(DocumentoExpediente).where(
            DocumentoExpediente.expediente_id == expediente.id,
            DocumentoExpediente.referencia == carta.numero,
        )
    ).first()
    permitida = (
        documento is None
        and puede(usuario, Permiso.INCORPORAR_DOCUMENTO, expediente)
        and not esta_sellado(session, expediente.id)
    )
    if documento is None and not permitida:
        return None
    elegido = TIPO_POR_CARTA.get(carta.tipo, "correspondencia")
    return Incorporacion(documento, permitida, requisitos.tipos, elegido)
