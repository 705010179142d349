"""Los tipos de correspondencia y su plazo de respuesta en días hábiles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from expedientes import ZONA_LOCAL, Settings, dias_habiles_despues

TIPOS_DE_CARTA = {
    "general": "General",
    "solicitud_patrono": "Solicitud de patrono",
    "oficio_isss": "Oficio de otra dependencia del ISSS",
    "unidad_juridica": "Unidad Jurídica",
    "institucion_externa": "Ministerio u otra institución",
    "respuesta_patrono": "Respuesta de patrono",
}


@dataclass(frozen=True)
class ReglasDePlazo:
    """Cuántos días hábiles hay para responder, por tipo (con un valor por omisión)."""

    por_omision: int = 10
    por_tipo: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def desde(cls, settings: Settings) -> ReglasDePlazo:
        """Las reglas configuradas (RECUPERA_PLAZO_RESPUESTA_DIAS, RECUPERA_PLAZOS_RESPUESTA)."""
        return cls(settings.plazo_respuesta_dias, dict(settings.plazos_respuesta))

    def dias(self, tipo: str) -> int:
        """Días hábiles para responder una carta de este tipo."""
        return self.por_tipo.get(tipo, self.por_omision)

    def vencimiento(self, *, tipo: str, recibido_en: datetime, automatico: bool) -> date | None:
        """El último día para responder: cuenta desde el día hábil siguiente a la recepción."""
        if automatico:
            return None
        dia_local = recibido_en.astimezone(ZONA_LOCAL).date()
        return dias_habiles_despues(dia_local, self.dias(tipo))
