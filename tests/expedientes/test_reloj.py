"""El reloj del dominio: `ahora()` y `hoy()` leen el reloj fijado mientras rige (la hora de la
zona que piden), y el del sistema antes y después, también si el bloque falla."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

import pytest

from expedientes import ZONA_LOCAL, ahora, hoy, reloj_fijado

# 23:30 del 31 de diciembre en San Salvador: ya es 1 de enero en UTC.
FIJO = datetime(2026, 12, 31, 23, 30, tzinfo=ZONA_LOCAL)


def _reloj(zona: tzinfo) -> datetime:
    return FIJO.astimezone(zona)


def test_ahora_y_hoy_leen_el_reloj_fijado_y_vuelven_al_del_sistema() -> None:
    with reloj_fijado(_reloj):
        assert ahora() == FIJO and ahora().tzinfo == UTC
        assert hoy() == date(2026, 12, 31) and ahora().date() == date(2027, 1, 1)
    assert abs((ahora() - datetime.now(UTC)).total_seconds()) < 5
    with pytest.raises(RuntimeError), reloj_fijado(_reloj):
        raise RuntimeError("falla dentro")
    assert abs((ahora() - datetime.now(UTC)).total_seconds()) < 5
