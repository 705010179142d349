"""Los patronos y la mora de la demostración: razones sociales difíciles (`&`, comillas, Ñ,
llaves), NIT y DUI válidos, varias sucursales, y periodos en mora desde 2024.

Se generan como filas de los CSV de importación: la demostración los carga por el mismo camino que
los datos reales, y la mora llega como llegaría el estado de cuenta: cada mes, lo que venció.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session
from stdnum.sv import nit as stdnum_nit

from expedientes import (
    COLUMNAS_MORA,
    digito_verificador_dui,
    escribir_csv,
    formatear_nit,
    habil_desde,
    importar_mora,
)
from recupera.demo_reloj import Historia, momento

# (código de municipio del NIT, municipio, departamento, sucursal)
_LUGARES = [
    ("0614", "San Salvador", "San Salvador", "San Salvador"),
    ("0617", "Soyapango", "San Salvador", "San Salvador"),
    ("0511", "Santa Tecla", "La Libertad", "Santa Tecla"),
    ("0210", "Santa Ana", "Santa Ana", "Santa Ana"),
    ("1217", "San Miguel", "San Miguel", "San Miguel"),
    ("0315", "Sonsonate", "Sonsonate", "Sonsonate"),
]
_RAZONES = [
    "Pérez & Cía, S.A. de C.V.",
    'Panadería "La Espiga" & Hijos, S.A. de C.V.',
    "Distribuidora Ñandú, S.A. de C.V.",
    "Comercializadora Peña & Muñoz, S. de R.L.",
    "Café Cuscatlán Exportaciones, S.A. de C.V.",
    "Constructora Izalco, S.A. de C.V.",
    "Textiles del Pacífico, S.A. de C.V.",
    "Transportes Hermanos Guzmán & Asociados",
    "Farmacia San Judas Tadeo, S.A. de C.V.",
    "Agroindustrias La Cañada, S.A. de C.V.",
    "Inversiones Montecristo, S.A. de C.V.",
    "Servicios de Seguridad Águila, S.A. de C.V.",
    "Restaurante El Rincón de Doña Tere",
    "Imprenta Gutenberg & Cía.",
    "Clínica Médica Santa Lucía, S.A. de C.V.",
    "Ferretería El Tornillo Feliz, S.A. de C.V.",
    "Colegio Cristiano Nueva Esperanza",
    "Hotel Mirador del Lago, S.A. de C.V.",
    "Panificadora Señorial, S.A. de C.V.",
    "Lácteos La Ñata, S. de R.L. de C.V.",
    "Maquilas Unidas de Oriente, S.A. de C.V.",
    "Talleres Automotrices Márquez & Hijos",
    "Comercial Los Ángeles, S.A. de C.V.",
    'Distribuidora de Café "El Cafetalito"',
    "Soluciones Informáticas Cuscatlán, S.A. de C.V.",
    "Agencia de Viajes Jiquilisco",
    "Tortillería y Pupusería La Bendición",
    "Laboratorio Clínico Pasteur & Koch",
    "Constructora Río Lempa, S.A. de C.V.",
    "Empacadora de Mariscos La Unión, S.A.",
    "Centro Escolar Privado San Andrés",
    "Bodegas y Almacenes Occidente, S.A. de C.V.",
    "Óptica Visión Clara, S.A. de C.V.",
    "Carpintería Hermanos Peñate",
    "Avícola San Martín, S.A. de C.V.",
    "Seguridad Privada Cóndor <SEPRICON>",
    "Supermercado La Económica, S.A. de C.V.",
    "Molinos de Oriente & Cía.",
    "Estudio Jurídico Castaneda & Asociados",
    "Gasolinera Puerta del Diablo, S.A.",
]
_PERSONAS = [
    "María José Castaneda",
    "Juan Antonio Núñez Peña",
    "Sofía Beatriz Gómez",
    "Luis Ernesto Ramírez",
    "Carmen Elena Ayala",
    "Óscar Mauricio Cañas",
    "Patricia Ivonne Zelaya",
    "Raúl Edgardo Martínez",
]


def _nit(rng: random.Random, codigo: str) -> str:
    """Un NIT válido de una empresa del municipio `codigo`, fundada en una fecha al azar."""
    fundacion = date(1975, 1, 1) + timedelta(days=rng.randrange(15000))
    primeros = f"{codigo}{fundacion:%d%m%y}{rng.randrange(1, 999):03d}"
    return formatear_nit(primeros + stdnum_nit.calc_check_digit(primeros))


def _dui(rng: random.Random) -> str:
    """Un DUI válido (ocho dígitos y su verificador)."""
    ocho = f"{rng.randrange(10**7, 10**8):08d}"
    return f"{ocho}-{digito_verificador_dui(ocho)}"


def generar_patronos(rng: random.Random) -> list[dict[str, str]]:
    """Una fila del CSV de patronos por razón social, repartidas entre los lugares."""
    filas = []
    for i, razon in enumerate(_RAZONES):
        codigo, municipio, departamento, sucursal = _LUGARES[i % len(_LUGARES)]
        persona_natural = i % 13 == 12  # algunos patronos son personas naturales: su DUI es su NIT
        dui = _dui(rng)
        filas.append(
            {
                "numero_patronal": f"{400100000 + i * 1379:09d}",
                "nit": dui if persona_natural else _nit(rng, codigo),
                "razon_social": razon,
                "nombre_comercial": razon.split(",")[0] if i % 3 == 0 else "",
                "direccion": f"{rng.choice(['Calle', 'Avenida', 'Pasaje', 'Boulevard'])} "
                f"{rng.choice(['Los Próceres', 'Arce', 'Independencia', 'El Ñandú', 'La Mascota'])} "
                f"#{rng.randrange(1, 400)}",
                "municipio": municipio,
                "departamento": departamento,
                "representante_legal": rng.choice(_PERSONAS),
                "dui_representante": dui,
                "correo": f"{rng.choice(['contabilidad', 'planillas', 'gerencia', 'info'])}@"
                f"{dominio_de(razon)}",
                "telefono": f"2{rng.randrange(200, 800)}-{rng.randrange(1000, 9999)}",
                "sucursal": sucursal,
            }
        )
    return filas


def dominio_de(razon: str) -> str:
    """El dominio de correo que una empresa con esa razón social tendría: «Pérez & Cía, S.A. de
    C.V.» → «perezycia.com.sv»."""
    base = unicodedata.normalize("NFKD", razon.split(",")[0].replace("&", " y "))
    palabras = [
        "".join(c for c in p.lower() if c.isascii() and c.isalnum())
        for p in base.split()
        if p.lower().strip(".")
        not in ("s", "a", "de", "la", "el", "los", "del", "r", "l", "c", "v")
    ]
    return "".join(p for p in palabras[:3] if p) + ".com.sv"


def _meses_despues(mes: date, cuantos: int) -> date:
    """El primero del mes que queda `cuantos` meses después del de `mes`."""
    indice = mes.year * 12 + mes.month - 1 + cuantos
    return date(indice // 12, indice % 12 + 1, 1)


def generar_mora(
    rng: random.Random, patronos: list[dict[str, str]], aperturas: list[date], hoy: date
) -> list[dict[str, str]]:
    """Las filas del CSV de mora: de dos a nueve periodos desde 2024, el primero vencido al menos
    un mes antes de que se abriera el expediente del patrono, y ninguno que aún no venza."""
    filas = []
    for p, abierto in zip(patronos, aperturas, strict=True):
        planilla = Decimal(rng.randrange(3_000, 90_000))
        antes = abierto - timedelta(days=70)  # su pago venció un mes antes de abrir el expediente
        meses = (antes.year - 2024) * 12 + antes.month  # desde enero de 2024 en adelante
        mes = _meses_despues(date(2024, 1, 1), rng.randrange(0, max(1, meses)))
        for _ in range(rng.randrange(2, 10)):
            siguiente = _meses_despues(mes, 1)
            if siguiente.replace(day=10) >= hoy:
                break
            cuota = (planilla * Decimal("0.105")).quantize(Decimal("0.01"))
            multa = (
                (cuota * Decimal("0.10")).quantize(Decimal("0.01"))
                if rng.random() < 0.4
                else Decimal("0.00")
            )
            filas.append(
                {
                    "numero_patronal": p["numero_patronal"],
                    "periodo": f"{mes.month:02d}/{mes.year}",
                    "cuota": str(cuota),
                    "multa": str(multa),
                    "fecha_limite_pago": siguiente.replace(day=10).isoformat(),
                }
            )
            mes = siguiente
    return filas


def historia_del_estado_de_cuenta(
    session: Session, filas: list[dict[str, str]], desde: date, ultimo: date
) -> Historia:
    """El estado de cuenta de la institución se importa el día `desde` y luego cada mes, pasado el
    día 10 (cuando vence el pago de la planilla): cada vez, los periodos que vencieron desde la
    importación anterior."""
    dia, importados = desde, set()
    while dia <= ultimo:
        yield momento(dia, 8)
        nuevas = [f for f in filas if f["fecha_limite_pago"] < dia.isoformat()]
        nuevas = [f for f in nuevas if (f["numero_patronal"], f["periodo"]) not in importados]
        if nuevas:
            importar_mora(session=session, contenido=escribir_csv(COLUMNAS_MORA, nuevas))
            importados |= {(f["numero_patronal"], f["periodo"]) for f in nuevas}
        dia = habil_desde(_meses_despues(dia, 1).replace(day=12))
