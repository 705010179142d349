"""El panel de control del jefe: cada reporte con sus gráficos y su tabla enlazada, el rango de
fechas y el año, y cada reporte descargable en CSV y en XLSX."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from flask import abort, make_response, render_template, request
from werkzeug.wrappers import Response

from expedientes import ErrorDominio, Permiso, hoy
from panel import REPORTES, Reporte, generar_reporte, reporte_a_csv, reporte_a_xlsx
from recupera.web.acceso import db, requiere
from recupera.web.formularios import dia_de_filtro
from recupera.web.seguimiento import bp
from recupera.web.seguimiento.cifras_principales import cifras_principales
from recupera.web.seguimiento.panel_datos import seccion
from seguimiento import ANIO_MAXIMO, ANIO_MINIMO

TIPO_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTAR: dict[str, tuple[Callable[[Reporte], bytes], str]] = {
    "csv": (reporte_a_csv, "text/csv; charset=utf-8"),
    "xlsx": (reporte_a_xlsx, TIPO_XLSX),
}
# El orden en que el panel presenta los reportes.
ORDEN = (
    "convenios",
    "plan",
    "correspondencia",
    "correspondencia_tipo",
    "solicitudes",
    "expedientes",
    "carga",
)


@dataclass(frozen=True)
class Periodo:
    """El rango de fechas y el año que se piden (ya revisados) y lo que no se entendió."""

    desde: date | None
    hasta: date | None
    anio: int | None
    problemas: list[str]

    def como_parametros(self) -> dict[str, str]:
        """Para repetir el mismo período en los enlaces de exportación."""
        valores = {"desde": self.desde, "hasta": self.hasta, "anio": self.anio}
        return {k: str(v) for k, v in valores.items() if v is not None}


def periodo_de(args: Mapping[str, str]) -> Periodo:
    """El período de la URL: un valor inválido se descarta y se dice por qué."""
    problemas = []
    desde, hasta = dia_de_filtro(args.get("desde")), dia_de_filtro(args.get("hasta"))
    for campo, valor in (("desde", desde), ("hasta", hasta)):
        if args.get(campo) and valor is None:
            problemas.append(f"La fecha «{args[campo][:20]}» no es válida (AAAA-MM-DD).")
    if desde and hasta and desde > hasta:
        problemas.append("El rango termina antes de empezar: se muestra del 1 de enero a hoy.")
        desde = hasta = None
    texto = args.get("anio", "")
    anio = int(texto) if texto.isascii() and texto.isdigit() and len(texto) == 4 else None
    if anio is not None and not ANIO_MINIMO <= anio <= ANIO_MAXIMO:
        anio = None
    if texto and anio is None:
        problemas.append(f"El año «{texto[:10]}» no es válido: se muestra el año en curso.")
    return Periodo(desde, hasta, anio, problemas)


def generar(nombre: str, p: Periodo) -> Reporte:
    """El reporte para el período (el servicio pone lo que falte: del 1 de enero a hoy)."""
    return generar_reporte(
        nombre, session=db(), hoy=hoy(), desde=p.desde, hasta=p.hasta, anio=p.anio
    )


@bp.get("/panel/")
@requiere(Permiso.VER_PANEL)
def panel():
    """Los reportes del departamento en gráficos y tablas, cada cifra enlazada a su lista."""
    p = periodo_de(request.args)
    generados = {nombre: generar(nombre, p) for nombre in ORDEN}
    dia = hoy()
    anio = p.anio or dia.year
    return render_template(
        "seguimiento/panel.html",
        cifras=cifras_principales(generados, anio),
        secciones=[seccion(generados[n], db(), anio) for n in ORDEN],
        titulos={d.nombre: d.titulo for d in REPORTES.values()},
        usa={d.nombre: d.usa for d in REPORTES.values()},
        periodo=p,
        desde=p.desde or date(dia.year, 1, 1),
        hasta=p.hasta or dia,
        anio=anio,
        anios=range(max(ANIO_MINIMO, dia.year - 5), min(ANIO_MAXIMO, dia.year + 1) + 1),
        parametros=p.como_parametros(),
        hoy=dia,
    )


def _exportar(nombre: str, formato: str) -> Response:
    if nombre not in REPORTES:
        abort(404)
    try:
        reporte = generar(nombre, periodo_de(request.args))
    except ErrorDominio:
        abort(400)
    convertir, tipo = EXPORTAR[formato]
    respuesta = make_response(convertir(reporte))
    respuesta.headers["Content-Type"] = tipo
    archivo = f"{nombre}-{hoy().isoformat()}.{formato}"
    respuesta.headers["Content-Disposition"] = f'attachment; filename="{archivo}"'
    respuesta.headers["X-Content-Type-Options"] = "nosniff"
    return respuesta


@bp.get("/panel/<nombre>.csv")
@requiere(Permiso.VER_PANEL)
def exportar_csv(nombre: str) -> Response:
    """El reporte en CSV (UTF-8 con BOM, comas, punto decimal), con su renglón de totales."""
    return _exportar(nombre, "csv")


@bp.get("/panel/<nombre>.xlsx")
@requiere(Permiso.VER_PANEL)
def exportar_xlsx(nombre: str) -> Response:
    """El reporte en XLSX, con título, formatos de dinero y fecha, y su renglón de totales."""
    return _exportar(nombre, "xlsx")
