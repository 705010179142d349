"""Lo que la ficha del expediente muestra del seguimiento: su convenio cuota por cuota, dónde va
su transacción y su historia en la Unidad Jurídica, con las acciones que la persona puede dar.

Nada se decide aquí: los estados y lo que falta vienen de los servicios (`seguimiento.*`); la
política dice quién ve cada formulario. En un expediente sellado o cerrado solo queda la historia.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from correspondencia import FiltrosBandeja, RenglonBandeja, listar_cartas
from expedientes import (
    CICLO_EXPEDIENTE,
    ETAPAS_FINALES,
    ErrorDominio,
    Etapa,
    Expediente,
    Permiso,
    TipoExpediente,
    TransicionNoPermitida,
    Usuario,
    hoy,
    nombres_de_usuarios,
    puede,
)
from plantillas import DocumentoGenerado, documentos_finales, ids_de_documentos
from recupera.web.acceso import db, settings, usuario_actual
from recupera.web.archivo.datos import requisitos
from seguimiento import (
    CONVENIOS_EN_CURSO,
    INFORMABLES_JURIDICA,
    NOMBRES_ESTADO_JURIDICA,
    NOMBRES_ESTADO_TRANSACCION,
    NOMBRES_PASO_TRANSACCION,
    PLANTILLA_ANTEPROYECTO,
    PLANTILLA_CONVENIO,
    Alerta,
    CuotaConvenio,
    FilaConvenio,
    InformeJuridica,
    SituacionTransaccion,
    acciones_sobre_convenio,
    alertas_abiertas,
    esta_vencida,
    informes_de,
    limite_de_pago,
    listar_convenios,
    memorandum_final,
    situacion_de_transaccion,
    transaccion_de,
)
from seguimiento import NOMBRES_ESTADO_CONVENIO as NOMBRES_CONVENIO

# Los tipos de expediente en que cada sección tiene sentido aunque todavía esté vacía.
TIPOS_CON_CONVENIO = frozenset({TipoExpediente.CONVENIO, TipoExpediente.COBRO})
TIPOS_CON_JURIDICA = frozenset(
    {TipoExpediente.JURIDICA, TipoExpediente.COBRO, TipoExpediente.CONVENIO}
)


@dataclass(frozen=True)
class CuotaVista:
    """Una cuota con su estado a hoy: pagada, parcial, vencida (pasada la tolerancia en días
    hábiles) o por vencer."""

    cuota: CuotaConvenio
    limite: date
    clase: str
    texto: str


def estado_de_cuota(cuota: CuotaConvenio, dia: date, tolerancia: int) -> CuotaVista:
    """Cómo se lee la cuota hoy."""
    limite = limite_de_pago(cuota.vence_el, tolerancia)
    if cuota.pagado >= cuota.monto:
        cuando = f" el {cuota.pagada_el:%d/%m/%Y}" if cuota.pagada_el else ""
        return CuotaVista(cuota, limite, "pagada", f"Pagada{cuando}")
    if esta_vencida(cuota, dia, tolerancia):
        parcial = " (pago parcial)" if cuota.pagado > 0 else ""
        return CuotaVista(cuota, limite, "vencida", f"Vencida{parcial}")
    if cuota.pagado > 0:
        return CuotaVista(cuota, limite, "parcial", "Pago parcial")
    if cuota.vence_el < dia:
        return CuotaVista(cuota, limite, "por-vencer", f"En tolerancia hasta el {limite:%d/%m/%Y}")
    return CuotaVista(cuota, limite, "por-vencer", "Por vencer")


@dataclass(frozen=True)
class ConvenioVista:
    """Un convenio del expediente con sus cuotas leídas a hoy y lo que se le puede hacer."""

    fila: FilaConvenio
    cuotas: list[CuotaVista]
    acciones: list[str] = field(default_factory=list)  # las que da `acciones_sobre_convenio`

    @property
    def vencidas(self) -> int:
        """Cuántas cuotas están vencidas."""
        return sum(1 for c in self.cuotas if c.clase == "vencida")


@dataclass
class SeccionConvenio:
    """La sección «Convenio»: los convenios (el último primero), los documentos finales que se
    pueden registrar y las alertas pendientes del expediente."""

    convenios: list[ConvenioVista] = field(default_factory=list)
    registrables: list[DocumentoGenerado] = field(default_factory=list)
    alertas: list[Alerta] = field(default_factory=list)
    puede_atender: bool = False
    # El id de cada requerimiento de pago generado por una cuota vencida, por su número DRP.
    requerimientos: dict[str, int] = field(default_factory=dict)


@dataclass
class SeccionTransaccion:
    """La sección «Transacción»: la situación del servicio y las opciones de sus formularios."""

    situacion: SituacionTransaccion
    puede: bool
    cartas: list[RenglonBandeja]
    anteproyectos: list[DocumentoGenerado]


@dataclass
class SeccionJuridica:
    """La sección «Unidad Jurídica»: historia, memorándum para trasladar y formularios."""

    historia: list[InformeJuridica]
    nombres: dict[int, str]
    memorandum: DocumentoGenerado | None = None
    traslado_faltan: list[str] = field(default_factory=list)
    puede_trasladar: bool = False
    puede_informar: bool = False
    cartas: list[RenglonBandeja] = field(default_factory=list)
    estados: dict[str, str] = field(default_factory=dict)


@dataclass
class Seguimiento:
    """Las tres secciones (None la que no aplica a este expediente) y si ya no admite cambios."""

    cerrado: bool
    convenio: SeccionConvenio | None
    transaccion: SeccionTransaccion | None
    juridica: SeccionJuridica | None


def _cartas(expediente: Expediente) -> list[RenglonBandeja]:
    """Las cartas vinculadas al expediente, las más recientes primero."""
    return listar_cartas(
        session=db(), filtros=FiltrosBandeja(expediente_id=expediente.id), hoy=hoy()
    )


def _convenio(expediente: Expediente, quien: Usuario | None, cerrado: bool) -> SeccionConvenio:
    filas = listar_convenios(session=db(), expediente_id=expediente.id)
    dia, tolerancia = hoy(), settings().tolerancia_cuota_dias
    en_curso = any(f.convenio.estado in CONVENIOS_EN_CURSO for f in filas)
    seccion = SeccionConvenio()
    for f in reversed(filas):
        seccion.convenios.append(
            ConvenioVista(
                f,
                [estado_de_cuota(c, dia, tolerancia) for c in f.cuotas],
                acciones=acciones_sobre_convenio(session=db(), usuario=quien, convenio=f.convenio),
            )
        )
    if not cerrado and not en_curso and puede(quien, Permiso.REDACTAR_DOCUMENTO, expediente):
        registrados = {f.convenio.documento_numero for f in filas}
        seccion.registrables = [
            d
            for d in documentos_finales(
                session=db(), expediente_id=expediente.id or 0, plantilla=PLANTILLA_CONVENIO
            )
            if d.numero not in registrados
        ]
    numeros = {c.requerimiento_numero for f in filas for c in f.cuotas if c.requerimiento_numero}
    if numeros:
        seccion.requerimientos = ids_de_documentos(session=db(), numeros=numeros)
    seccion.alertas = alertas_abiertas(session=db(), expediente_id=expediente.id or 0)
    seccion.puede_atender = not cerrado and puede(quien, Permiso.ATENDER_ALERTA, expediente)
    return seccion


def _transaccion(expediente: Expediente, quien: Usuario | None) -> SeccionTransaccion:
    actual = situacion_de_transaccion(session=db(), expediente=expediente, requisitos=requisitos())
    permitido = bool(actual.siguientes) and puede(quien, Permiso.CAMBIAR_ETAPA, expediente)
    return SeccionTransaccion(
        situacion=actual,
        puede=permitido,
        cartas=_cartas(expediente) if permitido else [],
        anteproyectos=documentos_finales(
            session=db(), expediente_id=expediente.id or 0, plantilla=PLANTILLA_ANTEPROYECTO
        )
        if permitido
        else [],
    )


def _traslado(expediente: Expediente, seccion: SeccionJuridica) -> None:
    """El memorándum con que se trasladaría hoy, o lo que falta para poder trasladar."""
    try:
        CICLO_EXPEDIENTE.validar(expediente.etapa, Etapa.EN_JURIDICA, "traslado")
        seccion.memorandum = memorandum_final(session=db(), expediente=expediente)
    except TransicionNoPermitida as exc:
        seccion.traslado_faltan = [exc.mensaje]
    except ErrorDominio as exc:
        seccion.traslado_faltan = [exc.mensaje, *exc.problemas]


def _juridica(expediente: Expediente, quien: Usuario | None, cerrado: bool) -> SeccionJuridica:
    historia = informes_de(session=db(), expediente=expediente)
    ids = {i.registrado_por_id for i in historia if i.registrado_por_id}
    seccion = SeccionJuridica(historia, nombres_de_usuarios(session=db(), ids=ids))
    if cerrado or not puede(quien, Permiso.CAMBIAR_ETAPA, expediente):
        return seccion
    if expediente.etapa == Etapa.EN_JURIDICA:
        usadas = {i.carta_numero for i in historia}
        seccion.puede_informar = True
        seccion.cartas = [r for r in _cartas(expediente) if r.carta.numero not in usadas]
        seccion.estados = {e.value: NOMBRES_ESTADO_JURIDICA[e] for e in INFORMABLES_JURIDICA}
        return seccion
    _traslado(expediente, seccion)
    seccion.puede_trasladar = seccion.memorandum is not None
    return seccion


def contexto(expediente: Expediente) -> dict[str, object]:
    """Lo que la plantilla de la ficha necesita del seguimiento (`seguimiento` es None si la
    persona no lo ve)."""
    return {
        "seguimiento": secciones(expediente),
        "nombres_convenio": NOMBRES_CONVENIO,
        "nombres_transaccion": NOMBRES_ESTADO_TRANSACCION,
        "nombres_paso": NOMBRES_PASO_TRANSACCION,
        "nombres_juridica": NOMBRES_ESTADO_JURIDICA,
        "tolerancia": settings().tolerancia_cuota_dias,
    }


def secciones(expediente: Expediente) -> Seguimiento | None:
    """Las secciones del seguimiento para la ficha, o None si la persona no ve el seguimiento."""
    quien = usuario_actual()
    if not puede(quien, Permiso.VER_SEGUIMIENTO):
        return None
    cerrado = expediente.sellado_en is not None or expediente.etapa in ETAPAS_FINALES
    convenio = _convenio(expediente, quien, cerrado)
    con_transaccion = expediente.tipo == TipoExpediente.TRANSACCION or (
        transaccion_de(session=db(), expediente=expediente) is not None
    )
    transaccion = _transaccion(expediente, quien) if con_transaccion else None
    seccion_juridica = _juridica(expediente, quien, cerrado)
    return Seguimiento(
        cerrado=cerrado,
        convenio=convenio
        if convenio.convenios or convenio.registrables or expediente.tipo in TIPOS_CON_CONVENIO
        else None,
        transaccion=transaccion,
        juridica=seccion_juridica
        if seccion_juridica.historia
        or expediente.tipo in TIPOS_CON_JURIDICA
        or expediente.etapa == Etapa.EN_JURIDICA
        else None,
    )
