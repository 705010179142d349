"""Los datos sintéticos del archivo para `benchmarks/archivo.py`, y las consultas que se miden.

Con la forma de los reales: razones sociales salvadoreñas con tildes y `&`, NIT válidos, números
patronales, expedientes EXP-AAAA-NNNNN de 2016 a 2026, documentos con referencias CE-/CS-/DRP-,
acuerdos y actas, y textos de cartas de cobro. Todo reproducible (azar con semilla).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from stdnum.sv import nit as stdnum_nit

from expedientes import formatear_nit, normalizar_busqueda

GIROS = ["Distribuidora", "Comercial", "Inversiones", "Panadería", "Transportes", "Ferretería",
         "Farmacia", "Constructora", "Agroindustrias", "Servicios Técnicos", "Clínica", "Textiles",
         "Librería", "Importadora", "Cafetalera", "Lácteos", "Imprenta", "Maquila", "Hotel",
         "Restaurante", "Taller", "Laboratorio", "Consultores", "Seguridad"]  # fmt: skip
APELLIDOS = ["Pérez", "Núñez", "Peña", "Muñoz", "Hernández", "Martínez", "Gómez", "López",
             "Ramírez", "Flores", "Álvarez", "Cañas", "Ibáñez", "Rodríguez", "Castañeda",
             "Mejía", "Orellana", "Quintanilla", "Zelaya", "Aguilar", "Chávez", "Guzmán",
             "Menéndez", "Argueta", "Escalón", "Durán", "Márquez", "Sandoval", "Fuentes", "Ayala"]  # fmt: skip
LUGARES = ["San Miguel", "Santa Ana", "Sonsonate", "La Unión", "Usulután", "Chalatenango",
           "Ahuachapán", "Cuscatlán", "Morazán", "San Vicente", "La Paz", "Cabañas",
           "Soyapango", "Apopa", "Ilopango", "Mejicanos", "Antiguo Cuscatlán", "Zacatecoluca"]  # fmt: skip
SOCIEDADES = ["S.A. de C.V.", "& Cía.", "& Asociados, S.A. de C.V.", "S. de R.L.", "& Hijos",
              "Ltda. de C.V.", "y Compañía", ""]  # fmt: skip
TIPOS_EXPEDIENTE = ["cobro"] * 5 + ["convenio"] * 3 + ["transaccion", "juridica"]
ETAPAS = ["abierto", "en_gestion", "en_convenio", "cerrado"]
TIPOS_DOCUMENTO = ["aviso_cobro", "carta", "correo", "acta", "acuerdo_consejo", "estado_cuenta",
                   "solicitud_patrono", "constancia", "escrito_patrono", "notificacion"]  # fmt: skip
FRASES = [
    "Por este medio se le notifica que {razon} adeuda cotizaciones del período {mes} de {anio}.",
    "Se le concede un plazo de {n} días hábiles para presentarse a las oficinas del Departamento "
    "de Recuperación Prejudicial.",
    "De no atender este requerimiento, el caso será trasladado a la Unidad Jurídica para el cobro "
    "judicial.",
    "El monto adeudado asciende a ${monto} en concepto de cuotas, multas y recargos.",
    "Adjuntamos el estado de cuenta actualizado y la planilla de trabajadores cotizantes.",
    "El patrono solicita la exoneración de multas y recargos por dificultades económicas.",
    "Se verificó el pago de la cuota {n} del convenio suscrito con el Instituto.",
    "Se programa visita de inspección a la sucursal de {lugar}.",
    "Favor remitir copia de la escritura de constitución y del NIT de la sociedad.",
    "La mora corresponde a {n} meses de cotizaciones no enteradas al Instituto.",
    "El representante legal manifestó su voluntad de pago y pidió una prórroga.",
    "Se recibió el escrito del patrono con la propuesta de pago en cuotas mensuales.",
    "Se hace constar la {extra} presentada por el patrono en esta fecha.",
    "Queda pendiente la {extra} para continuar con el trámite del expediente.",
]
EXTRAS = ["liquidación", "constancia de pago", "apelación", "solicitud de embargo", "planilla",
          "certificación", "inspección", "audiencia", "citación", "comparecencia", "finiquito",
          "declaración jurada", "transferencia bancaria", "garantía hipotecaria", "fianza",
          "auditoría", "peritaje", "conciliación", "notificación", "resolución"]  # fmt: skip
PALABRAS = ["embargo", "prórroga", "exoneración", "inspección", "planilla", "convenio", "recargos",
            "audiencia", "peritaje", "fianza", "garantía", "apelación", "finiquito", "escritura",
            "conciliación", "liquidación", "citación", "auditoría", "transferencia", "mora"]  # fmt: skip


@dataclass
class Datos:
    """Las filas a cargar y las muestras con que se arman las consultas."""

    patronos: list[dict[str, Any]] = field(default_factory=list)
    expedientes: list[dict[str, Any]] = field(default_factory=list)
    documentos: list[dict[str, Any]] = field(default_factory=list)
    correlativos: list[str] = field(default_factory=list)
    acuerdos: list[str] = field(default_factory=list)


def _nit(azar: random.Random, i: int) -> str:
    """Un NIT válido de San Salvador para el patrono `i`."""
    primeros = f"06{14 + i % 3:02d}{azar.randint(1, 28):02d}{azar.randint(1, 12):02d}"
    primeros += f"{azar.randint(60, 99):02d}{i % 1000:03d}"
    return primeros + stdnum_nit.calc_check_digit(primeros)


def _patronos(azar: random.Random, cuantos: int, instante: datetime) -> list[dict[str, Any]]:
    """Las filas de `cuantos` patronos, con razón social, NIT y sucursal al azar."""
    patronos = []
    for i in range(cuantos):
        nombre = f"{azar.choice(GIROS)} {azar.choice(APELLIDOS)} {azar.choice(SOCIEDADES)}"
        patronos.append({
            "id": i + 1, "numero_patronal": f"{300000000 + i * 7}", "nit": _nit(azar, i),
            "razon_social": " ".join(nombre.split()), "sucursal": azar.choice(LUGARES),
            "nombre_comercial": f"{azar.choice(GIROS)} {azar.choice(LUGARES)}",
            "direccion": "Calle Arce #12", "municipio": "San Salvador", "departamento": "San Salvador",
            "representante_legal": "María José Castañeda", "correo": "", "telefono": "",
            "busqueda": "", "creado_en": instante, "actualizado_en": instante,
        })  # fmt: skip
    return patronos


def _expedientes(
    azar: random.Random, cuantos: int, patronos: int, instante: datetime
) -> list[dict[str, Any]]:
    """Las filas de `cuantos` expedientes repartidos de 2016 a 2026, numerados por año."""
    expedientes = []
    por_anio: dict[int, int] = {}
    for i in range(cuantos):
        anio = 2016 + i * 11 // cuantos
        por_anio[anio] = por_anio.get(anio, 0) + 1
        abierto = date(anio, 1, 1) + timedelta(days=azar.randint(0, 364))
        expedientes.append({
            "id": i + 1, "numero": f"EXP-{anio}-{por_anio[anio]:05d}",
            "patrono_id": i * 7919 % patronos + 1,
            "tipo": azar.choice(TIPOS_EXPEDIENTE), "etapa": azar.choice(ETAPAS),
            "asunto": "Mora en cotizaciones & recargos", "sucursal": azar.choice(LUGARES),
            "abierto_el": abierto, "creado_en": instante, "actualizado_en": instante,
        })  # fmt: skip
    return expedientes


def _referencia(
    azar: random.Random, fecha: date, series: dict[tuple[str, int], int], datos: Datos
) -> str:
    """Una referencia CE-/CS-/DRP- correlativa por serie y año, o ninguna; guarda muestras CE."""
    serie = azar.choice(["CE", "CS", "DRP", ""])
    if not serie:
        return ""
    series[serie, fecha.year] = numero = series.get((serie, fecha.year), 0) + 1
    referencia = f"{serie}-{fecha.year}-{numero:06d}"
    if serie == "CE" and len(datos.correlativos) < 5000:
        datos.correlativos.append(referencia)
    return referencia


def _texto(azar: random.Random, patrono: dict[str, Any], fecha: date, datos: Datos) -> str:
    """El texto de una carta de cobro; algunas citan un acuerdo o un acta (que se guarda)."""
    frases = azar.sample(FRASES, azar.randint(3, 5))
    texto = " ".join(frases).format(
        razon=patrono["razon_social"], mes=azar.randint(1, 12), anio=fecha.year,
        n=azar.randint(2, 30), monto=f"{azar.randint(100, 90000):,}.{azar.randint(0, 99):02d}",
        lugar=azar.choice(LUGARES), extra=azar.choice(EXTRAS),
    )  # fmt: skip
    if azar.random() < 0.08:
        acuerdo = f"Acuerdo N.º {fecha.year}-{azar.randint(1, 9999):04d}"
        if azar.random() < 0.3:
            acuerdo = f"ACTA Nº {azar.randint(1000, 99999)}"
        texto += f" Según {acuerdo} del Consejo Directivo."
        if len(datos.acuerdos) < 5000:
            datos.acuerdos.append(acuerdo)
    return texto


def _documentos(azar: random.Random, datos: Datos, cuantos: int, instante: datetime) -> None:
    """Agrega `cuantos` documentos, repartidos en orden entre los expedientes."""
    series: dict[tuple[str, int], int] = {}
    ordenes: dict[int, int] = {}
    for i in range(cuantos):
        expediente = datos.expedientes[i * len(datos.expedientes) // cuantos]
        patrono = datos.patronos[expediente["patrono_id"] - 1]
        fecha = expediente["abierto_el"] + timedelta(days=azar.randint(0, 700))
        referencia = _referencia(azar, fecha, series, datos)
        texto = _texto(azar, patrono, fecha, datos)
        ordenes[expediente["id"]] = orden = ordenes.get(expediente["id"], 0) + 1
        datos.documentos.append({
            "id": i + 1, "expediente_id": expediente["id"], "orden": orden,
            "tipo": azar.choice(TIPOS_DOCUMENTO), "titulo": f"{azar.choice(EXTRAS).capitalize()} {orden}",
            "referencia": referencia, "fecha": fecha, "origen": "entrante", "folios": azar.randint(1, 9),
            "sha256": f"{i:064x}", "nombre_archivo": f"doc{i}.pdf", "tipo_mime": "application/pdf",
            "texto": texto, "correccion": "", "creado_en": instante,
        })  # fmt: skip


def generar(expedientes: int, documentos: int, semilla: int = 7) -> Datos:
    """Patronos (uno por cada dos expedientes), expedientes y documentos, reproducibles."""
    azar, datos, instante = random.Random(semilla), Datos(), datetime(2026, 1, 1, tzinfo=UTC)
    datos.patronos = _patronos(azar, max(1, expedientes // 2), instante)
    datos.expedientes = _expedientes(azar, expedientes, len(datos.patronos), instante)
    _documentos(azar, datos, documentos, instante)
    return datos


def consultas(datos: Datos, cuantas: int, semilla: int = 11) -> dict[str, list[dict[str, Any]]]:
    """Consultas de cada clase, armadas con valores que existen en los datos."""
    azar = random.Random(semilla)
    patronos = azar.choices(datos.patronos, k=cuantas)

    def fragmento(p: dict[str, Any]) -> str:
        """Las dos primeras palabras de la razón social, sin tildes ni `&`."""
        palabras = normalizar_busqueda(p["razon_social"]).replace("&", " ").split()
        return " ".join(palabras[:2])

    def rango() -> dict[str, Any]:
        """Un intervalo de uno a tres meses entre 2016 y 2026."""
        desde = date(azar.randint(2016, 2026), azar.randint(1, 12), 1)
        return {"desde": desde, "hasta": desde + timedelta(days=azar.choice([30, 60, 90]))}

    return {
        "número patronal": [{"texto": p["numero_patronal"]} for p in patronos],
        "NIT con guiones": [{"texto": formatear_nit(p["nit"])} for p in patronos],
        "razón social sin tildes": [{"texto": fragmento(p)} for p in patronos],
        "número CE": [{"texto": c} for c in azar.choices(datos.correlativos, k=cuantas)],
        "acuerdo o acta": [{"texto": a} for a in azar.choices(datos.acuerdos, k=cuantas)],
        "palabra+fechas+tipo": [
            {"texto": azar.choice(PALABRAS), "tipo": azar.choice(TIPOS_EXPEDIENTE), **rango()}
            for _ in range(cuantas)
        ],
        "palabra frecuente sola": [{"texto": azar.choice(["cotizaciones", "multas"])}] * 20,
    }
