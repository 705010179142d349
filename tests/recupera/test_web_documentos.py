"""Las páginas de documentos: redactar desde el expediente, el formulario que no pierde lo escrito,
la revisión del jefe con su vista previa, y el documento final con su número de salida.

Cada motor tiene su base por módulo; la carpeta de datos es una sola para los dos, así un único
LibreOffice hace todas las conversiones del módulo (cada envío a revisión convierte una vez).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlmodel import col, select

from archivo import DocumentoExpediente
from correspondencia import Correspondencia, vincular_carta
from expedientes import Rol, Usuario, crear_engine, crear_usuario, hoy
from plantillas import DocumentoGenerado, EstadoDocumento
from tests.recupera.cartas import carta_de_papel
from tests.recupera.conftest import (
    CONTRASENA,
    NUMERO_PEREZ,
    abrir,
    cliente_de,
    crear_usuarios_en,
    csrf,
    entrar,
    escribir,
    nueva_app,
    nuevas_settings,
    registrar,
    texto,
)
from tests.recupera.documentos import (
    RAZON_ESCAPADA,
    RAZON_HOSTIL,
    cargar_mora,
    dar_correos,
    documento_de,
    id_de,
    paso,
    redactar,
)

pytestmark = pytest.mark.libreoffice
GESTOR, JEFE, OTRO = "gestor", "jefe", "otro_gestor"
OBSERVACION = 'Corrija el plazo & la "fecha" <b>{{ x }}</b>\nSegunda línea: Ñandú.'
OBSERVACION_ESCAPADA = "Corrija el plazo &amp; la &#34;fecha&#34; &lt;b&gt;{{ x }}&lt;/b&gt;"
FIRMA_PNG = b"\x89PNG\r\n\x1a\n"


@dataclass
class Mundo:
    """La aplicación con cada rol dentro (y un segundo gestor), un expediente con mora y una carta."""

    app: Flask
    engine: Engine
    clientes: dict[str, FlaskClient]
    tokens: dict[str, str]
    expediente: str
    carta: str
    carpeta: Path

    def get(self, quien: str, url: str) -> str:
        """El HTML de la página para esa persona (exige 200)."""
        respuesta = self.clientes[quien].get(url)
        assert respuesta.status_code == 200, (respuesta.status_code, texto(respuesta))
        return texto(respuesta)

    def redactar(self, quien: str = GESTOR, plantilla: str = "aviso_cobro", **datos: str) -> int:
        """Un borrador nuevo por el formulario; su id."""
        datos = datos or {"corte": "", "plazo_dias": "10"}
        cliente, token = self.clientes[quien], self.tokens[quien]
        return id_de(redactar(cliente, token, self.expediente, plantilla, **datos))

    def paso(self, quien: str, documento_id: int, accion: str, **campos: str) -> int:
        """Un paso de la revisión; el código de estado de la respuesta."""
        cliente, token = self.clientes[quien], self.tokens[quien]
        return paso(cliente, token, documento_id, accion, **campos).status_code

    def documento(self, documento_id: int) -> DocumentoGenerado:
        """El documento como quedó en la base."""
        return documento_de(self.engine, documento_id)


@pytest.fixture(scope="module")
def carpeta(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """La carpeta de datos del módulo, compartida por los dos motores."""
    return tmp_path_factory.mktemp("documentos")


@pytest.fixture(scope="module")
def mundo(url_modulo: str, carpeta: Path) -> Iterator[Mundo]:
    """Pérez & Cía (razón social hostil) con mora, su expediente de cobro y una carta vinculada."""
    engine = crear_engine(url_modulo)
    usuarios = crear_usuarios_en(engine, list(Rol))
    with escribir(engine) as s:
        crear_usuario(
            session=s,
            nombre_usuario="ana.hernandez",
            nombre_completo="Ana Gabriela Hernández Muñoz",
            rol=Rol.GESTOR,
            contrasena=CONTRASENA,
            sucursal="Santa Ana",
        )
    dar_correos(engine)
    registrar(engine, razon_social=RAZON_HOSTIL)
    cargar_mora(engine)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR])
    carta = carta_de_papel(engine, carpeta, referencia="GG/0451-2026")
    with escribir(engine) as s:
        vincular_carta(
            session=s, carta=s.get(Correspondencia, carta.id), numero_expediente=expediente.numero
        )
    app = nueva_app(nuevas_settings(url_modulo, carpeta))
    clientes: dict[str, FlaskClient] = {rol.value: cliente_de(app, rol) for rol in Rol}
    clientes[OTRO] = app.test_client()
    assert entrar(clientes[OTRO], "ana.hernandez").status_code == 302
    yield Mundo(
        app=app,
        engine=engine,
        clientes=clientes,
        tokens={quien: csrf(c, "/cuenta") for quien, c in clientes.items()},
        expediente=expediente.numero,
        carta=carta.numero,
        carpeta=carpeta,
    )
    engine.dispose()


def _valor(html: str, nombre: str) -> str:
    """El atributo value del <input name=...> (sin desescapar)."""
    encontrado = re.search(rf'<input[^>]*name="{nombre}"[^>]*value="([^"]*)"', html)
    assert encontrado, f"no hay <input name={nombre}> con value"
    return encontrado.group(1)


def _seccion(html: str, titulo: str) -> str:
    """Desde el <h2> que empieza con `titulo` hasta la siguiente tarjeta."""
    inicio = html.index(f"<h2>{titulo}")
    fin = html.find("<section", inicio)
    return html[inicio : fin if fin != -1 else len(html)]


def test_el_gestor_redacta_un_aviso_desde_el_expediente_y_lo_lee_escapado(mundo: Mundo) -> None:
    """GIVEN un expediente de cobro cuya razón social trae &, <>, comillas y {{ }}
    WHEN el gestor elige «Aviso de cobro» en la ficha y guarda el formulario sugerido
    THEN hay un borrador DRP con la razón social escapada en cada página que la muestra."""
    ficha = mundo.get(GESTOR, f"/expedientes/{mundo.expediente}")
    documentos = _seccion(ficha, "Documentos")
    nuevo = f"/expedientes/{mundo.expediente}/documentos/nuevo?plantilla="
    assert f"{nuevo}aviso_cobro" in documentos
    assert f"{nuevo}oficio_respuesta" in documentos
    assert "anteproyecto_acuerdo" not in documentos  # solo en expedientes de transacción

    formulario = mundo.get(GESTOR, f"{nuevo}aviso_cobro")
    assert "<h1>Redactar: Aviso de cobro</h1>" in formulario
    assert RAZON_ESCAPADA in formulario and RAZON_HOSTIL not in formulario
    assert _valor(formulario, "dato_corte") == hoy().isoformat()
    assert _valor(formulario, "dato_plazo_dias") == "10"
    assert 'type="date"' in formulario and 'min="3" max="30"' in formulario

    documento_id = mundo.redactar(corte=hoy().isoformat(), plazo_dias="12")
    documento = mundo.documento(documento_id)
    assert re.fullmatch(r"DRP-[0-9]{4}-[0-9]{6}", documento.numero)
    assert documento.estado == EstadoDocumento.BORRADOR
    assert documento.entradas == {"corte": hoy().isoformat(), "plazo_dias": "12"}
    pagina = mundo.get(GESTOR, f"/documentos/{documento_id}")
    assert f"{documento.numero} guardado como borrador." in pagina
    assert RAZON_ESCAPADA in pagina and RAZON_HOSTIL not in pagina
    assert documento.plantilla_sha256 in pagina and documento.docx_sha256 in pagina
    entradas = _seccion(pagina, "Datos con que se generó")
    assert "Plazo para pagar (días hábiles)</dt>" in entradas and '<dd class="">12</dd>' in entradas
    assert 'id="form-enviar"' in pagina and "Editar datos" in pagina
    assert "La vista previa se prepara al enviar" in pagina
    # El .docx se descarga (nunca se abre en el navegador) con el número como nombre.
    descarga = mundo.clientes[GESTOR].get(f"/documentos/{documento_id}/docx")
    assert descarga.status_code == 200
    assert descarga.headers["Content-Type"] == "application/octet-stream"
    assert f"filename={documento.numero}.docx" in descarga.headers["Content-Disposition"]
    assert descarga.headers["X-Content-Type-Options"] == "nosniff"
    assert descarga.data.startswith(b"PK")
    # Sin vista previa vigente no hay PDF ni páginas.
    assert mundo.clientes[GESTOR].get(f"/documentos/{documento_id}/pdf").status_code == 404
    assert (
        mundo.clientes[GESTOR].get(f"/documentos/{documento_id}/paginas/1.png").status_code == 404
    )
    ficha = mundo.get(GESTOR, f"/expedientes/{mundo.expediente}")
    assert f'href="/documentos/{documento_id}">{documento.numero}</a>' in ficha


def test_un_dato_que_falta_vuelve_a_mostrar_el_formulario_con_lo_escrito(mundo: Mundo) -> None:
    """GIVEN el oficio de respuesta, que ofrece las cartas del expediente
    WHEN se guarda sin el texto de la respuesta y con un asunto hostil
    THEN 422, el problema en la lista y lo escrito sigue en los campos; ningún número se gasta."""
    nuevo = f"/expedientes/{mundo.expediente}/documentos/nuevo?plantilla=oficio_respuesta"
    formulario = mundo.get(GESTOR, nuevo)
    opcion = re.search(rf'<option value="{mundo.carta}"[^>]*>([^<]*)</option>', formulario)
    assert opcion, formulario
    # La carta se cita por el nombre de quien la envió, no por su cabecera «Nombre <correo>».
    assert opcion.group(1) == (
        f"{mundo.carta} — Panadería Ñandú &amp; Hijos — "
        "Solicitud &#34;urgente&#34; &lt;prórroga&gt; {{ x }}"
    )
    assert '<textarea id="dato_cuerpo" name="dato_cuerpo"' in formulario
    with escribir(mundo.engine) as s:
        antes = len(s.exec(select(DocumentoGenerado.id)).all())

    asunto = 'Respuesta a su "solicitud" <urgente> & {{ x }}'
    respuesta = redactar(
        mundo.clientes[GESTOR],
        mundo.tokens[GESTOR],
        mundo.expediente,
        "oficio_respuesta",
        carta=mundo.carta,
        destinatario="Sr. José Núñez & Asociados",
        asunto=asunto,
        cuerpo="   ",
    )
    assert respuesta.status_code == 422
    html = texto(respuesta)
    problemas = re.search(
        r'<div class="aviso aviso-error" role="alert" id="problemas">(.*?)</div>', html, re.S
    )
    assert problemas and "<li>Falta «Texto de la respuesta».</li>" in problemas.group(1)
    assert _valor(html, "dato_asunto") == (
        "Respuesta a su &#34;solicitud&#34; &lt;urgente&gt; &amp; {{ x }}"
    )
    assert _valor(html, "dato_destinatario") == "Sr. José Núñez &amp; Asociados"
    assert f'<option value="{mundo.carta}" selected>' in html
    with escribir(mundo.engine) as s:
        assert len(s.exec(select(DocumentoGenerado.id)).all()) == antes

    cuerpo = "Primer párrafo con <b>negritas</b> & {{ x }}.\nSegundo párrafo: «Ñandú»."
    documento_id = mundo.redactar(
        plantilla="oficio_respuesta",
        carta=mundo.carta,
        destinatario="",
        asunto=asunto,
        cuerpo=cuerpo,
    )
    pagina = mundo.get(GESTOR, f"/documentos/{documento_id}")
    assert (
        '<dd class="parrafos">Primer párrafo con &lt;b&gt;negritas&lt;/b&gt; &amp; {{ x }}.\n'
        "Segundo párrafo: «Ñandú».</dd>"
    ) in pagina
    assert mundo.documento(documento_id).responde_a == mundo.carta
    # Al editarlo, el formulario trae lo guardado, escapado.
    edicion = mundo.get(GESTOR, f"/documentos/{documento_id}/editar")
    assert "Primer párrafo con &lt;b&gt;negritas&lt;/b&gt; &amp; {{ x }}.\nSegundo" in edicion


def test_cada_persona_ve_el_borrador_solo_si_la_politica_lo_deja(mundo: Mundo) -> None:
    """El gestor del expediente, la secretaria y el jefe lo ven; el archivo (no es final), otro
    gestor y el administrador reciben 403; un número inexistente es 404."""
    documento_id = mundo.redactar()
    url = f"/documentos/{documento_id}"
    codigos = {quien: c.get(url).status_code for quien, c in mundo.clientes.items()}
    assert codigos == {
        "secretaria": 200,
        "gestor": 200,
        "jefe": 200,
        "archivo": 403,
        "admin": 403,
        OTRO: 403,
    }
    assert mundo.clientes[OTRO].get(f"{url}/docx").status_code == 403
    assert mundo.paso(OTRO, documento_id, "enviar") == 403
    assert mundo.paso(OTRO, documento_id, "anular", motivo="No es mío") == 403
    assert mundo.clientes[OTRO].get(f"{url}/editar").status_code == 403
    assert mundo.clientes[JEFE].get("/documentos/999999999").status_code == 404
    # La secretaria lo consulta pero no tiene acciones.
    html = mundo.get("secretaria", url)
    assert 'method="post" action="/documentos/' not in html
    assert "Su rol solo puede consultar este documento." in html
    # En la lista, el otro gestor no ve documentos del expediente ajeno.
    numero = mundo.documento(documento_id).numero
    assert numero in mundo.get(GESTOR, "/documentos/")
    assert numero not in mundo.get(OTRO, "/documentos/")


def test_el_jefe_no_aprueba_lo_que_redacto_mientras_otro_pueda_revisarlo(mundo: Mundo) -> None:
    """Con un suplente activo, el jefe ve lo suyo en la cola como de otro revisor, la ficha no
    ofrece aprobar ni observar y el servicio lo rechaza; sin nadie más, lo aprueba él y queda
    dicho en la historia."""
    with escribir(mundo.engine) as s:
        archivo = s.exec(select(Usuario).where(Usuario.rol == "archivo")).one()
        archivo.suplente = True  # el suplente designado por el administrador
        s.add(archivo)
    documento_id = mundo.redactar(JEFE)
    assert mundo.paso(JEFE, documento_id, "enviar") == 302
    documento = mundo.documento(documento_id)
    assert documento.estado == EstadoDocumento.EN_REVISION
    cola = mundo.get(JEFE, "/documentos/revision")
    fila = re.search(rf"<tr>(?:(?!</tr>).)*{documento.numero}(?:(?!</tr>).)*</tr>", cola, re.S)
    assert fila and "Lo escribió usted: lo revisa otra persona" in fila.group(0)
    pagina = mundo.get(JEFE, f"/documentos/{documento_id}")
    assert 'id="form-aprobar"' not in pagina and 'id="form-observar"' not in pagina
    assert 'id="form-retirar"' in pagina
    # El servicio lo rechaza (con su motivo); observar lo suyo ni siquiera pasa la ruta.
    assert mundo.paso(JEFE, documento_id, "aprobar", sha256=documento.docx_sha256) == 302
    assert "Nadie revisa ni aprueba un documento que escribió" in unescape(
        mundo.get(JEFE, f"/documentos/{documento_id}")
    )
    assert mundo.paso(JEFE, documento_id, "observar", sha256=documento.docx_sha256,
                      observaciones="Me observo") == 403  # fmt: skip
    assert mundo.documento(documento_id).estado == EstadoDocumento.EN_REVISION
    with escribir(mundo.engine) as s:
        archivo = s.exec(select(Usuario).where(Usuario.rol == "archivo")).one()
        archivo.suplente = False
        s.add(archivo)
    pagina = mundo.get(JEFE, f"/documentos/{documento_id}")
    assert 'id="form-aprobar"' in pagina and "no hay otro jefe ni suplente activo" in pagina
    assert mundo.paso(JEFE, documento_id, "aprobar", sha256=documento.docx_sha256) == 302
    assert mundo.documento(documento_id).estado == EstadoDocumento.APROBADO
    assert "Aprobado por su propio autor" in mundo.get(JEFE, f"/documentos/{documento_id}")


def test_el_jefe_devuelve_con_observaciones_y_el_gestor_las_ve(mundo: Mundo) -> None:
    """GIVEN un aviso enviado a revisión por el gestor
    WHEN el jefe lo abre desde su cola (con la vista previa), intenta aprobar una versión vieja y
    luego lo devuelve con observaciones
    THEN la aprobación vieja se rechaza, y el gestor ve las observaciones (escapadas) en su inicio
    y destacadas en la ficha."""
    documento_id = mundo.redactar()
    assert mundo.paso(GESTOR, documento_id, "enviar") == 302
    documento = mundo.documento(documento_id)
    assert documento.pdf_sha256 and documento.pdf_de_sha256 == documento.docx_sha256
    assert documento.folios and documento.folios >= 1

    inicio = mundo.get(JEFE, "/")
    assert "Documentos por revisar" in inicio and documento.numero in inicio
    cola = mundo.get(JEFE, "/documentos/revision")
    assert documento.numero in cola and RAZON_ESCAPADA in cola
    pagina = mundo.get(JEFE, f"/documentos/{documento_id}")
    assert f'<input type="hidden" name="sha256" value="{documento.docx_sha256}">' in pagina
    for n in range(1, documento.folios + 1):
        assert f'src="/documentos/{documento_id}/paginas/{n}.png"' in pagina
    assert f"/documentos/{documento_id}/paginas/{documento.folios + 1}.png" not in pagina

    imagen = mundo.clientes[JEFE].get(f"/documentos/{documento_id}/paginas/1.png")
    assert imagen.status_code == 200
    assert imagen.headers["Content-Type"] == "image/png"
    assert imagen.data.startswith(FIRMA_PNG)
    guardadas = list((mundo.carpeta / "vistas").glob(f"{documento.pdf_sha256}-1-*.png"))
    assert len(guardadas) == 1 and guardadas[0].read_bytes() == imagen.data
    # La segunda vez sale del disco, igual byte a byte.
    assert mundo.clientes[JEFE].get(f"/documentos/{documento_id}/paginas/1.png").data == imagen.data
    fuera = f"/documentos/{documento_id}/paginas/{documento.folios + 1}.png"
    assert mundo.clientes[JEFE].get(fuera).status_code == 404
    pdf = mundo.clientes[JEFE].get(f"/documentos/{documento_id}/pdf?ver=1")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("inline")

    viejo = "0" * 64
    assert mundo.paso(JEFE, documento_id, "aprobar", sha256=viejo) == 302
    pagina = mundo.get(JEFE, f"/documentos/{documento_id}")
    assert "cambió desde que lo abrió" in pagina
    assert mundo.documento(documento_id).estado == EstadoDocumento.EN_REVISION
    sin_texto = {"sha256": documento.docx_sha256, "observaciones": "  "}
    assert mundo.paso(JEFE, documento_id, "observar", **sin_texto) == 302
    assert "Escriba las observaciones para el autor." in mundo.get(
        JEFE, f"/documentos/{documento_id}"
    )

    con_texto = {"sha256": documento.docx_sha256, "observaciones": OBSERVACION}
    assert mundo.paso(JEFE, documento_id, "observar", **con_texto) == 302
    assert mundo.documento(documento_id).estado == EstadoDocumento.OBSERVADO
    inicio = mundo.get(GESTOR, "/")
    mios = _seccion(inicio, "Mis documentos en curso")
    assert documento.numero in mios and OBSERVACION_ESCAPADA in mios
    assert mios.index(documento.numero) < mios.index("</tbody>")
    assert "devuelto con observaciones del jefe" in mios
    pagina = mundo.get(GESTOR, f"/documentos/{documento_id}")
    aviso = re.search(r'<div class="aviso aviso-aviso observaciones".*?</div>', pagina, re.S)
    assert aviso and OBSERVACION_ESCAPADA in aviso.group(0)
    assert "José Roberto Aguilar Núñez" in aviso.group(0)
    assert 'id="form-enviar"' in pagina and "Editar datos" in pagina


def test_editar_lo_aprobado_anula_la_aprobacion_y_el_final_recibe_numero_de_salida(
    mundo: Mundo,
) -> None:
    """GIVEN un aviso aprobado por el jefe
    WHEN el gestor lo edita, lo reenvía, el jefe lo aprueba y el gestor lo deja final
    THEN la edición deja sin efecto la aprobación; el final guarda su PDF, entra al expediente
    y recibe un número CS; el archivo ya puede consultarlo."""
    documento_id = mundo.redactar()
    assert mundo.paso(GESTOR, documento_id, "enviar") == 302
    sha = mundo.documento(documento_id).docx_sha256
    assert mundo.paso(JEFE, documento_id, "aprobar", sha256=sha) == 302
    aprobado = mundo.documento(documento_id)
    assert aprobado.estado == EstadoDocumento.APROBADO and aprobado.aprobado_sha256 == sha
    pagina = mundo.get(GESTOR, f"/documentos/{documento_id}")
    assert 'id="form-finalizar"' in pagina and "la aprobación queda sin efecto" in pagina

    edicion = mundo.get(GESTOR, f"/documentos/{documento_id}/editar")
    assert _valor(edicion, "dato_plazo_dias") == "10"
    assert "La aprobación actual quedará sin efecto." in edicion
    respuesta = mundo.clientes[GESTOR].post(
        f"/documentos/{documento_id}/editar",
        data={"csrf_token": mundo.tokens[GESTOR], "dato_corte": "", "dato_plazo_dias": "15"},
    )
    assert id_de(respuesta) == documento_id
    editado = mundo.documento(documento_id)
    assert editado.estado == EstadoDocumento.BORRADOR
    assert editado.aprobado_sha256 is None and editado.aprobado_por_id is None
    assert editado.pdf_sha256 is None and editado.docx_sha256 != sha
    pagina = mundo.get(GESTOR, f"/documentos/{documento_id}")
    assert "La aprobación anterior quedó sin efecto." in pagina
    assert "Editado después de aprobado: la aprobación queda sin efecto" in pagina
    assert 'id="form-finalizar"' not in pagina
    assert mundo.paso(GESTOR, documento_id, "finalizar") == 302
    assert mundo.documento(documento_id).estado == EstadoDocumento.BORRADOR
    # Un valor fuera de rango no cambia nada y se explica junto al formulario.
    fuera = mundo.clientes[GESTOR].post(
        f"/documentos/{documento_id}/editar",
        data={"csrf_token": mundo.tokens[GESTOR], "dato_corte": "", "dato_plazo_dias": "90"},
    )
    assert fuera.status_code == 422
    assert "«Plazo para pagar (días hábiles)»: no puede ser mayor que 30." in texto(fuera)
    assert _valor(texto(fuera), "dato_plazo_dias") == "90"

    # El envío se propone con el borrador (el patrono no tiene correo: por mensajero) y quien
    # redacta lo cambia antes de enviarlo a revisión; uno que no sirve se dice y no cambia nada.
    borrador = mundo.get(GESTOR, f"/documentos/{documento_id}")
    assert 'name="canal" value="mensajero" required checked' in borrador
    assert mundo.paso(GESTOR, documento_id, "envio", canal="correo", correo="") == 302
    assert "indique la dirección del destinatario" in mundo.get(
        GESTOR, f"/documentos/{documento_id}"
    )
    assert mundo.paso(GESTOR, documento_id, "envio", canal="ventanilla") == 302
    assert mundo.paso(GESTOR, documento_id, "envio", canal="mensajero", plazo_respuesta="5") == 302
    assert "espera respuesta en 5 días hábiles desde que salga" in mundo.get(
        GESTOR, f"/documentos/{documento_id}"
    )
    assert mundo.paso(GESTOR, documento_id, "enviar") == 302
    sha = mundo.documento(documento_id).docx_sha256
    # El jefe ve por dónde sale la carta que aprueba; ya nadie lo cambia.
    en_revision = mundo.get(JEFE, f"/documentos/{documento_id}")
    assert (
        '<dd class="envio-salida">Mensajero o courier · espera respuesta en 5 días' in en_revision
    )
    assert 'id="form-envio"' not in en_revision
    assert mundo.paso(JEFE, documento_id, "aprobar", sha256=sha) == 302
    reservado = mundo.documento(documento_id).saliente_numero
    aprobado = mundo.get(GESTOR, f"/documentos/{documento_id}")
    assert f'<span class="mono numero-salida">{reservado}</span> · En redacción' in aprobado
    assert 'id="form-envio"' not in aprobado
    assert mundo.paso(GESTOR, documento_id, "envio", canal="correo", correo="a@b.sv") == 302
    assert "antes de enviarlo a revisión" in mundo.get(GESTOR, f"/documentos/{documento_id}")
    assert mundo.paso(GESTOR, documento_id, "finalizar") == 302
    final = mundo.documento(documento_id)
    assert final.estado == EstadoDocumento.FINAL and final.saliente_numero == reservado
    assert final.pdf_sha256 and final.pdf_de_sha256 == final.docx_sha256 == sha
    assert final.saliente_numero and re.fullmatch(r"CS-[0-9]{4}-[0-9]{6}", final.saliente_numero)
    assert final.message_id
    with escribir(mundo.engine) as s:
        incorporado = s.exec(
            select(DocumentoExpediente).where(DocumentoExpediente.referencia == final.numero)
        ).one()
    assert (incorporado.sha256, incorporado.sha256_pdf) == (final.docx_sha256, final.pdf_sha256)

    pagina = mundo.get(GESTOR, f"/documentos/{documento_id}")
    assert f"La carta {final.saliente_numero} quedó por enviar." in pagina
    assert f'<dd class="mono numero-salida">{final.saliente_numero}</dd>' in pagina
    assert "Mensajero o courier · <strong>Por enviar</strong>" in pagina
    assert "ya no admite cambios" in pagina
    assert 'id="form-anular"' not in pagina and "Editar datos" not in pagina
    assert mundo.clientes[GESTOR].get(f"/documentos/{documento_id}/editar").status_code == 302
    # El archivo consulta los finales (y solo esos) en su lista y en la ficha.
    assert RAZON_ESCAPADA in mundo.get("archivo", f"/documentos/{documento_id}")
    lista = mundo.get("archivo", "/documentos/")
    assert final.numero in lista
    estados = set(re.findall(r'class="estado-documento estado-doc-([a-z_]+)"', lista))
    assert estados == {"final"}
    # El gestor filtra por estado; el otro gestor no ve documentos de este expediente.
    finales = mundo.get(GESTOR, "/documentos/?estado=final")
    assert final.numero in finales
    assert set(re.findall(r'estado-doc-([a-z_]+)"', _seccion(finales, ""))) <= {"final"}
    assert final.numero not in mundo.get(OTRO, "/documentos/")


def test_el_oficio_final_enlaza_la_carta_que_responde(mundo: Mundo) -> None:
    """Un oficio de respuesta final muestra su número de salida y enlaza la carta respondida."""
    documento_id = mundo.redactar(
        plantilla="oficio_respuesta",
        carta=mundo.carta,
        destinatario="",
        asunto="",
        cuerpo="Acusamos recibo de su solicitud de prórroga.",
    )
    borrador = mundo.get(GESTOR, f"/documentos/{documento_id}")
    # La carta llegó en papel y el patrono no tiene correo: no hay dirección que proponer, y se
    # propone el mensajero; quien redacta escribe la dirección antes de la revisión.
    propuesto = re.search(r'id="correo-destinatario" name="correo" [^>]*value="([^"]*)"', borrador)
    assert propuesto and propuesto.group(1) == ""
    assert 'name="canal" value="mensajero" required checked' in borrador
    correo = "gerencia@perez-cia.com.sv"
    assert mundo.paso(GESTOR, documento_id, "envio", canal="correo", correo=correo) == 302
    assert mundo.paso(GESTOR, documento_id, "enviar") == 302
    sha = mundo.documento(documento_id).docx_sha256
    assert mundo.paso(JEFE, documento_id, "aprobar", sha256=sha) == 302
    assert mundo.paso(GESTOR, documento_id, "finalizar") == 302
    final = mundo.documento(documento_id)
    assert final.estado == EstadoDocumento.FINAL and final.responde_a == mundo.carta
    # El destinatario por omisión es quien escribió, por su nombre: nunca «Nombre <correo>».
    assert final.destinatario == "Panadería Ñandú & Hijos"
    assert "Panadería Ñandú &amp; Hijos" in mundo.get(GESTOR, f"/documentos/{documento_id}")
    # La correspondencia enviada la muestra con su canal, su estado y la carta que responde; el
    # otro gestor no la ve.
    enviada = mundo.get(GESTOR, "/correspondencia/enviada?canal=correo")
    assert f">{final.saliente_numero}</a>" in enviada and correo in enviada
    assert f'href="/correspondencia/{mundo.carta}">{mundo.carta}</a>' in enviada
    assert "Por enviar" in enviada
    assert final.saliente_numero not in mundo.get(OTRO, "/correspondencia/enviada")
    # El archivo la encuentra por su número CS, escrito sin guiones ni ceros.
    anio, n = final.saliente_numero.split("-")[1:]
    hallado = mundo.get(JEFE, f"/archivo/?q=cs{anio}{int(n)}")
    assert mundo.expediente in hallado and final.numero in hallado
    assert final.saliente_numero in mundo.get(JEFE, f"/correspondencia/enviada?q={correo}")
    pagina = mundo.get(GESTOR, f"/documentos/{documento_id}")
    assert f'<a class="mono" href="/correspondencia/{mundo.carta}">{mundo.carta}</a>' in pagina
    with escribir(mundo.engine) as s:
        carta = s.exec(
            select(Correspondencia).where(col(Correspondencia.numero) == mundo.carta)
        ).one()
    assert carta.estado == "respondida"


def test_responder_desde_la_carta_abre_el_oficio_citandola(mundo: Mundo) -> None:
    """El gestor del expediente ve «Responder» en la carta y el oficio nace con ella elegida; la
    secretaria, que no redacta, no ve el botón."""
    carta = mundo.get(GESTOR, f"/correspondencia/{mundo.carta}")
    enlace = re.search(r'<a class="boton" id="responder" href="([^"]+)"', carta)
    assert enlace, carta
    url = unescape(enlace.group(1))
    assert url.startswith(f"/expedientes/{mundo.expediente}/documentos/nuevo?")
    formulario = mundo.get(GESTOR, url)
    elegida = re.search(rf'<option value="{mundo.carta}"[^>]*\bselected\b', formulario)
    assert elegida, formulario
    assert 'id="responder"' not in mundo.get("secretaria", f"/correspondencia/{mundo.carta}")
