"""La correspondencia en la web: registro en papel, bandeja, alcance del gestor, trámite auditado,
descargas seguras, blobs dañados, el HTML del correo saneado, plazos e inicio de cada rol."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape
from io import BytesIO
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from werkzeug.test import TestResponse

from correspondencia import Adjunto, Correspondencia, asignar_carta, vincular_carta
from expedientes import ZONA_LOCAL, Auditoria, Rol, Usuario, ahora
from recupera.web.formatos import plazo_de_carta
from tests.bd import nueva_sesion
from tests.correspondencia.corpus import html_con_script, pdf_minimo
from tests.recupera.cartas import (
    ASUNTO_HOSTIL,
    REMITENTE_HOSTIL,
    agregar_adjunto,
    carta_de_correo,
    carta_de_papel,
)
from tests.recupera.conftest import (
    NUMERO_PEREZ,
    PERSONAS,
    CrearUsuarios,
    abrir,
    cliente_de,
    csrf,
    escribir,
    esperar_tarea,
    registrar,
    texto,
)

SECRETARIA, GESTOR, JEFE, ARCHIVO, ADMIN = (
    Rol.SECRETARIA,
    Rol.GESTOR,
    Rol.JEFE,
    Rol.ARCHIVO,
    Rol.ADMIN,
)
ESCAPADO = {
    REMITENTE_HOSTIL: "Panadería Ñandú &amp; Hijos &lt;ventas@ñandú.sv&gt;",
    ASUNTO_HOSTIL: "Solicitud &#34;urgente&#34; &lt;prórroga&gt; {{ x }}",
}


def _en(s: Session, numero: str) -> Correspondencia:
    """La carta cargada en esta sesión."""
    return s.exec(select(Correspondencia).where(Correspondencia.numero == numero)).one()


def _carta(engine: Engine, numero: str) -> Correspondencia:
    with escribir(engine) as s:
        return _en(s, numero)


def _auditoria(engine: Engine, carta: Correspondencia) -> list[Auditoria]:
    with escribir(engine) as s:
        return list(
            s.exec(
                select(Auditoria)
                .where(
                    Auditoria.entidad == "correspondencia", Auditoria.entidad_id == str(carta.id)
                )
                .order_by(col(Auditoria.id))
            ).all()
        )


def _post(cliente: FlaskClient, url: str, **datos: str) -> str:
    """Envía el formulario con su token, sigue la redirección y devuelve la página sin escapes."""
    token = csrf(cliente, url.rsplit("/", 1)[0])
    respuesta = cliente.post(url, data={**datos, "csrf_token": token}, follow_redirects=True)
    assert respuesta.status_code == 200, texto(respuesta)
    return unescape(texto(respuesta))


# --- registro en papel --------------------------------------------------------------------------


def test_la_secretaria_registra_una_carta_en_papel_y_la_ve_escapada_en_la_bandeja(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """GIVEN un escaneo PDF y textos con &, <>, comillas y {{ }}; THEN CE-AAAA-000001 exacto."""
    crear_usuarios(SECRETARIA)
    secretaria = cliente_de(app, SECRETARIA)
    token = csrf(secretaria, "/correspondencia/nueva")
    respuesta = secretaria.post(
        "/correspondencia/nueva",
        data={
            "csrf_token": token,
            "escaneo": (BytesIO(pdf_minimo("Solicitud de prórroga")), "escaneo ñandú.pdf"),
            "remitente": REMITENTE_HOSTIL,
            "asunto": ASUNTO_HOSTIL,
            "referencia_remitente": "REF/2026-15",
            "fecha_documento": (
                ahora().astimezone(ZONA_LOCAL).date() - timedelta(days=2)
            ).isoformat(),
            "tipo": "solicitud_patrono",
            "sin_ocr": "1",
        },
        content_type="multipart/form-data",
    )
    numero = f"CE-{ahora().astimezone(ZONA_LOCAL).year}-000001"
    assert respuesta.status_code == 302
    assert respuesta.headers["Location"] == f"/correspondencia/{numero}"
    ficha = texto(secretaria.get(respuesta.headers["Location"]))
    assert f"Registrada {numero}: imprima su acuse de recibo" in ficha
    # El acuse para quien la trajo: nuestro número, su código de barras, remitente, asunto,
    # folios y quién la recibió; la etiqueta para el papel repite el número.
    assert f'href="/correspondencia/{numero}/acuse.pdf"' in ficha
    acuse = secretaria.get(f"/correspondencia/{numero}/acuse.pdf")
    assert acuse.status_code == 200 and acuse.mimetype == "application/pdf"
    lector = PdfReader(BytesIO(acuse.data))
    texto_acuse = " ".join((pagina.extract_text() or "") for pagina in lector.pages)
    for esperado in ("Acuse de recibo", REMITENTE_HOSTIL, "Folios", "Recibida por",
                     PERSONAS[SECRETARIA][1]):  # fmt: skip
        assert esperado in texto_acuse, esperado
    assert texto_acuse.count(numero) >= 3  # el número, la nota y la etiqueta
    carta = _carta(engine, numero)
    assert (carta.remitente, carta.asunto, carta.origen) == (
        REMITENTE_HOSTIL,
        ASUNTO_HOSTIL,
        "papel",
    )
    assert (carta.referencia_remitente, carta.tipo) == ("REF/2026-15", "solicitud_patrono")
    bandeja = texto(secretaria.get("/correspondencia/"))
    assert numero in bandeja
    for original, escapado in ESCAPADO.items():
        assert escapado in ficha and original not in bandeja
    # En la bandeja, el remitente por su nombre y su dirección aparte; el asunto, entero.
    assert "Panadería Ñandú &amp; Hijos" in bandeja and "ventas@ñandú.sv" in bandeja
    assert ESCAPADO[ASUNTO_HOSTIL] in bandeja


@pytest.mark.ocr
def test_el_registro_en_papel_pasa_el_escaneo_por_ocr(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Sin pedir lo contrario, el OCR deja el texto de la carta y un PDF con capa de texto."""
    crear_usuarios(SECRETARIA)
    secretaria = cliente_de(app, SECRETARIA)
    respuesta = secretaria.post(
        "/correspondencia/nueva",
        data={
            "csrf_token": csrf(secretaria, "/correspondencia/nueva"),
            "escaneo": (BytesIO(pdf_minimo("Solicitud de constancia de solvencia")), "carta.pdf"),
            "remitente": "Distribuidora Ñandú, S.A. de C.V.",
            "asunto": "Constancia de solvencia",
        },
        content_type="multipart/form-data",
    )
    assert respuesta.status_code == 302 and respuesta.headers["Location"].startswith("/tareas/")
    final = esperar_tarea(secretaria, respuesta.headers["Location"])
    carta = _carta(engine, final.headers["Location"].rsplit("/", 1)[1])
    assert "constancia de solvencia" in carta.texto_ocr.lower(), carta.advertencias
    assert f"Registrada {carta.numero}" in texto(secretaria.get(final.headers["Location"]))
    with escribir(engine) as s:
        clases = s.exec(select(Adjunto.clase).where(Adjunto.correspondencia_id == carta.id)).all()
    assert sorted(clases) == ["escaneo", "ocr"]


def test_un_formulario_de_papel_con_errores_se_muestra_de_nuevo_con_lo_escrito(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Sin archivo, con fecha futura y sin asunto: 422, cada problema en español, nada guardado."""
    crear_usuarios(SECRETARIA)
    secretaria = cliente_de(app, SECRETARIA)
    respuesta = secretaria.post(
        "/correspondencia/nueva",
        data={
            "csrf_token": csrf(secretaria, "/correspondencia/nueva"),
            "remitente": REMITENTE_HOSTIL,
            "asunto": "",
            "fecha_documento": "2999-01-01",
            "sin_ocr": "1",
        },
        content_type="multipart/form-data",
    )
    assert respuesta.status_code == 422
    html = texto(respuesta)
    for problema in (
        "Elija el archivo escaneado (PDF, PNG, JPEG o TIFF).",
        "El asunto es obligatorio.",
        "La fecha de la carta no puede ser posterior a hoy.",
    ):
        assert problema in html
    assert f'value="{ESCAPADO[REMITENTE_HOSTIL]}"' in html
    assert 'value="2999-01-01"' in html
    with escribir(engine) as s:
        assert s.exec(select(Correspondencia)).all() == []


def test_un_archivo_que_no_es_un_escaneo_se_rechaza(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Un HTML con nombre .pdf no se registra: se juzga por el contenido, no por el nombre."""
    crear_usuarios(SECRETARIA)
    secretaria = cliente_de(app, SECRETARIA)
    respuesta = secretaria.post(
        "/correspondencia/nueva",
        data={
            "csrf_token": csrf(secretaria, "/correspondencia/nueva"),
            "escaneo": (BytesIO(b"<html><script>alert(1)</script></html>"), "carta.pdf"),
            "remitente": "Alguien",
            "asunto": "Algo",
        },
        content_type="multipart/form-data",
    )
    assert respuesta.status_code == 422
    assert "El escaneo debe ser un PDF o una imagen PNG, JPEG o TIFF." in texto(respuesta)


def test_un_escaneo_mayor_que_el_maximo_se_rechaza_con_413(
    hacer_app, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """MAX_CONTENT_LENGTH corta la subida antes de leerla y lo explica en español."""
    app = hacer_app(max_subida_bytes=4096)
    crear_usuarios(SECRETARIA)
    secretaria = cliente_de(app, SECRETARIA)
    respuesta = secretaria.post(
        "/correspondencia/nueva",
        data={
            "csrf_token": csrf(secretaria, "/correspondencia/nueva"),
            "escaneo": (BytesIO(b"%PDF-1.4\n" + b"0" * 10_000), "grande.pdf"),
            "remitente": "Alguien",
            "asunto": "Algo",
        },
        content_type="multipart/form-data",
    )
    assert respuesta.status_code == 413
    assert "El archivo excede el tamaño máximo permitido." in texto(respuesta)


# --- alcance del gestor -------------------------------------------------------------------------


def test_el_gestor_no_ve_una_carta_ajena_hasta_que_se_le_asigna(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Ni en la bandeja ni por su URL (403); asignada a él, aparece y se abre."""
    usuarios = crear_usuarios(SECRETARIA, GESTOR)
    carta = carta_de_papel(engine, tmp_path)
    gestor = cliente_de(app, GESTOR)
    url = f"/correspondencia/{carta.numero}"
    assert gestor.get(url).status_code == 403
    assert gestor.get(f"{url}/original").status_code == 403
    token = csrf(gestor, "/correspondencia/")
    respuesta = gestor.post(
        f"{url}/estado", data={"estado": "archivada", "motivo": "x", "csrf_token": token}
    )
    assert respuesta.status_code == 403
    assert carta.numero not in texto(gestor.get("/correspondencia/"))
    with escribir(engine) as s:
        asignar_carta(session=s, carta=_en(s, carta.numero), destinatario=usuarios[GESTOR])
    assert gestor.get(url).status_code == 200
    assert carta.numero in texto(gestor.get("/correspondencia/"))
    assert carta.numero in texto(gestor.get("/"))


def test_el_gestor_ve_las_cartas_de_sus_expedientes_aunque_no_se_le_asignen(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Vinculada a un expediente suyo, la carta es de su alcance; sin formularios de vínculo."""
    usuarios = crear_usuarios(GESTOR)
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[GESTOR])
    carta = carta_de_papel(engine, tmp_path)
    with escribir(engine) as s:
        vincular_carta(session=s, carta=_en(s, carta.numero), numero_expediente=expediente.numero)
    html = texto(cliente_de(app, GESTOR).get(f"/correspondencia/{carta.numero}"))
    assert expediente.numero in html
    assert "/vinculo" not in html and "/asignacion" not in html
    assert f"/correspondencia/{carta.numero}/estado" in html


# --- trámite ------------------------------------------------------------------------------------


def test_vincular_a_mano_muestra_el_motivo_y_queda_en_la_bitacora(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """El número de expediente basta; la ficha dice «Vinculada a mano» y la bitácora el motivo."""
    usuarios = crear_usuarios(SECRETARIA)
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ)
    carta = carta_de_papel(engine, tmp_path)
    html = _post(
        cliente_de(app, SECRETARIA),
        f"/correspondencia/{carta.numero}/vinculo",
        expediente=expediente.numero.lower(),
        motivo="La firma el representante legal",
    )
    assert "Carta vinculada." in html
    assert "Vinculada a mano: La firma el representante legal" in html
    assert _carta(engine, carta.numero).expediente_id == expediente.id
    ultimo = _auditoria(engine, carta)[-1]
    assert (ultimo.accion, ultimo.motivo, ultimo.usuario_id) == (
        "modificar",
        "La firma el representante legal",
        usuarios[SECRETARIA].id,
    )
    assert ultimo.despues is not None and ultimo.despues["expediente_id"] == expediente.id


def test_una_carta_ambigua_ofrece_sus_candidatos_para_vincular_con_un_clic(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Cita dos expedientes: no se vincula sola; la ficha ofrece ambos y uno basta."""
    crear_usuarios(SECRETARIA)
    registrar(engine)
    uno, otro = abrir(engine, NUMERO_PEREZ), abrir(engine, NUMERO_PEREZ)
    carta = carta_de_correo(
        engine, tmp_path, asunto="Pago", cuerpo=f"Referencias {uno.numero} y {otro.numero}.\n"
    )
    assert carta.expediente_id is None
    secretaria = cliente_de(app, SECRETARIA)
    ficha = texto(secretaria.get(f"/correspondencia/{carta.numero}"))
    ofrecidos = re.findall(r'<input type="hidden" name="expediente" value="([^"]+)">', ficha)
    assert ofrecidos == [uno.numero, otro.numero]
    html = _post(
        secretaria,
        f"/correspondencia/{carta.numero}/vinculo",
        expediente=otro.numero,
        motivo="Elegido entre los candidatos",
    )
    assert "Vinculada a mano: Elegido entre los candidatos" in html
    assert _carta(engine, carta.numero).expediente_id == otro.id


def test_vincular_a_un_expediente_inexistente_se_rechaza_en_espanol(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Ni expediente ni número patronal válidos: el mensaje lo dice y nada cambia."""
    crear_usuarios(SECRETARIA)
    carta = carta_de_papel(engine, tmp_path)
    secretaria = cliente_de(app, SECRETARIA)
    url = f"/correspondencia/{carta.numero}/vinculo"
    assert "No existe el expediente EXP-2026-99999." in _post(
        secretaria, url, expediente="EXP-2026-99999"
    )
    assert "Indique el número de expediente o el número patronal." in _post(secretaria, url)
    assert len(_auditoria(engine, carta)) == 1  # solo el alta


def test_desvincular_exige_motivo_y_queda_en_la_bitacora(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Sin motivo se rechaza; con motivo vuelve a «Sin vincular» y la bitácora lo guarda."""
    crear_usuarios(JEFE)
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ)
    carta = carta_de_papel(engine, tmp_path)
    with escribir(engine) as s:
        vincular_carta(session=s, carta=_en(s, carta.numero), numero_expediente=expediente.numero)
    jefe = cliente_de(app, JEFE)
    url = f"/correspondencia/{carta.numero}/desvinculo"
    assert "Para desvincular una carta hace falta un motivo." in _post(jefe, url, motivo="  ")
    assert _carta(engine, carta.numero).expediente_id == expediente.id
    html = _post(jefe, url, motivo="Era de otro patrono")
    assert "Sin vincular" in html
    assert _carta(engine, carta.numero).expediente_id is None
    assert _auditoria(engine, carta)[-1].motivo == "Era de otro patrono"


def test_asignar_queda_en_la_bitacora_y_rechaza_a_quien_no_tramita_cartas(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Al archivo no se le asignan cartas; al gestor sí, y la carta pasa a «Asignada»."""
    usuarios = crear_usuarios(SECRETARIA, GESTOR, ARCHIVO)
    carta = carta_de_papel(engine, tmp_path)
    secretaria = cliente_de(app, SECRETARIA)
    url = f"/correspondencia/{carta.numero}/asignacion"
    rechazo = _post(secretaria, url, usuario=str(usuarios[ARCHIVO].id))
    assert f"A {usuarios[ARCHIVO].nombre_completo} no se le pueden asignar cartas." in rechazo
    assert "Elija a la persona a quien se asigna la carta." in _post(secretaria, url, usuario="x")
    assert _carta(engine, carta.numero).asignado_id is None
    html = _post(secretaria, url, usuario=str(usuarios[GESTOR].id), motivo="Cartera de Soyapango")
    assert "Carta asignada." in html
    ultimo = _auditoria(engine, carta)[-1]
    assert ultimo.despues == {"asignado_id": usuarios[GESTOR].id, "estado": "asignada"}
    assert ultimo.motivo == "Cartera de Soyapango"


def test_el_cambio_de_estado_exige_el_motivo_que_pide_la_maquina_de_estados(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Archivar una carta registrada sin motivo se rechaza; con motivo queda auditado."""
    crear_usuarios(SECRETARIA)
    carta = carta_de_papel(engine, tmp_path)
    secretaria = cliente_de(app, SECRETARIA)
    ficha = texto(secretaria.get(f"/correspondencia/{carta.numero}"))
    # La ficha ofrece solo el paso posible (asignar va aparte) y marca el motivo obligatorio.
    assert re.findall(r'name="estado" value="([a-z_]+)"', ficha) == ["archivada"]
    assert 'placeholder="Motivo (obligatorio)" required' in ficha
    url = f"/correspondencia/{carta.numero}/estado"
    rechazo = _post(secretaria, url, estado="archivada")
    assert "Pasar de registrada a archivada requiere un motivo." in rechazo
    assert "Una carta registrada no puede pasar a respondida." in _post(
        secretaria, url, estado="respondida", motivo="x"
    )
    assert _carta(engine, carta.numero).estado == "registrada"
    assert "Estado actualizado." in _post(secretaria, url, estado="archivada", motivo="Duplicada")
    ultimo = _auditoria(engine, carta)[-1]
    assert (ultimo.despues, ultimo.motivo) == ({"estado": "archivada"}, "Duplicada")


def test_cambiar_el_tipo_recalcula_el_plazo(
    hacer_app, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Con dos días para la Unidad Jurídica, el vencimiento se adelanta al cambiar el tipo."""
    app = hacer_app(plazos_respuesta={"unidad_juridica": 2})
    crear_usuarios(SECRETARIA)
    carta = carta_de_papel(engine, tmp_path)
    html = _post(
        cliente_de(app, SECRETARIA), f"/correspondencia/{carta.numero}/tipo", tipo="unidad_juridica"
    )
    assert "Tipo actualizado; el plazo se recalculó." in html
    cambiada = _carta(engine, carta.numero)
    assert cambiada.tipo == "unidad_juridica"
    assert carta.vence_el is not None and cambiada.vence_el is not None
    assert cambiada.vence_el < carta.vence_el
    assert "Unidad Jurídica" in html


# --- descargas ----------------------------------------------------------------------------------


def test_un_adjunto_con_nombre_hostil_se_descarga_con_una_cabecera_segura(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """`../../x"` con CR/LF y {{ }}: sin rutas, sin saltos, sin comillas; el listado lo escapa."""
    crear_usuarios(SECRETARIA)
    carta = carta_de_papel(engine, tmp_path)
    nombre = '../../x"\r\nX: y {{ x }}.txt'
    adj = agregar_adjunto(engine, tmp_path, carta, nombre, "text/plain", b"hola")
    secretaria = cliente_de(app, SECRETARIA)
    respuesta = secretaria.get(f"/correspondencia/{carta.numero}/adjuntos/{adj.id}")
    assert respuesta.status_code == 200
    disposicion = respuesta.headers["Content-Disposition"]
    assert disposicion == 'attachment; filename="x___X_ y {{ x }}.txt"'
    assert "X" not in respuesta.headers
    assert respuesta.data == b"hola"
    ficha = texto(secretaria.get(f"/correspondencia/{carta.numero}"))
    assert "../../x&#34;" in ficha


def test_un_nombre_con_tildes_usa_filename_rfc_5987(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """«Resolución Nº 12.pdf» viaja como filename*=UTF-8'' y un filename ASCII de respaldo."""
    crear_usuarios(SECRETARIA)
    carta = carta_de_papel(engine, tmp_path)
    adj = agregar_adjunto(
        engine, tmp_path, carta, "Resolución Nº 12.pdf", "application/pdf", pdf_minimo("R")
    )
    respuesta = cliente_de(app, SECRETARIA).get(
        f"/correspondencia/{carta.numero}/adjuntos/{adj.id}?ver=1"
    )
    assert respuesta.headers["Content-Disposition"] == (
        "inline; filename=\"Resolucion No 12.pdf\"; filename*=UTF-8''Resoluci%C3%B3n%20N%C2%BA%2012.pdf"
    )
    assert respuesta.mimetype == "application/pdf"
    # El visor de PDF del navegador no abre con `sandbox`: nada de la página puede cargarse.
    assert respuesta.headers["Content-Security-Policy"] == "default-src 'none'; object-src 'self'"
    assert respuesta.headers["X-Content-Type-Options"] == "nosniff"
    descarga = cliente_de(app, SECRETARIA).get(f"/correspondencia/{carta.numero}/adjuntos/{adj.id}")
    assert descarga.headers["Content-Disposition"].startswith("attachment;")
    assert descarga.headers["Content-Security-Policy"] == "sandbox"


def test_un_adjunto_html_o_svg_nunca_se_muestra_en_linea(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Aun pidiendo ?ver=1, HTML y SVG se descargan como application/octet-stream."""
    crear_usuarios(SECRETARIA)
    carta = carta_de_papel(engine, tmp_path)
    secretaria = cliente_de(app, SECRETARIA)
    for nombre, tipo in (("aviso.html", "text/html"), ("logo.svg", "image/svg+xml")):
        adj = agregar_adjunto(
            engine,
            tmp_path,
            carta,
            nombre,
            tipo,
            b"<svg onload='alert(1)'></svg>" + nombre.encode(),
        )
        respuesta = secretaria.get(f"/correspondencia/{carta.numero}/adjuntos/{adj.id}?ver=1")
        assert respuesta.status_code == 200
        assert respuesta.mimetype == "application/octet-stream"
        assert respuesta.headers["Content-Disposition"].startswith("attachment;")
        assert respuesta.headers["Content-Security-Policy"] == "sandbox"
        assert respuesta.headers["X-Content-Type-Options"] == "nosniff"
    ficha = texto(secretaria.get(f"/correspondencia/{carta.numero}"))
    enlaces_ver = re.findall(r"adjuntos/(\d+)\?ver=1", ficha)
    assert len(enlaces_ver) == 1  # solo el escaneo PDF se ofrece para ver


def test_un_adjunto_de_otra_carta_es_404(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """El id del adjunto no basta: tiene que ser de la carta de la URL."""
    crear_usuarios(SECRETARIA)
    una = carta_de_papel(engine, tmp_path, texto="una")
    otra = carta_de_papel(engine, tmp_path, texto="otra")
    with escribir(engine) as s:
        ajeno = s.exec(select(Adjunto.id).where(Adjunto.correspondencia_id == otra.id)).one()
    respuesta = cliente_de(app, SECRETARIA).get(f"/correspondencia/{una.numero}/adjuntos/{ajeno}")
    assert respuesta.status_code == 404


def test_un_blob_danado_no_se_entrega_y_se_explica_en_espanol(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Si los bytes del almacén no coinciden con su sha256, ni el adjunto ni el original salen."""
    crear_usuarios(SECRETARIA)
    carta = carta_de_papel(engine, tmp_path)
    (blob,) = [p for p in (tmp_path / "blobs").rglob("*") if p.is_file() and carta.sha256 in p.name]
    blob.chmod(0o644)
    blob.write_bytes(b"%PDF-1.4 alterado por alguien")
    secretaria = cliente_de(app, SECRETARIA)
    with escribir(engine) as s:
        adj_id = s.exec(select(Adjunto.id).where(Adjunto.correspondencia_id == carta.id)).one()
    for url in (
        f"/correspondencia/{carta.numero}/original",
        f"/correspondencia/{carta.numero}/adjuntos/{adj_id}",
    ):
        respuesta = secretaria.get(url)
        assert respuesta.status_code == 500
        html = texto(respuesta)
        assert "no coincide con su huella sha256: no se entrega" in html
        assert "alterado por alguien" not in html
        assert "Content-Disposition" not in respuesta.headers


def test_el_original_de_un_correo_se_descarga_como_eml(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """El registro legal sale tal cual, como message/rfc822 y con el número por nombre."""
    crear_usuarios(ARCHIVO)
    carta = carta_de_correo(engine, tmp_path, asunto="Constancia", cuerpo="Hola\n")
    respuesta = cliente_de(app, ARCHIVO).get(f"/correspondencia/{carta.numero}/original")
    assert respuesta.mimetype == "message/rfc822"
    assert respuesta.headers["Content-Disposition"] == f"attachment; filename={carta.numero}.eml"
    assert b"Subject: Constancia" in respuesta.data


# --- el cuerpo del correo -----------------------------------------------------------------------


def test_el_html_del_correo_se_muestra_saneado_en_un_iframe_sin_scripts(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Script, manejadores, imagen remota y javascript: no llegan; el iframe va con sandbox."""
    crear_usuarios(SECRETARIA)
    carta = carta_de_correo(engine, tmp_path, html_con_script())
    respuesta = cliente_de(app, SECRETARIA).get(f"/correspondencia/{carta.numero}")
    html = texto(respuesta)
    iframe = re.search(r"<iframe ([^>]*)>", html)
    assert iframe is not None
    atributos = iframe.group(1)
    assert re.search(r"\bsandbox\b(?!=)", atributos) and "allow-" not in atributos
    srcdoc = unescape(re.search(r'srcdoc="([^"]*)"', atributos).group(1))  # type: ignore[union-attr]
    assert "<p>Estimados señores &amp; señoras:</p>" in srcdoc
    for peligroso in ("<script", "onload", "onerror", "javascript:", "rastreo.example", "<form"):
        assert peligroso not in srcdoc.lower()
    assert "<script" not in html
    assert "script-src 'self'" in respuesta.headers["Content-Security-Policy"]


def test_el_texto_plano_se_muestra_escapado_y_con_sus_saltos(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """El cuerpo va en un <pre> que respeta saltos; & < > " se escapan."""
    crear_usuarios(SECRETARIA)
    cuerpo = 'Estimados:\n<b>monto</b> & "recargo" {{ 7*7 }}\n'
    carta = carta_de_correo(engine, tmp_path, asunto="Monto", cuerpo=cuerpo)
    html = texto(cliente_de(app, SECRETARIA).get(f"/correspondencia/{carta.numero}"))
    assert "Estimados:\n&lt;b&gt;monto&lt;/b&gt; &amp; &#34;recargo&#34; {{ 7*7 }}" in html
    assert "<b>monto" not in html


# --- bandeja, plazos e inicio -------------------------------------------------------------------


def test_la_bandeja_filtra_por_estado_vencimiento_y_sin_vincular(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Una carta vencida y otra en plazo: cada filtro deja la que corresponde."""
    crear_usuarios(SECRETARIA)
    vieja = carta_de_correo(
        engine, tmp_path, recibido_en=ahora() - timedelta(days=60), asunto="Vieja", cuerpo="a"
    )
    nueva = carta_de_correo(engine, tmp_path, asunto="Nueva", cuerpo="b")
    secretaria = cliente_de(app, SECRETARIA)
    vencidas = texto(secretaria.get("/correspondencia/?vencimiento=vencidas"))
    assert vieja.numero in vencidas and nueva.numero not in vencidas
    assert "Vencida hace" in vencidas and 'class="plazo-vencida"' in vencidas
    en_plazo = texto(secretaria.get("/correspondencia/?vencimiento=en_plazo"))
    assert nueva.numero in en_plazo and vieja.numero not in en_plazo
    assert "Vence en 10 días hábiles" in en_plazo
    todas = texto(secretaria.get("/correspondencia/?sin_vincular=1&estado=registrada&q=vIEJA"))
    assert vieja.numero in todas and nueva.numero not in todas
    assert "Sin vincular" in todas
    raro = secretaria.get("/correspondencia/?estado=otro&vencimiento=x&asignado=²")
    assert raro.status_code == 200 and vieja.numero in texto(raro)


def test_los_plazos_por_persona_enlazan_a_la_bandeja_filtrada(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """El jefe ve por persona cuántas vencieron, y cada cifra abre esas cartas."""
    usuarios = crear_usuarios(JEFE, GESTOR)
    vieja = carta_de_correo(
        engine, tmp_path, recibido_en=ahora() - timedelta(days=60), asunto="Vieja", cuerpo="a"
    )
    with escribir(engine) as s:
        asignar_carta(session=s, carta=_en(s, vieja.numero), destinatario=usuarios[GESTOR])
    jefe = cliente_de(app, JEFE)
    gestor = usuarios[GESTOR]
    enlace = f"/correspondencia/?asignado={gestor.id}&amp;vencimiento=vencidas"
    for url in ("/correspondencia/plazos", "/"):
        html = texto(jefe.get(url))
        assert gestor.nombre_completo in html
        assert f'<a href="{enlace}">1</a>' in html
    filtrada = texto(jefe.get(unescape(enlace)))
    assert vieja.numero in filtrada


def test_el_inicio_de_la_secretaria_muestra_lo_que_falta_clasificar(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Las cifras sin vincular y sin asignar y las cartas recientes por clasificar."""
    crear_usuarios(SECRETARIA)
    carta = carta_de_papel(engine, tmp_path)
    html = texto(cliente_de(app, SECRETARIA).get("/"))
    assert "Correspondencia por clasificar" in html
    assert carta.numero in html
    assert re.search(r"<strong>1</strong><span>Sin vincular</span>", html)
    assert re.search(r"<strong>1</strong><span>Sin asignar</span>", html)


def test_la_ficha_del_expediente_lista_sus_cartas(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Las cartas vinculadas aparecen en la ficha del expediente; las demás no."""
    crear_usuarios(ARCHIVO)
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ)
    suya = carta_de_papel(engine, tmp_path, texto="suya")
    otra = carta_de_papel(engine, tmp_path, texto="otra")
    with escribir(engine) as s:
        vincular_carta(session=s, carta=_en(s, suya.numero), numero_expediente=expediente.numero)
    html = texto(cliente_de(app, ARCHIVO).get(f"/expedientes/{expediente.numero}"))
    assert "Correspondencia (1)" in html
    assert suya.numero in html and otra.numero not in html


def test_un_usuario_inactivo_no_aparece_para_asignar(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """El formulario de asignación solo ofrece personas activas que tramitan cartas."""
    usuarios = crear_usuarios(SECRETARIA, GESTOR, ARCHIVO)
    with escribir(engine) as s:
        gestor = s.get(Usuario, usuarios[GESTOR].id)
        assert gestor is not None
        gestor.activo = False
        s.add(gestor)
    carta = carta_de_papel(engine, tmp_path)
    html = texto(cliente_de(app, SECRETARIA).get(f"/correspondencia/{carta.numero}"))
    opciones = re.findall(r'<option value="(\d+)"', html.split('name="usuario"', 1)[1])
    assert str(usuarios[SECRETARIA].id) in opciones
    assert str(usuarios[GESTOR].id) not in opciones
    assert str(usuarios[ARCHIVO].id) not in opciones


@pytest.mark.parametrize(
    ("vence_el", "estado", "esperado"),
    [
        (date(2026, 11, 20), "asignada", ("Vencida hace 1 día hábil", "vencida")),  # viernes
        (date(2026, 11, 23), "en_tramite", ("Vence hoy", "por-vencer")),
        (date(2026, 11, 26), "registrada", ("Vence en 3 días hábiles", "por-vencer")),
        (date(2026, 11, 27), "asignada", ("Vence en 4 días hábiles", "en-plazo")),
        (date(2026, 11, 20), "respondida", ("20/11/2026", "")),
        (None, "registrada", ("Sin plazo", "")),
    ],
)
def test_el_plazo_se_lee_en_dias_habiles(
    vence_el: date | None, estado: str, esperado: tuple[str, str]
) -> None:
    """Un lunes: lo del viernes venció hace 1 día hábil; si ya no corre, solo la fecha."""
    assert tuple(plazo_de_carta(vence_el, estado, date(2026, 11, 23))) == esperado


def test_un_id_gigante_en_la_ruta_es_404_y_no_un_error(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Un número que no cabe en la base no llega a la consulta."""
    crear_usuarios(SECRETARIA, ADMIN)
    carta = carta_de_papel(engine, tmp_path)
    gigante = "9" * 20
    url = f"/correspondencia/{carta.numero}/adjuntos/{gigante}"
    assert cliente_de(app, SECRETARIA).get(url).status_code == 404
    assert cliente_de(app, ADMIN).get(f"/buzones/{gigante}").status_code == 404


def _enviar_escaneo(secretaria: FlaskClient, nombre_archivo: str) -> TestResponse:
    """Envía el formulario de papel con un PDF mínimo, sin OCR."""
    token = csrf(secretaria, "/correspondencia/nueva")
    return secretaria.post(
        "/correspondencia/nueva",
        data={
            "csrf_token": token,
            "escaneo": (BytesIO(pdf_minimo("x")), nombre_archivo),
            "remitente": "Remitente",
            "asunto": "Asunto",
            "sin_ocr": "1",
        },
        content_type="multipart/form-data",
    )


def test_un_nombre_de_archivo_con_nul_se_rechaza_con_400(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """PostgreSQL no guarda NUL: el nombre del escaneo se revisa como el resto del formulario."""
    crear_usuarios(SECRETARIA)
    respuesta = _enviar_escaneo(cliente_de(app, SECRETARIA), "escaneo\x00.pdf")
    assert respuesta.status_code == 400
    with nueva_sesion(engine) as s:
        assert s.exec(select(Correspondencia)).all() == []


def test_el_mismo_escaneo_enviado_dos_veces_a_la_vez_se_explica(
    app: Flask,
    engine: Engine,
    crear_usuarios: CrearUsuarios,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Si el índice único frena el segundo envío simultáneo, se dice en español (no un 500)."""
    from sqlalchemy.exc import IntegrityError

    from recupera.web.correspondencia import papel as vista

    def choque(**_: object) -> None:
        raise IntegrityError("INSERT", {}, Exception("uq_corresp_contenido"))

    monkeypatch.setattr(vista, "registrar_papel", choque)
    crear_usuarios(SECRETARIA)
    respuesta = _enviar_escaneo(cliente_de(app, SECRETARIA), "escaneo.pdf")
    assert respuesta.status_code == 422
    assert "ya está registrado" in texto(respuesta)
