"""Lo que cambia el archivo desde la web: cerrar y archivar, lo que un expediente archivado ya no
admite, las correcciones, incorporar cartas y escaneos, los préstamos y la verificación."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape
from io import BytesIO
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import Engine
from sqlmodel import col, select

from archivo import OrigenDocumento, Prestamo, Verificacion, almacen_de, prestar_expediente
from correspondencia import Correspondencia, vincular_carta
from expedientes import Etapa, Gestion, Rol, asignar_gestor, hoy, obtener_expediente
from tests.archivo.casos import TRANSACCION, agregar, pdf_de
from tests.correspondencia.corpus import pdf_minimo
from tests.recupera.archivo import (
    HOSTIL,
    HOSTIL_ESCAPADO,
    archivable,
    carta_de_tres_paginas,
    documentos,
    enviar,
    formularios_post,
    incompleto,
    paginas,
    sellar,
    sellos,
    sin_errores_internos,
)
from tests.recupera.cartas import carta_de_correo, carta_de_papel
from tests.recupera.conftest import CrearUsuarios, cliente_de, escribir, esperar_tarea, texto

SECRETARIA, GESTOR, JEFE, ARCHIVO, ADMIN = (
    Rol.SECRETARIA,
    Rol.GESTOR,
    Rol.JEFE,
    Rol.ARCHIVO,
    Rol.ADMIN,
)


def test_cerrar_y_archivar_se_rechaza_con_todo_lo_que_falta_y_despues_sella(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Faltan dos documentos: la lista completa; completo y confirmado: sellado, versión 1."""
    crear_usuarios(JEFE)
    numero = incompleto(engine, tmp_path, cuantos=3)
    jefe = cliente_de(app, JEFE)
    vista = unescape(texto(jefe.get(f"/archivo/{numero}")))
    assert vista.count("✓") == 3 and vista.count("✗") == 2
    assert 'id="form-sellar"' in vista
    html = sin_errores_internos(
        enviar(jefe, f"/archivo/{numero}/sello", seguir=True, confirmar="si")
    )
    assert f"El expediente {numero} no se puede cerrar y archivar." in html
    aviso = html[html.index('class="aviso aviso-error"') :]
    for falta in ("Acuerdo del Consejo Directivo", "Constancia de aplicación en cuenta patronal"):
        assert f"<li>Falta: {falta}.</li>" in aviso
    assert sellos(engine, numero) == []

    with escribir(engine) as s:
        expediente = obtener_expediente(session=s, numero=numero)
        for tipo in TRANSACCION[3:]:
            agregar(s, almacen_de(tmp_path), expediente, tipo)
    html = sin_errores_internos(enviar(jefe, f"/archivo/{numero}/sello", seguir=True))
    assert "Marque la casilla de confirmación" in html and sellos(engine, numero) == []
    html = sin_errores_internos(
        enviar(jefe, f"/archivo/{numero}/sello", seguir=True, confirmar="si")
    )
    assert f"El expediente {numero} quedó cerrado, sellado y archivado." in html
    (sello,) = sellos(engine, numero)
    assert sello.version == 1 and sello.motivo == ""
    assert "José Roberto Aguilar Núñez" in html and sello.manifiesto_sha256 in html
    assert 'id="form-sellar"' not in html and "Agregar corrección" in html
    ficha = unescape(texto(jefe.get(f"/expedientes/{numero}")))
    assert f"Archivado el {hoy().day} de" in ficha
    assert f'action="/expedientes/{numero}/etapa"' not in ficha


def test_un_expediente_archivado_rechaza_cada_cambio_con_un_mensaje_claro(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Etapa, gestor, gestión, documento redactado o escaneado, carta: ni 500 ni cambios."""
    usuarios = crear_usuarios(JEFE)
    numero = archivable(engine, tmp_path)
    carta = carta_de_papel(engine, tmp_path)
    with escribir(engine) as s:
        vincular_carta(session=s, carta=s.get(Correspondencia, carta.id), numero_expediente=numero)
    sellar(engine, tmp_path, numero, usuarios[JEFE])
    jefe = cliente_de(app, JEFE)
    sellado = f"El expediente {numero} está sellado y archivado: no admite cambios."
    intentos = [
        (f"/expedientes/{numero}/etapa", {"etapa": "en_gestion", "motivo": "Reabrir"}, sellado),
        (f"/expedientes/{numero}/gestor", {"gestor": str(usuarios[JEFE].id)}, sellado),
        (
            f"/expedientes/{numero}/gestiones",
            {"tipo": "llamada", "fecha": hoy().isoformat(), "nota": "Llamada de seguimiento"},
            f"El expediente {numero} ya no admite gestiones.",
        ),
        (
            f"/expedientes/{numero}/documentos/nuevo?plantilla=anteproyecto_acuerdo",
            {},
            f"El expediente {numero} está cerrado: ya no recibe documentos.",
        ),
        (
            f"/archivo/{numero}/documentos/nuevo",
            {"escaneo": (BytesIO(pdf_de(1)), "nuevo.pdf"), "tipo": "otro", "fecha": "2026-11-02"},
            "está sellado y archivado: no admite documentos nuevos",
        ),
        (f"/correspondencia/{carta.numero}/incorporacion", {"tipo": "correspondencia"}, sellado),
    ]
    for url, datos, mensaje_esperado in intentos:
        html = sin_errores_internos(enviar(jefe, url, seguir=True, **datos))
        assert mensaje_esperado in html, url
    assert len(documentos(engine, numero)) == 5 and len(sellos(engine, numero)) == 1
    with escribir(engine) as s:
        expediente = obtener_expediente(session=s, numero=numero)
        assert expediente.etapa == Etapa.CERRADO and expediente.gestor_id is None
        gestiones = s.exec(select(Gestion).where(Gestion.expediente_id == expediente.id)).all()
        assert len(gestiones) == 1  # la de antes de archivar
    ficha = texto(jefe.get(f"/expedientes/{numero}"))
    assert formularios_post(ficha) == ["/salir"]
    detalle = texto(jefe.get(f"/correspondencia/{carta.numero}"))
    assert 'id="form-incorporar"' not in detalle


def test_una_correccion_exige_su_motivo_y_sella_la_version_2(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Sin motivo: 422 y nada cambia; con motivo: documento 6 con su motivo y sello versión 2."""
    usuarios = crear_usuarios(JEFE)
    numero = archivable(engine, tmp_path)
    jefe = cliente_de(app, JEFE)
    respuesta = jefe.get(f"/archivo/{numero}/correccion")
    assert respuesta.status_code == 302  # sin sellar no hay corrección
    sellar(engine, tmp_path, numero, usuarios[JEFE])
    formulario = texto(jefe.get(f"/archivo/{numero}/correccion"))
    assert 'name="motivo"' in formulario and "Agregar corrección" in formulario
    datos = {"tipo": "constancia_aplicacion", "titulo": HOSTIL, "fecha": "2026-11-20"}
    sin_motivo = enviar(
        jefe, f"/archivo/{numero}/correccion", escaneo=(BytesIO(pdf_de(2, "c")), "c.pdf"), **datos
    )
    assert sin_motivo.status_code == 422
    assert "Escriba el motivo de la corrección" in unescape(texto(sin_motivo))
    assert len(sellos(engine, numero)) == 1

    motivo = f"La constancia anterior tenía mal el monto & la fecha <{HOSTIL}>"
    respuesta = enviar(
        jefe,
        f"/archivo/{numero}/correccion",
        escaneo=(BytesIO(pdf_de(2, "c")), "constancia corregida.pdf"),
        motivo=motivo,
        sin_ocr="1",
        **datos,
    )
    assert respuesta.status_code == 302
    assert respuesta.headers["Location"] == f"/archivo/{numero}#documento-6"
    uno, dos = sellos(engine, numero)
    assert (uno.version, dos.version, dos.motivo) == (1, 2, motivo)
    sexto = documentos(engine, numero)[-1]
    assert (sexto.orden, sexto.folios, sexto.correccion) == (6, 2, motivo)
    assert (sexto.origen, sexto.titulo) == (OrigenDocumento.ESCANEADO, HOSTIL)
    vista = texto(jefe.get(f"/archivo/{numero}"))
    escapado = "La constancia anterior tenía mal el monto &amp; la fecha &lt;" + HOSTIL_ESCAPADO
    assert f"<strong>Corrección:</strong> {escapado}&gt;</p>" in vista
    assert "folios 16–17" in vista and "versión 2 del manifiesto" in vista


def test_incorporar_una_carta_la_deja_como_documento_entrante_con_sus_folios(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """GIVEN una carta en papel de 3 páginas vinculada; WHEN la secretaria la incorpora; THEN
    es el documento 1, `entrante`, con 3 folios y su número CE de referencia; solo una vez."""
    crear_usuarios(SECRETARIA, ARCHIVO)
    numero = incompleto(engine, tmp_path, cuantos=0)
    carta = carta_de_tres_paginas(engine, tmp_path)
    url = f"/correspondencia/{carta.numero}"
    secretaria, archivo = cliente_de(app, SECRETARIA), cliente_de(app, ARCHIVO)
    assert 'id="form-incorporar"' not in texto(secretaria.get(url))  # aún sin vincular
    with escribir(engine) as s:
        vincular_carta(session=s, carta=s.get(Correspondencia, carta.id), numero_expediente=numero)
    detalle = texto(secretaria.get(url))
    assert 'id="form-incorporar"' in detalle
    assert '<option value="correspondencia" selected>' in detalle
    assert 'id="form-incorporar"' not in texto(archivo.get(url))
    assert enviar(archivo, f"{url}/incorporacion", tipo="correspondencia").status_code == 403

    html = sin_errores_internos(
        enviar(secretaria, f"{url}/incorporacion", seguir=True, tipo="solicitud_patrono")
    )
    assert f"{carta.numero} quedó incorporada al expediente {numero}." in html
    assert "Incorporada al expediente como documento N.º 1 (3 folios)." in html
    assert 'id="form-incorporar"' not in html
    (documento,) = documentos(engine, numero)
    assert (documento.origen, documento.tipo, documento.referencia) == (
        OrigenDocumento.ENTRANTE,
        "solicitud_patrono",
        carta.numero,
    )
    assert documento.folios == 3 == paginas(almacen_de(tmp_path).leer(documento.sha256_pdf or ""))
    otra_vez = sin_errores_internos(
        enviar(secretaria, f"{url}/incorporacion", seguir=True, tipo="correspondencia")
    )
    assert f"{carta.numero} ya está incorporada al expediente {numero}." in otra_vez
    assert len(documentos(engine, numero)) == 1


def test_un_correo_incorporado_folia_el_mensaje_y_sus_adjuntos_pdf(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """El original es el .eml; su PDF, el mensaje y después el adjunto de 2 páginas."""
    crear_usuarios(JEFE)
    numero = incompleto(engine, tmp_path, cuantos=0)
    carta = carta_de_correo(
        engine,
        tmp_path,
        adjuntos=[("Estado de cuenta.pdf", "application/pdf", pdf_de(2, "adjunto"))],
    )
    with escribir(engine) as s:
        vincular_carta(session=s, carta=s.get(Correspondencia, carta.id), numero_expediente=numero)
    jefe = cliente_de(app, JEFE)
    respuesta = enviar(
        jefe, f"/correspondencia/{carta.numero}/incorporacion", tipo="correspondencia"
    )
    assert respuesta.status_code == 302
    (documento,) = documentos(engine, numero)
    assert documento.origen == OrigenDocumento.ENTRANTE and documento.tipo_mime == "message/rfc822"
    pdf = almacen_de(tmp_path).leer(documento.sha256_pdf or "")
    assert documento.folios == paginas(pdf) >= 3
    original = jefe.get(f"/archivo/{numero}/documentos/1/original")
    assert original.status_code == 200 and original.mimetype == "message/rfc822"


@pytest.mark.ocr
def test_agregar_un_documento_escaneado_pasa_por_ocr_y_suma_sus_folios(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """La secretaria lo agrega con OCR; el gestor, solo en su expediente (y vuelve a su ficha)."""
    usuarios = crear_usuarios(SECRETARIA, GESTOR)
    numero = incompleto(engine, tmp_path, cuantos=1)
    secretaria, gestor = cliente_de(app, SECRETARIA), cliente_de(app, GESTOR)
    url = f"/archivo/{numero}/documentos/nuevo"
    sin_archivo = enviar(secretaria, url, tipo="acuerdo_consejo", fecha="2026-11-02")
    assert sin_archivo.status_code == 422
    assert "Elija el archivo escaneado" in unescape(texto(sin_archivo))
    futuro = (hoy() + timedelta(days=3)).isoformat()
    escaneo = pdf_minimo("ACUERDO DEL CONSEJO DIRECTIVO\nSe exoneran las multas y recargos.")
    con_error = enviar(
        secretaria,
        url,
        escaneo=(BytesIO(escaneo), "acuerdo.pdf"),
        tipo="acuerdo_consejo",
        fecha=futuro,
    )
    assert "no puede ser posterior a hoy" in unescape(texto(con_error))
    respuesta = enviar(
        secretaria,
        url,
        escaneo=(BytesIO(escaneo), "acuerdo.pdf"),
        tipo="acuerdo_consejo",
        titulo="Acuerdo N.º 2026-1234",
        fecha="2026-11-02",
    )
    assert respuesta.status_code == 302, texto(respuesta)
    assert respuesta.headers["Location"].startswith("/tareas/")  # el OCR, fuera de la petición
    final = esperar_tarea(secretaria, respuesta.headers["Location"])
    assert final.headers["Location"] == f"/archivo/{numero}#documento-2"
    assert "quedó como documento N.º 2" in unescape(texto(secretaria.get(f"/archivo/{numero}")))
    segundo = documentos(engine, numero)[1]
    assert (segundo.origen, segundo.folios, segundo.fecha) == (
        OrigenDocumento.ESCANEADO,
        1,
        date(2026, 11, 2),
    )
    assert "exoneran" in segundo.texto.lower() and segundo.sha256_pdf

    assert gestor.get(url).status_code == 403  # aún no es suyo
    with escribir(engine) as s:
        asignar_gestor(
            session=s,
            expediente=obtener_expediente(session=s, numero=numero),
            gestor=s.get(type(usuarios[GESTOR]), usuarios[GESTOR].id),
        )
    ficha = texto(gestor.get(f"/expedientes/{numero}"))
    assert f'href="{url}"' in ficha
    respuesta = enviar(
        gestor,
        url,
        escaneo=(BytesIO(pdf_de(4, "estado")), "estado.pdf"),
        tipo="estado_cuenta",
        fecha="2026-10-01",
        sin_ocr="1",
    )
    assert respuesta.status_code == 302
    # El gestor también consulta el archivo: vuelve a la vista foliada, al documento nuevo.
    assert respuesta.headers["Location"] == f"/archivo/{numero}#documento-3"
    assert [d.folios for d in documentos(engine, numero)] == [2, 1, 4]


def test_prestar_y_devolver_con_los_vencidos_primero_y_sus_dias_de_atraso(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Uno vencido hace 5 días arriba; el prestado hoy, a tiempo; la secretaria solo mira."""
    usuarios = crear_usuarios(ARCHIVO, SECRETARIA)
    a_tiempo = archivable(engine, tmp_path)
    vencido = incompleto(engine, tmp_path, cuantos=1)
    with escribir(engine) as s:
        prestar_expediente(
            session=s,
            expediente=obtener_expediente(session=s, numero=vencido),
            persona=HOSTIL,
            oficina="Sucursal Santa Ana",
            prestado_el=hoy() - timedelta(days=20),
            vence_el=hoy() - timedelta(days=5),
            usuario=usuarios[ARCHIVO],
        )
    archivo, secretaria = cliente_de(app, ARCHIVO), cliente_de(app, SECRETARIA)
    url = f"/archivo/{a_tiempo}/prestamos"
    mal = enviar(
        archivo, url, seguir=True, persona="Ana", oficina="Jurídica", vence_el="30/12/2026"
    )
    assert "no es válida (use AAAA-MM-DD)" in sin_errores_internos(mal)
    hasta = (hoy() + timedelta(days=15)).isoformat()
    datos = {"persona": "Lic. Ana Martínez", "oficina": "Unidad Jurídica", "vence_el": hasta}
    html = sin_errores_internos(enviar(archivo, url, seguir=True, **datos))
    assert (
        f"Préstamo de {a_tiempo} registrado." in html
        and "Prestado a <strong>Lic. Ana Martínez</strong>" in html
    )
    html = sin_errores_internos(enviar(archivo, url, seguir=True, **datos))
    assert "ya está prestado a Lic. Ana Martínez" in html

    lista = texto(archivo.get("/archivo/prestamos"))
    assert lista.index(vencido) < lista.index(a_tiempo)
    assert "5 días de atraso" in lista and HOSTIL_ESCAPADO in lista
    assert lista.count("Registrar devolución") == 2
    inicio = texto(archivo.get("/"))
    assert "Préstamos vencidos (1)" in inicio and vencido in inicio
    vista_secretaria = texto(secretaria.get("/archivo/prestamos"))
    assert "Registrar devolución" not in vista_secretaria and vencido in vista_secretaria
    with escribir(engine) as s:
        prestamo = s.exec(select(Prestamo).where(Prestamo.persona == HOSTIL)).one()
    devolucion = f"/archivo/prestamos/{prestamo.id}/devolucion"
    assert enviar(secretaria, devolucion).status_code == 403
    respuesta = enviar(archivo, devolucion, volver="prestamos")
    assert respuesta.headers["Location"] == "/archivo/prestamos"
    with escribir(engine) as s:
        assert s.get(Prestamo, prestamo.id).devuelto_el == hoy()  # type: ignore[union-attr]
    assert "Ningún préstamo está vencido." in texto(archivo.get("/archivo/prestamos"))


def test_verificar_guarda_el_resultado_que_ven_el_jefe_y_el_administrador(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Todo correcto; luego un PDF alterado: el problema en la página, en el inicio de ambos."""
    usuarios = crear_usuarios(JEFE, ADMIN)
    numero = archivable(engine, tmp_path)
    sellar(engine, tmp_path, numero, usuarios[JEFE])
    jefe, admin = cliente_de(app, JEFE), cliente_de(app, ADMIN)
    assert "El archivo aún no se ha verificado." in texto(admin.get("/"))
    respuesta = enviar(admin, "/archivo/verificacion", seguir=True)
    html = sin_errores_internos(respuesta)
    assert "Verificación correcta: 1 sello(s) y 5 documento(s) revisados." in html
    assert '<span class="verificacion-ok">Correcta</span>' in html

    tercero = documentos(engine, numero)[2]
    blob = almacen_de(tmp_path).ruta(tercero.sha256)
    blob.chmod(0o644)
    blob.write_bytes(b"otra cosa")
    respuesta = enviar(jefe, f"/archivo/{numero}/verificacion")
    assert respuesta.headers["Location"] == f"/archivo/{numero}#verificacion"
    vista = unescape(texto(jefe.get(respuesta.headers["Location"])))
    assert "La verificación encontró 2 problema(s)" in vista
    assert f"El original del documento 3 de {numero}" in vista
    pagina = unescape(texto(jefe.get("/archivo/verificacion")))
    assert "2 problemas" in pagina and f"El PDF del documento 3 de {numero}" in pagina
    for cliente in (jefe, admin):
        inicio = texto(cliente.get("/"))
        assert 'href="/archivo/verificacion"' in inicio
        assert '<span class="verificacion-mal">2 problemas</span>' in inicio
    with escribir(engine) as s:
        filas = s.exec(select(Verificacion).order_by(col(Verificacion.id))).all()
    assert [(v.alcance, v.correcta, v.origen) for v in filas] == [
        ("todo", True, "web:sistemas"),
        (numero, False, "web:jose.aguilar"),
    ]
