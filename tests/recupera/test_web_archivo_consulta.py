"""Consultar el archivo en la web: buscar por lo que se sepa, ver con folios, exportar (un PDF
foliado y un zip que `sha256sum -c` acepta), lo que el rol archivo no puede hacer, los archivos
dañados que no se entregan y los datos hostiles escapados."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from datetime import date, timedelta
from html import unescape
from io import BytesIO
from pathlib import Path

from flask import Flask
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import select

from archivo import (
    OrigenDocumento,
    Prestamo,
    Verificacion,
    almacen_de,
    corregir,
    incorporar_documento,
    prestar_expediente,
)
from correspondencia import Correspondencia, incorporar_carta, vincular_carta
from expedientes import Etapa, Rol, hoy, obtener_expediente
from tests.archivo.casos import RAZON, pdf_de
from tests.expedientes.datos import NIT_PEREZ
from tests.recupera.archivo import (
    HOSTIL,
    HOSTIL_ESCAPADO,
    RANGOS,
    RAZON_ESCAPADA,
    REQUISITOS,
    archivable,
    carta_de_tres_paginas,
    documentos,
    enviar,
    formularios_post,
    incompleto,
    paginas_de_indice,
    sellar,
    sellos,
)
from tests.recupera.cartas import carta_de_papel
from tests.recupera.conftest import CrearUsuarios, cliente_de, escribir, texto

SECRETARIA, GESTOR, JEFE, ARCHIVO, ADMIN = (
    Rol.SECRETARIA,
    Rol.GESTOR,
    Rol.JEFE,
    Rol.ARCHIVO,
    Rol.ADMIN,
)


def test_el_archivo_busca_ve_los_folios_y_exporta_pero_solo_puede_prestar(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """GIVEN un expediente archivado; WHEN el archivo lo busca sin tildes; THEN lo ve con sus
    folios, lo exporta, y todo POST que no sea un préstamo le da 403 sin cambiar nada."""
    usuarios = crear_usuarios(ARCHIVO, JEFE)
    numero = archivable(engine, tmp_path)
    sellar(engine, tmp_path, numero, usuarios[JEFE])
    carta = carta_de_papel(engine, tmp_path)
    archivo = cliente_de(app, ARCHIVO)

    resultados = texto(archivo.get("/archivo/", query_string={"q": "perez cia nandu"}))
    assert f'href="/archivo/{numero}"' in resultados
    assert '<span class="archivado"' in resultados and RAZON_ESCAPADA in resultados
    vista = texto(archivo.get(f"/archivo/{numero}"))
    for rango in RANGOS:
        assert rango in vista
    assert "Sellado y archivado el" in vista and "15 folios" in vista
    assert formularios_post(vista) == ["/salir", f"/archivo/{numero}/prestamos"]
    for extension in ("pdf", "zip"):
        respuesta = archivo.get(f"/archivo/{numero}/exportar.{extension}")
        assert respuesta.status_code == 200
        assert f"filename={numero}.{extension}" in respuesta.headers["Content-Disposition"]

    prohibidos = {
        f"/archivo/{numero}/sello": {"confirmar": "si"},
        f"/archivo/{numero}/correccion": {"motivo": "No debería poder"},
        f"/archivo/{numero}/documentos/nuevo": {"tipo": "otro"},
        f"/archivo/{numero}/verificacion": {},
        "/archivo/verificacion": {},
        f"/correspondencia/{carta.numero}/incorporacion": {"tipo": "correspondencia"},
        f"/expedientes/{numero}/etapa": {"etapa": Etapa.EN_GESTION},
    }
    for url, datos in prohibidos.items():
        respuesta = enviar(archivo, url, **datos)
        assert respuesta.status_code == 403, url
        assert "Acceso denegado" in texto(respuesta)
    respuesta = enviar(
        archivo,
        f"/archivo/{numero}/prestamos",
        persona="Lic. Ana Martínez",
        oficina="Unidad Jurídica",
        vence_el=(hoy() + timedelta(days=10)).isoformat(),
    )
    assert respuesta.status_code == 302
    assert respuesta.headers["Location"] == f"/archivo/{numero}#prestamo"
    assert len(sellos(engine, numero)) == 1 and len(documentos(engine, numero)) == 5
    with escribir(engine) as s:
        assert s.exec(select(Verificacion)).all() == []
        assert [p.persona for p in s.exec(select(Prestamo)).all()] == ["Lic. Ana Martínez"]


def test_la_busqueda_encuentra_por_identificadores_en_cualquier_formato_y_filtra(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """NIT con o sin guiones, número patronal, expediente en minúsculas, número CE de una carta
    incorporada; el tipo y las fechas filtran; un error de fechas se explica en español."""
    usuarios = crear_usuarios(SECRETARIA)
    numero = incompleto(engine, tmp_path, cuantos=1)
    carta = carta_de_tres_paginas(engine, tmp_path)
    with escribir(engine) as s:
        en_sesion = s.get(Correspondencia, carta.id)
        vincular_carta(session=s, carta=en_sesion, numero_expediente=numero)
        incorporar_carta(
            session=s, almacen=almacen_de(tmp_path), carta=en_sesion, tipo="correspondencia",
            usuario=usuarios[SECRETARIA], requisitos=REQUISITOS,
        )  # fmt: skip
    secretaria = cliente_de(app, SECRETARIA)
    enlace = f'href="/archivo/{numero}"'

    def buscar(**args: str) -> str:
        respuesta = secretaria.get("/archivo/", query_string=args)
        assert respuesta.status_code == 200
        return texto(respuesta)

    for consulta in (NIT_PEREZ, NIT_PEREZ.replace("-", ""), "310145678", numero.lower(), "espiga"):
        assert enlace in buscar(q=consulta), consulta
    por_carta = buscar(q=carta.numero)
    assert f'href="/archivo/{numero}#documento-2"' in por_carta and carta.numero in por_carta
    assert enlace in buscar(q="espiga", tipo="transaccion")
    assert "Ningún expediente" in buscar(q="espiga", tipo="convenio")
    assert enlace in buscar(q="espiga", desde="2026-01-01", hasta="2026-12-31")
    assert "Ningún expediente" in buscar(q="inexistentísimo")
    assert "posterior a «hasta»" in unescape(
        buscar(q="espiga", desde="2026-12-01", hasta="2026-01-01")
    )
    assert "no es válida (use AAAA-MM-DD)" in unescape(buscar(q="espiga", desde="31/12/2026"))
    assert "Resultados" not in buscar() and 'id="resultados"' not in buscar()


def test_el_pdf_exportado_tiene_caratula_indice_y_un_folio_por_pagina(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Páginas = 1 carátula + índice + la suma de los folios; la primera del documento 1 dice
    «Folio 1» y la última «Folio 15»."""
    usuarios = crear_usuarios(SECRETARIA, JEFE)
    numero = archivable(engine, tmp_path)
    sellar(engine, tmp_path, numero, usuarios[JEFE])
    respuesta = cliente_de(app, SECRETARIA).get(f"/archivo/{numero}/exportar.pdf")
    assert respuesta.status_code == 200 and respuesta.mimetype == "application/pdf"
    assert respuesta.headers["Content-Disposition"] == f"attachment; filename={numero}.pdf"
    lector = PdfReader(BytesIO(respuesta.data))
    indice = paginas_de_indice(lector)
    folios = sum(d.folios for d in documentos(engine, numero))
    assert indice >= 1 and folios == 15
    assert len(lector.pages) == 1 + indice + folios
    assert re.search(r"\bFolio 1\b", lector.pages[1 + indice].extract_text())
    assert re.search(r"\bFolio 15\b", lector.pages[-1].extract_text())


def test_el_zip_exportado_pasa_sha256sum(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """El zip trae los originales, el manifiesto y SHA256SUMS; `sha256sum -c` da todo OK."""
    usuarios = crear_usuarios(ARCHIVO, JEFE)
    numero = archivable(engine, tmp_path)
    sellar(engine, tmp_path, numero, usuarios[JEFE])
    respuesta = cliente_de(app, ARCHIVO).get(f"/archivo/{numero}/exportar.zip")
    assert respuesta.status_code == 200 and respuesta.mimetype == "application/zip"
    assert respuesta.headers["Content-Disposition"] == f"attachment; filename={numero}.zip"
    destino = tmp_path / "exportado"
    with zipfile.ZipFile(BytesIO(respuesta.data)) as zip_:
        zip_.extractall(destino)
    comprobacion = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"],
        cwd=destino,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert comprobacion.returncode == 0, comprobacion.stdout + comprobacion.stderr
    renglones = comprobacion.stdout.splitlines()
    assert len(renglones) == 6 and all(r.endswith(": OK") for r in renglones)
    assert "manifest.json: OK" in renglones


def test_un_archivo_alterado_no_se_entrega_ni_se_exporta(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Original, PDF, PDF foliado y zip: la página «Archivo no disponible», nunca los bytes."""
    crear_usuarios(SECRETARIA)
    numero = archivable(engine, tmp_path)
    primero = documentos(engine, numero)[0]
    blob = almacen_de(tmp_path).ruta(primero.sha256)
    blob.chmod(0o644)
    blob.write_bytes(b"%PDF-1.4 alterado por alguien")
    secretaria = cliente_de(app, SECRETARIA)
    for url in (
        f"/archivo/{numero}/documentos/1/original",
        f"/archivo/{numero}/documentos/1/pdf?ver=1",
        f"/archivo/{numero}/exportar.pdf",
        f"/archivo/{numero}/exportar.zip",
    ):
        respuesta = secretaria.get(url)
        assert respuesta.status_code == 500, url
        assert respuesta.mimetype == "text/html"
        assert "Content-Disposition" not in respuesta.headers
        html = unescape(texto(respuesta))
        assert "<h1>Archivo no disponible</h1>" in html
        assert "huella sha256" in html and "alterado por alguien" not in html
    # Los demás documentos se siguen entregando.
    assert secretaria.get(f"/archivo/{numero}/documentos/2/pdf").status_code == 200
    assert secretaria.get(f"/archivo/{numero}/documentos/9/pdf").status_code == 404


def test_los_datos_hostiles_salen_escapados_en_cada_pagina_del_archivo(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Razón social, títulos, texto del fragmento, motivo, persona del préstamo: escapados."""
    usuarios = crear_usuarios(JEFE)
    numero = archivable(engine, tmp_path)
    almacen = almacen_de(tmp_path)
    with escribir(engine) as s:
        expediente = obtener_expediente(session=s, numero=numero)
        sha = almacen.guardar(pdf_de(1, "hostil"))
        incorporar_documento(
            session=s, expediente=expediente, tipo="otro", titulo=HOSTIL, fecha=date(2026, 4, 1),
            origen=OrigenDocumento.ESCANEADO, sha256=sha, sha256_pdf=sha, folios=1, referencia="CE-2026-000077",
            texto=f"Texto con <script>alert(1)</script> y {HOSTIL} sobre la exoneración.",
        )  # fmt: skip
    sellar(engine, tmp_path, numero, usuarios[JEFE])
    with escribir(engine) as s:
        expediente = obtener_expediente(session=s, numero=numero)
        sha = almacen.guardar(pdf_de(1, "corrección"))
        corregir(
            session=s, almacen=almacen, expediente=expediente, usuario=usuarios[JEFE],
            motivo=f"Motivo {HOSTIL}",
            documento={"tipo": "otro", "titulo": HOSTIL, "fecha": date(2026, 11, 1),
                       "sha256": sha, "sha256_pdf": sha, "folios": 1},
        )  # fmt: skip
        prestar_expediente(
            session=s, expediente=expediente, persona=HOSTIL, oficina=HOSTIL,
            prestado_el=hoy() - timedelta(days=9), vence_el=hoy() - timedelta(days=2),
            usuario=usuarios[JEFE],
        )  # fmt: skip
    jefe = cliente_de(app, JEFE)
    busqueda = texto(jefe.get("/archivo/", query_string={"q": "exoneracion script"}))
    assert f'href="/archivo/{numero}#documento-6"' in busqueda
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in busqueda and HOSTIL_ESCAPADO in busqueda
    paginas_html = {
        "búsqueda": busqueda,
        "vista": texto(jefe.get(f"/archivo/{numero}")),
        "préstamos": texto(jefe.get("/archivo/prestamos")),
        "corrección": texto(jefe.get(f"/archivo/{numero}/correccion")),
    }
    assert f"Motivo {HOSTIL_ESCAPADO}" in paginas_html["vista"]
    assert RAZON_ESCAPADA in paginas_html["vista"]
    for nombre, html in paginas_html.items():
        assert "<script" not in html and "<S.A." not in html and "<copia>" not in html, nombre
        assert 'Cía "x"' not in html, nombre
    for nombre in ("búsqueda", "vista", "préstamos"):
        assert HOSTIL_ESCAPADO in paginas_html[nombre], nombre
    assert RAZON not in paginas_html["vista"]


def test_un_gestor_no_ve_por_el_archivo_lo_que_no_ve_en_sus_paginas(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """GIVEN un expediente que no es del gestor (sin gestor) WHEN el gestor pide por el archivo
    el original o el PDF de un documento, el PDF foliado o el zip THEN 403 (no los mismos bytes
    por otro camino); la ficha del archivo no lista sus documentos ni ofrece exportarlos; la
    búsqueda no muestra documentos ni fragmentos. WHEN el jefe lo archiva THEN ya lo ve."""
    usuarios = crear_usuarios(GESTOR, JEFE)
    numero = archivable(engine, tmp_path)
    gestor = cliente_de(app, GESTOR)
    caminos = [
        f"/archivo/{numero}/documentos/1/original",
        f"/archivo/{numero}/documentos/1/pdf",
        f"/archivo/{numero}/exportar.pdf",
        f"/archivo/{numero}/exportar.zip",
    ]
    for url in caminos:
        assert gestor.get(url).status_code == 403, url
    ficha = texto(gestor.get(f"/archivo/{numero}"))
    assert 'id="documentos-reservados"' in ficha
    assert "/documentos/1/original" not in ficha and "exportar.pdf" not in ficha
    buscada = texto(gestor.get("/archivo/", query_string={"q": "perez cia nandu"}))
    assert f'href="/archivo/{numero}"' in buscada  # la cabecera sí: el patrono y su número
    assert f"/archivo/{numero}/documentos/" not in buscada and "fragmento" not in buscada
    sellar(engine, tmp_path, numero, usuarios[JEFE])
    for url in caminos:
        assert gestor.get(url).status_code == 200, url
    assert 'id="documentos-reservados"' not in texto(gestor.get(f"/archivo/{numero}"))


def test_una_carta_sin_incorporar_se_encuentra_por_su_numero_ce(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Recién registrada y sin expediente, la carta aparece al buscar su número (escrito sin
    guiones ni ceros) para quien puede verla; no para el gestor, a quien no le toca."""
    crear_usuarios(SECRETARIA, Rol.GESTOR)
    carta = carta_de_tres_paginas(engine, tmp_path)
    anio, n = carta.numero.split("-")[1:]
    html = texto(
        cliente_de(app, SECRETARIA).get("/archivo/", query_string={"q": f"ce{anio}{int(n)}"})
    )
    assert 'id="cartas-citadas"' in html and f'href="/correspondencia/{carta.numero}"' in html
    assert "sin vincular a un expediente" in html
    del_gestor = texto(
        cliente_de(app, Rol.GESTOR).get("/archivo/", query_string={"q": carta.numero})
    )
    assert 'id="cartas-citadas"' not in del_gestor
