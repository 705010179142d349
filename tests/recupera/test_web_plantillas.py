"""El catálogo de plantillas: versiones y contrato legibles, descarga de cada versión, y la
publicación de una versión nueva por el administrador (revisada contra su contrato)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func
from sqlmodel import col, select

from expedientes import Auditoria, Rol
from plantillas import PlantillaVersion, catalogo_del_proyecto
from plantillas.versiones import CARPETA
from tests.recupera.conftest import CrearUsuarios, cliente_de, csrf, texto

AVISO = (CARPETA / "aviso_cobro.docx").read_bytes()
# La versión del aviso que trae el proyecto; la primera que sube el administrador es la siguiente.
V = catalogo_del_proyecto()["aviso_cobro"].contrato.version
SALUDO = "Estimados señores:"


def _con_texto_cambiado(docx: bytes, antes: str, despues: str) -> bytes:
    """El mismo .docx con un texto de word/document.xml reemplazado (escapado para XML)."""
    entrada = zipfile.ZipFile(io.BytesIO(docx))
    salida = io.BytesIO()
    with zipfile.ZipFile(salida, "w", zipfile.ZIP_DEFLATED) as z:
        for info in entrada.infolist():
            datos = entrada.read(info.filename)
            if info.filename == "word/document.xml":
                xml = datos.decode("utf-8")
                assert antes in xml, f"{antes!r} no está en la plantilla"
                datos = xml.replace(antes, despues, 1).encode("utf-8")
            z.writestr(info, datos)
    return salida.getvalue()


def _subir(
    cliente: FlaskClient, docx: bytes | None, notas: str = "", contrato: bytes | None = None
) -> tuple[int, str]:
    datos: dict[str, object] = {"csrf_token": csrf(cliente, "/plantillas/"), "notas": notas}
    if docx is not None:
        datos["docx"] = (io.BytesIO(docx), "aviso de cobro «nuevo».docx")
    if contrato is not None:
        datos["contrato"] = (io.BytesIO(contrato), "aviso_cobro.toml")
    respuesta = cliente.post(
        "/plantillas/aviso_cobro/versiones", data=datos, content_type="multipart/form-data"
    )
    return respuesta.status_code, texto(respuesta)


def _versiones(engine: Engine) -> list[tuple[int, str]]:
    with engine.connect() as c:
        filas = c.execute(
            select(PlantillaVersion.version, PlantillaVersion.origen)
            .where(PlantillaVersion.nombre == "aviso_cobro")
            .order_by(col(PlantillaVersion.version))
        ).all()
    return [(v, o) for v, o in filas]


def _problemas(html: str) -> list[str]:
    aviso = re.search(
        r'<div class="aviso aviso-error" role="alert" id="problemas">(.*?)</div>', html, re.S
    )
    assert aviso, "no hay lista de problemas"
    return re.findall(r"<li>(.*?)</li>", aviso.group(1), re.S)


def test_el_catalogo_muestra_cada_plantilla_con_sus_versiones_y_su_contrato(
    app: Flask, crear_usuarios: CrearUsuarios
) -> None:
    """El gestor ve las seis plantillas del proyecto, su descripción y su contrato; no puede subir."""
    crear_usuarios(Rol.GESTOR)
    html = texto(cliente_de(app, Rol.GESTOR).get("/plantillas/"))
    for titulo in (
        "Aviso de cobro",
        "Requerimiento de pago",
        "Convenio de pago",
        "Oficio de respuesta",
        "Anteproyecto de Acuerdo",
        "Memorándum de traslado a la Unidad Jurídica",
    ):
        assert titulo.lower() in html.lower(), titulo
    aviso = html[html.index('id="plantilla-aviso_cobro"') :]
    aviso = aviso[: aviso.index("</section>")]
    assert "Primer aviso al patrono en mora" in aviso
    assert f"versión vigente {V}" in aviso and "Catálogo del proyecto" in aviso
    assert "Fecha de corte de la mora" in aviso and "mínimo 3; máximo 30" in aviso
    assert "«artículo 33 de la Ley del Seguro Social»" in aviso
    assert "El patrono no tiene mora pendiente al corte." in aviso
    assert "cada fila suma cuota + recargo + multa" in aviso
    assert f'href="/plantillas/aviso_cobro/{V}.docx"' in aviso
    assert "Publicar una versión nueva" not in html


def test_el_catalogo_se_registra_al_arrancar_y_ninguna_consulta_escribe(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """GIVEN la aplicación recién creada THEN las seis plantillas ya están registradas (lo hizo
    el arranque, no una página); WHEN el gestor consulta el catálogo THEN la base no cambia."""
    with engine.connect() as c:
        nombres = set(c.execute(select(PlantillaVersion.nombre)).scalars())
    assert nombres == set(catalogo_del_proyecto())
    crear_usuarios(Rol.GESTOR)
    cliente = cliente_de(app, Rol.GESTOR)
    with engine.connect() as c:
        antes = c.execute(select(func.count()).select_from(Auditoria)).scalar_one()
    assert cliente.get("/plantillas/").status_code == 200
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(Auditoria)).scalar_one() == antes


def test_cada_version_se_descarga_tal_como_se_publico(
    app: Flask, crear_usuarios: CrearUsuarios
) -> None:
    """El .docx de la versión del proyecto es byte a byte el del catálogo; una versión que no
    existe, 404."""
    crear_usuarios(Rol.JEFE)
    cliente = cliente_de(app, Rol.JEFE)
    respuesta = cliente.get(f"/plantillas/aviso_cobro/{V}.docx")
    assert respuesta.status_code == 200
    assert respuesta.data == AVISO
    assert f"aviso_cobro-v{V}.docx" in respuesta.headers["Content-Disposition"]
    assert respuesta.headers["Content-Type"] == "application/octet-stream"
    assert cliente.get("/plantillas/aviso_cobro/7.docx").status_code == 404
    assert cliente.get("/plantillas/no_existe/1.docx").status_code == 404


def test_una_version_con_una_variable_no_declarada_no_se_publica_y_una_buena_es_la_siguiente(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tmp_path: Path
) -> None:
    """GIVEN el administrador en el catálogo
    WHEN sube un .docx que usa {{ telefono_oficina }} (el contrato no lo declara)
    THEN 422 con el problema en español y nada publicado; WHEN sube uno bueno, es la versión
    siguiente con sus notas y su autor, y la del proyecto sigue descargándose igual."""
    crear_usuarios(Rol.ADMIN, Rol.GESTOR)
    admin = cliente_de(app, Rol.ADMIN)
    assert "Publicar una versión nueva" in texto(admin.get("/plantillas/"))

    codigo, html = _subir(admin, None, notas="Sin archivo & <nada>")
    assert codigo == 422 and _problemas(html) == ["Elija el archivo .docx de la plantilla."]
    assert "Sin archivo &amp; &lt;nada&gt;</textarea>" in html

    mala = _con_texto_cambiado(AVISO, SALUDO, "Estimados señores ({{ telefono_oficina }}):")
    codigo, html = _subir(admin, mala, notas="Agrega el teléfono")
    assert codigo == 422
    assert "La nueva versión de «aviso_cobro» no se publicó." in html
    assert "La plantilla usa «telefono_oficina» y el contrato no lo declara." in _problemas(html)
    assert _versiones(engine) == [(V, "catalogo")]

    codigo, html = _subir(admin, AVISO[:100], notas="")
    assert codigo == 422 and _problemas(html)

    contrato = (
        (CARPETA / "aviso_cobro.toml")
        .read_text("utf-8")
        .replace('nombre = "aviso_cobro"', 'nombre = "otro"', 1)
    )
    codigo, html = _subir(admin, AVISO, contrato=contrato.encode("utf-8"))
    assert codigo == 422 and "El contrato es de «otro», no de «aviso_cobro»." in _problemas(html)

    buena = _con_texto_cambiado(AVISO, SALUDO, "Estimados señores y señoras:")
    respuesta = admin.post(
        "/plantillas/aviso_cobro/versiones",
        data={
            "csrf_token": csrf(admin, "/plantillas/"),
            "notas": 'Saludo inclusivo & "cortés"',
            "docx": (io.BytesIO(buena), "aviso.docx"),
        },
        content_type="multipart/form-data",
    )
    assert respuesta.status_code == 302
    assert respuesta.headers["Location"].endswith("/plantillas/#plantilla-aviso_cobro")
    assert _versiones(engine) == [(V, "catalogo"), (V + 1, "subida")]
    html = texto(admin.get("/plantillas/"))
    assert f"Publicada la versión {V + 1} de «Aviso de cobro»." in html
    aviso = html[html.index('id="plantilla-aviso_cobro"') :]
    assert f"versión vigente {V + 1}" in aviso
    assert "Saludo inclusivo &amp; &#34;cortés&#34;" in aviso
    assert "Administración de Sistemas" in aviso  # quién la subió
    assert admin.get(f"/plantillas/aviso_cobro/{V + 1}.docx").data == buena
    assert admin.get(f"/plantillas/aviso_cobro/{V}.docx").data == AVISO
    # El gestor ya redacta con la versión subida.
    gestor = texto(cliente_de(app, Rol.GESTOR).get("/plantillas/"))
    assert f"versión vigente {V + 1}" in gestor[gestor.index('id="plantilla-aviso_cobro"') :]
