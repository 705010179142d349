"""Un contexto de ejemplo para un contrato: un expediente de cobro plausible, con mora, gestor,
firma, una carta vinculada y un valor válido en cada entrada.

Se arma con las mismas funciones que el contexto real (`contexto`, `entradas`, `calculos`), así
tiene su misma forma. Sirve para evaluar, al subir una plantilla, cada expresión de su contrato y
la plantilla misma: la que falla con estos datos fallaría con los de cualquier expediente, y se
rechaza entonces en vez de fallar en cada borrador.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from expedientes import (
    EstadoDeuda,
    Expediente,
    Gestion,
    LineaDeuda,
    Patrono,
    TipoGestion,
    Usuario,
    habil_desde,
    sumar_meses,
)
from plantillas.calculos import CALCULOS
from plantillas.contexto import (
    CARGO_FIRMA,
    deuda_como_datos,
    expediente_como_datos,
    gestion_como_datos,
    patrono_como_datos,
    persona_como_datos,
)
from plantillas.contrato import Contrato, Entrada
from plantillas.entorno import entorno
from plantillas.entradas import validar_entradas
from plantillas.puertos import CartaCitada

CARTA = CartaCitada(
    numero="CE-2026-000001",
    recibida_el=date(2026, 3, 2),
    remitente="María José Castaneda <mjcastaneda@perez.com.sv>",
    referencia_remitente="Ref. «PC/2026-15»",
    asunto="Solicitud de convenio de pago",
)
_PATRONO = Patrono(
    numero_patronal="310145678",
    nit="0614-010190-102-3",
    razon_social="Comercial Pérez & Cía, S.A. de C.V.",
    nombre_comercial="Pérez & Cía",
    direccion="Calle Arce #1234, Col. Escalón",
    municipio="San Salvador",
    departamento="San Salvador",
    representante_legal="María José Castaneda",
    dui_representante="00016297-5",
    correo="pagos@perez.com.sv",
    telefono="2222-0000",
    sucursal="San Salvador",
)


def _persona(nombre_usuario: str, nombre_completo: str, rol: str) -> Usuario:
    return Usuario(
        nombre_usuario=nombre_usuario,
        nombre_completo=nombre_completo,
        rol=rol,
        correo=f"{nombre_usuario}@isss.gob.sv",
        sucursal="San Salvador",
        password_hash="",
        token_sesion="",
    )


_GESTOR = _persona("cmejia", "Carlos Alberto Mejía Peña", "gestor")
_JEFE = _persona("jaguilar", "José Roberto Aguilar Núñez", "jefe")


def contexto_de_ejemplo(contrato: Contrato, hoy: date) -> dict[str, Any]:
    """El contexto completo de un documento de ejemplo con este contrato (las entradas que no
    se pueden llenar quedan en None, como en un borrador al que le faltan)."""
    raices = _raices(contrato, hoy)
    datos = {
        e.nombre: valor
        for e in contrato.entradas
        if (valor := _valor_de_ejemplo(e, hoy)) is not None
    }
    valores, _ = validar_entradas(
        contrato, datos, hoy=hoy, contexto=raices, entorno=entorno(), cartas={CARTA.numero: CARTA}
    )
    contexto = {**raices, **valores}
    for nombre in contrato.calculos:
        contexto[nombre], _ = CALCULOS[nombre](contexto)
    return contexto


def _raices(contrato: Contrato, hoy: date) -> dict[str, Any]:
    """Las raíces del contexto real, con datos de ejemplo."""
    expediente = Expediente(
        numero=f"EXP-{hoy.year}-00001",
        tipo=contrato.tipos_expediente[0],
        asunto="Mora de cotizaciones según estado de cuenta",
        abierto_el=hoy - timedelta(days=60),
        sucursal="San Salvador",
        patrono_id=0,
        etapa="en_gestion",
    )
    gestion = Gestion(
        expediente_id=0, tipo=TipoGestion.LLAMADA, fecha=hoy - timedelta(days=7), nota="Llamó."
    )
    return {
        "documento": {
            "referencia": f"DRP-{hoy.year}-000001",
            "salida": f"CS-{hoy.year}-000001" if contrato.saliente else "",
            "fecha": hoy,
            "lugar": "San Salvador",
            "titulo": contrato.titulo,
        },
        "expediente": expediente_como_datos(expediente),
        "patrono": patrono_como_datos(_PATRONO, []),
        "deuda": deuda_como_datos(_deuda(hoy)),
        "gestor": persona_como_datos(_GESTOR),
        "firma": {**persona_como_datos(_JEFE), "cargo": CARGO_FIRMA},
        "gestiones": [gestion_como_datos(gestion, _GESTOR)],
    }


def _deuda(hoy: date) -> EstadoDeuda:
    """Tres meses de mora con recargo y multa, vencidos antes de `hoy`."""
    primero = sumar_meses(date(hoy.year, hoy.month, 1), -4)
    lineas = [
        LineaDeuda(
            periodo=sumar_meses(primero, i),
            cuota=Decimal("1250.00"),
            recargo=Decimal("37.50") * (3 - i),
            multa=Decimal("125.00"),
            fecha_limite_pago=sumar_meses(primero, i + 1),
            meses_mora=3 - i,
        )
        for i in range(3)
    ]
    return EstadoDeuda(corte=hoy, lineas=lineas)


def _valor_de_ejemplo(e: Entrada, hoy: date) -> Any:
    """Un valor válido para la entrada; None si tiene su valor por omisión (que se evalúa)."""
    if e.defecto is not None:
        return None
    if e.tipo in ("entero", "dinero"):
        base = Decimal(100 if e.tipo == "dinero" else 12)
        base = max(base, e.minimo) if e.minimo is not None else base
        base = min(base, e.maximo) if e.maximo is not None else base
        return int(base) if e.tipo == "entero" else f"{base:.2f}"
    if e.tipo == "fecha":
        return hoy if e.fechas == "no_futura" else habil_desde(hoy + timedelta(days=30))
    return {
        "texto": "Texto de ejemplo",
        "parrafos": "Párrafo de ejemplo.",
        "opcion": e.opciones[0] if e.opciones else None,
        "carta": CARTA.numero,
        "nit": _PATRONO.nit,
        "dui": _PATRONO.dui_representante,
    }[e.tipo]
