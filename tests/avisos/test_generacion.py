"""Los avisos nacen de la bitácora y de los plazos: uno por hecho y persona, aunque el barrido se
repita; nunca a una persona inactiva ni por lo que hizo ella misma."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, select

from archivo import Prestamo, Verificacion
from avisos import Aviso, LecturaBitacora, generar_avisos
from correspondencia import (
    Envio,
    asignar_carta,
    planilla_de_envio,
    registrar_devolucion,
    registrar_saliente,
    vincular_carta,
)
from expedientes import Actor, Auditoria, Usuario, abrir_expediente, ahora
from seguimiento import Alerta, Convenio
from tests.correspondencia.conftest import HacerCarta
from tests.expedientes.datos import HacerPatrono, HacerUsuario

HOY = date(2026, 11, 16)


def _barrer(session: Session, hoy: date = HOY, dias: int = 2) -> list[tuple[str, str, str]]:
    """Un barrido: (persona, evento, título) de lo que creó."""
    creados = generar_avisos(session=session, hoy=hoy, ahora=ahora(), dias=dias)
    nombres = {u.id: u.nombre_usuario for u in session.exec(select(Usuario)).all()}
    return sorted((nombres[a.usuario_id], a.evento, a.titulo) for a in creados)


def _como(session: Session, usuario: Usuario | None) -> None:
    """Los cambios siguientes los hace esta persona (o un proceso sin persona)."""
    session.info["actor"] = (
        Actor(usuario.nombre_usuario, usuario.id) if usuario else Actor("prueba")
    )


def test_asignar_y_vincular_una_carta_avisa_una_vez_a_quien_le_toca(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario,
    hacer_patrono: HacerPatrono,
) -> None:  # fmt: skip
    """GIVEN una carta asignada por la secretaria a Ana y vinculada al expediente de Carlos WHEN
    se barre dos veces THEN Ana y Carlos tienen un aviso cada uno; la secretaria, ninguno."""
    secretaria = hacer_usuario("marta", "secretaria")
    ana, carlos = hacer_usuario("ana", "gestor"), hacer_usuario("carlos", "gestor")
    hacer_patrono()
    expediente = abrir_expediente(session=session, numero_patronal="310145678", tipo="cobro",
                                  hoy=HOY, gestor=carlos)  # fmt: skip
    _barrer(session)  # empieza la lectura: lo anterior no avisa de nuevo
    carta = hacer_carta(asunto="Solicitud «urgente» & <prórroga> {{ x }}", cuerpo="x")
    _como(session, secretaria)
    asignar_carta(session=session, carta=carta, destinatario=ana)
    vincular_carta(session=session, carta=carta, numero_expediente=expediente.numero)
    assert _barrer(session) == [
        ("ana", "carta_asignada",
         f"Se le asignó la carta {carta.numero}: «Solicitud «urgente» & <prórroga> {{{{ x }}}}»"),
        ("carlos", "carta_vinculada",
         f"La carta {carta.numero} se vinculó a su expediente {expediente.numero}: "
         "«Solicitud «urgente» & <prórroga> {{ x }}»"),
    ]  # fmt: skip
    assert _barrer(session) == [], "el segundo barrido no repite nada"
    # Ana se reasigna la carta a sí misma desde Carlos: nadie recibe aviso de lo que hizo.
    _como(session, ana)
    asignar_carta(session=session, carta=carta, destinatario=carlos)
    asignar_carta(session=session, carta=carta, destinatario=ana)
    assert [(p, e) for p, e, _ in _barrer(session)] == [("carlos", "carta_asignada")]


def test_una_persona_inactiva_no_recibe_avisos(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario
) -> None:
    """La asignación a alguien que después quedó inactivo no le deja aviso."""
    ana = hacer_usuario("ana", "gestor")
    _barrer(session)
    carta = hacer_carta(asunto="Pago", cuerpo="x")
    asignar_carta(session=session, carta=carta, destinatario=ana)
    ana.activo = False
    session.add(ana)
    session.flush()
    assert _barrer(session) == []
    assert session.exec(select(Aviso)).all() == []


def test_los_plazos_avisan_una_vez_por_vencer_y_una_vez_vencidos(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario
) -> None:
    """La carta del lunes 16 vence el lunes 30 (10 días hábiles): el jueves 26 está a 2 días
    hábiles (aviso «vence»); el martes 1 de diciembre venció (aviso «venció»); cada uno una vez."""
    ana = hacer_usuario("ana", "gestor")
    _barrer(session)
    carta = hacer_carta(asunto="Constancia", cuerpo="x")
    asignar_carta(session=session, carta=carta, destinatario=ana)
    _barrer(session)
    assert _barrer(session, hoy=date(2026, 11, 25)) == []
    assert _barrer(session, hoy=date(2026, 11, 26)) == [
        ("ana", "carta_por_vencer",
         f"La carta {carta.numero} vence el 30 de noviembre de 2026: «Constancia»"),
    ]  # fmt: skip
    assert _barrer(session, hoy=date(2026, 11, 27)) == []
    assert _barrer(session, hoy=date(2026, 12, 1)) == [
        ("ana", "carta_vencida",
         f"La carta {carta.numero} venció el 30 de noviembre de 2026: «Constancia»"),
    ]  # fmt: skip
    assert _barrer(session, hoy=date(2026, 12, 2)) == []


def test_prestamos_vencidos_y_verificaciones_con_problemas(
    session: Session, hacer_usuario: HacerUsuario, hacer_patrono: HacerPatrono
) -> None:
    """El archivo sabe del préstamo que no volvió; el jefe y el administrador, de la
    verificación con problemas; el gestor, de ninguno de los dos."""
    hacer_usuario("rosa", "archivo"), hacer_usuario("jose", "jefe"), hacer_usuario("admin", "admin")
    hacer_usuario("ana", "gestor")
    hacer_patrono()
    expediente = abrir_expediente(
        session=session, numero_patronal="310145678", tipo="cobro", hoy=HOY
    )
    _barrer(session)
    session.add(Prestamo(expediente_id=expediente.id or 0, persona="Lic. Pérez & Asociados",
                         oficina="Unidad Jurídica", prestado_el=HOY, vence_el=date(2026, 11, 20)))  # fmt: skip
    session.add(Verificacion(alcance="todo", correcta=False, problemas=["a", "b"],
                             terminada_en=ahora() - timedelta(hours=1)))  # fmt: skip
    session.flush()
    avisos = _barrer(session, hoy=date(2026, 11, 23))
    assert [(p, e) for p, e, _ in avisos] == [
        ("admin", "verificacion_con_problemas"), ("jose", "verificacion_con_problemas"),
        ("rosa", "prestamo_vencido"),
    ]  # fmt: skip
    assert (
        "prestado a Lic. Pérez & Asociados (Unidad Jurídica), debió volver el 20 de noviembre"
        in avisos[2][2]
    )
    assert "encontró 2 problema(s)" in avisos[0][2]
    assert _barrer(session, hoy=date(2026, 11, 24)) == []


def test_el_primer_barrido_no_avisa_del_pasado(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario
) -> None:
    """Una instalación que ya tenía historia (aquí, una asignación de hace dos días al momento del
    primer barrido) no recibe avisos de ella; de lo que pasa después, sí."""
    ana = hacer_usuario("ana", "gestor")
    vieja = hacer_carta(asunto="Vieja", cuerpo="x")
    asignar_carta(session=session, carta=vieja, destinatario=ana)
    pasado_manana = ahora() + timedelta(days=2)
    assert generar_avisos(session=session, hoy=HOY, ahora=pasado_manana, dias=2) == []
    nueva = hacer_carta(asunto="Nueva", cuerpo="x")
    asignar_carta(session=session, carta=nueva, destinatario=ana)
    titulos = [t for _, _, t in _barrer(session)]
    assert len(titulos) == 1 and "«Nueva»" in titulos[0]


def test_una_carta_devuelta_avisa_a_su_autor_y_al_gestor_del_expediente(
    session: Session, hacer_usuario: HacerUsuario, hacer_patrono: HacerPatrono
) -> None:
    """La secretaria registra la devolución: el gestor del expediente y quien la redactó lo
    saben, con el motivo; la secretaria no."""
    gestor, autor = hacer_usuario("carlos", "gestor"), hacer_usuario("ana", "gestor")
    secretaria = hacer_usuario("marta", "secretaria")
    hacer_patrono()
    expediente = abrir_expediente(session=session, numero_patronal="310145678", tipo="cobro",
                                  hoy=HOY, gestor=gestor)  # fmt: skip
    salida = registrar_saliente(
        session=session, asunto="Aviso de cobro", destinatario="Pérez & Cía <S.A.>", emitida_el=HOY,
        dominio_correo="isss.gob.sv", envio=Envio("mensajero"), expediente=expediente,
        autor_id=autor.id,
    )  # fmt: skip
    planilla_de_envio(session=session, hoy=HOY)
    _barrer(session)
    _como(session, secretaria)
    registrar_devolucion(session=session, saliente=salida, expediente=expediente,
                         usuario=secretaria, motivo="Dirección «inexistente»")  # fmt: skip
    texto = f"La carta {salida.numero} a Pérez & Cía <S.A.> fue devuelta sin entregar: Dirección «inexistente»"
    assert _barrer(session) == [
        ("ana", "salida_devuelta", texto), ("carlos", "salida_devuelta", texto),
    ]  # fmt: skip


def test_un_convenio_incumplido_y_su_cuota_vencida_avisan_al_gestor_y_a_los_jefes(
    session: Session, hacer_usuario: HacerUsuario, hacer_patrono: HacerPatrono
) -> None:
    """El convenio pasa a incumplido y nace la alerta de su cuota vencida (como lo hace la
    revisión de cuotas): su gestor y cada jefe lo saben; el jefe inactivo, no."""
    gestor, jefe = hacer_usuario("carlos", "gestor"), hacer_usuario("jose", "jefe")
    hacer_usuario("viejo", "jefe", activo=False)
    hacer_patrono()
    expediente = abrir_expediente(session=session, numero_patronal="310145678", tipo="cobro",
                                  hoy=HOY, gestor=gestor)  # fmt: skip
    convenio = Convenio(expediente_id=expediente.id or 0, documento_numero="DRP-2026-000031",
                        estado="vigente", prima=Decimal("100.00"), financiado=Decimal("900.00"),
                        total=Decimal("1000.00"), cuotas_para_incumplir=2)  # fmt: skip
    session.add(convenio)
    session.flush()
    _barrer(session)
    convenio.estado = "incumplido"
    session.add(convenio)
    session.add(Alerta(expediente_id=expediente.id or 0, convenio_id=convenio.id,
                       clave="cuota-3-vencida:DRP-2026-000031", tipo="cuota-vencida",
                       mensaje="La cuota 3 del convenio DRP-2026-000031 venció el 10 de noviembre & sigue sin pagarse",
                       creada_el=HOY))  # fmt: skip
    session.flush()
    avisos = _barrer(session)
    assert [(p, e) for p, e, _ in avisos] == [
        ("carlos", "convenio_incumplido"), ("carlos", "cuota_vencida"),
        ("jose", "convenio_incumplido"), ("jose", "cuota_vencida"),
    ]  # fmt: skip
    assert avisos[0][2] == (
        f"El convenio DRP-2026-000031 del expediente {expediente.numero} cayó en incumplimiento"
    )
    assert jefe.id is not None and _barrer(session) == []


def test_un_renglon_que_se_confirma_tarde_con_un_id_menor_avisa_igual_y_una_vez(
    session: Session, hacer_carta: HacerCarta, hacer_usuario: HacerUsuario
) -> None:
    """Como en PostgreSQL cuando una transacción larga confirma después de otra: el barrido ve el
    renglón N+2 antes que el N+1. El N+1 queda como hueco; cuando aparece, avisa (una vez); un
    hueco que nunca se llena se olvida pasada la ventana."""
    ana, beto = hacer_usuario("ana", "gestor"), hacer_usuario("beto", "gestor")
    primera, segunda = (
        hacer_carta(asunto="Primera", cuerpo="x"),
        hacer_carta(asunto="Segunda", cuerpo="x"),
    )
    _barrer(session)
    base = session.exec(select(func.max(Auditoria.id))).one() or 0

    def renglon(id_: int, carta_id: int | None, usuario: Usuario) -> None:
        session.add(Auditoria(id=id_, actor="prueba", accion="modificar", entidad="correspondencia",
                              entidad_id=str(carta_id), despues={"asignado_id": usuario.id}))  # fmt: skip
        session.flush()

    renglon(base + 2, segunda.id, beto)
    assert [(p, e) for p, e, _ in _barrer(session)] == [("beto", "carta_asignada")]
    lectura = session.get(LecturaBitacora, 1)
    assert lectura is not None and list(lectura.huecos) == [str(base + 1)]
    renglon(base + 1, primera.id, ana)
    assert [(p, e) for p, e, _ in _barrer(session)] == [("ana", "carta_asignada")]
    assert lectura.huecos == {} and _barrer(session) == []
    renglon(base + 4, primera.id, beto)
    _barrer(session)
    assert list(lectura.huecos) == [str(base + 3)]
    generar_avisos(session=session, hoy=HOY, ahora=ahora() + timedelta(minutes=16), dias=2)
    assert lectura.huecos == {}, "un hueco de una transacción revertida se olvida"
