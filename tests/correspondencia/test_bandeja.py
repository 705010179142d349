"""La bandeja: filtros, alcance del gestor, plazos por persona y la salida JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from correspondencia import bandeja, tramite
from correspondencia.bandeja import FiltrosBandeja
from expedientes import abrir_expediente
from tests.correspondencia.conftest import HacerCarta
from tests.expedientes.datos import HacerPatrono, HacerUsuario

# Las cartas de las pruebas llegan el lunes 16/11/2026 y vencen el lunes 30/11/2026.
ANTES = date(2026, 11, 20)  # viernes: faltan 6 días hábiles → en plazo
CASI = date(2026, 11, 26)  # jueves: vence en 2 días hábiles → por vencer
DESPUES = date(2026, 12, 1)  # martes: vencida


def _numeros(renglones: list[bandeja.RenglonBandeja]) -> set[str]:
    return {r.carta.numero for r in renglones}


def test_el_vencimiento_clasifica_segun_el_dia(session: Session, hacer_carta: HacerCarta) -> None:
    """La misma carta está en plazo, por vencer o vencida según la fecha de consulta."""
    carta = hacer_carta(asunto="a", cuerpo="a")
    for hoy, clase in [(ANTES, "en_plazo"), (CASI, "por_vencer"), (DESPUES, "vencidas")]:
        for otra in bandeja.VENCIMIENTOS:
            encontrada = bandeja.listar_cartas(
                session=session, filtros=FiltrosBandeja(vencimiento=otra), hoy=hoy
            )
            assert (carta.numero in _numeros(encontrada)) == (otra == clase), (hoy, otra)


def test_una_carta_respondida_no_cuenta_como_vencida(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario
) -> None:
    """El plazo deja de correr al responder."""
    carta = hacer_carta(asunto="a", cuerpo="a")
    tramite.asignar_carta(session=session, carta=carta, destinatario=hacer_usuario("g", "gestor"))
    tramite.cambiar_estado_carta(
        session=session, carta=carta, nuevo="respondida", motivo="Por teléfono"
    )
    vencidas = bandeja.listar_cartas(
        session=session, filtros=FiltrosBandeja(vencimiento="vencidas"), hoy=DESPUES
    )
    assert vencidas == []


def test_el_gestor_solo_ve_lo_asignado_y_lo_de_sus_expedientes(
    session: Session,
    hacer_carta: HacerCarta,
    hacer_usuario: HacerUsuario,
    hacer_patrono: HacerPatrono,
) -> None:
    """Asignada a él o vinculada a un expediente suyo: sí; lo demás: no."""
    gestor, otro = hacer_usuario("g1", "gestor"), hacer_usuario("g2", "gestor")
    hacer_patrono()
    exp = abrir_expediente(
        session=session, numero_patronal="310145678", tipo="cobro", hoy=ANTES, gestor=gestor
    )
    asignada = hacer_carta(asunto="asignada", cuerpo="a")
    tramite.asignar_carta(session=session, carta=asignada, destinatario=gestor)
    de_su_expediente = hacer_carta(asunto=exp.numero, cuerpo="b")
    ajena = hacer_carta(asunto="ajena", cuerpo="c")
    tramite.asignar_carta(session=session, carta=ajena, destinatario=otro)
    suyas = bandeja.listar_cartas(
        session=session, filtros=FiltrosBandeja(solo_de=gestor.id), hoy=ANTES
    )
    assert _numeros(suyas) == {asignada.numero, de_su_expediente.numero}


def test_sin_vincular_excluye_las_archivadas(session: Session, hacer_carta: HacerCarta) -> None:
    """La cola de clasificación no muestra lo que ya se archivó."""
    pendiente = hacer_carta(asunto="p", cuerpo="p")
    archivada = hacer_carta(asunto="q", cuerpo="q")
    tramite.cambiar_estado_carta(session=session, carta=archivada, nuevo="archivada", motivo="Spam")
    sin = bandeja.listar_cartas(
        session=session, filtros=FiltrosBandeja(sin_vincular=True), hoy=ANTES
    )
    assert _numeros(sin) == {pendiente.numero}


def test_plazos_por_persona_suman_lo_que_lista_la_bandeja(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario
) -> None:
    """Cada cifra del jefe coincide con la lista filtrada correspondiente."""
    ana, beto = hacer_usuario("ana", "gestor", nombre="Ana Núñez"), hacer_usuario("beto", "jefe")
    vieja = datetime(2026, 11, 2, 15, tzinfo=UTC)  # vence el 16/11: vencida el 26/11
    for recibida, persona in [(vieja, ana), (vieja, ana), (None, ana), (None, beto), (None, None)]:
        carta = hacer_carta(
            asunto="x", cuerpo="x", **({"recibido_en": recibida} if recibida else {})
        )
        if persona is not None:
            tramite.asignar_carta(session=session, carta=carta, destinatario=persona)
    filas = {f.nombre: f for f in bandeja.plazos_por_persona(session=session, hoy=CASI)}
    assert (filas["Ana Núñez"].vencidas, filas["Ana Núñez"].por_vencer) == (2, 1)
    assert filas["Sin asignar"].por_vencer == 1
    for f in filas.values():
        if f.usuario_id is None:
            continue
        for clase, cifra in [("vencidas", f.vencidas), ("por_vencer", f.por_vencer)]:
            lista = bandeja.listar_cartas(
                session=session,
                filtros=FiltrosBandeja(vencimiento=clase, asignado_id=f.usuario_id),
                hoy=CASI,
            )
            assert len(lista) == cifra


def test_como_dict_tiene_los_campos_del_listado_json(
    session: Session, hacer_carta: HacerCarta
) -> None:
    """Los campos que `correspondencia list --json` promete, con sus tipos."""
    carta = hacer_carta(
        asunto="Con adjunto", cuerpo="x", adjuntos=[("a & b.txt", "text/plain", b"hola")]
    )
    (renglon,) = bandeja.listar_cartas(session=session, filtros=FiltrosBandeja(), hoy=ANTES)
    adjuntos = bandeja.adjuntos_por_carta(session=session, ids=[carta.id or 0])[carta.id or 0]
    datos = bandeja.carta_como_dict(renglon, adjuntos)
    assert datos["numero"] == carta.numero
    assert datos["recibido_en"].startswith("2026-11-16T15:00:00")
    assert datos["vence_el"] == "2026-11-30"
    assert (datos["patrono"], datos["expediente"], datos["automatico"]) == (None, None, False)
    assert datos["adjuntos"] == [{"nombre": "a & b.txt", "sha256": adjuntos[0].sha256, "bytes": 4}]
    assert isinstance(datos["advertencias"], list)


def test_rango_tipo_y_respuesta_filtran_como_cuenta_el_panel_y_contar_coincide(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario
) -> None:
    """Los días del rango son de El Salvador (las 23:30 del último día cuentan aunque en UTC ya sea
    el siguiente; las 00:30 del día siguiente no); respondidas, por responder y nunca respondidas
    se reparten sin resto; `contar` da el largo de la lista con cualquier filtro."""
    gestor = hacer_usuario("g", "gestor")
    ultima_hora = hacer_carta(asunto="u", cuerpo="u", recibido_en=datetime(2026, 11, 18, 5, 30, tzinfo=UTC))  # fmt: skip
    siguiente = hacer_carta(asunto="s", cuerpo="s", recibido_en=datetime(2026, 11, 18, 6, 30, tzinfo=UTC))  # fmt: skip
    primera = hacer_carta(asunto="p", cuerpo="p", recibido_en=datetime(2026, 11, 16, 6, 0, tzinfo=UTC), tipo="oficio_isss")  # fmt: skip
    antes = hacer_carta(asunto="a", cuerpo="a", recibido_en=datetime(2026, 11, 16, 5, 59, tzinfo=UTC))  # fmt: skip
    for carta in (ultima_hora, primera):
        tramite.asignar_carta(session=session, carta=carta, destinatario=gestor)
    tramite.cambiar_estado_carta(session=session, carta=ultima_hora, nuevo="respondida", motivo="Por teléfono")  # fmt: skip
    tramite.cambiar_estado_carta(
        session=session, carta=siguiente, nuevo="archivada", motivo="Duplicada"
    )
    rango = {"desde": date(2026, 11, 16), "hasta": date(2026, 11, 17)}
    casos = {
        "rango": ({**rango}, {ultima_hora.numero, primera.numero}),
        "tipo": ({**rango, "tipo": "oficio_isss"}, {primera.numero}),
        "respondidas": ({"respondidas": True}, {ultima_hora.numero}),
        "por_responder": ({"por_responder": True}, {primera.numero, antes.numero}),
        "archivadas": ({"estado": "archivada", "sin_respuesta": True}, {siguiente.numero}),
        "nunca": ({"sin_respuesta": True}, {siguiente.numero, primera.numero, antes.numero}),
    }
    for nombre, (campos, esperadas) in casos.items():
        filtros = FiltrosBandeja(**campos)  # type: ignore[arg-type]
        lista = bandeja.listar_cartas(session=session, filtros=filtros, hoy=DESPUES)
        assert _numeros(lista) == esperadas, nombre
        assert bandeja.contar_cartas(session=session, filtros=filtros, hoy=DESPUES) == len(lista), (
            nombre
        )
