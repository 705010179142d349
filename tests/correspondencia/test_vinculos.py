"""Vínculo automático al registrar: una coincidencia clara se aplica con su razón; ninguna o
varias dejan la carta para clasificación con sus candidatos."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from correspondencia import Envio, registrar_saliente
from correspondencia.modelos import Saliente
from correspondencia.vinculos import candidatos_por_remitente, indicios_en
from expedientes import Etapa, Expediente, abrir_expediente
from tests.correspondencia.conftest import HacerCarta
from tests.correspondencia.corpus import pdf_minimo
from tests.expedientes.datos import NIT_ESPIGA, NIT_PEREZ, HacerPatrono

HOY = date(2026, 11, 16)


def _expediente(session: Session, numero_patronal: str) -> Expediente:
    return abrir_expediente(session=session, numero_patronal=numero_patronal, tipo="cobro", hoy=HOY)


def test_indicios_toleran_espacios_guiones_y_puntos_del_ocr() -> None:
    """NIT con o sin guiones, EXP y CS con espacios, número patronal tras su etiqueta con espacios."""
    ind = indicios_en(
        [
            "Ref. EXP 2026 - 7 y nuestra cs-2026-000045; NIT 0614 010190 102 3",
            "Número patronal: 310 145 678. Tel. 2244-4777",
        ]
    )
    assert ind.expedientes == {"EXP-2026-00007"}
    assert ind.salidas == {"CS-2026-000045"}
    assert "06140101901023" in ind.nits
    assert "310145678" in ind.numeros_patronales
    # Un NIT formateado no aporta números patronales falsos con sus trozos.
    assert "010190" not in ind.numeros_patronales


def test_el_numero_de_expediente_en_el_asunto_vincula_con_su_razon(
    session: Session, hacer_patrono: HacerPatrono, hacer_carta: HacerCarta
) -> None:
    """GIVEN un expediente; WHEN llega una carta que lo cita THEN queda vinculada y dice por qué."""
    hacer_patrono()
    exp = _expediente(session, "310145678")
    carta = hacer_carta(asunto=f"Respuesta & aclaración «{exp.numero}»", cuerpo="Adjunto pago.")
    assert carta.expediente_id == exp.id
    assert carta.patrono_id == exp.patrono_id
    assert carta.vinculo_motivo == f"Vinculada porque cita el expediente {exp.numero}"


def test_el_nit_en_el_texto_de_un_pdf_adjunto_vincula_al_unico_expediente_abierto(
    session: Session, hacer_patrono: HacerPatrono, hacer_carta: HacerCarta
) -> None:
    """El NIT solo aparece dentro del PDF: basta para encontrar al patrono y su expediente."""
    hacer_patrono()
    exp = _expediente(session, "310145678")
    pdf = pdf_minimo(f"Constancia de pago NIT {NIT_PEREZ}")
    carta = hacer_carta(
        asunto="Constancia", cuerpo="Ver adjunto.", adjuntos=[("c.pdf", "application/pdf", pdf)]
    )
    assert carta.expediente_id == exp.id
    assert "NIT del patrono" in carta.vinculo_motivo
    assert "un solo expediente abierto" in carta.vinculo_motivo


def test_un_patrono_con_dos_expedientes_abiertos_vincula_solo_el_patrono(
    session: Session, hacer_patrono: HacerPatrono, hacer_carta: HacerCarta
) -> None:
    """El patrono es claro pero el expediente no: queda para clasificación con los candidatos."""
    p = hacer_patrono()
    uno, otro = _expediente(session, "310145678"), _expediente(session, "310145678")
    carta = hacer_carta(asunto="Consulta", cuerpo="Número patronal 310145678, favor informar.")
    assert carta.patrono_id == p.id
    assert carta.expediente_id is None
    assert uno.numero in carta.vinculo_motivo and otro.numero in carta.vinculo_motivo


def test_los_expedientes_cerrados_no_cuentan_como_abiertos(
    session: Session, hacer_patrono: HacerPatrono, hacer_carta: HacerCarta
) -> None:
    """Con un expediente cerrado y uno abierto, el abierto es el único candidato."""
    hacer_patrono()
    cerrado, abierto = _expediente(session, "310145678"), _expediente(session, "310145678")
    cerrado.etapa = Etapa.CERRADO
    session.add(cerrado)
    session.flush()
    carta = hacer_carta(asunto="Pago", cuerpo="Patronal 310145678")
    assert carta.expediente_id == abierto.id


def test_dos_expedientes_citados_van_a_clasificacion(
    session: Session, hacer_patrono: HacerPatrono, hacer_carta: HacerCarta
) -> None:
    """Citar dos expedientes distintos es ambiguo: nada se vincula, ambos quedan como candidatos."""
    hacer_patrono()
    hacer_patrono(numero_patronal="320000111", razon_social="Otra", nit=NIT_ESPIGA)
    a, b = _expediente(session, "310145678"), _expediente(session, "320000111")
    carta = hacer_carta(asunto=f"{a.numero} y {b.numero}", cuerpo="")
    assert carta.expediente_id is None and carta.patrono_id is None
    assert a.numero in carta.vinculo_motivo and b.numero in carta.vinculo_motivo


def test_expediente_citado_con_numero_patronal_de_otro_patrono_es_ambiguo(
    session: Session, hacer_patrono: HacerPatrono, hacer_carta: HacerCarta
) -> None:
    """El expediente es de un patrono y el texto cita a otro: no se adivina."""
    hacer_patrono()
    hacer_patrono(numero_patronal="320000111", razon_social="Otra", nit=NIT_ESPIGA)
    a = _expediente(session, "310145678")
    carta = hacer_carta(asunto=a.numero, cuerpo="Número patronal 320000111")
    assert carta.expediente_id is None


def test_sin_indicios_la_carta_queda_sin_vincular(
    session: Session, hacer_patrono: HacerPatrono, hacer_carta: HacerCarta
) -> None:
    """Números que no son de ningún patrono (teléfonos, montos) no vinculan nada."""
    hacer_patrono()
    _expediente(session, "310145678")
    carta = hacer_carta(asunto="Invitación {{ x }}", cuerpo="Llame al 22444777 o al 123456789.")
    assert carta.expediente_id is None and carta.patrono_id is None
    assert carta.vinculo_motivo == ""


def test_una_respuesta_a_nuestra_carta_se_une_a_su_hilo(
    session: Session, hacer_patrono: HacerPatrono, hacer_carta: HacerCarta
) -> None:
    """In-Reply-To con el Message-ID de nuestra CS vincula al expediente de esa salida."""
    hacer_patrono()
    exp = _expediente(session, "310145678")
    salida = registrar_saliente(
        session=session,
        asunto="Aviso de cobro",
        destinatario="Pérez & Cía",
        emitida_el=HOY,
        dominio_correo="recupera.isss.gob.sv",
        envio=Envio("correo", "cobros@perez.com.sv"),
        expediente=exp,
    )
    assert isinstance(salida, Saliente) and salida.message_id
    carta = hacer_carta(
        asunto="RE: Aviso de cobro", cuerpo="Recibido, gracias.", in_reply_to=salida.message_id
    )
    assert carta.expediente_id == exp.id
    assert carta.vinculo_motivo == f"Responde a nuestra {salida.numero} (hilo)"


def test_un_numero_patronal_de_nueve_cifras_sin_su_etiqueta_vincula(
    session: Session, hacer_patrono: HacerPatrono, hacer_carta: HacerCarta
) -> None:
    """«310145678» a secas (sin la palabra «patronal») es el número patronal del patrono, no
    solo un DUI sin guion: la carta se vincula a su único expediente abierto."""
    hacer_patrono()
    exp = _expediente(session, "310145678")
    carta = hacer_carta(asunto="Pago de planillas & «mora»", cuerpo="Nuestro número: 310145678.")
    assert (carta.patrono_id, carta.expediente_id) == (exp.patrono_id, exp.id)
    assert "cita el número patronal 310145678" in carta.vinculo_motivo
    # Un DUI con su guion sigue siendo solo un DUI.
    assert indicios_en(["DUI 03456789-1"]).numeros_patronales == set()


def test_los_candidatos_de_una_carta_sin_numeros_salen_de_quien_escribe(
    session: Session, hacer_patrono: HacerPatrono
) -> None:
    """Sin ningún número citado, el correo del remitente (sin distinguir mayúsculas) o su nombre
    dentro de la razón social proponen al patrono y sus expedientes abiertos."""
    p = hacer_patrono(
        razon_social="Distribuidora Ñandú & Hijos, S.A. de C.V.", correo="Pagos@Perez-Cia.com.sv"
    )
    exp = _expediente(session, "310145678")
    por_correo = candidatos_por_remitente(session, "pagos@perez-cia.com.sv", "")
    assert [(c.id, abiertos) for c, abiertos in por_correo] == [(p.id, [exp.numero])]
    por_nombre = candidatos_por_remitente(session, "", "DISTRIBUIDORA ÑANDU")
    assert [c.id for c, _ in por_nombre] == [p.id]
    assert candidatos_por_remitente(session, "otro@correo.sv", "Ana") == []
