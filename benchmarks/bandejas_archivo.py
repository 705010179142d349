"""La búsqueda del archivo como lista en `bandejas.py`: los 30.000 expedientes del departamento
sintético con dos documentos archivados cada uno (60.000), indexados con el código de producción
(`reindexar_todo`), y las páginas de una palabra común.

«comercial» está en la razón social de todos los patronos (30.000 expedientes por su cabecera);
«cotizaciones», en el aviso de la mitad de los expedientes (15.000, por un documento). Para la
primera página, una del medio y la última se mide lo que hace la página de la web
(`buscar_pagina_en_archivo`: contar todo lo que coincide, ordenarlo, y leer y presentar los 50 con
sus documentos y fragmentos) contra el SQL pelado de la misma página: los ids de los expedientes
que coinciden (cabecera o documento, sin repetir) por id, o por patrono con sus uniones, con
`LIMIT 50 OFFSET n`, y su COUNT(*), sin relevancia ni resultados armados.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import insert, text

from archivo import DocumentoExpediente, buscar_pagina_en_archivo, reindexar_todo
from expedientes import Actor, BaseDeDatos, ahora, obtener_usuario, pagina_de

# Palabra, raíz que guarda el índice (la de `archivo.lexico`; el total de la línea base se
# compara con el de Recupera, así que una raíz que cambie se nota) y órdenes medidos.
BUSQUEDAS = [("comercial", "comercial", "relevancia"), ("comercial", "comercial", "patrono"),
             ("cotizaciones", "cotiz", "relevancia")]  # fmt: skip
_AVISO = ("Señores {patrono}: se les notifica la mora en cotizaciones del período {mes} y el "
          "recargo del artículo 33; preséntense al Departamento de Recuperación Prejudicial.")  # fmt: skip
_CONSTANCIA = ("Constancia de notificación entregada al representante legal el {dia}, con "
               "acuse de recibo y sello de la empresa.")  # fmt: skip


def sembrar_archivo(bd: BaseDeDatos) -> int:
    """Dos documentos archivados por expediente (el aviso cita las cotizaciones en la mitad) y el
    índice de búsqueda de todo; devuelve cuántos documentos."""
    with bd.sesion(Actor("benchmark")) as s:
        c = s.connection()
        expedientes = c.execute(text("SELECT id, abierto_el FROM expediente ORDER BY id")).all()
        filas = []
        for i, (expediente_id, abierto) in enumerate(expedientes):
            dia = (
                abierto if isinstance(abierto, date) else date.fromisoformat(abierto)
            ) + timedelta(days=20)
            aviso = _AVISO.format(patrono=f"N.º {i}", mes=f"{dia:%m/%Y}")
            if i % 2:
                aviso = aviso.replace("cotizaciones", "aportes")
            for orden, (tipo, texto) in enumerate(
                (("aviso_cobro", aviso), ("constancia_notificacion", _CONSTANCIA.format(dia=dia))),
                1,
            ):
                filas.append({"expediente_id": expediente_id, "orden": orden, "tipo": tipo,
                              "titulo": tipo.replace("_", " ").capitalize(), "referencia": "",
                              "fecha": dia, "origen": "escaneado", "folios": 1, "sha256": "0" * 64,
                              "texto": texto, "creado_en": ahora()})  # fmt: skip
        for inicio in range(0, len(filas), 20_000):
            c.execute(insert(DocumentoExpediente), filas[inicio : inicio + 20_000])
        reindexar_todo(s)
        c.execute(text("ANALYZE"))
    return len(filas)


def _sql_pelado(motor: str, orden: str) -> tuple[str, str]:
    """La página y el conteo pelados: los ids que coinciden (cabecera o documento) sin repetir."""
    if motor == "sqlite":
        cabecera = ("SELECT rowid AS e FROM busqueda_expediente_fts "
                    "WHERE busqueda_expediente_fts MATCH :q")  # fmt: skip
        documentos = ("SELECT d.expediente_id AS e FROM busqueda_documento_fts f JOIN "
                      "busqueda_documento d ON d.documento_id = f.rowid "
                      "WHERE busqueda_documento_fts MATCH :q")  # fmt: skip
    else:
        cabecera = (
            "SELECT expediente_id AS e FROM busqueda_expediente WHERE vector @@ CAST(:q AS tsquery)"
        )
        documentos = (
            "SELECT expediente_id AS e FROM busqueda_documento WHERE vector @@ CAST(:q AS tsquery)"
        )
    ids = f"SELECT DISTINCT e FROM ({cabecera} UNION ALL {documentos}) u"
    if orden == "patrono":
        pagina = (f"SELECT x.id FROM ({ids}) u JOIN expediente x ON x.id = u.e JOIN patrono p "
                  "ON p.id = x.patrono_id ORDER BY p.busqueda, x.numero LIMIT 50 OFFSET :n")  # fmt: skip
    else:
        pagina = f"{ids} ORDER BY e DESC LIMIT 50 OFFSET :n"
    return pagina, f"SELECT count(*) FROM ({ids}) u"


def _medir_pagina(
    bd: BaseDeDatos, motor: str, busqueda: tuple[str, str, str], numero: int, rondas: int
) -> tuple[list[float], list[float]]:
    """Los tiempos de la página `numero` en Recupera y en SQL pelado, ronda por ronda."""
    palabra, raiz, orden = busqueda
    pagina_sql, conteo_sql = _sql_pelado(motor, orden)
    recupera, base = [], []
    for _ in range(rondas):
        with bd.sesion(Actor("benchmark"), solo_lectura=True) as s:
            jefe = obtener_usuario(session=s, nombre_usuario="jefe")
            inicio = time.perf_counter()
            pagina = buscar_pagina_en_archivo(session=s, texto=palabra, usuario=jefe,
                                              pedida=numero, orden=orden)  # fmt: skip
            recupera.append(time.perf_counter() - inicio)
            assert pagina.resultados and pagina.pagina.numero == numero, (busqueda, numero)
            inicio = time.perf_counter()
            total = s.connection().execute(text(conteo_sql), {"q": raiz}).scalar_one()
            s.connection().execute(
                text(pagina_sql), {"q": raiz, "n": pagina.pagina.desplazamiento}
            ).all()
            base.append(time.perf_counter() - inicio)
            assert total == pagina.pagina.total, (busqueda, total, pagina.pagina.total)
    return recupera, base


def medir_archivo(
    bd: BaseDeDatos,
    motor: str,
    rondas: int,
    percentiles: Callable[[list[float]], tuple[float, float]],
) -> None:
    """Imprime p50/p95 de la primera, una del medio y la última página de cada búsqueda."""
    for busqueda in BUSQUEDAS:
        with bd.sesion(Actor("benchmark"), solo_lectura=True) as s:
            jefe = obtener_usuario(session=s, nombre_usuario="jefe")
            total = buscar_pagina_en_archivo(
                session=s, texto=busqueda[0], usuario=jefe
            ).pagina.total
        ultima = pagina_de(total=total, pedida="ultima").numero
        nombre = f"archivo «{busqueda[0]}» ({total:,})"
        for numero in (1, ultima // 2, ultima):
            recupera, base = _medir_pagina(bd, motor, busqueda, numero, rondas)
            (r50, r95), (b50, b95) = percentiles(recupera), percentiles(base)
            print(f"  {nombre:<34} {busqueda[2]:<10} {numero:>5}   "
                  f"{r50:>9.1f} / {r95:>6.1f}   {b50:>11.1f} / {b95:>6.1f}")  # fmt: skip
