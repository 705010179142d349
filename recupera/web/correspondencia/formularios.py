"""Lo que las páginas de correspondencia leen de la URL y de los formularios, y lo que ofrecen
elegir: filtros de la bandeja, personas a quienes asignar, lo que se busca para vincular y la
carta en papel antes de su OCR."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session
from werkzeug.datastructures import FileStorage

from correspondencia import (
    VENCIMIENTOS,
    DatosManuales,
    EstadoCarta,
    FiltrosBandeja,
    problemas_de_papel,
)
from expedientes import (
    ROLES_CON_CARTAS,
    ZONA_LOCAL,
    ErrorDominio,
    NoEncontrado,
    Usuario,
    listar_usuarios,
    usuario_por_id,
)
from recupera.web.acceso import id_numerico
from recupera.web.formularios import dia_de_filtro, escaneo_subido

MAX_TEXTO_FILTRO = 100
MAX_BUSQUEDA_VINCULO = 100


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


def filtros_de(args: Mapping[str, str], *, solo_de: int | None) -> FiltrosBandeja:
    """Los filtros de la bandeja según la URL; un valor desconocido se ignora."""
    asignado = args.get("asignado", "")
    estado = args.get("estado", "")
    vencimiento = args.get("vencimiento", "")
    tipo = args.get("tipo", "")
    respuesta = respuesta_de(args)
    return FiltrosBandeja(
        estado=estado if estado in set(EstadoCarta) else None,
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


def busqueda_de_vinculo(args: Mapping[str, str]) -> str:
    """Lo que se busca en la ficha de la carta para vincularla (`?buscar=…`), recortado."""
    return " ".join(args.get("buscar", "")[:MAX_BUSQUEDA_VINCULO].split())


def asignables(session: Session) -> list[Usuario]:
    """Las personas activas que pueden recibir cartas para tramitar."""
    return [u for u in listar_usuarios(session=session) if u.activo and u.rol in ROLES_CON_CARTAS]


def destinatario(session: Session, valor: str) -> Usuario:
    """La persona elegida en el formulario de asignación."""
    ident = id_numerico(valor)
    try:
        return usuario_por_id(session=session, usuario_id=ident if ident is not None else 0)
    except NoEncontrado:
        raise ErrorDominio("Elija a la persona a quien se asigna la carta.") from None


@dataclass(frozen=True)
class EntradaPapel:
    """Una carta en papel tal como llegó del formulario, ya revisada."""

    escaneo: bytes
    nombre_archivo: str
    datos: DatosManuales
    tipo: str
    con_ocr: bool


def entrada_papel(form: Mapping[str, str], archivo: FileStorage | None, hoy: date) -> EntradaPapel:
    """Revisa el formulario antes del OCR (que tarda): así un error se ve enseguida."""
    escaneo, problemas = escaneo_subido(archivo)
    tipo = form.get("tipo", "general")
    datos = DatosManuales(
        remitente=form.get("remitente", "").strip(),
        asunto=form.get("asunto", "").strip(),
        referencia_remitente=form.get("referencia_remitente", "").strip(),
        fecha_documento=_fecha(form.get("fecha_documento", ""), problemas),
    )
    problemas += problemas_de_papel(datos, tipo, hoy)
    if problemas:
        raise ErrorDominio("La carta no se puede registrar.", problemas)
    nombre = archivo.filename if archivo is not None and archivo.filename else ""
    return EntradaPapel(escaneo, nombre, datos, tipo, form.get("sin_ocr") != "1")


def _fecha(valor: str, problemas: list[str]) -> datetime | None:
    if not valor.strip():
        return None
    try:
        dia = date.fromisoformat(valor.strip())
    except ValueError:
        problemas.append(f"La fecha de la carta «{valor}» no es válida (use AAAA-MM-DD).")
        return None
    return datetime(dia.year, dia.month, dia.day, tzinfo=ZONA_LOCAL)
