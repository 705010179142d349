"""Trámite de una carta: estados, asignación, vínculo a mano, tipo y cartas salientes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from correspondencia import Envio, asignar_cartas, registrar_saliente, tramite
from correspondencia.estados import EstadoCarta
from correspondencia.reglas import ReglasDePlazo
from expedientes import (
    AccesoDenegado,
    ErrorDominio,
    NoEncontrado,
    TransicionNoPermitida,
    abrir_expediente,
)
from tests.correspondencia.conftest import HacerCarta
from tests.expedientes.datos import HacerPatrono, HacerUsuario, renglones_de

HOY = date(2026, 11, 16)


def test_asignar_una_carta_registrada_la_pasa_a_asignada_y_queda_auditado(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario
) -> None:
    """La persona asignada y el estado cambian juntos, con su renglón en la bitácora."""
    carta = hacer_carta(asunto="a", cuerpo="a")
    gestora = hacer_usuario("gestora", "gestor", nombre="María Pérez")
    tramite.asignar_carta(session=session, carta=carta, destinatario=gestora)
    session.flush()
    assert (carta.estado, carta.asignado_id) == (EstadoCarta.ASIGNADA, gestora.id)
    ultimo = renglones_de(session, "correspondencia", carta.id)[-1]
    assert ultimo.despues == {"asignado_id": gestora.id, "estado": "asignada"}


@pytest.mark.parametrize("rol", ["archivo", "admin"])
def test_no_se_asigna_a_quien_no_tramita_cartas(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario, rol: str
) -> None:
    """Archivo y administración no reciben cartas para tramitar."""
    carta = hacer_carta(asunto="a", cuerpo="a")
    with pytest.raises(ErrorDominio, match="no se le pueden asignar"):
        tramite.asignar_carta(session=session, carta=carta, destinatario=hacer_usuario("x", rol))


def test_no_se_asigna_a_una_persona_inactiva(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario
) -> None:
    """Quien ya no trabaja en el departamento no recibe cartas."""
    carta = hacer_carta(asunto="a", cuerpo="a")
    inactivo = hacer_usuario("ido", "gestor", activo=False)
    with pytest.raises(ErrorDominio):
        tramite.asignar_carta(session=session, carta=carta, destinatario=inactivo)


def test_recorrido_completo_hasta_archivada(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario
) -> None:
    """asignada → en trámite → respondida (con motivo, a mano) → archivada."""
    carta = hacer_carta(asunto="a", cuerpo="a")
    tramite.asignar_carta(session=session, carta=carta, destinatario=hacer_usuario("g", "gestor"))
    tramite.cambiar_estado_carta(session=session, carta=carta, nuevo="en_tramite")
    tramite.cambiar_estado_carta(
        session=session, carta=carta, nuevo="respondida", motivo="Respondida por teléfono"
    )
    assert carta.respondida_en is not None
    tramite.cambiar_estado_carta(session=session, carta=carta, nuevo="archivada")
    assert carta.estado == EstadoCarta.ARCHIVADA


def test_archivar_sin_respuesta_exige_motivo(session: Session, hacer_carta: HacerCarta) -> None:
    """Archivar una carta que nadie respondió debe explicarse."""
    carta = hacer_carta(asunto="a", cuerpo="a")
    with pytest.raises(TransicionNoPermitida, match="requiere un motivo"):
        tramite.cambiar_estado_carta(session=session, carta=carta, nuevo="archivada")
    tramite.cambiar_estado_carta(
        session=session, carta=carta, nuevo="archivada", motivo="Publicidad & spam"
    )
    assert renglones_de(session, "correspondencia", carta.id)[-1].motivo == "Publicidad & spam"


def test_una_transicion_inexistente_se_rechaza_en_espanol(
    session: Session, hacer_carta: HacerCarta
) -> None:
    """De registrada no se pasa a respondida sin pasar por alguien."""
    carta = hacer_carta(asunto="a", cuerpo="a")
    with pytest.raises(TransicionNoPermitida, match="no puede pasar a respondida"):
        tramite.cambiar_estado_carta(session=session, carta=carta, nuevo="respondida", motivo="x")
    with pytest.raises(ErrorDominio, match="elija a la persona"):
        tramite.cambiar_estado_carta(session=session, carta=carta, nuevo="asignada")


def test_vincular_a_mano_y_desvincular_quedan_auditados_con_motivo(
    session: Session, hacer_carta: HacerCarta, hacer_patrono: HacerPatrono
) -> None:
    """El vínculo manual dice quién y por qué; desvincular exige motivo."""
    hacer_patrono()
    exp = abrir_expediente(session=session, numero_patronal="310145678", tipo="cobro", hoy=HOY)
    carta = hacer_carta(asunto="Sin indicios", cuerpo="nada")
    tramite.vincular_carta(
        session=session, carta=carta, numero_expediente=exp.numero.lower(), motivo="Lo dijo & ya"
    )
    assert (carta.expediente_id, carta.patrono_id) == (exp.id, exp.patrono_id)
    assert carta.vinculo_motivo == "Vinculada a mano: Lo dijo & ya"
    with pytest.raises(ErrorDominio, match="motivo"):
        tramite.desvincular_carta(session=session, carta=carta, motivo=" ")
    tramite.desvincular_carta(session=session, carta=carta, motivo="Era de otro patrono")
    motivos = [r.motivo for r in renglones_de(session, "correspondencia", carta.id)]
    assert motivos[-2:] == ["Lo dijo & ya", "Era de otro patrono"]
    assert carta.expediente_id is None


@pytest.mark.parametrize(
    "escrito", ["exp-2026-1", "EXP2026001", "Exp 2026 00001", " EXP-2026-00001 "]
)
def test_vincular_acepta_el_numero_como_lo_escribe_una_persona(
    session: Session, hacer_carta: HacerCarta, hacer_patrono: HacerPatrono, escrito: str
) -> None:
    """Las formas tolerantes de la búsqueda del archivo sirven para vincular; el número
    patronal, con guiones."""
    hacer_patrono()
    exp = abrir_expediente(session=session, numero_patronal="310145678", tipo="cobro", hoy=HOY)
    assert exp.numero == "EXP-2026-00001"
    carta = hacer_carta(asunto="Sin indicios", cuerpo="nada")
    tramite.vincular_carta(session=session, carta=carta, numero_expediente=escrito)
    assert carta.expediente_id == exp.id
    otra = hacer_carta(asunto="Otra", cuerpo="nada")
    tramite.vincular_carta(session=session, carta=otra, numero_patronal="310-145-678")
    assert otra.patrono_id == exp.patrono_id


def test_vincular_a_un_expediente_inexistente_no_cambia_nada(
    session: Session, hacer_carta: HacerCarta
) -> None:
    """Un número mal escrito se rechaza con el número en el mensaje."""
    carta = hacer_carta(asunto="a", cuerpo="a")
    with pytest.raises(NoEncontrado, match="EXP-2026-99999"):
        tramite.vincular_carta(session=session, carta=carta, numero_expediente="EXP-2026-99999")
    assert carta.expediente_id is None


def test_cambiar_el_tipo_recalcula_el_plazo(
    session: Session, hacer_carta: HacerCarta, reglas: ReglasDePlazo
) -> None:
    """De general (10 días) a Unidad Jurídica (5 días): el vencimiento se adelanta."""
    carta = hacer_carta(asunto="a", cuerpo="a")
    assert carta.vence_el == date(2026, 11, 30)
    tramite.cambiar_tipo_carta(session=session, carta=carta, tipo="unidad_juridica", reglas=reglas)
    assert carta.vence_el == date(2026, 11, 23)
    with pytest.raises(ErrorDominio, match="no existe"):
        tramite.cambiar_tipo_carta(session=session, carta=carta, tipo="inventado", reglas=reglas)


def test_la_salida_que_responde_marca_la_carta_respondida_y_hereda_el_expediente(
    session: Session, hacer_carta: HacerCarta, hacer_patrono: HacerPatrono
) -> None:
    """Una CS que responde a una CE la deja respondida y numera con Message-ID propio."""
    hacer_patrono()
    exp = abrir_expediente(session=session, numero_patronal="310145678", tipo="cobro", hoy=HOY)
    carta = hacer_carta(asunto=exp.numero, cuerpo="Solicitud")
    salida = registrar_saliente(
        session=session,
        asunto="Respuesta a su solicitud",
        destinatario="Pérez & Cía",
        emitida_el=HOY,
        dominio_correo="recupera.isss.gob.sv",
        envio=Envio("ventanilla"),
        responde_a=carta,
    )
    assert salida.numero == "CS-2026-000001"
    assert salida.message_id == "CS-2026-000001@recupera.isss.gob.sv"
    assert salida.expediente_id == exp.id
    assert carta.estado == EstadoCarta.RESPONDIDA
    assert tramite.salientes_de(session=session, carta=carta) == [salida]


def test_una_carta_archivada_no_se_reasigna(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario
) -> None:
    """Respondida o archivada, la asignación ya no cambia."""
    carta = hacer_carta(asunto="a", cuerpo="a")
    tramite.cambiar_estado_carta(
        session=session, carta=carta, nuevo="archivada", motivo="Duplicada"
    )
    with pytest.raises(ErrorDominio, match="no se reasigna"):
        tramite.asignar_carta(
            session=session, carta=carta, destinatario=hacer_usuario("g", "gestor")
        )


def test_asignar_varias_cartas_es_todas_o_ninguna_y_cada_una_queda_en_la_bitacora(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario
) -> None:
    """Tres cartas a Ana: cada una con su renglón y el motivo. Si una está archivada o no existe,
    no se asigna ninguna y se dice cuáles."""
    secretaria, ana = hacer_usuario("marta", "secretaria"), hacer_usuario("ana", "gestor")
    cartas = [hacer_carta(asunto=f"Carta «{i}» & <x>", cuerpo="x") for i in range(3)]
    archivada = hacer_carta(asunto="Archivada", cuerpo="x")
    archivada.estado = "archivada"
    session.add(archivada)
    session.flush()
    with pytest.raises(ErrorDominio) as error:
        asignar_cartas(session=session, usuario=secretaria, destinatario=ana,
                       numeros=[cartas[0].numero, archivada.numero, "CE-2026-999999"])  # fmt: skip
    assert error.value.problemas == [
        "CE-2026-999999: no existe.", f"{archivada.numero}: está archivada, no se reasigna.",
    ]  # fmt: skip
    assert cartas[0].asignado_id is None
    with pytest.raises(AccesoDenegado):
        asignar_cartas(session=session, usuario=ana, destinatario=ana, numeros=[cartas[0].numero])
    hechas = asignar_cartas(session=session, usuario=secretaria, destinatario=ana,
                            numeros=[c.numero.lower() for c in cartas], motivo="Reparto del lunes")  # fmt: skip
    assert [c.asignado_id for c in hechas] == [ana.id] * 3
    for carta in cartas:
        ultimo = renglones_de(session, "correspondencia", carta.id)[-1]
        assert (ultimo.motivo, ultimo.despues["asignado_id"]) == ("Reparto del lunes", ana.id)
