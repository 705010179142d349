"""La transacción ante el Consejo Directivo y el traslado a la Unidad Jurídica desde la ficha del
expediente, un formulario por paso, con documentos finales reales (LibreOffice) y cartas
registradas y vinculadas de verdad."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine

from expedientes import (
    Etapa,
    Rol,
    Usuario,
    cambiar_etapa,
    hoy,
    obtener_expediente,
    registrar_gestion,
)
from tests.archivo.casos import pdf_de
from tests.expedientes.datos import DUI_MARIA
from tests.recupera.archivo import archivable, sellar
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
from tests.recupera.documentos import cargar_mora, dar_correos, documento_final
from tests.recupera.seguimiento import (
    carta_vinculada,
    ficha,
    formularios,
    seccion,
    subir,
)

SECRETARIA, GESTOR, JEFE = Rol.SECRETARIA, Rol.GESTOR, Rol.JEFE
OTORGA = 'Exonerar a "Pérez & Cía" <S.A.> $1,234.56 de multas & recargos {{ periodos }}.'
DETALLE = 'Demanda ejecutiva contra "Pérez & Cía <S.A.>" {{ juzgado }} — Juzgado 3.º'


@dataclass
class Caso:
    """Un expediente en gestión del gestor, con las personas ya dentro."""

    numero: str
    clientes: dict[Rol, FlaskClient]
    tokens: dict[Rol, str]
    usuarios: dict[Rol, Usuario]


def _caso(app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, tipo: str) -> Caso:
    usuarios = crear_usuarios(SECRETARIA, GESTOR, JEFE)
    registrar(engine, dui_representante=DUI_MARIA)
    dar_correos(engine)
    cargar_mora(engine)
    expediente = abrir(engine, NUMERO_PEREZ, gestor=usuarios[GESTOR], tipo=tipo)
    with escribir(engine) as s:
        exp = obtener_expediente(session=s, numero=expediente.numero)
        cambiar_etapa(session=s, expediente=exp, nueva=Etapa.EN_GESTION, hoy=hoy() - timedelta(days=30))  # fmt: skip
        registrar_gestion(
            session=s, expediente=exp, tipo="llamada", fecha=hoy(),
            nota='Se llamó a la contadora: "pagarán & pronto" <sic>',
            autor=s.get(Usuario, usuarios[GESTOR].id), hoy=hoy(),
        )  # fmt: skip
    clientes = {rol: cliente_de(app, rol) for rol in (SECRETARIA, GESTOR, JEFE)}
    return Caso(
        expediente.numero, clientes, {r: csrf(c, "/cuenta") for r, c in clientes.items()}, usuarios
    )


def _ficha(caso: Caso, rol: Rol = GESTOR) -> str:
    return ficha(caso.clientes[rol], caso.numero)


def _paso(caso: Caso, paso: str, rol: Rol = GESTOR, **campos: str) -> str:
    respuesta = caso.clientes[rol].post(
        f"/expedientes/{caso.numero}/transaccion/{paso}",
        data={"csrf_token": caso.tokens[rol], **campos},
        follow_redirects=True,
    )
    assert respuesta.status_code == 200, texto(respuesta)
    return unescape(texto(respuesta))


def _hechos(seccion: str) -> list[str]:
    return re.findall(r'<li class="paso hecho paso-([a-z_]+)">', seccion)


def _dia(dias: int) -> str:
    return (hoy() - timedelta(days=dias)).isoformat()


@pytest.mark.libreoffice
def test_la_transaccion_va_de_la_solicitud_al_descargo_paso_a_paso_por_sus_formularios(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Cada paso con su formulario; lo que falta, dicho antes de cada uno; el Acuerdo con lo que
    otorga (escapado) y su carta incorporada; el descargo exige la constancia de aplicación."""
    caso = _caso(app, engine, crear_usuarios, "transaccion")
    datos = app.config["RECUPERA"].data_dir
    with escribir(engine) as s:
        expediente = obtener_expediente(session=s, numero=caso.numero)
    solicitud = carta_vinculada(
        engine, datos, expediente, "Solicitud de exoneración de multas & recargos",
        hoy() - timedelta(days=20), "solicitud_patrono", ("Pérez & Cía", "gerencia@perez.com.sv"),
    )  # fmt: skip
    html = seccion(_ficha(caso), "transaccion")
    assert _hechos(html) == [] and "Falta registrar la solicitud del patrono" in html
    assert 'id="form-paso-solicitada"' in html and f'<option value="{solicitud}">' in html
    assert "form-paso" not in seccion(_ficha(caso, SECRETARIA), "transaccion")

    html = seccion(_paso(caso, "solicitada", carta=solicitud), "transaccion")
    assert _hechos(html) == ["solicitada"] and PERSONAS[GESTOR][1] in html
    assert f"Falta el Anteproyecto de Acuerdo que cite la solicitud {solicitud}." in html
    assert "No hay Anteproyectos de Acuerdo finales" in html
    redactado = hoy() - timedelta(days=15)
    anteproyecto = documento_final(
        engine, app.config["RECUPERA"], expediente, caso.usuarios[GESTOR], caso.usuarios[JEFE],
        "anteproyecto_acuerdo",
        {"corte": redactado.isoformat(), "solicitud": solicitud,
         "pagado_o_convenido": "El patrono pagó las cuotas de 2026.",
         "recomendacion": "Se recomienda exonerar las multas y los recargos.",
         "condiciones": "Mantener al día las cotizaciones."},
        redactado,
    )  # fmt: skip
    html = seccion(_paso(caso, "anteproyecto", documento=anteproyecto.numero), "transaccion")
    assert _hechos(html) == ["solicitada", "anteproyecto"]

    html = seccion(_paso(caso, "en_consejo", fecha=_dia(10)), "transaccion")
    assert _hechos(html)[-1] == "en_consejo"
    assert 'id="form-paso-acordada"' in html and 'id="form-paso-denegada"' in html
    with escribir(engine) as s:
        assert obtener_expediente(session=s, numero=caso.numero).etapa == Etapa.EN_CONSEJO

    consejo = carta_vinculada(engine, datos, expediente, "Acuerdo de Consejo Directivo", hoy() - timedelta(days=3))  # fmt: skip
    html = _paso(caso, "acordada", fecha=_dia(5), numero="", sesion="", acta="", otorga="", carta=consejo)  # fmt: skip
    assert "No se pudo registrar el Acuerdo del Consejo Directivo." in html
    assert "Indique el número del Acuerdo." in html and "Indique lo que otorga el Acuerdo." in html
    html = _paso(
        caso, "acordada", fecha=_dia(5), numero="2026-1234.NOV.", sesion="Sesión Ordinaria N.º 48",
        acta="Acta N.º 3742", otorga=OTORGA, carta=consejo,
    )  # fmt: skip
    assert "Acuerdo del Consejo Directivo registrado." in html
    crudo = texto(_ficha_cruda(caso))
    assert OTORGA not in crudo and "&lt;S.A.&gt;" in crudo
    html = _paso(caso, "aplicada", fecha=_dia(2), aplicado_por="Lic. Ana Martínez & Asociados", referencia="CP-2026/881")  # fmt: skip
    assert "Aplicación en la cuenta patronal confirmada." in html

    # Sin la constancia de aplicación en el expediente no hay descargo; con ella, sí.
    html = _paso(caso, "descargada", fecha=_dia(1))
    assert "Falta incorporar al expediente la constancia de aplicación en cuenta patronal." in html
    respuesta = subir(
        caso.clientes[JEFE], f"/archivo/{caso.numero}/documentos/nuevo", caso.tokens[JEFE],
        ("escaneo", pdf_de(1, "constancia"), "constancia.pdf"), tipo="constancia_aplicacion",
        fecha=_dia(1), titulo="Constancia de aplicación", sin_ocr="1",
    )  # fmt: skip
    assert respuesta.status_code == 302, texto(respuesta)
    html = seccion(_paso(caso, "descargada", fecha=_dia(1)), "transaccion")
    assert _hechos(html) == ["solicitada", "anteproyecto", "en_consejo", "acordada", "aplicada", "descargada"]  # fmt: skip
    assert "Descargada" in html and "form-paso" not in html
    assert not any("/transaccion/" in f for f in formularios(_ficha(caso)))


def _ficha_cruda(caso: Caso) -> object:
    return caso.clientes[GESTOR].get(f"/expedientes/{caso.numero}")


def test_un_paso_que_no_toca_o_que_no_existe_se_explica_o_no_se_encuentra(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Enviar al Consejo sin solicitud dice lo que falta; un paso inventado es 404; un expediente
    de cobro no tiene sección de transacción."""
    caso = _caso(app, engine, crear_usuarios, "transaccion")
    html = _paso(caso, "en_consejo", fecha=_dia(1))
    assert "La transacción no tiene solicitud registrada" in html
    respuesta = caso.clientes[GESTOR].post(
        f"/expedientes/{caso.numero}/transaccion/inventado",
        data={"csrf_token": caso.tokens[GESTOR]},
    )
    assert respuesta.status_code == 404


@pytest.mark.libreoffice
@pytest.mark.parametrize("rol", [GESTOR, JEFE])
def test_el_expediente_se_traslada_a_juridica_y_se_anota_lo_que_informa(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios, rol: Rol
) -> None:
    """Sin memorándum final se dice qué falta; con él, se traslada; después, cada informe con su
    carta vinculada (una sola vez) y el detalle escapado."""
    caso = _caso(app, engine, crear_usuarios, "cobro")
    html = seccion(_ficha(caso, rol), "juridica")
    assert "El expediente no se ha trasladado a la Unidad Jurídica." in html
    assert "Genere el memorándum de traslado y llévelo a final con el jefe." in html
    assert 'id="form-trasladar"' not in html
    with escribir(engine) as s:
        expediente = obtener_expediente(session=s, numero=caso.numero)
    redactado = hoy() - timedelta(days=10)
    memo = documento_final(
        engine, app.config["RECUPERA"], expediente, caso.usuarios[GESTOR], caso.usuarios[JEFE],
        "traslado_juridica", {"corte": redactado.isoformat(), "anexos": "Estado de cuenta & avisos <2>"},
        redactado,
    )  # fmt: skip
    html = seccion(_ficha(caso, rol), "juridica")
    assert 'id="form-trasladar"' in html and memo.numero in html
    cliente, token = caso.clientes[rol], caso.tokens[rol]
    url = f"/expedientes/{caso.numero}/juridica"
    html = unescape(texto(cliente.post(f"{url}/traslado", data={"csrf_token": token, "fecha": ""}, follow_redirects=True)))  # fmt: skip
    assert "Indique la fecha del traslado." in html
    html = unescape(texto(cliente.post(f"{url}/traslado", data={"csrf_token": token, "fecha": _dia(8)}, follow_redirects=True)))  # fmt: skip
    assert f"El expediente {caso.numero} quedó trasladado a la Unidad Jurídica." in html
    parte = seccion(html, "juridica")
    assert "Trasladado a la Unidad Jurídica" in parte and memo.numero in parte
    assert 'id="form-informe-juridica"' in parte and "No hay cartas vinculadas" in parte
    with escribir(engine) as s:
        assert obtener_expediente(session=s, numero=caso.numero).etapa == Etapa.EN_JURIDICA

    carta = carta_vinculada(
        engine, app.config["RECUPERA"].data_dir, expediente, "Informe de la Unidad Jurídica",
        hoy() - timedelta(days=2), "unidad_juridica", ("Unidad Jurídica «ISSS»", "juridica@isss.gob.sv"),
    )  # fmt: skip
    informe = {"csrf_token": token, "estado": "demanda_presentada", "fecha": _dia(3), "detalle": DETALLE, "carta": carta}  # fmt: skip
    respuesta = cliente.post(f"{url}/informes", data=informe, follow_redirects=True)
    html = texto(respuesta)
    assert "Informe de la Unidad Jurídica registrado." in unescape(html)
    assert DETALLE not in html and "&lt;S.A.&gt;" in html
    parte = seccion(unescape(html), "juridica")
    assert "Demanda presentada" in parte and f'href="/correspondencia/{carta}"' in parte
    html = unescape(texto(cliente.post(f"{url}/informes", data=informe, follow_redirects=True)))
    assert f"La carta {carta} ya se registró como informe" in html
    assert date.fromisoformat(_dia(3)).strftime("%d/%m/%Y") in parte


def test_un_expediente_sellado_muestra_la_historia_sin_formularios_de_seguimiento(
    app: Flask, engine: Engine, crear_usuarios: CrearUsuarios
) -> None:
    """Archivado, el expediente ya no cambia: la sección queda, sin formularios ni «qué falta»."""
    usuarios = crear_usuarios(GESTOR, JEFE)
    datos = app.config["RECUPERA"].data_dir
    numero = archivable(engine, datos)
    sellar(engine, datos, numero, usuarios[JEFE])
    html = unescape(texto(cliente_de(app, JEFE).get(f"/expedientes/{numero}")))
    parte = seccion(html, "transaccion")
    assert "No se registró una transacción en este expediente." in parte
    assert "Qué falta" not in parte
    acciones = ("/transaccion/", "/juridica/", "/convenios", "/alertas/")
    assert not [f for f in formularios(html) if any(a in f for a in acciones)]
