"""Los filtros de las páginas: los formatos comunes (`expedientes.formatos`, con «—» donde no hay
valor) y los nombres de etapas, tipos, roles, estados y plazos tal como los dan los servicios (también
los de los valores con código de la bitácora)."""

from __future__ import annotations

from datetime import date
from email.utils import parseaddr

from flask import Flask

from avisos import NOMBRES_PREFERENCIA
from correspondencia import (
    NOMBRES_CANAL,
    NOMBRES_ESTADO_CARTA,
    NOMBRES_ESTADO_SALIDA,
    TIPOS_DE_CARTA,
    Plazo,
    describir_plazo,
    nombre_del_remitente,
)
from expedientes import (
    ACCIONES_BITACORA,
    ETAPAS_FINALES,
    NOMBRES_DE_VALORES_BITACORA,
    NOMBRES_ETAPA,
    NOMBRES_ROL,
    NOMBRES_TIPO_EXPEDIENTE,
    NombresDeValores,
    dui,
    espera,
    fecha_larga,
    fecha_u_hora,
    hoy,
    moneda,
    nit,
    o_guion,
    periodo_corto,
    tamano,
)
from plantillas import NOMBRES_ESTADO_DOCUMENTO
from seguimiento import (
    NOMBRES_ESTADO_CONVENIO,
    NOMBRES_ESTADO_JURIDICA,
    NOMBRES_ESTADO_TRANSACCION,
)

# Los valores con código que guarda la bitácora, (entidad, campo) → nombres: los del dominio
# compartido y los de cada capacidad, con los mismos nombres que les dan sus páginas.
NOMBRES_EN_LA_BITACORA: NombresDeValores = {
    **NOMBRES_DE_VALORES_BITACORA,
    ("correspondencia", "estado"): NOMBRES_ESTADO_CARTA,
    ("correspondencia", "tipo"): TIPOS_DE_CARTA,
    ("saliente", "estado"): NOMBRES_ESTADO_SALIDA,
    ("saliente", "canal"): NOMBRES_CANAL,
    ("documento_generado", "estado"): NOMBRES_ESTADO_DOCUMENTO,
    ("convenio", "estado"): NOMBRES_ESTADO_CONVENIO,
    ("transaccion", "estado"): NOMBRES_ESTADO_TRANSACCION,
    ("informe_juridica", "estado"): NOMBRES_ESTADO_JURIDICA,
    ("usuario", "avisos_correo"): NOMBRES_PREFERENCIA,
}


def valor_bitacora(valor: object) -> str:
    """Un valor de la bitácora legible: vacío como «—», verdadero/falso como Sí/No."""
    if valor is None or valor == "":
        return "—"
    if isinstance(valor, bool):
        return "Sí" if valor else "No"
    return str(valor)


def direccion_del_remitente(remitente: str) -> str:
    """La dirección de correo de «Nombre <correo@…>» (o "" si no trae una)."""
    direccion = parseaddr(remitente)[1]
    return direccion if "@" in direccion else ""


def plazo_de_carta(vence_el: date | None, estado: str, dia: date | None = None) -> Plazo:
    """El plazo de la carta hoy (o el día dado), como lo describe la correspondencia."""
    return describir_plazo(vence_el, estado, dia or hoy())


def iniciar(app: Flask) -> None:
    """Registra los filtros en Jinja."""
    app.jinja_env.filters.update(
        dinero=o_guion(moneda),
        fecha_larga=o_guion(fecha_larga),
        fecha=o_guion(fecha_u_hora),
        periodo=periodo_corto,
        nit=o_guion(nit),
        dui=o_guion(dui),
        etapa=lambda v: NOMBRES_ETAPA.get(v, v),
        tipo=lambda v: NOMBRES_TIPO_EXPEDIENTE.get(v, v),
        rol=lambda v: NOMBRES_ROL.get(v, v),
        accion=lambda v: ACCIONES_BITACORA.get(v, v),
        final=lambda v: v in ETAPAS_FINALES,
        valor=valor_bitacora,
        estado_carta=lambda v: NOMBRES_ESTADO_CARTA.get(v, v),
        estado_salida=lambda v: NOMBRES_ESTADO_SALIDA.get(v, v),
        tipo_carta=lambda v: TIPOS_DE_CARTA.get(v, v),
        plazo=plazo_de_carta,
        tamano=o_guion(tamano),
        estado_documento=lambda v: NOMBRES_ESTADO_DOCUMENTO.get(v, v),
        espera=o_guion(espera),
        remitente=nombre_del_remitente,
        direccion=direccion_del_remitente,
    )
