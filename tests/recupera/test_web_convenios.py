"""Un convenio de pago por la web, de punta a punta: se registra desde su documento final, se
legaliza con el escaneo firmado (OCR real), se importan los pagos, la ficha lee cada cuota, la
revisión levanta la alerta y el requerimiento, el gestor la atiende y el jefe rehabilita el convenio
caído. Los datos se hacen con los servicios reales (documento final con LibreOffice)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlmodel import select

from archivo import documentos_de
from expedientes import (
    Auditoria,
    Etapa,
    Expediente,
    Rol,
    Usuario,
    cambiar_etapa,
    crear_usuario,
    hoy,
    obtener_expediente,
)
from recupera.composicion import componer
from seguimiento import Alerta, Convenio, Pago, TipoAlerta, importar_pagos, revisar_cuotas
from seguimiento.convenios_estados import alertar
from tests.archivo.casos import pdf_de
from tests.expedientes.datos import DUI_MARIA
from tests.recupera.conftest import (
    CONTRASENA,
    NUMERO_PEREZ,
    CrearUsuarios,
    abrir,
    cliente_de,
    csrf,
    entrar,
    escribir,
    registrar,
    texto,
)
from tests.recupera.documentos import (
    RAZON_ESCAPADA,
    RAZON_HOSTIL,
    cargar_mora,
    dar_correos,
    documento_final,
)
from tests.recupera.seguimiento import (
    csv_pagos,
    cuotas_de,
    ficha,
    formularios,
    seccion,
    subir,
)

pytestmark = pytest.mark.libreoffice
SECRETARIA, GESTOR, JEFE = Rol.SECRETARIA, Rol.GESTOR, Rol.JEFE
TOLERANCIA = 5  # la de la instalación por omisión (RECUPERA_TOLERANCIA_CUOTA_DIAS)


@dataclass
class Caso:
    """Un expediente de convenio del gestor con su convenio_pago final, y las personas."""

    numero: str
    documento: str
    redactado: date
    clientes: dict[Rol, FlaskClient]
    tokens: dict[Rol, str]
    usuarios: dict[Rol, Usuario]


@pytest.fixture
def caso(app: Flask, engine: Engine, crear_usuarios: CrearUsuarios) -> Caso:
    """El convenio se redactó hace 70 días: cuatro cuotas mensuales desde diez días después."""
    usuarios = crear_usuarios(SECRETARIA, GESTOR, JEFE)
    registrar(engine, razon_social=RAZON_HOSTIL, dui_representante=DUI_MARIA)
    dar_correos(engine)
    cargar_mora(engine)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[GESTOR], tipo="convenio")
    redactado = hoy() - timedelta(days=70)
    with escribir(engine) as s:
        exp = obtener_expediente(session=s, numero=expediente.numero)
        cambiar_etapa(session=s, expediente=exp, nueva=Etapa.EN_GESTION, hoy=redactado)
    datos = {
        "corte": redactado.isoformat(), "prima": "500.00", "cuotas": "4",
        "primera_fecha": (redactado + timedelta(days=10)).isoformat(),
        "periodicidad": "mensual", "cuotas_incumplidas": "2",
    }  # fmt: skip
    documento = documento_final(
        engine, app.config["RECUPERA"], expediente, usuarios[GESTOR], usuarios[JEFE],
        "convenio_pago", datos, redactado,
    )  # fmt: skip
    clientes = {rol: cliente_de(app, rol) for rol in (SECRETARIA, GESTOR, JEFE)}
    tokens = {rol: csrf(c, "/cuenta") for rol, c in clientes.items()}
    return Caso(expediente.numero, documento.numero, redactado, clientes, tokens, usuarios)


def _ficha(caso: Caso, rol: Rol) -> str:
    return ficha(caso.clientes[rol], caso.numero)


def _filas_de_cuotas(html: str) -> list[tuple[str, str]]:
    """(número, estado) de cada cuota del convenio mostrado primero."""
    tabla = html[html.index('class="tabla cuotas"') :]
    tabla = tabla[: tabla.index("</tbody>")]
    return [
        (m.group(1), m.group(2))
        for m in re.finditer(
            r'<tr class="cuota-[a-z-]+">\s*<td class="num">(\d+)</td>.*?'
            r'class="estado-cuota [^"]+">([^<]+)</span>',
            tabla,
            re.S,
        )
    ]


def _post(caso: Caso, rol: Rol, url: str, **campos: str) -> str:
    respuesta = caso.clientes[rol].post(
        url, data={"csrf_token": caso.tokens[rol], **campos}, follow_redirects=True
    )
    assert respuesta.status_code == 200, texto(respuesta)
    return unescape(texto(respuesta))


def _legalizar(caso: Caso, engine: Engine, **campos: str) -> str:
    convenio, _ = cuotas_de_caso(engine, caso)
    archivo = ("escaneo", pdf_de(2, "convenio firmado & sellado"), 'convenio "firmado" <1>.pdf')
    respuesta = subir(
        caso.clientes[GESTOR], f"/convenios/{convenio}/legalizacion", caso.tokens[GESTOR],
        archivo if campos.pop("con_escaneo", "si") == "si" else None, seguir=True, **campos,
    )  # fmt: skip
    assert respuesta.status_code == 200, texto(respuesta)
    return unescape(texto(respuesta))


def cuotas_de_caso(engine: Engine, caso: Caso) -> tuple[int, list[tuple[date, Decimal, Decimal]]]:
    """El id del convenio del caso y (vencimiento, monto, pagado) de cada cuota."""
    convenio, cuotas = cuotas_de(engine, caso.documento)
    return convenio.id or 0, [(c.vence_el, c.monto, c.pagado) for c in cuotas]


def _etapa(engine: Engine, caso: Caso) -> str:
    """La etapa del expediente del caso, leída de la base."""
    with escribir(engine) as s:
        return s.exec(select(Expediente.etapa).where(Expediente.numero == caso.numero)).one()


@pytest.mark.ocr
def test_un_convenio_se_registra_legaliza_cobra_vence_se_atiende_y_se_rehabilita(
    app: Flask, engine: Engine, caso: Caso
) -> None:
    """Del documento final a un convenio vigente con una cuota vencida y su alerta atendida; después
    cae en incumplimiento y el jefe lo rehabilita con motivo."""
    # La secretaria ve la sección pero no registra; el gestor elige el documento final.
    assert "form-registrar-convenio" not in _ficha(caso, SECRETARIA)
    html = _ficha(caso, GESTOR)
    assert "Este expediente no tiene convenio registrado." in html
    assert f'<option value="{caso.documento}">' in html
    html = _post(caso, GESTOR, f"/expedientes/{caso.numero}/convenios", documento=caso.documento)
    assert f"Convenio {caso.documento} registrado en borrador" in html
    convenio = seccion(html, "convenio")
    assert "Borrador" in convenio and 'id="form-legalizar"' in convenio
    assert [e for _, e in _filas_de_cuotas(convenio)][-1] == "Por vencer"

    # Legalizar: sin escaneo ni fecha, y con fecha futura, se rechaza con lo que falta.
    html = _legalizar(caso, engine, con_escaneo="no", firmado_el="")
    assert f"El convenio {caso.documento} no se legalizó." in html
    assert "Elija el archivo escaneado (PDF, PNG, JPEG o TIFF)." in html
    assert "Indique la fecha de firma." in html
    manana = (hoy() + timedelta(days=1)).isoformat()
    html = _legalizar(caso, engine, firmado_el=manana)
    assert "no puede ser futura" in html and "Borrador" in seccion(html, "convenio")
    firma = caso.redactado + timedelta(days=2)
    html = _legalizar(caso, engine, firmado_el=firma.isoformat())
    assert f"Convenio {caso.documento} legalizado" in html
    assert "Legalizado" in seccion(html, "convenio")
    with escribir(engine) as s:
        expediente = obtener_expediente(session=s, numero=caso.numero)
        firmados = [d for d in documentos_de(session=s, expediente_id=expediente.id) if d.tipo == "convenio_firmado"]  # fmt: skip
        assert expediente.etapa == Etapa.EN_CONVENIO
    assert [d.fecha for d in firmados] == [firma]

    # El jefe importa los pagos: un archivo con problemas no importa nada.
    ident, cuotas = cuotas_de_caso(engine, caso)
    (c1, m1, _), (c2, m2, _) = cuotas[0], cuotas[1]
    malo = csv_pagos([[NUMERO_PEREZ, manana, "10.00", "X-1"], ["999999999", firma.isoformat(), "1,5", "X-2"]])  # fmt: skip
    respuesta = subir(caso.clientes[JEFE], "/pagos/importar", caso.tokens[JEFE], ("archivo", malo, "pagos.csv"))  # fmt: skip
    html = unescape(texto(respuesta))
    assert respuesta.status_code == 422 and "no se importó nada" in html
    assert "línea 2: la fecha" in html and "línea 3: el número patronal 999999999" in html
    parcial = (m2 / 2).quantize(Decimal("0.01"))
    bueno = csv_pagos(
        [
            [NUMERO_PEREZ, firma.isoformat(), "500.00", "PRIMA & <1>"],
            [NUMERO_PEREZ, c1.isoformat(), f"{m1}", "CUOTA-1"],
            [NUMERO_PEREZ, c2.isoformat(), f"{parcial}", "CUOTA-2-PARCIAL"],
        ]
    )
    respuesta = subir(caso.clientes[JEFE], "/pagos/importar", caso.tokens[JEFE], ("archivo", bueno, "pagos.csv"))  # fmt: skip
    html = unescape(texto(respuesta))
    assert respuesta.status_code == 200, html
    assert "3 pagos nuevos" in html and f"Convenios ahora vigentes (prima pagada): {caso.documento}" in html  # fmt: skip
    with escribir(engine) as s:
        assert len(s.exec(select(Pago)).all()) == 3

    # La ficha lee cada cuota a hoy: pagada, vencida con pago parcial (pasó la tolerancia) y por vencer.
    html = _ficha(caso, GESTOR)
    convenio = seccion(html, "convenio")
    estados = dict(_filas_de_cuotas(convenio))
    assert estados["1"] == f"Pagada el {c1:%d/%m/%Y}"
    assert estados["2"] == "Vencida (pago parcial)"
    assert "Vigente" in convenio and "1 cuota vencida" in convenio
    pagado = Decimal("500.00") + m1 + parcial
    assert f"${pagado:,.2f}" in convenio
    # Las listas: el convenio vigente, y los pagos con su total.
    lista = unescape(texto(caso.clientes[GESTOR].get("/convenios/?estado=vigente")))
    assert 'data-cantidad="1"' in lista and caso.documento in lista
    assert RAZON_HOSTIL not in texto(caso.clientes[GESTOR].get("/convenios/"))
    pagos = texto(caso.clientes[GESTOR].get("/pagos/"))
    assert 'data-cantidad="3"' in pagos and f'data-monto="{pagado}"' in pagos
    assert "PRIMA &amp; &lt;1&gt;" in pagos and RAZON_ESCAPADA in pagos

    # La revisión diaria: alerta y requerimiento de la cuota 2, una sola vez.
    settings = app.config["RECUPERA"]
    with escribir(engine) as s:
        resultado = revisar_cuotas(
            session=s, p=componer(settings).documentos, hoy=hoy(), tolerancia_dias=TOLERANCIA
        )
    ((_, cuotas, requerimiento),) = resultado.borradores
    assert cuotas == [2] and resultado.incumplidos == []
    convenio = seccion(_ficha(caso, GESTOR), "convenio")
    assert requerimiento in convenio and "Alertas pendientes (1)" in convenio
    inicio = unescape(texto(caso.clientes[GESTOR].get("/")))
    alertas = seccion(inicio, "alertas")
    assert caso.numero in alertas and f"La cuota 2 del convenio {caso.documento}" in alertas
    assert f"Requerimiento de pago en borrador: {requerimiento}." in alertas
    assert caso.numero in seccion(unescape(texto(caso.clientes[JEFE].get("/"))), "alertas")

    # El gestor la atiende desde su inicio: desaparece y queda quién y cuándo.
    with escribir(engine) as s:
        alerta = s.exec(select(Alerta)).one()
    html = _post(caso, GESTOR, f"/alertas/{alerta.id}/atendida")
    assert f"Alerta de {caso.numero} atendida." in html and 'id="alertas"' not in html
    html = _post(caso, GESTOR, f"/alertas/{alerta.id}/atendida")
    assert "Esa alerta ya se atendió" in html
    with escribir(engine) as s:
        atendida = s.get(Alerta, alerta.id)
        assert atendida is not None
        assert (atendida.atendida_el, atendida.atendida_por_id) == (hoy(), caso.usuarios[GESTOR].id)

    # Semanas después caen dos cuotas más: incumplido; el jefe lo rehabilita, con motivo.
    with escribir(engine) as s:
        resultado = revisar_cuotas(session=s, p=componer(settings).documentos, hoy=hoy() + timedelta(days=45), tolerancia_dias=TOLERANCIA)  # fmt: skip
    assert resultado.incumplidos == [caso.documento]
    convenio = seccion(_ficha(caso, JEFE), "convenio")
    assert "Incumplido" in convenio and 'id="form-rehabilitar"' in convenio
    assert "Proponer el traslado a la Unidad Jurídica." in convenio
    lista = texto(caso.clientes[JEFE].get("/convenios/?estado=incumplido"))
    assert 'data-cantidad="1"' in lista
    assert _etapa(engine, caso) == Etapa.EN_GESTION  # el expediente vuelve a gestión
    rechazo = caso.clientes[GESTOR].post(
        f"/convenios/{ident}/rehabilitacion",
        data={"csrf_token": caso.tokens[GESTOR], "motivo": "Pagó"},
    )
    assert rechazo.status_code == 403  # rehabilitar lo decide el jefe, no el gestor
    assert _etapa(engine, caso) == Etapa.EN_GESTION
    html = _post(caso, JEFE, f"/convenios/{ident}/rehabilitacion", motivo="  ")
    assert "requiere un motivo" in html
    motivo = 'El patrono se puso al día "en caja" & pidió seguir <acta 12>'
    html = _post(caso, JEFE, f"/convenios/{ident}/rehabilitacion", motivo=motivo)
    assert f"Convenio {caso.documento} rehabilitado" in html
    assert "Vigente" in seccion(html, "convenio")
    assert _etapa(engine, caso) == Etapa.EN_CONVENIO
    with escribir(engine) as s:
        motivos = s.exec(select(Auditoria.motivo).where(Auditoria.entidad == "convenio")).all()
    assert motivo in motivos
    assert not any('action="/convenios/' in f for f in formularios(_ficha(caso, SECRETARIA)))


def test_otro_gestor_no_ve_los_convenios_ni_los_pagos_ajenos_ni_atiende_sus_alertas(
    app: Flask, engine: Engine, caso: Caso
) -> None:
    """Las listas de un gestor se limitan a sus expedientes; la alerta ajena es 403."""
    _post(caso, GESTOR, f"/expedientes/{caso.numero}/convenios", documento=caso.documento)
    with escribir(engine) as s:
        crear_usuario(
            session=s, nombre_usuario="otro.gestor", nombre_completo="Óscar Mauricio Cañas",
            rol="gestor", contrasena=CONTRASENA,
        )  # fmt: skip
        convenio = s.exec(select(Convenio).where(Convenio.documento_numero == caso.documento)).one()
        alerta, _ = alertar(
            s, convenio=convenio, tipo=TipoAlerta.CUOTA_VENCIDA, cuota=1, hoy=hoy(),
            mensaje="La cuota 1 está vencida.",
        )  # fmt: skip
        s.flush()
        ident = alerta.id
    with escribir(engine) as s:
        importar_pagos(session=s, contenido=csv_pagos([[NUMERO_PEREZ, hoy().isoformat(), "10.00", "P-1"]]))  # fmt: skip
    otro = app.test_client()
    assert entrar(otro, "otro.gestor").status_code == 302
    assert 'data-cantidad="0"' in texto(otro.get("/convenios/"))
    assert 'data-cantidad="0"' in texto(otro.get("/pagos/"))
    assert 'data-cantidad="1"' in texto(caso.clientes[GESTOR].get("/pagos/"))
    token = csrf(otro, "/cuenta")
    assert otro.post(f"/alertas/{ident}/atendida", data={"csrf_token": token}).status_code == 403
    assert 'id="alertas"' not in texto(otro.get("/"))
