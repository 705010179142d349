"""El registro de salida, los documentos y los patronos paginan de 50 en 50 con su total, se
ordenan por sus columnas principales (el orden de las filas lo prueba), conservan filtros y orden
en los enlaces de página y vuelven a ellos desde «Mis filtros». Nombres con tildes, `&`, `<`,
comillas y `{{ }}`."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import Engine
from sqlmodel import select

from correspondencia import Saliente
from expedientes import Patrono, Rol, abrir_expediente
from plantillas import DocumentoGenerado, PlantillaVersion
from tests.recupera.conftest import NUMERO_PEREZ, CrearUsuarios, cliente_de, escribir, registrar
from tests.recupera.listas import abrir_filtro_guardado, comprobar_ordenes, filas, ordenadas

N = 110  # tres páginas: 50, 50 y 10
HOSTIL = 'Ñúñez & Cía <S.A.> "{{ x }}"'


def _salientes(engine: Engine) -> list[dict[str, Any]]:
    """N cartas salientes: el número sigue el orden de registro; fecha, destinatario, estado y
    canal van en otro orden cada uno."""
    estados = ["emitida", "enviada", "entregada", "rebotada", "anulada", "pendiente"]
    datos = []
    with escribir(engine) as s:
        for i in range(N):
            k = (i * 37) % N
            d = {"i": i, "id": f"CS-2026-{i + 1:06d}", "fecha": date(2026, 1, 1) + timedelta(days=(i * 53) % N),
                 "destinatario": f"{chr(65 + k % 26)}{k:03d} {HOSTIL}", "estado": estados[i % 6],
                 "canal": "correo" if i % 2 else "mensajero"}  # fmt: skip
            s.add(Saliente(
                numero=d["id"], asunto=f"Aviso «{i}» & <anexo>", destinatario=d["destinatario"],
                emitida_el=d["fecha"], estado=d["estado"], canal=d["canal"],
                creado_en=datetime(2026, 1, 1, 8, tzinfo=UTC) + timedelta(hours=i),
            ))  # fmt: skip
            datos.append(d)
    return datos


def test_el_registro_de_salida_pagina_ordena_y_guarda_sus_filtros(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """110 cartas: las más recientes primero en tres páginas (la última con las 10 más antiguas);
    por número, fecha, destinatario y estado en ambos sentidos; el canal y el orden viajan en los
    enlaces de página; «Mis filtros» devuelve la lista filtrada y ordenada."""
    crear_usuarios(Rol.SECRETARIA)
    secretaria = cliente_de(app, Rol.SECRETARIA)
    datos = _salientes(engine)
    patron = re.compile(r'href="/correspondencia/enviada/(CS-2026-\d{6})"')
    recientes = ordenadas(datos, lambda d: d["i"], desc=True)
    primera, html = filas(secretaria, "/correspondencia/enviada", patron)
    assert primera == recientes[:50] and 'id="conteo" data-cantidad="110"' in html
    assert filas(secretaria, "/correspondencia/enviada?pagina=2", patron)[0] == recientes[50:100]
    ultima, html = filas(secretaria, "/correspondencia/enviada?pagina=ultima", patron)
    assert ultima == recientes[100:] and "Cartas 101 a 110 de 110 · página 3 de 3" in html
    comprobar_ordenes(secretaria, "/correspondencia/enviada", patron, datos, {
        "numero": lambda d: d["id"], "fecha": lambda d: d["fecha"],
        "destinatario": lambda d: d["destinatario"].lower(), "estado": lambda d: d["estado"],
    })  # fmt: skip
    correo = [d for d in datos if d["canal"] == "correo"]
    vistas, html = filas(secretaria, "/correspondencia/enviada?canal=correo&orden=-fecha", patron)
    assert vistas == ordenadas(correo, lambda d: d["fecha"], desc=True)[:50]
    assert 'href="/correspondencia/enviada?canal=correo&orden=-fecha&pagina=2"' in html
    assert 'id="conteo" data-cantidad="55"' in html
    html = abrir_filtro_guardado(
        secretaria, "/correspondencia/enviada", "canal=correo&orden=destinatario"
    )
    assert 'id="conteo" data-cantidad="55"' in html
    assert (
        patron.findall(html)
        == ordenadas(correo, lambda d: d["destinatario"].lower(), desc=False)[:50]
    )


def _documentos(engine: Engine, autor_id: int) -> list[dict[str, Any]]:
    """N documentos repartidos en tres expedientes, con títulos, estados y fechas en otro orden
    que el de su número."""
    registrar(engine, razon_social=HOSTIL)
    titulos = ["Aviso de cobro & «urgente»", "Convenio de pago <b>",
               'Oficio de respuesta "{{ x }}"', "Requerimiento de pago"]  # fmt: skip
    estados = ["borrador", "en_revision", "observado", "aprobado", "final", "anulado"]
    datos = []
    with escribir(engine) as s:
        expedientes = [
            abrir_expediente(session=s, numero_patronal=NUMERO_PEREZ, tipo="cobro", hoy=date(2026, 1, 2))
            for _ in range(3)
        ]  # fmt: skip
        version = s.exec(
            select(PlantillaVersion).where(PlantillaVersion.nombre == "aviso_cobro")
        ).first()
        assert version is not None
        for i in range(N):
            e = expedientes[(i * 7) % 3]
            d = {"i": i, "id": f"DRP-2026-{i + 1:06d}", "expediente": e.numero,
                 "titulo": titulos[(i * 3) % 4], "estado": estados[i % 6],
                 "fecha": date(2026, 2, 1) + timedelta(days=(i * 53) % N)}  # fmt: skip
            s.add(DocumentoGenerado(
                numero=d["id"], expediente_id=e.id, plantilla_version_id=version.id,
                plantilla="aviso_cobro", plantilla_version=version.version,
                plantilla_sha256=version.docx_sha256, titulo=d["titulo"], estado=d["estado"],
                fecha=d["fecha"], entradas={}, docx_sha256="c" * 64, autor_id=autor_id,
                editado_por_id=autor_id,
            ))  # fmt: skip
            s.flush()  # un id por documento, en el orden de sus números
            datos.append(d)
    return datos


def test_los_documentos_paginan_ordenan_y_guardan_sus_filtros(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """110 documentos: los más recientes primero en tres páginas; por fecha, documento (título),
    estado y expediente en ambos sentidos; el estado y el orden viajan en los enlaces de página;
    «Mis filtros» devuelve la lista filtrada y ordenada."""
    jefe_id = crear_usuarios(Rol.JEFE)[Rol.JEFE].id
    assert jefe_id is not None
    jefe = cliente_de(app, Rol.JEFE)
    datos = _documentos(engine, jefe_id)
    patron = re.compile(r'href="/documentos/\d+">(DRP-2026-\d{6})</a>')
    recientes = ordenadas(datos, lambda d: d["i"], desc=True)
    primera, html = filas(jefe, "/documentos/", patron)
    assert primera == recientes[:50] and 'id="conteo" data-cantidad="110"' in html
    assert HOSTIL in html and 'Oficio de respuesta "{{ x }}"' in html
    assert filas(jefe, "/documentos/?pagina=2", patron)[0] == recientes[50:100]
    ultima, html = filas(jefe, "/documentos/?pagina=ultima", patron)
    assert ultima == recientes[100:] and "Documentos 101 a 110 de 110 · página 3 de 3" in html
    comprobar_ordenes(jefe, "/documentos/", patron, datos, {
        "fecha": lambda d: d["fecha"], "documento": lambda d: d["titulo"],
        "estado": lambda d: d["estado"], "expediente": lambda d: d["expediente"],
    })  # fmt: skip
    finales = [d for d in datos if d["estado"] in ("final",)]
    vistas, html = filas(jefe, "/documentos/?estado=final&orden=fecha", patron)
    assert vistas == ordenadas(finales, lambda d: d["fecha"], desc=False)
    abiertos = [d for d in datos if d["estado"] not in ("final", "anulado")]
    vistas, html = filas(jefe, "/documentos/?abiertos=1&orden=-expediente", patron)
    assert vistas == ordenadas(abiertos, lambda d: d["expediente"], desc=True)[:50]
    assert 'href="/documentos/?abiertos=1&orden=-expediente&pagina=2"' in html
    html = abrir_filtro_guardado(jefe, "/documentos/", "abiertos=1&orden=documento")
    assert f'id="conteo" data-cantidad="{len(abiertos)}"' in html
    assert patron.findall(html) == ordenadas(abiertos, lambda d: d["titulo"], desc=False)[:50]


def _patronos(engine: Engine) -> list[dict[str, Any]]:
    """N patronos: razón social, número patronal y NIT van cada uno en otro orden."""
    datos = []
    with escribir(engine) as s:
        for i in range(N):
            d = {"i": i, "id": f"{500000000 + (i * 37) % N}", "nit": f"0614{(i * 53) % N:010d}",
                 "razon": f"Empresa {i:03d} {HOSTIL}", "busqueda": f"empresa {i:03d} nunez cia s a x"}  # fmt: skip
            s.add(Patrono(numero_patronal=d["id"], nit=d["nit"], razon_social=d["razon"],
                          busqueda=d["busqueda"]))  # fmt: skip
            s.flush()
            datos.append(d)
    return datos


def test_los_patronos_paginan_ordenan_y_guardan_su_busqueda(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """110 patronos: por razón social en tres páginas; por número patronal, razón social y NIT en
    ambos sentidos; la búsqueda y el orden viajan en los enlaces de página; «Mis filtros» (que
    la lista de patronos no tenía) devuelve la búsqueda ordenada."""
    crear_usuarios(Rol.ARCHIVO)
    archivo = cliente_de(app, Rol.ARCHIVO)
    datos = _patronos(engine)
    patron = re.compile(r'href="/patronos/(\d{9})"')
    por_razon = ordenadas(datos, lambda d: d["razon"], desc=False)
    primera, html = filas(archivo, "/patronos/", patron)
    assert primera == por_razon[:50] and 'id="conteo" data-cantidad="110"' in html
    assert HOSTIL in html and 'class="mis-filtros"' in html
    assert filas(archivo, "/patronos/?pagina=2", patron)[0] == por_razon[50:100]
    ultima, html = filas(archivo, "/patronos/?pagina=ultima", patron)
    assert ultima == por_razon[100:] and "Patronos 101 a 110 de 110 · página 3 de 3" in html
    comprobar_ordenes(archivo, "/patronos/", patron, datos, {
        "numero": lambda d: d["id"], "razon": lambda d: d["razon"], "nit": lambda d: d["nit"],
    })  # fmt: skip
    vistas, html = filas(archivo, "/patronos/?q=ÑÚÑEZ&orden=-nit", patron)
    assert vistas == ordenadas(datos, lambda d: d["nit"], desc=True)[:50]
    assert 'href="/patronos/?q=%C3%91%C3%9A%C3%91EZ&orden=-nit&pagina=2"' in html
    html = abrir_filtro_guardado(archivo, "/patronos/", "q=empresa+01&orden=-numero")
    hallados = [d for d in datos if "empresa" in d["busqueda"] and "01" in d["busqueda"]]
    assert f'id="conteo" data-cantidad="{len(hallados)}"' in html and len(hallados) == 12
    assert patron.findall(html) == ordenadas(hallados, lambda d: d["id"], desc=True)
