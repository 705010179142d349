"""Endurecimiento de la web: en desarrollo solo se atiende a la propia máquina, los números de
las rutas están acotados y los PDF recibidos se muestran sin sus scripts."""

from __future__ import annotations

import secrets
from html import unescape
from io import BytesIO
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)
from sqlalchemy import Engine
from sqlmodel import select

from archivo import almacen_de
from expedientes import Rol, Usuario
from tests.bd import nueva_sesion
from tests.conftest import un_solo_motor
from tests.recupera.cartas import agregar_adjunto, carta_de_papel
from tests.recupera.conftest import (
    CONTRASENA,
    PERSONAS,
    CrearUsuarios,
    HacerApp,
    cliente_de,
    csrf,
    texto,
)

ENORME = "9" * 20


@un_solo_motor
def test_en_desarrollo_una_peticion_de_otra_maquina_se_rechaza_sea_cual_sea_el_servidor(
    hacer_app: HacerApp,
) -> None:
    """Aunque otro servidor WSGI sirva la aplicación en 0.0.0.0, en desarrollo (clave pública)
    una petición que no viene de loopback recibe 403 y la explicación; en producción, no."""
    desarrollo = hacer_app().test_client()
    for direccion in ("192.0.2.7", "10.1.2.3", "2001:db8::5", ""):
        respuesta = desarrollo.get("/acceso", environ_base={"REMOTE_ADDR": direccion})
        assert respuesta.status_code == 403, direccion
        assert "solo atiende a la propia máquina" in texto(respuesta)
    for direccion in ("127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"):
        respuesta = desarrollo.get("/acceso", environ_base={"REMOTE_ADDR": direccion})
        assert respuesta.status_code == 200, direccion
    produccion = hacer_app(env="production", secret_key=secrets.token_hex(32)).test_client()
    respuesta = produccion.get("/acceso", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert respuesta.status_code == 200


def test_un_numero_de_veinte_cifras_en_la_ruta_es_404_y_no_500(
    app: Flask, crear_usuarios: CrearUsuarios
) -> None:
    """Versión de plantilla, página de vista previa e ids de veinte cifras no llegan a la base
    (en PostgreSQL desbordarían el entero: error 500): son 404."""
    crear_usuarios(Rol.JEFE)
    jefe = cliente_de(app, Rol.JEFE)
    assert jefe.get("/plantillas/aviso_cobro/2.docx").status_code == 200
    for url in (
        f"/plantillas/aviso_cobro/{ENORME}.docx",
        f"/documentos/{ENORME}",
        f"/documentos/1/paginas/{ENORME}.png",
        f"/avisos/{ENORME}",
    ):
        assert jefe.get(url).status_code == 404, url


@pytest.mark.parametrize("valor", [ENORME, "²", "9" * 5000])
def test_numeros_enormes_o_raros_en_la_consulta_no_dan_500(
    app: Flask, crear_usuarios: CrearUsuarios, valor: str
) -> None:
    """El autor del registro de salida y el año del calendario: un número gigante, `²` o miles de
    cifras se ignoran o se explican, nunca un error 500."""
    crear_usuarios(Rol.JEFE, Rol.ADMIN)
    jefe = cliente_de(app, Rol.JEFE)
    assert jefe.get("/correspondencia/enviada", query_string={"autor": valor}).status_code == 200
    admin = cliente_de(app, Rol.ADMIN)
    assert admin.get("/calendario/", query_string={"anio": valor}).status_code == 200


def _accion_js(codigo: str) -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(codigo)}
    )


def pdf_con_scripts() -> bytes:
    """Un PDF de una página con JavaScript al abrir (`/OpenAction`), un script del documento
    (`/Names /JavaScript`), una acción al mostrar la página (`/AA`), un enlace que lanza un
    programa y otro a una dirección web, y texto con `&`, `<`, comillas y `{{ }}`."""
    escritor = PdfWriter()
    pagina = escritor.add_blank_page(612, 792)
    script = _accion_js("app.alert('Pérez & Cía <S.A.> {{ x }}');")
    nombres = ArrayObject([TextStringObject("saludo"), escritor._add_object(script)])
    escritor._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): DictionaryObject({NameObject("/Names"): nombres})}
    )
    escritor._root_object[NameObject("/OpenAction")] = _accion_js(
        "app.launchURL('https://malo.example/');"
    )
    pagina[NameObject("/AA")] = DictionaryObject({NameObject("/O"): _accion_js("this.print();")})
    escritor.add_annotation(0, Link(rect=(10, 10, 100, 30), url="https://www.isss.gob.sv/"))
    escritor.add_annotation(0, Link(rect=(10, 40, 100, 60), url="https://x.example/"))
    lanzar = escritor.pages[0]["/Annots"][1].get_object()
    lanzar[NameObject("/A")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
        }
    )
    salida = BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def _activos(datos: bytes) -> list[str]:
    """Cada clave o acción activa que queda en el PDF: en lo que se alcanza desde la raíz y en
    cualquier otro objeto de su tabla de referencias (aunque nada lo use)."""
    lector = PdfReader(BytesIO(datos))
    pendientes: list[object] = [lector.trailer["/Root"]]
    pendientes += [
        IndirectObject(numero, generacion, lector)
        for generacion, numeros in lector.xref.items()
        for numero in numeros
    ]
    hallados: list[str] = []
    vistos: set[int] = set()
    while pendientes:
        objeto = pendientes.pop()
        if isinstance(objeto, IndirectObject):
            if objeto.idnum in vistos:
                continue
            vistos.add(objeto.idnum)
            objeto = objeto.get_object()
        if isinstance(objeto, DictionaryObject):
            hallados += [k for k in ("/OpenAction", "/AA", "/JS", "/JavaScript") if k in objeto]
            if objeto.get("/S") in ("/JavaScript", "/Launch"):
                hallados.append(str(objeto["/S"]))
            pendientes.extend(objeto.values())
        elif isinstance(objeto, ArrayObject):
            pendientes.extend(objeto)
    return hallados


def test_un_pdf_recibido_se_muestra_sin_su_javascript_y_se_descarga_intacto(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Con ?ver=1 el navegador recibe una copia sin OpenAction, scripts, acciones automáticas ni
    lanzamientos (el enlace web sigue); la descarga y el almacén conservan el original exacto."""
    crear_usuarios(Rol.SECRETARIA)
    original = pdf_con_scripts()
    assert sorted(set(_activos(original))) == [
        "/AA",
        "/JS",
        "/JavaScript",
        "/Launch",
        "/OpenAction",
    ]
    carta = carta_de_papel(engine, tmp_path)
    adj = agregar_adjunto(
        engine, tmp_path, carta, "Resolución «Pérez & Cía».pdf", "application/pdf", original
    )
    secretaria = cliente_de(app, Rol.SECRETARIA)
    url = f"/correspondencia/{carta.numero}/adjuntos/{adj.id}"
    vista = secretaria.get(f"{url}?ver=1")
    assert vista.status_code == 200 and vista.mimetype == "application/pdf"
    assert vista.headers["Content-Disposition"].startswith("inline")
    assert _activos(vista.data) == []
    assert b"app.alert" not in vista.data and b"cmd.exe" not in vista.data
    enlaces = PdfReader(BytesIO(vista.data)).pages[0]["/Annots"]
    uris = [a.get_object()["/A"]["/URI"] for a in enlaces if "/A" in a.get_object()]
    assert uris == ["https://www.isss.gob.sv/"]
    descarga = secretaria.get(url)
    assert descarga.headers["Content-Disposition"].startswith("attachment")
    assert descarga.data == original
    assert almacen_de(tmp_path).leer(adj.sha256) == original


def test_un_pdf_que_no_se_puede_limpiar_no_se_muestra_solo_se_descarga(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """Un PDF cifrado con contraseña (no se puede recorrer) no se muestra en línea: se descarga."""
    crear_usuarios(Rol.SECRETARIA)
    escritor = PdfWriter(clone_from=PdfReader(BytesIO(pdf_con_scripts())))
    escritor.encrypt("Contraseña-de-Pérez-&-Cía")
    cifrado = BytesIO()
    escritor.write(cifrado)
    carta = carta_de_papel(engine, tmp_path)
    adj = agregar_adjunto(
        engine, tmp_path, carta, "cifrado.pdf", "application/pdf", cifrado.getvalue()
    )
    respuesta = cliente_de(app, Rol.SECRETARIA).get(
        f"/correspondencia/{carta.numero}/adjuntos/{adj.id}?ver=1"
    )
    assert respuesta.headers["Content-Disposition"].startswith("attachment")
    assert respuesta.data == cifrado.getvalue()


def _intentar(cliente: FlaskClient, nombre: str, contrasena: str) -> int:
    token = csrf(cliente, "/acceso")
    datos = {"usuario": nombre, "contrasena": contrasena, "csrf_token": token}
    return cliente.post("/acceso", data=datos).status_code


def test_un_extrano_que_falla_desde_su_direccion_no_deja_fuera_al_jefe(
    hacer_app: HacerApp, crear_usuarios: CrearUsuarios
) -> None:
    """Tres contraseñas al azar desde otra dirección bloquean la cuenta del jefe solo para esa
    dirección (ni con la contraseña buena entra desde ahí); el jefe, desde la suya, entra."""
    app = hacer_app(intentos_login=3)
    crear_usuarios(Rol.JEFE)
    jefe = PERSONAS[Rol.JEFE][0]
    extrano = app.test_client()
    extrano.environ_base["REMOTE_ADDR"] = "127.0.0.66"  # otra dirección (en desarrollo, local)
    for intento in ("Pérez & Cía", "<script>", '{{ "x" }}'):
        assert _intentar(extrano, jefe, intento) == 401
    assert _intentar(extrano, jefe, CONTRASENA) == 401
    propio = app.test_client()
    propio.environ_base["REMOTE_ADDR"] = "127.0.0.1"
    assert _intentar(propio, jefe, CONTRASENA) == 302
    assert cliente_de(app, Rol.JEFE).get("/").status_code == 200


def test_el_alta_de_un_usuario_en_la_web_rechaza_una_contrasena_comun(
    app: Flask, crear_usuarios: CrearUsuarios, engine: Engine
) -> None:
    """El formulario de alta del administrador aplica la política y dice por qué en español."""
    crear_usuarios(Rol.ADMIN)
    admin = cliente_de(app, Rol.ADMIN)
    datos = {
        "nombre_usuario": "rosa.portillo",
        "nombre_completo": "Rosa María Portillo & Cía",
        "rol": "archivo",
        "contrasena": "Bienvenido2026",
        "confirmacion": "Bienvenido2026",
        "csrf_token": csrf(admin, "/usuarios/"),
    }
    pagina = unescape(texto(admin.post("/usuarios/", data=datos, follow_redirects=True)))
    assert "La contraseña es demasiado fácil de adivinar" in pagina
    with nueva_sesion(engine) as s:
        assert [u.nombre_usuario for u in s.exec(select(Usuario)).all()] == ["sistemas"]
