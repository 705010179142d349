"""Lo que las vistas del archivo leen del formulario o preparan para la plantilla.

Aquí no se decide nada del dominio: se busca el expediente o el documento (404 si no existe), se
traducen los campos del formulario a los argumentos de los servicios (`archivo.*`) y se junta lo
que la vista de archivo de un expediente muestra (folios corridos, lista de requeridos, sellos).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from werkzeug.datastructures import FileStorage

from archivo import (
    Almacen,
    DocumentoExpediente,
    Requisitos,
    documentos_de,
    sellos_de,
)
from expedientes import (
    ErrorDominio,
    Expediente,
    TipoExpediente,
    nombres_de_usuarios,
    patrono_y_gestor,
)
from recupera.web.acceso import db, servicios
from recupera.web.formularios import escaneo_subido

ORIGENES = {"entrante": "Carta entrante", "generado": "Generado aquí", "escaneado": "Escaneado"}
RECIENTES = 10


def requisitos() -> Requisitos:
    """Los tipos de documento y los requeridos de esta instalación."""
    return servicios().requisitos


def almacen() -> Almacen:
    """El almacén de blobs de esta instalación."""
    return servicios().almacen


@dataclass(frozen=True)
class Foliado:
    """Un documento con su primer y último folio, corridos a lo largo del expediente."""

    documento: DocumentoExpediente
    desde: int
    hasta: int

    @property
    def rango(self) -> str:
        """«folio 3» o «folios 3–5»."""
        if self.desde == self.hasta:
            return f"folio {self.desde}"
        return f"folios {self.desde}–{self.hasta}"


def foliados(documentos: Sequence[DocumentoExpediente]) -> list[Foliado]:
    """Los documentos en orden con sus folios (los mismos que estampa la exportación)."""
    filas, siguiente = [], 1
    for documento in documentos:
        filas.append(Foliado(documento, siguiente, siguiente + documento.folios - 1))
        siguiente += documento.folios
    return filas


@dataclass(frozen=True)
class Requerido:
    """Un documento que el tipo de expediente exige para archivarse, y si ya está."""

    tipo: str
    titulo: str
    presente: bool


def lista_de_requeridos(
    expediente: Expediente, documentos: Sequence[DocumentoExpediente], lista: Requisitos
) -> list[Requerido]:
    """La lista de lo que exige el tipo del expediente, marcada con lo que ya tiene."""
    presentes = {d.tipo for d in documentos}
    return [
        Requerido(tipo, lista.titulo(tipo), tipo in presentes)
        for tipo in lista.requeridos.get(expediente.tipo, ())
    ]


def vista_del_expediente(expediente: Expediente) -> dict[str, object]:
    """Documentos con folios, requeridos, sellos y los nombres de quienes sellaron."""
    s, lista = db(), requisitos()
    documentos = documentos_de(session=s, expediente_id=expediente.id or 0)
    sellos = sellos_de(session=s, expediente_id=expediente.id or 0)
    patrono, gestor = patrono_y_gestor(session=s, expediente=expediente)
    return {
        "patrono": patrono,
        "gestor": gestor,
        "foliados": foliados(documentos),
        "total_folios": sum(d.folios for d in documentos),
        "requeridos": lista_de_requeridos(expediente, documentos, lista),
        "sellos": sellos,
        "nombres": nombres_de_usuarios(session=s, ids={x.sellado_por_id for x in sellos}),
        "titulo_tipo": lista.titulo,
        "origenes": ORIGENES,
    }


def _fecha(valor: str, nombre: str, problemas: list[str]) -> date | None:
    """La fecha AAAA-MM-DD del formulario; None (y el problema anotado) si no es válida."""
    if not valor.strip():
        return None
    try:
        return date.fromisoformat(valor.strip())
    except ValueError:
        problemas.append(f"{nombre} «{valor.strip()[:20]}» no es válida (use AAAA-MM-DD).")
        return None


@dataclass(frozen=True)
class Busqueda:
    """Lo que se pidió buscar, leído de la URL."""

    texto: str
    desde: date | None
    hasta: date | None
    tipo: str
    problemas: list[str]

    @property
    def pedida(self) -> bool:
        """¿Se pidió buscar algo (texto, fechas o tipo)?"""
        return bool(self.texto.strip() or self.desde or self.hasta or self.tipo)


def busqueda_de(args: Mapping[str, str], tipos: Mapping[str, str]) -> Busqueda:
    """El texto (hasta 200 caracteres), las fechas y el tipo de la URL; un tipo ajeno se ignora."""
    problemas: list[str] = []
    desde = _fecha(args.get("desde", ""), "La fecha «desde»", problemas)
    hasta = _fecha(args.get("hasta", ""), "La fecha «hasta»", problemas)
    tipo = args.get("tipo", "")
    if tipo not in tipos and tipo not in set(TipoExpediente):
        tipo = ""
    return Busqueda(args.get("q", "")[:200], desde, hasta, tipo, problemas)


@dataclass(frozen=True)
class EntradaEscaneo:
    """Un documento escaneado tal como llegó del formulario, ya revisado."""

    escaneo: bytes
    nombre_archivo: str
    tipo: str
    titulo: str
    fecha: date
    con_ocr: bool
    motivo: str


def entrada_escaneo(
    form: Mapping[str, str],
    archivo: FileStorage | None,
    *,
    hoy: date,
    lista: Requisitos,
    correccion: bool,
) -> EntradaEscaneo:
    """Revisa el formulario antes del OCR (que tarda): así un error se ve enseguida."""
    escaneo, problemas = escaneo_subido(archivo)
    tipo = form.get("tipo", "")
    if tipo not in lista.tipos:
        problemas.append("Elija el tipo de documento.")
    fecha = _fecha(form.get("fecha", ""), "La fecha del documento", problemas)
    if fecha is None and not form.get("fecha", "").strip():
        problemas.append("Indique la fecha del documento.")
    elif fecha is not None and fecha > hoy:
        problemas.append("La fecha del documento no puede ser posterior a hoy.")
    motivo = form.get("motivo", "").strip() if correccion else ""
    if correccion and not motivo:
        problemas.append(
            "Escriba el motivo de la corrección: queda en el expediente y en el sello."
        )
    if problemas or fecha is None:
        raise ErrorDominio("El documento no se puede agregar.", problemas)
    nombre = archivo.filename if archivo is not None and archivo.filename else ""
    return EntradaEscaneo(
        escaneo=escaneo,
        nombre_archivo=nombre,
        tipo=tipo,
        titulo=form.get("titulo", "").strip(),
        fecha=fecha,
        con_ocr=form.get("sin_ocr") != "1",
        motivo=motivo,
    )


def fecha_de_prestamo(valor: str, hoy: date) -> date:
    """La fecha de devolución pactada; ErrorDominio si falta o no es válida."""
    problemas: list[str] = []
    fecha = _fecha(valor, "La fecha de devolución", problemas)
    if fecha is None:
        raise ErrorDominio(
            "No se pudo prestar el expediente.",
            problemas or ["Indique hasta cuándo se presta (la fecha de devolución)."],
        )
    return fecha
