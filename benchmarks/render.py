"""Rendimiento de la generación de documentos: avisos de cobro validados contra docxtpl pelado.

Mide en la misma corrida, con la plantilla `aviso_cobro` del catálogo y 500 contextos realistas
(12 períodos de mora cada uno, razones sociales con `&`, `<`, comillas y tildes):

1. línea base: docxtpl pelado (render + save de la misma plantilla, un `Environment` con escape
   y los mismos filtros, sin entorno aislado, sin lectura de vuelta ni validación), un proceso;
2. Recupera: generar y validar cada documento (entorno aislado, restos de sintaxis, lectura de
   todas las partes, contenidos, valores, tabla de deuda, montos en letras), un proceso y luego
   repartido en todos los núcleos;
3. de punta a punta: `generar_lote` sobre SQLite (contexto desde la base, numeración, almacén
   con fsync, borradores y bitácora), como `recupera plantillas render aviso_cobro --all`;
4. conversión a PDF/A-2b con LibreOffice vivo (`ConversorPdf`).

Uso: .venv/bin/python benchmarks/render.py [--documentos 500] [--pdf 50]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from expedientes import EstadoDeuda, LineaDeuda
from plantillas import FILTROS, catalogo_del_proyecto, deuda_como_datos, generar_muchos, plazo

HOY = date(2026, 11, 30)


def contextos(cantidad: int) -> list[dict[str, Any]]:
    """Contextos de aviso como los arma la base: patrono, deuda al corte, gestor, firma, plazo."""
    salida = []
    for i in range(cantidad):
        lineas = [
            LineaDeuda(
                periodo=date(2025, mes, 1),
                cuota=Decimal(f"{1000 + i % 700}.{mes:02d}"),
                recargo=Decimal(f"{(13 - mes) * 10}.{i % 100:02d}"),
                multa=Decimal("57.13") if mes % 3 == 0 else Decimal("0.00"),
                fecha_limite_pago=date(2025, mes, 1) + timedelta(days=40),
                meses_mora=13 - mes,
            )
            for mes in range(1, 13)
        ]
        ctx: dict[str, Any] = {
            "documento": {"referencia": f"DRP-2026-{i + 1:06d}", "salida": f"CS-2026-{i + 1:06d}", "fecha": HOY, "lugar": "San Salvador", "titulo": "Aviso de cobro"},
            "expediente": {"numero": f"EXP-2026-{i + 1:05d}", "tipo": "cobro", "tipo_nombre": "Cobro administrativo", "asunto": "Mora 2025", "abierto_el": HOY, "sucursal": "San Salvador"},
            "patrono": {
                "razon_social": f'Comercial Peña & Núñez <N.º {i}> "La Espiga", S.A. de C.V.',
                "nombre_comercial": "", "numero_patronal": f"{500000000 + i}", "nit": "0614-010190-102-3",
                "direccion": "Calle Arce #12 & 5.ª Av. Norte", "municipio": "San Salvador",
                "departamento": "San Salvador", "representante_legal": "María José Castaneda",
                "dui_representante": "00016297-5", "correo": "", "telefono": "", "sucursal": "San Salvador",
            },
            "deuda": deuda_como_datos(EstadoDeuda(corte=HOY, lineas=lineas)),
            "gestor": {"nombre": "Carlos Alberto Mejía Peña", "correo": "carlos.mejia@isss.gob.sv", "sucursal": "San Salvador"},
            "firma": {"nombre": "José Roberto Aguilar Núñez", "correo": "", "sucursal": "", "cargo": "Jefe del Departamento de Recuperación Prejudicial"},
            "corte": HOY,
            "plazo_dias": 10,
        }  # fmt: skip
        ctx["plazo"] = plazo(ctx)[0]
        salida.append(ctx)
    return salida


def docxtpl_pelado(plantilla: bytes, ctxs: list[dict[str, Any]]) -> float:
    """Documentos/s de docxtpl sin nada más: render + save en memoria."""
    entorno = Environment(autoescape=True)
    entorno.filters.update(FILTROS)
    inicio = time.perf_counter()
    for ctx in ctxs:
        documento = DocxTemplate(BytesIO(plantilla))
        documento.render(ctx, entorno)
        documento.save(BytesIO())
    return len(ctxs) / (time.perf_counter() - inicio)


def recupera(plantilla: bytes, ctxs: list[dict[str, Any]], procesos: int) -> float:
    """Documentos/s generados y validados (falla si alguno no pasa la validación)."""
    contrato = catalogo_del_proyecto()["aviso_cobro"].contrato
    inicio = time.perf_counter()
    resultados = generar_muchos(contrato, plantilla, ctxs, procesos)
    segundos = time.perf_counter() - inicio
    malos = [r[2] for r in resultados if r[2]]
    if malos:
        raise SystemExit(f"documentos inválidos en el benchmark: {malos[0]}")
    return len(ctxs) / segundos


def pdf(cantidad: int, plantilla: bytes, ctx: dict[str, Any]) -> tuple[float, float]:
    """(segundos del primer PDF en frío, documentos/s después) con LibreOffice vivo."""
    from plantillas import ConversorPdf, generar_validado

    docx = generar_validado(catalogo_del_proyecto()["aviso_cobro"].contrato, plantilla, ctx).docx
    with tempfile.TemporaryDirectory() as carpeta, ConversorPdf(carpeta=Path(carpeta)) as conversor:
        inicio = time.perf_counter()
        textos = [ctx["documento"]["referencia"], ctx["expediente"]["numero"]]
        conversor.convertir(docx, textos)
        frio = time.perf_counter() - inicio
        inicio = time.perf_counter()
        for _ in range(cantidad):
            conversor.convertir(docx, textos)
        return frio, cantidad / (time.perf_counter() - inicio)


def _sembrar(session: Any, cantidad: int) -> list[Any]:
    """Un gestor, `cantidad` patronos con 12 períodos de mora y un expediente de cobro cada uno."""
    from expedientes import DeudaPeriodo, Expediente, Patrono, Usuario

    gestor = Usuario(nombre_usuario="gestor", nombre_completo="Carlos Alberto Mejía Peña",
                     rol="gestor", correo="carlos.mejia@isss.gob.sv", password_hash="x", token_sesion="y")  # fmt: skip
    jefe = Usuario(nombre_usuario="jefe", nombre_completo="José Roberto Aguilar Núñez",
                   rol="jefe", password_hash="x", token_sesion="y")  # fmt: skip
    session.add_all([gestor, jefe])
    session.flush()
    expedientes = []
    for i in range(cantidad):
        patrono = Patrono(numero_patronal=f"{500000000 + i}", nit="06140101901023",
                          razon_social=f'Comercial Peña & Núñez <N.º {i}> "La Espiga", S.A. de C.V.',
                          direccion="Calle Arce #12 & 5.ª Av. Norte", sucursal="San Salvador")  # fmt: skip
        session.add(patrono)
        session.flush()
        for mes in range(1, 13):
            session.add(DeudaPeriodo(patrono_id=patrono.id, periodo=date(2025, mes, 1),
                                     cuota=Decimal(f"{1000 + i % 700}.{mes:02d}"),
                                     multa=Decimal("57.13") if mes % 3 == 0 else Decimal("0.00"),
                                     fecha_limite_pago=date(2025, mes, 1) + timedelta(days=40)))  # fmt: skip
        expediente = Expediente(numero=f"EXP-2026-{i + 1:05d}", patrono_id=patrono.id, tipo="cobro",
                                etapa="en_gestion", gestor_id=gestor.id, abierto_el=HOY)  # fmt: skip
        session.add(expediente)
        expedientes.append(expediente)
    session.flush()
    return expedientes


def de_punta_a_punta(cantidad: int) -> float:
    """Documentos/s de `generar_lote` en SQLite, con contexto desde la base y todo guardado."""
    from archivo import Almacen
    from expedientes import Actor, BaseDeDatos, Usuario
    from migraciones import aplicar_migraciones
    from plantillas import Parametros, generar_lote
    from recupera.composicion import EXTENSIONES_DE_SESION

    with tempfile.TemporaryDirectory() as carpeta:
        url = f"sqlite:///{carpeta}/bench.db"
        aplicar_migraciones(url)
        bd = BaseDeDatos.desde_url(url, EXTENSIONES_DE_SESION)
        with bd.sesion(Actor("benchmark")) as s:
            expedientes = _sembrar(s, cantidad)
        p = Parametros(Almacen(Path(carpeta) / "blobs"), Decimal("0.01"), "San Salvador", bytes)
        inicio = time.perf_counter()
        with bd.sesion(Actor("benchmark")) as s:
            expedientes = [s.merge(e) for e in expedientes]
            resultado = generar_lote(
                session=s, p=p, plantilla="aviso_cobro", expedientes=expedientes, datos={},
                autor_de=lambda e: s.get(Usuario, e.gestor_id), hoy=HOY,
            )  # fmt: skip
        segundos = time.perf_counter() - inicio
        bd.cerrar()
    if resultado.omitidos or len(resultado.documentos) != cantidad:
        raise SystemExit(f"el lote no generó todo: {list(resultado.omitidos.items())[:1]}")
    return cantidad / segundos


def main() -> None:
    """Corre las mediciones e imprime cifras y razones."""
    argumentos = argparse.ArgumentParser(description=__doc__)
    argumentos.add_argument("--documentos", type=int, default=500)
    argumentos.add_argument("--pdf", type=int, default=50)
    opciones = argumentos.parse_args()
    plantilla = catalogo_del_proyecto()["aviso_cobro"].docx
    ctxs = contextos(opciones.documentos)
    recupera(plantilla, ctxs[:20], 1)  # calentar: importaciones y compilación
    nucleos = os.cpu_count() or 1
    base = docxtpl_pelado(plantilla, ctxs)
    uno = recupera(plantilla, ctxs, 1)
    todos = recupera(plantilla, ctxs, nucleos)
    print(f"{opciones.documentos} avisos de cobro, {nucleos} núcleos")
    print(f"  docxtpl pelado (render + save), 1 proceso: {base:8.1f} doc/s")
    print(
        f"  Recupera generado y validado, 1 proceso:   {uno:8.1f} doc/s  ({uno / base:.2f}× el pelado)"
    )
    print(
        f"  Recupera generado y validado, {nucleos} procesos:  {todos:8.1f} doc/s  ({todos / uno:.2f}× un proceso)"
    )
    lote = de_punta_a_punta(opciones.documentos)
    print(f"  de punta a punta (generar_lote en SQLite):  {lote:8.1f} doc/s")
    frio, por_segundo = pdf(opciones.pdf, plantilla, ctxs[0])
    print(
        f"  PDF/A-2b con LibreOffice vivo: {por_segundo:.1f} doc/s ({opciones.pdf} documentos; el primero en frío {frio:.2f} s)"
    )


if __name__ == "__main__":
    main()
