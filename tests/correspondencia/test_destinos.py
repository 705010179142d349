"""A qué vincular una carta a mano: la búsqueda de la ficha (razón social sin tildes, NIT y número
patronal con o sin guiones, número de expediente en sus formas tolerantes), según la política, y
los candidatos de la carta con sus nombres."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from correspondencia import buscar_destinos, candidatos_de_carta
from correspondencia.destinos import LIMITE_EXPEDIENTES, Opcion
from expedientes import AccesoDenegado, Etapa, Expediente, Usuario, abrir_expediente, ahora
from tests.correspondencia.conftest import HacerCarta
from tests.expedientes.datos import ESPIGA, NIT_ESPIGA, NIT_PEREZ, PEREZ, HacerPatrono, HacerUsuario

HOY = date(2026, 11, 16)
ASUNTO = 'Mora de cotizaciones & recargos "2025" <urgente> {{ x }}'


def _abrir(
    session: Session, numero_patronal: str, gestor: Usuario | None = None, asunto: str = ASUNTO
) -> Expediente:
    return abrir_expediente(
        session=session,
        numero_patronal=numero_patronal,
        tipo="cobro",
        hoy=HOY,
        asunto=asunto,
        gestor=gestor,
    )


@pytest.fixture
def secretaria(hacer_usuario: HacerUsuario) -> Usuario:
    """Quien clasifica y vincula las cartas."""
    return hacer_usuario("marta.rivas", "secretaria", nombre="Marta Elena Rivas de Flores")


def _numeros(session: Session, usuario: Usuario, texto: str) -> list[list[str]]:
    """De cada patrono hallado: sus expedientes ofrecidos y, al final, su número patronal."""
    busqueda = buscar_destinos(session=session, usuario=usuario, texto=texto)
    return [[*(e.numero for e in h.expedientes), h.patrono.numero] for h in busqueda.hallazgos]


def test_un_trozo_de_la_razon_social_sin_tildes_ni_mayusculas_halla_al_patrono(
    session: Session, hacer_patrono: HacerPatrono, secretaria: Usuario
) -> None:
    """GIVEN «Pérez & Cía <S.A. de C.V.>» con un expediente abierto y otro cerrado; WHEN se busca
    «PEREZ cia» THEN sale el patrono con su expediente abierto (nombre, asunto y etapa)."""
    hacer_patrono()
    hacer_patrono(numero_patronal="412000111", razon_social=ESPIGA, nit=NIT_ESPIGA)
    abierto, cerrado = _abrir(session, "310145678"), _abrir(session, "310145678")
    cerrado.etapa = Etapa.CERRADO
    session.add(cerrado)
    busqueda = buscar_destinos(session=session, usuario=secretaria, texto="  PEREZ   cia ")
    assert (busqueda.texto, busqueda.total, busqueda.hay_mas) == ("PEREZ cia", 1, False)
    (hallazgo,) = busqueda.hallazgos
    assert hallazgo.patrono == Opcion("numero_patronal", "310145678", PEREZ, "0614-010190-102-3")
    assert hallazgo.expedientes == (
        Opcion("expediente", abierto.numero, PEREZ, "0614-010190-102-3", ASUNTO, "abierto"),
    )
    # Las comillas y las llaves de la razón social también se buscan tal cual.
    assert _numeros(session, secretaria, '"la espiga" {{') == [["412000111"]]


@pytest.mark.parametrize("nit", [NIT_PEREZ, NIT_PEREZ.replace("-", ""), "0614 010190 102 3"])
def test_el_nit_con_o_sin_guiones_halla_al_patrono(
    session: Session, hacer_patrono: HacerPatrono, secretaria: Usuario, nit: str
) -> None:
    """El NIT como venga escrito (guiones, sin ellos, con espacios) da el mismo patrono."""
    hacer_patrono()
    hacer_patrono(numero_patronal="412000111", razon_social=ESPIGA, nit=NIT_ESPIGA)
    exp = _abrir(session, "310145678")
    assert _numeros(session, secretaria, nit) == [[exp.numero, "310145678"]]


def test_el_numero_patronal_con_guiones_halla_al_patrono(
    session: Session, hacer_patrono: HacerPatrono, secretaria: Usuario
) -> None:
    """«310-145-678» es el número patronal 310145678."""
    hacer_patrono()
    assert _numeros(session, secretaria, "310-145-678") == [["310145678"]]


def test_el_numero_de_expediente_en_sus_formas_tolerantes_halla_ese_expediente(
    session: Session, hacer_patrono: HacerPatrono, secretaria: Usuario
) -> None:
    """`exp-2026-2`, `EXP2026002`, `EXP 2026 00002`: el expediente citado y su patrono, aunque
    esté cerrado (no archivado); sin los otros expedientes del patrono."""
    hacer_patrono()
    _abrir(session, "310145678")
    segundo = _abrir(session, "310145678")
    segundo.etapa = Etapa.CERRADO
    session.add(segundo)
    assert segundo.numero == "EXP-2026-00002"
    for forma in ("exp-2026-2", "EXP2026002", "EXP 2026 00002", "Ref. Exp.2026-0002"):
        assert _numeros(session, secretaria, forma) == [["EXP-2026-00002", "310145678"]], forma
    assert _numeros(session, secretaria, "EXP-2026-00099") == []


def test_un_expediente_archivado_se_muestra_sin_ofrecerse(
    session: Session, hacer_patrono: HacerPatrono, secretaria: Usuario
) -> None:
    """Sellado, ya no recibe cartas: sale marcado como archivado; su patrono sí se ofrece."""
    hacer_patrono()
    exp = _abrir(session, "310145678")
    exp.etapa, exp.sellado_en = Etapa.CERRADO, ahora()
    session.add(exp)
    (hallazgo,) = buscar_destinos(session=session, usuario=secretaria, texto=exp.numero).hallazgos
    assert [(e.numero, e.archivado) for e in hallazgo.expedientes] == [(exp.numero, True)]
    assert not hallazgo.patrono.archivado
    # Y al buscar por nombre, solo los abiertos.
    assert _numeros(session, secretaria, "pérez") == [["310145678"]]


def test_la_lista_se_corta_y_dice_cuantos_coinciden(
    session: Session, hacer_patrono: HacerPatrono, secretaria: Usuario
) -> None:
    """Doce «Ñandú» y la búsqueda pide cinco: cinco en la lista, doce en total; de un patrono con
    muchos expedientes abiertos, los primeros y cuántos más."""
    for i in range(12):
        hacer_patrono(
            numero_patronal=f"5000000{i:02d}",
            razon_social=f"Distribuidora Ñandú {i:02d} & Hijos",
            nit=f"{i + 1:08d}{_verificador_dui(f'{i + 1:08d}')}",
        )
    for _ in range(LIMITE_EXPEDIENTES + 2):
        _abrir(session, "500000000")
    busqueda = buscar_destinos(session=session, usuario=secretaria, texto="nandu", limite=5)
    assert (len(busqueda.hallazgos), busqueda.total, busqueda.hay_mas) == (5, 12, True)
    primero = busqueda.hallazgos[0]
    assert (len(primero.expedientes), primero.otros) == (LIMITE_EXPEDIENTES, 2)


def _verificador_dui(ocho: str) -> int:
    return (10 - sum(int(d) * p for d, p in zip(ocho, range(9, 1, -1), strict=True)) % 10) % 10


@pytest.mark.parametrize("rol", ["gestor", "archivo", "admin"])
def test_solo_quien_la_politica_deja_vincular_busca(
    session: Session, hacer_patrono: HacerPatrono, hacer_usuario: HacerUsuario, rol: str
) -> None:
    """El gestor (aun con el expediente a su cargo), el archivo y el administrador no vinculan
    cartas: la búsqueda se les niega y no ven nada."""
    hacer_patrono()
    usuario = hacer_usuario("carlos.mejia", rol, nombre="Carlos Alberto Mejía Peña")
    _abrir(session, "310145678", gestor=usuario if rol == "gestor" else None)
    with pytest.raises(AccesoDenegado):
        buscar_destinos(session=session, usuario=usuario, texto="Pérez")


def test_la_secretaria_y_el_jefe_ven_los_expedientes_de_cualquier_gestor(
    session: Session, hacer_patrono: HacerPatrono, hacer_usuario: HacerUsuario, secretaria: Usuario
) -> None:
    """Vincular cartas es de su rol sobre todo expediente, sea de quien sea; un usuario
    desactivado ya no busca."""
    hacer_patrono()
    gestor = hacer_usuario("carlos.mejia", "gestor")
    jefe = hacer_usuario("jose.aguilar", "jefe")
    exp = _abrir(session, "310145678", gestor=gestor)
    for quien in (secretaria, jefe):
        assert _numeros(session, quien, "perez") == [[exp.numero, "310145678"]]
    inactivo = hacer_usuario("ana.lopez", "secretaria", activo=False)
    with pytest.raises(AccesoDenegado):
        buscar_destinos(session=session, usuario=inactivo, texto="perez")


def test_los_candidatos_de_la_carta_llevan_nombre_asunto_y_etapa(
    session: Session,
    hacer_patrono: HacerPatrono,
    hacer_carta: HacerCarta,
    secretaria: Usuario,
) -> None:
    """Cita dos expedientes: ambos se ofrecen con la razón social, el asunto y la etapa."""
    hacer_patrono()
    uno, otro = _abrir(session, "310145678"), _abrir(session, "310145678", asunto="Convenio")
    otro.etapa = Etapa.EN_GESTION
    session.add(otro)
    carta = hacer_carta(asunto="Pago", cuerpo=f"Referencias {uno.numero} y {otro.numero}.")
    assert carta.expediente_id is None
    opciones = candidatos_de_carta(session=session, carta=carta, adjuntos=[], usuario=secretaria)
    assert opciones == [
        Opcion("expediente", uno.numero, PEREZ, "0614-010190-102-3", ASUNTO, "abierto"),
        Opcion("expediente", otro.numero, PEREZ, "0614-010190-102-3", "Convenio", "en_gestion"),
    ]
