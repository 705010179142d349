"""La bitácora se ordena por cuándo, quién y qué cosa, en ambos sentidos, con el orden en la URL;
las páginas y la exportación (CSV y XLSX) siguen ese orden; y los estados, etapas y tipos se leen
por el nombre que la interfaz les da, no por su código. Nombres y motivos con tildes, `&`, `<`,
comillas y `{{ }}`."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta
from html import unescape
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import SQLModel, select

from expedientes import Auditoria, Rol, Usuario, entidades_auditadas
from recupera.web.formatos import NOMBRES_EN_LA_BITACORA
from tests.recupera.conftest import cliente_de, crear_usuarios_en, escribir, texto
from tests.recupera.listas import comprobar_ordenes, filas, ordenadas

N = 110
HOSTIL = 'Ñúñez & Cía <S.A.> "{{ x }}"'
# Iniciales distintas y en mayúscula: el orden por nombre es el mismo con cualquier intercalación
# (la de SQLite y la de PostgreSQL), y los procesos («prueba:web», «sistema:…», «sondeo») van
# detrás.
NOMBRES = ["Ana", "Beto", "Carla", "Dora"]
ENTIDADES = ["correspondencia", "expediente", "saliente", "patrono"]
RENGLON = re.compile(r'<tr id="bitacora-(\d+)">')
# Los renglones de la prueba son los de 2025 (la app y las altas escriben los suyos hoy).
DE_LA_PRUEBA = "desde=2025-01-01&hasta=2025-12-31"


def _preparar(engine: Engine) -> None:
    """El jefe, cuatro personas y N renglones de 2025, cada uno con su marca en el motivo y en
    otro orden de fecha, de persona (o el proceso «sondeo») y de entidad."""
    crear_usuarios_en(engine, [Rol.JEFE])
    with escribir(engine) as s:
        personas = []
        for inicial in NOMBRES:
            usuario = Usuario(nombre_usuario=inicial.lower(), nombre_completo=f"{inicial} {HOSTIL}",
                              rol="gestor", password_hash="x", token_sesion="0" * 32)  # fmt: skip
            s.add(usuario)
            s.flush()
            personas.append(usuario.id)
        inicio = datetime(2025, 3, 3, 14, tzinfo=UTC)
        for i in range(N):
            quien = personas[(i * 7) % 5] if (i * 7) % 5 < 4 else None
            s.add(Auditoria(
                cuando=inicio + timedelta(minutes=(i * 53) % N), usuario_id=quien,
                actor="sondeo" if quien is None else NOMBRES[personas.index(quien)].lower(),
                accion="modificar", entidad=ENTIDADES[(i * 3) % 4], entidad_id=str(900 + i),
                motivo=f"R{i:03d} «revisión» & <b>{{{{ x }}}}</b>",
                antes={"asunto": "antes"}, despues={"asunto": f"después {i}"},
            ))  # fmt: skip


def _datos(engine: Engine) -> list[dict[str, Any]]:
    """Cada renglón de la bitácora con lo que lo ordena: su fecha, el nombre de quien lo hizo (o
    del proceso) y el título de su entidad; `id` e `i`, su id; `marca`, la de su motivo."""
    titulos = entidades_auditadas()
    with escribir(engine) as s:
        nombres = {u.id: u.nombre_completo for u in s.exec(select(Usuario)).all()}
        return [
            {"id": str(r.id), "i": r.id, "cuando": r.cuando, "marca": r.motivo[:4],
             "persona": nombres[r.usuario_id] if r.usuario_id else r.actor,
             "entidad": titulos.get(r.entidad, r.entidad)}
            for r in s.exec(select(Auditoria)).all()
        ]  # fmt: skip


def _claves() -> dict[str, Any]:
    return {
        "cuando": lambda d: d["cuando"],
        "persona": lambda d: d["persona"],
        "entidad": lambda d: d["entidad"],
    }


def _marcas(datos: list[dict[str, Any]], orden: str) -> list[str]:
    """Las marcas de los renglones de la prueba, en ese orden (`-clave`: descendente)."""
    propios = [d for d in datos if d["cuando"].year == 2025]
    clave = _claves()[orden.lstrip("-")]
    por_id = {d["id"]: d["marca"] for d in propios}
    return [por_id[i] for i in ordenadas(propios, clave, desc=orden.startswith("-"))]


def _exportadas(cliente: FlaskClient, consulta: str) -> tuple[list[str], list[str]]:
    """Las marcas de los renglones del CSV y del XLSX de esa consulta, en su orden."""
    respuesta = cliente.get(f"/bitacora.csv?{consulta}")
    assert respuesta.status_code == 200
    lector = csv.reader(io.StringIO(respuesta.data.decode("utf-8-sig")))
    del_csv = [fila[4][:4] for fila in list(lector)[1:]]
    libro = load_workbook(io.BytesIO(cliente.get(f"/bitacora.xlsx?{consulta}").data))
    hoja = libro.active
    assert hoja is not None
    del_xlsx = [str(fila[4])[:4] for fila in hoja.iter_rows(min_row=2, values_only=True)]
    return del_csv, del_xlsx


def test_la_bitacora_se_ordena_por_fecha_persona_y_cosa_y_exporta_en_ese_orden(
    app: Flask, engine: Engine
) -> None:
    """GIVEN más de cien renglones de cinco personas y varios procesos sobre seis clases de cosas
    WHEN el jefe ordena la bitácora por cada columna principal, en ambos sentidos
    THEN la primera página trae los primeros 50 de ese orden y el encabezado lo dice; la segunda
    página y la última siguen el mismo orden con los filtros; el CSV y el XLSX, también."""
    _preparar(engine)
    jefe = cliente_de(app, Rol.JEFE)
    datos = _datos(engine)
    assert len(datos) > 100
    primera, html = filas(jefe, "/bitacora", RENGLON)
    recientes = ordenadas(datos, lambda d: d["cuando"], desc=True)
    assert primera == recientes[:50] and f'id="conteo" data-cantidad="{len(datos)}"' in html
    comprobar_ordenes(jefe, "/bitacora", RENGLON, datos, _claves())
    por_persona = ordenadas(datos, lambda d: d["persona"], desc=False)
    segunda, html = filas(jefe, "/bitacora?orden=persona&pagina=2", RENGLON)
    assert segunda == por_persona[50:100]
    assert 'href="/bitacora?orden=persona&pagina=3" rel="next"' in html
    assert filas(jefe, "/bitacora?orden=persona&pagina=ultima", RENGLON)[0] == por_persona[100:]
    # Con filtros: la página, sus enlaces y la exportación conservan filtros y orden.
    consulta = f"{DE_LA_PRUEBA}&orden=-persona"
    vistas, html = filas(jefe, f"/bitacora?{consulta}", RENGLON)
    propios = [d for d in datos if d["cuando"].year == 2025]
    assert vistas == ordenadas(propios, lambda d: d["persona"], desc=True)[:50]
    assert 'name="orden" value="-persona"' in html, "filtrar de nuevo conserva el orden"
    assert f"/bitacora.csv?{consulta}" in html and f"/bitacora.xlsx?{consulta}" in html
    siguiente = f"/bitacora?{consulta}&pagina=2"
    assert f'href="{siguiente}" rel="next"' in html
    for orden in ("-persona", "entidad", "-entidad", "cuando"):
        esperadas = _marcas(datos, orden)
        assert _exportadas(jefe, f"{DE_LA_PRUEBA}&orden={orden}") == (esperadas, esperadas)
    recientes = _marcas(datos, "-cuando")
    assert _exportadas(jefe, f"{DE_LA_PRUEBA}&orden=raro") == (recientes, recientes)
    cartas = f"{DE_LA_PRUEBA}&entidad=correspondencia&orden=persona"
    del_csv, _ = _exportadas(jefe, cartas)
    assert del_csv == [m for m in _marcas(datos, "persona") if int(m[1:]) * 3 % 4 == 0]


# Cada código con el nombre que le dan las páginas de su capacidad.
CAMBIOS = [
    ("expediente", "etapa", "abierto", "en_gestion", "Etapa: Abierto → En gestión de cobro"),
    ("expediente", "tipo", "cobro", "convenio", "Tipo: Cobro administrativo → Convenio de pago"),
    ("correspondencia", "estado", "registrada", "en_tramite", "Estado: Registrada → En trámite"),
    ("correspondencia", "tipo", "general", "unidad_juridica", "Tipo: General → Unidad Jurídica"),
    ("saliente", "estado", "pendiente", "rebotada", "Estado: Por enviar → Rebotada"),
    ("saliente", "canal", "correo", "mensajero", "Canal: Correo electrónico → Mensajero o courier"),
    ("documento_generado", "estado", "en_revision", "observado", "Estado: En revisión → Observado"),
    ("convenio", "estado", "vigente", "incumplido", "Estado: Vigente → Incumplido"),
    ("usuario", "rol", "gestor", "jefe", "Rol: Gestor de cobros → Jefe de departamento"),
    ("transaccion", "estado", "en_consejo", "denegada",
     "Estado: En el Consejo Directivo → Denegada por el Consejo Directivo"),
    # Un código que nadie nombra (un dato viejo) se muestra tal cual; un texto libre, también.
    ("correspondencia", "estado", "en_papel", "registrada", "Estado: en_papel → Registrada"),
    ("correspondencia", "asunto", "abierto", f"Pago {HOSTIL}", f"Asunto: abierto → Pago {HOSTIL}"),
]  # fmt: skip


def test_los_estados_y_etapas_se_leen_por_su_nombre_en_la_pagina_y_en_la_exportacion(
    app: Flask, engine: Engine
) -> None:
    """GIVEN cambios de etapa, estado, tipo, canal y rol guardados con su código
    WHEN el jefe abre la bitácora o la exporta
    THEN cada valor se lee con el nombre que le da la interfaz («Abierto → En gestión de cobro»),
    no con su código; lo que no tiene nombre queda como está."""
    _preparar(engine)
    with escribir(engine) as s:
        for k, (entidad, campo, antes, despues, _) in enumerate(CAMBIOS):
            s.add(Auditoria(
                cuando=datetime(2026, 1, 5, 15, tzinfo=UTC) + timedelta(minutes=k),
                actor="sondeo", accion="modificar", entidad=entidad, entidad_id=str(k + 1),
                motivo=f"C{k:03d}", antes={campo: antes}, despues={campo: despues},
            ))  # fmt: skip
    jefe = cliente_de(app, Rol.JEFE)
    html = unescape(texto(jefe.get("/bitacora")))
    exportado = jefe.get("/bitacora.csv").data.decode("utf-8-sig")
    hoja = load_workbook(io.BytesIO(jefe.get("/bitacora.xlsx").data)).active
    assert hoja is not None
    celdas = "\n".join(str(fila[5]) for fila in hoja.iter_rows(min_row=2, values_only=True))
    for _, _, _, _, legible in CAMBIOS:
        campo, _, valores = legible.partition(": ")
        assert f'<span class="campo">{campo}</span>: {valores}' in html, legible
        assert legible in exportado.replace('""', '"') and legible in celdas, legible
    assert "en_gestion" not in html and "en_gestion" not in exportado


def test_cada_codigo_con_nombre_es_un_campo_de_su_entidad() -> None:
    """Los nombres de la bitácora apuntan a columnas que existen (un error de tipeo no pasa)."""
    tablas = SQLModel.metadata.tables
    for entidad, campo in NOMBRES_EN_LA_BITACORA:
        assert entidad in entidades_auditadas(), entidad
        assert campo in tablas[entidad].c, (entidad, campo)
