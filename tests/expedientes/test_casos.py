"""Expedientes: apertura numerada, etapas, asignación, gestiones, línea de tiempo y listado."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlmodel import Session, select

from expedientes import casos, cronologia, listado
from expedientes.errores import ErrorDominio, NoEncontrado, TransicionNoPermitida
from expedientes.listado import FiltrosExpedientes
from expedientes.modelos import Expediente, Gestion, Patrono
from tests.expedientes.datos import (
    ESPIGA,
    NANDU,
    NIT_ESPIGA,
    NIT_NANDU,
    NIT_SANTA_ANA,
    HacerPatrono,
    HacerUsuario,
    renglones_de,
)

HOY = date(2026, 3, 2)
DESPUES = date(2026, 3, 9)


@pytest.fixture
def patrono(hacer_patrono: HacerPatrono) -> Patrono:
    """Pérez & Cía, de la Sucursal Santa Ana."""
    return hacer_patrono(sucursal="Sucursal Santa Ana")


def _abrir(session: Session, numero_patronal: str = "310145678", **kw: object) -> Expediente:
    datos: dict[str, object] = {"tipo": "cobro", "hoy": HOY, **kw}
    return casos.abrir_expediente(session=session, numero_patronal=numero_patronal, **datos)  # type: ignore[arg-type]


# --- apertura -------------------------------------------------------------------------------


def test_abrir_asigna_numeros_exp_correlativos_por_anio(session: Session, patrono: Patrono) -> None:
    """Los expedientes se numeran EXP-AAAA-NNNNN desde 00001, y cada año empieza de nuevo."""
    primero = _abrir(session)
    segundo = _abrir(session, tipo="convenio")
    del_anio_siguiente = _abrir(session, hoy=date(2027, 1, 4))
    assert [primero.numero, segundo.numero, del_anio_siguiente.numero] == [
        "EXP-2026-00001",
        "EXP-2026-00002",
        "EXP-2027-00001",
    ]
    assert all(re.fullmatch(r"EXP-\d{4}-\d{5}", e.numero) for e in (primero, segundo))


def test_abrir_copia_la_sucursal_del_patrono_y_empieza_abierto(
    session: Session, patrono: Patrono
) -> None:
    """El expediente nace abierto, con la sucursal y el id del patrono, el asunto sin espacios."""
    expediente = _abrir(
        session, numero_patronal="310-145-678", asunto='  Mora 01/2025 "Pérez & Cía"  '
    )
    assert expediente.patrono_id == patrono.id
    assert expediente.sucursal == "Sucursal Santa Ana"
    assert expediente.etapa == "abierto"
    assert expediente.tipo == "cobro"
    assert expediente.abierto_el == HOY
    assert expediente.cerrado_el is None
    assert expediente.gestor_id is None
    assert expediente.asunto == 'Mora 01/2025 "Pérez & Cía"'


def test_abrir_con_gestor_lo_deja_asignado(
    session: Session, patrono: Patrono, hacer_usuario: HacerUsuario
) -> None:
    """Un gestor activo puede quedar asignado desde la apertura."""
    gestor = hacer_usuario("marta.nunez", "gestor", nombre="Marta Núñez")
    assert _abrir(session, gestor=gestor).gestor_id == gestor.id


def test_abrir_con_tipo_desconocido_se_rechaza_sin_gastar_numero(
    session: Session, patrono: Patrono
) -> None:
    """Un tipo inexistente da ErrorDominio en español con los tipos válidos, y no consume número."""
    with pytest.raises(ErrorDominio) as exc:
        _abrir(session, tipo="demanda")
    assert "El tipo «demanda» no existe" in str(exc.value)
    assert "cobro, convenio, transaccion, juridica" in str(exc.value)
    assert _abrir(session).numero == "EXP-2026-00001"


def test_abrir_con_patrono_desconocido_da_no_encontrado(session: Session, patrono: Patrono) -> None:
    """Un número patronal que no existe da NoEncontrado con el número en el mensaje."""
    with pytest.raises(NoEncontrado) as exc:
        _abrir(session, numero_patronal="999888777")
    assert "No existe un patrono con número patronal «999888777»" in str(exc.value)
    assert session.exec(select(Expediente)).all() == []


@pytest.mark.parametrize(
    ("rol", "activo"), [("archivo", True), ("secretaria", True), ("gestor", False)]
)
def test_abrir_con_un_usuario_que_no_puede_gestionar_se_rechaza(
    session: Session, patrono: Patrono, hacer_usuario: HacerUsuario, rol: str, activo: bool
) -> None:
    """Solo un gestor o jefe activo puede quedar asignado."""
    usuario = hacer_usuario("rosa.pena", rol, activo=activo, nombre="Rosa Peña")
    with pytest.raises(ErrorDominio, match="«Rosa Peña» no puede tener expedientes asignados"):
        _abrir(session, gestor=usuario)


def test_obtener_expediente_por_numero_en_minusculas(session: Session, patrono: Patrono) -> None:
    """El número se busca sin importar mayúsculas ni espacios; si no existe, NoEncontrado."""
    expediente = _abrir(session)
    assert casos.obtener_expediente(session=session, numero=" exp-2026-00001 ").id == expediente.id
    with pytest.raises(NoEncontrado, match="No existe el expediente «EXP-2026-00002»"):
        casos.obtener_expediente(session=session, numero="EXP-2026-00002")


# --- etapas ---------------------------------------------------------------------------------


def test_cerrar_fija_cerrado_el_y_reabrir_lo_borra(session: Session, patrono: Patrono) -> None:
    """Cerrado pone la fecha de cierre; reabrir (con motivo) la quita."""
    expediente = _abrir(session)
    casos.cambiar_etapa(session=session, expediente=expediente, nueva="en_gestion", hoy=HOY)
    assert expediente.cerrado_el is None
    casos.cambiar_etapa(session=session, expediente=expediente, nueva="cerrado", hoy=DESPUES)
    assert (expediente.etapa, expediente.cerrado_el) == ("cerrado", DESPUES)
    casos.cambiar_etapa(
        session=session,
        expediente=expediente,
        nueva="en_gestion",
        hoy=date(2026, 4, 1),
        motivo="El patrono impugnó el pago",
    )
    assert (expediente.etapa, expediente.cerrado_el) == ("en_gestion", None)


def test_anular_fija_cerrado_el(session: Session, patrono: Patrono) -> None:
    """Anular también es final y pone la fecha de cierre."""
    expediente = _abrir(session)
    casos.cambiar_etapa(
        session=session,
        expediente=expediente,
        nueva="anulado",
        hoy=DESPUES,
        motivo="Abierto por error: el patrono está al día",
    )
    assert (expediente.etapa, expediente.cerrado_el) == ("anulado", DESPUES)


def test_cambiar_etapa_guarda_el_motivo_en_la_bitacora(session: Session, patrono: Patrono) -> None:
    """El renglón de auditoría del cambio lleva el motivo y la etapa antes y después."""
    expediente = _abrir(session)
    motivo = 'Duplicado de EXP-2025-00042 «Pérez & Cía» <revisar> "urgente" {{ x }}'
    casos.cambiar_etapa(
        session=session, expediente=expediente, nueva="anulado", hoy=HOY, motivo=f"  {motivo}  "
    )
    cambio = renglones_de(session, "expediente", expediente.id)[-1]
    assert cambio.accion == "modificar"
    assert cambio.motivo == motivo
    assert cambio.antes == {"etapa": "abierto", "cerrado_el": None}
    assert cambio.despues == {"etapa": "anulado", "cerrado_el": HOY.isoformat()}


def test_cambiar_etapa_no_permitida_no_toca_el_expediente(
    session: Session, patrono: Patrono
) -> None:
    """Una transición rechazada deja la etapa y la fecha de cierre como estaban."""
    expediente = _abrir(session)
    with pytest.raises(TransicionNoPermitida, match="«Abierto» no puede pasar a «Cerrado»"):
        casos.cambiar_etapa(session=session, expediente=expediente, nueva="cerrado", hoy=HOY)
    assert (expediente.etapa, expediente.cerrado_el) == ("abierto", None)
    assert len(renglones_de(session, "expediente", expediente.id)) == 1


# --- asignación -----------------------------------------------------------------------------


def test_asignar_gestor_lo_guarda_con_motivo_y_liberar_lo_quita(
    session: Session, patrono: Patrono, hacer_usuario: HacerUsuario
) -> None:
    """Asignar a un gestor guarda su id y el motivo; asignar None deja el expediente sin gestor."""
    gestor = hacer_usuario("marta.nunez", "gestor", nombre="Marta Núñez")
    expediente = _abrir(session)
    casos.asignar_gestor(
        session=session, expediente=expediente, gestor=gestor, motivo="Reparto de cartera Q1"
    )
    assert expediente.gestor_id == gestor.id
    cambio = renglones_de(session, "expediente", expediente.id)[-1]
    assert (cambio.despues, cambio.motivo) == ({"gestor_id": gestor.id}, "Reparto de cartera Q1")
    casos.asignar_gestor(session=session, expediente=expediente, gestor=None)
    assert expediente.gestor_id is None


def test_asignar_a_un_usuario_de_archivo_se_rechaza(
    session: Session, patrono: Patrono, hacer_usuario: HacerUsuario
) -> None:
    """Archivo no gestiona expedientes: se rechaza nombrando a la persona."""
    archivista = hacer_usuario("luis.pena", "archivo", nombre="Luis Peña")
    expediente = _abrir(session)
    with pytest.raises(ErrorDominio) as exc:
        casos.asignar_gestor(session=session, expediente=expediente, gestor=archivista)
    assert "«Luis Peña»" in str(exc.value)
    assert "debe ser un gestor o jefe activo" in str(exc.value)
    assert expediente.gestor_id is None


@pytest.mark.parametrize(("final", "palabra"), [("cerrado", "cerrado"), ("anulado", "anulado")])
def test_asignar_en_un_expediente_final_se_rechaza(
    session: Session, patrono: Patrono, hacer_usuario: HacerUsuario, final: str, palabra: str
) -> None:
    """Un expediente cerrado o anulado no se reasigna."""
    gestor = hacer_usuario("marta.nunez", "gestor")
    expediente = _abrir(session)
    if final == "cerrado":
        casos.cambiar_etapa(session=session, expediente=expediente, nueva="en_gestion", hoy=HOY)
    casos.cambiar_etapa(session=session, expediente=expediente, nueva=final, hoy=HOY, motivo="fin")
    with pytest.raises(ErrorDominio) as exc:
        casos.asignar_gestor(session=session, expediente=expediente, gestor=gestor)
    assert f"El expediente EXP-2026-00001 está {palabra}" in str(exc.value)
    assert "no se puede reasignar" in str(exc.value)
    assert expediente.gestor_id is None


def test_motivo_de_una_asignacion_sin_cambio_no_se_pega_al_siguiente_cambio(
    session: Session, patrono: Patrono, hacer_usuario: HacerUsuario
) -> None:
    """Reasignar al mismo gestor no debe dejar su motivo para una gestión registrada después."""
    gestor = hacer_usuario("marta.nunez", "gestor")
    expediente = _abrir(session, gestor=gestor)
    casos.asignar_gestor(
        session=session, expediente=expediente, gestor=gestor, motivo="Motivo de la reasignación"
    )
    gestion = casos.registrar_gestion(
        session=session,
        expediente=expediente,
        tipo="llamada",
        fecha=HOY,
        nota="Llamada al contador",
        autor=gestor,
        hoy=HOY,
    )
    assert renglones_de(session, "gestion", gestion.id)[0].motivo == ""


# --- gestiones ------------------------------------------------------------------------------


def test_registrar_gestion_la_guarda_y_pasa_de_abierto_a_en_gestion(
    session: Session, patrono: Patrono, hacer_usuario: HacerUsuario
) -> None:
    """La primera gestión mueve el expediente de abierto a en gestión; la nota se guarda limpia."""
    gestor = hacer_usuario("marta.nunez", "gestor")
    expediente = _abrir(session, gestor=gestor)
    nota = '  Visita a "Pérez & Cía" <S.A.>: ofrecen convenio {{ prima }} de $1,234.56  '
    gestion = casos.registrar_gestion(
        session=session,
        expediente=expediente,
        tipo="visita",
        fecha=HOY,
        nota=nota,
        autor=gestor,
        hoy=DESPUES,
    )
    assert expediente.etapa == "en_gestion"
    session.expire_all()
    guardada = session.exec(select(Gestion)).one()
    assert guardada.id == gestion.id
    assert (guardada.tipo, guardada.fecha, guardada.autor_id) == ("visita", HOY, gestor.id)
    assert guardada.nota == nota.strip()
    assert session.get(Expediente, expediente.id).etapa == "en_gestion"  # type: ignore[union-attr]


def test_registrar_gestion_en_otra_etapa_no_la_cambia(session: Session, patrono: Patrono) -> None:
    """Solo abierto pasa a en gestión; un expediente en Consejo sigue en Consejo."""
    expediente = _abrir(session)
    casos.cambiar_etapa(session=session, expediente=expediente, nueva="en_gestion", hoy=HOY)
    casos.cambiar_etapa(session=session, expediente=expediente, nueva="en_consejo", hoy=HOY)
    casos.registrar_gestion(
        session=session,
        expediente=expediente,
        tipo="reunion",
        fecha=HOY,
        nota="Reunión con el apoderado",
        autor=None,
        hoy=HOY,
    )
    assert expediente.etapa == "en_consejo"


def test_registrar_gestion_junta_todos_los_problemas(session: Session, patrono: Patrono) -> None:
    """Fecha futura, nota vacía y expediente cerrado se informan juntos, y no se guarda nada."""
    expediente = _abrir(session)
    casos.cambiar_etapa(session=session, expediente=expediente, nueva="en_gestion", hoy=HOY)
    casos.cambiar_etapa(session=session, expediente=expediente, nueva="cerrado", hoy=HOY)
    with pytest.raises(ErrorDominio) as exc:
        casos.registrar_gestion(
            session=session,
            expediente=expediente,
            tipo="llamada",
            fecha=date(2026, 3, 3),
            nota="   ",
            autor=None,
            hoy=HOY,
        )
    assert exc.value.mensaje == "No se pudo registrar la gestión."
    assert exc.value.problemas == [
        "La fecha de la gestión no puede ser futura.",
        "Describa la gestión en la nota.",
        "El expediente EXP-2026-00001 ya no admite gestiones.",
    ]
    assert session.exec(select(Gestion)).all() == []


@pytest.mark.parametrize(
    ("cambios", "problema"),
    [
        ({"tipo": "fax"}, "El tipo de gestión «fax» no existe."),
        (
            {"fecha": date(2026, 3, 1)},
            "La fecha de la gestión es anterior a la apertura del expediente.",
        ),
        ({"nota": "x" * 4001}, "La nota excede 4000 caracteres (tiene 4001)"),
    ],
)
def test_registrar_gestion_rechaza_tipo_fecha_previa_y_nota_larga(
    session: Session, patrono: Patrono, cambios: dict[str, object], problema: str
) -> None:
    """Tipo desconocido, fecha anterior a la apertura o nota de más de 4000 caracteres se rechazan."""
    expediente = _abrir(session)
    datos: dict[str, object] = {"tipo": "llamada", "fecha": HOY, "nota": "Llamada", **cambios}
    with pytest.raises(ErrorDominio) as exc:
        casos.registrar_gestion(
            session=session,
            expediente=expediente,
            autor=None,
            hoy=HOY,
            **datos,  # type: ignore[arg-type]
        )
    assert exc.value.problemas == [problema]
    assert expediente.etapa == "abierto"


# --- línea de tiempo ------------------------------------------------------------------------


def test_linea_de_tiempo_muestra_apertura_etapa_y_gestion_lo_mas_reciente_primero(
    session: Session, patrono: Patrono, hacer_usuario: HacerUsuario
) -> None:
    """La gestión sale primero, luego el cambio de etapa, al final la apertura, con sus autores."""
    gestor = hacer_usuario("marta.nunez", "gestor", nombre="Marta Núñez")
    expediente = _abrir(session)
    casos.cambiar_etapa(session=session, expediente=expediente, nueva="en_gestion", hoy=HOY)
    casos.registrar_gestion(
        session=session,
        expediente=expediente,
        tipo="llamada",
        fecha=HOY,
        nota="Promete pagar el 15/03 <sin falta>",
        autor=gestor,
        hoy=HOY,
    )
    eventos = cronologia.linea_de_tiempo(session=session, expediente=expediente)
    assert [(e.tipo, e.titulo) for e in eventos] == [
        ("gestion", "Llamada telefónica del 02/03/2026"),
        ("cambio", "Etapa: Abierto → En gestión de cobro"),
        ("apertura", "Expediente abierto"),
    ]
    assert eventos[0].detalle == "Promete pagar el 15/03 <sin falta>"
    assert eventos[0].actor == "Marta Núñez"
    assert eventos[1].actor == eventos[2].actor == "prueba:servicios"
    assert eventos[0].cuando >= eventos[1].cuando >= eventos[2].cuando


def test_linea_de_tiempo_no_mezcla_otros_expedientes(session: Session, patrono: Patrono) -> None:
    """Solo aparecen los eventos del expediente pedido."""
    uno = _abrir(session)
    otro = _abrir(session)
    casos.cambiar_etapa(session=session, expediente=otro, nueva="en_gestion", hoy=HOY)
    assert [e.tipo for e in cronologia.linea_de_tiempo(session=session, expediente=uno)] == [
        "apertura"
    ]


# --- listado --------------------------------------------------------------------------------


@pytest.fixture
def cartera(
    session: Session, hacer_patrono: HacerPatrono, hacer_usuario: HacerUsuario
) -> dict[str, object]:
    """Tres patronos con nombres difíciles, dos gestores y tres expedientes en etapas distintas."""
    hacer_patrono(numero_patronal="310145678")  # Pérez & Cía <S.A. de C.V.>
    hacer_patrono(
        numero_patronal="420111222",
        razon_social=ESPIGA,
        nit=NIT_ESPIGA,
        sucursal="Sucursal Santa Ana",
    )
    hacer_patrono(
        numero_patronal="530999888",
        razon_social=NANDU,
        nit=NIT_NANDU,
        nombre_comercial="Ñandú Mayoreo",
    )
    ana = hacer_usuario("ana.lopez", "gestor", nombre="Ana López")
    beto = hacer_usuario("beto.pena", "jefe", nombre="Beto Peña")
    perez = _abrir(session, numero_patronal="310145678", gestor=ana, hoy=date(2026, 1, 10))
    casos.cambiar_etapa(session=session, expediente=perez, nueva="en_gestion", hoy=HOY)
    espiga = _abrir(session, numero_patronal="420111222", hoy=date(2026, 2, 3), tipo="convenio")
    nandu = _abrir(session, numero_patronal="530999888", gestor=beto, hoy=date(2026, 2, 3))
    return {"ana": ana, "beto": beto, "perez": perez, "espiga": espiga, "nandu": nandu}


def _numeros(session: Session, **filtros: object) -> list[str]:
    filas = listado.listar_expedientes(session=session, filtros=FiltrosExpedientes(**filtros))  # type: ignore[arg-type]
    return [e.numero for e, _ in filas]


def test_listar_sin_filtros_ordena_por_apertura_y_numero_descendentes(
    session: Session, cartera: dict[str, object]
) -> None:
    """Los más recientes primero; a igual fecha, el número mayor primero; cada uno con su patrono."""
    filas = listado.listar_expedientes(session=session)
    assert [e.numero for e, _ in filas] == ["EXP-2026-00003", "EXP-2026-00002", "EXP-2026-00001"]
    assert [p.razon_social for _, p in filas] == [NANDU, ESPIGA, "Pérez & Cía <S.A. de C.V.>"]


def test_listar_filtra_por_etapa_tipo_sucursal_gestor_y_sin_gestor(
    session: Session, cartera: dict[str, object]
) -> None:
    """Cada filtro deja solo los expedientes que lo cumplen."""
    ana, beto = cartera["ana"], cartera["beto"]
    assert _numeros(session, etapa="en_gestion") == ["EXP-2026-00001"]
    assert _numeros(session, etapa="abierto") == ["EXP-2026-00003", "EXP-2026-00002"]
    assert _numeros(session, tipo="convenio") == ["EXP-2026-00002"]
    assert _numeros(session, sucursal="Sucursal Santa Ana") == ["EXP-2026-00002"]
    assert _numeros(session, gestor_id=ana.id) == ["EXP-2026-00001"]  # type: ignore[attr-defined]
    assert _numeros(session, gestor_id=beto.id) == ["EXP-2026-00003"]  # type: ignore[attr-defined]
    assert _numeros(session, sin_gestor=True) == ["EXP-2026-00002"]
    assert _numeros(session, etapa="abierto", sin_gestor=True) == ["EXP-2026-00002"]
    assert _numeros(session, etapa="cerrado") == []


def test_listar_sin_sucursal_y_solo_activos_y_contar_cuenta_lo_mismo_que_lista(
    session: Session, cartera: dict[str, object], hacer_patrono: HacerPatrono
) -> None:
    """`sin_sucursal`: los de sucursal vacía; `activos`: ni cerrados ni anulados; `contar_expedientes`
    da, con cualquier filtro, el largo de la lista (las cifras del panel enlazan a esta lista)."""
    hacer_patrono(numero_patronal="640000001", razon_social="Comercial Sin Sucursal", nit=NIT_SANTA_ANA, sucursal="")  # fmt: skip
    sin = _abrir(session, numero_patronal="640000001", hoy=date(2026, 2, 4))
    casos.cambiar_etapa(
        session=session,
        expediente=cartera["nandu"],
        nueva="anulado",
        motivo="Por error",
        hoy=HOY,  # type: ignore[arg-type]
    )
    assert _numeros(session, sin_sucursal=True) == [sin.numero]
    assert _numeros(session, activos=True) == [sin.numero, "EXP-2026-00002", "EXP-2026-00001"]
    assert _numeros(session, activos=True, sin_sucursal=True, etapa="abierto") == [sin.numero]
    for filtros in ({}, {"activos": True}, {"sin_sucursal": True}, {"etapa": "anulado"}, {"texto": "sin sucursal"}):  # fmt: skip
        contados = listado.contar_expedientes(
            session=session, filtros=FiltrosExpedientes(**filtros)
        )  # type: ignore[arg-type]
        assert contados == len(_numeros(session, **filtros)), filtros


@pytest.mark.parametrize(
    ("texto", "esperados"),
    [
        ("panaderia", ["EXP-2026-00002"]),
        ("LA ESPIGA", ["EXP-2026-00002"]),
        ('"la espiga" {{ x }}', ["EXP-2026-00002"]),
        ("perez & cia <s.a.", ["EXP-2026-00001"]),
        ("nandu mayoreo", ["EXP-2026-00003"]),
        ("s.a. de c.v.", ["EXP-2026-00003", "EXP-2026-00001"]),
        ("exp-2026-00003", ["EXP-2026-00003"]),
        ("2026-0000", ["EXP-2026-00003", "EXP-2026-00002", "EXP-2026-00001"]),
        ("420111", ["EXP-2026-00002"]),
        ("%", []),
        ("_", []),
        ("zapateria", []),
    ],
)
def test_listar_por_texto_busca_razon_social_sin_tildes_numero_y_patronal(
    session: Session, cartera: dict[str, object], texto: str, esperados: list[str]
) -> None:
    """El texto busca en razón social (sin tildes ni mayúsculas), número y número patronal."""
    assert _numeros(session, texto=texto) == esperados


@pytest.mark.parametrize(
    ("texto", "esperado"),
    [("Ñandú", "EXP-2026-00003"), ("Panadería", "EXP-2026-00002"), ("PÉREZ", "EXP-2026-00001")],
)
def test_listar_por_texto_con_tildes_encuentra_la_razon_social(
    session: Session, cartera: dict[str, object], texto: str, esperado: str
) -> None:
    """Escribir el nombre con sus tildes o ñ también lo encuentra (como buscar_patronos)."""
    assert _numeros(session, texto=texto) == [esperado]


def test_conteo_por_etapa_cuenta_todas_las_etapas_y_por_gestor(
    session: Session, cartera: dict[str, object]
) -> None:
    """El conteo trae todas las etapas (con cero) y puede limitarse a un gestor."""
    conteo = listado.conteo_por_etapa(session=session)
    assert conteo == {
        "abierto": 2,
        "en_gestion": 1,
        "en_convenio": 0,
        "en_consejo": 0,
        "en_juridica": 0,
        "cerrado": 0,
        "anulado": 0,
    }
    de_ana = listado.conteo_por_etapa(session=session, gestor_id=cartera["ana"].id)  # type: ignore[attr-defined]
    assert sum(de_ana.values()) == 1
    assert de_ana["en_gestion"] == 1
