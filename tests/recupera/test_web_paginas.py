"""Las páginas: inicio de cada rol, búsqueda de patronos, escape de HTML, ficha del expediente,
apertura, transiciones rechazadas, administración de usuarios y bitácora."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

from flask import Flask
from sqlalchemy import Engine
from sqlmodel import select

from expedientes import (
    Auditoria,
    Etapa,
    Expediente,
    Rol,
    Usuario,
    cambiar_etapa,
    hoy,
    importar_mora,
    obtener_expediente,
)
from tests.expedientes.datos import NANDU, NIT_NANDU, csv_texto
from tests.recupera.conftest import (
    NUMERO_PEREZ,
    PERSONAS,
    CrearUsuarios,
    abrir,
    cliente_de,
    csrf,
    escribir,
    registrar,
    texto,
)

NUMERO_NANDU = "320099001"
MESES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip
HOSTIL = 'Pérez & Cía <script>alert(1)</script> "{{ 7*7 }}"'
HOSTIL_ESCAPADO = "Pérez &amp; Cía &lt;script&gt;alert(1)&lt;/script&gt; &#34;{{ 7*7 }}&#34;"


def _h1(html: str) -> str:
    """El contenido del primer <h1>."""
    encontrado = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert encontrado, html
    return encontrado.group(1).strip()


def _seccion(html: str, titulo: str) -> str:
    """El HTML de la tarjeta cuyo <h2> empieza con `titulo` (hasta la siguiente tarjeta)."""
    inicio = html.index(f"<h2>{titulo}")
    fin = html.find("<section", inicio)
    return html[inicio : fin if fin != -1 else len(html)]


def test_cada_rol_ve_en_el_inicio_su_titulo_y_sus_datos(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Gestor: lo suyo; secretaria: lo que no tiene gestor; jefe: la carga; archivo: lo cerrado."""
    usuarios = crear_usuarios()
    registrar(engine)
    asignado = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR])
    libre = abrir(engine, NUMERO_PEREZ)
    cerrado = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR])
    with escribir(engine) as s:
        expediente = obtener_expediente(session=s, numero=cerrado.numero)
        for etapa in (Etapa.EN_GESTION, Etapa.CERRADO):
            cambiar_etapa(session=s, expediente=expediente, nueva=etapa, hoy=hoy())

    paginas = {rol: texto(cliente_de(app, rol).get("/")) for rol in Rol}

    gestor = paginas[Rol.GESTOR]
    assert _h1(gestor) == "Mis expedientes"
    mios = _seccion(gestor, "Expedientes activos asignados a usted")
    assert "(1)" in mios and asignado.numero in mios
    assert libre.numero not in gestor and cerrado.numero not in gestor

    secretaria = paginas[Rol.SECRETARIA]
    assert _h1(secretaria) == "Pendientes de la secretaría"
    sin_gestor = _seccion(secretaria, "Expedientes sin gestor asignado")
    assert "(1)" in sin_gestor and libre.numero in sin_gestor
    assert asignado.numero not in sin_gestor

    jefe = paginas[Rol.JEFE]
    assert _h1(jefe) == "Lo de hoy en el departamento"
    carga = _seccion(jefe, "Carga de trabajo")
    fila = re.search(
        r"<tr><td><a [^>]*>Carlos Alberto Mejía Peña</a></td>\s*<td[^>]*>(\d+)</td>", carga
    )
    assert fila and fila.group(1) == "1"  # solo el activo: el cerrado no cuenta
    assert libre.numero in _seccion(jefe, "Expedientes sin gestor asignado")

    archivo = paginas[Rol.ARCHIVO]
    assert _h1(archivo) == "Archivo"
    cerrados = _seccion(archivo, "Expedientes cerrados, pendientes de archivo")
    assert "(1)" in cerrados and cerrado.numero in cerrados

    admin = paginas[Rol.ADMIN]
    assert _h1(admin) == "Administración"
    assert "Usuarios (5)" in admin
    for _, completo in PERSONAS.values():
        assert completo in admin


def test_la_busqueda_de_patronos_encuentra_por_numero_nit_y_razon_social(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Número patronal, NIT con o sin guiones y espacios, y nombre sin tildes ni mayúsculas."""
    crear_usuarios(Rol.SECRETARIA)
    registrar(engine, razon_social="Pérez & Cía <S.A.>")
    registrar(engine, numero_patronal=NUMERO_NANDU, nit=NIT_NANDU, razon_social=NANDU)
    cliente = cliente_de(app, Rol.SECRETARIA)
    busquedas = {
        NUMERO_PEREZ: NUMERO_PEREZ,
        "0614-010190-102-3": NUMERO_PEREZ,
        "06140101901023": NUMERO_PEREZ,
        "0614 010190 102 3": NUMERO_PEREZ,
        "perez & cia": NUMERO_PEREZ,
        "PÉREZ": NUMERO_PEREZ,
        "distribuidora nandu": NUMERO_NANDU,
        "0511-150385-001-8": NUMERO_NANDU,
    }
    for consulta, esperado in busquedas.items():
        html = texto(cliente.get("/patronos/", query_string={"q": consulta}))
        encontrados = set(re.findall(r'href="/patronos/(\d+)"', html))
        assert encontrados == {esperado}, consulta
    html = texto(cliente.get("/patronos/", query_string={"q": "Cuscatlán"}))
    assert "Ningún patrono coincide con «Cuscatlán»." in html
    assert "Pérez &amp; Cía &lt;S.A.&gt;" in texto(cliente.get("/patronos/"))


def test_los_nombres_hostiles_se_muestran_escapados_y_sin_evaluar(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """`<script>` sale como texto y `{{ 7*7 }}` literal (nunca 49) en ficha, lista y expediente."""
    usuarios = crear_usuarios(Rol.JEFE)
    registrar(engine, razon_social=HOSTIL)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.JEFE])
    cliente = cliente_de(app, Rol.JEFE)

    ficha = texto(cliente.get(f"/patronos/{NUMERO_PEREZ}"))
    assert _h1(ficha) == HOSTIL_ESCAPADO
    assert f"<title>{HOSTIL_ESCAPADO} · Recupera</title>" in ficha
    lista = texto(cliente.get("/patronos/", query_string={"q": "perez"}))
    assert HOSTIL_ESCAPADO in lista
    expedientes = texto(cliente.get("/expedientes/"))
    assert HOSTIL_ESCAPADO in expedientes
    detalle = texto(cliente.get(f"/expedientes/{expediente.numero}"))
    assert f">{HOSTIL_ESCAPADO}</a>" in detalle
    for html in (ficha, lista, expedientes, detalle):
        assert "<script" not in html
        assert "{{ 7*7 }}" in html
        assert "&#34;49&#34;" not in html and '"49"' not in html


def test_la_ficha_del_expediente_muestra_la_deuda_y_la_linea_de_tiempo(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Tabla de mora con totales que suman, y en la línea de tiempo apertura, etapa y gestión."""
    usuarios = crear_usuarios(Rol.GESTOR)
    registrar(engine)
    mora = csv_texto(
        [
            ["numero_patronal", "periodo", "cuota", "multa", "fecha_limite_pago"],
            [NUMERO_PEREZ, "01/2025", "1250.00", "125.00", "2025-02-10"],
            [NUMERO_PEREZ, "02/2025", "1250.00", "0.00", "2025-03-10"],
        ]
    )
    with escribir(engine) as s:
        importar_mora(session=s, contenido=mora.encode("utf-8"))
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR])
    url = f"/expedientes/{expediente.numero}"
    cliente = cliente_de(app, Rol.GESTOR)
    token = csrf(cliente, url)
    nota = "Se llamó a María José Castaneda; ofrece propuesta de pago en 6 cuotas."
    cliente.post(
        f"{url}/gestiones",
        data={"tipo": "llamada", "fecha": hoy().isoformat(), "nota": nota, "csrf_token": token},
    )
    motivo = "Solicita exoneración de multas y recargos al Consejo Directivo."
    cliente.post(
        f"{url}/etapa", data={"etapa": Etapa.EN_CONSEJO, "motivo": motivo, "csrf_token": token}
    )
    html = texto(cliente.get(url))

    deuda = _seccion(html, "Mora al")
    assert "01/2025" in deuda and "02/2025" in deuda
    pie = re.search(r"<tfoot>(.*?)</tfoot>", deuda, re.S)
    assert pie
    assert "Totales (2 períodos)" in pie.group(1)
    cuotas, recargos, multas, total = (
        Decimal(m.replace(",", "")) for m in re.findall(r"\$([\d,]+\.\d\d)", pie.group(1))
    )
    assert (cuotas, multas) == (Decimal("2500.00"), Decimal("125.00"))
    assert recargos > 0  # períodos de 2025, vencidos a la fecha de hoy
    assert total == cuotas + recargos + multas

    linea = unescape(_seccion(html, "Línea de tiempo"))
    assert "Expediente abierto" in linea
    assert "Etapa: Abierto → En gestión de cobro" in linea  # la gestión la saca de «Abierto»
    assert "Etapa: En gestión de cobro → En Consejo Directivo" in linea
    assert motivo in linea
    assert f"Llamada telefónica del {hoy():%d/%m/%Y}" in linea and nota in linea
    assert "Carlos Alberto Mejía Peña" in linea
    assert linea.index("En Consejo Directivo") < linea.index(
        "Expediente abierto"
    )  # reciente arriba


def test_abrir_un_expediente_por_el_formulario_lleva_a_su_ficha_con_el_numero_nuevo(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """El primer expediente del año es EXP-<año>-00001 y la respuesta lleva a su página."""
    usuarios = crear_usuarios(Rol.SECRETARIA, Rol.GESTOR)
    registrar(engine)
    cliente = cliente_de(app, Rol.SECRETARIA)
    formulario = texto(cliente.get("/expedientes/nuevo", query_string={"patrono": NUMERO_PEREZ}))
    assert f'value="{NUMERO_PEREZ}"' in formulario
    numero = f"EXP-{hoy().year}-00001"
    respuesta = cliente.post(
        "/expedientes/nuevo",
        data={
            "numero_patronal": NUMERO_PEREZ,
            "tipo": "cobro",
            "asunto": "Mora de cotizaciones 01/2025 a 06/2026",
            "gestor": str(usuarios[Rol.GESTOR].id),
            "csrf_token": csrf(cliente, "/expedientes/nuevo"),
        },
    )
    assert respuesta.status_code == 302
    assert respuesta.headers["Location"] == f"/expedientes/{numero}"
    html = texto(cliente.get(respuesta.headers["Location"]))
    assert numero in _h1(html)
    assert "Expediente abierto." in html
    assert "<dt>Gestor</dt><dd>Carlos Alberto Mejía Peña</dd>" in html
    dia = hoy()
    assert f"<dt>Abierto</dt><dd>{dia.day} de {MESES[dia.month - 1]} de {dia.year}</dd>" in html
    with engine.connect() as c:
        guardado = c.execute(select(Expediente.numero, Expediente.gestor_id)).one()
    assert tuple(guardado) == (numero, usuarios[Rol.GESTOR].id)


def test_una_transicion_rechazada_muestra_el_error_y_no_cambia_nada(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Abierto → Cerrado no existe: la ficha explica las etapas posibles y el expediente sigue igual."""
    usuarios = crear_usuarios(Rol.GESTOR)
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.GESTOR])
    url = f"/expedientes/{expediente.numero}"
    cliente = cliente_de(app, Rol.GESTOR)
    respuesta = cliente.post(
        f"{url}/etapa",
        data={"etapa": Etapa.CERRADO, "motivo": "", "csrf_token": csrf(cliente, url)},
    )
    assert respuesta.status_code == 302
    html = texto(cliente.get(respuesta.headers["Location"]))
    assert (
        "Un expediente en etapa «Abierto» no puede pasar a «Cerrado». "
        "Etapas posibles: En gestión de cobro, Anulado."
    ) in html
    assert 'role="alert"' in html
    with engine.connect() as c:
        assert c.execute(select(Expediente.etapa)).scalar_one() == Etapa.ABIERTO
        cambios = c.execute(
            select(Auditoria.id).where(
                Auditoria.entidad == "expediente", Auditoria.accion == "modificar"
            )
        ).all()
    assert cambios == []


def test_el_admin_crea_un_usuario_solo_si_la_confirmacion_coincide(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Con confirmación distinta se avisa y no se crea; con la misma, el usuario queda en la lista."""
    crear_usuarios(Rol.ADMIN)
    cliente = cliente_de(app, Rol.ADMIN)
    datos = {
        "nombre_usuario": "ana.hernandez",
        "nombre_completo": "Ana Gabriela Hernández Muñoz",
        "rol": "gestor",
        "correo": "ana.hernandez@isss.gob.sv",
        "sucursal": "Santa Ana",
        "contrasena": "Santa-Ana-2026-segura",
    }
    token = csrf(cliente, "/usuarios/")
    distinta = cliente.post(
        "/usuarios/", data={**datos, "confirmacion": "Otra-cosa-2026", "csrf_token": token}
    )
    assert distinta.status_code == 200
    assert "La confirmación no coincide con la contraseña." in texto(distinta)
    assert 'value="ana.hernandez"' in texto(distinta)  # el formulario conserva lo escrito

    def existe() -> bool:
        with escribir(engine) as s:
            return (
                s.exec(select(Usuario).where(Usuario.nombre_usuario == "ana.hernandez")).first()
                is not None
            )

    assert not existe()
    creada = cliente.post(
        "/usuarios/", data={**datos, "confirmacion": datos["contrasena"], "csrf_token": token}
    )
    assert creada.status_code == 302
    lista = texto(cliente.get(creada.headers["Location"]))
    assert "Usuario «ana.hernandez» creado." in lista
    assert "<td>Ana Gabriela Hernández Muñoz</td>" in lista
    assert existe()


def test_no_se_puede_desactivar_al_ultimo_administrador(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """El único admin no puede desactivarse: se explica y sigue activo (y con su sesión)."""
    admin = crear_usuarios(Rol.ADMIN)[Rol.ADMIN]
    cliente = cliente_de(app, Rol.ADMIN)
    url = f"/usuarios/{admin.nombre_usuario}"
    respuesta = cliente.post(
        url,
        data={
            "accion": "datos",
            "nombre_completo": admin.nombre_completo,
            "rol": "admin",
            "sucursal": "",
            "activo": "no",
            "csrf_token": csrf(cliente, url),
        },
    )
    assert respuesta.status_code == 302
    html = texto(cliente.get(respuesta.headers["Location"]))
    assert "No se puede quitar el último administrador activo." in html
    with escribir(engine) as s:
        assert s.get(Usuario, admin.id).activo  # type: ignore[union-attr]
    assert cliente.get("/usuarios/").status_code == 200


def test_la_bitacora_muestra_quien_cambio_que_con_el_antes_y_el_despues(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """El jefe ve el cambio de etapa con su motivo, su autor y las etapas por su nombre
    («Abierto → En gestión de cobro», no sus códigos), en la página y en el CSV."""
    usuarios = crear_usuarios(Rol.JEFE)
    registrar(engine)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[Rol.JEFE])
    url = f"/expedientes/{expediente.numero}"
    cliente = cliente_de(app, Rol.JEFE)
    motivo = "El patrono pidió plazo para presentar planillas."
    cliente.post(
        f"{url}/etapa",
        data={"etapa": Etapa.EN_GESTION, "motivo": motivo, "csrf_token": csrf(cliente, url)},
    )
    html = unescape(texto(cliente.get("/bitacora")))
    assert "<h1>Bitácora de auditoría</h1>" in html
    renglones = re.findall(r"<tr\b.*?</tr>", html, re.S)
    cambio = [r for r in renglones if '<span class="campo">Etapa</span>' in r and "→" in r]
    assert len(cambio) == 1
    assert f"Expediente {expediente.numero}" in cambio[0]  # la entidad como la lee una persona
    assert f"<td>{PERSONAS[Rol.JEFE][1]}</td>" in cambio[0]  # la persona por su nombre
    assert f"Motivo: {motivo}" in cambio[0]
    assert '<span class="campo">Etapa</span>: Abierto → En gestión de cobro' in cambio[0]
    assert f"Patrono {NUMERO_PEREZ}" in html
    # Lo creado muestra sus valores, con el nombre de cada campo y la persona en vez de su id.
    creado = [r for r in renglones if f"Alta: Expediente {expediente.numero}" in r]
    assert creado and f'<span class="campo">Gestor</span>: {PERSONAS[Rol.JEFE][1]}' in creado[0]
    solo_expedientes = texto(cliente.get("/bitacora", query_string={"entidad": "expediente"}))
    assert f"Patrono {NUMERO_PEREZ}" not in solo_expedientes
    assert '<span class="campo">Etapa</span>' in solo_expedientes
    # Filtros por persona, acción y días, y la misma consulta en CSV.
    usuario_id = str(usuarios[Rol.JEFE].id)
    filtrado = texto(
        cliente.get("/bitacora", query_string={"persona": usuario_id, "accion": "modificar"})
    )
    assert 'data-cantidad="1"' in filtrado
    assert 'data-cantidad="0"' in texto(
        cliente.get("/bitacora", query_string={"desde": "2099-01-01"})
    )
    exportado = cliente.get(
        "/bitacora.csv", query_string={"persona": usuario_id, "accion": "modificar"}
    )
    assert exportado.headers["Content-Type"] == "text/csv; charset=utf-8"
    lineas = exportado.data.decode("utf-8-sig").splitlines()
    assert lineas[0] == "Cuándo,Quién,Acción,Qué,Motivo,Cambios" and len(lineas) == 2
    assert "Etapa: Abierto → En gestión de cobro" in lineas[1] and motivo in lineas[1]
    assert (
        cliente.get("/bitacora.xlsx").headers["Content-Type"].startswith("application/vnd.openxml")
    )
