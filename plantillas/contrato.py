"""El contrato de una plantilla: sus entradas con tipos y reglas, los contenidos obligatorios, los
valores que deben aparecer, sus tablas y comprobaciones, y su versión.

Es un dato declarativo (un `.toml` junto al `.docx`); aquí se lee y se valida su forma, con cada
problema explicado en español.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from expedientes import ErrorDominio, TipoExpediente

# Lo que el contexto trae del expediente, además de las entradas y los cálculos.
RAICES = {
    "documento": "número, fecha y lugar del documento",
    "expediente": "número, tipo, asunto y sucursal del expediente",
    "patrono": "razón social, número patronal, NIT, dirección y representante legal",
    "deuda": "la mora por período al corte, con sus totales",
    "gestor": "nombre y correo del gestor del expediente",
    "firma": "nombre y cargo de quien firma",
    "gestiones": "las gestiones de cobro registradas, con su fecha",
}
# Lo que añade cada cálculo al contexto (su raíz lleva el mismo nombre).
CALCULOS = {
    "plazo": "plazo: fecha límite de pago a N días hábiles de la fecha del documento",
    "convenio": "convenio: prima, monto financiado y tabla de amortización",
    "exoneracion": "exoneracion: monto a exonerar frente a multas y recargos",
}
REGLAS = {
    "tabla_deuda": "cada fila suma cuota + recargo + multa y la fila TOTAL suma las filas",
    "tabla_amortizacion": "las cuotas suman el monto financiado, fechas ascendentes, saldo final cero",
    "montos_en_letras": "cada monto en cifras seguido de su monto en letras coincide",
    "exoneracion_maxima": "lo exonerado no excede multas + recargos",
}
TipoEntrada = Literal[
    "texto", "parrafos", "entero", "dinero", "fecha", "opcion", "carta", "nit", "dui"
]
_NOMBRE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class _Estricto(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entrada(_Estricto):
    """Un dato que pide la plantilla a quien redacta, con su tipo y sus reglas."""

    nombre: str = Field(pattern=_NOMBRE.pattern)
    tipo: TipoEntrada
    etiqueta: str = Field(min_length=1, max_length=200)
    ayuda: str = ""
    obligatoria: bool = True
    # Un valor fijo ("hoy" en las fechas), una expresión sobre el contexto ("=deuda.total") o nada.
    defecto: str | int | None = None
    minimo: Decimal | None = None
    maximo: Decimal | None = None
    largo_maximo: int = Field(default=300, ge=1, le=20000)
    opciones: list[str] = []
    fechas: Literal["cualquiera", "no_pasada", "no_futura"] = "cualquiera"


class Contenido(_Estricto):
    """Un texto que el documento generado debe contener (un encabezado, una cláusula)."""

    nombre: str = Field(min_length=1)
    texto: str = Field(min_length=1)


class Valor(_Estricto):
    """Un dato del contexto que debe aparecer tal cual en el documento (expresión Jinja)."""

    nombre: str = Field(min_length=1)
    expresion: str = Field(min_length=1)


class Requisito(_Estricto):
    """Un dato del expediente sin el cual no se genera (expresión que no puede quedar vacía)."""

    expresion: str = Field(min_length=1)
    mensaje: str = Field(min_length=1)


class Tabla(_Estricto):
    """Una tabla del documento, reconocida por su fila de encabezados."""

    nombre: str = Field(pattern=_NOMBRE.pattern)
    encabezados: list[str] = Field(min_length=2)
    fila_total: str | None = None


class Comprobacion(_Estricto):
    """Una regla de consistencia del documento generado."""

    regla: str
    tabla: str | None = None


class Contrato(_Estricto):
    """Todo lo que se exige de una plantilla y de cada documento generado con ella."""

    nombre: str = Field(pattern=_NOMBRE.pattern)
    titulo: str = Field(min_length=1, max_length=200)
    version: int = Field(ge=1)
    descripcion: str = ""
    tipos_expediente: list[str] = Field(min_length=1)
    # Una carta saliente recibe su número CS-AAAA-NNNNNN al quedar final.
    saliente: bool = False
    # Una carta que pide algo y espera respuesta hasta `plazo.vence_el` (días hábiles).
    espera_respuesta: bool = False
    destinatario: str = "patrono.razon_social"
    asunto: str = "documento.titulo"
    responde_a: str | None = None
    contexto: list[str] = []
    calculos: list[str] = []
    entradas: list[Entrada] = []
    requisitos: list[Requisito] = []
    contenidos: list[Contenido] = Field(min_length=1)
    valores: list[Valor] = []
    tablas: list[Tabla] = []
    comprobaciones: list[Comprobacion] = []

    @model_validator(mode="after")
    def _referencias_validas(self) -> Contrato:
        problemas = _problemas_de_referencias(self)
        if problemas:
            raise ValueError("; ".join(problemas))
        return self

    def entrada(self, nombre: str) -> Entrada | None:
        """La entrada con ese nombre, si la hay."""
        return next((e for e in self.entradas if e.nombre == nombre), None)

    def tabla(self, nombre: str) -> Tabla | None:
        """La tabla con ese nombre, si la hay."""
        return next((t for t in self.tablas if t.nombre == nombre), None)

    def nombres_declarados(self) -> set[str]:
        """Las variables de primer nivel que la plantilla puede usar."""
        return set(self.contexto) | set(self.calculos) | {e.nombre for e in self.entradas}

    def huella(self) -> str:
        """sha256 de la forma canónica del contrato (independiente del formato del .toml)."""
        canonico = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonico.encode("utf-8")).hexdigest()


def _problemas_de_referencias(c: Contrato) -> list[str]:
    problemas = [f"contexto «{r}» no existe" for r in c.contexto if r not in RAICES]
    problemas += [f"cálculo «{x}» no existe" for x in c.calculos if x not in CALCULOS]
    if c.espera_respuesta and not (c.saliente and "plazo" in c.calculos):
        problemas.append("espera_respuesta pide una carta saliente con el cálculo «plazo»")
    problemas += [
        f"tipo de expediente «{t}» no existe"
        for t in c.tipos_expediente
        if t not in set(TipoExpediente)
    ]
    nombres = [e.nombre for e in c.entradas]
    repetidos = {n for n in nombres if nombres.count(n) > 1}
    problemas += [f"la entrada «{n}» está repetida" for n in sorted(repetidos)]
    choques = set(nombres) & (set(RAICES) | set(CALCULOS))
    problemas += [f"la entrada «{n}» choca con un nombre del contexto" for n in sorted(choques)]
    for e in c.entradas:
        if e.tipo == "opcion" and not e.opciones:
            problemas.append(f"la entrada «{e.nombre}» es de opciones pero no tiene opciones")
        if e.minimo is not None and e.maximo is not None and e.minimo > e.maximo:
            problemas.append(f"la entrada «{e.nombre}» tiene mínimo mayor que máximo")
    tablas = {t.nombre for t in c.tablas}
    for comp in c.comprobaciones:
        if comp.regla not in REGLAS:
            problemas.append(f"la regla «{comp.regla}» no existe")
        if comp.tabla is not None and comp.tabla not in tablas:
            problemas.append(f"la regla «{comp.regla}» usa la tabla «{comp.tabla}», no declarada")
    if c.responde_a is not None:
        entrada = c.entrada(c.responde_a)
        if entrada is None or entrada.tipo != "carta":
            problemas.append(f"responde_a «{c.responde_a}» debe ser una entrada de tipo carta")
    return problemas


def leer_contrato(texto: str, *, origen: str = "el contrato") -> Contrato:
    """Lee un contrato en TOML; ErrorDominio con cada problema si no es válido."""
    try:
        datos = tomllib.loads(texto)
    except tomllib.TOMLDecodeError as exc:
        raise ErrorDominio(f"{origen} no es TOML válido.", [str(exc)]) from None
    return contrato_de_datos(datos, origen=origen)


def contrato_de_datos(datos: dict[str, Any], *, origen: str = "el contrato") -> Contrato:
    """Valida un contrato ya leído (del TOML o de la base de datos)."""
    try:
        return Contrato.model_validate(datos)
    except ValidationError as exc:
        raise ErrorDominio(f"{origen} no es válido.", _problemas_pydantic(exc)) from None


def _problemas_pydantic(exc: ValidationError) -> list[str]:
    problemas = []
    for err in exc.errors():
        ruta = ".".join(str(p) for p in err["loc"]) or "contrato"
        if err["type"] == "value_error":
            problemas.extend(str(err["ctx"]["error"]).split("; "))
        elif err["type"] == "missing":
            problemas.append(f"{ruta}: falta este campo")
        elif err["type"] == "extra_forbidden":
            problemas.append(f"{ruta}: campo desconocido")
        else:
            problemas.append(f"{ruta}: valor no válido ({err['msg']})")
    return problemas
