"""Los expedientes de la demostración: uno por patrono en mora, abierto en su día del último año y
llevado por su camino de etapas (gestión, convenio, Consejo, Jurídica, cierre o anulación), cada
paso unos días hábiles después del anterior.

Aquí también vive `Departamento`: lo que todas las historias de la demostración comparten (la
sesión, las personas, el día de la demostración y el último día trabajado, los casos y la agenda).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session

from expedientes import (
    ETAPAS_FINALES,
    Etapa,
    Expediente,
    TipoExpediente,
    Usuario,
    abrir_expediente,
    cambiar_etapa,
    habil_desde,
    registrar_gestion,
)
from recupera.demo_reloj import Agenda, Historia, habiles_despues, momento

CASOS = 34  # los seis patronos restantes están al día
_ETAPAS_DEMO = [
    # (tipo, camino de etapas desde "abierto", motivo de la última transición)
    (TipoExpediente.COBRO, [], ""),
    (TipoExpediente.COBRO, [Etapa.EN_GESTION], ""),
    (TipoExpediente.CONVENIO, [Etapa.EN_GESTION, Etapa.EN_CONVENIO], ""),
    (TipoExpediente.TRANSACCION, [Etapa.EN_GESTION, Etapa.EN_CONSEJO], ""),
    (TipoExpediente.JURIDICA, [Etapa.EN_GESTION, Etapa.EN_JURIDICA], ""),
    (TipoExpediente.COBRO, [Etapa.EN_GESTION, Etapa.CERRADO], ""),
    (
        TipoExpediente.COBRO,
        [Etapa.ANULADO],
        "Abierto por error: el patrono pagó antes de la apertura.",
    ),
]


@dataclass
class Caso:
    """Un expediente de la demostración: de quién, de qué tipo, cuándo se abre y sus pasos."""

    patrono: dict[str, str]
    tipo: TipoExpediente
    gestor: str | None  # el nombre de usuario de quien lo lleva
    apertura: date
    pasos: list[tuple[Etapa, date]]
    motivo: str = ""
    asunto: str = "Mora de cotizaciones según estado de cuenta"
    convenio: date | None = None  # el día en que el patrono firma su convenio de pago
    expediente: Expediente | None = None

    def etapa_el(self, dia: date) -> Etapa:
        """La etapa en que estaba ese día (la apertura cuenta como abierto)."""
        return next((e for e, d in reversed(self.pasos) if d <= dia), Etapa.ABIERTO)

    def activo_el(self, dia: date) -> bool:
        """Si ese día ya estaba abierto y aún no se había cerrado ni anulado."""
        return self.apertura <= dia and (self.cierre is None or dia < self.cierre)

    @property
    def cierre(self) -> date | None:
        """El día en que se cierra o se anula, si pasa."""
        return next((d for e, d in self.pasos if e in ETAPAS_FINALES), None)

    @property
    def sigue_abierto(self) -> bool:
        """Si no se cierra ni se anula en toda la historia (lo que queda pendiente en él, como una
        carta por responder o un documento en redacción, no queda en un expediente cerrado)."""
        return self.cierre is None

    @property
    def abierto(self) -> Expediente:
        """El expediente, ya abierto (las historias que lo usan empiezan después)."""
        assert self.expediente is not None, f"el caso de {self.patrono['razon_social']} aún no abre"
        return self.expediente


@dataclass
class Departamento:
    """Lo que comparten las historias: la sesión, las personas, el día de la demostración (`hoy`)
    y el último día trabajado hasta él (`ultimo`), los casos y la agenda donde se cuentan."""

    session: Session
    personas: dict[str, Usuario]
    hoy: date
    ultimo: date
    agenda: Agenda
    casos: list[Caso] = field(default_factory=list)

    def gestor_de(self, caso: Caso) -> Usuario:
        """Quien lleva el caso (el gestor, si nadie lo lleva todavía)."""
        return self.personas[caso.gestor or "gestor"]

    def elegir(self, dia: date, condicion: Callable[[Caso], bool]) -> list[Caso]:
        """Los casos activos ese día (y abiertos desde antes) que cumplen la condición, en orden
        de apertura (el de su número)."""
        return [c for c in self.casos if c.activo_el(dia) and c.apertura < dia and condicion(c)]


def _pasos(rng: random.Random, apertura: date, camino: list[Etapa], ultimo: date) -> list[tuple[Etapa, date]]:  # fmt: skip
    """El día de cada paso: el primero a los pocos días hábiles de la apertura, los demás semanas
    después; ninguno pasa del último día trabajado."""
    pasos, dia = [], apertura
    for etapa in camino:
        espera = rng.randrange(1, 9) if dia == apertura else rng.randrange(5, 26)
        dia = min(ultimo, habiles_despues(dia, espera))
        pasos.append((etapa, dia))
    return pasos


def planear_casos(
    rng: random.Random, patronos: list[dict[str, str]], hoy: date, ultimo: date
) -> list[Caso]:
    """Un caso por patrono en mora, abiertos en días hábiles de hace tres semanas a catorce meses,
    en orden de apertura."""
    gestores = ["gestor", "gestora2", "jefe", None]
    aperturas = sorted(
        min(ultimo, habil_desde(hoy - timedelta(days=rng.randrange(20, 420)))) for _ in range(CASOS)
    )
    casos = []
    for i, (p, abierto) in enumerate(zip(patronos[:CASOS], aperturas, strict=True)):
        tipo, camino, motivo = _ETAPAS_DEMO[i % len(_ETAPAS_DEMO)]
        gestor = gestores[i % len(gestores)] if camino or i % 2 else None
        casos.append(Caso(p, tipo, gestor, abierto, _pasos(rng, abierto, camino, ultimo), motivo))
    return casos


def historia_del_caso(dep: Departamento, caso: Caso) -> Historia:
    """Se abre temprano en su día; cada paso, a media mañana del suyo."""
    yield momento(caso.apertura, 8, 40)
    caso.expediente = abrir_expediente(
        session=dep.session, numero_patronal=caso.patrono["numero_patronal"], tipo=caso.tipo,
        hoy=caso.apertura, asunto=caso.asunto,
        gestor=dep.personas[caso.gestor] if caso.gestor else None,
    )  # fmt: skip
    for orden, (etapa, dia) in enumerate(caso.pasos):
        yield momento(dia, 10 + orden, 20)
        _dar_paso(dep, caso, etapa, dia, ultimo=orden == len(caso.pasos) - 1)


def _dar_paso(dep: Departamento, caso: Caso, etapa: Etapa, dia: date, ultimo: bool) -> None:
    """La gestión que lo pone en gestión, o el cambio de etapa (con su motivo, si es el último)."""
    if etapa == Etapa.EN_GESTION:
        registrar_gestion(
            session=dep.session, expediente=caso.abierto, tipo="llamada", fecha=dia,
            nota=f"Se llamó a {caso.patrono['representante_legal']}; ofrece presentar propuesta "
            "de pago.",
            autor=dep.gestor_de(caso), hoy=dia,
        )  # fmt: skip
        return
    cambiar_etapa(session=dep.session, expediente=caso.abierto, nueva=etapa, hoy=dia,
                  motivo=caso.motivo if ultimo else "")  # fmt: skip
