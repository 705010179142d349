"""La máquina de estados del expediente: todas las transiciones, motivos y mensajes."""

from __future__ import annotations

from itertools import product

import pytest

from expedientes.errores import ErrorDominio, TransicionNoPermitida
from expedientes.etapas import CICLO_EXPEDIENTE as CICLO
from expedientes.etapas import (
    ETAPAS_FINALES,
    NOMBRES_ETAPA,
    REQUIEREN_MOTIVO,
    TRANSICIONES,
    Etapa,
)

validar_transicion, siguientes = CICLO.validar, CICLO.siguientes

PERMITIDAS = sorted((o, d) for o, destinos in TRANSICIONES.items() for d in destinos)
NO_PERMITIDAS = [(o, d) for o, d in product(Etapa, Etapa) if d not in TRANSICIONES[o]]
MOTIVO = "El patrono presentó constancia de pago de «Pérez & Cía» <S.A.> el 05/03/2026"


def _id(par: tuple[Etapa, Etapa]) -> str:
    return f"{par[0].value}->{par[1].value}"


def test_la_tabla_cubre_todas_las_etapas_y_reparte_todos_los_pares() -> None:
    """Cada etapa tiene su renglón y los 49 pares están o permitidos o no (la prueba los cubre todos)."""
    assert set(TRANSICIONES) == set(Etapa)
    assert len(PERMITIDAS) + len(NO_PERMITIDAS) == len(Etapa) ** 2
    assert set(REQUIEREN_MOTIVO) <= set(PERMITIDAS)


def test_la_tabla_es_la_acordada_con_el_departamento() -> None:
    """Las transiciones permitidas son exactamente las de la máquina de estados documentada."""
    assert set(PERMITIDAS) == {
        (Etapa.ABIERTO, Etapa.EN_GESTION),
        (Etapa.ABIERTO, Etapa.ANULADO),
        (Etapa.EN_GESTION, Etapa.EN_CONVENIO),
        (Etapa.EN_GESTION, Etapa.EN_CONSEJO),
        (Etapa.EN_GESTION, Etapa.EN_JURIDICA),
        (Etapa.EN_GESTION, Etapa.CERRADO),
        (Etapa.EN_CONVENIO, Etapa.EN_GESTION),
        (Etapa.EN_CONVENIO, Etapa.EN_CONSEJO),
        (Etapa.EN_CONVENIO, Etapa.EN_JURIDICA),
        (Etapa.EN_CONVENIO, Etapa.CERRADO),
        (Etapa.EN_CONSEJO, Etapa.EN_GESTION),
        (Etapa.EN_CONSEJO, Etapa.CERRADO),
        (Etapa.EN_JURIDICA, Etapa.EN_GESTION),
        (Etapa.EN_JURIDICA, Etapa.CERRADO),
        (Etapa.CERRADO, Etapa.EN_GESTION),
    }
    assert TRANSICIONES[Etapa.ANULADO] == frozenset()


@pytest.mark.parametrize("par", PERMITIDAS, ids=_id)
def test_toda_transicion_permitida_se_acepta_con_motivo(par: tuple[Etapa, Etapa]) -> None:
    """Cada par de la tabla devuelve la etapa destino (con motivo, para cubrir las que lo piden)."""
    origen, destino = par
    assert validar_transicion(origen.value, destino.value, MOTIVO) is destino


@pytest.mark.parametrize("par", [p for p in PERMITIDAS if p not in REQUIEREN_MOTIVO], ids=_id)
def test_transicion_que_no_pide_motivo_se_acepta_sin_el(par: tuple[Etapa, Etapa]) -> None:
    """Las transiciones ordinarias no exigen motivo."""
    origen, destino = par
    assert validar_transicion(origen.value, destino.value, "") is destino


@pytest.mark.parametrize("par", NO_PERMITIDAS, ids=_id)
def test_todo_par_fuera_de_la_tabla_se_rechaza(par: tuple[Etapa, Etapa]) -> None:
    """Cualquier par no listado (incluido quedarse en la misma etapa) lanza TransicionNoPermitida."""
    origen, destino = par
    with pytest.raises(TransicionNoPermitida, match="no puede pasar a"):
        validar_transicion(origen.value, destino.value, MOTIVO)


@pytest.mark.parametrize("par", sorted(REQUIEREN_MOTIVO), ids=_id)
@pytest.mark.parametrize("motivo", ["", "   ", "\n\t"])
def test_transicion_que_pide_motivo_se_rechaza_sin_el(
    par: tuple[Etapa, Etapa], motivo: str
) -> None:
    """Reabrir, anular o volver del Consejo sin motivo (o solo con espacios) se rechaza."""
    origen, destino = par
    with pytest.raises(TransicionNoPermitida) as exc:
        validar_transicion(origen.value, destino.value, motivo)
    mensaje = str(exc.value)
    assert "requiere un motivo" in mensaje
    assert f"«{NOMBRES_ETAPA[origen]}»" in mensaje
    assert f"«{NOMBRES_ETAPA[destino]}»" in mensaje


def test_las_transiciones_con_motivo_son_reabrir_anular_y_volver_del_consejo_o_de_juridica() -> (
    None
):
    """Piden motivo exactamente: cerrado→en gestión, abierto→anulado, en Consejo→en gestión y
    en Jurídica→en gestión (la devolución de la Unidad Jurídica)."""
    assert frozenset(REQUIEREN_MOTIVO) == {
        (Etapa.CERRADO, Etapa.EN_GESTION),
        (Etapa.ABIERTO, Etapa.ANULADO),
        (Etapa.EN_CONSEJO, Etapa.EN_GESTION),
        (Etapa.EN_JURIDICA, Etapa.EN_GESTION),
    }


def test_mensaje_de_rechazo_nombra_la_etapa_actual_y_las_posibles() -> None:
    """El mensaje dice en español dónde está el caso, a dónde no puede ir y a dónde sí."""
    with pytest.raises(TransicionNoPermitida) as exc:
        validar_transicion("abierto", "cerrado", MOTIVO)
    assert str(exc.value) == (
        "Un expediente en etapa «Abierto» no puede pasar a «Cerrado». "
        "Etapas posibles: En gestión de cobro, Anulado."
    )


def test_mensaje_de_rechazo_desde_anulado_dice_que_no_hay_ninguna() -> None:
    """Anulado es definitivo: el mensaje dice «ninguna» como etapa posible."""
    with pytest.raises(TransicionNoPermitida) as exc:
        validar_transicion("anulado", "en_gestion", MOTIVO)
    mensaje = str(exc.value)
    assert "«Anulado»" in mensaje
    assert "«En gestión de cobro»" in mensaje
    assert "Etapas posibles: ninguna." in mensaje


def test_etapa_destino_inexistente_se_rechaza_nombrandola() -> None:
    """Una etapa que no existe se rechaza con su nombre, sin caerse con ValueError."""
    with pytest.raises(TransicionNoPermitida, match="«archivado» no existe"):
        validar_transicion("en_gestion", "archivado", MOTIVO)


def test_transicion_no_permitida_es_un_error_de_dominio() -> None:
    """La web y la CLI la muestran como cualquier otro ErrorDominio."""
    assert issubclass(TransicionNoPermitida, ErrorDominio)


def test_siguientes_lista_las_posibles_en_el_orden_de_la_enumeracion() -> None:
    """Las etapas siguientes salen en el orden del flujo, no en el del conjunto."""
    assert siguientes("en_gestion") == [
        Etapa.EN_CONVENIO,
        Etapa.EN_CONSEJO,
        Etapa.EN_JURIDICA,
        Etapa.CERRADO,
    ]
    assert siguientes("anulado") == []


def test_las_etapas_finales_son_cerrado_y_anulado() -> None:
    """Cerrado y anulado son las etapas finales (fijan la fecha de cierre)."""
    assert frozenset({Etapa.CERRADO, Etapa.ANULADO}) == ETAPAS_FINALES
