"""Los reportes del panel del jefe sobre una cartera realista: cifras exactas, cada total igual a
la suma de sus filas, y cada cifra con el destino que reproduce su lista."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from correspondencia import (
    Correspondencia,
    FiltrosBandeja,
    FiltrosSalida,
    Saliente,
    contar_salidas,
    listar_cartas,
    listar_salidas,
)
from expedientes import (
    ZONA_LOCAL,
    ErrorDominio,
    Expediente,
    FiltrosExpedientes,
    Patrono,
    Usuario,
    ahora,
    listar_expedientes,
)
from panel import reportes
from panel.cifras import Destino, Reporte, reconciliar
from plantillas import DocumentoGenerado, PlantillaVersion
from seguimiento import Convenio, CuotaConvenio
from tests.seguimiento.test_plan import (
    SAN_MIGUEL,
    SAN_SALVADOR,
    SANTA_ANA,
    sembrar_plan,
)

D = Decimal
HOY = date(2026, 3, 16)
DESDE, HASTA = date(2026, 3, 1), date(2026, 3, 15)
HOSTIL = 'Carlos "El Cobrador" Mejía & Cía <S.A.> {{ x }}'
FORMULA = "=1+2 Pedro Ramírez"


@dataclass
class Cartera:
    """Lo sembrado: personas por apodo y patronos por sucursal."""

    personas: dict[str, Usuario]
    patronos: dict[str, Patrono]


def _usuario(
    session: Session, nombre_usuario: str, nombre: str, rol: str, activo: bool = True
) -> Usuario:
    usuario = Usuario(
        nombre_usuario=nombre_usuario,
        nombre_completo=nombre,
        rol=rol,
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$ficticio$ficticio",
        token_sesion=hashlib.sha256(nombre_usuario.encode()).hexdigest()[:32],
        activo=activo,
    )
    session.add(usuario)
    session.flush()
    return usuario


def _expedientes(session: Session, c: Cartera) -> dict[str, Expediente]:
    p, g = c.patronos, c.personas
    datos = [
        ("ss1", SAN_SALVADOR, "en_gestion", g["ana"]),
        ("ss2", SAN_SALVADOR, "en_gestion", g["ana"]),
        ("ss3", SAN_SALVADOR, "en_convenio", g["carlos"]),
        ("ss4", SAN_SALVADOR, "cerrado", g["ana"]),
        ("sa1", SANTA_ANA, "abierto", None),
        ("sa2", SANTA_ANA, "en_gestion", g["carlos"]),
        ("sa3", SANTA_ANA, "en_juridica", g["carlos"]),
        ("sm1", SAN_MIGUEL, "en_consejo", g["ana"]),
        ("sm2", SAN_MIGUEL, "anulado", None),
        ("x1", "", "en_gestion", g["pedro"]),
    ]
    hechos = {}
    for i, (clave, sucursal, etapa, gestor) in enumerate(datos, start=1):
        hechos[clave] = Expediente(
            numero=f"EXP-2026-{i:05d}",
            patrono_id=p[sucursal].id,  # type: ignore[arg-type]
            tipo="cobro",
            etapa=etapa,
            gestor_id=gestor.id if gestor else None,
            sucursal=sucursal,
            abierto_el=date(2026, 1, 5),
        )
        session.add(hechos[clave])
    session.flush()
    return hechos


def _recibida(dia: date, hora: int = 10, minuto: int = 0) -> datetime:
    return datetime.combine(dia, time(hora, minuto), tzinfo=ZONA_LOCAL)


def _cartas(session: Session, c: Cartera) -> None:
    g = c.personas
    respondida = ahora()
    datos = [
        # (persona, tipo, recibida, estado, vence, respondida)
        (
            "ana",
            "solicitud_patrono",
            _recibida(date(2026, 3, 2)),
            "respondida",
            date(2026, 3, 16),
            respondida,
        ),
        (
            "ana",
            "solicitud_patrono",
            _recibida(date(2026, 3, 3)),
            "en_tramite",
            date(2026, 3, 10),
            None,
        ),
        ("ana", "oficio_isss", _recibida(date(2026, 3, 10)), "asignada", date(2026, 3, 24), None),
        (
            "carlos",
            "unidad_juridica",
            _recibida(date(2026, 3, 5)),
            "archivada",
            date(2026, 3, 19),
            None,
        ),
        # Las 23:30 del último día del rango: ya es el 16 en UTC, pero cuenta.
        ("carlos", "oficio_isss", _recibida(HASTA, 23, 30), "asignada", date(2026, 3, 20), None),
        (None, "general", _recibida(DESDE, 0, 5), "registrada", date(2026, 3, 12), None),
        ("ana", "general", _recibida(date(2026, 2, 27)), "en_tramite", date(2026, 3, 5), None),
        (
            "carlos",
            "general",
            _recibida(date(2026, 3, 16), 0, 30),
            "asignada",
            date(2026, 3, 30),
            None,
        ),
        (
            "pedro",
            "respuesta_patrono",
            _recibida(date(2026, 3, 4)),
            "en_tramite",
            date(2026, 3, 11),
            None,
        ),
        (
            "marta",
            "institucion_externa",
            _recibida(date(2026, 3, 6)),
            "respondida",
            date(2026, 3, 20),
            respondida,
        ),
        (
            "marta",
            "institucion_externa",
            _recibida(date(2026, 3, 7)),
            "archivada",
            date(2026, 3, 21),
            respondida,
        ),
    ]
    for i, (persona, tipo, recibida, estado, vence, respuesta) in enumerate(datos, start=1):
        session.add(
            Correspondencia(
                numero=f"CE-2026-{i:06d}",
                origen="papel",
                sha256=hashlib.sha256(f"carta {i}".encode()).hexdigest(),
                bytes=1000 + i,
                recibido_en=recibida,
                tipo=tipo,
                estado=estado,
                asignado_id=g[persona].id if persona else None,
                vence_el=vence,
                respondida_en=respuesta,
                asunto=f"Carta {i}",
            )
        )
    session.flush()


def _documentos(session: Session, c: Cartera, expediente: Expediente) -> None:
    # La aplicación registra el catálogo al arrancar: si ya está, se usa esa versión.
    version = session.exec(
        select(PlantillaVersion).where(
            PlantillaVersion.nombre == "aviso_cobro", PlantillaVersion.version == 1
        )
    ).first() or PlantillaVersion(
        nombre="aviso_cobro",
        version=1,
        titulo="Aviso de cobro",
        docx_sha256="a" * 64,
        contrato={},
        contrato_sha256="b" * 64,
        origen="catalogo",
    )
    session.add(version)
    session.flush()
    estados = [
        ("ana", "borrador"),
        ("ana", "observado"),
        ("ana", "final"),
        ("carlos", "en_revision"),
        ("carlos", "aprobado"),
        ("carlos", "anulado"),
    ]
    for i, (persona, estado) in enumerate(estados, start=1):
        autor = c.personas[persona].id
        session.add(
            DocumentoGenerado(
                numero=f"DRP-2026-{i:06d}",
                expediente_id=expediente.id,  # type: ignore[arg-type]
                plantilla_version_id=version.id,  # type: ignore[arg-type]
                plantilla="aviso_cobro",
                plantilla_version=1,
                plantilla_sha256="a" * 64,
                titulo="Aviso de cobro",
                estado=estado,
                fecha=date(2026, 3, 1),
                entradas={},
                docx_sha256="c" * 64,
                autor_id=autor,  # type: ignore[arg-type]
                editado_por_id=autor,  # type: ignore[arg-type]
            )
        )
    session.flush()


def _convenio(
    session: Session,
    expediente: Expediente,
    numero: str,
    estado: str,
    cuotas: list[tuple[date, str, str]],
) -> Convenio:
    total = sum((D(m) for _, m, _ in cuotas), D("0.00"))
    convenio = Convenio(
        expediente_id=expediente.id,  # type: ignore[arg-type]
        documento_numero=numero,
        estado=estado,
        prima=D("100.00"),
        prima_pagada=D("100.00"),
        financiado=total,
        total=total + D("100.00"),
        cuotas_para_incumplir=2,
    )
    session.add(convenio)
    session.flush()
    for n, (vence, monto, pagado) in enumerate(cuotas, start=1):
        session.add(
            CuotaConvenio(
                convenio_id=convenio.id,  # type: ignore[arg-type]
                numero=n,
                vence_el=vence,
                monto=D(monto),
                pagado=D(pagado),
            )
        )
    session.flush()
    return convenio


def _convenios(session: Session, e: dict[str, Expediente]) -> None:
    _convenio(
        session,
        e["ss3"],
        "DRP-2026-000101",
        "vigente",
        [
            (date(2026, 1, 15), "500.00", "500.00"),
            (date(2026, 2, 15), "500.00", "200.50"),
            (date(2026, 3, 15), "500.00", "0.00"),
            (date(2026, 4, 15), "500.00", "0.00"),
        ],
    )
    _convenio(
        session,
        e["sa2"],
        "DRP-2026-000102",
        "incumplido",
        [
            (date(2025, 12, 15), "333.33", "0.00"),
            (date(2026, 1, 15), "333.33", "0.00"),
            (date(2026, 2, 15), "333.34", "0.00"),
        ],
    )
    _convenio(
        session,
        e["sa3"],
        "DRP-2026-000103",
        "vigente",
        [(date(2026, 3, 31), "250.25", "100.10"), (date(2026, 4, 30), "100.00", "120.00")],
    )
    _convenio(
        session, e["ss4"], "DRP-2026-000104", "cumplido", [(date(2026, 1, 1), "90.00", "90.00")]
    )
    _convenio(
        session, e["sm1"], "DRP-2026-000105", "borrador", [(date(2026, 5, 1), "70.00", "0.00")]
    )
    _convenio(session, e["x1"], "DRP-2026-000106", "vigente", [])


def sembrar_cartera(session: Session) -> Cartera:
    """Personas, expedientes, cartas, documentos, convenios, metas y pagos, con cifras conocidas."""
    personas = {
        "ana": _usuario(session, "ana.hernandez", "Ana Gabriela Hernández Muñoz", "gestor"),
        "carlos": _usuario(session, "carlos.mejia", HOSTIL, "gestor"),
        "marta": _usuario(session, "marta.rivas", "Marta Elena Rivas de Flores", "secretaria"),
        "jose": _usuario(session, "jose.aguilar", "José Roberto Aguilar Núñez", "jefe"),
        "rosa": _usuario(session, "rosa.portillo", "Rosa María Portillo", "archivo"),
        "pedro": _usuario(session, "pedro.ramirez", FORMULA, "gestor", activo=False),
    }
    cartera = Cartera(personas, sembrar_plan(session))
    expedientes = _expedientes(session, cartera)
    _cartas(session, cartera)
    _documentos(session, cartera, expedientes["ss1"])
    _convenios(session, expedientes)
    _solicitudes(session, cartera)
    return cartera


def _solicitudes(session: Session, c: Cartera) -> None:
    """Cartas con plazo de respuesta: de Ana, una respondida, una en plazo y una vencida; de
    Carlos, una que vence hoy (en plazo) y una vencida; una sin autor en plazo; y las que no
    cuentan: emitida antes del rango, en redacción, anulada, y un aviso sin plazo de respuesta."""
    respuesta = session.exec(select(Correspondencia.id)).first()
    ana, carlos = c.personas["ana"].id, c.personas["carlos"].id
    datos = [
        # (autor, emitida, vence, estado, respondida por)
        (ana, date(2026, 3, 2), date(2026, 3, 12), "enviada", respuesta),
        (ana, date(2026, 3, 4), date(2026, 3, 20), "enviada", None),
        (ana, DESDE, date(2026, 3, 12), "entregada", None),
        (carlos, HASTA, HOY, "pendiente", None),
        (carlos, date(2026, 3, 3), date(2026, 3, 13), "rebotada", None),
        (None, date(2026, 3, 9), date(2026, 3, 23), "emitida", None),
        (ana, date(2026, 2, 20), date(2026, 3, 6), "enviada", None),
        (ana, date(2026, 3, 5), date(2026, 3, 19), "reservada", None),
        (carlos, date(2026, 3, 5), date(2026, 3, 19), "anulada", None),
        (carlos, date(2026, 3, 6), None, "enviada", None),
    ]
    for n, (autor, emitida, vence, estado, respondida) in enumerate(datos, start=1):
        session.add(
            Saliente(
                numero=f"CS-2026-{n:06d}", message_id=f"CS-2026-{n:06d}@isss.gob.sv",
                asunto=f"Solicitud de planillas «{n}» & <anexos>", destinatario=HOSTIL,
                emitida_el=emitida, autor_id=autor, estado=estado, vence_el=vence,
                respondida_por_id=respondida, canal="correo",
            )
        )  # fmt: skip
    session.flush()


def generar(session: Session, nombre: str) -> Reporte:
    """El reporte con las fechas de estas pruebas."""
    return reportes.generar_reporte(
        nombre, session=session, hoy=HOY, desde=DESDE, hasta=HASTA, anio=2026
    )


def fila_de(reporte: Reporte, etiqueta: str) -> dict[str, object]:
    """La fila cuya primera columna dice `etiqueta`, con su índice en `_indice`."""
    clave = reporte.columnas[0].clave
    for i, fila in enumerate(reporte.filas):
        if fila[clave] == etiqueta:
            return {**fila, "_indice": i}
    raise AssertionError(f"no hay fila «{etiqueta}» en {reporte.nombre}")


def _cifras(fila: dict[str, object], *claves: str) -> tuple[object, ...]:
    return tuple(fila[c] for c in claves)


# --- cada reporte cuadra ------------------------------------------------------------------------


@pytest.mark.parametrize("nombre", list(reportes.REPORTES))
def test_cada_reporte_cuadra_cada_total_con_la_suma_de_sus_filas(
    session: Session, nombre: str
) -> None:
    """GIVEN una cartera realista WHEN se genera cada reporte registrado
    THEN no hay descuadres, cada fila tiene sus enlaces y el total es la suma exacta."""
    sembrar_cartera(session)
    reporte = generar(session, nombre)
    assert reporte.filas
    assert reconciliar(reporte) == []
    assert len(reporte.enlaces) == len(reporte.filas)
    for columna in reporte.columnas:
        if columna.sumar:
            assert reporte.totales[columna.clave] == sum(
                (f[columna.clave] for f in reporte.filas),
                0,  # type: ignore[misc]
            )


# --- correspondencia -------------------------------------------------------------------------


CIFRAS_CARTAS = ("recibidas", "respondidas", "por_responder", "archivadas", "vencidas")


def test_correspondencia_por_persona_cuenta_lo_recibido_en_el_rango_de_dias_locales(
    session: Session,
) -> None:
    """Recibidas en el rango (días de El Salvador), repartidas en respondidas, por responder y
    archivadas sin respuesta; vencidas las por responder con plazo pasado; sin asignar al final."""
    c = sembrar_cartera(session)
    reporte = generar(session, "correspondencia")
    esperado = {
        "Ana Gabriela Hernández Muñoz": (3, 1, 2, 0, 1),
        HOSTIL: (2, 0, 1, 1, 0),
        "Marta Elena Rivas de Flores": (2, 2, 0, 0, 0),
        FORMULA: (1, 0, 1, 0, 1),
        "Sin asignar": (1, 0, 1, 0, 1),
    }
    assert {f["persona"]: _cifras(dict(f), *CIFRAS_CARTAS) for f in reporte.filas} == esperado
    assert reporte.filas[-1]["persona"] == "Sin asignar"
    assert _cifras(dict(reporte.totales), *CIFRAS_CARTAS) == (9, 3, 5, 1, 3)
    ana = fila_de(reporte, "Ana Gabriela Hernández Muñoz")
    enlaces = reporte.enlaces[ana["_indice"]]  # type: ignore[index]
    rango = {"desde": "2026-03-01", "hasta": "2026-03-15"}
    assert enlaces["vencidas"] == Destino(
        "correspondencia",
        {"asignado": str(c.personas["ana"].id), **rango, "vencimiento": "vencidas"},
    )
    assert reporte.enlaces[-1]["persona"] == Destino(
        "correspondencia", {"asignado": "ninguno", **rango}
    )
    assert "1 de marzo de 2026" in reporte.descripcion


def test_correspondencia_por_tipo_sigue_el_catalogo_de_tipos(session: Session) -> None:
    """Los tipos en el orden del catálogo, con su nombre en español y su filtro."""
    sembrar_cartera(session)
    reporte = generar(session, "correspondencia_tipo")
    assert [(f["tipo"], *_cifras(dict(f), *CIFRAS_CARTAS)) for f in reporte.filas] == [
        ("General", 1, 0, 1, 0, 1),
        ("Solicitud de patrono", 2, 1, 1, 0, 1),
        ("Oficio de otra dependencia del ISSS", 2, 0, 2, 0, 0),
        ("Unidad Jurídica", 1, 0, 0, 1, 0),
        ("Ministerio u otra institución", 2, 2, 0, 0, 0),
        ("Respuesta de patrono", 1, 0, 1, 0, 1),
    ]
    assert reporte.enlaces[1]["recibidas"].filtros["tipo"] == "solicitud_patrono"


def test_solicitudes_por_persona_reparte_las_enviadas_y_cada_cifra_es_su_lista(
    session: Session,
) -> None:
    """Enviadas en el rango = respondidas + en plazo (vence hoy o después) + vencidas; no cuentan
    las de antes del rango, en redacción, anuladas ni las cartas sin plazo de respuesta; cada
    cifra lleva a la correspondencia enviada que cuenta exactamente lo mismo."""
    c = sembrar_cartera(session)
    reporte = generar(session, "solicitudes")
    claves = ("enviadas", "respondidas", "sin_respuesta", "en_plazo", "vencidas")
    assert [(f["persona"], *_cifras(dict(f), *claves)) for f in reporte.filas] == [
        ("Ana Gabriela Hernández Muñoz", 3, 1, 2, 1, 1),
        (HOSTIL, 2, 0, 2, 1, 1),
        ("Autor no registrado", 1, 0, 1, 1, 0),
    ]
    assert _cifras(dict(reporte.totales), *claves) == (6, 1, 5, 3, 2)
    ana = c.personas["ana"].id
    assert reporte.enlaces[0]["vencidas"] == Destino(
        "salida",
        {"desde": "2026-03-01", "hasta": "2026-03-15", "autor": str(ana), "espera": "vencidas"},
    )
    renglones = [
        *zip(reporte.filas, reporte.enlaces, strict=True),
        (reporte.totales, reporte.enlaces_totales),
    ]
    for fila, enlaces in renglones:
        for clave in claves:
            filtros = dict(enlaces[clave].filtros)
            lista = FiltrosSalida(
                espera=filtros["espera"], autor=filtros.get("autor"), hoy=HOY,
                desde=date.fromisoformat(filtros["desde"]), hasta=date.fromisoformat(filtros["hasta"]),
            )  # fmt: skip
            assert contar_salidas(session=session, filtros=lista) == fila[clave], (fila, clave)
            assert len(listar_salidas(session=session, filtros=lista)) == fila[clave]


# --- expedientes y carga ---------------------------------------------------------------------


def test_expedientes_por_etapa_y_sucursal_y_cada_celda_es_su_lista(session: Session) -> None:
    """Cada celda lleva a la lista de expedientes filtrada por su etapa y sucursal, y esa lista
    (el servicio de la página de expedientes) tiene exactamente ese número de filas."""
    sembrar_cartera(session)
    reporte = generar(session, "expedientes")
    assert [f["sucursal"] for f in reporte.filas] == [
        SAN_MIGUEL,
        SAN_SALVADOR,
        SANTA_ANA,
        "(sin sucursal)",
    ]
    ss = fila_de(reporte, SAN_SALVADOR)
    assert _cifras(ss, "en_gestion", "en_convenio", "activos", "cerrado", "total") == (
        2,
        1,
        3,
        1,
        4,
    )
    t = reporte.totales
    assert (
        t["abierto"],
        t["en_gestion"],
        t["activos"],
        t["cerrado"],
        t["anulado"],
        t["total"],
    ) == (
        1,
        4,
        8,
        1,
        1,
        10,
    )
    for fila, enlaces in zip(reporte.filas, reporte.enlaces, strict=True):
        for etapa in (
            "abierto",
            "en_gestion",
            "en_convenio",
            "en_consejo",
            "en_juridica",
            "cerrado",
        ):
            destino = enlaces[etapa]
            assert destino.lista == "expedientes" and destino.filtros["etapa"] == etapa
            sucursal = destino.filtros["sucursal"]
            if sucursal == "ninguna":
                continue  # la página aún no filtra «sin sucursal»
            lista = listar_expedientes(
                session=session, filtros=FiltrosExpedientes(etapa=etapa, sucursal=sucursal)
            )
            assert len(lista) == fila[etapa]
    assert reporte.enlaces[-1]["sucursal"] == Destino("expedientes", {"sucursal": "ninguna"})
    assert reporte.enlaces_totales["en_gestion"] == Destino("expedientes", {"etapa": "en_gestion"})


def test_carga_de_trabajo_por_persona_incluye_inactivos_con_pendientes_y_lo_sin_asignar(
    session: Session,
) -> None:
    """Expedientes activos, cartas por responder (todas, no solo del rango), vencidas y
    documentos sin finalizar; archivo no aparece; el inactivo con pendientes sí."""
    c = sembrar_cartera(session)
    reporte = generar(session, "carga")
    cifras = ("expedientes", "cartas", "vencidas", "borradores")
    assert {f["persona"]: (f["rol"], *_cifras(dict(f), *cifras)) for f in reporte.filas} == {
        "Ana Gabriela Hernández Muñoz": ("Gestor de cobros", 3, 3, 2, 2),
        HOSTIL: ("Gestor de cobros", 3, 2, 0, 2),
        "Marta Elena Rivas de Flores": ("Secretaria", 0, 0, 0, 0),
        "José Roberto Aguilar Núñez": ("Jefe de departamento", 0, 0, 0, 0),
        FORMULA: ("Gestor de cobros (inactivo)", 1, 1, 1, 0),
        "Sin asignar": ("", 1, 1, 1, 0),
    }
    assert _cifras(dict(reporte.totales), *cifras) == (8, 7, 4, 4)
    # La cifra de vencidas es la bandeja filtrada por persona y vencimiento, tal como existe hoy.
    for persona in ("ana", "pedro"):
        fila = fila_de(reporte, c.personas[persona].nombre_completo)
        destino = reporte.enlaces[fila["_indice"]]["vencidas"]  # type: ignore[index]
        assert destino.filtros == {
            "asignado": str(c.personas[persona].id),
            "vencimiento": "vencidas",
        }
        filtros = FiltrosBandeja(asignado_id=c.personas[persona].id, vencimiento="vencidas")
        assert len(listar_cartas(session=session, filtros=filtros, hoy=HOY)) == fila["vencidas"]


# --- convenios y plan ------------------------------------------------------------------------


def test_convenios_vigentes_e_incumplidos_con_saldos_de_cuotas_menos_lo_pagado(
    session: Session,
) -> None:
    """Saldo = Σ(monto − pagado) de las cuotas (un sobrepago no resta); vencido = lo pendiente de
    cuotas ya vencidas; cumplidos y borradores no cuentan; un convenio sin cuotas sí."""
    sembrar_cartera(session)
    reporte = generar(session, "convenios")
    columnas = (
        "vigentes",
        "saldo_vigentes",
        "incumplidos",
        "saldo_incumplidos",
        "saldo",
        "vencido",
        "mas_antigua",
    )
    assert [(f["sucursal"], *_cifras(dict(f), *columnas)) for f in reporte.filas] == [
        (SAN_SALVADOR, 1, D("1299.50"), 0, D("0.00"), D("1299.50"), D("799.50"), date(2026, 2, 15)),
        (
            SANTA_ANA,
            1,
            D("150.15"),
            1,
            D("1000.00"),
            D("1150.15"),
            D("1000.00"),
            date(2025, 12, 15),
        ),
        ("(sin sucursal)", 1, D("0.00"), 0, D("0.00"), D("0.00"), D("0.00"), None),
    ]
    assert _cifras(dict(reporte.totales), *columnas) == (
        3,
        D("1449.65"),
        1,
        D("1000.00"),
        D("2449.65"),
        D("1799.50"),
        None,
    )
    # El total coincide con sumar cuota por cuota fuera de SQL.
    cuotas = session.exec(
        select(CuotaConvenio).join(Convenio).where(Convenio.estado.in_(["vigente", "incumplido"]))  # type: ignore[attr-defined]
    ).all()
    assert reporte.totales["saldo"] == sum((max(q.monto - q.pagado, D(0)) for q in cuotas), D(0))
    santa_ana = reporte.enlaces[1]
    assert santa_ana["incumplidos"] == Destino(
        "convenios", {"sucursal": SANTA_ANA, "estado": "incumplido"}
    )
    assert reporte.enlaces_totales["incumplidos"] == Destino("convenios", {"estado": "incumplido"})


def test_plan_anual_como_reporte_con_diferencia_y_avance_por_fila(session: Session) -> None:
    """48 filas (cuatro sucursales por doce meses), meses en español y cada recuperado lleva a
    los pagos de esa sucursal en ese mes."""
    sembrar_cartera(session)
    reporte = generar(session, "plan")
    assert len(reporte.filas) == 48
    enero = reporte.filas[12]
    assert (
        enero["sucursal"],
        enero["mes"],
        enero["meta"],
        enero["recuperado"],
        enero["diferencia"],
        enero["porcentaje"],
    ) == (
        SAN_SALVADOR,
        "Enero",
        D("1000.00"),
        D("1000.25"),
        D("0.25"),
        D("100.0"),
    )
    assert _cifras(dict(reporte.totales), "meta", "recuperado", "diferencia", "porcentaje") == (
        D("4300.00"),
        D("2348.59"),
        D("-1951.41"),
        D("54.6"),
    )
    assert reporte.enlaces[13]["recuperado"] == Destino(
        "pagos", {"sucursal": SAN_SALVADOR, "desde": "2026-02-01", "hasta": "2026-02-28"}
    )
    assert reporte.hoja == "Plan Anual 2026"


# --- reconciliar y errores ---------------------------------------------------------------------


def test_reconciliar_detecta_un_total_alterado_y_una_columna_compuesta_que_no_cuadra(
    session: Session,
) -> None:
    """Un total cambiado a mano o una fila cuya diferencia no es recuperado − meta se reportan."""
    sembrar_cartera(session)
    reporte = generar(session, "convenios")
    alterado = dataclasses.replace(reporte, totales={**reporte.totales, "vencido": D("1799.49")})
    assert reconciliar(alterado) == [
        "«Cuotas vencidas sin pagar»: el total dice 1799.49 y la suma de las filas da 1799.50"
    ]
    plan = generar(session, "plan")
    filas = list(plan.filas)
    filas[0] = {**filas[0], "diferencia": D("1.00")}
    problemas = reconciliar(dataclasses.replace(plan, filas=tuple(filas)))
    assert "fila 1, «Diferencia»: dice 1.00 y sus partes dan 0.00" in problemas
    assert any(p.startswith("«Diferencia»: el total dice") for p in problemas)
    sin_enlaces = dataclasses.replace(plan, enlaces=plan.enlaces[:-1])
    assert reconciliar(sin_enlaces) == ["hay 48 filas y 47 juegos de enlaces"]


def test_generar_explica_en_espanol_un_nombre_desconocido_o_un_rango_al_reves(
    session: Session,
) -> None:
    """Errores que el usuario puede corregir, con los nombres válidos."""
    with pytest.raises(ErrorDominio, match="use uno de: correspondencia, correspondencia_tipo"):
        reportes.generar_reporte("mora", session=session, hoy=HOY)
    with pytest.raises(ErrorDominio) as exc:
        reportes.generar_reporte(
            "correspondencia", session=session, hoy=HOY, desde=HASTA, hasta=DESDE
        )
    assert exc.value.problemas == [
        "el rango empieza el 15 de marzo de 2026 y termina antes, el 1 de marzo de 2026"
    ]
    with pytest.raises(ErrorDominio) as exc:
        reportes.generar_reporte("expedientes", session=session, hoy=HOY, anio=2026, estricto=True)
    assert exc.value.problemas == ["el reporte «expedientes» no usa --anio"]
    # Sin `estricto` (la web), un parámetro ajeno se ignora.
    assert reportes.generar_reporte("expedientes", session=session, hoy=HOY, anio=2026).filas == ()


def test_sin_rango_la_correspondencia_va_del_primero_de_enero_a_hoy(session: Session) -> None:
    """Los valores por omisión: el año en curso hasta hoy."""
    sembrar_cartera(session)
    reporte = reportes.generar_reporte("correspondencia", session=session, hoy=HOY)
    assert reporte.totales["recibidas"] == 11
    assert reporte.enlaces_totales["recibidas"].filtros == {
        "desde": "2026-01-01",
        "hasta": "2026-03-16",
    }
