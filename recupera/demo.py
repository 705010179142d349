"""Datos de demostración: un departamento creíble para probar y enseñar la aplicación.

Se cargan por los mismos caminos que los datos reales (importación CSV y servicios), así la
demostración también ejercita la validación y deja la bitácora como la dejaría el uso real.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum

from sqlmodel import Session, col, select
from stdnum.sv import nit as stdnum_nit

from correspondencia.reglas import ReglasDePlazo
from expedientes import casos
from expedientes.csvlectura import escribir_csv
from expedientes.etapas import Etapa, Tipo
from expedientes.identificadores import digito_verificador_dui, formatear_nit
from expedientes.importacion import COLUMNAS_MORA, importar_mora, importar_patronos
from expedientes.modelos import Expediente, Usuario
from expedientes.patronos import CAMPOS_PATRONO
from expedientes.usuarios import crear_usuario
from plantillas import revision
from plantillas.borradores import Parametros, crear_borrador
from recupera.demo_correspondencia import cargar_correspondencia
from recupera.demo_seguimiento import cargar_seguimiento

CREDENCIALES = [
    ("secretaria", "Secretaria-Demo-2026", "secretaria"),
    ("gestor", "Gestor-Demo-2026", "gestor"),
    ("jefe", "Jefe-Demo-2026", "jefe"),
    ("archivo", "Archivo-Demo-2026", "archivo"),
    ("admin", "Admin-Demo-2026", "admin"),
    ("gestora2", "Gestora2-Demo-2026", "gestor"),
]
_NOMBRES = {
    "secretaria": ("Marta Elena Rivas de Flores", "San Salvador"),
    "gestor": ("Carlos Alberto Mejía Peña", "San Salvador"),
    "jefe": ("José Roberto Aguilar Núñez", "San Salvador"),
    "archivo": ("Rosa María Portillo", "San Salvador"),
    "admin": ("Administración de Sistemas", None),
    "gestora2": ("Ana Gabriela Hernández Muñoz", "Santa Ana"),
}
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
    "Café Cuscatlán <Exportaciones>, S.A.",
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
    "Soluciones Informáticas {{ Cuscatlán }}, S.A. de C.V.",
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
_ETAPAS_DEMO = [
    # (tipo, camino de etapas desde "abierto", motivo de la última transición)
    (Tipo.COBRO, [], ""),
    (Tipo.COBRO, [Etapa.EN_GESTION], ""),
    (Tipo.CONVENIO, [Etapa.EN_GESTION, Etapa.EN_CONVENIO], ""),
    (Tipo.TRANSACCION, [Etapa.EN_GESTION, Etapa.EN_CONSEJO], ""),
    (Tipo.JURIDICA, [Etapa.EN_GESTION, Etapa.EN_JURIDICA], ""),
    (Tipo.COBRO, [Etapa.EN_GESTION, Etapa.CERRADO], ""),
    (Tipo.COBRO, [Etapa.ANULADO], "Abierto por error: el patrono pagó antes de la apertura."),
]


def _nit(rng: random.Random, codigo: str) -> str:
    fundacion = date(1975, 1, 1) + timedelta(days=rng.randrange(15000))
    primeros = f"{codigo}{fundacion:%d%m%y}{rng.randrange(1, 999):03d}"
    return formatear_nit(primeros + stdnum_nit.calc_check_digit(primeros))


def _dui(rng: random.Random) -> str:
    ocho = f"{rng.randrange(10**7, 10**8):08d}"
    return f"{ocho}-{digito_verificador_dui(ocho)}"


def _patronos(rng: random.Random) -> list[dict[str, str]]:
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
                "correo": f"contabilidad{i}@empresa{i}.com.sv",
                "telefono": f"2{rng.randrange(200, 800)}-{rng.randrange(1000, 9999)}",
                "sucursal": sucursal,
            }
        )
    return filas


def _mora(rng: random.Random, patronos: list[dict[str, str]], hoy: date) -> list[dict[str, str]]:
    filas = []
    ultimo = date(hoy.year, hoy.month, 1) - timedelta(days=1)
    for p in patronos[:34]:  # seis patronos están al día
        planilla = Decimal(rng.randrange(3_000, 90_000))
        inicio_mes = rng.randrange(0, 30)  # desde enero de 2024 en adelante
        mes = date(2024, 1, 1)
        for _ in range(inicio_mes):
            mes = (mes + timedelta(days=32)).replace(day=1)
        cuantos = rng.randrange(2, 10)
        for _ in range(cuantos):
            if mes > ultimo:
                break
            siguiente = (mes + timedelta(days=32)).replace(day=1)
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


def _usuarios(session: Session) -> dict[str, Usuario]:
    personas = {}
    for nombre, contrasena, rol in CREDENCIALES:
        completo, sucursal = _NOMBRES[nombre]
        personas[nombre] = crear_usuario(
            session=session,
            nombre_usuario=nombre,
            nombre_completo=completo,
            rol=rol,
            contrasena=contrasena,
            sucursal=sucursal,
            correo=f"{nombre}@isss.gob.sv",
        )
    return personas


def _recorrer(
    session: Session,
    expediente: Expediente,
    camino: list[Etapa],
    motivo: str,
    autor: Usuario,
    fecha_gestion: date,
    representante: str,
    hoy: date,
) -> None:
    """Lleva el expediente por las etapas del camino, como lo haría el gestor."""
    for paso, etapa in enumerate(camino):
        if etapa == Etapa.EN_GESTION:
            casos.registrar_gestion(
                session=session,
                expediente=expediente,
                tipo="llamada",
                fecha=fecha_gestion,
                nota=f"Se llamó a {representante}; ofrece presentar propuesta de pago.",
                autor=autor,
                hoy=hoy,
            )
            continue
        ultimo = paso == len(camino) - 1
        casos.cambiar_etapa(
            session=session,
            expediente=expediente,
            nueva=etapa,
            hoy=hoy,
            motivo=motivo if ultimo else "",
        )


class EstadoDemo(Enum):
    """Qué encontró `cargar_demo`."""

    CARGADA = "cargada"
    YA_ESTABA = "ya_estaba"
    OTROS_DATOS = "otros_datos"


def _documentos(session: Session, p: Parametros, personas: dict[str, Usuario], hoy: date) -> None:
    """Avisos de cobro de los gestores en cada momento de la revisión: un borrador, uno en la
    cola del jefe y uno devuelto con observaciones (con su PDF/A real para la vista previa)."""
    gestores = {u.id: u for u in (personas["gestor"], personas["gestora2"])}
    candidatos = session.exec(
        select(Expediente)
        .where(col(Expediente.gestor_id).in_(list(gestores)))
        .where(col(Expediente.tipo).in_([Tipo.COBRO, Tipo.CONVENIO]))
        .where(col(Expediente.etapa).in_([Etapa.ABIERTO, Etapa.EN_GESTION, Etapa.EN_CONVENIO]))
        .order_by(col(Expediente.numero))
    ).all()
    for paso, expediente in enumerate(candidatos[:3]):
        autor = gestores[expediente.gestor_id]
        documento = crear_borrador(
            session=session, p=p, expediente=expediente, plantilla="aviso_cobro",
            datos={"plazo_dias": 10}, autor=autor, hoy=hoy,
        )  # fmt: skip
        if paso == 0:
            continue
        revision.enviar_a_revision(
            session=session, p=p, documento=documento, expediente=expediente, usuario=autor
        )
        if paso == 2:
            revision.observar(
                session=session, documento=documento, expediente=expediente,
                usuario=personas["jefe"], sha256=documento.docx_sha256,
                observaciones="Dé 15 días hábiles de plazo: el patrono ya pidió un convenio.",
            )  # fmt: skip


def cargar_demo(
    *,
    session: Session,
    hoy: date,
    servicios: Parametros | None = None,
    reglas: ReglasDePlazo | None = None,
) -> EstadoDemo:
    """Carga la demostración solo en una base sin usuarios; nunca la mezcla con datos propios.

    Con `servicios` (los de documentos) también registra correspondencia (con los plazos de
    `reglas`), genera avisos de cobro en revisión y el seguimiento de convenios.
    """
    existentes = set(session.exec(select(Usuario.nombre_usuario)).all())
    if existentes:
        demo = {nombre for nombre, _, _ in CREDENCIALES}
        return EstadoDemo.YA_ESTABA if demo <= existentes else EstadoDemo.OTROS_DATOS
    rng = random.Random(2026)
    personas = _usuarios(session)
    patronos = _patronos(rng)
    importar_patronos(session=session, contenido=escribir_csv(CAMPOS_PATRONO, patronos))
    importar_mora(session=session, contenido=escribir_csv(COLUMNAS_MORA, _mora(rng, patronos, hoy)))
    gestores = [personas["gestor"], personas["gestora2"], personas["jefe"], None]
    aperturas = sorted(hoy - timedelta(days=rng.randrange(20, 420)) for _ in range(34))
    for i, (p, abierto) in enumerate(zip(patronos[:34], aperturas, strict=True)):
        tipo, camino, motivo = _ETAPAS_DEMO[i % len(_ETAPAS_DEMO)]
        gestor = gestores[i % len(gestores)] if camino or i % 2 else None
        expediente = casos.abrir_expediente(
            session=session,
            numero_patronal=p["numero_patronal"],
            tipo=tipo,
            hoy=abierto,
            asunto="Mora de cotizaciones según estado de cuenta",
            gestor=gestor,
        )
        fecha_gestion = min(hoy, abierto + timedelta(days=rng.randrange(1, 15)))
        _recorrer(
            session,
            expediente,
            camino,
            motivo,
            gestor or personas["gestor"],
            fecha_gestion,
            p["representante_legal"],
            hoy,
        )
    session.flush()
    if servicios is not None:
        cargar_correspondencia(session=session, almacen=servicios.almacen, personas=personas,
                               hoy=hoy, reglas=reglas or ReglasDePlazo())  # fmt: skip
        _documentos(session, servicios, personas, hoy)
        cargar_seguimiento(session=session, p=servicios, personas=personas, hoy=hoy)
    return EstadoDemo.CARGADA
