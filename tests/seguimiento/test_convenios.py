"""Los convenios de pago: registrados desde el documento final firmado (sus cuotas, exactamente
las de la tabla de amortización), legalizados con el escaneo firmado, y su máquina de estados.

Los ayudantes de este módulo (un convenio final de verdad: borrador → revisión → aprobado por un
jefe → final con su PDF/A) los usan también las pruebas de pagos, de la revisión y de la consola.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from sqlmodel import Session, col, select

from archivo import cargar_requisitos, documentos_de, sellado, sin_ocr
from expedientes import (
    AccesoDenegado,
    ErrorDominio,
    Etapa,
    TransicionNoPermitida,
    cambiar_etapa,
    crear_usuario,
)
from plantillas import (
    DocumentoGenerado,
    Parametros,
    PlantillaVersion,
    aprobar_documento,
    contrato_de,
    crear_borrador,
    enviar_a_revision,
    finalizar_documento,
    leer_docx,
)
from seguimiento import (
    BLOQUEOS_DE_SELLADO,
    acciones_sobre_convenio,
    convenios_sin_terminar,
    legalizar_convenio,
    listar_convenios,
    registrar_convenio,
    rehabilitar_convenio,
)
from seguimiento.aplicacion_pagos import CERO
from seguimiento.convenios_estados import CICLO_CONVENIO, EstadoConvenio
from seguimiento.convenios_lectura import leer_convenio, leer_cuotas_para_incumplir
from seguimiento.modelos import AplicacionPago, Convenio, CuotaConvenio
from seguimiento.pagos import COLUMNAS_PAGOS, importar_pagos
from tests.archivo.casos import pdf_de
from tests.expedientes.datos import csv_texto, renglones_de
from tests.plantillas.conftest import Caso, crear_caso, p

__all__ = ["p"]  # la fixture de documentos (LibreOffice real) también aquí

E = EstadoConvenio
REQUISITOS = cargar_requisitos()
# El convenio se redacta el lunes 16/11/2026 y se firma el miércoles 18.
DOC_HOY = date(2026, 11, 16)
FIRMA = date(2026, 11, 18)
# Cuatro cuotas mensuales desde el 25/11/2026: la del 25 de diciembre (Navidad, viernes) se corre
# al lunes 28; las dos últimas caen en 2027.
VENCIMIENTOS = [date(2026, 11, 25), date(2026, 12, 28), date(2027, 1, 25), date(2027, 2, 25)]
ENTRADAS = {
    "corte": "2026-11-16", "prima": "1,500.00", "cuotas": "4", "primera_fecha": "2026-11-25",
    "periodicidad": "mensual", "cuotas_incumplidas": "2",
}  # fmt: skip
NUMERO_PATRONAL = "310145678"


def documento_final(
    session: Session, p: Parametros, caso: Caso, **cambios: Any
) -> DocumentoGenerado:
    """Un convenio_pago del gestor, aprobado por el jefe y final (con su PDF/A real)."""
    doc = crear_borrador(
        session=session, p=p, expediente=caso.expediente, plantilla="convenio_pago",
        datos={**ENTRADAS, **cambios}, autor=caso.gestor, hoy=DOC_HOY,
    )  # fmt: skip
    enviar_a_revision(
        session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.gestor
    )
    aprobar_documento(
        session=session, documento=doc, expediente=caso.expediente, usuario=caso.jefe,
        sha256=doc.docx_sha256,
    )  # fmt: skip
    finalizar_documento(
        session=session, p=p, documento=doc, expediente=caso.expediente, usuario=caso.otro_jefe,
        hoy=DOC_HOY,
    )  # fmt: skip
    return doc


def registrar(session: Session, p: Parametros, caso: Caso, doc: DocumentoGenerado) -> Convenio:
    """El convenio en borrador desde su documento final."""
    return registrar_convenio(
        session=session, almacen=p.almacen, documento=doc, usuario=caso.gestor,
        cuotas_para_incumplir_predeterminado=3,
    )  # fmt: skip


def legalizar(
    session: Session, p: Parametros, caso: Caso, convenio: Convenio, **cambios: Any
) -> Convenio:
    """Legaliza con un escaneo de dos páginas firmado el 18/11/2026."""
    datos: dict[str, Any] = {
        "firmado_el": FIRMA, "escaneo": pdf_de(2, "convenio firmado"),
        "nombre_archivo": 'convenio "firmado" & <sellado>.pdf', "ocr": sin_ocr(),
        "usuario": caso.gestor, "requisitos": REQUISITOS, "hoy": FIRMA, **cambios,
    }  # fmt: skip
    return legalizar_convenio(session=session, almacen=p.almacen, convenio=convenio, **datos)


@dataclass
class ConvenioDePrueba:
    """Un caso con su convenio registrado desde el documento final."""

    caso: Caso
    documento: DocumentoGenerado
    convenio: Convenio
    cuotas: list[CuotaConvenio]  # por número (los mismos objetos de la sesión)


def preparar(session: Session, p: Parametros, **cambios: Any) -> ConvenioDePrueba:
    """Caso de convenio (patrono de nombre hostil) con su convenio en borrador."""
    caso = crear_caso(session, p.almacen, tipo="convenio")
    doc = documento_final(session, p, caso, **cambios)
    convenio = registrar(session, p, caso, doc)
    cuotas = list(
        session.exec(
            select(CuotaConvenio)
            .where(CuotaConvenio.convenio_id == convenio.id)
            .order_by(col(CuotaConvenio.numero))
        ).all()
    )
    return ConvenioDePrueba(caso, doc, convenio, cuotas)


def vigente(session: Session, p: Parametros, **cambios: Any) -> ConvenioDePrueba:
    """Un convenio legalizado con la prima pagada (pago PRIMA-001 del día de la firma)."""
    prueba = preparar(session, p, **cambios)
    legalizar(session, p, prueba.caso, prueba.convenio)
    importar_pagos(
        session=session,
        contenido=csv_pagos([[NUMERO_PATRONAL, FIRMA.isoformat(), "1500.00", "PRIMA-001"]]),
        hoy=FIRMA,
    )
    assert prueba.convenio.estado == E.VIGENTE
    return prueba


def csv_pagos(filas: list[list[str]], separador: str = ",") -> bytes:
    """Un CSV de pagos con su encabezado."""
    return csv_texto([list(COLUMNAS_PAGOS), *filas], separador).encode("utf-8")


# --- registrar desde el documento ---------------------------------------------------------------


@pytest.mark.libreoffice
def test_el_convenio_se_registra_con_las_cuotas_de_la_tabla_firmada(
    session: Session, p: Parametros
) -> None:
    """GIVEN un convenio_pago final con prima y 4 cuotas WHEN se registra THEN queda en borrador
    con prima, financiado y total del documento, y las cuotas de su tabla de amortización (la de
    Navidad corrida al lunes 28, las dos últimas en 2027), que suman exactamente lo financiado."""
    prueba = preparar(session, p)
    c = prueba.convenio
    assert (c.estado, c.documento_numero, c.prima, c.prima_pagada) == (
        E.BORRADOR, prueba.documento.numero, Decimal("1500.00"), CERO,
    )  # fmt: skip
    assert c.prima + c.financiado == c.total and c.cuotas_para_incumplir == 2
    assert [q.vence_el for q in prueba.cuotas] == VENCIMIENTOS
    assert [q.numero for q in prueba.cuotas] == [1, 2, 3, 4]
    assert sum((q.monto for q in prueba.cuotas), CERO) == c.financiado
    # Las cifras son las escritas en el documento firmado, leídas de sus tablas.
    texto = leer_docx(p.almacen.leer(prueba.documento.docx_sha256))
    tabla = next(t for t in texto.tablas if t[0][0] == "N.º")
    assert [f"${q.monto:,.2f}" for q in prueba.cuotas] == [fila[2] for fila in tabla[1:]]
    assert f"${c.total:,.2f}" in texto.normalizado
    assert [r.accion for r in renglones_de(session, "convenio", c.id)] == ["crear"]


@pytest.mark.libreoffice
def test_un_documento_que_no_es_un_convenio_final_no_se_registra(
    session: Session, p: Parametros
) -> None:
    """Un borrador, otra plantilla o el mismo documento dos veces: se rechaza en español."""
    prueba = preparar(session, p)
    with pytest.raises(ErrorDominio, match="ya está registrado"):
        registrar(session, p, prueba.caso, prueba.documento)
    borrador = crear_borrador(
        session=session, p=p, expediente=prueba.caso.expediente, plantilla="convenio_pago",
        datos=ENTRADAS, autor=prueba.caso.gestor, hoy=DOC_HOY,
    )  # fmt: skip
    with pytest.raises(
        ErrorDominio, match="borrador: el convenio se registra desde el documento final"
    ):
        registrar(session, p, prueba.caso, borrador)
    aviso = crear_borrador(
        session=session, p=p, expediente=prueba.caso.expediente, plantilla="aviso_cobro",
        datos={"corte": "2026-11-16"}, autor=prueba.caso.gestor, hoy=DOC_HOY,
    )  # fmt: skip
    with pytest.raises(ErrorDominio, match="no es un convenio de pago"):
        registrar(session, p, prueba.caso, aviso)
    assert len(session.exec(select(Convenio)).all()) == 1


@pytest.mark.libreoffice
def test_un_segundo_convenio_en_curso_en_el_mismo_expediente_se_rechaza(
    session: Session, p: Parametros
) -> None:
    """Otro documento final del mismo expediente mientras el primero sigue en curso: no."""
    prueba = preparar(session, p)
    otro = documento_final(session, p, prueba.caso, cuotas="6")
    with pytest.raises(ErrorDominio, match=r"ya tiene el convenio .* un convenio a la vez"):
        registrar(session, p, prueba.caso, otro)


@pytest.mark.libreoffice
def test_un_gestor_ajeno_no_registra_el_convenio(session: Session, p: Parametros) -> None:
    """La política decide: el gestor que no tiene el expediente no lo registra."""
    caso = crear_caso(session, p.almacen, tipo="convenio")
    doc = documento_final(session, p, caso)
    caso.expediente.gestor_id = caso.jefe.id
    with pytest.raises(AccesoDenegado):
        registrar(session, p, caso, doc)


@pytest.mark.libreoffice
def test_las_cifras_que_no_cuadran_impiden_registrar(session: Session, p: Parametros) -> None:
    """Una cuota alterada en la tabla o una prima distinta de la escrita: se dice qué no cuadra."""
    prueba = preparar(session, p)
    version = session.get(PlantillaVersion, prueba.documento.plantilla_version_id)
    assert version is not None
    contrato = contrato_de(version)
    entradas = dict(prueba.documento.entradas)
    texto = leer_docx(p.almacen.leer(prueba.documento.docx_sha256))
    leido = leer_convenio(texto, contrato, entradas, 3)
    assert [(q.numero, q.vence_el) for q in leido.cuotas] == list(enumerate(VENCIMIENTOS, 1))
    with pytest.raises(ErrorDominio) as exc:
        leer_convenio(texto, contrato, {**entradas, "prima": "1,400.00"}, 3)
    assert exc.value.problemas == [
        f"La prima (1400.00) más lo financiado ({leido.financiado}) no da la deuda reconocida "
        f"({leido.total})."
    ]
    tabla = next(t for t in texto.tablas if t[0][0] == "N.º")
    tabla[2][2] = "$1.00"
    with pytest.raises(ErrorDominio) as exc:
        leer_convenio(texto, contrato, entradas, 3)
    assert exc.value.problemas[0].startswith("Las cuotas suman ")
    tabla[2][1] = "31/02/2027"
    with pytest.raises(ErrorDominio, match="no se puede leer") as exc:
        leer_convenio(texto, contrato, entradas, 3)
    assert exc.value.problemas == [
        "Cuota 2: el vencimiento «31/02/2027» no es una fecha DD/MM/AAAA."
    ]


@pytest.mark.libreoffice
def test_las_cuotas_para_incumplir_salen_del_documento_o_de_la_instalacion(
    session: Session, p: Parametros
) -> None:
    """La entrada del documento; sin ella, el valor por omisión del contrato (con él se escribió
    la cláusula); una plantilla sin esa entrada, el de la instalación."""
    version = session.exec(
        select(PlantillaVersion).where(PlantillaVersion.nombre == "convenio_pago")
    ).first()
    if version is None:
        preparar(session, p)
        version = session.exec(
            select(PlantillaVersion).where(PlantillaVersion.nombre == "convenio_pago")
        ).one()
    contrato = contrato_de(version)
    assert leer_cuotas_para_incumplir({"cuotas_incumplidas": "4"}, contrato, 7) == 4
    assert leer_cuotas_para_incumplir({"cuotas_incumplidas": 1}, contrato, 7) == 1
    assert leer_cuotas_para_incumplir({}, contrato, 7) == 2
    sin_entrada = contrato.model_copy(
        update={"entradas": [e for e in contrato.entradas if e.nombre != "cuotas_incumplidas"]}
    )
    assert leer_cuotas_para_incumplir({}, sin_entrada, 7) == 7
    with pytest.raises(ErrorDominio, match="no son un número válido"):
        leer_cuotas_para_incumplir({"cuotas_incumplidas": "dos"}, contrato, 7)


# --- legalizar ----------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_legalizar_exige_escaneo_y_una_fecha_de_firma_posible(
    session: Session, p: Parametros
) -> None:
    """Sin escaneo, firmado en el futuro o antes del documento: no se legaliza, y se dice todo."""
    prueba = preparar(session, p)
    with pytest.raises(ErrorDominio, match="no se legalizó") as exc:
        legalizar(
            session, p, prueba.caso, prueba.convenio, escaneo=b"", firmado_el=date(2026, 11, 19)
        )
    assert exc.value.problemas == [
        "Falta el escaneo del convenio firmado por ambas partes.",
        "La fecha de firma (19/11/2026) no puede ser futura.",
    ]
    with pytest.raises(ErrorDominio) as exc:
        legalizar(session, p, prueba.caso, prueba.convenio, firmado_el=date(2026, 11, 13))
    assert exc.value.problemas == [
        "La fecha de firma (13/11/2026) no puede ser anterior a la del convenio (16/11/2026)."
    ]
    with pytest.raises(ErrorDominio, match="PDF o una imagen"):
        legalizar(session, p, prueba.caso, prueba.convenio, escaneo=b"no es un escaneo")
    assert prueba.convenio.estado == E.BORRADOR and prueba.convenio.firmado_el is None


@pytest.mark.libreoffice
def test_legalizar_incorpora_el_escaneo_firmado_y_espera_la_prima(
    session: Session, p: Parametros
) -> None:
    """GIVEN el convenio en borrador WHEN se legaliza THEN queda legalizado con la fecha de firma
    y el escaneo en el expediente (tipo convenio_firmado); con prima pendiente no es vigente."""
    prueba = preparar(session, p)
    legalizar(session, p, prueba.caso, prueba.convenio)
    c = prueba.convenio
    assert (c.estado, c.firmado_el, c.vigente_desde) == (E.LEGALIZADO, FIRMA, None)
    archivados = documentos_de(session=session, expediente_id=prueba.caso.expediente.id or 0)
    firmado = next(d for d in archivados if d.orden == c.escaneo_orden)
    assert (firmado.tipo, firmado.fecha, firmado.folios) == ("convenio_firmado", FIRMA, 2)
    assert firmado.titulo == f"Convenio de pago firmado {c.documento_numero}"
    assert [d.tipo for d in archivados] == ["convenio_pago", "convenio_firmado"]
    with pytest.raises(TransicionNoPermitida, match="«Legalizado» no puede pasar a «Legalizado»"):
        legalizar(session, p, prueba.caso, c)
    cambios = [r.despues for r in renglones_de(session, "convenio", c.id)][-1]
    assert cambios is not None and cambios["estado"] == "legalizado"


@pytest.mark.libreoffice
def test_sin_prima_el_convenio_legalizado_queda_vigente_de_inmediato(
    session: Session, p: Parametros
) -> None:
    """Prima $0.00: al legalizarse ya rige, desde el día de la firma."""
    prueba = preparar(session, p, prima="0.00")
    legalizar(session, p, prueba.caso, prueba.convenio)
    assert prueba.convenio.estado == E.VIGENTE and prueba.convenio.vigente_desde == FIRMA
    assert prueba.convenio.prima == CERO and prueba.convenio.financiado == prueba.convenio.total


@pytest.mark.libreoffice
def test_la_prima_importada_antes_de_legalizar_se_aplica_al_legalizar(
    session: Session, p: Parametros
) -> None:
    """GIVEN el pago de la prima importado antes de registrar la firma (quedó sin aplicar) WHEN se
    legaliza THEN se aplica a la prima y el convenio rige desde la firma; un pago anterior a la
    fecha del convenio no es de este convenio y sigue sin aplicar."""
    prueba = preparar(session, p)
    importar_pagos(
        session=session,
        contenido=csv_pagos(
            [
                [NUMERO_PATRONAL, "2026-11-17", "1500.00", "PRIMA-ANTICIPADA"],
                [NUMERO_PATRONAL, "2026-11-02", "99.99", "ANTERIOR-AL-CONVENIO"],
            ]
        ),
        hoy=date(2026, 11, 17),
    )
    legalizar(session, p, prueba.caso, prueba.convenio)
    c = prueba.convenio
    assert (c.estado, c.prima_pagada, c.vigente_desde) == (E.VIGENTE, Decimal("1500.00"), FIRMA)
    piezas = session.exec(select(AplicacionPago)).all()
    assert [(a.cuota_id, a.monto) for a in piezas] == [(None, Decimal("1500.00"))]


# --- la máquina de estados ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "nuevo", "motivo", "error"),
    [
        ("borrador", "vigente", "", "«Borrador» no puede pasar a «Vigente»"),
        ("legalizado", "cumplido", "", "Estados posibles: Vigente"),
        ("cumplido", "vigente", "reabrir", "Estados posibles: ninguno"),
        ("incumplido", "vigente", "  ", "requiere un motivo"),
        ("vigente", "anulado", "", "«anulado» no existe"),
    ],
)
def test_las_transiciones_no_permitidas_se_explican(
    actual: str, nuevo: str, motivo: str, error: str
) -> None:
    """La tabla de transiciones decide; el mensaje dice qué se puede hacer."""
    with pytest.raises(TransicionNoPermitida, match=error):
        CICLO_CONVENIO.validar(actual, nuevo, motivo)


@pytest.mark.libreoffice
def test_rehabilitar_un_convenio_incumplido_exige_motivo_y_queda_en_la_bitacora(
    session: Session, p: Parametros
) -> None:
    """Incumplido → vigente solo lo decide el jefe, con motivo, que la bitácora guarda con el
    cambio; el gestor del expediente no puede."""
    prueba = vigente(session, p)
    c = prueba.convenio
    c.estado, c.cerrado_el = E.INCUMPLIDO, date(2027, 1, 6)
    session.add(c)
    session.flush()
    with pytest.raises(AccesoDenegado):
        rehabilitar_convenio(
            session=session,
            convenio=c,
            usuario=prueba.caso.gestor,
            motivo="Pagó",
            hoy=date(2027, 1, 7),
        )
    assert c.estado == E.INCUMPLIDO
    with pytest.raises(TransicionNoPermitida, match="requiere un motivo"):
        rehabilitar_convenio(
            session=session, convenio=c, usuario=prueba.caso.jefe, motivo="", hoy=date(2027, 1, 7)
        )
    motivo = 'El patrono pagó las cuotas vencidas & presentó "constancia" <recibo 77>.'
    rehabilitar_convenio(
        session=session, convenio=c, usuario=prueba.caso.jefe, motivo=motivo, hoy=date(2027, 1, 7)
    )
    assert (c.estado, c.cerrado_el) == (E.VIGENTE, None)
    ultimo = renglones_de(session, "convenio", c.id)[-1]
    assert ultimo.motivo == motivo and ultimo.despues == {"estado": "vigente", "cerrado_el": None}


def _incumplido(session: Session, prueba: ConvenioDePrueba) -> Convenio:
    c = prueba.convenio
    c.estado, c.cerrado_el = E.INCUMPLIDO, date(2027, 1, 6)
    session.add(c)
    session.flush()
    return c


@pytest.mark.libreoffice
def test_rehabilitar_mientras_otro_convenio_esta_en_curso_se_rechaza_en_el_servicio(
    session: Session, p: Parametros
) -> None:
    """GIVEN un convenio incumplido y otro registrado después (en curso) WHEN el jefe rehabilita
    el primero por el servicio (como lo haría un POST directo) THEN se rechaza: nunca dos
    convenios en curso a la vez; y la página no se lo ofrece."""
    prueba = vigente(session, p)
    caido = _incumplido(session, prueba)
    otro = registrar(session, p, prueba.caso, documento_final(session, p, prueba.caso))
    jefe = prueba.caso.jefe
    assert acciones_sobre_convenio(session=session, usuario=jefe, convenio=caido) == []
    with pytest.raises(ErrorDominio, match=f"ya tiene el convenio {otro.documento_numero}"):
        rehabilitar_convenio(
            session=session, convenio=caido, usuario=jefe, motivo="Pagó", hoy=date(2027, 1, 7)
        )
    assert (caido.estado, otro.estado) == (E.INCUMPLIDO, E.BORRADOR)


@pytest.mark.libreoffice
def test_rehabilitar_en_un_expediente_cerrado_se_rechaza_en_el_servicio(
    session: Session, p: Parametros
) -> None:
    """GIVEN un convenio incumplido y su expediente cerrado THEN el servicio no lo rehabilita."""
    prueba = vigente(session, p)
    caido = _incumplido(session, prueba)
    exp, jefe = prueba.caso.expediente, prueba.caso.jefe
    assert acciones_sobre_convenio(session=session, usuario=jefe, convenio=caido) == ["rehabilitar"]
    cambiar_etapa(session=session, expediente=exp, nueva=Etapa.CERRADO, hoy=date(2027, 1, 6),
                  motivo="Trasladado a cobro judicial externo")  # fmt: skip
    assert acciones_sobre_convenio(session=session, usuario=jefe, convenio=caido) == []
    with pytest.raises(ErrorDominio, match=f"{exp.numero} está cerrado"):
        rehabilitar_convenio(
            session=session, convenio=caido, usuario=jefe, motivo="Pagó", hoy=date(2027, 1, 7)
        )
    assert caido.estado == E.INCUMPLIDO


@pytest.mark.libreoffice
def test_legalizar_es_del_gestor_del_expediente_o_del_jefe(session: Session, p: Parametros) -> None:
    """La secretaria (que incorpora documentos) no legaliza: legalizar mueve la etapa del
    expediente. Otro gestor tampoco. El servicio lo rechaza y la página no lo ofrece."""
    prueba = preparar(session, p)
    caso, convenio = prueba.caso, prueba.convenio
    secretaria = crear_usuario(session=session, nombre_usuario="marta.rivas", rol="secretaria",
                               nombre_completo="Marta Elena Rivas", contrasena="Cuscatlán-2026-segura")  # fmt: skip
    otro_gestor = crear_usuario(session=session, nombre_usuario="ana.hernandez", rol="gestor",
                                nombre_completo="Ana Hernández", contrasena="Cuscatlán-2026-segura")  # fmt: skip
    for quien in (secretaria, otro_gestor):
        assert acciones_sobre_convenio(session=session, usuario=quien, convenio=convenio) == []
        with pytest.raises(AccesoDenegado):
            legalizar(session, p, caso, convenio, usuario=quien)
    assert convenio.estado == E.BORRADOR and caso.expediente.etapa != Etapa.EN_CONVENIO
    for quien in (caso.gestor, caso.jefe):
        assert acciones_sobre_convenio(session=session, usuario=quien, convenio=convenio) == [
            "legalizar"
        ]
    legalizar(session, p, caso, convenio, usuario=caso.jefe)
    assert convenio.estado == E.LEGALIZADO


@pytest.mark.libreoffice
def test_un_expediente_sellado_no_cambia_su_convenio(session: Session, p: Parametros) -> None:
    """GIVEN un convenio en curso THEN el expediente no se archiva; GIVEN el convenio cumplido y
    el expediente cerrado y archivado WHEN se intenta registrar, legalizar o rehabilitar THEN se
    rechaza en español."""
    prueba = preparar(session, p)
    legalizar(session, p, prueba.caso, prueba.convenio)
    sellar = partial(
        sellado.sellar, session=session, almacen=p.almacen, expediente=prueba.caso.expediente,
        usuario=prueba.caso.jefe, requisitos=REQUISITOS, hoy=date(2027, 3, 1),
        bloqueos=BLOQUEOS_DE_SELLADO,
    )  # fmt: skip
    with pytest.raises(ErrorDominio) as rechazo:
        sellar()
    assert rechazo.value.problemas == [
        f"Convenio {prueba.documento.numero} legalizado: saldo ${prueba.convenio.total:,.2f}."
    ]
    pagos = [[NUMERO_PATRONAL, FIRMA.isoformat(), "1500.00", "PRIMA-001"]] + [
        [NUMERO_PATRONAL, q.vence_el.isoformat(), str(q.monto), f"CUOTA-{q.numero}"]
        for q in prueba.cuotas
    ]
    importar_pagos(session=session, contenido=csv_pagos(pagos), hoy=date(2027, 3, 1))
    assert prueba.convenio.estado == E.CUMPLIDO
    sellar()
    for intento in (
        lambda: registrar(session, p, prueba.caso, prueba.documento),
        lambda: legalizar(session, p, prueba.caso, prueba.convenio),
        lambda: rehabilitar_convenio(
            session=session, convenio=prueba.convenio, usuario=prueba.caso.jefe, motivo="x",
            hoy=date(2026, 11, 30),
        ),
    ):  # fmt: skip
        with pytest.raises(ErrorDominio, match="está sellado y archivado"):
            intento()
    assert prueba.convenio.estado == E.CUMPLIDO


@pytest.mark.libreoffice
def test_listar_y_lo_que_impide_sellar(session: Session, p: Parametros) -> None:
    """El listado muestra lo pagado y el saldo; un convenio en curso impide archivar."""
    prueba = vigente(session, p)
    filas = listar_convenios(session=session, estado="vigente")
    assert [f.convenio.documento_numero for f in filas] == [prueba.documento.numero]
    datos = filas[0].como_dict()
    assert datos["pagado"] == "1500.00" and datos["saldo"] == str(prueba.convenio.financiado)
    assert (datos["proxima_cuota"], datos["proximo_vencimiento"]) == (1, "2026-11-25")
    assert listar_convenios(session=session, estado="cumplido") == []
    with pytest.raises(ErrorDominio, match="no existe; use uno de: borrador, legalizado"):
        listar_convenios(session=session, estado="pagado")
    pendientes = convenios_sin_terminar(session, prueba.caso.expediente.id or 0)
    assert pendientes == [
        f"Convenio {prueba.documento.numero} vigente: saldo ${prueba.convenio.financiado:,.2f}."
    ]
